/// Parses `--delays` as `START:STOP:STEP` (inclusive) or a comma list `0,50,100`.
enum DelayList {
    static func parse(_ text: String, horizon: Int) throws(UsageError) -> [Int] {
        let delays: [Int]
        if text.contains(":") {
            let parts = text.split(separator: ":", omittingEmptySubsequences: false).map { Int($0) }
            guard parts.count == 3, let a = parts[0], let b = parts[1], let step = parts[2], step > 0, a <= b else {
                throw UsageError("'--delays' expects START:STOP:STEP with START <= STOP and STEP > 0 (e.g. 0:400:20), got '\(text)'")
            }
            delays = Array(stride(from: a, through: b, by: step))
        } else {
            let parts = text.split(separator: ",").map { Int($0.trimmingCharacters(in: .whitespaces)) }
            guard !parts.isEmpty, parts.allSatisfy({ $0 != nil }) else {
                throw UsageError("'--delays' expects START:STOP:STEP or a comma-separated list of steps, got '\(text)'")
            }
            delays = parts.compactMap { $0 }
        }
        guard delays.count <= 10_000 else { throw UsageError("'--delays' gives \(delays.count) delays; at most 10000") }
        for d in delays where d < 0 || d >= horizon {
            throw UsageError("'--delays': delay \(d) is outside the run: delays must be from 0 to steps - 1 = \(horizon - 1)")
        }
        guard Set(delays).count == delays.count, delays == delays.sorted() else {
            throw UsageError("'--delays' must be increasing without repeats, got '\(text)'")
        }
        return delays
    }
}

import Foundation
