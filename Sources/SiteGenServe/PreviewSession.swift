import Foundation
import SiteGenCore
import SiteGenProcess
import SiteGenKit

/// `sitegen serve`: builds the site, serves it, and rebuilds it whenever a file under the watched
/// folders (`Content/`, `Templates/`, the workloads) changes; the open pages reload themselves.
///
/// Each rebuild is an ordinary `sitegen build` into the preview folder, with fresh interpreters, so
/// everything the caches hold (measurements, interpreters' answers, highlighted code) is reused and
/// only what changed is redone: a page edit measures nothing, a workload edit measures that workload
/// again, and says so. A build that fails leaves the last good site in the folder — the build
/// replaces it only when it succeeds — which the server goes on serving, with the diagnostics in the
/// terminal and over the page.
public final class PreviewSession: @unchecked Sendable {
    public struct Configuration: Sendable {
        /// The site's root, for showing changed paths relative to it.
        public var root: String
        /// The folders watched for changes (absolute).
        public var watched: [String]
        /// Among them, those holding workloads: a change there means measuring again.
        public var workloadFolders: [String]
        /// The port on 127.0.0.1; 0 for any free one.
        public var port: UInt16
        /// How often the watched folders are looked at, in seconds.
        public var pollInterval: Double = 0.1
        /// The options of one build, made anew for each (fresh interpreters, so an edited workload's
        /// catalogue is asked again). `output` is the folder served.
        public var options: @Sendable () throws -> SiteBuilder.Options
        /// Prints a line for the writer.
        public var log: @Sendable (String) -> Void
        /// Prints a build's diagnostics (errors of a failed build, warnings of a good one).
        public var report: @Sendable ([Diagnostic]) -> Void

        public init(root: String, watched: [String], workloadFolders: [String], port: UInt16,
                    options: @escaping @Sendable () throws -> SiteBuilder.Options,
                    log: @escaping @Sendable (String) -> Void, report: @escaping @Sendable ([Diagnostic]) -> Void) {
            self.root = root
            self.watched = watched
            self.workloadFolders = workloadFolders
            self.port = port
            self.options = options
            self.log = log
            self.report = report
        }
    }

    public let configuration: Configuration
    public let state = PreviewState()
    private var server: PreviewServer?
    private var watcher: FileWatcher?

    public init(_ configuration: Configuration) {
        self.configuration = configuration
    }

    /// Builds once, then serves the output folder; returns the address. A first build that fails is
    /// reported and served as a 404 with its diagnostics until a rebuild succeeds.
    public func start() async throws -> URL {
        watcher = FileWatcher(folders: configuration.watched)
        rebuild(because: [])
        let output = try configuration.options().output
        let server = try PreviewServer(folder: output, state: state, port: configuration.port)
        let port: UInt16
        do {
            port = try await server.start()
        } catch {
            throw DiagnosticError(.error(
                "can't listen on 127.0.0.1:\(configuration.port) (\(error)); another server may use that port: pass --port N, or --port 0 for any free one"),
                isEnvironmental: true)
        }
        self.server = server
        return URL(string: "http://127.0.0.1:\(port)/")!
    }

    /// Watches and rebuilds until `cancellation` is set (Ctrl-C), then stops the server. It blocks
    /// its thread: call it from one of your own (the main thread), not from a task.
    public func watch(until cancellation: Cancellation) {
        while !cancellation.isCancelled {
            Thread.sleep(forTimeInterval: configuration.pollInterval)
            _ = rebuildIfChanged(cancellation: cancellation)
        }
        try? Self.blocking { await self.stop() }
    }

    /// Rebuilds when something under the watched folders changed since the last look; whether it did.
    @discardableResult
    public func rebuildIfChanged(cancellation: Cancellation? = nil) -> Bool {
        guard let watcher else { return false }
        var changed = watcher.changes()
        guard !changed.isEmpty, cancellation?.isCancelled != true else { return false }
        // An editor may write a file in several steps, or save several: wait until it is quiet.
        for _ in 0..<20 {
            Thread.sleep(forTimeInterval: 0.05)
            let more = watcher.changes()
            if more.isEmpty { break }
            changed = Array(Set(changed + more)).sorted()
        }
        guard cancellation?.isCancelled != true else { return false }
        rebuild(because: changed)
        return true
    }

    /// One build; `changed` are the paths that caused it (none for the first).
    @discardableResult
    func rebuild(because changed: [String]) -> Bool {
        let cause = describe(changed)
        let workloads = changed.filter { path in configuration.workloadFolders.contains { path.hasPrefix($0 + "/") } }
        if !workloads.isEmpty {
            configuration.log("\(cause) changed: a workload; its cached measurements no longer match, so pages that show it are measured again (unless --no-measure)")
        }
        let started = Date()
        do {
            let summary = try SiteBuilder(options: try configuration.options()).build()
            state.finished(failure: nil)
            configuration.report(summary.warnings)
            let measured = summary.measured.isEmpty ? "" : ", measured \(summary.measured.joined(separator: ", "))"
            let what = changed.isEmpty ? "built" : "\(cause) changed: rebuilt"
            configuration.log(String(format: "%@ %d pages in %.2f s%@", what, summary.pages, Date().timeIntervalSince(started), measured))
            return true
        } catch let error as DiagnosticError {
            let text = DiagnosticFormatter(format: .text, useColor: false).format(error.diagnostics)
            state.finished(failure: text)
            configuration.report(error.diagnostics)
            let what = changed.isEmpty ? "the first build" : "\(cause) changed: the build"
            configuration.log("\(what) failed; the browser shows why, and the last good site stays served")
        } catch {
            state.finished(failure: "\(error)")
            configuration.log("build stopped: \(error)")
        }
        return false
    }

    /// The changed paths as the writer knows them: relative to the site's root or to the workloads.
    private func describe(_ changed: [String]) -> String {
        let names = changed.prefix(3).map { path -> String in
            for base in [configuration.root] + configuration.workloadFolders where path.hasPrefix(base + "/") {
                return String(path.dropFirst(base.count + 1))
            }
            return path
        }
        return names.joined(separator: ", ") + (changed.count > 3 ? " and \(changed.count - 3) more" : "")
    }

    /// Stops the server (a waiting long poll is answered by the connection closing).
    public func stop() async {
        guard let server else { return }
        self.server = nil
        await server.stop()
    }

    /// Runs async work from a thread of the caller's own (the command line's main thread) and waits
    /// for it. Never from a task: blocking one of the few threads tasks run on could stall them all.
    public static func blocking<T: Sendable>(_ body: @escaping @Sendable () async throws -> T) throws -> T {
        let semaphore = DispatchSemaphore(value: 0)
        let box = ResultBox<T>()
        Task {
            box.result = await Result(catching: { try await body() })
            semaphore.signal()
        }
        semaphore.wait()
        return try box.result!.get()
    }

    private final class ResultBox<T>: @unchecked Sendable {
        var result: Result<T, Error>?
    }
}

extension Result where Failure == Error {
    init(catching body: () async throws -> Success) async {
        do { self = .success(try await body()) } catch { self = .failure(error) }
    }
}
