import Foundation

/// The on-disk state of a sweep in progress, so a sweep killed at any moment (even by SIGKILL)
/// resumes with the same command and loses nothing.
///
/// `DIR/manifest.json` is written first. Each finished run leaves `DIR/.journal/<run>.series`
/// (when series are asked for) and then `DIR/.journal/<run>.row`, each written to a temporary
/// file and renamed, so a run counts as done exactly when its `.row` file exists. When every run
/// is done, `runs.csv` (and `series.csv`) are assembled in run order, written atomically, and the
/// journal is removed.
struct SweepJournal {
    let directory: URL
    var journal: URL { directory.appendingPathComponent(".journal") }
    var manifestURL: URL { directory.appendingPathComponent("manifest.json") }
    var runsURL: URL { directory.appendingPathComponent("runs.csv") }

    enum State: Equatable {
        /// Nothing there: a new sweep.
        case empty
        /// An unfinished sweep with this manifest.
        case unfinished
        /// A finished sweep (runs.csv exists).
        case finished
        /// A regular file: never replaced, even with --force.
        case file
        /// A directory that is not a sweep of this design.
        case foreign(String)
    }

    /// What is at the output path, compared with the manifest this sweep would write.
    func state(expectedManifest: [UInt8]) -> State {
        let fm = FileManager.default
        var isDirectory: ObjCBool = false
        guard fm.fileExists(atPath: directory.path, isDirectory: &isDirectory) else { return .empty }
        guard isDirectory.boolValue else { return .file }
        let contents = (try? fm.contentsOfDirectory(atPath: directory.path)) ?? []
        if contents.isEmpty { return .empty }
        guard let manifest = try? Data(contentsOf: manifestURL) else {
            return .foreign("'\(DisplayPath.of(directory))' exists and is not a sweep directory")
        }
        guard [UInt8](manifest) == expectedManifest else {
            return .foreign("'\(DisplayPath.of(directory))' holds a sweep with another design, world, seeds or program version")
        }
        return fm.fileExists(atPath: runsURL.path) ? .finished : .unfinished
    }

    /// Starts a new sweep directory (after clearing it when `force`).
    func create(manifest: [UInt8], force: Bool) throws {
        let fm = FileManager.default
        if force && fm.fileExists(atPath: directory.path) { try fm.removeItem(at: directory) }
        try fm.createDirectory(at: journal, withIntermediateDirectories: true)
        try OutputDirectory.writeAtomically(Data(manifest), to: manifestURL)
    }

    /// Runs already done.
    func finishedRuns() -> Set<Int> {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: journal.path)) ?? []
        return Set(names.compactMap { $0.hasSuffix(".row") ? Int($0.dropLast(4)) : nil })
    }

    /// Records a finished run: series first, then the row that marks it done.
    func record(run r: Int, row: [UInt8], series: [UInt8]?) throws {
        if let series {
            try OutputDirectory.writeAtomically(Data(series), to: journal.appendingPathComponent("\(r).series"))
        }
        try OutputDirectory.writeAtomically(Data(row), to: journal.appendingPathComponent("\(r).row"))
    }

    /// Assembles the outputs in run order and removes the journal.
    func assemble(runs: [Int], runHeader: [String], seriesHeader: [String]?) throws {
        var rows = CSVTable(columns: runHeader).bytes
        var series = seriesHeader.map { CSVTable(columns: $0).bytes }
        for r in runs {
            rows += try [UInt8](Data(contentsOf: journal.appendingPathComponent("\(r).row")))
            if series != nil {
                series! += try [UInt8](Data(contentsOf: journal.appendingPathComponent("\(r).series")))
            }
        }
        if let series {
            try OutputDirectory.writeAtomically(Data(series), to: directory.appendingPathComponent("series.csv"))
        }
        try OutputDirectory.writeAtomically(Data(rows), to: runsURL)
        try FileManager.default.removeItem(at: journal)
    }
}
