// swift-tools-version:6.0
// SocialSim: an agent-based simulator of social dynamics and irreversibility.
// No third-party packages: the Swift toolchain only (Foundation, Dispatch, Swift Testing).
import PackageDescription

let package = Package(
    name: "SocialSim",
    products: [
        .library(name: "SocialSim", targets: ["SocialSim"]),
        .library(name: "NarrativeModel", targets: ["NarrativeModel"]),
        .executable(name: "simrunner", targets: ["SimRunner"]),
        .executable(name: "simbench", targets: ["SimBench"]),
    ],
    targets: [
        // Narrative frames, their contagion, identity lock-in, and how they bend perception and feedback.
        .target(name: "NarrativeModel"),
        // A cache hint (prefetch) for the agent loop: Swift has no prefetch of its own, so it is
        // clang's builtin in a static inline C function (Sources/CacheHint/include/CacheHint.h).
        .target(name: "CacheHint"),
        // The model: agents, constraints, thresholds, trust, preferences, networks, optimizer, safeguards, metrics.
        .target(name: "SocialSim", dependencies: ["NarrativeModel", "CacheHint"]),
        // The command-line program: world files, experiments, outputs.
        .executableTarget(name: "SimRunner", dependencies: ["SocialSim", "NarrativeModel"]),
        // Throughput and memory benchmarks (agent-steps per second, scaling, bytes per agent).
        .executableTarget(name: "SimBench", dependencies: ["SocialSim"]),
        .testTarget(name: "NarrativeModelTests", dependencies: ["NarrativeModel"]),
        .testTarget(name: "SocialSimTests", dependencies: ["SocialSim", "NarrativeModel"]),
        .testTarget(name: "SimRunnerTests", dependencies: ["SimRunner", "SocialSim"], exclude: ["Malformed", "Golden"]),
    ],
    swiftLanguageModes: [.v6]
)
