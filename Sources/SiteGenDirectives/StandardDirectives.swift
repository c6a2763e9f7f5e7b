import SiteGenContent
import SiteGenMeasure

extension DirectiveRegistry {
    /// Every directive the guide uses: host facts, includes, measured values, tables, charts, claims, and
    /// documented constants.
    public static var standard: DirectiveRegistry {
        DirectiveRegistry([HostDirective(), IncludeDirective(), ValueDirective(), TableDirective(), ChartDirective(),
                           ClaimDirective(), ClaimsDirective(), SourceDirective(), ResultsFileDirective(), ConstantDirective()])
    }

    /// Lets `source` show the user's own workload modules of `workloads` too, unless the registry's
    /// `source` already reads another folder.
    public mutating func showSources(of workloads: WorkloadFolder) {
        guard !workloads.userFolders.isEmpty, (handler(named: "source") as? SourceDirective)?.folder == nil else { return }
        register(SourceDirective(folder: workloads))
    }
}
