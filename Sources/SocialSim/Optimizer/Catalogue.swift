import Foundation

/// The items the optimizer can show, struct-of-arrays. Appeal and footprint go together
/// (what hooks tends to bind), quality falls with appeal: this is where the proxy and
/// welfare part ways.
public struct Catalogue: Sendable, Equatable {
    public let count: Int
    /// Topic of each item.
    public let topic: [Int32]
    /// How strongly the item hooks, in [0, 1].
    public let appeal: [Double]
    /// How much good the item does to an agent whose reflective preferences match its topic, in [0, 1].
    public let quality: [Double]
    /// Footprint per dimension, item-major (`footprint[j * 4 + d]`), stock units per consumption.
    public let footprint: [Double]
    /// Footprint summed over dimensions and divided by the summed footprint scale, about [0, 1.5].
    public let normalizedFootprint: [Double]
    /// Template (format) each item was made from; moderation can move it (supply adapts).
    public var template: [Int32]

    /// Builds the catalogue from the world's seed. Templates follow appeal bands: formats that
    /// hook more are the ones with bigger footprints, which is what makes moderating them plausible.
    public init(config: CatalogueConfig, topics: Int, streams: RandomStreams) {
        count = config.items
        var topic = [Int32](repeating: 0, count: count)
        var appeal = [Double](repeating: 0, count: count)
        var quality = [Double](repeating: 0, count: count)
        var footprint = [Double](repeating: 0, count: count * Dimension.count)
        var normalized = [Double](repeating: 0, count: count)
        var template = [Int32](repeating: 0, count: count)
        let scaleSum = max(config.footprintScale.reduce(0, +), .leastNonzeroMagnitude)
        for j in 0..<count {
            var rng = streams.stream(.catalogue, UInt64(j))
            topic[j] = Int32(j % topics)
            let a = rng.nextUnit()
            appeal[j] = a
            let noise = (2 * rng.nextUnit() - 1) * config.qualityNoise
            quality[j] = min(max(1 - config.qualityTradeoff * a + noise, 0), 1)
            var total = 0.0
            // a * a exactly when the exponent is 2, so the default catalogue's bits do not depend on pow.
            let appealPower = config.footprintExponent == 2 ? a * a : pow(a, config.footprintExponent)
            for d in 0..<Dimension.count {
                let f = config.footprintScale[d] * appealPower * (0.5 + rng.nextUnit())
                footprint[j * Dimension.count + d] = f
                total += f
            }
            normalized[j] = total / scaleSum
            template[j] = Int32(min(config.templates - 1, Int(a * Double(config.templates))))
        }
        self.topic = topic
        self.appeal = appeal
        self.quality = quality
        self.footprint = footprint
        self.normalizedFootprint = normalized
        self.template = template
    }
}
