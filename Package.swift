// swift-tools-version: 6.0
import PackageDescription

let package = Package(
    name: "sitegen",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "sitegen", targets: ["sitegen"]),
        .executable(name: "sitegen-fuzz", targets: ["SiteGenFuzz"]),
        .library(name: "SiteGenKit", targets: ["SiteGenKit"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/hummingbird-project/swift-mustache", from: "2.0.0"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.0.0"),
        // The preview server's HTTP: small, async, no dependencies of its own (a first build in well
        // under a minute, where Hummingbird with SwiftNIO takes minutes).
        .package(url: "https://github.com/swhitty/FlyingFox", from: "0.27.1"),
    ],
    targets: [
        // libcmark, the reference CommonMark implementation, as the system provides it.
        .systemLibrary(
            name: "CCmark",
            pkgConfig: "libcmark",
            providers: [.apt(["libcmark-dev"]), .brew(["cmark"])]
        ),
        // The ground floor: diagnostics and suggestions, source text, byte search and escaping,
        // hashing, versions. It imports nothing of the project, so nothing above can leak into it.
        .target(name: "SiteGenCore"),
        // Results files and everything derived from them: host and interpreter facts, statistics,
        // the decision rule, contamination, the cache. Above the core, below everything that measures.
        .target(
            name: "SiteGenResults",
            dependencies: ["SiteGenCore"],
            // The schema documents the results files for other tools; the tests validate against it.
            exclude: ["results.schema.json"]
        ),
        // Child processes in groups of their own, with timeouts, Ctrl-C and cleanup: the process layer
        // the measurement stands on, apart from what it measures.
        .target(name: "SiteGenProcess"),
        // printf's `%.*f` called from C: figures formatted with the C library's exact rounding, without
        // the boxing of Swift's variadic-argument path.
        .target(name: "CFormatting"),
        // Markdown (the only code that touches CCmark), figures and their formats, tables and charts,
        // Mustache templates and code highlighting: how results and pages look, knowing nothing of
        // pages' sources, directives or measurement.
        .target(
            name: "SiteGenRender",
            dependencies: [
                "SiteGenCore", "SiteGenResults", "SiteGenProcess", "CCmark", "CFormatting",
                .product(name: "Mustache", package: "swift-mustache"),
            ]
        ),
        // Measurement: the host probe, interpreters, the workload catalogue, plans, the runner and its
        // cell server, contamination re-runs and extra rounds (asked for through a protocol, so the
        // claims stay above). Ships the Python workloads it runs.
        .target(
            name: "SiteGenMeasure",
            dependencies: ["SiteGenCore", "SiteGenResults", "SiteGenProcess"],
            resources: [.copy("Workloads")]
        ),
        // Pages as read from Content/: front matter, the directive scanner, the directive protocol and
        // registry, and the expansion of a page's directives around cmark. Which directives exist is
        // the layer above's business.
        .target(
            name: "SiteGenContent",
            dependencies: ["SiteGenCore", "SiteGenResults", "SiteGenMeasure", .product(name: "Yams", package: "Yams")]
        ),
        // The directives themselves (values, tables, charts, host facts, sources) and the claims: their
        // language, evaluation, verdicts, and the extra rounds undecided claims ask the measurement for.
        .target(
            name: "SiteGenDirectives",
            dependencies: ["SiteGenCore", "SiteGenResults", "SiteGenMeasure", "SiteGenRender", "SiteGenContent"]
        ),
        // The site pipeline: named, timed stages over one build (load, measure, render, link check,
        // highlight, layout, fleet pages, offline check, write), guides, the bench job. The command
        // line's one import; it re-exports the layers below.
        .target(
            name: "SiteGenKit",
            dependencies: [
                "SiteGenCore",
                "SiteGenResults",
                "SiteGenProcess",
                "SiteGenMeasure",
                "SiteGenRender",
                "SiteGenContent",
                "SiteGenDirectives",
            ]
        ),
        // `sitegen serve`: the site over HTTP on 127.0.0.1, rebuilt when its sources change, the browser
        // reloaded. Above the pipeline, which it drives, and beside the command line.
        .target(
            name: "SiteGenServe",
            dependencies: [
                "SiteGenCore", "SiteGenProcess", "SiteGenKit",
                .product(name: "FlyingFox", package: "FlyingFox"),
            ]
        ),
        .executableTarget(
            name: "sitegen",
            dependencies: [
                "SiteGenKit",
                "SiteGenServe",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        // The readers of untrusted input as fuzz targets: libFuzzer drives them when built with
        // Tests/Fuzz/fuzz.sh; a normal build replays a corpus through them (the tests do).
        .target(name: "CLibFuzzer"),
        .executableTarget(
            name: "SiteGenFuzz",
            dependencies: ["SiteGenKit", "CLibFuzzer"],
            resources: [.copy("fixture-results.json")]
        ),
        .testTarget(
            name: "SiteGenKitTests",
            dependencies: ["SiteGenKit", "SiteGenCore", "SiteGenResults", "SiteGenProcess", "SiteGenMeasure", "SiteGenRender", "SiteGenContent", "SiteGenDirectives", "SiteGenServe", .product(name: "Yams", package: "Yams")],
            resources: [.copy("Fixtures")]
        ),
    ],
    // Swift 6 tools with the Swift 5 language mode: the pipeline is synchronous, and the few places
    // that share state across threads (signal handling, the parallel renderer) guard it with locks.
    swiftLanguageModes: [.v5]
)
