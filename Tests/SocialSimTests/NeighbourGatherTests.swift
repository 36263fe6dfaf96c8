import Testing
@testable import SocialSim

/// ``NeighbourAggregates/gather(_:from:to:stepStart:stock:frames:increments:frameCounts:)``
/// counts frames and locks in packed 8-bit lanes (at most 4 frames) or per-frame counters (more
/// frames); both are held here to plain counts, and the mean stocks to a plain per-dimension sum
/// in edge order, bit for bit, at degrees around the lanes' 255-neighbour flush (degrees to 255
/// with at most 4 frames take the one-block path inlined into the agent loop, the others
/// ``NeighbourAggregates/gatherInBlocks(_:from:to:stepStart:stock:frames:increments:frameCounts:)``).
@Suite("the neighbour gather equals plain counts and sums")
struct NeighbourGatherTests {
    /// Degrees: none, one, typical, around one and two lane flushes, and many flushes.
    static let degrees = [0, 1, 10, 254, 255, 256, 509, 510, 511, 70_000]

    @Test("frame counts, held frames, lock counts and mean stocks equal the plain rule at 1, 4, 5 and 16 frames, degrees 0 to 70,000, some or all neighbours locked")
    func gatherEqualsPlainCounts() throws {
        let sim = try Simulation(world: smallWorld(agents: 20, steps: 1), seed: 1)
        let increments = sim.tables.neighbourIncrements
        #expect(increments.count == 256)
        var rng = SplitMix64(seed: 5)
        let agents = 300
        for frames in [1, 4, 5, 16] {
            for lockProbability in [0.5, 1.0] {
                var bytes = [UInt8](repeating: 0, count: agents)
                var frameOf = [Int](repeating: 0, count: agents), locks = [[UInt8]](repeating: [0, 0, 0, 0], count: agents)
                // Stocks of varied magnitude, so that the order of additions shows in the bits.
                let stock = (0..<(agents * Dimension.count)).map { _ in rng.nextUnit() * (rng.nextUnit() < 0.1 ? 1e6 : 3) }
                for j in 0..<agents {
                    frameOf[j] = rng.nextInt(below: frames)
                    locks[j] = (0..<4).map { _ in rng.nextUnit() < lockProbability ? 1 : 0 }
                    bytes[j] = StepStart.pack(frame: UInt8(frameOf[j]), locked: (locks[j][0], locks[j][1], locks[j][2], locks[j][3]))
                }
                for degree in Self.degrees {
                    // A slice in the middle of the edge list, as an agent's neighbours are.
                    let lo = 3
                    let neighbors = (0..<(lo + degree + 2)).map { _ in Int32(rng.nextInt(below: agents)) }
                    var expectedFrames = [Int32](repeating: 0, count: frames), expectedLocks = SIMD4<Int32>()
                    var expectedMean = [Double](repeating: 0, count: Dimension.count)
                    for j in neighbors[lo..<(lo + degree)] {
                        expectedFrames[frameOf[Int(j)]] += 1
                        for d in 0..<4 { expectedLocks[d] += Int32(locks[Int(j)][d]) }
                    }
                    for d in 0..<Dimension.count {
                        var sum = 0.0
                        for j in neighbors[lo..<(lo + degree)] { sum += stock[AgentState.slot(agent: Int(j), dimension: d)] }
                        expectedMean[d] = degree > 0 ? sum * (1 / Double(degree)) : 0
                    }
                    // Stale counts from an earlier agent: the gather overwrites the world's frames and only them.
                    var counts = [Int32](repeating: -7, count: StepStart.frameLimit)
                    let got = neighbors.withUnsafeBufferPointer { nb in
                        bytes.withUnsafeBufferPointer { b in
                            stock.withUnsafeBufferPointer { st in
                                counts.withUnsafeMutableBufferPointer { c in
                                    NeighbourAggregates.gather(nb, from: lo, to: lo + degree, stepStart: b.baseAddress!,
                                                               stock: st.baseAddress!, frames: frames,
                                                               increments: increments.base, frameCounts: c)
                                }
                            }
                        }
                    }
                    let label = "frames \(frames), degree \(degree), lock probability \(lockProbability)"
                    #expect(Array(counts[0..<frames]) == expectedFrames, "\(label)")
                    // Frames the world does not have: 0 (no neighbour holds them) up to the packed 4, untouched after.
                    #expect(counts[frames..<max(frames, NeighbourAggregates.packedFrames)].allSatisfy { $0 == 0 }, "\(label)")
                    #expect(counts[max(frames, NeighbourAggregates.packedFrames)...].allSatisfy { $0 == -7 }, "\(label)")
                    #expect(got.locked == expectedLocks, "\(label)")
                    // Bit f for a frame some neighbour holds, no other bit.
                    let expectedHeld = (0..<frames).reduce(UInt32(0)) { expectedFrames[$1] > 0 ? $0 | 1 << $1 : $0 }
                    #expect(got.heldFrames == expectedHeld, "\(label)")
                    #expect(got.perNeighbour.bitPattern == (degree > 0 ? 1 / Double(degree) : 0).bitPattern, "\(label)")
                    for d in 0..<Dimension.count {
                        #expect(got.meanStock[d].bitPattern == expectedMean[d].bitPattern, "\(label), dimension \(d)")
                    }
                }
            }
        }
    }

    @Test("each step-start byte's packed increment has 1 in the lane of each locked dimension and of its frame when it is one of the first 4")
    func packedIncrements() {
        for b in 0...255 {
            let increment = NeighbourAggregates.packedIncrement(UInt8(b))
            let lane = (0..<8).map { Int(increment >> (8 * $0) & 0xFF) }
            for d in 0..<4 { #expect(lane[d] == (b >> (4 + d)) & 1, "byte \(b), dimension \(d)") }
            for f in 0..<4 { #expect(lane[4 + f] == (b & 15 == f ? 1 : 0), "byte \(b), frame \(f)") }
        }
    }
}

extension StepStart {
    /// The step-start byte written out flag by flag: the reference the agent loop's packed
    /// form (``StepStart/pack(frame:lockedMask:)``) and the lane tests are held to.
    static func pack(frame: UInt8, locked: (UInt8, UInt8, UInt8, UInt8)) -> UInt8 {
        frame | locked.0 << 4 | locked.1 << 5 | locked.2 << 6 | locked.3 << 7
    }
}
