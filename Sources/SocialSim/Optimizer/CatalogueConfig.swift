/// Parameters of the catalogue of items the optimizer chooses from. Each item has a topic,
/// an appeal (how strongly it hooks), a quality (how much good it does), a template (its
/// format, what moderation filters on) and a footprint in each constraint dimension.
public struct CatalogueConfig: Sendable, Equatable, Hashable {
    /// Number of items.
    public var items = 200
    /// Number of templates (formats) items are made from.
    public var templates = 20
    /// Footprint per consumption of an item of appeal 1, per dimension (stock units per consumption);
    /// an item's footprint is `footprintScale * appeal^footprintExponent * jitter`, jitter uniform in [0.5, 1.5].
    public var footprintScale: [Double] = [0.018, 0.014, 0.025, 0.008]
    /// How footprint rises with appeal (2: what hooks binds more than in proportion).
    public var footprintExponent = 2.0
    /// How much quality falls with appeal: `quality = 1 - qualityTradeoff * appeal + noise`.
    public var qualityTradeoff = 0.7
    /// Half-width of the uniform noise on quality.
    public var qualityNoise = 0.15

    public init() {}
}
