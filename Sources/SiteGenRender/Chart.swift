import SiteGenCore
import SiteGenResults
import Foundation

/// What the SVG charts share: the figure around them, colours by model, marker shapes, axis ticks
/// and coordinates written with fixed decimals.
///
/// Charts are drawn at build time and need no JavaScript. Colours come from CSS custom properties
/// (`--series-1` … `--series-8`, `--chart-grid`, `--chart-ideal`) with inline defaults, and text and
/// axes use `currentColor`, so a theme can restyle them and both light and dark themes read. The same
/// input always gives the same bytes.
package enum Chart {
    /// The width of every chart's view box; text is sized for it to stay readable (about 11 px) when a
    /// 390 px phone scales the chart down to its column. On wide screens the chart stops growing at
    /// `maxWidth`, so its text stays about body size.
    public static let width = 400.0
    public static let fontSize = 14.0
    public static let tickFontSize = 13.0
    public static let maxWidth = "32rem"

    /// Default colours (Okabe–Ito, which colour-blind readers can tell apart, then three more), used
    /// when the page defines no `--series-N`.
    public static let palette = ["#0072B2", "#E69F00", "#009E73", "#D55E00", "#CC79A7", "#56B4E9", "#8C564B", "#7F7F7F",
                                 "#6A3D9A"]

    /// The colour number (1…9) of a model.
    public static func colour(forModel model: String) -> Int {
        if let index = Models.all.firstIndex(of: model) { return index + 1 }
        // Unknown models get a stable colour from their name.
        let sum = model.unicodeScalars.reduce(0) { $0 &+ Int($1.value) }
        return sum % palette.count + 1
    }

    /// `stroke: var(--series-3, #009E73)` and the like.
    public static func style(_ property: String, colour: Int) -> String {
        "\(property): var(--series-\(colour), \(palette[(colour - 1) % palette.count]))"
    }

    /// A dash pattern telling start methods of one model apart (fork solid).
    public static func dash(forStartMethod method: String?) -> String? {
        switch method {
        case nil, "fork"?: return nil
        case "forkserver"?: return "7 4"
        case "spawn"?: return "2 3"
        default: return "9 3 2 3"
        }
    }

    /// A coordinate with one decimal, as every coordinate is written.
    public static func coordinate(_ value: Double) -> String {
        Formatting.fixed((value * 10).rounded() / 10, decimals: 1)
    }

    /// A marker of the n-th shape (circle, square, triangle, diamond, inverted triangle, cross) centred
    /// on a point.
    public static func marker(shape: Int, x: Double, y: Double, size: Double = 4.5) -> String {
        let c = coordinate
        switch shape % 6 {
        case 0:
            return "<circle cx=\"\(c(x))\" cy=\"\(c(y))\" r=\"\(c(size))\"/>"
        case 1:
            return "<rect x=\"\(c(x - size))\" y=\"\(c(y - size))\" width=\"\(c(size * 2))\" height=\"\(c(size * 2))\"/>"
        case 2:
            return "<path d=\"M\(c(x)) \(c(y - size * 1.2))L\(c(x + size * 1.1)) \(c(y + size * 0.8))L\(c(x - size * 1.1)) \(c(y + size * 0.8))Z\"/>"
        case 3:
            return "<path d=\"M\(c(x)) \(c(y - size * 1.3))L\(c(x + size * 1.3)) \(c(y))L\(c(x)) \(c(y + size * 1.3))L\(c(x - size * 1.3)) \(c(y))Z\"/>"
        case 4:
            return "<path d=\"M\(c(x)) \(c(y + size * 1.2))L\(c(x + size * 1.1)) \(c(y - size * 0.8))L\(c(x - size * 1.1)) \(c(y - size * 0.8))Z\"/>"
        default:
            let s = size * 0.9
            return "<path d=\"M\(c(x - s)) \(c(y - s))L\(c(x + s)) \(c(y + s))M\(c(x - s)) \(c(y + s))L\(c(x + s)) \(c(y - s))\" stroke-width=\"2.5\"/>"
        }
    }

    /// About `count` round tick values covering 0…`maximum` (steps of 1, 2 or 5 × 10ⁿ).
    public static func linearTicks(upTo maximum: Double, count: Int = 5) -> [Double] {
        guard maximum > 0, maximum.isFinite else { return [0, 1] }
        let rough = maximum / Double(count)
        let power = pow(10, floor(log10(rough)))
        let step = [1.0, 2.0, 2.5, 5.0, 10.0].map { $0 * power }.first { $0 >= rough } ?? 10 * power
        var ticks: [Double] = []
        var value = 0.0
        var i = 0
        while value < maximum + step * 0.5 && i < 50 {
            ticks.append(value)
            i += 1
            value = Double(i) * step
        }
        if let last = ticks.last, last < maximum { ticks.append(Double(i) * step) }
        return ticks
    }

    /// A tick's label in a unit, without trailing zeros: "10 µs", "2.5", "0".
    public static func tickLabel(_ value: Double, unit: String) -> String {
        if value == 0 { return "0" }
        let figure = Formatting.figure(Estimate(median: value, low: value, high: value, confidence: 1), unit: unit).value
        // Split number and unit, trim zeros of the number.
        let numberEnd = figure.firstIndex { !("0123456789.-".contains($0)) } ?? figure.endIndex
        var number = String(figure[..<numberEnd])
        if number.contains(".") {
            while number.hasSuffix("0") { number.removeLast() }
            if number.hasSuffix(".") { number.removeLast() }
        }
        return number + figure[numberEnd...]
    }

    /// Text that fits in an attribute value or element and an id fragment made of `[a-z0-9_-]`.
    public static func idFragment(_ text: String) -> String {
        var result = ""
        for scalar in text.lowercased().unicodeScalars {
            if ("a"..."z").contains(scalar) || ("0"..."9").contains(scalar) || scalar == "_" || scalar == "-" {
                result.unicodeScalars.append(scalar)
            } else if !result.hasSuffix("-") {
                result += "-"
            }
        }
        return result
    }

    /// The estimated width in view-box units of a label at the chart's font size.
    public static func textWidth(_ text: String, fontSize: Double = Chart.fontSize) -> Double {
        Double(text.count) * fontSize * 0.56
    }

    /// The opening `<svg>` with its accessible name and description.
    public static func open(id: String, height: Double, title: String, description: String) -> String {
        """
        <svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 \(coordinate(width)) \(coordinate(height))" \
        width="\(Int(width))" height="\(Int(height.rounded()))" role="img" aria-labelledby="\(id)-title \(id)-desc" \
        font-size="\(Int(fontSize))" fill="currentColor" style="max-width: \(maxWidth)">
        <title id="\(id)-title">\(HTML.escape(title))</title>
        <desc id="\(id)-desc">\(HTML.escape(description))</desc>

        """
    }

    /// A whole figure: the caption, the chart, and its numbers as a table behind a disclosure.
    public static func figure(id: String, kind: String, caption: String, svg: String, data: String) -> String {
        """
        <figure class="figure chart chart-\(kind)" id="\(id)">
        <figcaption>\(caption)</figcaption>
        \(svg)<details class="chart-data"><summary>Data</summary>
        \(data)</details>
        </figure>

        """
    }
}
