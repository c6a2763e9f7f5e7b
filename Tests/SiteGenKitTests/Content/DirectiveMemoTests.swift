import Foundation
import Testing
@testable import SiteGenKit
@testable import SiteGenResults
@testable import SiteGenCore
@testable import SiteGenContent
@testable import SiteGenDirectives

@Suite("Work shared by a guide's directives")
struct DirectiveMemoTests {
    /// Counts calls from several threads.
    final class Counter: @unchecked Sendable {
        private let lock = NSLock()
        private var count = 0
        func increment() { lock.lock(); count += 1; lock.unlock() }
        var value: Int { lock.lock(); defer { lock.unlock() }; return count }
    }

    @Test func aValueAskedForFromManyThreadsIsMadeOnce() {
        let memo = DirectiveMemo()
        let made = Counter()
        let values = ConcurrentResults<Int>(count: 64)
        DispatchQueue.concurrentPerform(iterations: 64) { index in
            values.set(index, memo.value("shared") { () -> Int in
                made.increment()
                Thread.sleep(forTimeInterval: 0.01)  // long enough for the others to arrive and wait
                return 42
            })
        }
        #expect(made.value == 1)
        #expect(values.values == Array(repeating: 42, count: 64))
    }

    @Test func makingAValueMayAskForOthers() {
        let memo = DirectiveMemo()
        let total = memo.value("total") { (1...3).map { n in memo.value("part \(n)") { n * 10 } }.reduce(0, +) }
        #expect(total == 60)
        #expect(memo.value("part 2") { -1 } == 20)
    }

    @Test func theListOfClaimsTakesEachClaimFromTheGuidesMemo() throws {
        let claim = ClaimDirectiveTests().claim
        let site = try TemporarySite([
            "Content/a.md": "---\ntitle: Threads\norder: 1\n---\n\n" + claim("speedup(cpu_python, model=threads, workers=2) < 1.2", nil, "Threads.") + "\n",
            "Content/b.md": "---\ntitle: Processes\norder: 2\n---\n\n" + claim("speedup(cpu_python, model=process_pool, workers=2) < 1.5", nil, "Processes.") + "\n",
        ])
        let pages = try ContentLoader(root: site.root.path).load()
        let memo = DirectiveMemo()
        // b's claim as its page found it. Its page is made to see no measurements (so a mistake, and no
        // outcome) only so that the survey's reuse shows: in a build, one memo serves one guide, whose
        // pages and survey see the same measurements.
        let directive = try #require(pages.first { $0.sourcePath == "Content/b.md" }?.allDirectives.first)
        guard case .failure = ClaimDirective.outcome(of: directive, results: nil, root: site.root.path, memo: memo) else {
            Issue.record("a claim without measurements has no outcome")
            return
        }
        // The survey with the same memo takes that outcome instead of evaluating the claim again.
        let shared = ClaimSurvey.collect(pages: pages, root: site.root.path, results: GuideFixture.index, memo: memo)
        #expect(shared.map(\.sourcePath) == ["Content/a.md"])
        // A survey of its own evaluates every claim.
        let own = ClaimSurvey.collect(pages: pages, root: site.root.path, results: GuideFixture.index)
        #expect(own.map(\.outcome.verdict) == [.holds, .contradicted])
    }
}
