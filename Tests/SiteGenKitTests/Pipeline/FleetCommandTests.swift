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

/// `sitegen build|check --results DIR --no-measure`, as the fleet's publish job runs it.
@Suite("Fleet command line")
struct FleetCommandTests {
    @Test(.enabled(if: CommandRunner.sitegen != nil))
    func buildMergesAFolderAndCheckAcceptsTheSameFlags() throws {
        let site = try FleetFixture.site()
        let folder = try FleetFixture.write(["a.json": FleetFixture.gilMachine(), "nested/b.json": FleetFixture.bigMachine(),
                                            "c.json": FleetFixture.freeThreaded()], in: site)
        let build = try CommandRunner.sitegen(["build", "--root", site.root.path, "--results", folder, "--no-measure", "--no-highlight",
                                               "--python", "/nonexistent/python3"], in: site.container)
        #expect(build.status == 0, "\(build.stderr)")
        #expect(build.stdout.contains("3 guides"))
        #expect(FileManager.default.fileExists(atPath: site.path("Site/compare.html")))
        #expect(build.stderr.contains("warning:"))
        let check = try CommandRunner.sitegen(["check", "--root", site.root.path, "--results", folder, "--no-measure",
                                               "--python", "/nonexistent/python3"], in: site.container)
        #expect(check.status == 0, "\(check.stderr)")
        #expect(check.stdout.contains("Checked 6 pages: no errors"))
    }

    @Test(.enabled(if: CommandRunner.sitegen != nil))
    func aBadFileFailsNamingItAndLeavesThePreviousSite() throws {
        let site = try FleetFixture.site()
        let folder = try FleetFixture.write(["a.json": FleetFixture.gilMachine(), "b.json": FleetFixture.bigMachine()], in: site)
        let first = try CommandRunner.sitegen(["build", "--root", site.root.path, "--results", folder, "--no-measure", "--no-highlight"],
                                              in: site.container)
        #expect(first.status == 0, "\(first.stderr)")
        let before = FolderSnapshot(site.output)
        try Data("{\"tool\": \"sitegen\",".utf8).write(to: URL(fileURLWithPath: folder + "/broken.json"))
        let second = try CommandRunner.sitegen(["build", "--root", site.root.path, "--results", folder, "--no-measure", "--no-highlight"],
                                               in: site.container)
        #expect(second.status == 1)
        #expect(second.stderr.contains("broken.json:1:") && second.stderr.contains("not valid JSON"))
        #expect(FolderSnapshot(site.output) == before)
    }

    @Test(.enabled(if: CommandRunner.sitegen != nil))
    func aMissingFolderIsAnEnvironmentErrorAndContradictoryFlagsAUsageError() throws {
        let site = try FleetFixture.site()
        let missing = try CommandRunner.sitegen(["build", "--root", site.root.path, "--results", "nowhere/", "--no-measure"], in: site.container)
        #expect(missing.status == 2)
        #expect(missing.stderr.contains("nowhere/ does not exist"))
        let contradictory = try CommandRunner.sitegen(["build", "--no-measure", "--remeasure"], in: site.container)
        #expect(contradictory.status == 2)
        #expect(contradictory.stderr.contains("give one of them"))
    }
}
