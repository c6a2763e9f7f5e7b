import Foundation
import Testing

/// Every input the fuzzers keep (Tests/Fuzz/Corpus: the guide's pages and claims, fixtures, and what
/// fuzzing found worth keeping) runs through the same readers on every test run, without the fuzzer:
/// a crash fixed once stays fixed.
@Suite("The fuzz corpus replays without a crash")
struct FuzzCorpusTests {
    @Test(arguments: ["page", "claim", "frontmatter", "results", "config"])
    func theCorpusReplays(target: String) throws {
        guard let fuzz = CommandRunner.product("sitegen-fuzz") else {
            Issue.record("sitegen-fuzz was not built beside the tests; `swift build` builds it")
            return
        }
        let corpus = Repository.root.appendingPathComponent("Tests/Fuzz/Corpus/\(target)")
        let count = try FileManager.default.contentsOfDirectory(atPath: corpus.path).filter { !$0.hasPrefix(".") }.count
        #expect(count > 0)
        let result = try CommandRunner.run(fuzz, [target, corpus.path])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("\(target): \(count) input"))
    }
}
