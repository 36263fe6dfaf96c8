import Dispatch
import Foundation
import SocialSim

// simbench: throughput and memory of the model, measured, not asserted.
//
//   swift run -c release simbench [--sizes 10000,100000,1000000] [--repeats 3] [--threads N]
//                                 [--steps N] [--csv outputs/simbench.csv] [--no-sweep]
//   swift run -c release simbench --once AGENTS STEPS [--threads N]   # one run on one thread (or N), for profilers
//
// For each population size it runs the default world (Watts-Strogatz, mean degree 10) from
// step 0 on one thread and on all cores, `--repeats` times each, and reports the median
// agent-steps per second. 10,000 and 100,000 agents run the default 500 steps; larger
// worlds run 50,000,000 agent-steps in all (50 steps at 1,000,000), which is the early,
// expensive part of a run, before most agents have exited. It also reports bytes per agent
// (state + CSR network), the bytes of state a step streams per agent, the memory bandwidth
// that implies, a single-thread memory bandwidth measured on this machine for the roofline,
// and the speed-up of a small sweep (independent runs, as `simrunner sweep` runs them).
// The same rows go to a CSV file.

struct Options {
    var sizes = [10_000, 100_000, 1_000_000]
    var steps = 0  // 0: 500, or 50,000,000 agent-steps for large worlds
    var repeats = 3
    var threads = ProcessInfo.processInfo.activeProcessorCount
    var csv = "outputs/simbench.csv"
    var sweep = true
    var once: (agents: Int, steps: Int)? = nil
    /// `--threads` given: `--once` then runs on that many threads (for per-thread profiles).
    var threadsGiven = false
}

func fail(_ message: String) -> Never {
    FileHandle.standardError.write(Data("simbench: \(message)\n".utf8))
    exit(2)
}

func parseOptions() -> Options {
    var o = Options()
    var args = CommandLine.arguments.dropFirst()
    func positive(_ name: String) -> Int {
        guard let text = args.popFirst(), let v = Int(text), v > 0 else { fail("\(name) needs a positive integer") }
        return v
    }
    while let a = args.popFirst() {
        switch a {
        case "--sizes":
            let list = (args.popFirst() ?? "").split(separator: ",").map { Int($0) }
            guard !list.isEmpty, list.allSatisfy({ ($0 ?? 0) >= 2 }) else { fail("--sizes needs integers >= 2, e.g. 10000,100000") }
            o.sizes = list.map { $0! }
        case "--steps": o.steps = positive(a)
        case "--repeats": o.repeats = positive(a)
        case "--threads": o.threads = positive(a); o.threadsGiven = true
        case "--csv":
            guard let path = args.popFirst() else { fail("--csv needs a path") }
            o.csv = path
        case "--no-sweep": o.sweep = false
        case "--once":
            let agents = positive(a), steps = positive(a)
            guard agents >= 2 else { fail("--once needs at least 2 agents") }
            o.once = (agents, steps)
        case "-h", "--help":
            print("""
            usage: simbench [--sizes 10000,100000,1000000] [--repeats 3] [--threads N] [--steps N]
                            [--csv outputs/simbench.csv] [--no-sweep]
                   simbench --once AGENTS STEPS [--threads N]
                                                   one default-world run on one thread, or N (for profilers)
            """)
            exit(0)
        default: fail("unknown argument '\(a)' (see --help)")
        }
    }
    return o
}

func seconds(_ body: () -> Void) -> Double {
    let start = DispatchTime.now().uptimeNanoseconds
    body()
    return Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
}

func median(_ xs: [Double]) -> Double {
    let s = xs.sorted()
    return s.count % 2 == 1 ? s[s.count / 2] : (s[s.count / 2 - 1] + s[s.count / 2]) / 2
}

func world(agents: Int, steps: Int) -> WorldConfig {
    var w = WorldConfig()
    w.agents = agents
    w.steps = steps
    return w
}

/// Times whole runs (from step 0 to the horizon, measures included, outputs not written).
func runSeconds(agents: Int, steps: Int, threads: Int, repeats: Int) -> (median: Double, sim: Simulation) {
    var times: [Double] = []
    var last: Simulation! = nil
    for _ in 0..<repeats {
        let sim = try! Simulation(world: world(agents: agents, steps: steps), seed: 1)
        sim.threads = threads
        times.append(seconds { sim.run { _ in } })
        last = sim
    }
    return (median(times), last)
}

/// Single-thread memory bandwidth: the best of a few sums over a 256 MB array (read only),
/// the ceiling of the roofline for a streaming, one-thread agent loop.
func measuredBandwidth() -> Double {
    let count = 32 * 1024 * 1024
    let data = UnsafeMutablePointer<Double>.allocate(capacity: count)
    defer { data.deallocate() }
    data.initialize(repeating: 1, count: count)
    var best = 0.0
    var sink = 0.0
    for _ in 0..<5 {
        let t = seconds {
            var s0 = 0.0, s1 = 0.0, s2 = 0.0, s3 = 0.0
            var k = 0
            while k < count {
                s0 += data[k]; s1 += data[k + 1]; s2 += data[k + 2]; s3 += data[k + 3]
                k &+= 4
            }
            sink += s0 + s1 + s2 + s3
        }
        best = max(best, Double(count * 8) / t / 1e9)
    }
    if sink < 0 { print(sink) }
    return best
}

/// Runs independent runs spread over `threads` threads, one run per thread at a time.
final class RunCounter: @unchecked Sendable {
    private let lock = NSLock()
    private var next = 0
    func take() -> Int {
        lock.lock()
        defer { lock.unlock() }
        next += 1
        return next - 1
    }
}

func sweepSeconds(runs: Int, agents: Int, steps: Int, threads: Int) -> Double {
    let w = world(agents: agents, steps: steps)
    let counter = RunCounter()
    return seconds {
        DispatchQueue.concurrentPerform(iterations: threads) { _ in
            while case let r = counter.take(), r < runs {
                let sim = try! Simulation(world: w, seed: UInt64(r + 1))
                sim.run { _ in }
            }
        }
    }
}

struct Row {
    var kind: String
    var agents: Int
    var steps: Int
    var runs: Int
    var threads: Int
    var seconds: Double
    var agentStepsPerSecond: Double
    var speedUp: Double
    var bytesPerAgent: Double
    var bytesMoved: Double
    var impliedGBps: Double

    static let header = "kind,agents,steps,runs,threads,median_seconds,agent_steps_per_s,speedup,bytes_per_agent,bytes_moved_per_agent_step,implied_GB_per_s"
    var csv: String {
        [kind, "\(agents)", "\(steps)", "\(runs)", "\(threads)", String(format: "%.4f", seconds),
         String(format: "%.0f", agentStepsPerSecond), String(format: "%.3f", speedUp),
         String(format: "%.1f", bytesPerAgent), String(format: "%.1f", bytesMoved),
         String(format: "%.3f", impliedGBps)].joined(separator: ",")
    }
}

let options = parseOptions()

if let once = options.once {
    let sim = try! Simulation(world: world(agents: once.agents, steps: once.steps), seed: 1)
    sim.threads = options.threadsGiven ? options.threads : 1
    var welfare = 0.0
    sim.run { welfare = $0.welfare }
    let on = sim.threads == 1 ? "one thread" : "\(sim.threads) threads"
    print(String(format: "ran %d agents x %d steps on ", once.agents, once.steps) + on + String(format: "; final welfare %.6f", welfare))
    exit(0)
}

let threads = options.threads
var rows: [Row] = []
let bandwidth = measuredBandwidth()
print("simbench: default world (Watts-Strogatz, mean degree 10), seed 1, median of \(options.repeats) runs; \(threads) threads")
print(String(format: "measured memory bandwidth, one thread, streaming read: %.1f GB/s", bandwidth))
print("")
print("agents      steps  threads  agent-steps/s  speed-up  bytes/agent  bytes moved/agent-step  implied GB/s")
for n in options.sizes {
    let steps = options.steps > 0 ? options.steps : max(1, min(500, 50_000_000 / n))
    var oneRate = 0.0
    for t in Array(Set([1, threads])).sorted() {
        let (time, sim) = runSeconds(agents: n, steps: steps, threads: t, repeats: options.repeats)
        let rate = Double(n * steps) / time
        if t == 1 { oneRate = rate }
        // Everything the run holds per agent: state, network, and the measures' scratch.
        let bytes = Double(sim.state.bytesPerAgent) + Double(sim.network.bytes + sim.scratchBytes) / Double(n)
        let moved = Double(StepTraffic(state: sim.state, network: sim.network).bytesPerAgentStep)
        let row = Row(kind: "run", agents: n, steps: steps, runs: options.repeats, threads: t, seconds: time,
                      agentStepsPerSecond: rate, speedUp: oneRate > 0 ? rate / oneRate : 1,
                      bytesPerAgent: bytes, bytesMoved: moved, impliedGBps: moved * rate / 1e9)
        rows.append(row)
        print(String(format: "%-10d %6d  %7d  %13.3e  %8.2f  %11.0f  %22.0f  %12.2f",
                     n, steps, t, rate, row.speedUp, bytes, moved, row.impliedGBps))
    }
}

if options.sweep {
    // Sweep scaling: independent runs, as `simrunner sweep` spreads them over --jobs.
    let runs = 4 * threads, agents = 2_000, steps = 200
    var oneTime = 0.0
    print("")
    print("sweep of \(runs) runs (\(agents) agents x \(steps) steps each)")
    for t in Array(Set([1, threads])).sorted() {
        let time = median((0..<options.repeats).map { _ in sweepSeconds(runs: runs, agents: agents, steps: steps, threads: t) })
        if t == 1 { oneTime = time }
        let rate = Double(runs * agents * steps) / time
        rows.append(Row(kind: "sweep", agents: agents, steps: steps, runs: runs, threads: t, seconds: time,
                        agentStepsPerSecond: rate, speedUp: oneTime / time, bytesPerAgent: 0, bytesMoved: 0, impliedGBps: 0))
        print(String(format: "  %d thread(s): %.2f s, %.3e agent-steps/s, speed-up %.2f", t, time, rate, oneTime / time))
    }
}

rows.append(Row(kind: "bandwidth", agents: 0, steps: 0, runs: 5, threads: 1, seconds: 0, agentStepsPerSecond: 0,
                speedUp: 0, bytesPerAgent: 0, bytesMoved: 0, impliedGBps: bandwidth))
let text = ([Row.header] + rows.map(\.csv)).joined(separator: "\n") + "\n"
let url = URL(fileURLWithPath: options.csv)
do {
    try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
    try Data(text.utf8).write(to: url, options: .atomic)
    print("\nwrote \(options.csv)")
} catch {
    fail("cannot write \(options.csv): \(error.localizedDescription)")
}
