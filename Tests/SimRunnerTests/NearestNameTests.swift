import Testing
@testable import SimRunner

@Suite("Nearest name")
struct NearestNameTests {
    @Test("a one-letter slip finds the intended name")
    func typo() {
        #expect(nearestName(to: "sed", among: ["steps", "seed", "out"]) == "seed")
        #expect(nearestName(to: "frce", among: ["force", "quiet"]) == "force")
    }

    @Test("comparison ignores case and returns the candidate's spelling")
    func caseInsensitive() {
        #expect(nearestName(to: "SEED", among: ["seed"]) == "seed")
        #expect(nearestName(to: "trust.lossrate", among: ["trust.gain", "trust.lossRate"]) == "trust.lossRate")
    }

    @Test("dotted key paths match a typo within a segment")
    func dottedPaths() {
        let keys = ["trust.gain", "trust.lossRate", "norms.lossRate"]
        #expect(nearestName(to: "trst.lossRate", among: keys) == "trust.lossRate")
        #expect(nearestName(to: "norms.losRate", among: keys) == "norms.lossRate")
        #expect(nearestName(to: "trustlossRate", among: keys) == "trust.lossRate")
    }

    @Test("a long shared prefix does not make a different last segment look like a typo")
    func dottedPrefixDoesNotInflate() {
        #expect(nearestName(to: "network.degree", among: ["network.seed"]) == nil)
        #expect(nearestName(to: "x.lossRate", among: ["trust.lossRate"]) == nil)
    }

    @Test("nothing plausible gives nil")
    func noMatch() {
        #expect(nearestName(to: "zzz", among: ["seed", "out"]) == nil)
        #expect(nearestName(to: "ab", among: ["cd"]) == nil)  // every character replaced
        #expect(nearestName(to: "", among: ["seed"]) == nil)
        #expect(nearestName(to: "seed", among: []) == nil)
    }

    @Test("ties go to the earlier candidate")
    func ties() {
        #expect(nearestName(to: "cat", among: ["bat", "cut"]) == "bat")
        #expect(nearestName(to: "cat", among: ["cut", "bat"]) == "cut")
    }

    @Test("an explicit maxDistance replaces the default allowance")
    func explicitLimit() {
        #expect(nearestName(to: "abcdef", among: ["abcxyz"]) == nil)
        #expect(nearestName(to: "abcdef", among: ["abcxyz"], maxDistance: 3) == "abcxyz")
        #expect(nearestName(to: "sed", among: ["seed"], maxDistance: 0) == nil)
    }

    @Test("distance is optimal string alignment: adjacent swaps cost one, no double edits")
    func distance() {
        func d(_ a: String, _ b: String) -> Int { optimalStringAlignmentDistance(Array(a), Array(b)) }
        #expect(d("seed", "sede") == 1)
        #expect(d("kitten", "sitting") == 3)
        #expect(d("", "abc") == 3)
        #expect(d("abc", "") == 3)
        #expect(d("same", "same") == 0)
        #expect(d("ca", "abc") == 3)  // unrestricted Damerau-Levenshtein would give 2
    }
}
