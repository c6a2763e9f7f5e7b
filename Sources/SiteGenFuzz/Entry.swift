import Foundation
#if FUZZING
import CLibFuzzer

private let fuzzTarget = ProcessInfo.processInfo.environment["SITEGEN_FUZZ_TARGET"] ?? "page"

/// libFuzzer calls this with each input.
private func fuzzOneInput(_ bytes: UnsafePointer<UInt8>?, _ count: Int) -> CInt {
    FuzzTargets.run(fuzzTarget, bytes.map { Data(bytes: $0, count: count) } ?? Data())
    return 0
}
#endif

/// `sitegen-fuzz TARGET FILE|DIR…` runs every file through the target once, so the corpus replays in
/// the tests and a finding is reproduced with one command. Built for fuzzing (`-DFUZZING`, libFuzzer's
/// coverage, Tests/Fuzz/fuzz.sh), `sitegen-fuzz DIR [libFuzzer options]` fuzzes SITEGEN_FUZZ_TARGET.
@main
struct SiteGenFuzz {
    static func main() {
        #if FUZZING
        var argc = CommandLine.argc
        var argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>? = CommandLine.unsafeArgv
        exit(LLVMFuzzerRunDriver(&argc, &argv, fuzzOneInput))
        #else
        replay(Array(CommandLine.arguments.dropFirst()))
        #endif
    }

    static func replay(_ arguments: [String]) {
        guard let target = arguments.first, FuzzTargets.names.contains(target), arguments.count > 1 else {
            FileHandle.standardError.write(Data("usage: sitegen-fuzz \(FuzzTargets.names.joined(separator: "|")) FILE|DIR…\n".utf8))
            exit(2)
        }
        var count = 0
        for path in arguments.dropFirst() {
            for file in files(at: path) {
                guard let data = FileManager.default.contents(atPath: file) else { continue }
                FuzzTargets.run(target, data)
                count += 1
            }
        }
        print("\(target): \(count) input\(count == 1 ? "" : "s") ran")
    }

    static func files(at path: String) -> [String] {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else { return [] }
        guard isDirectory.boolValue else { return [path] }
        let names = (try? FileManager.default.contentsOfDirectory(atPath: path)) ?? []
        return names.filter { !$0.hasPrefix(".") }.sorted().map { (path as NSString).appendingPathComponent($0) }
    }
}
