import Foundation
import Testing
import SocialSim
@testable import SimRunner

@Suite("world files")
struct WorldFileTests {
    @Test("worlds/default.json is exactly the embedded default world")
    func defaultWorldFileMatchesEmbedded() throws {
        let url = Executable.repository.appendingPathComponent("worlds/default.json")
        let onDisk = try [UInt8](Data(contentsOf: url))
        #expect(onDisk == JSONWriter.bytes(from: WorldEncoder.json(WorldConfig())),
                "regenerate with: swift run simrunner world > worlds/default.json")
    }

    @Test("a written world decodes to the same world")
    func roundTrip() throws {
        var world = WorldConfig()
        world.agents = 1234
        world.seed = UInt64.max
        world.correction.step = 77
        world.optimizer.objective = .constructive
        world.constraints.coupling[1][2] = 0.75
        world.narrative.frames[2].cue = .constraint
        let text = JSONWriter.string(from: WorldEncoder.json(world))
        var decoded = WorldConfig()
        var decoder = WorldDecoder(source: "test")
        decoder.apply(try JSONParser().parse(text), to: &decoded)
        #expect(decoder.errors.isEmpty)
        #expect(decoded == world)
    }

    @Test("a partial world keeps defaults for the keys it omits")
    func partialWorld() throws {
        var world = WorldConfig()
        var decoder = WorldDecoder(source: "test")
        decoder.apply(try JSONParser().parse(#"{"trust": {"lossRate": 0.2}}"#), to: &world)
        #expect(decoder.errors.isEmpty)
        var expected = WorldConfig()
        expected.trust.lossRate = 0.2
        #expect(world == expected)
    }

    @Test("every problem in a file is reported, each with line and column")
    func allErrorsReported() throws {
        var world = WorldConfig()
        var decoder = WorldDecoder(source: "w.json")
        decoder.apply(try JSONParser().parse("{\n  \"agents\": -5,\n  \"trust\": {\"gainRate\": \"fast\"}\n}"), to: &world)
        #expect(decoder.errors.map(\.description) == [
            "w.json:2:13: agents = -5: out of range: expected an integer from 2 to 50000000",
            "w.json:3:25: trust.gainRate = \"fast\": expected a number from 0 to 1, found string",
        ])
    }

    @Test("--set reads JSON values, bare words, null and frame fields")
    func overrides() throws {
        var world = WorldConfig()
        try WorldOverrides.apply([("optimizer.objective", "approval"), ("correction.step", "12"),
                                  ("constraints.decay", "[0.1, 0.2, 0.3, 0.4]"),
                                  ("narrative.frames[1].adoptionRate", "0.5"), ("correction.step", "null")], to: &world)
        #expect(world.optimizer.objective == .approval)
        #expect(world.correction.step == nil)
        #expect(world.constraints.decay == [0.1, 0.2, 0.3, 0.4])
        #expect(world.narrative.frames[1].adoptionRate == 0.5)
        #expect(throws: WorldErrors.self) { try WorldOverrides.apply([("narrative.frames[9].cue", "harm")], to: &world) }
        // One number for a per-dimension parameter sets every dimension; [d] sets one.
        try WorldOverrides.apply([("constraints.thresholdSpread", "0.4"), ("welfare.loadWeight[2]", "0.9")], to: &world)
        #expect(world.constraints.thresholdSpread == [0.4, 0.4, 0.4, 0.4])
        #expect(world.welfare.loadWeight == [0.5, 0.5, 0.9, 0.5])
        #expect(throws: WorldErrors.self) { try WorldOverrides.apply([("welfare.loadWeight[2]", "-1")], to: &world) }
        #expect(throws: WorldErrors.self) { try WorldOverrides.apply([("welfare.loadWeight[4]", "1")], to: &world) }
    }

    @Test("the parameter reference lists every parameter with its default")
    func parameterReference() {
        let text = ParamsCommand.markdown()
        for p in WorldParameters.all { #expect(text.contains("`\(p.path)`")) }
        let url = Executable.repository.appendingPathComponent("docs/parameters.md")
        #expect((try? String(contentsOf: url, encoding: .utf8)) == text,
                "regenerate with: swift run simrunner params > docs/parameters.md")
    }
}
