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

/// The process runner: own process group, output capture, timeout and cancellation kill the whole group.
@Suite("Process groups")
struct MeasureProcessTests {
    @Test func capturesOutputAndExitStatus() throws {
        let outcome = try GroupProcess.run("/bin/sh", ["-c", "echo out; echo err >&2; exit 3"], timeout: 10)
        #expect(outcome.ending == .exited(3))
        #expect(outcome.stdoutText == "out\n")
        #expect(outcome.stderrText == "err\n")
    }

    @Test func readsMoreOutputThanAPipeHolds() throws {
        // 1 MiB: a child blocks on a full pipe unless the reader keeps up while it runs.
        let outcome = try GroupProcess.run("/bin/sh", ["-c", "head -c 1048576 /dev/zero"], timeout: 20)
        #expect(outcome.succeeded)
        #expect(outcome.stdout.count == 1_048_576)
    }

    @Test func runsInTheGivenFolderAsLeaderOfItsOwnGroup() throws {
        let folder = try MeasureTestSupport.temporaryFolder()
        defer { MeasureTestSupport.remove(folder) }
        let outcome = try GroupProcess.run("/bin/sh", ["-c", "pwd; ps -o pgid= -p $$"], directory: folder.path, timeout: 10)
        let lines = outcome.stdoutText.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }
        #expect(URL(fileURLWithPath: lines[0]).resolvingSymlinksInPath().path == folder.resolvingSymlinksInPath().path)
        #expect(lines.count > 1 && Int32(lines[1]) == outcome.processGroup)
        #expect(outcome.processGroup != getpgrp())
    }

    @Test func aMissingProgramIsAStartError() {
        #expect(throws: ProcessStartError.self) {
            try GroupProcess.run("/nonexistent/program", [], timeout: 5)
        }
    }

    @Test func timeoutKillsTheWholeGroupAndLeavesNoProcess() throws {
        // The shell starts a grandchild that would outlive it, reports its pid, then hangs itself.
        let started = Date()
        let outcome = try GroupProcess.run("/bin/sh", ["-c", "sleep 300 & echo $!; sleep 300"], timeout: 0.5)
        #expect(outcome.ending == .timedOut(0.5))
        #expect(Date().timeIntervalSince(started) < 5)
        let grandchild = try #require(Int32(outcome.stdoutText.trimmingCharacters(in: .whitespacesAndNewlines)))
        #expect(MeasureTestSupport.eventually { !MeasureTestSupport.isRunning(grandchild) }, "pid \(grandchild) survived")
        #expect(MeasureTestSupport.eventually { !MeasureTestSupport.groupIsRunning(outcome.processGroup) })
        #expect(!ProcessGroups.shared.live.contains(outcome.processGroup))
    }

    @Test func leftoversOfAFinishedLeaderAreKilledToo() throws {
        // The leader exits at once but leaves a background child in its group holding the pipe.
        let outcome = try GroupProcess.run("/bin/sh", ["-c", "sleep 300 & echo $!"], timeout: 10)
        #expect(outcome.ending == .exited(0))
        let child = try #require(Int32(outcome.stdoutText.trimmingCharacters(in: .whitespacesAndNewlines)))
        #expect(MeasureTestSupport.eventually { !MeasureTestSupport.isRunning(child) }, "pid \(child) survived")
    }

    @Test func cancellationKillsTheRunningGroup() throws {
        let cancellation = Cancellation()
        DispatchQueue.global().asyncAfter(deadline: .now() + 0.3) { cancellation.cancel() }
        let started = Date()
        let outcome = try GroupProcess.run("/bin/sh", ["-c", "sleep 300 & echo $!; sleep 300"], timeout: 60, cancellation: cancellation)
        #expect(outcome.ending == .cancelled)
        #expect(Date().timeIntervalSince(started) < 5)
        let grandchild = try #require(Int32(outcome.stdoutText.trimmingCharacters(in: .whitespacesAndNewlines)))
        #expect(MeasureTestSupport.eventually { !MeasureTestSupport.isRunning(grandchild) })
    }
}
