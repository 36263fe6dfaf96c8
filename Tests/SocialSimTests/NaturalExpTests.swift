import Foundation
import Testing
@testable import SocialSim

/// The open options' exponential (``NaturalExp``) is glibc's `exp` (x86-64 with FMA) taken
/// operation for operation. These tests hold it to known answers everywhere, and to the
/// platform's `exp` where that is glibc on x86-64 (the reference of the golden outputs).
@Suite("the open options' exponential is glibc's exp bit for bit")
struct NaturalExpTests {
    /// Inputs and glibc's results as bits: the open options' range (minus a load), both ends
    /// of the main range (2^-54 and 512), and arguments passed on to the platform's `exp`.
    static let knownAnswers: [(UInt64, UInt64)] = [
        (0xbf1a36e2eb1c432d, 0x3fefff2e4b97d31d), // exp(-0.0001)
        (0xbfe0000000000000, 0x3fe368b2fc6f960a), // exp(-0.5)
        (0xbff0000000000000, 0x3fd78b56362cef38), // exp(-1.0)
        (0xc004000000000000, 0x3fb50385c094f425), // exp(-2.5)
        (0xc01d000000000000, 0x3f47455fe323fafd), // exp(-7.25)
        (0xbfe62e429e0a41a2, 0x3fe000003077fc70), // exp(-0.693147)
        (0x3ff0000000000000, 0x4005bf0a8b145769), // exp(1.0)
        (0x4008000000000000, 0x403415e5bf6fb106), // exp(3.0)
        (0xc03e000000000000, 0x3d3a56e0c2ac7f75), // exp(-30.0)
        (0xc07ffe6666666666, 0x11c6625aa47b24c5), // exp(-511.9)
        (0x407ffe6666666666, 0x6e16df8f5b1d1aa6), // exp(511.9)
        (0xc085e00000000000, 0x00d14f2b0fb9307f), // exp(-700.0)
        (0x3c8f20fe5212d232, 0x3ff0000000000000), // exp(5.4e-17)
        (0xbddb7cdfd9d7bdbb, 0x3feffffffff24190), // exp(-1e-10)
        (0xbfbf9add1091c895, 0x3fec48946ed51a11), // exp(-0.12345678)
        (0x8000000000000000, 0x3ff0000000000000), // exp(-0.0)
    ]

    static func same(_ a: Double, _ b: Double) -> Bool { a.bitPattern == b.bitPattern || (a.isNaN && b.isNaN) }

    @Test("known answers: glibc's results in and around the main range")
    func knownAnswers() {
        for (x, expected) in Self.knownAnswers {
            let got = NaturalExp.ported(Double(bitPattern: x))
            #expect(got.bitPattern == expected, "exp(\(Double(bitPattern: x))) = \(got), expected \(Double(bitPattern: expected))")
        }
    }

    #if os(Linux) && arch(x86_64)
    @Test("equals the platform's exp (glibc on x86-64) on 200,000 arguments")
    func platformExp() {
        var r = TestRandom(17)
        var mismatches: [Double] = []
        let edges: [Double] = [0, -0.0, .infinity, -.infinity, .nan, 0x1p-54, -0x1p-54, (0x1p-54).nextDown, 512, -512,
                               (512.0).nextDown, 709.78, 710, -745.2, -746, .leastNonzeroMagnitude, .greatestFiniteMagnitude]
        for n in 0..<200_000 {
            let x: Double
            switch n % 4 {
            case 0: x = -10 * r.unit()                    // the open options: minus a load
            case 1: x = (r.unit() - 0.5) * 1_500          // across the main range's ends
            case 2: x = Double(bitPattern: r.rng.next())  // any bits
            default: x = edges[Int(r.unit() * Double(edges.count))]
            }
            if !Self.same(NaturalExp.ported(x), Foundation.exp(x)) { mismatches.append(x) }
        }
        #expect(mismatches.isEmpty, "first: \(mismatches.prefix(5))")
    }
    #endif
}
