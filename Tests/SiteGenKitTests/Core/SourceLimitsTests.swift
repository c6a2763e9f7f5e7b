import Foundation
import Testing

/// Small files and short functions keep the code readable one piece at a time: no source file over
/// 400 lines, no function over 80. Read from the sources themselves, Swift and Python alike.
@Suite("Source files stay small and functions short")
struct SourceLimitsTests {
    static let maxFileLines = 400
    static let maxFunctionLines = 80

    /// Every Swift and Python file of Sources/ and Tests/ (fixtures aside), relative to the checkout.
    static func sourceFiles() throws -> [String] {
        var files: [String] = []
        for top in ["Sources", "Tests"] {
            let folder = Repository.root.appendingPathComponent(top)
            for path in try FileManager.default.subpathsOfDirectory(atPath: folder.path)
            where (path.hasSuffix(".swift") || path.hasSuffix(".py")) && !path.contains("/Fixtures/") {
                files.append(top + "/" + path)
            }
        }
        return files.sorted()
    }

    /// (first line, line count) of every Swift function, initializer and subscript: from its
    /// declaration to the brace that closes its body, braces in strings and comments aside.
    static func swiftFunctions(_ text: String) -> [(line: Int, count: Int)] {
        let lines = text.components(separatedBy: "\n")
        let declaration = try! NSRegularExpression(
            pattern: #"^\s*(@\w+(\(.*?\))?\s+)*((public|package|private|fileprivate|internal|static|class|mutating|override|convenience|required|final|nonisolated|@discardableResult)\s+)*(func\s|init[(<?]|subscript[(<])"#)
        var found: [(Int, Int)] = []
        var inMultilineString = false
        for (index, line) in lines.enumerated() {
            if line.components(separatedBy: "\"\"\"").count % 2 == 0 { inMultilineString.toggle() }
            guard !inMultilineString,
                  declaration.firstMatch(in: line, range: NSRange(line.startIndex..., in: line)) != nil else { continue }
            var depth = 0, opened = false, end = index, stringDepth = false
            scan: for (offset, candidate) in lines[index...].enumerated() {
                if candidate.components(separatedBy: "\"\"\"").count % 2 == 0 { stringDepth.toggle(); continue }
                if stringDepth { continue }
                var inString = false, previous: Character = " "
                for character in candidate {
                    if character == "\"" && previous != "\\" { inString.toggle() }
                    if !inString {
                        if character == "/" && previous == "/" { break }
                        if character == "{" { depth += 1; opened = true }
                        if character == "}" { depth -= 1 }
                    }
                    previous = character
                }
                if opened && depth <= 0 { end = index + offset; break scan }
                // A protocol requirement has no body.
                if !opened && offset == 0 && !candidate.contains("{") && !candidate.hasSuffix(",") && !candidate.hasSuffix("(") { break scan }
            }
            if opened { found.append((index + 1, end - index + 1)) }
        }
        return found
    }

    /// (first line, line count) of every Python function: its `def` to the last line indented under it.
    static func pythonFunctions(_ text: String) -> [(line: Int, count: Int)] {
        let lines = text.components(separatedBy: "\n")
        func indent(_ line: String) -> Int { line.prefix { $0 == " " }.count }
        var found: [(Int, Int)] = []
        for (index, line) in lines.enumerated() {
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            guard trimmed.hasPrefix("def ") || trimmed.hasPrefix("async def ") else { continue }
            var last = index
            for next in (index + 1)..<lines.count {
                let candidate = lines[next]
                if candidate.trimmingCharacters(in: .whitespaces).isEmpty { continue }
                if indent(candidate) <= indent(line) && !candidate.trimmingCharacters(in: .whitespaces).hasPrefix(")") { break }
                last = next
            }
            found.append((index + 1, last - index + 1))
        }
        return found
    }

    @Test func noFileIsOver400LinesAndNoFunctionOver80() throws {
        var offences: [String] = []
        let files = try Self.sourceFiles()
        #expect(files.count > 100)
        for file in files {
            let text = try String(contentsOf: Repository.root.appendingPathComponent(file), encoding: .utf8)
            let lineCount = text.components(separatedBy: "\n").count - (text.hasSuffix("\n") ? 1 : 0)
            if lineCount > Self.maxFileLines { offences.append("\(file): \(lineCount) lines (at most \(Self.maxFileLines))") }
            let functions = file.hasSuffix(".py") ? Self.pythonFunctions(text) : Self.swiftFunctions(text)
            for function in functions where function.count > Self.maxFunctionLines {
                offences.append("\(file):\(function.line): a function of \(function.count) lines (at most \(Self.maxFunctionLines))")
            }
        }
        #expect(offences.isEmpty, "\(offences.joined(separator: "\n"))")
    }

    @Test func theReadersMeasureFunctionsAsWritten() {
        let swift = "struct A {\n    func f() {\n        let s = \"}\"\n        // }\n    }\n    init(x: Int) { }\n}\n"
        #expect(Self.swiftFunctions(swift).map(\.count) == [4, 1])
        let python = "def f(a,\n      b):\n    x = 1\n\n    return x\n\n\ndef g():\n    pass\n"
        #expect(Self.pythonFunctions(python).map(\.count) == [5, 2])
    }
}
