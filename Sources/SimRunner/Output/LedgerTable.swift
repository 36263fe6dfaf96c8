import SocialSim

/// ledger.csv: one row per sampled agent and dimension (see ``IrreversibilityLedger``).
enum LedgerTable {
    static let columns = [
        "agent", "dimension", "degree", "threshold", "locked_at_start", "first_lock_step", "stock_at_lock",
        "exposure_before_lock", "consumed_before_lock", "neighbour_locked_at_lock", "neighbour_stock_at_lock",
        "trust_before_lock", "frame_before_lock", "exited_before_lock", "locks", "first_unlock_step",
        "ever_unlocked", "locked_at_horizon",
    ]

    static func bytes(_ ledger: IrreversibilityLedger, frames: [String]) -> [UInt8] {
        var t = CSVTable(columns: columns)
        func f(_ x: Double?) -> String { x.map(CSVTable.format) ?? "" }
        func i(_ x: Int?) -> String { x.map(String.init) ?? "" }
        func b(_ x: Bool) -> String { x ? "1" : "0" }
        for e in ledger.entries {
            t.append([String(e.agent), e.dimension.name, String(e.degree), CSVTable.format(e.threshold), b(e.lockedAtStart),
                      i(e.firstLockStep), f(e.stockAtLock), CSVTable.format(e.exposureBeforeLock), String(e.consumedBeforeLock),
                      f(e.neighbourLockedAtLock), f(e.neighbourStockAtLock), f(e.trustBeforeLock),
                      e.frameBeforeLock.map { frames.indices.contains($0) ? frames[$0] : String($0) } ?? "",
                      e.exitedBeforeLock.map(b) ?? "", String(e.locks), i(e.firstUnlockStep), b(e.firstUnlockStep != nil),
                      b(e.lockedAtHorizon)])
        }
        return t.takeBytes()
    }
}
