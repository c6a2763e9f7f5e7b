import Testing
@testable import SiteGenKit
@testable import SiteGenResults
@testable import SiteGenCore
@testable import SiteGenProcess
@testable import SiteGenMeasure
@testable import SiteGenRender
@testable import SiteGenContent
@testable import SiteGenDirectives

@Suite struct ClaimEvaluatorTests {
    let evaluator = ClaimEvaluator(index: GuideFixture.index)

    func verdict(_ text: String) throws -> ClaimVerdict {
        try evaluator.evaluate(try ClaimParser.parseClaim(text)).verdict
    }

    func lookupError(_ text: String) -> ClaimError? {
        do {
            _ = try evaluator.evaluate(try ClaimParser.parseClaim(text))
            return nil
        } catch let error as ClaimError {
            return error
        } catch {
            return nil
        }
    }

    @Test func aComparisonHoldsWhenTheWholeIntervalSatisfiesIt() throws {
        // threads ×2: speedup 0.97 in [0.956, 0.990].
        #expect(try verdict("speedup(cpu_python, model=threads, workers=2) < 1.2") == .holds)
        // Round by round the ratio reaches 1.0004 once (1.015 / (1.03 × 0.985)), so 1.02 is what it clears.
        #expect(try verdict("speedup(cpu_python, model=threads, workers=2) < 1.02") == .holds)
        #expect(try verdict("parallelism(cpu_python, model=threads, workers=2) <= 1.1") == .holds)
        #expect(try verdict("speedup(cpu_python, model=process_pool, workers=2) > 1.5") == .holds)
    }

    @Test func aComparisonIsContradictedWhenTheWholeIntervalFailsIt() throws {
        #expect(try verdict("speedup(cpu_python, model=process_pool, workers=2) < 1.5") == .contradicted)
        #expect(try verdict("speedup(cpu_python, model=threads, workers=2) > 1.02") == .contradicted)
    }

    @Test func aComparisonIsInconclusiveWhenTheIntervalStraddlesTheThreshold() throws {
        // threads ×1: speedup 1.00 in [0.990, 1.010].
        #expect(try verdict("speedup(cpu_python, model=threads, workers=1) < 1") == .inconclusive)
        #expect(try verdict("speedup(cpu_python, model=threads, workers=2) < 0.96") == .inconclusive)
    }

    @Test func equalityMeansNoMeasurableDifference() throws {
        #expect(try verdict("speedup(cpu_python, model=threads, workers=1) == 1") == .holds)
        #expect(try verdict("speedup(cpu_python, model=threads, workers=1) != 1") == .contradicted)
        #expect(try verdict("speedup(cpu_python, model=process_pool, workers=2) != speedup(cpu_python, model=threads, workers=2)") == .holds)
    }

    @Test func arithmeticCombinesIntervalsConservatively() throws {
        // start_thread 85 µs in [82.45, 87.55]; start_task 6 µs in [5.7, 6.3].
        #expect(try verdict("median(overhead, variant=start_thread, model=threads) > 10 * median(overhead, variant=start_task, model=asyncio)") == .holds)
        #expect(try verdict("median(overhead, variant=start_thread, model=threads) - 80 > 0") == .holds)
        #expect(try verdict("median(overhead, variant=start_thread, model=threads) - 85 > 0") == .inconclusive)
        #expect(try verdict("median(overhead, variant=start_thread, model=threads) / median(overhead, variant=start_task, model=asyncio) > 13") == .holds)
        #expect(try verdict("median(overhead, variant=start_thread, model=threads) / median(overhead, variant=start_task, model=asyncio) > 14") == .inconclusive)
        let a = ClaimEvaluator.Quantity(median: 2, low: 1, high: 3, unit: "s")
        let b = ClaimEvaluator.Quantity(median: 1, low: -1, high: 2, unit: "s")
        #expect(ClaimEvaluator.combine("-", a, b) == ClaimEvaluator.Quantity(median: 1, low: -1, high: 4, unit: "s"))
        #expect(ClaimEvaluator.combine("*", a, b) == ClaimEvaluator.Quantity(median: 2, low: -3, high: 6, unit: ""))
        // Dividing by an interval that contains zero could give anything.
        #expect(ClaimEvaluator.combine("/", a, b).low == -.infinity)
    }

    @Test func andOrNotAreThreeValued() throws {
        let inconclusive = "speedup(cpu_python, model=threads, workers=1) < 1"
        let holds = "speedup(cpu_python, model=process_pool, workers=2) > 1.5"
        let contradicted = "speedup(cpu_python, model=process_pool, workers=2) < 1.5"
        #expect(try verdict("\(inconclusive) and \(contradicted)") == .contradicted)
        #expect(try verdict("\(inconclusive) and \(holds)") == .inconclusive)
        #expect(try verdict("\(inconclusive) or \(holds)") == .holds)
        #expect(try verdict("\(inconclusive) or \(contradicted)") == .inconclusive)
        #expect(try verdict("not (\(contradicted))") == .holds)
        #expect(try verdict("not (\(inconclusive))") == .inconclusive)
    }

    @Test func otherMetrics() throws {
        #expect(try verdict("wall(io_sleep, model=asyncio, workers=100) < 0.1") == .holds)
        #expect(try verdict("cpu(cpu_python, model=process_pool, workers=2) > wall(cpu_python, model=process_pool, workers=2)") == .holds)
        // Efficiency: speedup over min(workers, 2 CPUs).
        #expect(try verdict("efficiency(cpu_python, model=process_pool, workers=2) > 0.9") == .holds)
        #expect(try verdict("speedup(cpu_python, model=process_pool, workers=best) > 1.8") == .holds)
        #expect(try verdict("speedup(io_sleep, model=threads, workers=100) > 50") == .holds)
    }

    @Test func aCellThatDidNotRunMakesItsComparisonInconclusive() throws {
        #expect(try verdict("speedup(cpu_python, model=process_pool, start=spawn, workers=2) > 1") == .inconclusive)
    }

    @Test func lookupMistakesPointAtTheirArgument() {
        let workload = lookupError("speedup(cpu_pythn, model=threads, workers=2) < 1")
        #expect(workload?.offset == 8)
        #expect(workload?.message == "unknown workload `cpu_pythn`; did you mean `cpu_python`? known: cpu_python, io_sleep, overhead")
        let model = lookupError("speedup(cpu_python, model=thread, workers=2) < 1")
        #expect(model?.offset == 26)
        #expect(model?.message.hasPrefix("unknown model for cpu_python/loop `thread`; did you mean `threads`?") == true)
        let workers = lookupError("speedup(cpu_python, model=threads, workers=3) < 1")
        #expect(workers?.offset == 43)
        let missing = lookupError("1 < speedup(cpu_python, model=threads)")
        #expect(missing?.offset == 4)
        #expect(missing?.message.hasPrefix("say how many workers") == true)
        let name = lookupError("metric(io_sleep, model=threads, workers=100, name=peak) > 1")
        #expect(name?.offset == 50)
        #expect(name?.message == "`threads ×100` reports no `peak`; it reports: nothing besides its metric")
    }

    @Test func conditionsReadTheMeasuredMachine() throws {
        let facts = ClaimCondition(results: GuideFixture.results())
        func holds(_ text: String) throws -> Bool { facts.evaluate(try ClaimParser.parseCondition(text)) }
        #expect(try holds("effective_cpus >= 2 and logical_cpus == 2"))
        #expect(try !holds("effective_cpus > 2"))
        #expect(try holds("gil == on and gil and not free_threaded"))
        #expect(try !holds("gil == off"))
        #expect(try holds("start_method == fork and platform == linux and implementation == cpython"))
        #expect(try holds("python >= 3.12 and python < 3.13 and python >= 3.9 and python == 3.12"))
        #expect(try !holds("python >= 3.13"))
        #expect(try !holds("interpreter_pool"))
        let freeThreaded = ClaimCondition(results: GuideFixture.results(gil: false, freeThreaded: true, version: "3.13.1"))
        #expect(freeThreaded.evaluate(try ClaimParser.parseCondition("free_threaded and gil == off and python >= 3.13")))
        #expect(facts.describe("gil") == "gil = on")
        #expect(facts.describe("python") == "python = 3.12.3")
        #expect(facts.describe("effective_cpus") == "effective_cpus = 2")
    }
}
