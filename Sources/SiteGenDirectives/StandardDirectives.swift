import SiteGenContent

extension DirectiveRegistry {
    /// Every directive the guide uses: host facts, includes, measured values, tables, charts, claims, and
    /// documented constants.
    public static var standard: DirectiveRegistry {
        DirectiveRegistry([HostDirective(), IncludeDirective(), ValueDirective(), TableDirective(), ChartDirective(),
                           ClaimDirective(), ClaimsDirective(), SourceDirective(), ResultsFileDirective(), ConstantDirective()])
    }
}
