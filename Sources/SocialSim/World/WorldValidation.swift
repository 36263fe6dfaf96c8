/// A problem with a world: which key, what value, what is allowed.
public struct WorldIssue: Error, Sendable, Equatable, CustomStringConvertible {
    public let path: String
    public let value: String
    public let allowed: String

    public init(path: String, value: String, allowed: String) {
        self.path = path
        self.value = value
        self.allowed = allowed
    }

    public var description: String { "\(path) = \(value): \(allowed)" }
}

/// Rules that tie parameters together, checked after every parameter is in its own range.
public enum WorldValidation {
    /// All cross-parameter problems of `world`, in a fixed order (empty when it can run).
    /// Comparisons per step the homogenization measure may make (pairs x historyLength^2).
    public static let maxHomogenizationCost = 100_000_000.0

    public static func issues(_ world: WorldConfig) -> [WorldIssue] {
        var out: [WorldIssue] = []
        func fail(_ path: String, _ value: CustomStringConvertible, _ allowed: String) {
            out.append(WorldIssue(path: path, value: "\(value)", allowed: allowed))
        }
        do {
            try world.network.validate(agents: world.agents)
        } catch let e as NetworkError {
            out.append(WorldIssue(path: e.keyPath, value: e.value, allowed: e.allowed))
        } catch {
            fail("network", world.network.kind.rawValue, "cannot be built: \(error)")
        }
        if let step = world.correction.step, step >= world.steps {
            fail("correction.step", step, "must be before the horizon: at most steps - 1 = \(world.steps - 1), or null for no correction")
        }
        if world.measurement.window > world.steps {
            fail("measurement.window", world.measurement.window, "must be at most steps (\(world.steps))")
        }
        if world.optimizer.topK > world.catalogue.items {
            fail("optimizer.topK", world.optimizer.topK, "must be at most catalogue.items (\(world.catalogue.items))")
        }
        if let segments = world.optimizer.segments, segments > world.topics {
            fail("optimizer.segments", segments, "must be at most topics (\(world.topics)), or null for one segment per topic")
        }
        if world.welfare.optionsWeight + world.welfare.benefitWeight > 1 + 1e-12 {
            fail("welfare.benefitWeight", world.welfare.benefitWeight,
                 "welfare.optionsWeight + welfare.benefitWeight must be at most 1 (welfare stays in [0, 1]); optionsWeight is \(world.welfare.optionsWeight)")
        }
        if world.trust.reentryLevel < world.trust.exitLevel {
            fail("trust.reentryLevel", world.trust.reentryLevel, "must be at least trust.exitLevel (\(world.trust.exitLevel))")
        }
        let frames = world.narrative.frames
        if frames.isEmpty || frames.count > WorldParameters.maxFrames {
            fail(WorldParameters.framesPath, "\(frames.count) frames", "between 1 and \(WorldParameters.maxFrames) frames")
        } else {
            if frames.map(\.initialShare).reduce(0, +) <= 0 {
                fail("\(WorldParameters.framesPath)[*].initialShare", 0, "at least one frame needs a positive initialShare")
            }
            var seen: [String: Int] = [:]
            for (i, f) in frames.enumerated() {
                if let first = seen[f.name] {
                    fail("\(WorldParameters.framesPath)[\(i)].name", "\"\(f.name)\"", "frame names must be unique (also used by frame \(first))")
                }
                seen[f.name] = i
            }
        }
        // Homogenization compares each sampled pair's histories element by element every step;
        // past this budget the measure alone would take hours (10^6 pairs of 255 items: 6.5e10
        // comparisons a step) while a few thousand pairs estimate it just as well.
        let measureCost = Double(world.measurement.homogenizationPairs) * Double(world.measurement.historyLength * world.measurement.historyLength)
        if measureCost > WorldValidation.maxHomogenizationCost {
            let most = Int(WorldValidation.maxHomogenizationCost) / (world.measurement.historyLength * world.measurement.historyLength)
            fail("measurement.homogenizationPairs", world.measurement.homogenizationPairs,
                 "homogenizationPairs x historyLength^2 must be at most \(Int(WorldValidation.maxHomogenizationCost)) (comparisons per step); with historyLength \(world.measurement.historyLength) at most \(most) pairs")
        }
        if world.safeguards.templates.enabled {
            let blocked = Int((world.safeguards.templates.blockedFraction * Double(world.catalogue.templates)).rounded())
            if blocked >= world.catalogue.templates {
                fail("safeguards.templates.blockedFraction", world.safeguards.templates.blockedFraction,
                     "must leave at least one of the \(world.catalogue.templates) templates unblocked")
            }
        }
        return out
    }
}
