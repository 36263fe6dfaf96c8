import Foundation

/// `simrunner rerun`: the reproducibility promise as a command. Runs again, into a temporary
/// directory, the command a directory's manifest.json records, and checks the new files
/// against the old ones byte for byte.
enum RerunCommand {
    static let spec = CommandSpec(
        name: "rerun",
        summary: "Run again what produced an output directory (from its manifest.json) and check that every file is the same bytes.",
        usage: "DIR/manifest.json [--jobs N] [--keep]",
        options: [
            CommonOptions.jobs,
            .flag("keep", help: "Keep the rerun's directory (printed) instead of removing it."),
            CommonOptions.quiet,
        ],
        positionals: 1...1,
        positionalHelp: [("DIR/manifest.json", "The manifest of a run, correct, compare or sweep directory (or the directory).")],
        positionalNouns: ("manifest", "manifests"),
        discussion: """
        The recorded command is run from the current directory (world files are read where it names them, so
        run rerun from where the original command ran), with --out pointing to a temporary directory and
        --force dropped; --jobs may differ, since results do not depend on it. Every file of the original
        directory that the rerun also writes is compared byte for byte; manifest.json is compared without its
        "command" (which names the other --out). Files the rerun does not write (a report/, notes) are listed
        and ignored. A shard's manifest reruns that shard.
        Exit status: 0 when every file is identical, 1 when a file differs, 2 when the rerun cannot start.
        Example:
          simrunner rerun outputs/default-seed1/manifest.json
        """)

    static func execute(_ parsed: ParsedCommand, commandLine: [String]) throws -> Int32 {
        var path = parsed.positionals[0]
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), isDirectory.boolValue {
            path = URL(fileURLWithPath: path).appendingPathComponent("manifest.json").path
        }
        let original = URL(fileURLWithPath: path).deletingLastPathComponent()
        guard let data = FileManager.default.contents(atPath: path) else {
            throw UsageError("cannot read \(UsageError.quote(DisplayPath.of(path))): give the manifest.json of an output directory")
        }
        let manifest: JSONNode
        do { manifest = try JSONParser().parse([UInt8](data)) } catch {
            throw UsageError("\(DisplayPath.of(path)): not a manifest: \(error)")
        }
        guard manifest["program"]?.value.stringValue == "simrunner",
              let recorded = manifest["command"]?.value.arrayValue?.compactMap({ $0.value.stringValue }),
              recorded.count >= 2, recorded[0] == "simrunner" else {
            throw UsageError("\(DisplayPath.of(path)) records no simrunner command to rerun")
        }
        guard ["run", "correct", "compare", "sweep"].contains(recorded[1]) else {
            throw UsageError("\(DisplayPath.of(path)) records 'simrunner \(recorded[1])'; rerun reruns run, correct, compare and sweep directories")
        }
        let quiet = parsed.flag("quiet")
        let version = manifest["version"]?.value.stringValue ?? "?"
        if version != Program.version && !quiet {
            Console.error("rerun: note: \(DisplayPath.of(original)) was written by simrunner \(version), this is \(Program.version); outputs may differ")
        }

        let fm = FileManager.default
        let work = fm.temporaryDirectory.appendingPathComponent("simrunner-rerun-\(ProcessInfo.processInfo.processIdentifier)-\(UInt64.random(in: 0...UInt64.max))")
        try fm.createDirectory(at: work, withIntermediateDirectories: true)
        let fresh = work.appendingPathComponent("out")
        defer { if !parsed.flag("keep") { try? fm.removeItem(at: work) } }

        var arguments = withoutOutput(Array(recorded.dropFirst()))
        if let shard = manifest["shard"]?.value.stringValue, !arguments.contains("--shard") { arguments += ["--shard", shard] }
        if let jobs = parsed.value("jobs") { arguments = withoutOption("jobs", short: "j", in: arguments) + ["--jobs", jobs] }
        arguments += ["--out", fresh.path, "--quiet"]
        if !quiet { Console.error("rerun: simrunner " + recorded.dropFirst().joined(separator: " ")) }
        let status = Program.run(arguments)
        guard status == 0 else {
            throw UsageError("the recorded command failed (exit \(status)); run it from the directory it was first run in")
        }

        let comparison = try compare(original: original, fresh: fresh)
        if !quiet {
            for line in comparison.report { Console.error("rerun: " + line) }
            if parsed.flag("keep") { Console.error("rerun: kept the rerun in \(DisplayPath.of(fresh))") }
        }
        try Console.out(comparison.identical
                    ? "identical: \(comparison.same.count) files of \(DisplayPath.of(original)) are reproduced byte for byte\n"
                    : "different: " + comparison.different.map(\.name).joined(separator: ", ") + " of \(DisplayPath.of(original)) differ\n")
        return comparison.identical ? 0 : 1
    }

    struct Outcome {
        var same: [String] = []
        var different: [(name: String, why: String)] = []
        var missing: [String] = []
        var ignored: [String] = []
        var identical: Bool { different.isEmpty && missing.isEmpty && !same.isEmpty }

        var report: [String] {
            var lines = different.map { "\($0.name) differs: \($0.why)" }
            lines += missing.map { "\($0) is written by the rerun but missing from the directory" }
            if !ignored.isEmpty { lines.append("not written by the command, ignored: " + ignored.joined(separator: ", ")) }
            return lines
        }
    }

    /// Compares the files of `original` with those the rerun wrote in `fresh`.
    static func compare(original: URL, fresh: URL) throws -> Outcome {
        let old = Set(files(in: original)), new = Set(files(in: fresh))
        var outcome = Outcome()
        outcome.ignored = old.subtracting(new).sorted()
        outcome.missing = new.subtracting(old).sorted()
        for name in old.intersection(new).sorted() {
            let a = try [UInt8](Data(contentsOf: original.appendingPathComponent(name)))
            let b = try [UInt8](Data(contentsOf: fresh.appendingPathComponent(name)))
            if name == "manifest.json", let x = try? JSONParser().parse(a), let y = try? JSONParser().parse(b) {
                if withoutCommand(x) == withoutCommand(y) { outcome.same.append(name) } else {
                    outcome.different.append((name, manifestDifference(x, y)))
                }
            } else if a == b {
                outcome.same.append(name)
            } else {
                outcome.different.append((name, firstDifference(a, b)))
            }
        }
        return outcome
    }

    /// Regular files, recursively, as paths relative to `root` (hidden names skipped).
    static func files(in root: URL) -> [String] {
        guard let e = FileManager.default.enumerator(at: root, includingPropertiesForKeys: [.isRegularFileKey], options: [.skipsHiddenFiles]) else { return [] }
        var out: [String] = []
        let base = root.standardizedFileURL.path
        for case let url as URL in e where (try? url.resourceValues(forKeys: [.isRegularFileKey]).isRegularFile) == true {
            let p = url.standardizedFileURL.path
            out.append(p.hasPrefix(base + "/") ? String(p.dropFirst(base.count + 1)) : url.lastPathComponent)
        }
        return out
    }

    /// The first line that differs, and for a CSV file the first column that does.
    static func firstDifference(_ a: [UInt8], _ b: [UInt8]) -> String {
        let x = String(decoding: a, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false)
        let y = String(decoding: b, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false)
        let header = x.first.map { $0.split(separator: ",", omittingEmptySubsequences: false) } ?? []
        for k in 0..<max(x.count, y.count) {
            let l = k < x.count ? x[k] : "", r = k < y.count ? y[k] : ""
            guard l != r else { continue }
            let lf = l.split(separator: ",", omittingEmptySubsequences: false), rf = r.split(separator: ",", omittingEmptySubsequences: false)
            if k > 0, let c = zip(lf, rf).enumerated().first(where: { $0.element.0 != $0.element.1 })?.offset {
                let name = c < header.count ? " (\(header[c]))" : ""
                return "line \(k + 1), field \(c + 1)\(name): \(lf[c]) before, \(rf[c]) now"
            }
            return "line \(k + 1) first (\(x.count) lines before, \(y.count) now)"
        }
        return "the bytes differ"
    }

    static func withoutCommand(_ node: JSONNode) -> JSONNode {
        guard case .object(let members) = node.value else { return node }
        return JSONNode(.object(members.filter { $0.key != "command" }))
    }

    static func manifestDifference(_ a: JSONNode, _ b: JSONNode) -> String {
        guard case .object(let x) = a.value, case .object(let y) = b.value else { return "not both objects" }
        let keys = (x.map(\.key) + y.map(\.key)).filter { $0 != "command" }
        for key in keys where a[key] != b[key] {
            if key == "worldHash" { return "the world differs (worldHash): a world file changed since the directory was written" }
            return "its \"\(key)\" differs"
        }
        return "its members differ"
    }

    /// The arguments with every --out value and --force removed.
    static func withoutOutput(_ args: [String]) -> [String] {
        withoutOption("out", short: "o", in: args).filter { $0 != "--force" }
    }

    /// The arguments with every occurrence of a value option (`--name V`, `--name=V`, `-s V`,
    /// `-sV`, `-s=V`) removed; after `--` nothing is an option.
    static func withoutOption(_ name: String, short: Character, in args: [String]) -> [String] {
        var out: [String] = []
        var k = 0
        var ended = false
        while k < args.count {
            let a = args[k]
            k += 1
            if ended { out.append(a); continue }
            if a == "--" { ended = true; out.append(a); continue }
            if a == "--" + name || a == "-" + String(short) { k += 1; continue }
            if a.hasPrefix("--" + name + "=") || (a.hasPrefix("-" + String(short)) && !a.hasPrefix("--") && a.count > 2) { continue }
            out.append(a)
        }
        return out
    }
}
