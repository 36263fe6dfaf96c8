// swift-tools-version:6.0
// SocialSim: an agent-based simulator of social dynamics and irreversibility.
// No third-party packages: the Swift toolchain only (Foundation, Dispatch, Swift Testing).
import PackageDescription
import Foundation

// The model is compiled for the building machine's instruction set when that machine has
// Haswell's (x86-64 with AVX2, FMA, BMI1/2, MOVBE, F16C, LZCNT, as every x86-64 server since
// about 2015 has): the agent loop's four-dimension vectors become one 256-bit register, not two.
// The numbers stay the same bytes: Swift never fuses a multiply and an add on its own (no FMA
// contraction), and the golden tests and scripts/same-outputs.sh pass with either build
// (docs/performance.md). A binary built so does not run on an older processor: for a binary
// to copy to other machines, build with SOCIALSIM_TARGET_CPU=x86-64 (generic); any other value
// names the processor to compile for (swiftc -target-cpu).
func modelTargetCPU() -> String? {
    let environment = ProcessInfo.processInfo.environment
    if let named = environment["SOCIALSIM_TARGET_CPU"], !named.isEmpty {
        return named == "x86-64" ? nil : named
    }
    #if os(Linux) && arch(x86_64)
    guard let cpuinfo = try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8),
          let line = cpuinfo.split(separator: "\n").first(where: { $0.hasPrefix("flags") }) else { return nil }
    let flags = Set(line.split(separator: " ").map(String.init))
    let haswell: Set = ["avx", "avx2", "fma", "bmi1", "bmi2", "movbe", "f16c", "abm", "popcnt", "sse4_2", "xsave"]
    return haswell.isSubset(of: flags) ? "haswell" : nil
    #else
    return nil
    #endif
}
// SOCIALSIM_HARDWARE_FMA: the processor compiled for multiplies and adds in one rounding in
// hardware, so the model's ports of glibc's log and exp (NaturalLog, NaturalExp), which are
// made of fused multiply-adds, beat the library's; without it each would be a call to `fma`,
// and the model calls the library's log and exp instead (the same bits).
let fusedMultiplyAddCPUs: Set = ["haswell", "broadwell", "skylake", "skylake-avx512", "cascadelake", "icelake-server",
                                 "sapphirerapids", "znver1", "znver2", "znver3", "znver4", "znver5"]
let modelSettings: [SwiftSetting] = modelTargetCPU().map { cpu in
    [.unsafeFlags(["-target-cpu", cpu])] + (fusedMultiplyAddCPUs.contains(cpu) ? [.define("SOCIALSIM_HARDWARE_FMA")] : [])
} ?? []

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
        .target(name: "NarrativeModel", swiftSettings: modelSettings),
        // A cache hint (prefetch) for the agent loop: Swift has no prefetch of its own, so it is
        // clang's builtin in a static inline C function (Sources/CacheHint/include/CacheHint.h).
        .target(name: "CacheHint"),
        // The model: agents, constraints, thresholds, trust, preferences, networks, optimizer, safeguards, metrics.
        .target(name: "SocialSim", dependencies: ["NarrativeModel", "CacheHint"], swiftSettings: modelSettings),
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
