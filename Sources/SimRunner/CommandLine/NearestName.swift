/// The candidate closest to `input` when it is plausibly a typo of it, for "did you mean"
/// hints on unknown options, subcommands, world keys and `--set` paths.
///
/// ```swift
/// nearestName(to: "sed", among: ["seed", "steps", "out"])                      // "seed"
/// nearestName(to: "trst.lossRate", among: ["trust.lossRate", "trust.gain"])    // "trust.lossRate"
/// nearestName(to: "trust.lossrate", among: ["trust.lossRate"])                 // "trust.lossRate"
/// nearestName(to: "zzz", among: ["seed"])                                       // nil
/// ```
///
/// Distance is Damerau-Levenshtein in its optimal-string-alignment form (insertions,
/// deletions, substitutions and swaps of adjacent characters each cost 1), compared
/// case-insensitively, over `Character`s so accented letters count once. The smallest
/// distance wins; ties go to the earlier candidate, so callers control preference by order.
///
/// With `maxDistance` given, any candidate within that distance qualifies. Without it the
/// default is meant to suggest only real typos:
/// - the distance must be at most `max(2, input.count / 3)`;
/// - the candidate must share something with the input: a distance equal to the longer
///   length means every character was replaced ("ab" is not a typo of "cd");
/// - when `input` is a dotted key path and the candidate has as many segments, the paths
///   are compared segment by segment (the distance is the sum) and every segment must
///   itself be a plausible typo. This keeps a long shared prefix from inflating the
///   allowance: "network.degree" does not suggest "network.seed", although the whole
///   strings are only 4 apart and 14 characters long.
func nearestName(to input: String, among candidates: [String], maxDistance: Int? = nil) -> String? {
    // No name is this long: a megabyte key must not cost a megabyte-squared of edits.
    guard !input.isEmpty, input.utf8.count <= 256 else { return nil }
    let typed = input.lowercased()
    let typedChars = Array(typed)
    let typedSegments = typed.split(separator: ".", omittingEmptySubsequences: false).map(Array.init)

    var best: (name: String, distance: Int)?
    for candidate in candidates {
        let lowered = candidate.lowercased()
        // The distance is at least the difference in length: skip hopeless candidates cheaply.
        if abs(lowered.count - typedChars.count) > (maxDistance ?? max(2, typedChars.count / 3)) { continue }
        let distance: Int?
        if let maxDistance {
            let d = optimalStringAlignmentDistance(typedChars, Array(lowered))
            distance = d <= maxDistance ? d : nil
        } else {
            distance = plausibleTypoDistance(typedChars, typedSegments, Array(lowered))
        }
        if let distance, distance < (best?.distance ?? Int.max) {
            best = (candidate, distance)
        }
    }
    return best?.name
}

/// The default acceptance rule described on `nearestName`; nil when not a plausible typo.
private func plausibleTypoDistance(_ input: [Character], _ inputSegments: [[Character]], _ candidate: [Character]) -> Int? {
    let limit = max(2, input.count / 3)
    let candidateSegments = candidate.split(separator: ".", omittingEmptySubsequences: false).map(Array.init)

    if inputSegments.count > 1 && inputSegments.count == candidateSegments.count {
        var total = 0
        for (typed, known) in zip(inputSegments, candidateSegments) {
            let d = optimalStringAlignmentDistance(typed, known)
            guard d <= max(2, typed.count / 3), sharesSomething(d, typed, known) else { return nil }
            total += d
        }
        return total <= limit ? total : nil
    }

    let d = optimalStringAlignmentDistance(input, candidate)
    return d <= limit && sharesSomething(d, input, candidate) ? d : nil
}

/// False when the edit replaced every character, so the two strings have nothing in common.
private func sharesSomething(_ distance: Int, _ a: [Character], _ b: [Character]) -> Bool {
    let longer = max(a.count, b.count)
    return longer == 0 || distance < longer
}

/// Optimal string alignment distance: Levenshtein plus transposition of adjacent
/// characters, where no substring is edited twice. Three rolling rows (a swap looks two
/// rows back) keep memory linear in `b.count` instead of a full matrix.
func optimalStringAlignmentDistance(_ a: [Character], _ b: [Character]) -> Int {
    if a.isEmpty { return b.count }
    if b.isEmpty { return a.count }
    var beforePrevious = [Int](repeating: 0, count: b.count + 1)
    var previous = Array(0...b.count)
    var current = [Int](repeating: 0, count: b.count + 1)
    for i in 1...a.count {
        current[0] = i
        for j in 1...b.count {
            let cost = a[i - 1] == b[j - 1] ? 0 : 1
            var d = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
            if i > 1, j > 1, a[i - 1] == b[j - 2], a[i - 2] == b[j - 1] {
                d = min(d, beforePrevious[j - 2] + 1)
            }
            current[j] = d
        }
        (beforePrevious, previous, current) = (previous, current, beforePrevious)
    }
    return previous[b.count]
}
