import Testing
@testable import SiteGenKit
@testable import SiteGenResults
@testable import SiteGenCore
@testable import SiteGenProcess
@testable import SiteGenMeasure
@testable import SiteGenRender
@testable import SiteGenContent
@testable import SiteGenDirectives

@Suite struct ClaimParserTests {
    func error(_ text: String, condition: Bool = false) -> ClaimError? {
        do {
            _ = condition ? try ClaimParser.parseCondition(text) : try ClaimParser.parseClaim(text)
            return nil
        } catch let error as ClaimError {
            return error
        } catch {
            return nil
        }
    }

    /// The expression with explicit parentheses, to check precedence.
    func shape(_ expression: ClaimExpression) -> String {
        switch expression {
        case let .number(_, text, _): return text
        case let .name(name, _): return name
        case let .call(call): return "\(call.metric.rawValue)(\(call.workload)\(call.arguments.map { ",\($0.key)=\($0.value)" }.joined()))"
        case let .negate(inner, _): return "(-\(shape(inner)))"
        case let .arithmetic(op, lhs, rhs, _), let .comparison(op, lhs, rhs, _): return "(\(shape(lhs)) \(op) \(shape(rhs)))"
        case let .and(lhs, rhs): return "(\(shape(lhs)) and \(shape(rhs)))"
        case let .or(lhs, rhs): return "(\(shape(lhs)) or \(shape(rhs)))"
        case let .not(inner, _): return "(not \(shape(inner)))"
        }
    }

    @Test func precedenceIsArithmeticThenComparisonThenNotAndOr() throws {
        let parsed = try ClaimParser.parseClaim("1 + 2 * 3 < 7 or 1 > 2 and not 3 >= -4 / 2")
        #expect(shape(parsed) == "(((1 + (2 * 3)) < 7) or ((1 > 2) and (not (3 >= ((-4) / 2)))))")
    }

    @Test func arithmeticIsLeftAssociativeAndParenthesesGroup() throws {
        #expect(shape(try ClaimParser.parseClaim("8 - 2 - 1 > 10 / 5 / 2")) == "(((8 - 2) - 1) > ((10 / 5) / 2))")
        #expect(shape(try ClaimParser.parseClaim("(1 < 2 or 2 < 1) and 2 * (3 + 4) == 14")) == "(((1 < 2) or (2 < 1)) and ((2 * (3 + 4)) == 14))")
    }

    @Test func metricCallsTakeTheWorkloadThenKeys() throws {
        let parsed = try ClaimParser.parseClaim("median(overhead, variant=start_thread, model=threads) > 10 * median(overhead, variant=start_task, model=asyncio)")
        #expect(shape(parsed) == "(median(overhead,variant=start_thread,model=threads) > (10 * median(overhead,variant=start_task,model=asyncio)))")
        let call = try #require(parsed.calls.first)
        #expect(call.offset == 0)
        #expect(call.workloadOffset == 7)
        #expect(call.argument("model")?.valueOffset == 45)
        #expect(parsed.calls.map(\.workload) == ["overhead", "overhead"])
        #expect(shape(try ClaimParser.parseClaim("speedup(cpu_release, variant=16kib, workers=best) >= 1.5")) == "(speedup(cpu_release,variant=16kib,workers=best) >= 1.5)")
    }

    @Test func symbolAlternativesAreAccepted() throws {
        #expect(shape(try ClaimParser.parseClaim("2 × 3 ≤ 6 && !(1 ≥ 2) || 1 ≠ 2")) == "((((2 * 3) <= 6) and (not (1 >= 2))) or (1 != 2))")
    }

    @Test func syntaxErrorsPointAtTheOffendingCharacter() {
        #expect(error("speedup(cpu_python, model=threads") == ClaimError(offset: 33, "missing `)` to close speedup(…)"))
        #expect(error("spedup(cpu_python) < 1")?.offset == 0)
        #expect(error("spedup(cpu_python) < 1")?.message.hasPrefix("unknown function `spedup`; did you mean `speedup`?") == true)
        #expect(error("speedup(cpu_python, modle=threads) < 1")?.offset == 20)
        #expect(error("speedup(cpu_python, modle=threads) < 1")?.message.hasPrefix("unknown key `modle` in speedup(…); did you mean `model`?") == true)
        #expect(error("speedup(cpu_python, name=x) < 1")?.offset == 20)
        #expect(error("speedup(cpu_python, model=threads, model=asyncio) < 1")?.offset == 35)
        #expect(error("1 < 2 3")?.offset == 6)
        #expect(error("1 < 2 < 3")?.offset == 6)
        #expect(error("1 = 1")?.offset == 2)
        #expect(error("1 < 2 # comment")?.offset == 6)
        #expect(error("(1 < 2")?.message == "missing `)` to close the `(` at column 1 of the expression")
        #expect(error("") == ClaimError(offset: 0, "the claim's expression is empty; write a comparison such as speedup(cpu_python, model=threads, workers=4) < 1.2"))
    }

    @Test func aClaimMustCompareNumbers() {
        #expect(error("speedup(cpu_python, model=threads, workers=2)")?.message.hasPrefix("a claim must compare") == true)
        #expect(error("threads < 2")?.offset == 0)
        #expect(error("1 < 2 and 3")?.offset == 10)
        #expect(error("(1 < 2) + 1 < 3")?.offset == 1)
        #expect(error("effective_cpus >= 2")?.message.contains("conditions on the machine go in when=") == true)
    }

    @Test func conditionsCompareFactsWithValues() throws {
        #expect(shape(try ClaimParser.parseCondition("effective_cpus >= 2 and gil == off or not free_threaded")) ==
                "(((effective_cpus >= 2) and (gil == off)) or (not free_threaded))")
        #expect(shape(try ClaimParser.parseCondition("python >= 3.12 and platform == linux")) == "((python >= 3.12) and (platform == linux))")
        #expect(error("efective_cpus >= 2", condition: true)?.message.hasPrefix("unknown fact `efective_cpus`; did you mean `effective_cpus`?") == true)
        #expect(error("platform < linux", condition: true)?.offset == 9)
        #expect(error("gil == maybe", condition: true)?.offset == 7)
        #expect(error("effective_cpus", condition: true)?.message.hasPrefix("`effective_cpus` is not a yes/no fact") == true)
        #expect(error("speedup(cpu_python) > 1", condition: true)?.message.hasPrefix("conditions test the machine") == true)
        #expect(error("2 <= effective_cpus", condition: true)?.offset == 0)
    }
}
