import Foundation
import Testing
@testable import SocialSim

/// The entropy's logarithm (``NaturalLog``) is glibc's `log` (x86-64 with FMA) taken operation
/// for operation, so that an entropy computed four topics at a time is the same bits as the rule
/// computed one topic at a time with the platform's `log`. These tests hold it to known answers
/// everywhere, and to the platform's `log` where that is glibc on x86-64 (the reference the
/// golden outputs were made with).
@Suite("the entropy's logarithm is glibc's log bit for bit, one at a time and four at a time")
struct NaturalLogTests {
    /// Inputs and glibc's results as bits: both sides of the near-1 range's ends (0.9375 and
    /// 1 + 0x1.09p-4) and of the table's offset (0.6875), the smallest normal and subnormal.
    static let knownAnswers: [(UInt64, UInt64)] = [
        (0x4000000000000000, 0x3fe62e42fefa39ef), // log(2.0)
        (0x3fe0000000000000, 0xbfe62e42fefa39ef), // log(0.5)
        (0x4024000000000000, 0x40026bb1bbb55516), // log(10.0)
        (0x3fb999999999999a, 0xc0026bb1bbb55515), // log(0.1)
        (0x3fd5555555555555, 0xbff193ea7aad030b), // log(0.3333333333333333)
        (0x3fc0000000000000, 0xc000a2b23f3bab73), // log(0.125)
        (0x3fee000000000000, 0xbfb08598b59e3a07), // log(0.9375)
        (0x3fedffffffffffff, 0xbfb08598b59e3a0f), // log(0.9374999999999999)
        (0x3fef0a3d70a3d70a, 0xbf9f30b2d0091d8a), // log(0.97)
        (0x3ff000001ad7f29b, 0x3e7ad7f2847b6492), // log(1.0000001)
        (0x3ff107c84b5dcc64, 0x3faff45e623f41df), // log(1.0644)
        (0x3ff1083126e978d5, 0x3fb0005754d06346), // log(1.0645)
        (0x3fe6000000000000, 0xbfd7fafa3bd8151c), // log(0.6875)
        (0x3fe5ffffffffffff, 0xbfd7fafa3bd8151f), // log(0.6874999999999999)
        (0x01a56e1fc2f8f359, 0xc085963447f87fb5), // log(1e-300)
        (0x0010000000000000, 0xc086232bdd7abcd2), // log(2.2250738585072014e-308)
        (0x0000000000000001, 0xc0874385446d71c3), // log(5e-324)
        (0x7e37e43c8800759c, 0x4085963447f87fb5), // log(1e+300)
        (0x3feffffde7210be9, 0xbeb0c6f82d74d230), // log(0.999999)
        (0x3fd7cb923a29c77a, 0xbfefa92884d1d7b2), // log(0.3718)
        (0x3f8948b0f8fab5e6, 0xc01193ea7b495944), // log(0.0123456789)
    ]

    static let edges: [Double] = [0, -0.0, 1, -1, .infinity, -.infinity, .nan, .leastNonzeroMagnitude,
                                  .leastNormalMagnitude, .leastNormalMagnitude.nextDown, .greatestFiniteMagnitude,
                                  1.0.nextUp, 1.0.nextDown, 1 - 0x1p-4, (1 - 0x1p-4).nextDown,
                                  1 + 0x1.09p-4, (1 + 0x1.09p-4).nextDown, 0x1.6p-1, (0x1.6p-1).nextDown]

    /// The same bits, or both NaN (a NaN's payload is not an output).
    static func same(_ a: Double, _ b: Double) -> Bool { a.bitPattern == b.bitPattern || (a.isNaN && b.isNaN) }

    /// Numbers where the logarithm's paths and table intervals all occur: uniform in (0, 1)
    /// (preferences), dense around 1, any exponent (subnormals included), and the edges.
    static func inputs(_ count: Int, seed: UInt64) -> [Double] {
        var r = TestRandom(seed)
        return (0..<count).map { n in
            switch n % 5 {
            case 0: return r.unit()
            case 1: return r.uniform(0.9, 1.1)
            case 2: return Double(bitPattern: r.rng.next() & 0x7fff_ffff_ffff_ffff)
            case 3: return Double(sign: .plus, exponent: Int(r.unit() * 60) - 50, significand: 1 + r.unit())
            default: return edges[Int(r.unit() * Double(edges.count))]
            }
        }
    }

    @Test("known answers: glibc's results for numbers on either side of every path's edge")
    func knownAnswers() {
        for (x, expected) in Self.knownAnswers {
            let got = NaturalLog.ported(Double(bitPattern: x))
            #expect(got.bitPattern == expected, "log(\(Double(bitPattern: x))) = \(got), expected \(Double(bitPattern: expected))")
            let four = NaturalLog.ported(SIMD4(repeating: Double(bitPattern: x)))
            #expect((0..<4).allSatisfy { four[$0].bitPattern == expected })
        }
    }

    @Test("four at a time, every lane is the one-at-a-time logarithm, whatever its neighbours")
    func fourAtATime() {
        let xs = Self.inputs(40_000, seed: 11)
        var mismatches = 0
        for n in stride(from: 0, to: xs.count - 3, by: 4) {
            let v = SIMD4(xs[n], xs[n + 1], xs[n + 2], xs[n + 3])
            let four = NaturalLog.ported(v)
            for lane in 0..<4 where !Self.same(four[lane], NaturalLog.ported(v[lane])) { mismatches += 1 }
        }
        #expect(mismatches == 0)
    }

    @Test("eight at a time, every lane is the one-at-a-time logarithm: one lane near 1, several, or edges")
    func eightAtATime() {
        var r = TestRandom(17)
        let xs = Self.inputs(40_000, seed: 13)
        var mismatches = 0
        for n in stride(from: 0, to: xs.count - 7, by: 8) {
            var lanes = (0..<8).map { xs[n + $0] }
            switch n / 8 % 4 {
            case 0:
                // A point of the simplex with one share near 1 (the entropy's common case off the main range).
                lanes = (0..<8).map { _ in r.unit() * 0x1p-5 }
                lanes[Int(r.unit() * 8)] = r.uniform(1 - 0x1p-4, 1)
            case 1:
                // Exactly one lane near 1 among numbers of the main range.
                lanes = (0..<8).map { _ in r.uniform(0.01, 0.9) }
                lanes[Int(r.unit() * 8)] = [1.0, 1 - 0x1p-4, (1 + 0x1.09p-4).nextDown, r.uniform(0.95, 1.05)][Int(r.unit() * 4)]
            case 2:
                // Two or more lanes near 1, in one vector or across both.
                lanes = (0..<8).map { _ in r.unit() < 0.4 ? r.uniform(0.94, 1.06) : r.uniform(0.01, 3) }
            default: break // any numbers: edges, subnormals, NaN beside a near lane
            }
            let v0 = SIMD4(lanes[0], lanes[1], lanes[2], lanes[3]), v1 = SIMD4(lanes[4], lanes[5], lanes[6], lanes[7])
            let (y0, y1) = NaturalLog.ported(v0, v1)
            for lane in 0..<4 where !Self.same(y0[lane], NaturalLog.ported(v0[lane])) { mismatches += 1 }
            for lane in 0..<4 where !Self.same(y1[lane], NaturalLog.ported(v1[lane])) { mismatches += 1 }
        }
        #expect(mismatches == 0)
    }

    #if os(Linux) && arch(x86_64)
    @Test("equals the platform's log (glibc on x86-64) on 200,000 numbers")
    func platformLog() {
        var mismatches: [Double] = []
        for x in Self.inputs(200_000, seed: 5) where !Self.same(NaturalLog.ported(x), Foundation.log(x)) {
            mismatches.append(x)
        }
        #expect(mismatches.isEmpty, "first: \(mismatches.prefix(5))")
    }

    @Test("the entropy four topics at a time is the rule's sum with the platform's log, topic by topic")
    func entropyIsTheRule() {
        var r = TestRandom(3)
        var mismatches = 0
        for topics in 1...17 {
            for trial in 0..<400 {
                var p = (0..<topics).map { _ in -Foundation.log(r.unit()) }
                // Zeros, a dominant topic near 1, and tiny (subnormal) shares.
                if trial % 4 == 1 { p[Int(r.unit() * Double(topics))] = 0 }
                if trial % 4 == 2 { p[Int(r.unit() * Double(topics))] = 1e6 * p.reduce(0, +) }
                if trial % 4 == 3 { p[Int(r.unit() * Double(topics))] = 0x1p-1030 }
                let total = p.reduce(0, +)
                p = p.map { $0 / total }
                let logTopics = Foundation.log(Double(topics))
                var h = 0.0
                for q in p where q > 0 { h -= q * Foundation.log(q) }
                let rule = topics > 1 ? h / logTopics : 0
                let fast = p.withUnsafeBufferPointer { Preferences.normalizedEntropy($0.baseAddress!, topics: topics, logTopics: logTopics) }
                if !Self.same(rule, fast) { mismatches += 1 }
            }
        }
        #expect(mismatches == 0)
    }
    #endif
}
