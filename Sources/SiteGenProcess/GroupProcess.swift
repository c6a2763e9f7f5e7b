import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// How a child process ended, and what it printed.
public struct ProcessOutcome: Sendable {
    public enum Ending: Sendable, Equatable {
        /// The process exited by itself with this status.
        case exited(Int32)
        /// A signal ended it (not one we sent).
        case signalled(Int32)
        /// It ran past its timeout (seconds) and its whole group was killed.
        case timedOut(Double)
        /// A cancellation (Ctrl-C) arrived and its whole group was killed.
        case cancelled
    }

    public var ending: Ending
    public var stdout: Data
    public var stderr: Data
    /// Wall seconds from start to end, as seen from here.
    public var seconds: Double
    /// The process group the child led (its pid), so tests can check that nothing of it is left.
    public var processGroup: pid_t

    package init(ending: Ending, stdout: Data, stderr: Data, seconds: Double, processGroup: pid_t) {
        self.ending = ending
        self.stdout = stdout
        self.stderr = stderr
        self.seconds = seconds
        self.processGroup = processGroup
    }

    public var succeeded: Bool { ending == .exited(0) }
    public var stdoutText: String { String(decoding: stdout, as: UTF8.self) }
    public var stderrText: String { String(decoding: stderr, as: UTF8.self) }
}

/// The process starter failed before the child ran (no such file, not executable, no resources).
package struct ProcessStartError: Error, Sendable, CustomStringConvertible {
    public var executable: String
    public var code: Int32
    public var description: String { "`\(executable)` could not be started: \(String(cString: strerror(code)))" }
}

/// Runs a program as the leader of a new process group and waits for it, with a timeout and a
/// cancellation after which the *whole group* is killed — workers, pool processes, a forkserver and
/// anything they started — so that no process outlives its cell.
///
/// Uses `posix_spawn` with `POSIX_SPAWN_SETPGROUP` rather than Foundation's `Process`, which offers no
/// process group on every platform. After the leader exits, the group is killed too: a well-behaved
/// workload leaves nothing, and a badly behaved one must not leave anything either.
package enum GroupProcess {
    /// How often the wait loop wakes to check the leader, the clock and the cancellation.
    package static let tick: Int32 = 5  // milliseconds
    private static let spawnLock = NSLock()

    public static func run(_ executable: String, _ arguments: [String], directory: String? = nil,
                           timeout: Double? = nil, cancellation: Cancellation? = nil) throws -> ProcessOutcome {
        spawnLock.lock()
        let out: (read: Int32, write: Int32), err: (read: Int32, write: Int32)
        do {
            out = try makePipe()
            do { err = try makePipe() } catch { close(out.read); close(out.write); throw error }
        } catch {
            spawnLock.unlock()
            throw error
        }
        var readers = [out.read, err.read]
        defer { for fd in readers where fd >= 0 { close(fd) } }

        let started = DispatchTime.now()
        let pid: pid_t
        do {
            pid = try spawn(executable, arguments, directory: directory, stdout: out.write, stderr: err.write)
        } catch {
            close(out.write); close(err.write)
            spawnLock.unlock()
            throw error
        }
        close(out.write); close(err.write)
        spawnLock.unlock()
        ProcessGroups.shared.add(pid)
        defer {
            // Whatever the leader did, its group goes with it.
            ProcessGroups.kill(group: pid)
            ProcessGroups.shared.remove(pid)
        }

        var buffers = [Data(), Data()]
        var ending: ProcessOutcome.Ending?
        var status: Int32 = 0
        while ending == nil {
            pump(&readers, into: &buffers, waitMilliseconds: tick)
            let reaped = waitpid(pid, &status, WNOHANG)
            if reaped == pid {
                // A child killed because of a cancellation (Ctrl-C kills every group at once) was cancelled.
                let own = Self.ending(of: status)
                if case .signalled = own, cancellation?.isCancelled == true { ending = .cancelled } else { ending = own }
                break
            }
            if let cancellation, cancellation.isCancelled {
                ProcessGroups.kill(group: pid)
                _ = waitpid(pid, &status, 0)
                ending = .cancelled
                break
            }
            if let timeout, elapsed(since: started) > timeout {
                ProcessGroups.kill(group: pid)
                _ = waitpid(pid, &status, 0)
                ending = .timedOut(timeout)
                break
            }
        }
        let seconds = elapsed(since: started)
        // Leftovers of the group (a worker that ignored its pool's shutdown) die now, so the pipes
        // they hold close and the drain below ends.
        ProcessGroups.kill(group: pid)
        drain(&readers, into: &buffers)
        return ProcessOutcome(ending: ending!, stdout: buffers[0], stderr: buffers[1], seconds: seconds, processGroup: pid)
    }

    // MARK: - Spawning

    /// Starts a program that lives on, as the leader of a new process group, with pipes to its stdin,
    /// stdout and stderr (the read ends don't block). The caller talks to it, reaps it and kills its group.
    package static func start(_ executable: String, _ arguments: [String], directory: String? = nil) throws -> Started {
        spawnLock.lock()
        defer { spawnLock.unlock() }
        var pipes: [(read: Int32, write: Int32)] = []
        do {
            for _ in 0..<3 { pipes.append(try makePipe()) }
        } catch {
            for pipe in pipes { close(pipe.read); close(pipe.write) }
            throw error
        }
        let (input, output, errors) = (pipes[0], pipes[1], pipes[2])
        // The tool writes to stdin, so that end blocks; the child's end of it must not be non-blocking.
        _ = fcntl(input.read, F_SETFL, fcntl(input.read, F_GETFL) & ~O_NONBLOCK)
        let pid: pid_t
        do {
            pid = try spawn(executable, arguments, directory: directory, stdin: input.read, stdout: output.write, stderr: errors.write)
        } catch {
            for pipe in pipes { close(pipe.read); close(pipe.write) }
            throw error
        }
        close(input.read); close(output.write); close(errors.write)
        return Started(pid: pid, input: input.write, output: output.read, errors: errors.read)
    }

    /// A program started by `start(_:_:directory:)`: its pid (and process group) and our ends of its pipes.
    package struct Started {
        package var pid: pid_t
        package var input: Int32
        package var output: Int32
        package var errors: Int32
    }

    private static func spawn(_ executable: String, _ arguments: [String], directory: String?,
                              stdin: Int32? = nil, stdout: Int32, stderr: Int32) throws -> pid_t {
        #if canImport(Darwin)
        var actions: posix_spawn_file_actions_t? = nil
        var attributes: posix_spawnattr_t? = nil
        #else
        var actions = posix_spawn_file_actions_t()
        var attributes = posix_spawnattr_t()
        #endif
        posix_spawn_file_actions_init(&actions)
        posix_spawnattr_init(&attributes)
        defer {
            posix_spawn_file_actions_destroy(&actions)
            posix_spawnattr_destroy(&attributes)
        }
        if let stdin {
            posix_spawn_file_actions_adddup2(&actions, stdin, 0)
        } else {
            posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        }
        posix_spawn_file_actions_adddup2(&actions, stdout, 1)
        posix_spawn_file_actions_adddup2(&actions, stderr, 2)
        #if os(Linux)
        // The child gets stdin, stdout and stderr only. Any other descriptor the tool has open — a file
        // being written on another thread — would otherwise live on in the workload, and an executable
        // held open for writing can't be started (ETXTBSY).
        // glibc 2.34+ has posix_spawn_file_actions_addclosefrom_np, but Swift's Glibc module doesn't
        // export it, so it is looked up at run time (and skipped on older systems).
        if let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "posix_spawn_file_actions_addclosefrom_np") {
            typealias AddCloseFrom = @convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>, Int32) -> Int32
            _ = unsafeBitCast(symbol, to: AddCloseFrom.self)(&actions, 3)
        }
        #endif

        var program = executable
        var argv = [executable] + arguments
        if let directory {
            if !addChdir(&actions, directory) {
                // Without posix_spawn_file_actions_addchdir_np (glibc < 2.29), a shell changes directory
                // and then becomes the program, so the process group is the same.
                program = "/bin/sh"
                argv = ["/bin/sh", "-c", "cd -- \"$0\" && exec \"$@\"", directory, executable] + arguments
            }
        }

        // A group of its own, so Ctrl-C at the terminal reaches only us and we decide; default signal
        // handling, since this process ignores SIGINT while it handles it through a dispatch source.
        var defaults = sigset_t()
        sigemptyset(&defaults)
        for signal in [SIGINT, SIGTERM, SIGPIPE, SIGCHLD, SIGHUP, SIGQUIT] { sigaddset(&defaults, signal) }
        var mask = sigset_t()
        sigemptyset(&mask)
        posix_spawnattr_setsigdefault(&attributes, &defaults)
        posix_spawnattr_setsigmask(&attributes, &mask)
        posix_spawnattr_setpgroup(&attributes, 0)
        let flags = POSIX_SPAWN_SETPGROUP | POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETSIGMASK
        posix_spawnattr_setflags(&attributes, Int16(truncatingIfNeeded: flags))

        let cArguments = argv.map { strdup($0) } + [nil]
        defer { for pointer in cArguments { free(pointer) } }
        var pid: pid_t = 0
        let code = posix_spawn(&pid, program, &actions, &attributes, cArguments, environ)
        guard code == 0 else { throw ProcessStartError(executable: executable, code: code) }
        return pid
    }

    #if canImport(Darwin)
    private static func addChdir(_ actions: inout posix_spawn_file_actions_t?, _ directory: String) -> Bool {
        posix_spawn_file_actions_addchdir_np(&actions, directory) == 0
    }
    #else
    private typealias AddChdir = @convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>, UnsafePointer<CChar>) -> Int32

    /// glibc has had `posix_spawn_file_actions_addchdir_np` since 2.29, but its header hides it from
    /// Swift's module map; it is looked up once at run time instead.
    private static let addChdirFunction: AddChdir? = {
        guard let symbol = dlsym(dlopen(nil, RTLD_NOW), "posix_spawn_file_actions_addchdir_np") else { return nil }
        return unsafeBitCast(symbol, to: AddChdir.self)
    }()

    private static func addChdir(_ actions: inout posix_spawn_file_actions_t, _ directory: String) -> Bool {
        guard let function = addChdirFunction else { return false }
        return function(&actions, directory) == 0
    }
    #endif

    // MARK: - Pipes

    private static func makePipe() throws -> (read: Int32, write: Int32) {
        var fds: [Int32] = [0, 0]
        // Close-on-exec, so other children don't inherit our write ends (they would hold them open
        // and hide the end of output). pipe2 would do it atomically, but Swift's Glibc module hides
        // it; `spawnLock` keeps our own spawns from racing in between instead.
        guard pipe(&fds) == 0 else { throw ProcessStartError(executable: "pipe", code: errno) }
        for fd in fds { _ = fcntl(fd, F_SETFD, FD_CLOEXEC) }
        _ = fcntl(fds[0], F_SETFL, fcntl(fds[0], F_GETFL) | O_NONBLOCK)
        return (fds[0], fds[1])
    }

    /// Waits up to `waitMilliseconds` for output and reads what is there; closes a pipe at its end.
    package static func pump(_ readers: inout [Int32], into buffers: inout [Data], waitMilliseconds: Int32) {
        var polls = readers.filter { $0 >= 0 }.map { pollfd(fd: $0, events: Int16(POLLIN), revents: 0) }
        if polls.isEmpty {
            _ = poll(nil, 0, waitMilliseconds)
            return
        }
        guard poll(&polls, nfds_t(polls.count), waitMilliseconds) > 0 else { return }
        for index in readers.indices where readers[index] >= 0 {
            if read(readers[index], into: &buffers[index]) { close(readers[index]); readers[index] = -1 }
        }
    }

    /// Reads whatever is left without waiting: the writers are dead, but a stray inherited copy of a
    /// write end (another thread's child) must not make this block.
    package static func drain(_ readers: inout [Int32], into buffers: inout [Data]) {
        for index in readers.indices where readers[index] >= 0 {
            for _ in 0..<2 {
                if read(readers[index], into: &buffers[index]) { break }
                _ = poll(nil, 0, 2)
            }
            close(readers[index])
            readers[index] = -1
        }
    }

    /// Reads until the pipe would block; returns true at end of file.
    package static func read(_ fd: Int32, into data: inout Data) -> Bool {
        var chunk = [UInt8](repeating: 0, count: 65536)
        while true {
            let count = chunk.withUnsafeMutableBytes { systemRead(fd, $0.baseAddress, $0.count) }
            if count > 0 {
                data.append(contentsOf: chunk[0..<count])
            } else if count == 0 {
                return true
            } else {
                return !(errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR)
            }
        }
    }

    package static func ending(of status: Int32) -> ProcessOutcome.Ending {
        let signal = status & 0x7f
        if signal == 0 { return .exited((status >> 8) & 0xff) }
        return .signalled(signal)
    }

    package static func elapsed(since start: DispatchTime) -> Double {
        Double(DispatchTime.now().uptimeNanoseconds - start.uptimeNanoseconds) / 1e9
    }
}

#if canImport(Glibc)
private let systemRead = Glibc.read
#else
private let systemRead = Darwin.read
#endif
