import Testing
@testable import SiteGenKit
@testable import SiteGenResults
@testable import SiteGenCore
@testable import SiteGenProcess
@testable import SiteGenMeasure
@testable import SiteGenRender
@testable import SiteGenContent
@testable import SiteGenDirectives

/// Expressions nested or chained thousands deep are refused where they cross the depth limit, instead
/// of overflowing the stack of the parser or of anything that walks the tree after it.
@Suite struct ClaimDepthTests {
    static let deep = 20_000
    static let limit = ClaimParser.maximumDepth

    func error(_ text: String, condition: Bool = false) -> ClaimError? {
        #expect(throws: ClaimError.self) { _ = condition ? try ClaimParser.parseCondition(text) : try ClaimParser.parseClaim(text) }
        do {
            _ = condition ? try ClaimParser.parseCondition(text) : try ClaimParser.parseClaim(text)
            return nil
        } catch {
            return error as? ClaimError
        }
    }

    @Test func parenthesesTwentyThousandDeepAreRefusedAtTheFirstOneTooMany() {
        let text = String(repeating: "(", count: Self.deep) + "1" + String(repeating: ")", count: Self.deep) + " < 2"
        let refused = error(text)
        #expect(refused?.offset == Self.limit)
        #expect(refused?.message.contains("more than \(Self.limit) deep") == true)
    }

    @Test func notAndMinusTwentyThousandDeepAreRefused() {
        let nots = String(repeating: "not ", count: Self.deep) + "gil == on"
        #expect(error(nots, condition: true)?.offset == 4 * Self.limit)
        let minus = String(repeating: "-(", count: Self.deep) + "1" + String(repeating: ")", count: Self.deep) + " < 2"
        #expect(error(minus)?.message.contains("more than \(Self.limit) deep") == true)
        let bare = String(repeating: "-", count: Self.deep) + "1 < 2"
        #expect(error(bare)?.offset == Self.limit)
    }

    @Test func flatChainsOfTwentyThousandTermsAreRefusedAtTheOperatorThatCrossesTheLimit() {
        // `1 + 1 + …`: operator n (1-based) is at offset 4n − 2 and makes the tree n + 1 deep.
        let sum = Array(repeating: "1", count: Self.deep).joined(separator: " + ") + " < 2"
        let refused = error(sum)
        #expect(refused?.offset == 4 * Self.limit - 2)
        #expect(refused?.message.contains("more than \(Self.limit) levels deep") == true)
        let conjunction = Array(repeating: "1 < 2", count: Self.deep).joined(separator: " and ")
        #expect(error(conjunction) != nil)
        let condition = Array(repeating: "gil == on", count: Self.deep).joined(separator: " or ")
        #expect(error(condition, condition: true) != nil)
    }

    @Test func expressionsAtTheLimitStillParse() throws {
        let chain = Array(repeating: "1", count: Self.limit - 1).joined(separator: " + ") + " < 2"
        #expect(throws: Never.self) { try ClaimParser.parseClaim(chain) }
        let nested = String(repeating: "(", count: Self.limit) + "1" + String(repeating: ")", count: Self.limit) + " < 2"
        let parsed = try ClaimParser.parseClaim(nested)
        #expect(parsed.depth == 2)
    }

    @Test func theEvaluatorRefusesATreeDeeperThanTheParserAllows() throws {
        // Built by hand, not parsed: a few hundred levels, as releasing the tree recurses once per level.
        var deep = ClaimExpression.number(1, text: "1", offset: 0)
        for _ in 0..<(Self.limit * 4) { deep = .negate(deep, offset: 0) }
        #expect(deep.depth == Self.limit * 4 + 1)
        let comparison = ClaimExpression.comparison("<", deep, .number(2, text: "2", offset: 0), offset: 0)
        #expect(throws: ClaimError.self) { try ClaimEvaluator(index: GuideFixture.index).evaluate(comparison) }
        var condition = ClaimExpression.name("gil", offset: 0)
        for _ in 0..<(Self.limit * 4) { condition = .not(condition, offset: 0) }
        #expect(ClaimCondition(values: ["gil": .flag(false)]).evaluate(condition) == false)
    }
}
