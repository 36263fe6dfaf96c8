extension LockClustering {
    /// What one run keeps to take ``LockClustering`` every step cheaply, with the plain rule's
    /// numbers to the bit.
    ///
    /// The network never changes during a run, so the degree classes (the distinct degrees,
    /// ascending, and how many agents have each) are found once. Each agent has a key,
    /// `class << 1 | locked`, as of the last ``mark(chunk:locked:)``: the agent loop marks its
    /// chunk after updating it (in parallel), flipping the lock bit of the agents whose "any
    /// dimension locked" changed and counting the change per class in the chunk's own table.
    /// ``measure(offsets:neighbors:threads:)`` then folds those integer changes into the locked
    /// counts per class (integer sums, in any order), and:
    /// - when no agent flipped since the last measure, the set of locked agents, hence the
    ///   whole result, is the last one: it is returned as it was;
    /// - otherwise each agent's conditional sum over its neighbours (in CSR order, as the rule
    ///   adds it) times its own share is computed, together with each chunk's integer count of
    ///   locked-locked tie ends, and these terms are added in agent order: the rule's operations
    ///   in the rule's order. On one thread each term is added as it is computed; on more, the
    ///   chunks go in waves of up to ``defaultWaveChunks`` chunks, which compute their terms in
    ///   parallel into a buffer of a wave's agents, added in agent order on one thread before the
    ///   next wave (so the buffer is at most 512 KB however many agents, and a world of up to
    ///   65,536 agents is one wave: one wait for the workers, as before). An agent whose class
    ///   has no locks contributes +0.0 (the rule skips it; adding +0.0 to a sum of non-negative
    ///   terms that starts at +0.0 changes no bit).
    ///
    /// The locked-locked tie ends (the rule's integer numerator) are kept from measure to
    /// measure and updated from the flips: each chunk lists the agents it flipped (up to
    /// ``flipListLimit`` per measure), and the measure takes them back to the state of the last
    /// measure and then toggles them again one at a time, each adding (becoming locked) or
    /// removing (becoming unlocked) twice its locked neighbours other than itself plus its ties
    /// to itself: in a symmetric network (``Network``: `j` is in `i`'s list as often as `i` is in
    /// `j`'s) those are exactly the tie ends the toggle adds or removes, so the sum over the
    /// toggles is the change of the count, whatever their order. When a chunk flipped more than
    /// the limit (a step where many agents lock, or the first measure), the count is taken
    /// again in the parallel per-agent sums.
    ///
    /// Memory: a 2-byte key per agent (4 bytes in networks with more than 32,768 distinct
    /// degrees), a double per agent of a wave (at most 65,536 agents) once the measure has run
    /// on more than one thread, a 2-byte count per class per 1,024-agent chunk, and with few
    /// classes their rows (at most 4,096 doubles, rebuilt each step the measure is taken). Owned by
    /// one run; chunks write only their own agents' keys and doubles and their own tables.
    final class Scratch: @unchecked Sendable {
        let agents: Int
        let chunks: ParallelChunks
        let classes: Int
        /// Degree of each class, ascending, and the number of agents of each (never 0).
        let classDegree: [Int]
        let classAgents: [Int]
        /// Locked agents per class, their number and the sum of their degrees (the measure's
        /// denominator), as of the last measure.
        private var lockedOfClass: [Int]
        private var lockedCount = 0
        private var lockedDegrees = 0
        /// `class << 1 | locked` per agent, narrow when the class fits 15 bits.
        private let narrowKeys: UnsafeMutablePointer<UInt16>?
        private let wideKeys: UnsafeMutablePointer<UInt32>?
        /// Per chunk: the change of locked agents per class since the last measure
        /// (`chunks × classes`, each within ±1,024, the chunk size), and the number of flips
        /// and the lowest and highest class flipped.
        private let changes: UnsafeMutablePointer<Int16>
        private let flips: UnsafeMutablePointer<Int>
        /// Per chunk: the agents it flipped since the last measure, in order (the first
        /// ``flipListLimit``); and the locked-locked tie ends as of the last measure, when known.
        private let flipList: UnsafeMutablePointer<Int32>
        static let flipListLimit = 64
        private var lockedEnds: Int? = nil
        /// Per agent of a wave: its share times its conditional sum (the rule's term), for
        /// `termsCapacity` agents, allocated the first time the measure runs on more than one
        /// thread; per chunk: its locked-locked tie ends; per class: its share, then the share
        /// of others of its class.
        private var terms: UnsafeMutablePointer<Double>? = nil
        private var termsCapacity = 0
        /// Chunks per wave on more than one thread (64 unless a test asks for fewer).
        let waveChunks: Int
        static let defaultWaveChunks = 64
        private let chunkLockedEnds: UnsafeMutablePointer<Int>
        private let shares: UnsafeMutablePointer<Double>
        /// When there are few classes (`2 × classes²` at most ``rowLimit``): per class c, the
        /// value each neighbour key adds to c's conditional sum (the share of the key's class,
        /// or of others of c's own class), so a tie end costs one load and no comparison.
        private let rows: UnsafeMutablePointer<Double>?
        static let rowLimit = 4_096
        /// The last result (`.none` before the first measure).
        private var last: (observed: Double, null: Double)?? = .none

        /// Classes from the degrees in `offsets` (`n + 1` entries) and the lock bits from
        /// `locked` (one step-start byte per agent, ``LockClustering/anyLocked(_:agent:)``) as
        /// they stand. `wide` forces 4-byte keys, `rowLimit` bounds the per-class rows and
        /// `waveChunks` the chunks of a wave (all three for tests).
        init(agents n: Int, offsets: UnsafeBufferPointer<Int>, locked: UnsafePointer<UInt8>, wide: Bool = false,
             rowLimit: Int = Scratch.rowLimit, waveChunks: Int = Scratch.defaultWaveChunks) {
            self.waveChunks = max(1, waveChunks)
            agents = n
            chunks = ParallelChunks(agents: n)
            var maxDegree = 0
            for i in 0..<n { maxDegree = max(maxDegree, offsets[i + 1] - offsets[i]) }
            // Degree -> class through a dense table: maxDegree < n, so it is at most n entries.
            var agentsOfDegree = [Int](repeating: 0, count: maxDegree + 1)
            for i in 0..<n { agentsOfDegree[offsets[i + 1] - offsets[i]] += 1 }
            var classOfDegree = [Int](repeating: -1, count: maxDegree + 1)
            var degrees: [Int] = [], counts: [Int] = []
            for k in 0...maxDegree where agentsOfDegree[k] > 0 {
                classOfDegree[k] = degrees.count
                degrees.append(k)
                counts.append(agentsOfDegree[k])
            }
            classes = degrees.count
            classDegree = degrees
            classAgents = counts
            lockedOfClass = [Int](repeating: 0, count: classes)
            let isWide = wide || classes > 1 << 15
            narrowKeys = isWide ? nil : .allocate(capacity: max(n, 1))
            wideKeys = isWide ? .allocate(capacity: max(n, 1)) : nil
            for i in 0..<n {
                let c = classOfDegree[offsets[i + 1] - offsets[i]]
                let isLocked = LockClustering.anyLocked(locked, agent: i)
                if isLocked {
                    lockedOfClass[c] += 1
                    lockedCount += 1
                    lockedDegrees += degrees[c]
                }
                let key = c << 1 | (isLocked ? 1 : 0)
                if let k = narrowKeys { k[i] = UInt16(key) } else { wideKeys![i] = UInt32(key) }
            }
            changes = .allocate(capacity: max(chunks.count * classes, 1))
            changes.initialize(repeating: 0, count: max(chunks.count * classes, 1))
            flips = .allocate(capacity: max(3 * chunks.count, 1))
            flips.initialize(repeating: 0, count: max(3 * chunks.count, 1))
            flipList = .allocate(capacity: max(Self.flipListLimit * chunks.count, 1))
            flipList.initialize(repeating: 0, count: max(Self.flipListLimit * chunks.count, 1))
            chunkLockedEnds = .allocate(capacity: max(chunks.count, 1))
            chunkLockedEnds.initialize(repeating: 0, count: max(chunks.count, 1))
            shares = .allocate(capacity: max(2 * classes, 1))
            shares.initialize(repeating: 0, count: max(2 * classes, 1))
            rows = 2 * classes * classes <= rowLimit ? .allocate(capacity: max(2 * classes * classes, 1)) : nil
            rows?.initialize(repeating: 0, count: max(2 * classes * classes, 1))
            for c in 0..<chunks.count { resetFlips(chunk: c) }
        }

        /// The bytes it holds: keys, per-chunk tables and lists, per-class shares and rows, and
        /// the per-agent terms once allocated.
        var bytes: Int {
            let keys = (narrowKeys != nil ? 2 : 4) * agents
            let perChunk = chunks.count * (2 * classes + 3 * 8 + Self.flipListLimit * 4 + 8)
            let perClass = 2 * classes * 8 + (rows != nil ? 2 * classes * classes * 8 : 0) + 3 * classes * 8
            return keys + perChunk + perClass + 8 * termsCapacity
        }

        deinit {
            narrowKeys?.deallocate(); wideKeys?.deallocate()
            changes.deallocate(); flips.deallocate(); flipList.deallocate(); terms?.deallocate(); chunkLockedEnds.deallocate(); shares.deallocate()
            rows?.deallocate()
        }

        private func resetFlips(chunk c: Int) {
            flips[3 &* c] = 0
            flips[3 &* c &+ 1] = classes
            flips[3 &* c &+ 2] = -1
        }

        /// Records which agents of chunk `c` changed between locked and not since they were
        /// last marked. Chunks may be marked concurrently (each touches only its own agents and
        /// table); every chunk is marked before ``measure(offsets:neighbors:threads:)`` reads them.
        func mark(chunk c: Int, locked: UnsafePointer<UInt8>) {
            if let k = narrowKeys { mark(k, chunk: c, locked: locked) } else { mark(wideKeys!, chunk: c, locked: locked) }
        }

        @inline(__always)
        private func mark<Key: FixedWidthInteger & UnsignedInteger & Sendable>(_ keys: UnsafeMutablePointer<Key>, chunk c: Int,
                                                                    locked: UnsafePointer<UInt8>) {
            let table = changes + c &* classes
            let list = flipList + c &* Self.flipListLimit
            // Flips already listed since the last measure (a chunk may be marked more than once).
            let listed = flips[3 &* c]
            var flipped = 0, lowest = classes, highest = -1
            @inline(__always) func markAgent(_ i: Int) {
                let key = keys[i]
                let now: Key = LockClustering.anyLocked(locked, agent: i) ? 1 : 0
                guard now != key & 1 else { return }
                keys[i] = key ^ 1
                let cls = Int(truncatingIfNeeded: key &>> 1)
                table[cls] &+= now == 1 ? 1 : -1
                lowest = min(lowest, cls)
                highest = max(highest, cls)
                // i < agents, an Int32 id.
                if listed &+ flipped < Self.flipListLimit { list[listed &+ flipped] = Int32(truncatingIfNeeded: i) }
                flipped &+= 1
            }
            let range = chunks.range(c)
            var i = range.lowerBound
            if Key.self == UInt16.self {
                // Eight agents at a time: few flip in a step (about 21 of 10,000 in the default
                // world), so most groups of eight are skipped by one vector comparison.
                while range.upperBound &- i >= 8 {
                    if Self.anyFlip(keys: UnsafeRawPointer(keys + i), locked: locked + i) {
                        for a in i..<(i &+ 8) { markAgent(a) }
                    }
                    i &+= 8
                }
            }
            while i < range.upperBound {
                markAgent(i)
                i &+= 1
            }
            guard flipped > 0 else { return }
            let f = flips + 3 &* c
            f[0] &+= flipped
            f[1] = min(f[1], lowest)
            f[2] = max(f[2], highest)
        }

        /// Whether any of eight consecutive agents changed between locked and not since marked:
        /// their step-start bytes (lock flags in bits 4-7, ``LockClustering/anyLocked(_:agent:)``)
        /// against their eight 2-byte keys' lock bits, in 16-bit lanes with integer operations
        /// only (a lock nibble n in 0...15 is nonzero exactly when `(n + 15) >> 4` is 1).
        @inline(__always)
        private static func anyFlip(keys: UnsafeRawPointer, locked: UnsafePointer<UInt8>) -> Bool {
            let bytes = SIMD8<UInt16>(truncatingIfNeeded: UnsafeRawPointer(locked).loadUnaligned(as: SIMD8<UInt8>.self))
            let now = ((bytes &>> 4) &+ 15) &>> 4
            let marked = keys.loadUnaligned(as: SIMD8<UInt16>.self)
            let differ = unsafeBitCast((now ^ marked) & 1, to: SIMD2<UInt64>.self)
            return differ[0] | differ[1] != 0
        }

        /// The measure for the lock bits as last marked, on the run's network (the one the
        /// classes came from). Runs the per-agent sums on `threads` workers; the result does
        /// not depend on it.
        func measure(offsets: UnsafeBufferPointer<Int>, neighbors: UnsafeBufferPointer<Int32>, threads: Int)
            -> (observed: Double, null: Double)? {
            var flipped = 0
            if lockedEnds != nil {
                if let k = narrowKeys {
                    updateLockedEnds(k, offsets: offsets, neighbors: neighbors)
                } else {
                    updateLockedEnds(wideKeys!, offsets: offsets, neighbors: neighbors)
                }
            }
            for c in 0..<chunks.count where flips[3 &* c] > 0 {
                flipped += flips[3 &* c]
                let table = changes + c &* classes
                for cls in flips[3 &* c &+ 1]...flips[3 &* c &+ 2] {
                    let change = Int(table[cls])
                    table[cls] = 0
                    lockedOfClass[cls] += change
                    lockedCount += change
                    lockedDegrees += change * classDegree[cls]
                }
                resetFlips(chunk: c)
            }
            if flipped == 0, case .some(let result) = last { return result }
            let result: (observed: Double, null: Double)?
            if let k = narrowKeys {
                result = evaluate(k, offsets: offsets, neighbors: neighbors, threads: threads)
            } else {
                result = evaluate(wideKeys!, offsets: offsets, neighbors: neighbors, threads: threads)
            }
            last = .some(result)
            return result
        }

        /// Updates ``lockedEnds`` from the chunks' flip lists (see the type's comment), or
        /// forgets it when a chunk flipped more agents than its list holds.
        private func updateLockedEnds<Key: FixedWidthInteger & UnsignedInteger & Sendable>(_ keys: UnsafeMutablePointer<Key>,
                                                                                offsets: UnsafeBufferPointer<Int>,
                                                                                neighbors: UnsafeBufferPointer<Int32>) {
            guard var ends = lockedEnds else { return }
            if (0..<chunks.count).contains(where: { flips[3 &* $0] > Self.flipListLimit }) {
                lockedEnds = nil
                return
            }
            // Back to the lock bits of the last measure: each agent toggled as often as it flipped.
            for c in 0..<chunks.count {
                let list = flipList + c &* Self.flipListLimit
                for k in 0..<flips[3 &* c] { keys[Int(list[k])] ^= 1 }
            }
            for c in 0..<chunks.count {
                let list = flipList + c &* Self.flipListLimit
                for k in 0..<flips[3 &* c] {
                    let a = Int(list[k])
                    var lockedNeighbours = 0, selfTies = 0
                    for e in offsets[a]..<offsets[a + 1] {
                        let j = Int(neighbors[e])
                        if j == a { selfTies += 1 } else { lockedNeighbours += Int(keys[j] & 1) }
                    }
                    let change = 2 * lockedNeighbours + selfTies
                    ends += keys[a] & 1 == 0 ? change : -change
                    keys[a] ^= 1
                }
            }
            lockedEnds = ends
        }

        private func evaluate<Key: FixedWidthInteger & UnsignedInteger & Sendable>(_ keys: UnsafeMutablePointer<Key>,
                                                                        offsets: UnsafeBufferPointer<Int>,
                                                                        neighbors: UnsafeBufferPointer<Int32>,
                                                                        threads: Int) -> (observed: Double, null: Double)? {
            let n = agents
            // The rule's nil cases; `lockedDegrees` is its `ends`.
            guard n >= 2, lockedCount >= 2, lockedCount < n, lockedDegrees > 0 else { return nil }
            // P(an agent of class c is locked), and P(another agent of class c is locked given one is).
            for c in 0..<classes {
                shares[c] = Double(lockedOfClass[c]) / Double(classAgents[c])
                shares[classes + c] = classAgents[c] > 1 ? Double(lockedOfClass[c] - 1) / Double(classAgents[c] - 1) : 0
            }
            if let rows {
                for ci in 0..<classes {
                    let row = rows + ci * 2 * classes
                    for c in 0..<classes {
                        let value = shares[c == ci ? classes + c : c]
                        row[2 * c] = value
                        row[2 * c + 1] = value
                    }
                }
            }
            let chunks = self.chunks
            // The rule's sum, in agent order.
            var expected = 0.0
            if chunks.workers(threads: threads) == 1 {
                let work = Work(keys: keys, offsets: offsets, neighbors: neighbors, shares: shares, rows: rows, classes: classes,
                                countEnds: lockedEnds == nil, chunkLockedEnds: chunkLockedEnds)
                var sum = RunningSum(total: 0)
                for c in 0..<chunks.count { work.run(chunks.range(c), chunk: c, into: &sum) }
                expected = sum.total
            } else {
                // The terms of a wave's agents, from its first on.
                let wave = min(waveChunks, chunks.count)
                let capacity = wave * ParallelChunks.size
                if termsCapacity < capacity {
                    terms?.deallocate()
                    terms = .allocate(capacity: capacity)
                    termsCapacity = capacity
                }
                let buffer = terms!
                let work = Work(keys: keys, offsets: offsets, neighbors: neighbors, shares: shares, rows: rows, classes: classes,
                                countEnds: lockedEnds == nil, chunkLockedEnds: chunkLockedEnds)
                var first = 0
                while first < chunks.count {
                    let last = min(first + wave, chunks.count)
                    let start = chunks.range(first).lowerBound, end = chunks.range(last - 1).upperBound
                    let firstOfWave = first
                    let waveTerms = WaveTerms(buffer: buffer, first: start)
                    ParallelChunks.runTasks(last - first, threads: threads) { t in
                        var wave = waveTerms
                        work.run(chunks.range(firstOfWave + t), chunk: firstOfWave + t, into: &wave)
                    }
                    for i in 0..<(end - start) { expected += buffer[i] }
                    first = last
                }
            }
            if lockedEnds == nil {
                var ends = 0
                for c in 0..<chunks.count { ends += chunkLockedEnds[c] }
                lockedEnds = ends
            }
            return (Double(lockedEnds!) / Double(lockedDegrees), expected / Double(lockedDegrees))
        }
    }

    /// Where the agents' terms go, in agent order: into one running sum (one thread), or into
    /// a wave's buffer (more threads), which is then added in agent order.
    private protocol TermSink {
        mutating func take(_ i: Int, _ term: Double)
    }

    /// The rule's sum itself, `expected += term`, kept in a register across the agents.
    private struct RunningSum: TermSink {
        var total: Double
        @inline(__always) mutating func take(_ i: Int, _ term: Double) { total += term }
    }

    /// Agent `i`'s term at `buffer[i - first]`.
    private struct WaveTerms: TermSink, @unchecked Sendable {
        let buffer: UnsafeMutablePointer<Double>
        let first: Int
        @inline(__always) func take(_ i: Int, _ term: Double) { buffer[i &- first] = term }
    }

    /// One step's per-agent sums, handed to the chunks (each gives its own agents' terms, in
    /// agent order, to a ``TermSink`` and writes its own count).
    private struct Work<Key: FixedWidthInteger & UnsignedInteger & Sendable>: @unchecked Sendable {
        let keys: UnsafeMutablePointer<Key>
        let offsets: UnsafeBufferPointer<Int>
        let neighbors: UnsafeBufferPointer<Int32>
        let shares: UnsafeMutablePointer<Double>
        let rows: UnsafeMutablePointer<Double>?
        let classes: Int
        /// Whether to count the locked-locked tie ends (when the scratch does not know them).
        let countEnds: Bool
        let chunkLockedEnds: UnsafeMutablePointer<Int>

        /// Gives `sink` each agent's term of `range`, in agent order.
        @inline(__always)
        func run<Sink: TermSink>(_ range: Range<Int>, chunk c: Int, into sink: inout Sink) {
            // One copy of the loop per value of `countEnds` and per kind of lookup, each the same
            // for the whole step: an agent's lock bit, tested with `countEnds`, is a coin toss
            // for the branch predictor.
            if let rows {
                let values = RowValues(rows: rows, classes: classes)
                if countEnds { run(range, chunk: c, values: values, countEnds: true, into: &sink) }
                else { run(range, chunk: c, values: values, countEnds: false, into: &sink) }
            } else {
                let values = ClassValues(shares: shares, classes: classes)
                if countEnds { run(range, chunk: c, values: values, countEnds: true, into: &sink) }
                else { run(range, chunk: c, values: values, countEnds: false, into: &sink) }
            }
        }

        /// The rule's loop: agent i's term is its share times the sum of its tie ends' values
        /// (``TieValues``), in CSR order; with `countEnds`, a locked agent also counts its
        /// locked neighbours.
        ///
        /// Unchecked arithmetic: neighbour ids are agents (below `n`), tie ends are below
        /// `neighbors.count` and ascend (so `e` stays within `lo...hi`), classes are below
        /// `classes`.
        @inline(__always)
        private func run<Sink: TermSink, Values: TieValues>(_ range: Range<Int>, chunk c: Int, values: Values, countEnds: Bool,
                                                            into sink: inout Sink) {
            let keys = self.keys, neighbors = self.neighbors.baseAddress!, offsets = self.offsets.baseAddress!
            let shares = self.shares
            var lockedEnds = 0
            var i = range.lowerBound
            var lo = offsets[i]
            while i < range.upperBound {
                let hi = offsets[i &+ 1]
                let key = keys[i]
                let ci = Int(truncatingIfNeeded: key &>> 1)
                let share = shares[ci]
                var term = 0.0
                // No locks in i's class: the rule skips i (and i is not locked); its term is +0.
                if share != 0 {
                    let row = values.row(ofClass: ci)
                    var conditional = 0.0
                    var e = lo
                    if countEnds && key & 1 == 1 {
                        var lockedNeighbours = 0
                        while e < hi {
                            let kj = keys[Int(neighbors[e])]
                            lockedNeighbours &+= Int(truncatingIfNeeded: kj & 1)
                            conditional += values.value(row, key: Int(truncatingIfNeeded: kj))
                            e &+= 1
                        }
                        lockedEnds &+= lockedNeighbours
                    } else {
                        while e < hi {
                            conditional += values.value(row, key: Int(truncatingIfNeeded: keys[Int(neighbors[e])]))
                            e &+= 1
                        }
                    }
                    term = share * conditional
                }
                sink.take(i, term)
                lo = hi
                i &+= 1
            }
            chunkLockedEnds[c] = lockedEnds
        }
    }

    /// What a tie end from an agent of class `ci` to a neighbour with key `class << 1 | locked`
    /// adds to the agent's conditional sum: the share of the neighbour's class, or of the others
    /// of `ci` when the neighbour has `ci` too.
    private protocol TieValues {
        associatedtype Row
        /// What the lookups of an agent of class `ci` share.
        func row(ofClass ci: Int) -> Row
        func value(_ row: Row, key: Int) -> Double
    }

    /// With few classes: per class, a row of the value of every key (one load per tie end, no
    /// comparison). A key is below `2 * classes`, the length of a row.
    private struct RowValues: TieValues {
        let rows: UnsafeMutablePointer<Double>
        let classes: Int
        @inline(__always) func row(ofClass ci: Int) -> UnsafeMutablePointer<Double> { rows + ci &* 2 &* classes }
        @inline(__always) func value(_ row: UnsafeMutablePointer<Double>, key: Int) -> Double { row[key] }
    }

    /// With many classes: the classes compared (`classes + class` is below `2 * classes`, the
    /// size of `shares`).
    private struct ClassValues: TieValues {
        let shares: UnsafeMutablePointer<Double>
        let classes: Int
        @inline(__always) func row(ofClass ci: Int) -> Int { ci }
        @inline(__always) func value(_ ci: Int, key: Int) -> Double {
            let cj = key &>> 1
            return shares[cj == ci ? classes &+ ci : cj]
        }
    }
}
