import Foundation

/// True welfare: open options (shrinking with every unit of constraint) and the benefit of
/// what one gets, judged by reflective preferences. The optimizer never sees it.
public enum Welfare {
    /// `exp(-sum_d loadWeight[d] * stock[d])`, in (0, 1]: the share of options still open
    /// (`exp` is ``NaturalExp``, the bits of glibc's).
    @inline(__always)
    public static func openOptions(stock: (Int) -> Double, loadWeight: UnsafeBufferPointer<Double>) -> Double {
        var load = 0.0
        for d in 0..<Dimension.count { load += loadWeight[d] * stock(d) }
        return NaturalExp.exp(-load)
    }

    /// Welfare in [0, 1] when the weights sum to at most 1.
    @inlinable
    public static func welfare(openOptions: Double, recentBenefit: Double, config: WelfareWeights) -> Double {
        config.optionsWeight * openOptions + config.benefitWeight * recentBenefit
    }

    /// Benefit of consuming an item: its quality times how much the agent would endorse its topic.
    @inlinable
    public static func benefit(quality: Double, reflectiveFit: Double) -> Double {
        quality * reflectiveFit
    }
}
