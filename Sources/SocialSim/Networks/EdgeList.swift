/// Undirected ties collected by a generator, as one flat array of endpoint pairs
/// `[u0, v0, u1, v1, ...]`, and their conversion to a ``Network``.
struct EdgeList {
    var ends: [Int32]

    init(ends: [Int32]) { self.ends = ends }

    /// An empty list with room for about `expectedTies` ties.
    init(expectedTies: Double) {
        ends = []
        // Room for the expectation plus a few standard deviations avoids a late doubling.
        let room = expectedTies + 5 * expectedTies.squareRoot() + 16
        ends.reserveCapacity(2 * Int(min(room, Double(NetworkConfig.maxTieEnds))))
    }

    var count: Int { ends.count / 2 }

    mutating func append(_ u: Int, _ v: Int) {
        ends.append(Int32(truncatingIfNeeded: u))
        ends.append(Int32(truncatingIfNeeded: v))
    }

    func network(agents: Int, community: [UInt16]) -> Network {
        ends.withUnsafeBufferPointer { ends in
            Network(agents: agents, community: community, ties: ends.count / 2) { (ends[2 * $0], ends[2 * $0 + 1]) }
        }
    }
}

extension Network {
    /// Builds the CSR arrays by counting sort from `ties` undirected ties, tie `i` joining the
    /// two agents `endpoints(i)`. Each tie is stored in both agents' lists; lists are sorted,
    /// and self-ties and repeated ties are dropped. O(agents + ties), plus sorting each list.
    init(agents n: Int, community: [UInt16], ties: Int, endpoints: (Int) -> (Int32, Int32)) {
        var offsets = [Int](repeating: 0, count: n + 1)
        for i in 0..<ties {
            let (u, v) = endpoints(i)
            if u == v { continue }
            offsets[Int(u) + 1] += 1
            offsets[Int(v) + 1] += 1
        }
        // offsets[u + 1] becomes the start of u's list and is then u's fill cursor; filling
        // moves it to the end of u's list, which is where u + 1's starts.
        var total = 0
        for u in 0..<n {
            let degree = offsets[u + 1]
            offsets[u + 1] = total
            total += degree
        }
        var neighbors = [Int32](repeating: 0, count: total)
        for i in 0..<ties {
            let (u, v) = endpoints(i)
            if u == v { continue }
            neighbors[offsets[Int(u) + 1]] = v
            offsets[Int(u) + 1] += 1
            neighbors[offsets[Int(v) + 1]] = u
            offsets[Int(v) + 1] += 1
        }
        let kept = Self.sortAndDeduplicate(&neighbors, offsets: &offsets, agents: n)
        if kept < total { neighbors = Array(neighbors[..<kept]) }
        self.init(agentCount: n, offsets: offsets, neighbors: neighbors, community: community)
    }

    /// Sorts each list and drops repeats, compacting the lists towards the front and updating
    /// `offsets`; returns the number of entries kept.
    private static func sortAndDeduplicate(_ neighbors: inout [Int32], offsets: inout [Int], agents n: Int) -> Int {
        neighbors.withUnsafeMutableBufferPointer { all in
            var kept = 0
            var start = 0
            for u in 0..<n {
                let end = offsets[u + 1]
                all[start..<end].sort()
                offsets[u] = kept
                var previous: Int32 = -1
                // kept <= the entry being read, so compacting in place never overwrites unread entries.
                for r in start..<end where all[r] != previous {
                    let j = all[r]
                    all[kept] = j
                    kept += 1
                    previous = j
                }
                start = end
            }
            offsets[n] = kept
            return kept
        }
    }
}
