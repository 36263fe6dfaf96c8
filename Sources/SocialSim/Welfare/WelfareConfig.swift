/// Parameters of true welfare, which the optimizer never sees.
public struct WelfareConfig: Sendable, Equatable, Hashable {
    /// Weight of open options (`exp(-sum_d loadWeight[d] * stock[d])`) in welfare.
    public var optionsWeight = 0.6
    /// Weight of reflective benefit (fit of what is consumed to reflective preferences, times quality).
    public var benefitWeight = 0.4
    /// How strongly each dimension's stock closes options (per stock unit).
    public var loadWeight: [Double] = [0.5, 0.5, 0.5, 0.5]
    /// Benefit an agent gets per step when it has exited the system (the outside option).
    public var outsideOption = 0.25
    /// Smoothing rate of the recent-benefit average (1/step).
    public var benefitSmoothing = 0.1

    public init() {}
}

/// The scalar part of ``WelfareConfig`` (the per-dimension load weights live in the agent loop's
/// dimension table), so the agent loop holds no array.
public struct WelfareWeights: Sendable, Equatable {
    public var optionsWeight: Double
    public var benefitWeight: Double
    public var outsideOption: Double
    public var benefitSmoothing: Double

    public init(_ config: WelfareConfig) {
        optionsWeight = config.optionsWeight
        benefitWeight = config.benefitWeight
        outsideOption = config.outsideOption
        benefitSmoothing = config.benefitSmoothing
    }
}
