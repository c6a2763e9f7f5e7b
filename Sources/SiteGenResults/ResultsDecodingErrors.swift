import Foundation
import SiteGenCore

/// Decoding errors as a person fixing the file needs them: the JSON path of the field
/// (`measurements[2].status`, `host.logicalCPUs`), what was expected there and what was found.
package enum ResultsDecodingErrors {
    /// Says what is wrong and where. `data` is the JSON that failed, to quote the value found and to
    /// find the field where the decoder doesn't say.
    public static func describe(_ error: Error, in data: Data? = nil) -> String {
        let tree = data.flatMap { try? JSONSerialization.jsonObject(with: $0, options: [.fragmentsAllowed]) }
        func found(_ path: [CodingKey]) -> String {
            guard let tree else { return "" }
            return ", found " + describeValue(value(at: path, in: tree))
        }
        switch error {
        case DecodingError.keyNotFound(let key, let context):
            return "`\(path(context.codingPath + [key]))` is missing; it is required"
        case DecodingError.typeMismatch(let type, let context), DecodingError.valueNotFound(let type, let context):
            return "`\(path(context.codingPath))`: expected \(kind(type))\(found(context.codingPath))"
        case DecodingError.dataCorrupted(let context) where !context.codingPath.isEmpty:
            return "`\(path(context.codingPath))`: \(context.debugDescription)"
        case DecodingError.dataCorrupted(let context):
            // Foundation's decoder loses the path of a number an integer field can't hold (2.5, 1e30).
            guard let tree else { return context.debugDescription }
            guard let misfit = ResultsFile.pathOfMisfitNumber(in: tree) else {
                return "a number with a fraction, or too large, where an integer is expected"
            }
            return "`\(misfit)`: expected an integer\(found(keys(misfit)))"
        default:
            return "\(error)"
        }
    }

    /// `measurements[2].extra.tasks`: keys joined with dots, array positions in brackets.
    public static func path(_ codingPath: [CodingKey]) -> String {
        var text = ""
        for key in codingPath {
            if let index = key.intValue, key.stringValue == "Index \(index)" {
                text += "[\(index)]"
            } else {
                text += (text.isEmpty ? "" : ".") + key.stringValue
            }
        }
        return text.isEmpty ? "(the whole file)" : text
    }

    /// What a JSON value of a decoded type is called.
    static func kind(_ type: Any.Type) -> String {
        switch type {
        case is any FixedWidthInteger.Type: return "an integer"
        case is any BinaryFloatingPoint.Type: return "a number"
        case is String.Type: return "a string"
        case is Bool.Type: return "true or false"
        default:
            let name = String(describing: type)
            if name.hasPrefix("Array") { return "an array" }
            if name.hasPrefix("Dictionary") { return "an object" }
            return "a value of type \(name)"
        }
    }

    /// The value at a coding path of a JSONSerialization tree, nil where there is none.
    static func value(at codingPath: [CodingKey], in tree: Any) -> Any? {
        var current: Any? = tree
        for key in codingPath {
            if let index = key.intValue, key.stringValue == "Index \(index)" {
                guard let array = current as? [Any], array.indices.contains(index) else { return nil }
                current = array[index]
            } else {
                current = (current as? [String: Any])?[key.stringValue]
            }
        }
        return current
    }

    /// A value found in a file, short: strings quoted (at most 40 characters), containers named.
    static func describeValue(_ value: Any?) -> String {
        switch value {
        case nil, is NSNull: return "null"
        case let text as String: return "\"\(text.count > 40 ? text.prefix(40) + "…" : text)\""
        case is [Any]: return "an array"
        case is [String: Any]: return "an object"
        case let number as NSNumber: return isBool(number) ? (number.boolValue ? "true" : "false") : "\(number)"
        default: return "\(value!)"
        }
    }

    /// JSONSerialization gives booleans as NSNumbers whose type code is `c` on every platform.
    static func isBool(_ number: NSNumber) -> Bool {
        String(cString: number.objCType) == "c"
    }

    /// Coding keys for a path this file wrote (`a.b[2]`), to look its value up.
    static func keys(_ path: String) -> [CodingKey] {
        var keys: [CodingKey] = []
        for part in path.split(separator: ".") {
            let pieces = part.split(separator: "[")
            keys.append(PathKey(stringValue: String(pieces[0])))
            for index in pieces.dropFirst() { keys.append(PathKey(index: Int(index.dropLast()) ?? 0)) }
        }
        return keys
    }

    struct PathKey: CodingKey {
        var stringValue: String
        var intValue: Int?
        init(stringValue: String) { self.stringValue = stringValue }
        init(intValue: Int) { self.init(index: intValue) }
        init(index: Int) { stringValue = "Index \(index)"; intValue = index }
    }
}

extension ResultsFile {
    /// Where a number sits that an integer field can't hold, found part by part: each host, interpreter,
    /// adaptation, workload and cell is decoded on its own, and in the one that fails, each field's
    /// numbers are made whole until it decodes. Used only to explain a failure, so it may be slow.
    static func pathOfMisfitNumber(in tree: Any) -> String? {
        guard let root = tree as? [String: Any] else { return nil }
        if let found = misfitField(HostFacts.self, root["host"], path: "host")
            ?? misfitField(PythonFacts.self, root["interpreter"], path: "interpreter")
            ?? misfitField(Adaptation.self, root["adaptation"], path: "adaptation") {
            return found
        }
        for (index, record) in (root["workloads"] as? [Any] ?? []).enumerated() {
            if let found = misfitField(WorkloadRecord.self, record, path: "workloads[\(index)]") { return found }
        }
        for (index, cell) in (root["measurements"] as? [Any] ?? []).enumerated() {
            if let found = misfitField(Measurement.self, cell, path: "measurements[\(index)]") { return found }
        }
        // The file's own fields, with its long lists emptied: they were checked above.
        var top = root
        top["workloads"] = []
        top["measurements"] = []
        return misfitField(ResultsFile.self, top, path: "")
    }

    /// The field of `object` whose numbers keep it from decoding as `T` (with the position in it for a
    /// list), or nil when it decodes or no field's numbers are to blame.
    private static func misfitField<T: Decodable>(_ type: T.Type, _ object: Any?, path: String) -> String? {
        func decodes(_ value: Any) -> Bool {
            guard let data = try? JSONSerialization.data(withJSONObject: value, options: [.fragmentsAllowed]) else { return false }
            return (try? JSONDecoder().decode(T.self, from: data)) != nil
        }
        guard let object = object as? [String: Any], !decodes(object) else { return nil }
        // Fields are mended one more at a time: the one after which it decodes is at fault.
        var copy = object
        for key in object.keys.sorted() {
            copy[key] = wholeNumbers(object[key]!)
            guard decodes(copy) else { continue }
            let field = path.isEmpty ? key : "\(path).\(key)"
            if let list = object[key] as? [Any], let index = list.firstIndex(where: isMisfit) { return "\(field)[\(index)]" }
            return field
        }
        return nil
    }

    /// A number no integer field can hold: with a fraction, or beyond Int's range.
    private static func isMisfit(_ value: Any) -> Bool {
        guard let number = value as? NSNumber, !ResultsDecodingErrors.isBool(number) else { return false }
        let double = number.doubleValue
        return double != double.rounded() || abs(double) >= 9.2e18
    }

    /// The value with every misfit number replaced by 0, in lists too.
    private static func wholeNumbers(_ value: Any) -> Any {
        if let list = value as? [Any] { return list.map(wholeNumbers) }
        return isMisfit(value) ? 0 : value
    }
}

extension CaseIterable where Self: RawRepresentable, RawValue == String {
    /// Decodes one of the cases, or fails with a message that lists them and quotes what was found
    /// (Foundation's says only "Cannot initialize Status from invalid String value").
    package static func decodeCase(from decoder: Decoder) throws -> Self {
        let container = try decoder.singleValueContainer()
        let text = try container.decode(String.self)
        guard let value = Self(rawValue: text) else {
            let cases = allCases.map { "`\($0.rawValue)`" }.joined(separator: ", ")
            throw DecodingError.dataCorruptedError(
                in: container, debugDescription: "expected one of \(cases), found \(ResultsDecodingErrors.describeValue(text))")
        }
        return value
    }
}
