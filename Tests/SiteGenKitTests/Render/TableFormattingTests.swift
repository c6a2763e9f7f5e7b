import Testing
@testable import SiteGenKit
@testable import SiteGenResults
@testable import SiteGenCore
@testable import SiteGenProcess
@testable import SiteGenMeasure
@testable import SiteGenRender
@testable import SiteGenContent
@testable import SiteGenDirectives

@Suite struct TableFormattingTests {
    func estimate(_ median: Double, _ low: Double, _ high: Double) -> Estimate {
        Estimate(median: median, low: low, high: high, confidence: 0.95)
    }

    @Test func anExtraFiguresUnitComesFromItsName() {
        #expect(Formatting.unit(ofExtra: "rss_kib_per_unit") == "KiB_per_unit")
        #expect(Formatting.unit(ofExtra: "virtual_kib_per_unit") == "KiB_per_unit")
        #expect(Formatting.unit(ofExtra: "p50_ms") == "ms")
        #expect(Formatting.unit(ofExtra: "warmup_s") == "s")
        #expect(Formatting.unit(ofExtra: "samples") == "")
        #expect(Formatting.figure(Estimate(median: 19821, low: 19817, high: 19825, confidence: 0.94), unit: "KiB_per_unit").text.hasPrefix("19.4 MiB"))
    }

    @Test func ratiosHaveTwoDecimalsAndTheLargerHalfWidth() {
        #expect(Formatting.figure(estimate(1.94, 1.90, 1.99), unit: "×").text == "1.94× ±0.05")
        #expect(Formatting.figure(estimate(12.34, 12, 13), unit: "×").text == "12.3× ±0.7")
    }

    @Test func timesScaleToAReadableUnit() {
        #expect(Formatting.figure(estimate(0.512, 0.5, 0.53), unit: "s").text == "512 ms ±18")
        #expect(Formatting.figure(estimate(2.5, 2.4, 2.6), unit: "s").text == "2.50 s ±0.10")
        #expect(Formatting.figure(estimate(85, 83, 88), unit: "us_per_unit").text == "85.0 µs ±3.0")
        #expect(Formatting.figure(estimate(3000, 2900, 3100), unit: "us_per_unit").text == "3.00 ms ±0.10")
        #expect(Formatting.figure(estimate(37.2, 37.2, 37.2), unit: "ms").text == "37.2 ms")
    }

    @Test func memoryScalesByPowersOf1024() {
        #expect(Formatting.figure(estimate(16, 15, 17), unit: "KiB_per_unit").text == "16.0 KiB ±1.0")
        #expect(Formatting.figure(estimate(12_288, 12_000, 12_500), unit: "KiB_per_unit").text == "12.0 MiB ±0.3")
    }

    @Test func sharesAndParallelism() {
        #expect(Formatting.figure(estimate(0.97, 0.93, 1.0), unit: "%").text == "97 % ±4")
        #expect(Formatting.figure(estimate(1.9, 1.85, 1.95), unit: "∥").text == "1.90 ±0.05")
    }

    @Test func numbersNeverShowNegativeZero() {
        #expect(Formatting.fixed(-0.0001, decimals: 2) == "0.00")
        #expect(Formatting.fixed(-1.5, decimals: 1) == "-1.5")
    }

    @Test func fixedDecimalsRoundAsPrintfDoes() {
        // The C library rounds the exact binary value: 2.675 is 2.67499…, 0.125 is a tie kept even.
        #expect(Formatting.fixed(2.675, decimals: 2) == "2.67")
        #expect(Formatting.fixed(0.125, decimals: 2) == "0.12")
        #expect(Formatting.fixed(1e21, decimals: 0) == "1000000000000000000000")
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<2_000 {
            let value = Double(bitPattern: generator.next() & 0x7FEF_FFFF_FFFF_FFFF) * (Bool.random() ? 1 : -1)
            let small = Double.random(in: -1e6...1e6, using: &generator)
            for number in [value, small] {
                let decimals = Int.random(in: 0...6, using: &generator)
                let expected = String(format: "%.*f", decimals, number)
                let shown = Formatting.fixed(number, decimals: decimals)
                #expect(shown == expected || ("-" + shown == expected && shown.allSatisfy { $0 == "0" || $0 == "." }), "\(number) to \(decimals) decimals")
            }
        }
    }

    @Test func unitsReadAsWords() {
        #expect(Formatting.unitDescription("us_per_unit") == "µs per unit")
        #expect(Formatting.unitDescription("KiB_per_unit") == "KiB per unit")
        #expect(Formatting.unitDescription("s") == "seconds")
    }
}
