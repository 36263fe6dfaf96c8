/// The Sobol low-discrepancy sequence (Sobol 1967) in up to 32 dimensions, with the direction
/// numbers of Joe and Kuo (2008), file `new-joe-kuo-6.21201` (the first 31 rows after the first
/// dimension; dimension 1 is the van der Corput sequence in base 2). Points are generated in Gray
/// code order (Antonov and Saleev 1979), as Joe and Kuo's `sobol.cc` does: point 0 is the origin,
/// point 1 is (0.5, ..., 0.5), point 2 is (0.75, 0.25, ...), and so on, with 32 bits per coordinate.
///
/// ```swift
/// var s = SobolSequence(dimensions: 2)
/// s.next()   // [0, 0]
/// s.next()   // [0.5, 0.5]
/// s.next()   // [0.75, 0.25]
/// ```
struct SobolSequence: Sendable {
    /// The highest dimension with tabulated direction numbers.
    static let maximumDimensions = 32
    static let bits = 32

    /// Rows `d s a m_1 ... m_s` of new-joe-kuo-6.21201 for d = 2...32: the degree s of the
    /// primitive polynomial, its interior coefficients a (as bits) and the initial direction integers m.
    static let joeKuo: [(s: Int, a: UInt32, m: [UInt32])] = [
        (1, 0, [1]),
        (2, 1, [1, 3]),
        (3, 1, [1, 3, 1]),
        (3, 2, [1, 1, 1]),
        (4, 1, [1, 1, 3, 3]),
        (4, 4, [1, 3, 5, 13]),
        (5, 2, [1, 1, 5, 5, 17]),
        (5, 4, [1, 1, 5, 5, 5]),
        (5, 7, [1, 1, 7, 11, 19]),
        (5, 11, [1, 1, 5, 1, 1]),
        (5, 13, [1, 1, 1, 3, 11]),
        (5, 14, [1, 3, 5, 5, 31]),
        (6, 1, [1, 3, 3, 9, 7, 49]),
        (6, 13, [1, 1, 1, 15, 21, 21]),
        (6, 16, [1, 3, 1, 13, 27, 49]),
        (6, 19, [1, 1, 1, 15, 7, 5]),
        (6, 22, [1, 3, 1, 15, 13, 25]),
        (6, 25, [1, 1, 5, 5, 19, 61]),
        (7, 1, [1, 3, 7, 11, 23, 15, 103]),
        (7, 4, [1, 3, 7, 13, 13, 15, 69]),
        (7, 7, [1, 1, 3, 13, 7, 35, 63]),
        (7, 8, [1, 3, 5, 9, 1, 25, 53]),
        (7, 14, [1, 3, 1, 13, 9, 35, 107]),
        (7, 19, [1, 3, 1, 5, 27, 61, 31]),
        (7, 21, [1, 1, 5, 11, 19, 41, 61]),
        (7, 28, [1, 3, 5, 3, 3, 13, 69]),
        (7, 31, [1, 1, 7, 13, 1, 19, 1]),
        (7, 32, [1, 3, 7, 5, 13, 19, 59]),
        (7, 37, [1, 1, 3, 9, 25, 29, 41]),
        (7, 41, [1, 3, 5, 13, 23, 1, 55]),
        (7, 42, [1, 3, 7, 3, 13, 59, 17]),
    ]

    let dimensions: Int
    /// direction[d][k] = v_{k+1} of dimension d, scaled by 2^32.
    private let direction: [[UInt32]]
    private var state: [UInt32]
    /// Index of the next point.
    private(set) var index = 0

    init(dimensions: Int) {
        precondition(dimensions >= 1 && dimensions <= Self.maximumDimensions, "1 to \(Self.maximumDimensions) dimensions")
        self.dimensions = dimensions
        var direction: [[UInt32]] = []
        // Dimension 1: every m_k = 1.
        direction.append((0..<Self.bits).map { k in UInt32(1) << UInt32(Self.bits - 1 - k) })
        for d in 1..<dimensions {
            let (s, a, m) = Self.joeKuo[d - 1]
            var v = [UInt32](repeating: 0, count: Self.bits)
            for k in 0..<min(s, Self.bits) { v[k] = m[k] << UInt32(Self.bits - 1 - k) }
            if s < Self.bits {
                for k in s..<Self.bits {
                    // v_k = a_1 v_{k-1} xor ... xor a_{s-1} v_{k-s+1} xor v_{k-s} xor (v_{k-s} >> s)
                    var x = v[k - s] ^ (v[k - s] >> UInt32(s))
                    for j in 1..<s where (a >> UInt32(s - 1 - j)) & 1 == 1 { x ^= v[k - j] }
                    v[k] = x
                }
            }
            direction.append(v)
        }
        self.direction = direction
        state = [UInt32](repeating: 0, count: dimensions)
    }

    /// The next point, each coordinate in [0, 1).
    mutating func next() -> [Double] {
        if index > 0 {
            // Gray code: flip the direction number of the lowest zero bit of index - 1.
            let c = (~UInt64(index - 1)).trailingZeroBitCount
            precondition(c < Self.bits, "more than 2^32 points")
            for d in 0..<dimensions { state[d] ^= direction[d][c] }
        }
        index += 1
        return state.map { Double($0) / 4_294_967_296.0 }
    }

    /// The first `count` points after skipping `skip` of them.
    static func points(_ count: Int, dimensions: Int, skip: Int = 0) -> [[Double]] {
        var s = SobolSequence(dimensions: dimensions)
        for _ in 0..<skip { _ = s.next() }
        return (0..<count).map { _ in s.next() }
    }
}
