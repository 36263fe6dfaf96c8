import Foundation

/// The `--out` of a long, resumable experiment (sweep, correct, compare): the locked target,
/// the journal of finished units beside it (`.NAME.journal`), and the final output staged and
/// committed whole at the end, then the journal removed.
///
/// Kill windows and what the next run of the same command does:
/// - during the units: resumes from the journal (a torn last record is dropped);
/// - after the output is committed, before the journal is removed: the output's marker carries
///   the same key as the journal, so the journal is recognised as finished and removed;
/// - inside a replace (`--force`): see ``OutputDirectory/commit()`` and ``OutputTarget``.
///
/// ```swift
/// let out = try ResumableOutput(path: "outputs/x", key: key, experiment: "correction experiment", force: force)
/// for unit in units where !out.journal.contains(unit.id) { try out.journal.record(unit.id, compute(unit)) }
/// let files = try out.stage()
/// try files.write(table, to: "runs.csv")
/// try out.commit(files)
/// ```
final class ResumableOutput {
    let target: OutputTarget
    let journal: UnitJournal
    let key: String

    /// `experiment` names the command's kind in messages ("sweep", "correction experiment").
    init(path: String, key: String, experiment: String, force: Bool,
         notice: @escaping (String) -> Void = { Console.error("simrunner: " + $0) }) throws {
        self.key = key
        target = try OutputTarget(path: path, force: force, notice: notice)
        let journalURL = target.journalURL
        if FileManager.default.fileExists(atPath: journalURL.path), OutputMarker.read(target.url)?.key == key,
           UnitJournal.key(at: journalURL) == key {
            // Killed after committing the output and before removing the journal.
            _ = unlink(journalURL.path)
            notice("removed '\(journalURL.lastPathComponent)' beside '\(path)': its \(experiment) had finished")
        }
        try target.checkExisting(experiment: experiment, key: key)
        do {
            journal = try UnitJournal.open(at: journalURL, key: key, discardOther: force)
        } catch is UnitJournal.OtherExperiment {
            throw UsageError("'\(DisplayPath.of(journalURL))' holds the unfinished runs of a different \(experiment) for '\(path)' (other worlds, seeds or options); run that command again to finish it, or pass --force to discard them")
        }
        if journal.found == .discarded {
            notice("discarded the unfinished runs of a different \(experiment) in '\(journalURL.lastPathComponent)' (--force)")
        }
    }

    /// Starts the staging directory of the final files.
    func stage() throws -> OutputDirectory {
        try OutputDirectory(target: target, key: key)
    }

    /// Commits the final files, then removes the journal and the lock.
    func commit(_ output: OutputDirectory) throws {
        try output.commit()
        journal.remove()
        target.release()
    }
}

extension UnitJournal {
    /// The key in the header of the journal at `url`, nil when there is no readable journal.
    static func key(at url: URL) -> String? {
        guard let h = FileHandle(forReadingAtPath: url.path) else { return nil }
        defer { try? h.close() }
        guard let data = try? h.read(upToCount: 128) else { return nil }
        let prefix = "simrunner-journal 1 "
        let line = String(decoding: data.prefix { $0 != UInt8(ascii: "\n") }, as: UTF8.self)
        return line.hasPrefix(prefix) ? String(line.dropFirst(prefix.count)) : nil
    }
}
