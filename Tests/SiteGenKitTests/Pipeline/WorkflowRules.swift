import Foundation
import Testing
import Yams

// MARK: - Loading

/// A workflow file, parsed with every scalar kept as a string (so `on:` stays a key, not `true`).
struct Workflow {
    static let root = Repository.root
    static let folder = root.appendingPathComponent(".github/workflows")

    var file: String
    var top: [String: Any]

    static func text(_ file: String) throws -> String {
        try String(contentsOf: folder.appendingPathComponent(file), encoding: .utf8)
    }

    static func load(_ file: String) throws -> Workflow {
        try Workflow(file: file, text: text(file))
    }

    init(file: String, text: String) throws {
        self.file = file
        let loaded: Any?
        do {
            loaded = try Yams.load(yaml: text, .basic)
        } catch {
            throw WorkflowError("\(file) is not valid YAML: \(error)")
        }
        guard let top = YAMLValue.mapping(loaded) else {
            throw WorkflowError("\(file): the top level is not a mapping")
        }
        self.top = top
    }

    /// The jobs, in the order of their ids.
    var jobs: [(id: String, body: [String: Any])] {
        (YAMLValue.mapping(top["jobs"]) ?? [:]).keys.sorted().compactMap { id in
            YAMLValue.mapping(YAMLValue.mapping(top["jobs"])?[id]).map { (id, $0) }
        }
    }

    func job(_ id: String) -> [String: Any]? { jobs.first { $0.id == id }?.body }

    static func steps(_ job: [String: Any]) -> [[String: Any]] {
        (YAMLValue.sequence(job["steps"]) ?? []).compactMap { YAMLValue.mapping($0) }
    }

    static func needs(_ job: [String: Any]) -> [String] { YAMLValue.strings(job["needs"]) }

    /// Steps using `action` (`owner/name`), whatever version they pin.
    static func steps(_ job: [String: Any], using action: String) -> [[String: Any]] {
        steps(job).filter { (($0["uses"] as? String) ?? "").hasPrefix(action + "@") }
    }

    /// The `run:` scripts of a job.
    static func scripts(_ job: [String: Any]) -> [String] { steps(job).compactMap { $0["run"] as? String } }

    /// The first job with a step using `action`, or whose scripts contain `command`.
    func job(using action: String) -> (id: String, body: [String: Any])? {
        jobs.first { !Self.steps($0.body, using: action).isEmpty }
    }

    func job(running command: String) -> (id: String, body: [String: Any])? {
        jobs.first { Self.scripts($0.body).contains { $0.contains(command) } }
    }
}

struct WorkflowError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}

/// Views of what Yams loads with the basic resolver: strings, `[Any]` and `[AnyHashable: Any]`.
enum YAMLValue {
    static func mapping(_ value: Any?) -> [String: Any]? {
        guard let value, let mapping = value as? [AnyHashable: Any] else { return nil }
        var result: [String: Any] = [:]
        for (key, item) in mapping {
            guard let key = key.base as? String else { return nil }
            result[key] = item
        }
        return result
    }

    static func sequence(_ value: Any?) -> [Any]? { value as? [Any] }

    /// A string, or a list of strings, as a list.
    static func strings(_ value: Any?) -> [String] {
        if let string = value as? String { return string.isEmpty ? [] : [string] }
        return (sequence(value) ?? []).compactMap { $0 as? String }
    }

    /// Every string anywhere inside `value`.
    static func allStrings(_ value: Any?) -> [String] {
        if let string = value as? String { return [string] }
        if let sequence = sequence(value) { return sequence.flatMap { allStrings($0) } }
        if let mapping = mapping(value) { return mapping.keys.sorted().flatMap { allStrings(mapping[$0]) } }
        return []
    }

    static func isEmpty(_ value: Any?) -> Bool {
        switch value {
        case nil: return true
        case let string as String: return string.isEmpty
        default:
            if let sequence = sequence(value) { return sequence.isEmpty }
            if let mapping = mapping(value) { return mapping.isEmpty }
            return false
        }
    }

    /// The names captured by `pattern` (one group) in `text`, each once, in order.
    static func captures(_ pattern: String, in text: String) -> [String] {
        guard let regex = try? Regex(pattern) else { return [] }
        var seen = Set<String>()
        return text.matches(of: regex).compactMap { match in
            match.output.count > 1 ? match.output[1].substring.map(String.init) : nil
        }.filter { seen.insert($0).inserted }
    }
}

// MARK: - The rules

/// Each rule returns the problems it finds, as sentences naming the file and job: empty means it passed.
enum WorkflowRules {
    /// Every rule that applies to `file`, over a text that may not even parse.
    static func all(file: String, text: String) -> [String] {
        let workflow: Workflow
        do {
            workflow = try Workflow(file: file, text: text)
        } catch {
            return ["\(error)"]
        }
        var problems = structure(workflow) + pinning(workflow)
        if file == WorkflowTests.ci {
            problems += ci(workflow)
        } else {
            problems += fleetMatrix(workflow) + fleetResults(workflow) + pagesDeployment(workflow)
        }
        return problems
    }

    /// `on` and `jobs`; every job with `runs-on` and steps (each either `uses` or `run`); every `needs` an
    /// existing job; every `needs.X`, `steps.X` and `matrix.X` reference something the job has.
    static func structure(_ workflow: Workflow) -> [String] {
        let file = workflow.file
        var problems: [String] = []
        if YAMLValue.isEmpty(workflow.top["on"]) { problems.append("\(file) has no `on` (its triggers)") }
        if workflow.jobs.isEmpty { problems.append("\(file) has no `jobs`") }
        let ids = Set(workflow.jobs.map(\.id))
        for (id, job) in workflow.jobs {
            let here = "\(file), job `\(id)`"
            if job["uses"] == nil {   // a job that calls a reusable workflow has neither
                if YAMLValue.isEmpty(job["runs-on"]) { problems.append("\(here) has no `runs-on`") }
                let steps = Workflow.steps(job)
                if steps.isEmpty { problems.append("\(here) has no `steps`") }
                for (index, step) in steps.enumerated() where (step["uses"] == nil) == (step["run"] == nil) {
                    problems.append("\(here), step \(index + 1) needs exactly one of `uses` and `run`")
                }
            }
            let needs = Workflow.needs(job)
            for need in needs where !ids.contains(need) || need == id {
                problems.append("\(here) needs `\(need)`, which is not another job of this workflow")
            }
            let text = YAMLValue.allStrings(job).joined(separator: "\n")
            for need in YAMLValue.captures(#"needs\.([A-Za-z_][A-Za-z0-9_-]*)\."#, in: text) where !needs.contains(need) {
                problems.append("\(here) reads needs.\(need) but does not need `\(need)`")
            }
            let stepIDs = Set(Workflow.steps(job).compactMap { $0["id"] as? String })
            for step in YAMLValue.captures(#"steps\.([A-Za-z_][A-Za-z0-9_-]*)\."#, in: text) where !stepIDs.contains(step) {
                problems.append("\(here) reads steps.\(step) but has no step with that id")
            }
            let matrixKeys = Set(matrixEntries(job).flatMap(\.keys))
            for key in YAMLValue.captures(#"matrix\.([A-Za-z_][A-Za-z0-9_-]*)"#, in: text) where !matrixKeys.contains(key) {
                problems.append("\(here) reads matrix.\(key) but its matrix has no `\(key)`")
            }
        }
        return problems
    }

    /// Every `uses:` names a local action, or `owner/repo[/path]@` a version tag (`v4`, `v4.1.2`) or a
    /// full commit SHA; a Docker action names a tag or digest.
    static func pinning(_ workflow: Workflow) -> [String] {
        var problems: [String] = []
        let pinned = try! Regex(#"^[A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+(/[^@\s]+)?@(v[0-9]+(\.[0-9]+){0,2}|[0-9a-f]{40})$"#)
        for (id, job) in workflow.jobs {
            let uses = ([job["uses"] as? String] + Workflow.steps(job).map { $0["uses"] as? String }).compactMap { $0 }
            for reference in uses {
                if reference.hasPrefix("./") { continue }
                if reference.hasPrefix("docker://") {
                    if reference.dropFirst("docker://".count).contains(":") || reference.contains("@sha256:") { continue }
                } else if reference.wholeMatch(of: pinned) != nil {
                    continue
                }
                problems.append("\(workflow.file), job `\(id)`: `\(reference)` is not pinned to a version (@vN) or a commit SHA")
            }
        }
        return problems
    }

    /// CI: triggered by push and pull_request; a job runs `make test` on Linux, `sitegen check` reporting
    /// as GitHub annotations, with `.build` cached under a key of the toolchain's version and Package.swift
    /// (not Package.resolved, which is not committed: hashing a missing file gives the same key forever).
    static func ci(_ workflow: Workflow) -> [String] {
        let file = workflow.file
        var problems: [String] = []
        let triggers = Set(YAMLValue.strings(workflow.top["on"]) + (YAMLValue.mapping(workflow.top["on"])?.keys.map { $0 } ?? []))
        for trigger in ["push", "pull_request"] where !triggers.contains(trigger) {
            problems.append("\(file) does not run on `\(trigger)`")
        }
        guard let (id, job) = workflow.job(running: "make test") else {
            return problems + ["\(file) has no job that runs `make test`"]
        }
        if !YAMLValue.strings(job["runs-on"]).contains(where: { $0.hasPrefix("ubuntu-") }) {
            problems.append("\(file), job `\(id)` runs `make test` elsewhere than on an ubuntu runner")
        }
        let caches = Workflow.steps(job, using: "actions/cache").compactMap { YAMLValue.mapping($0["with"]) }
        if !caches.contains(where: { YAMLValue.strings($0["path"]).joined(separator: "\n").contains(".build")
            && (($0["key"] as? String) ?? "").contains("hashFiles(") && (($0["key"] as? String) ?? "").contains("Package.swift") }) {
            problems.append("\(file), job `\(id)` does not cache .build under a key hashing Package.swift")
        }
        for cache in caches {
            let key = (cache["key"] as? String) ?? ""
            if key.contains("Package.resolved") { problems.append("\(file), job `\(id)`: the cache key hashes Package.resolved, which is not committed") }
            if !key.contains("toolchain") { problems.append("\(file), job `\(id)`: the cache key leaves out the toolchain's version") }
        }
        if !Workflow.scripts(job).contains(where: { $0.contains("make test") && $0.contains("CHECK_FORMAT=github") }) {
            problems.append("\(file), job `\(id)` runs `make test` without CHECK_FORMAT=github: pull requests get no annotations")
        }
        return problems
    }

    /// The values a matrix gives each cell: its axes and its `include` entries (without `exclude`).
    static func matrixEntries(_ job: [String: Any]) -> [[String: Any]] {
        guard let matrix = YAMLValue.mapping(YAMLValue.mapping(job["strategy"])?["matrix"]) else { return [] }
        var entries = (YAMLValue.sequence(matrix["include"]) ?? []).compactMap { YAMLValue.mapping($0) }
        for (key, value) in matrix where key != "include" && key != "exclude" {
            entries += (YAMLValue.sequence(value) ?? []).map { [key: $0] }
        }
        return entries
    }

    /// The bench job: a matrix over at least three runner types, a macOS and an arm64 one among them,
    /// with fail-fast off; its script runs `sitegen bench` with the chosen profile.
    static func fleetMatrix(_ workflow: Workflow) -> [String] {
        let file = workflow.file
        guard let (id, job) = workflow.job(running: "sitegen bench") else {
            return ["\(file) has no job that runs `sitegen bench`"]
        }
        let here = "\(file), job `\(id)`"
        var problems: [String] = []
        let strategy = YAMLValue.mapping(job["strategy"]) ?? [:]
        if (strategy["fail-fast"] as? String) != "false" {
            problems.append("\(here) must set `fail-fast: false`, so one machine's failure does not cancel the others")
        }
        // The runner types: the values of the matrix key that `runs-on` reads, or `runs-on` itself.
        let runsOn = YAMLValue.strings(job["runs-on"])
        let keys = runsOn.flatMap { YAMLValue.captures(#"^\$\{\{\s*matrix\.([A-Za-z0-9_-]+)\s*\}\}$"#, in: $0) }
        let runners: Set<String>
        if let key = keys.first {
            runners = Set(matrixEntries(job).compactMap { entry in
                entry[key].map { YAMLValue.strings($0).joined(separator: ",") }
            }.filter { !$0.isEmpty })
        } else {
            runners = Set(runsOn.isEmpty ? [] : [runsOn.joined(separator: ",")])
        }
        if runners.count < 3 {
            problems.append("\(here) benches \(runners.count) runner type(s) \(runners.sorted()); the fleet needs at least three runner types")
        }
        if !runners.contains(where: { $0.lowercased().contains("macos") }) {
            problems.append("\(here) has no macOS runner in its matrix \(runners.sorted())")
        }
        if !runners.contains(where: { $0.lowercased().contains("arm") || $0.lowercased().contains("aarch64") }) {
            problems.append("\(here) has no arm64 runner in its matrix \(runners.sorted())")
        }
        if !Workflow.scripts(job).contains(where: { $0.contains("sitegen bench") && $0.contains("--profile") }) {
            problems.append("\(here) runs `sitegen bench` without `--profile`")
        }
        return problems
    }

    /// Bench uploads an artifact named per matrix cell, with a retention; a publish job that needs bench
    /// (and runs even when one machine failed) downloads them all into one folder, runs
    /// `sitegen build --results … --no-measure` and uploads `Site/` as the Pages artifact.
    static func fleetResults(_ workflow: Workflow) -> [String] {
        let file = workflow.file
        guard let (benchID, bench) = workflow.job(running: "sitegen bench") else {
            return ["\(file) has no job that runs `sitegen bench`"]
        }
        var problems: [String] = []
        let uploads = Workflow.steps(bench, using: "actions/upload-artifact").compactMap { YAMLValue.mapping($0["with"]) }
        if uploads.isEmpty {
            problems.append("\(file), job `\(benchID)` uploads no artifact (actions/upload-artifact)")
        }
        for upload in uploads {
            if !((upload["name"] as? String) ?? "").contains("${{ matrix.") {
                problems.append("\(file), job `\(benchID)`: the artifact name must be unique per matrix cell (use ${{ matrix.… }})")
            }
            if YAMLValue.isEmpty(upload["retention-days"]) {
                problems.append("\(file), job `\(benchID)`: the artifact has no retention-days")
            }
            if YAMLValue.isEmpty(upload["path"]) { problems.append("\(file), job `\(benchID)`: the artifact has no path") }
        }

        guard let (id, publish) = workflow.job(running: "sitegen build") else {
            return problems + ["\(file) has no job that runs `sitegen build`"]
        }
        let here = "\(file), job `\(id)`"
        if !Workflow.needs(publish).contains(benchID) { problems.append("\(here) does not need `\(benchID)`") }
        let condition = (publish["if"] as? String) ?? ""
        if !condition.contains("!cancelled()") && !condition.contains("always()") {
            problems.append("\(here) would be skipped when a machine failed: give it `if: ${{ !cancelled() }}`")
        }
        let downloads = Workflow.steps(publish, using: "actions/download-artifact").compactMap { YAMLValue.mapping($0["with"]) }
        if !downloads.contains(where: { ($0["merge-multiple"] as? String) == "true" }) {
            problems.append("\(here) does not download the artifacts with merge-multiple: true")
        }
        let builds = Workflow.scripts(publish).filter { $0.contains("sitegen build") }
        for flag in ["--results", "--no-measure"] where !builds.contains(where: { $0.contains(flag) }) {
            problems.append("\(here) runs `sitegen build` without \(flag)")
        }
        let pages = Workflow.steps(publish, using: "actions/upload-pages-artifact").compactMap { YAMLValue.mapping($0["with"]) }
        if !pages.contains(where: { (($0["path"] as? String) ?? "").hasPrefix("Site") }) {
            problems.append("\(here) does not upload Site/ with actions/upload-pages-artifact")
        }
        return problems
    }

    /// The job using deploy-pages: needs the job that uploads the Pages artifact, has `pages: write` and
    /// `id-token: write`, runs in the github-pages environment; the workflow (or job) has a concurrency
    /// group and configures Pages.
    static func pagesDeployment(_ workflow: Workflow) -> [String] {
        let file = workflow.file
        guard let (id, deploy) = workflow.job(using: "actions/deploy-pages") else {
            return ["\(file) has no job that uses actions/deploy-pages"]
        }
        let here = "\(file), job `\(id)`"
        var problems: [String] = []
        let permissions = YAMLValue.mapping(deploy["permissions"]) ?? [:]
        for permission in ["pages", "id-token"] where (permissions[permission] as? String) != "write" {
            problems.append("\(here) lacks the permission `\(permission): write`")
        }
        let environment = (deploy["environment"] as? String) ?? (YAMLValue.mapping(deploy["environment"])?["name"] as? String)
        if environment != "github-pages" {
            problems.append("\(here) does not run in the github-pages environment")
        }
        if let (uploader, _) = workflow.job(using: "actions/upload-pages-artifact"), uploader != id,
           !Workflow.needs(deploy).contains(uploader) {
            problems.append("\(here) does not need `\(uploader)`, which uploads the site")
        }
        if YAMLValue.isEmpty(workflow.top["concurrency"]) && YAMLValue.isEmpty(deploy["concurrency"]) {
            problems.append("\(file) has no concurrency group for the Pages deployment")
        }
        if workflow.job(using: "actions/configure-pages") == nil {
            problems.append("\(file) never runs actions/configure-pages")
        }
        return problems
    }
}
