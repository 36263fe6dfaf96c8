import Foundation

/// `simrunner merge`: combines the shards of one sweep into the output a single machine gives.
enum MergeCommand {
    static let spec = CommandSpec(
        name: "merge",
        summary: "Combine the shard directories of one sweep ('sweep --shard I/N') into one sweep directory.",
        usage: "SHARD_DIR... --out DIR [--force]",
        options: [.value("out", "DIR", short: "o", help: "Where to write the merged sweep (required)."),
                  CommonOptions.force, CommonOptions.quiet],
        positionals: 1...100_000,
        positionalHelp: [("SHARD_DIR", "Finished shard directories of the same sweep, in any order.")],
        positionalNouns: ("shard directory", "shard directories"),
        discussion: """
        The merged runs.csv, series.csv, columns.csv and manifest.json are byte for byte those of the same sweep run on one machine.
        Every shard is verified first: the SHA-256 of each file against its manifest, the headers, one row per run
        of the shard, and every step of every run in series.csv. Shards must be of the same resolved sweep (world,
        design, seeds, options); how the command was spelled does not matter.
        Example:
          for i in 1 2 3 4; do simrunner sweep --grid trust.lossRate=0.01:0.1:8 --shard $i/4 --out outputs/shard-$i; done
          simrunner merge outputs/shard-* --out outputs/sweep
        """)

    /// One shard, verified.
    private struct Shard {
        var dir: String
        var index: Int
        var count: Int
        var manifest: [UInt8]
        var runsHeader: [UInt8]
        var rows: [Int: [UInt8]]
        var seriesHeader: [UInt8]?
        var series: [Int: [UInt8]]
    }

    static func execute(_ parsed: ParsedCommand, commandLine: [String]) throws -> Int32 {
        guard let outPath = parsed.value("out") else { throw UsageError("merge needs --out DIR") }
        // The output must not be, hold or sit inside a shard it reads.
        let outURL = try OutputTarget.resolve(outPath)
        for dir in parsed.positionals {
            guard let real = OutputTarget.realPath(dir) else { continue }
            if outURL.path == real || real.hasPrefix(outURL.path + "/") || outURL.path.hasPrefix(real + "/") {
                throw UsageError("--out '\(outPath)' is, holds or lies inside the shard '\(dir)'; write the merged sweep elsewhere")
            }
        }
        var shards: [Shard] = []
        var identity: [UInt8]? = nil, firstDir = ""
        var seen: [Int: String] = [:]
        for dir in parsed.positionals {
            let shard = try verify(dir)
            let id = Manifest.identity(shard.manifest, dropping: ["shard"])
            if let identity {
                guard id == identity else {
                    throw UsageError("'\(dir)' belongs to another sweep than '\(firstDir)' (its world, design, seeds, options or program version differ)")
                }
                guard shard.count == shards[0].count else {
                    throw UsageError("'\(dir)' is shard \(shard.index)/\(shard.count) but '\(firstDir)' is one of \(shards[0].count) shards")
                }
                guard shard.runsHeader == shards[0].runsHeader, shard.seriesHeader == shards[0].seriesHeader else {
                    throw UsageError("'\(dir)' has other columns than '\(firstDir)'")
                }
            } else {
                identity = id
                firstDir = dir
            }
            if let other = seen[shard.index] { throw UsageError("'\(dir)' and '\(other)' are the same shard \(shard.index)/\(shard.count)") }
            seen[shard.index] = dir
            shards.append(shard)
        }
        guard !shards.isEmpty else { throw UsageError("nothing to merge") }
        shards.sort { $0.index < $1.index }
        let runCount = try runsOf(shards[0].manifest, shards[0].dir)
        var rows: [Int: [UInt8]] = [:], series: [Int: [UInt8]] = [:]
        for s in shards {
            rows.merge(s.rows) { a, _ in a }
            series.merge(s.series) { a, _ in a }
        }
        let missing = (0..<runCount).filter { rows[$0] == nil }
        guard missing.isEmpty else {
            let have = shards.map { String($0.index) }.joined(separator: ", ")
            throw UsageError("\(missing.count) of \(runCount) runs are missing (first: run \(missing[0])); merge needs all \(shards[0].count) shards, finished (given: shard\(shards.count == 1 ? "" : "s") \(have))")
        }
        // The manifest of the single-machine sweep: the first shard's without its shard number and checksums.
        guard case .object(var members) = try JSONParser().parse(shards[0].manifest).value else {
            throw UsageError("'\(shards[0].dir)/manifest.json' is not a JSON object")
        }
        members.removeAll { $0.key == "shard" || $0.key == "sha256" }

        let target = try OutputTarget(path: outPath, force: parsed.flag("force"))
        try target.checkExisting()
        let output = try OutputDirectory(target: target, key: nil, ownsTarget: true)
        var seriesBytes: [UInt8]?
        if let header = shards[0].seriesHeader {
            var bytes = header
            for r in 0..<runCount { bytes += series[r] ?? [] }
            try output.write(bytes, to: "series.csv")
            seriesBytes = bytes
        }
        var runsBytes = shards[0].runsHeader
        for r in 0..<runCount { runsBytes += rows[r]! }
        try output.write(runsBytes, to: "runs.csv")
        // A correction sweep's points.csv is a function of runs.csv alone: computed here as a
        // single machine would, and listed among the files as the single machine lists it.
        let merged = JSONNode(.object(members))
        var points: [UInt8]?
        if merged["correction"] != nil {
            guard let c = CorrectionSweep(manifest: merged["correction"]) else {
                throw UsageError("the shards' manifest has a malformed 'correction' member")
            }
            let keys = (merged["design"]?["keys"]?.value.arrayValue ?? []).compactMap { $0.value.stringValue }
            let bytes = try c.points(runs: runsBytes, keys: keys)
            points = bytes
            try output.write(bytes, to: "points.csv")
            if let k = members.firstIndex(where: { $0.key == "files" }) {
                members[k].value = JSONNode(.makeArray([.string("runs.csv"), .string("points.csv"), .string("columns.csv")]))
            }
        }
        try output.write(Sweep.columnDictionary(runs: shards[0].runsHeader, series: shards[0].seriesHeader, points: points,
                                                correction: merged["correction"] != nil), to: "columns.csv")
        // Shards of a sweep run with --parquet merge into a directory with the Parquet files too.
        let command = (merged["command"]?.value.arrayValue ?? []).compactMap { $0.value.stringValue }
        if command.contains("--parquet") {
            try SweepCommand.writeParquet(runs: runsBytes, series: seriesBytes, points: points, correction: merged["correction"] != nil, to: output)
        }
        try output.writeManifest(JSONWriter.bytes(from: .object(members)))
        try output.commit()
        if !parsed.flag("quiet") {
            Console.error("merge: \(shards.count) shards, \(runCount) runs; wrote \(outPath)/runs.csv")
        }
        return 0
    }

    private static func runsOf(_ manifest: [UInt8], _ dir: String) throws -> Int {
        guard let n = (try? JSONParser().parse(manifest))?["runs"]?.value.numberValue?.exactInteger, n >= 0 else {
            throw UsageError("'\(dir)/manifest.json' has no valid \"runs\" count")
        }
        return n
    }

    /// Reads one shard and checks it against its own manifest; every problem names the shard,
    /// the file and what is wrong.
    private static func verify(_ dir: String) throws -> Shard {
        let url = URL(fileURLWithPath: dir)
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: dir, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw UsageError("'\(dir)' is not a directory")
        }
        let manifestBytes = try read(url.appendingPathComponent("manifest.json"), dir)
        let manifest: JSONNode
        do { manifest = try JSONParser().parse(manifestBytes) } catch {
            throw UsageError("'\(dir)/manifest.json' is not valid JSON (\(error)); the shard is damaged")
        }
        guard manifest["program"]?.value.stringValue == "simrunner", manifest["experiment"]?.value.stringValue == "sweep" else {
            throw UsageError("'\(dir)' is not a sweep directory (its manifest is not a sweep's)")
        }
        guard let shardText = manifest["shard"]?.value.stringValue else {
            throw UsageError("'\(dir)' is a whole sweep, not a shard; nothing to merge")
        }
        let parts = shardText.split(separator: "/").map { Int($0) }
        guard parts.count == 2, let index = parts[0], let count = parts[1], count >= 1, index >= 1, index <= count else {
            throw UsageError("'\(dir)/manifest.json' has an invalid shard '\(shardText)'")
        }
        let runCount = try runsOf(manifestBytes, dir)
        guard let seedCount = manifest["seeds"]?.value.arrayValue?.count, seedCount > 0 else {
            throw UsageError("'\(dir)/manifest.json' has no seeds")
        }
        let files = (manifest["files"]?.value.arrayValue ?? []).compactMap { $0.value.stringValue }
        guard files.contains("runs.csv"), files.allSatisfy({ ["runs.csv", "series.csv", "columns.csv"].contains($0) }) else {
            throw UsageError("'\(dir)/manifest.json' lists unexpected files \(files)")
        }
        guard case .object(let sums)? = manifest["sha256"]?.value else {
            throw UsageError("'\(dir)/manifest.json' has no SHA-256 checksums of its files (written by an older simrunner?); run the shard again")
        }
        var contents: [String: [UInt8]] = [:]
        for file in files {
            let bytes = try read(url.appendingPathComponent(file), dir)
            guard let want = sums.first(where: { $0.key == file })?.value.value.stringValue else {
                throw UsageError("'\(dir)/manifest.json' has no SHA-256 for \(file)")
            }
            guard SHA256.hex(bytes) == want else {
                throw UsageError("'\(dir)/\(file)' does not match the SHA-256 in its manifest: it was truncated, edited or damaged; run the shard again")
            }
            contents[file] = bytes
        }
        let mine = Set(stride(from: index - 1, to: runCount, by: count))

        // runs.csv: a header starting "run,point", then exactly one row per run of the shard, in order.
        let runs = try records(contents["runs.csv"]!, dir, "runs.csv")
        guard let header = runs.first, header.fields.starts(with: ["run", "point"]) else {
            throw UsageError("'\(dir)/runs.csv' does not start with the header 'run,point,...'")
        }
        var rows: [Int: [UInt8]] = [:]
        var last = -1
        // A run of a correction sweep has one row per delay, consecutive.
        let rowsPerRun = manifest["correction"] == nil ? 1 : CorrectionSweep(manifest: manifest["correction"])?.delays.count ?? 0
        guard rowsPerRun > 0 else { throw UsageError("'\(dir)/manifest.json' has a malformed 'correction' member") }
        var rowCount: [Int: Int] = [:]
        for (line, record) in runs.enumerated().dropFirst() {
            guard record.fields.count == header.fields.count else {
                throw UsageError("'\(dir)/runs.csv' line \(line + 1) has \(record.fields.count) fields, the header \(header.fields.count)")
            }
            guard let run = Int(record.fields[0]), mine.contains(run) else {
                throw UsageError("'\(dir)/runs.csv' line \(line + 1): '\(record.fields[0].prefix(40))' is not a run of shard \(index)/\(count)")
            }
            if run == last, let n = rowCount[run], n < rowsPerRun {
                rowCount[run] = n + 1
                rows[run]! += record.bytes
                continue
            }
            guard rows[run] == nil else { throw UsageError("'\(dir)/runs.csv' has run \(run) twice") }
            guard run > last else { throw UsageError("'\(dir)/runs.csv' has run \(run) out of order") }
            guard record.fields[1] == String(run / seedCount) else {
                throw UsageError("'\(dir)/runs.csv' line \(line + 1): run \(run) must be point \(run / seedCount)")
            }
            last = run
            rows[run] = record.bytes
            rowCount[run] = 1
        }
        if let short = rowCount.keys.sorted().first(where: { rowCount[$0]! != rowsPerRun }) {
            throw UsageError("'\(dir)/runs.csv' has \(rowCount[short]!) rows of run \(short), expected one per delay (\(rowsPerRun))")
        }
        if let absent = mine.sorted().first(where: { rows[$0] == nil }) {
            throw UsageError("'\(dir)/runs.csv' has \(rows.count) of the shard's \(mine.count) runs (first missing: run \(absent)): is the shard finished?")
        }

        // series.csv: per run of the shard, in order, one row for every step 0..<steps.
        var seriesHeader: [UInt8]? = nil
        var series: [Int: [UInt8]] = [:]
        if let bytes = contents["series.csv"] {
            let records = try records(bytes, dir, "series.csv")
            // Long form: run first, then the point, swept parameters and seed inline, then step.
            guard let h = records.first, h.fields.first == "run", let stepColumn = h.fields.firstIndex(of: "step") else {
                throw UsageError("'\(dir)/series.csv' does not start with the header 'run,...,step,...'")
            }
            seriesHeader = h.bytes
            var expectedSteps: [Int: Int] = [:]
            for run in mine { expectedSteps[run] = try steps(of: run, seeds: seedCount, manifest: manifest, dir) }
            var current = -1, nextStep = 0
            for (line, record) in records.enumerated().dropFirst() {
                guard record.fields.count == h.fields.count else {
                    throw UsageError("'\(dir)/series.csv' line \(line + 1) has \(record.fields.count) fields, the header \(h.fields.count)")
                }
                guard let run = Int(record.fields[0]), mine.contains(run), let step = Int(record.fields[stepColumn]) else {
                    throw UsageError("'\(dir)/series.csv' line \(line + 1) is not a step of a run of shard \(index)/\(count)")
                }
                if run != current {
                    if current >= 0, nextStep != expectedSteps[current] {
                        throw UsageError("'\(dir)/series.csv' has \(nextStep) steps of run \(current), expected \(expectedSteps[current]!)")
                    }
                    guard run > current, series[run] == nil else { throw UsageError("'\(dir)/series.csv' has run \(run) out of order or twice") }
                    current = run
                    nextStep = 0
                }
                guard step == nextStep else {
                    throw UsageError("'\(dir)/series.csv' line \(line + 1): run \(run) has step \(step) where step \(nextStep) belongs")
                }
                nextStep += 1
                series[run, default: []] += record.bytes
            }
            if current >= 0, nextStep != expectedSteps[current] {
                throw UsageError("'\(dir)/series.csv' has \(nextStep) steps of run \(current), expected \(expectedSteps[current]!)")
            }
            if let absent = mine.sorted().first(where: { series[$0] == nil }) {
                throw UsageError("'\(dir)/series.csv' has no steps of run \(absent)")
            }
        }
        return Shard(dir: dir, index: index, count: count, manifest: manifestBytes, runsHeader: header.bytes, rows: rows,
                     seriesHeader: seriesHeader, series: series)
    }

    /// Steps of a run: the design point's `steps` if the sweep varies it, else the world's.
    private static func steps(of run: Int, seeds: Int, manifest: JSONNode, _ dir: String) throws -> Int {
        let keys = (manifest["design"]?["keys"]?.value.arrayValue ?? []).compactMap { $0.value.stringValue }
        if let k = keys.firstIndex(of: "steps"),
           let point = manifest["design"]?["points"]?.value.arrayValue?[safe: run / seeds]?.value.arrayValue,
           let text = point[safe: k]?.value.stringValue, let n = Int(text) {
            return n
        }
        guard let n = manifest["world"]?["steps"]?.value.numberValue?.exactInteger else {
            throw UsageError("'\(dir)/manifest.json' has no world steps")
        }
        return n
    }

    private static func read(_ url: URL, _ dir: String) throws -> [UInt8] {
        guard let data = FileManager.default.contents(atPath: url.path) else {
            let why = FileManager.default.fileExists(atPath: url.path) ? "cannot be read" : "is missing"
            throw UsageError("'\(dir)/\(url.lastPathComponent)' \(why): is the shard finished?")
        }
        return [UInt8](data)
    }

    /// CSV records (RFC 4180: quoted fields may hold commas, quotes and line breaks) with their
    /// bytes, line break included. A file must end with a line break (a cut file does not).
    private static func records(_ bytes: [UInt8], _ dir: String, _ file: String) throws -> [(bytes: [UInt8], fields: [String])] {
        guard !bytes.isEmpty else { throw UsageError("'\(dir)/\(file)' is empty") }
        guard bytes.last == UInt8(ascii: "\n") else { throw UsageError("'\(dir)/\(file)' is cut short (no line break at its end)") }
        let quote = UInt8(ascii: "\""), comma = UInt8(ascii: ","), lf = UInt8(ascii: "\n")
        var out: [(bytes: [UInt8], fields: [String])] = []
        var fields: [String] = [], field: [UInt8] = []
        var quoted = false, start = 0, i = 0
        while i < bytes.count {
            let b = bytes[i]
            if quoted {
                if b == quote {
                    if i + 1 < bytes.count && bytes[i + 1] == quote { field.append(quote); i += 1 } else { quoted = false }
                } else {
                    field.append(b)
                }
            } else if b == quote {
                quoted = true
            } else if b == comma {
                fields.append(String(decoding: field, as: UTF8.self))
                field.removeAll(keepingCapacity: true)
            } else if b == lf {
                fields.append(String(decoding: field, as: UTF8.self))
                field.removeAll(keepingCapacity: true)
                out.append((Array(bytes[start...i]), fields))
                fields.removeAll(keepingCapacity: true)
                start = i + 1
            } else {
                field.append(b)
            }
            i += 1
        }
        guard !quoted else { throw UsageError("'\(dir)/\(file)' ends inside a quoted field") }
        return out
    }
}

private extension Array {
    subscript(safe i: Int) -> Element? { indices.contains(i) ? self[i] : nil }
}
