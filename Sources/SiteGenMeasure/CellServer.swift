import Foundation
import SiteGenCore
import SiteGenResults
import SiteGenProcess
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Runs cells through one `harness.py serve` process per interpreter: the server imports every workload
/// once and forks a fresh child for each run, so a run costs a fork instead of an interpreter start-up
/// and the imports of asyncio, multiprocessing and the rest (0.1–0.4 s a run on a small machine, more
/// than many cells take; see `serve()` in harness.py for why the child is as fresh as a new process).
///
/// Each child leads its own process group, as a spawned cell does: at its timeout or on Ctrl-C the
/// whole group is killed. A server that dies is started again for the next run; one that cannot start
/// at all (no `fork` on the platform) leaves the runner to start every run as a process of its own.
final class CellServer {
    let harness: Harness
    private var process: GroupProcess.Started?
    /// Server output not yet split into lines.
    private var pending = Data()
    /// The end of what the server wrote to stderr, for the message when it dies.
    private var errors = Data()
    private var outputEnded = false
    private var errorsEnded = false
    /// Set once the server failed to start: runs then go through `Harness.run`.
    private(set) var unavailable: String?

    /// The server's pid while it runs (its process group too).
    var serverPID: pid_t? { process?.pid }

    init(harness: Harness) {
        self.harness = harness
    }

    deinit { stop() }

    /// Measures one repeat of one cell in a child forked from the server.
    func run(_ cell: Cell, timeout: Double, cancellation: Cancellation?) throws -> CellRun {
        if unavailable == nil, process == nil { startServer(cancellation: cancellation) }
        guard let server = process else {
            return try harness.run(cell, timeout: timeout, cancellation: cancellation)
        }
        let started = DispatchTime.now()
        guard send(Request(cell), to: server) else { return serverDied(since: started) }

        // The child's pid comes at once; its group is ours to kill from then on.
        let deadline = 30.0
        var child: pid_t = 0
        while child == 0 {
            guard let line = nextLine(timeout: deadline, cancellation: cancellation) else {
                if cancellation?.isCancelled == true { stop(); return CellRun(result: .cancelled, processSeconds: 0) }
                return serverDied(since: started)
            }
            if let pid = (try? JSONDecoder().decode(Started.self, from: line))?.started { child = pid }
        }
        ProcessGroups.shared.add(child)
        defer {
            ProcessGroups.kill(group: child)  // leftovers: a worker that ignored its pool's shutdown
            ProcessGroups.shared.remove(child)
        }

        var timedOut = false
        while true {
            let remaining = timeout - GroupProcess.elapsed(since: started)
            if !timedOut, remaining <= 0 {
                // The server reaps the killed child and reports it; give it a moment to.
                ProcessGroups.kill(group: child)
                timedOut = true
            }
            guard let line = nextLine(timeout: timedOut ? 10 : remaining, cancellation: cancellation) else {
                if cancellation?.isCancelled == true {
                    ProcessGroups.kill(group: child)
                    stop()
                    return CellRun(result: .cancelled, processSeconds: GroupProcess.elapsed(since: started), processGroup: child)
                }
                if GroupProcess.elapsed(since: started) < timeout || timedOut { return serverDied(since: started) }
                continue
            }
            guard let ended = try? JSONDecoder().decode(Ended.self, from: line), ended.ended == child else { continue }
            let seconds = GroupProcess.elapsed(since: started)
            let ending: ProcessOutcome.Ending
            if timedOut {
                ending = .timedOut(timeout)
            } else if let signal = ended.signal {
                ending = cancellation?.isCancelled == true ? .cancelled : .signalled(signal)
            } else {
                ending = .exited(ended.exit ?? 1)
            }
            let outcome = ProcessOutcome(ending: ending, stdout: Data(ended.stdout.utf8), stderr: Data(ended.stderr.utf8),
                                         seconds: seconds, processGroup: child)
            return CellRun(outcome: outcome)
        }
    }

    /// Ends the server: end of input asks it to leave; its group is killed in any case.
    func stop() {
        guard let server = process else { return }
        process = nil
        close(server.input)
        var status: Int32 = 0
        for _ in 0..<200 where waitpid(server.pid, &status, WNOHANG) == 0 { _ = poll(nil, 0, 5) }
        ProcessGroups.kill(group: server.pid)
        _ = waitpid(server.pid, &status, WNOHANG)
        ProcessGroups.shared.remove(server.pid)
        close(server.output)
        close(server.errors)
        pending.removeAll()
    }

    // MARK: - The server process

    private func startServer(cancellation: Cancellation?) {
        // A server that died mid-write must not take this process with it.
        signal(SIGPIPE, SIG_IGN)
        let directory = harness.workingDirectory ?? FileManager.default.temporaryDirectory.path
        do {
            let server = try GroupProcess.start(harness.python, harness.arguments(["serve"]), directory: directory)
            ProcessGroups.shared.add(server.pid)
            process = server
            errors.removeAll()
            outputEnded = false
            errorsEnded = false
            if let line = nextLine(timeout: 120, cancellation: cancellation),
               (try? JSONDecoder().decode(Ready.self, from: line))?.ready == true {
                return
            }
            let reason = Harness.tail(String(decoding: errors, as: UTF8.self), lines: 3)
            stop()
            unavailable = "harness.py serve did not start: \(reason)"
        } catch {
            unavailable = "harness.py serve did not start: \(error)"
        }
    }

    /// The server stopped answering: the run failed, and the next run starts a new server.
    private func serverDied(since started: DispatchTime) -> CellRun {
        let reason = Harness.tail(String(decoding: errors, as: UTF8.self), lines: 3)
        stop()
        return CellRun(result: .failed("the cell server ended unexpectedly: \(reason)"),
                       processSeconds: GroupProcess.elapsed(since: started))
    }

    private func send(_ request: Request, to server: GroupProcess.Started) -> Bool {
        guard var line = try? JSONEncoder().encode(request) else { return false }
        line.append(UInt8(ascii: "\n"))
        return line.withUnsafeBytes { buffer in
            var offset = 0
            while offset < buffer.count {
                let written = write(server.input, buffer.baseAddress! + offset, buffer.count - offset)
                if written < 0 {
                    if errno == EINTR { continue }
                    return false
                }
                offset += written
            }
            return true
        }
    }

    /// The server's next line, or nil at its end, at the timeout or on cancellation.
    private func nextLine(timeout: Double, cancellation: Cancellation?) -> Data? {
        guard let server = process else { return nil }
        let started = DispatchTime.now()
        while true {
            if let newline = pending.firstIndex(of: UInt8(ascii: "\n")) {
                let line = Data(pending[pending.startIndex..<newline])
                pending.removeSubrange(pending.startIndex...newline)
                return line
            }
            if outputEnded { return nil }
            if cancellation?.isCancelled == true || GroupProcess.elapsed(since: started) > timeout { return nil }
            var polls = [pollfd(fd: server.output, events: Int16(POLLIN), revents: 0),
                         pollfd(fd: errorsEnded ? -1 : server.errors, events: Int16(POLLIN), revents: 0)]
            guard poll(&polls, nfds_t(polls.count), GroupProcess.tick) > 0 else { continue }
            if polls[0].revents != 0 { outputEnded = GroupProcess.read(server.output, into: &pending) }
            if polls[1].revents != 0 {
                errorsEnded = GroupProcess.read(server.errors, into: &errors)
                if errors.count > 16_384 { errors.removeFirst(errors.count - 16_384) }
            }
        }
    }

    // MARK: - Messages

    private struct Request: Encodable {
        var workload, variant, model: String
        var workers: String?
        var size: Int
        var startMethod: String?

        init(_ cell: Cell) {
            workload = cell.workload
            variant = cell.variant
            model = cell.model
            workers = cell.workers?.description
            size = cell.size
            startMethod = cell.startMethod
        }

        enum CodingKeys: String, CodingKey {
            case workload, variant, model, workers, size, startMethod = "start_method"
        }
    }

    private struct Ready: Decodable { var ready: Bool }
    private struct Started: Decodable { var started: pid_t }
    private struct Ended: Decodable {
        var ended: pid_t
        var exit: Int32?
        var signal: Int32?
        var stdout: String
        var stderr: String
    }
}
