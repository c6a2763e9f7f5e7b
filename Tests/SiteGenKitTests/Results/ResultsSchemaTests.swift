import Foundation
import Testing
@testable import SiteGenKit
@testable import SiteGenResults
@testable import SiteGenCore
@testable import SiteGenProcess
@testable import SiteGenMeasure
@testable import SiteGenRender
@testable import SiteGenContent
@testable import SiteGenDirectives

/// What `sitegen bench` writes validates against `Sources/SiteGenResults/results.schema.json`,
/// checked by a small validator here (and by python's `jsonschema` too where it is installed).
@Suite("Results schema")
struct ResultsSchemaTests {
    static let hasPython = MeasureTestSupport.python3 != nil

    static var schemaPath: String {
        Repository.root.appendingPathComponent("Sources/SiteGenResults/results.schema.json").path
    }

    static func schema() throws -> Any {
        try JSONSerialization.jsonObject(with: try Data(contentsOf: URL(fileURLWithPath: schemaPath)))
    }

    /// A results file with every optional field filled in, from the fake harness.
    static func writtenResults() throws -> (ResultsFile, Any) {
        let fake = try FakeHarness()
        var results = try Benchmark(python: fake.interpreter(), host: TestHost.facts, profile: .quick, only: ["alpha", "beta", "broken"],
                                    repeats: 3).run()
        results.harnessProtocol = results.harnessProtocol ?? 1
        return (results, try JSONSerialization.jsonObject(with: try results.encoded()))
    }

    @Test func theSchemaUsesOnlyKeywordsTheValidatorChecks() throws {
        #expect(try SchemaValidator(schema: Self.schema()).unsupportedKeywords() == [])
    }

    @Test(.enabled(if: hasPython))
    func whatBenchWritesValidates() throws {
        let (results, json) = try Self.writtenResults()
        #expect(results.measurements.contains { $0.status == .failed })
        #expect(results.measurements.contains { $0.status == .unavailable })
        let errors = try SchemaValidator(schema: Self.schema()).validate(json)
        #expect(errors == [], "\(errors.joined(separator: "\n"))")
    }

    @Test func theFixtureResultsFileValidates() throws {
        let data = try Data(contentsOf: Fixtures.url("measure-results").appendingPathComponent("results.json"))
        let errors = try SchemaValidator(schema: Self.schema()).validate(try JSONSerialization.jsonObject(with: data))
        #expect(errors == [], "\(errors.joined(separator: "\n"))")
        #expect(try ResultsFile.decode(data, source: "results.json").measurements.isEmpty == false)
    }

    @Test(.enabled(if: hasPython))
    func theValidatorCatchesWhatTheSchemaForbids() throws {
        let (_, json) = try Self.writtenResults()
        let validator = try SchemaValidator(schema: Self.schema())
        var root = try #require(json as? [String: Any])
        var measurements = try #require(root["measurements"] as? [[String: Any]])
        measurements[0]["wall"] = nil
        measurements[1]["status"] = "exploded"
        measurements[2]["undocumented"] = true
        root["measurements"] = measurements
        root["profile"] = 3
        let errors = validator.validate(root)
        #expect(errors.contains { $0.contains("measurements/0") && $0.contains("wall") })
        #expect(errors.contains { $0.contains("measurements/1/status") })
        #expect(errors.contains { $0.contains("measurements/2") && $0.contains("undocumented") })
        #expect(errors.contains { $0.contains("/profile") })
    }

    /// The reference validator, where the machine's python3 has it: the schema must be valid
    /// draft 2020-12 and the written file must validate.
    @Test(.enabled(if: hasPython))
    func pythonJsonschemaAgreesWhereInstalled() throws {
        guard let python = MeasureTestSupport.python3,
              (try? GroupProcess.run(python, ["-c", "import jsonschema"], timeout: 30))?.succeeded == true else { return }
        let folder = try MeasureTestSupport.temporaryFolder("schema")
        defer { MeasureTestSupport.remove(folder) }
        let (results, _) = try Self.writtenResults()
        let file = folder.appendingPathComponent("results.json").path
        try results.write(to: file)
        let script = """
            import json, sys, jsonschema
            schema = json.load(open(sys.argv[1]))
            jsonschema.Draft202012Validator.check_schema(schema)
            jsonschema.Draft202012Validator(schema).validate(json.load(open(sys.argv[2])))
            """
        let outcome = try GroupProcess.run(python, ["-c", script, Self.schemaPath, file], timeout: 60)
        #expect(outcome.succeeded, "\(outcome.stderrText)")
    }
}

/// A JSON Schema validator for the keywords results.schema.json uses: type, const, enum, required,
/// properties, additionalProperties, items, $ref (local), minimum, maximum, pattern.
struct SchemaValidator {
    static let checked: Set<String> = ["type", "const", "enum", "required", "properties", "additionalProperties", "items", "$ref",
                                       "minimum", "maximum", "pattern"]
    static let annotations: Set<String> = ["$schema", "$id", "title", "description", "$defs"]

    let root: [String: Any]

    init(schema: Any) throws {
        guard let root = schema as? [String: Any] else { throw RunnerError("the schema is not an object") }
        self.root = root
    }

    /// Keywords anywhere in the schema that this validator would silently ignore.
    func unsupportedKeywords() -> [String] {
        var found: [String] = []
        func walk(_ schema: Any, _ path: String) {
            guard let object = schema as? [String: Any] else { return }
            for (key, value) in object {
                if !Self.checked.contains(key) && !Self.annotations.contains(key) { found.append("\(path)/\(key)") }
                switch key {
                case "properties", "$defs": (value as? [String: Any])?.forEach { walk($0.value, "\(path)/\(key)/\($0.key)") }
                case "items", "additionalProperties": walk(value, "\(path)/\(key)")
                default: break
                }
            }
        }
        walk(root, "#")
        return found.sorted()
    }

    func validate(_ value: Any) -> [String] {
        var errors: [String] = []
        check(value, against: root, at: "", errors: &errors)
        return errors
    }

    private func check(_ value: Any, against schema: Any, at path: String, errors: inout [String]) {
        if let allowed = schema as? Bool {
            if !allowed { errors.append("\(path): not allowed") }
            return
        }
        guard let schema = schema as? [String: Any] else { return }
        if let reference = schema["$ref"] as? String {
            let name = reference.replacingOccurrences(of: "#/$defs/", with: "")
            guard let definitions = root["$defs"] as? [String: Any], let target = definitions[name] else {
                errors.append("\(path): unresolvable $ref \(reference)")
                return
            }
            check(value, against: target, at: path, errors: &errors)
        }
        if let type = schema["type"] {
            let types = (type as? [String]) ?? [type as? String ?? ""]
            if !types.contains(where: { Self.matches(value, type: $0) }) {
                errors.append("\(path): expected \(types.joined(separator: " or ")), got \(Self.describe(value))")
                return
            }
        }
        if let constant = schema["const"], !Self.equal(value, constant) {
            errors.append("\(path): expected \(constant), got \(Self.describe(value))")
        }
        if let choices = schema["enum"] as? [Any], !choices.contains(where: { Self.equal(value, $0) }) {
            errors.append("\(path): \(Self.describe(value)) is not one of \(choices)")
        }
        if let number = Self.number(value) {
            if let minimum = schema["minimum"].flatMap(Self.number), number < minimum { errors.append("\(path): \(number) < minimum \(minimum)") }
            if let maximum = schema["maximum"].flatMap(Self.number), number > maximum { errors.append("\(path): \(number) > maximum \(maximum)") }
        }
        if let pattern = schema["pattern"] as? String, let text = value as? String,
           text.range(of: pattern, options: .regularExpression) == nil {
            errors.append("\(path): \"\(text)\" doesn't match \(pattern)")
        }
        if let object = value as? [String: Any] {
            for key in (schema["required"] as? [String]) ?? [] where object[key] == nil {
                errors.append("\(path): missing required `\(key)`")
            }
            let properties = (schema["properties"] as? [String: Any]) ?? [:]
            for (key, child) in object {
                if let property = properties[key] {
                    check(child, against: property, at: "\(path)/\(key)", errors: &errors)
                } else if let additional = schema["additionalProperties"] {
                    if let allowed = additional as? Bool, !allowed {
                        errors.append("\(path): unexpected property `\(key)`")
                    } else {
                        check(child, against: additional, at: "\(path)/\(key)", errors: &errors)
                    }
                }
            }
        }
        if let array = value as? [Any], let items = schema["items"] {
            for (index, item) in array.enumerated() { check(item, against: items, at: "\(path)/\(index)", errors: &errors) }
        }
    }

    /// JSONSerialization gives booleans as NSNumbers whose type code is `c` (char) on every platform.
    static func isBool(_ value: Any) -> Bool {
        guard let number = value as? NSNumber else { return false }
        return String(cString: number.objCType) == "c"
    }

    static func number(_ value: Any) -> Double? {
        guard !isBool(value), let number = value as? NSNumber else { return nil }
        return number.doubleValue
    }

    static func matches(_ value: Any, type: String) -> Bool {
        switch type {
        case "object": return value is [String: Any]
        case "array": return value is [Any]
        case "string": return value is String
        case "boolean": return isBool(value)
        case "number": return number(value) != nil
        case "integer": return number(value).map { $0 == $0.rounded() } ?? false
        case "null": return value is NSNull
        default: return false
        }
    }

    static func equal(_ a: Any, _ b: Any) -> Bool {
        if let x = a as? String, let y = b as? String { return x == y }
        if isBool(a) || isBool(b) { return isBool(a) && isBool(b) && (a as? Bool) == (b as? Bool) }
        if let x = number(a), let y = number(b) { return x == y }
        return false
    }

    static func describe(_ value: Any) -> String {
        if value is String { return "string \"\(value)\"" }
        if isBool(value) { return "boolean" }
        if number(value) != nil { return "number \(value)" }
        if value is [Any] { return "array" }
        if value is [String: Any] { return "object" }
        return "\(value)"
    }
}
