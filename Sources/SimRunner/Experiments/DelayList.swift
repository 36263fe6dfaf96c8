/// Parses `--delays` as `START:STOP:STEP` (inclusive) or a comma list `0,50,100`.
enum DelayList {
    static func parse(_ text: String, horizon: Int) throws(UsageError) -> [Int] {
        let delays: [Int]
        let shown = UsageError.quote(text)
        func outside(_ d: String) -> UsageError {
            UsageError("'--delays': delay \(SafeText.shown(d)) is outside the run: delays must be from 0 to steps - 1 = \(horizon - 1)")
        }
        if text.contains(":") {
            let texts = text.split(separator: ":", omittingEmptySubsequences: false)
            let parts = texts.map { Int($0) }
            guard parts.count == 3, let a = parts[0], let b = parts[1], let step = parts[2], step > 0, a <= b else {
                throw UsageError("'--delays' expects START:STOP:STEP with START <= STOP and STEP > 0 (e.g. 0:400:20), got \(shown)")
            }
            // The range is checked against the run, and its length computed, before any delay exists.
            if a < 0 || a >= horizon { throw outside(String(a)) }
            if b >= horizon { throw outside(String(b)) }
            let count = (b - a) / step + 1
            guard count <= DesignLimits.delays else {
                throw UsageError("'--delays' \(shown) gives \(count) delays; at most \(DesignLimits.delays)")
            }
            delays = Array(stride(from: a, through: b, by: step))
        } else {
            let commas = text.utf8.reduce(0) { $0 + ($1 == UInt8(ascii: ",") ? 1 : 0) }
            guard commas < DesignLimits.delays else {
                throw UsageError("'--delays' lists \(commas + 1) delays; at most \(DesignLimits.delays)")
            }
            let parts = text.split(separator: ",").map { Int($0.trimmingCharacters(in: .whitespaces)) }
            guard !parts.isEmpty, parts.allSatisfy({ $0 != nil }) else {
                throw UsageError("'--delays' expects START:STOP:STEP or a comma-separated list of steps, got \(shown)")
            }
            delays = parts.compactMap { $0 }
        }
        for d in delays where d < 0 || d >= horizon { throw outside(String(d)) }
        guard Set(delays).count == delays.count, delays == delays.sorted() else {
            throw UsageError("'--delays' must be increasing without repeats, got \(shown)")
        }
        return delays
    }
}
