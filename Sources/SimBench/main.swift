import Dispatch
import Foundation
import SocialSim

// simbench: throughput and memory of the model, measured, not asserted.
//
//   swift run -c release simbench [--sizes 10000,100000,1000000] [--steps N] [--threads N]
//
// For each population size it builds the default world (Watts-Strogatz, mean degree 10),
// runs a few steps on one thread and on all cores, and prints agent-steps per second, the
// speed-up, and bytes per agent (agent state + CSR network). Then it times a small sweep
// (independent runs, as `simrunner sweep` does) on one thread and on all cores.

struct Options {
    var sizes = [10_000, 100_000, 1_000_000]
    var steps = 0  // 0: chosen per size
    var threads = ProcessInfo.processInfo.activeProcessorCount
}

func parseOptions() -> Options {
    var o = Options()
    var args = CommandLine.arguments.dropFirst()
    while let a = args.popFirst() {
        switch a {
        case "--sizes": o.sizes = (args.popFirst() ?? "").split(separator: ",").compactMap { Int($0) }
        case "--steps": o.steps = Int(args.popFirst() ?? "") ?? 0
        case "--threads": o.threads = Int(args.popFirst() ?? "") ?? o.threads
        case "-h", "--help":
            print("usage: simbench [--sizes 10000,100000,1000000] [--steps N] [--threads N]")
            exit(0)
        default:
            FileHandle.standardError.write(Data("simbench: unknown argument '\(a)'\n".utf8))
            exit(2)
        }
    }
    return o
}

func seconds(_ body: () -> Void) -> Double {
    let start = DispatchTime.now().uptimeNanoseconds
    body()
    return Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
}

let options = parseOptions()
print("simbench: default world, Watts-Strogatz mean degree 10; \(options.threads) threads available")
print("agents     steps  1 thread (agent-steps/s)  \(options.threads) threads (agent-steps/s)  speed-up  bytes/agent  build (s)")
for n in options.sizes where n >= 2 {
    var world = WorldConfig()
    world.agents = n
    world.steps = 1_000_000
    let steps = options.steps > 0 ? options.steps : max(5, min(200, 20_000_000 / n))
    var sim: Simulation! = nil
    let build = seconds { sim = try! Simulation(world: world, seed: 1) }
    sim.advance()  // warm up
    sim.threads = 1
    let one = seconds { for _ in 0..<steps { sim.advance() } }
    sim.threads = options.threads
    let many = seconds { for _ in 0..<steps { sim.advance() } }
    let networkBytes = sim.network.bytes
    let bytes = Double(sim.state.bytesPerAgent) + Double(networkBytes) / Double(n)
    let r1 = Double(n * steps) / one, rm = Double(n * steps) / many
    print(String(format: "%-10d %5d  %24.3e  %25.3e  %8.2f  %11.0f  %9.2f", n, steps, r1, rm, r1 > 0 ? rm / r1 : 0, bytes, build))
}

// Sweep scaling: independent runs spread over threads, one run per thread at a time.
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

func sweepSeconds(runs: Int, threads: Int) -> Double {
    var world = WorldConfig()
    world.agents = 2000
    world.steps = 100
    let counter = RunCounter()
    return seconds {
        DispatchQueue.concurrentPerform(iterations: threads) { [world] _ in
            while case let r = counter.take(), r < runs {
                let sim = try! Simulation(world: world, seed: UInt64(r + 1))
                sim.run { _ in }
            }
        }
    }
}

let sweepRuns = 4 * options.threads
let sweepOne = sweepSeconds(runs: sweepRuns, threads: 1)
let sweepMany = sweepSeconds(runs: sweepRuns, threads: options.threads)
print(String(format: "sweep of %d runs (2000 agents x 100 steps): %.2f s on 1 thread, %.2f s on %d threads: speed-up %.2f",
             sweepRuns, sweepOne, sweepMany, options.threads, sweepOne / sweepMany))
