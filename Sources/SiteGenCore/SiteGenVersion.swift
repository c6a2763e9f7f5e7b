/// The tool's version, shown in generated pages and recorded in results files.
public enum SiteGenVersion {
    public static let current = "0.1.0"
}
