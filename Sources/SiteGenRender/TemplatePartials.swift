import SiteGenCore

/// The `{{> name}}` includes between templates, checked before anything renders: Mustache renders a
/// missing partial as nothing, and one that includes itself, directly or through others, until the
/// stack overflows.
struct TemplatePartials {
    /// How deep partials may include partials. The site's deepest chain is 3 (page → header → nav);
    /// 16 leaves room for any theme, while a chain of thousands of templates, each rendered inside the
    /// one before, would exhaust the stack of the thread rendering a page.
    static let maximumDepth = 16

    /// One `{{> name}}`.
    struct Include {
        var partial: String
        var line: Int
        var column: Int
    }

    /// The includes of each template that parsed.
    let includes: [String: [Include]]
    /// Every template's name, parsed or not: one that failed to parse is reported as such, not as missing.
    let known: Set<String>

    /// Every include that names no template, and every one that closes a cycle or nests too deep.
    func problems() -> [Diagnostic] {
        var problems: [Diagnostic] = []
        for name in includes.keys.sorted() {
            for include in includes[name] ?? [] where !known.contains(include.partial) {
                problems.append(.error(
                    "partial `\(include.partial)` not found; create Templates/\(include.partial).mustache or fix the name (known: \(known.sorted().joined(separator: ", ")))",
                    file: Self.path(name), line: include.line, column: include.column))
            }
        }
        return problems + nesting()
    }

    private static func path(_ name: String) -> String { "Templates/\(name).mustache" }

    /// A depth-first walk over the includes, without recursion: an include back into the path being
    /// walked is a cycle; one that makes the path longer than `maximumDepth` nests too deep.
    private func nesting() -> [Diagnostic] {
        enum State { case onPath, done }
        var state: [String: State] = [:]
        var height: [String: Int] = [:]  // the longest chain of templates from a finished one down
        var problems: [Diagnostic] = []
        for root in includes.keys.sorted() where state[root] == nil {
            var path: [(name: String, next: Int)] = [(root, 0)]
            state[root] = .onPath
            while let (name, next) = path.last {
                let list = includes[name] ?? []
                guard next < list.count else {
                    height[name] = 1 + (list.compactMap { height[$0.partial] }.max() ?? 0)
                    state[name] = .done
                    path.removeLast()
                    continue
                }
                path[path.count - 1].next += 1
                let include = list[next]
                guard includes[include.partial] != nil else { continue }
                switch state[include.partial] {
                case .onPath:
                    let cycle = path.drop { $0.name != include.partial }.map(\.name) + [include.partial]
                    problems.append(.error(
                        "partial `\(include.partial)` includes itself (\(cycle.joined(separator: " → "))), which Mustache would render until it runs out of stack; remove one of these includes",
                        file: Self.path(name), line: include.line, column: include.column))
                case .done:
                    if path.count + (height[include.partial] ?? 0) > Self.maximumDepth {
                        problems.append(tooDeep(include, in: name))
                    }
                case nil:
                    if path.count + 1 > Self.maximumDepth {
                        problems.append(tooDeep(include, in: name))
                    } else {
                        state[include.partial] = .onPath
                        path.append((include.partial, 0))
                    }
                }
            }
        }
        return problems
    }

    private func tooDeep(_ include: Include, in name: String) -> Diagnostic {
        .error("partials nest more than \(Self.maximumDepth) templates deep here; include fewer levels of partials",
               file: Self.path(name), line: include.line, column: include.column)
    }
}
