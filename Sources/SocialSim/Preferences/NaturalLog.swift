import Foundation

/// The natural logarithm of the preference entropy, computed as glibc's `log` computes it on
/// x86-64 with fused multiply-add (glibc 2.28 on, `__ieee754_log_fma`: the algorithm of Arm's
/// optimized-routines, error under 0.52 ulp), operation for operation: the same table, the
/// same polynomials and the same fused multiply-adds, so each result is the same bits as that
/// `log`'s. Four at a time it is about a third of the instructions of four calls (a table
/// lookup per lane, the arithmetic in 256-bit registers); the entropy takes eight per agent-step.
///
/// Every fused multiply-add here is `addingProduct`, one rounding whatever the processor (in
/// hardware with FMA, exactly in software without), so the bits do not depend on the build.
/// Inputs outside the algorithm's main range (zero, subnormal, negative, infinite, NaN) are
/// passed to the platform's `log` one at a time, and handled as glibc handles them (the same
/// bits) four at a time.
enum NaturalLog {
    /// `log(x)`, the bits of glibc's `__ieee754_log_fma`: the port where the processor fuses
    /// multiply-adds in hardware (Package.swift's SOCIALSIM_HARDWARE_FMA, or arm64); in a generic
    /// x86-64 build each of the port's fused multiply-adds would be a call to `fma`, so there the
    /// library's `log` is faster, and on glibc the same bits.
    @inline(__always)
    static func log(_ x: Double) -> Double {
        #if SOCIALSIM_HARDWARE_FMA || arch(arm64)
        return ported(x)
        #else
        return Foundation.log(x)
        #endif
    }

    /// Four logarithms, lane by lane ``log(_:)``.
    @inline(__always)
    static func log(_ x: SIMD4<Double>) -> SIMD4<Double> {
        #if SOCIALSIM_HARDWARE_FMA || arch(arm64)
        return ported(x)
        #else
        return SIMD4(Foundation.log(x[0]), Foundation.log(x[1]), Foundation.log(x[2]), Foundation.log(x[3]))
        #endif
    }

    /// Eight logarithms, two vectors lane by lane ``log(_:)``: the entropy of the default
    /// world's eight topics.
    @inline(__always)
    static func log(_ x0: SIMD4<Double>, _ x1: SIMD4<Double>) -> (SIMD4<Double>, SIMD4<Double>) {
        #if SOCIALSIM_HARDWARE_FMA || arch(arm64)
        return ported(x0, x1)
        #else
        return (log(x0), log(x1))
        #endif
    }

    /// The port, one at a time (tested in every build).
    @inline(__always)
    static func ported(_ x: Double) -> Double {
        let ix = x.bitPattern
        // 1 - 2^-4 <= x < 1 + 0x1.09p-4: a polynomial in x - 1 alone, more accurate near 1.
        if ix &- nearOneLow < nearOneWidth { return nearOne(x) }
        // Zero, subnormal, negative, infinite or NaN.
        if (ix &>> 48) &- 0x10 >= 0x7fe0 { return Foundation.log(x) }
        // x = 2^k z with z in [0x1.6p-1, 0x1.6p0); 1/c and log(c) of the table interval of z.
        let tmp = ix &- offset
        let i = Int(truncatingIfNeeded: (tmp &>> 45) & 0x7f)
        let k = Int64(bitPattern: tmp) &>> 52
        let z = Double(bitPattern: ix &- (tmp & 0xfff0_0000_0000_0000))
        let entry = table.withUnsafeBufferPointer { $0.baseAddress! } + 2 &* i
        let invc = Double(bitPattern: entry[0]), logc = Double(bitPattern: entry[1])
        return mainRange(z: z, kd: Double(k), invc: invc, logc: logc)
    }

    /// The port, four at a time: lane by lane the bits of ``ported(_:)``.
    ///
    /// Nothing on the entropy's paths calls out: a call makes every vector register the
    /// caller's to save, and the entropy then spilled its constants and its sum. Four lanes in
    /// the main range and not near 1 take four comparisons, one test and one branch; the others
    /// (near 1, where the dominant topic's share is above 0.9375: in the default world about half
    /// the consuming agents' entropies) go to ``offMainRange(_:_:)``.
    @inline(__always)
    static func ported(_ x: SIMD4<Double>) -> SIMD4<Double> {
        let y = mainRange(unsafeBitCast(x, to: SIMD4<UInt64>.self))
        if !all(inMainRange(x)) { return offMainRange(x, y) }
        return y
    }

    /// The port, eight at a time: lane by lane the bits of ``ported(_:)``, as two calls of
    /// ``ported(_:)-(SIMD4<Double>)`` give them.
    ///
    /// Two tests for the eight lanes' main range; off it, the common case of the entropy's
    /// shares, exactly one lane near 1 and none outside the algorithm's range (a point of the
    /// simplex has at most one share above 1/2), takes the scalar polynomial once, on that
    /// lane's value (its bits, with every other lane's masked to those of +0), and blends it in.
    /// Anything else goes four lanes at a time through ``offMainRange(_:_:)``.
    @inline(__always)
    static func ported(_ x0: SIMD4<Double>, _ x1: SIMD4<Double>) -> (SIMD4<Double>, SIMD4<Double>) {
        let main0 = inMainRange(x0), main1 = inMainRange(x1)
        let y0 = mainRange(unsafeBitCast(x0, to: SIMD4<UInt64>.self))
        let y1 = mainRange(unsafeBitCast(x1, to: SIMD4<UInt64>.self))
        // Two tests, each one instruction (`all` of the two masks' AND compiled to a reduction).
        if all(main0) && all(main1) { return (y0, y1) }
        let near0 = nearOneLanes(x0), near1 = nearOneLanes(x1)
        if all(main0 .| near0) && all(main1 .| near1) {
            // Each true lane of a mask is -1 as an integer: the sum is minus the near lanes.
            let nearLanes = unsafeBitCast(near0, to: SIMD4<Int64>.self) &+ unsafeBitCast(near1, to: SIMD4<Int64>.self)
            if nearLanes.wrappedSum() == -1 {
                // The near lane's bits: every other lane masked to +0, whose bits are all zero.
                let m0 = unsafeBitCast(near0, to: SIMD4<UInt64>.self), m1 = unsafeBitCast(near1, to: SIMD4<UInt64>.self)
                let lanes = (unsafeBitCast(x0, to: SIMD4<UInt64>.self) & m0) | (unsafeBitCast(x1, to: SIMD4<UInt64>.self) & m1)
                let picked = Double(bitPattern: (lanes[0] | lanes[1]) | (lanes[2] | lanes[3]))
                let y = SIMD4(repeating: nearOne(picked))
                return (blend(y0, y, where: near0), blend(y1, y, where: near1))
            }
        }
        return (all(main0) ? y0 : offMainRange(x0, y0), all(main1) ? y1 : offMainRange(x1, y1))
    }

    /// The lanes in the main range and not near 1: [0x1p-1022, 1 - 2^-4) and [1 + 0x1.09p-4, +inf),
    /// ``ported(_:)``'s tests on the bits as ordered comparisons of the numbers (the same order
    /// for positive numbers; NaN is in neither). Comparisons of doubles compile to one
    /// instruction each, where the unsigned tests on the bits take three (AVX2 compares 64-bit
    /// integers only as signed).
    @inline(__always)
    private static func inMainRange(_ x: SIMD4<Double>) -> SIMDMask<SIMD4<Int64>> {
        let belowOne = (x .>= 0x1p-1022) .& (x .< 1 - 0x1p-4)
        let aboveOne = (x .>= 1 + 0x1.09p-4) .& (x .< .infinity)
        return belowOne .| aboveOne
    }

    /// The lanes near 1, [1 - 2^-4, 1 + 0x1.09p-4): ``ported(_:)``'s test on the bits, as ordered
    /// comparisons of the numbers (the same order for non-negative numbers; negative numbers and
    /// NaN are in neither), like ``inMainRange(_:)``.
    @inline(__always)
    private static func nearOneLanes(_ x: SIMD4<Double>) -> SIMDMask<SIMD4<Int64>> {
        (x .>= 1 - 0x1p-4) .& (x .< 1 + 0x1.09p-4)
    }

    /// The lanes near 1 by the polynomial in x - 1 (``nearOne(_:)``), the lanes outside the main
    /// range by ``edgeLanes(_:_:)``, the other lanes `main`'s.
    @inline(__always)
    private static func offMainRange(_ x: SIMD4<Double>, _ main: SIMD4<Double>) -> SIMD4<Double> {
        var y = main
        // At most one lane of a point of the simplex is near 1: the scalar polynomial lane by lane.
        let near = nearOneLanes(x)
        for lane in 0..<4 where near[lane] { y[lane] = nearOne(x[lane]) }
        // `all` of a comparison's lanes compiles to one vector test (`any` to a reduction).
        if !all((x .>= 0x1p-1022) .& (x .< .infinity)) { y = edgeLanes(x, y) }
        return y
    }

    /// Zero, negative, infinite and NaN lanes as glibc returns them (-inf, `(x - x) / (x - x)`,
    /// x); subnormal lanes scaled by 2^52 into the main range, as glibc does; the other lanes
    /// `main`'s. Not inlined: no preference share takes this path.
    @inline(never)
    private static func edgeLanes(_ x: SIMD4<Double>, _ main: SIMD4<Double>) -> SIMD4<Double> {
        let normal = (x .>= 0x1p-1022) .& (x .< .infinity)
        let subnormal = (x .> 0) .& (x .< 0x1p-1022)
        let ix = unsafeBitCast(x, to: SIMD4<UInt64>.self)
        let scaled = unsafeBitCast(x * 0x1p52, to: SIMD4<UInt64>.self) &- (52 << 52)
        var y = blend(main, mainRange(blend(ix, scaled, where: subnormal)), where: subnormal)
        var edge = (x - x) / (x - x)
        edge = blend(edge, x, where: x .== .infinity)
        edge = blend(edge, SIMD4(repeating: -.infinity), where: x .== 0)
        y = blend(y, edge, where: .!normal .& .!subnormal)
        return y
    }

    /// `b` in the lanes of `mask`, `a` in the others, by the bits: three vector instructions
    /// (`replacing(with:where:)` is a loop over the lanes, left to the optimizer).
    @inline(__always)
    private static func blend<V: SIMD>(_ a: V, _ b: V, where mask: SIMDMask<SIMD4<Int64>>) -> V {
        let m = unsafeBitCast(mask, to: SIMD4<UInt64>.self)
        let ai = unsafeBitCast(a, to: SIMD4<UInt64>.self), bi = unsafeBitCast(b, to: SIMD4<UInt64>.self)
        return unsafeBitCast((bi & m) | (ai & ~m), to: V.self)
    }

    /// ``mainRange(z:kd:invc:logc:)`` of four numbers given as bits, each in the main range.
    @inline(__always)
    private static func mainRange(_ ix: SIMD4<UInt64>) -> SIMD4<Double> {
        let tmp = ix &- offset
        // k = tmp >> 52 (arithmetic) without a 64-bit arithmetic shift or integer conversion:
        // (tmp + 2^63) >> 52 is k + 2048 in [0, 4096), exact as the low bits of 2^52.
        let kBiased = unsafeBitCast(((tmp ^ 0x8000_0000_0000_0000) &>> 52) | 0x4330_0000_0000_0000, to: SIMD4<Double>.self)
        let kd = kBiased - (0x1p52 + 2048)
        let z = unsafeBitCast(ix &- (tmp & 0xfff0_0000_0000_0000), to: SIMD4<Double>.self)
        // The byte offset of the table entry (16 bytes: 1/c then log c) of each lane; each
        // entry is read as one 16-byte load, and two shuffles make the vectors of 1/c and log c.
        let offsets = (tmp &>> 41) & 0x7f0
        let base = UnsafeRawPointer(table.withUnsafeBufferPointer { $0.baseAddress! })
        let e0 = base.loadUnaligned(fromByteOffset: Int(truncatingIfNeeded: offsets[0]), as: SIMD2<Double>.self)
        let e1 = base.loadUnaligned(fromByteOffset: Int(truncatingIfNeeded: offsets[1]), as: SIMD2<Double>.self)
        let e2 = base.loadUnaligned(fromByteOffset: Int(truncatingIfNeeded: offsets[2]), as: SIMD2<Double>.self)
        let e3 = base.loadUnaligned(fromByteOffset: Int(truncatingIfNeeded: offsets[3]), as: SIMD2<Double>.self)
        let even = SIMD4(lowHalf: e0, highHalf: e2), odd = SIMD4(lowHalf: e1, highHalf: e3)
        let invc = SIMD4(even[0], odd[0], even[2], odd[2])
        let logc = SIMD4(even[1], odd[1], even[3], odd[3])
        return mainRange(z: z, kd: kd, invc: invc, logc: logc)
    }

    /// The main range's evaluation: log(x) = k log 2 + log c + log(z / c), the last as
    /// r + A0 r^2 + r^3 (A1 + A2 r + r^2 (A3 + A4 r)) with r = z/c - 1 by one fused
    /// multiply-add, in the order and with the fusions of glibc's compiled code.
    @inline(__always)
    private static func mainRange<V: MainRangeOperand>(z: V, kd: V, invc: V, logc: V) -> V {
        let w = logc.fused(kd, V.splat(ln2hi))
        let r = V.splat(-1).fused(z, invc)
        let t5 = V.splat(a1).fused(r, V.splat(a2))
        let hi = r.plus(w)
        let r2 = r.times(r)
        var lo = w.minus(hi)
        lo = lo.plus(r)
        lo = lo.fused(kd, V.splat(ln2lo))
        let ar3 = r.times(r2)
        var t1 = V.splat(a3).fused(r, V.splat(a4))
        lo = lo.fused(r2, V.splat(a0))
        t1 = t5.fused(t1, r2)
        let y = lo.fused(ar3, t1)
        return y.plus(hi)
    }

    /// Near 1: r = x - 1, log(x) = r + B0 r^2 + r^3 P(r), with r^2 B0 split (Dekker) so the
    /// leading terms carry their rounding error, in the order and fusions of glibc's code.
    @inline(__always)
    private static func nearOne(_ x: Double) -> Double {
        if x == 1 { return 0 }
        let r = x - 1.0
        let r2 = r * r
        let r3 = r * r2
        var p1 = b1.addingProduct(r, b2)
        p1 = p1.addingProduct(r2, b3)
        var p2 = b4.addingProduct(r, b5)
        p2 = p2.addingProduct(r2, b6)
        var p3 = b7.addingProduct(r, b8)
        p3 = p3.addingProduct(r2, b9)
        p3 = p3.addingProduct(r3, b10)
        var poly = p2.addingProduct(p3, r3)
        poly = p1.addingProduct(poly, r3)
        let t = r.addingProduct(r, 0x1p27)
        let rhi = t.addingProduct(-r, 0x1p27)
        let rhi2 = rhi * rhi
        let rlo = r - rhi
        let hi = r.addingProduct(rhi2, b0)
        var lo = (r - hi).addingProduct(rhi2, b0)
        lo = lo.addingProduct(b0 * rlo, rhi + r)
        let y = lo.addingProduct(poly, r3)
        return hi + y
    }

    private static let nearOneLow: UInt64 = 0x3fee_0000_0000_0000   // bits of 1 - 2^-4
    private static let nearOneWidth: UInt64 = 0x0003_0900_0000_0000 // bits of 1 + 0x1.09p-4, less nearOneLow
    private static let offset: UInt64 = 0x3fe6_0000_0000_0000        // bits of 0x1.6p-1

    private static let ln2hi = Double(bitPattern: 0x3fe6_2e42_fefa_3800)
    private static let ln2lo = Double(bitPattern: 0x3d2e_f357_93c7_6730)
    private static let a0 = Double(bitPattern: 0xbfe0_0000_0000_0001)
    private static let a1 = Double(bitPattern: 0x3fd5_5555_5551_305b)
    private static let a2 = Double(bitPattern: 0xbfcf_ffff_ffeb_4590)
    private static let a3 = Double(bitPattern: 0x3fc9_99b3_24f1_0111)
    private static let a4 = Double(bitPattern: 0xbfc5_5575_e506_c89f)
    private static let b0 = Double(bitPattern: 0xbfe0000000000000)
    private static let b1 = Double(bitPattern: 0x3fd5555555555577)
    private static let b2 = Double(bitPattern: 0xbfcffffffffffdcb)
    private static let b3 = Double(bitPattern: 0x3fc999999995dd0c)
    private static let b4 = Double(bitPattern: 0xbfc55555556745a7)
    private static let b5 = Double(bitPattern: 0x3fc24924a344de30)
    private static let b6 = Double(bitPattern: 0xbfbfffffa4423d65)
    private static let b7 = Double(bitPattern: 0x3fbc7184282ad6ca)
    private static let b8 = Double(bitPattern: 0xbfb999eb43b068ff)
    private static let b9 = Double(bitPattern: 0x3fb78182f7afd085)
    private static let b10 = Double(bitPattern: 0xbfb5521375d145cd)

    /// 1/c and log(c) (as bits) for each of the 128 intervals of z, interleaved.
    private static let table: [UInt64] = [
        0x3ff734f0c3e0de9f, 0xbfd7cc7f79e69000, 0x3ff713786a2ce91f, 0xbfd76feec20d0000,
        0x3ff6f26008fab5a0, 0xbfd713e31351e000, 0x3ff6d1a61f138c7d, 0xbfd6b85b38287800,
        0x3ff6b1490bc5b4d1, 0xbfd65d5590807800, 0x3ff69147332f0cba, 0xbfd602d076180000,
        0x3ff6719f18224223, 0xbfd5a8ca86909000, 0x3ff6524f99a51ed9, 0xbfd54f4356035000,
        0x3ff63356aa8f24c4, 0xbfd4f637c36b4000, 0x3ff614b36b9ddc14, 0xbfd49da7fda85000,
        0x3ff5f66452c65c4c, 0xbfd445923989a800, 0x3ff5d867b5912c4f, 0xbfd3edf439b0b800,
        0x3ff5babccb5b90de, 0xbfd396ce448f7000, 0x3ff59d61f2d91a78, 0xbfd3401e17bda000,
        0x3ff5805612465687, 0xbfd2e9e2ef468000, 0x3ff56397cee76bd3, 0xbfd2941b3830e000,
        0x3ff54725e2a77f93, 0xbfd23ec58cda8800, 0x3ff52aff42064583, 0xbfd1e9e129279000,
        0x3ff50f22dbb2bddf, 0xbfd1956d2b48f800, 0x3ff4f38f4734ded7, 0xbfd141679ab9f800,
        0x3ff4d843cfde2840, 0xbfd0edd094ef9800, 0x3ff4bd3ec078a3c8, 0xbfd09aa518db1000,
        0x3ff4a27fc3e0258a, 0xbfd047e65263b800, 0x3ff4880524d48434, 0xbfcfeb224586f000,
        0x3ff46dce1b192d0b, 0xbfcf474a7517b000, 0x3ff453d9d3391854, 0xbfcea4443d103000,
        0x3ff43a2744b4845a, 0xbfce020d44e9b000, 0x3ff420b54115f8fb, 0xbfcd60a22977f000,
        0x3ff40782da3ef4b1, 0xbfccc00104959000, 0x3ff3ee8f5d57fe8f, 0xbfcc202956891000,
        0x3ff3d5d9a00b4ce9, 0xbfcb81178d811000, 0x3ff3bd60c010c12b, 0xbfcae2c9ccd3d000,
        0x3ff3a5242b75dab8, 0xbfca45402e129000, 0x3ff38d22cd9fd002, 0xbfc9a877681df000,
        0x3ff3755bc5847a1c, 0xbfc90c6d69483000, 0x3ff35dce49ad36e2, 0xbfc87120a645c000,
        0x3ff34679984dd440, 0xbfc7d68fb4143000, 0x3ff32f5cceffcb24, 0xbfc73cb83c627000,
        0x3ff3187775a10d49, 0xbfc6a39a9b376000, 0x3ff301c8373e3990, 0xbfc60b3154b7a000,
        0x3ff2eb4ebb95f841, 0xbfc5737d76243000, 0x3ff2d50a0219a9d1, 0xbfc4dc7b8fc23000,
        0x3ff2bef9a8b7fd2a, 0xbfc4462c51d20000, 0x3ff2a91c7a0c1bab, 0xbfc3b08abc830000,
        0x3ff293726014b530, 0xbfc31b996b490000, 0x3ff27dfa5757a1f5, 0xbfc2875490a44000,
        0x3ff268b39b1d3bbf, 0xbfc1f3b9f879a000, 0x3ff2539d838ff5bd, 0xbfc160c8252ca000,
        0x3ff23eb7aac9083b, 0xbfc0ce7f57f72000, 0x3ff22a012ba940b6, 0xbfc03cdc49fea000,
        0x3ff2157996cc4132, 0xbfbf57bdbc4b8000, 0x3ff201201dd2fc9b, 0xbfbe370896404000,
        0x3ff1ecf4494d480b, 0xbfbd17983ef94000, 0x3ff1d8f5528f6569, 0xbfbbf9674ed8a000,
        0x3ff1c52311577e7c, 0xbfbadc79202f6000, 0x3ff1b17c74cb26e9, 0xbfb9c0c3e7288000,
        0x3ff19e010c2c1ab6, 0xbfb8a646b372c000, 0x3ff18ab07bb670bd, 0xbfb78d01b3ac0000,
        0x3ff1778a25efbcb6, 0xbfb674f145380000, 0x3ff1648d354c31da, 0xbfb55e0e6d878000,
        0x3ff151b990275fdd, 0xbfb4485cdea1e000, 0x3ff13f0ea432d24c, 0xbfb333d94d6aa000,
        0x3ff12c8b7210f9da, 0xbfb22079f8c56000, 0x3ff11a3028ecb531, 0xbfb10e4698622000,
        0x3ff107fbda8434af, 0xbfaffa6c6ad20000, 0x3ff0f5ee0f4e6bb3, 0xbfadda8d4a774000,
        0x3ff0e4065d2a9fce, 0xbfabbcece4850000, 0x3ff0d244632ca521, 0xbfa9a1894012c000,
        0x3ff0c0a77ce2981a, 0xbfa788583302c000, 0x3ff0af2f83c636d1, 0xbfa5715e67d68000,
        0x3ff09ddb98a01339, 0xbfa35c8a49658000, 0x3ff08cabaf52e7df, 0xbfa149e364154000,
        0x3ff07b9f2f4e28fb, 0xbf9e72c082eb8000, 0x3ff06ab58c358f19, 0xbf9a55f152528000,
        0x3ff059eea5ecf92c, 0xbf963d62cf818000, 0x3ff04949cdd12c90, 0xbf9228fb8caa0000,
        0x3ff038c6c6f0ada9, 0xbf8c317b20f90000, 0x3ff02865137932a9, 0xbf8419355daa0000,
        0x3ff0182427ea7348, 0xbf781203c2ec0000, 0x3ff008040614b195, 0xbf60040979240000,
        0x3fefe01ff726fa1a, 0x3f6feff384900000, 0x3fefa11cc261ea74, 0x3f87dc41353d0000,
        0x3fef6310b081992e, 0x3f93cea3c4c28000, 0x3fef25f63ceeadcd, 0x3f9b9fc114890000,
        0x3feee9c8039113e7, 0x3fa1b0d8ce110000, 0x3feeae8078cbb1ab, 0x3fa58a5bd001c000,
        0x3fee741aa29d0c9b, 0x3fa95c8340d88000, 0x3fee3a91830a99b5, 0x3fad276aef578000,
        0x3fee01e009609a56, 0x3fb07598e598c000, 0x3fedca01e577bb98, 0x3fb253f5e30d2000,
        0x3fed92f20b7c9103, 0x3fb42edd8b380000, 0x3fed5cac66fb5cce, 0x3fb606598757c000,
        0x3fed272caa5ede9d, 0x3fb7da76356a0000, 0x3fecf26e3e6b2ccd, 0x3fb9ab434e1c6000,
        0x3fecbe6da2a77902, 0x3fbb78c7bb0d6000, 0x3fec8b266d37086d, 0x3fbd431332e72000,
        0x3fec5894bd5d5804, 0x3fbf0a3171de6000, 0x3fec26b533bb9f8c, 0x3fc067152b914000,
        0x3febf583eeece73f, 0x3fc147858292b000, 0x3febc4fd75db96c1, 0x3fc2266ecdca3000,
        0x3feb951e0c864a28, 0x3fc303d7a6c55000, 0x3feb65e2c5ef3e2c, 0x3fc3dfc33c331000,
        0x3feb374867c9888b, 0x3fc4ba366b7a8000, 0x3feb094b211d304a, 0x3fc5933928d1f000,
        0x3feadbe885f2ef7e, 0x3fc66acd2418f000, 0x3feaaf1d31603da2, 0x3fc740f8ec669000,
        0x3fea82e63fd358a7, 0x3fc815c0f51af000, 0x3fea5740ef09738b, 0x3fc8e92954f68000,
        0x3fea2c2a90ab4b27, 0x3fc9bb3602f84000, 0x3fea01a01393f2d1, 0x3fca8bed1c2c0000,
        0x3fe9d79f24db3c1b, 0x3fcb5b515c01d000, 0x3fe9ae2505c7b190, 0x3fcc2967ccbcc000,
        0x3fe9852ef297ce2f, 0x3fccf635d5486000, 0x3fe95cbaeea44b75, 0x3fcdc1bd3446c000,
        0x3fe934c69de74838, 0x3fce8c01b8cfe000, 0x3fe90d4f2f6752e6, 0x3fcf5509c0179000,
        0x3fe8e6528effd79d, 0x3fd00e6c121fb800, 0x3fe8bfce9fcc007c, 0x3fd071b80e93d000,
        0x3fe899c0dabec30e, 0x3fd0d46b9e867000, 0x3fe87427aa2317fb, 0x3fd13687334bd000,
        0x3fe84f00acb39a08, 0x3fd1980d67234800, 0x3fe82a49e8653e55, 0x3fd1f8ffe0cc8000,
        0x3fe8060195f40260, 0x3fd2595fd7636800, 0x3fe7e22563e0a329, 0x3fd2b9300914a800,
        0x3fe7beb377dcb5ad, 0x3fd3187210436000, 0x3fe79baa679725c2, 0x3fd377266dec1800,
        0x3fe77907f2170657, 0x3fd3d54ffbaf3000, 0x3fe756cadbd6130c, 0x3fd432eee32fe000
    ]
}

/// What ``NaturalLog``'s main range needs of a number or a vector of numbers: lane-wise
/// arithmetic (each one rounding) and a fused multiply-add with one rounding. Named methods, not
/// operators, so that the conformances add no operator candidates to the module's expressions.
protocol MainRangeOperand {
    /// `value` (in every lane).
    static func splat(_ value: Double) -> Self
    func plus(_ b: Self) -> Self
    func minus(_ b: Self) -> Self
    func times(_ b: Self) -> Self
    /// `self + a * b` with one rounding.
    func fused(_ a: Self, _ b: Self) -> Self
}

extension Double: MainRangeOperand {
    @inline(__always) static func splat(_ value: Double) -> Double { value }
    @inline(__always) func plus(_ b: Double) -> Double { self + b }
    @inline(__always) func minus(_ b: Double) -> Double { self - b }
    @inline(__always) func times(_ b: Double) -> Double { self * b }
    @inline(__always) func fused(_ a: Double, _ b: Double) -> Double { addingProduct(a, b) }
}

extension SIMD4: MainRangeOperand where Scalar == Double {
    @inline(__always) static func splat(_ value: Double) -> SIMD4<Double> { SIMD4(repeating: value) }
    @inline(__always) func plus(_ b: SIMD4<Double>) -> SIMD4<Double> { self + b }
    @inline(__always) func minus(_ b: SIMD4<Double>) -> SIMD4<Double> { self - b }
    @inline(__always) func times(_ b: SIMD4<Double>) -> SIMD4<Double> { self * b }
    @inline(__always) func fused(_ a: SIMD4<Double>, _ b: SIMD4<Double>) -> SIMD4<Double> { addingProduct(a, b) }
}
