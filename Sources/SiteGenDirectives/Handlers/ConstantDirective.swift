import SiteGenCore
import SiteGenContent

/// `{{< constant "5 ms" why="CPython's default switch interval" >}}`: a figure that is fixed by
/// documentation or by the guide's own code, not measured, written so that the hand-typed-figure check
/// knows it was meant. The reason shows as the figure's title, and is required: a figure that can't
/// give one belongs in a `value`.
struct ConstantDirective: DirectiveHandler {
    public let name = "constant"
    public let usage = "{{< constant \"5 ms\" why=\"CPython's default switch interval (sys.getswitchinterval())\" >}}"

    public init() {}

    public func resolve(_ directive: Directive, in context: DirectiveContext) throws -> DirectiveValue {
        try directive.validate(named: ["text", "why"], maxPositional: 1, usage: usage)
        guard let text = directive.value("text", orPosition: 0), !text.value.isEmpty else {
            throw directive.error("`constant` needs the figure as it should read; usage: \(usage)")
        }
        guard let why = directive.argument("why"), !why.value.trimmingCharacters(in: .whitespaces).isEmpty else {
            throw directive.error("`constant` needs why=\"…\": where the figure is fixed (a documented default, a size in the workload's code); a measured figure belongs in `value`")
        }
        let html = "<span class=\"constant\" title=\"\(HTML.escape(why.value))\">\(HTML.escape(text.value))</span>"
        return .inline(html: html, text: text.value)
    }
}
