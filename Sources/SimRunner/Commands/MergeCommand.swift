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
        The merged runs.csv, series.csv, manifest.json and columns.csv are byte for byte those of the same
        sweep run on one machine.
        Example:
          for i in 1 2 3 4; do simrunner sweep --grid trust.lossRate=0.01:0.1:8 --shard $i/4 --out outputs/shard-$i; done
          simrunner merge outputs/shard-* --out outputs/sweep
        """)

    static func execute(_ parsed: ParsedCommand, commandLine: [String]) throws -> Int32 {
        guard let outPath = parsed.value("out") else { throw UsageError("merge needs --out DIR") }
        var baseManifest: JSONNode? = nil
        var shards: [String: String] = [:]
        var rows: [Int: [UInt8]] = [:]
        var series: [Int: [UInt8]] = [:]
        var header: [UInt8] = [], seriesHeader: [UInt8]? = nil
        var runCount = 0
        for dir in parsed.positionals {
            let url = URL(fileURLWithPath: dir)
            let manifestBytes = try read(url.appendingPathComponent("manifest.json"), dir)
            let manifest = try JSONParser().parse(manifestBytes)
            guard case .object(var members) = manifest.value, manifest["experiment"]?.value.stringValue == "sweep" else {
                throw UsageError("'\(dir)' is not a sweep directory (its manifest is not a sweep's)")
            }
            guard let shard = manifest["shard"]?.value.stringValue else {
                throw UsageError("'\(dir)' is a whole sweep, not a shard; nothing to merge")
            }
            if let other = shards[shard] { throw UsageError("'\(dir)' and '\(other)' are the same shard \(shard)") }
            shards[shard] = dir
            members.removeAll { $0.key == "shard" || $0.key == "sha256" }
            let unsharded = JSONNode(.object(members))
            if let base = baseManifest {
                guard Manifest.identity(JSONWriter.bytes(from: base.value)) == Manifest.identity(JSONWriter.bytes(from: unsharded.value)) else { throw UsageError("'\(dir)' belongs to another sweep (its design, world or seeds differ)") }
            } else {
                baseManifest = unsharded
                runCount = unsharded["runs"]?.value.numberValue?.exactInteger ?? 0
            }
            let (h, r) = try splitRows(try read(url.appendingPathComponent("runs.csv"), dir), dir, "runs.csv")
            header = h
            for (run, bytes) in r {
                guard rows[run] == nil else { throw UsageError("run \(run) appears in two shards (again in '\(dir)')") }
                rows[run] = bytes
            }
            let seriesURL = url.appendingPathComponent("series.csv")
            if FileManager.default.fileExists(atPath: seriesURL.path) {
                let (sh, s) = try splitRows(try read(seriesURL, dir), dir, "series.csv")
                seriesHeader = sh
                for (run, bytes) in s { series[run, default: []] += bytes }
            }
        }
        guard let manifest = baseManifest else { throw UsageError("nothing to merge") }
        let missing = (0..<runCount).filter { rows[$0] == nil }
        guard missing.isEmpty else {
            let shardCount = shards.keys.first.flatMap { $0.split(separator: "/").last }.map(String.init) ?? "?"
            throw UsageError("\(missing.count) of \(runCount) runs are missing (first: run \(missing[0])); merge needs all \(shardCount) shards, finished")
        }
        let output = try OutputDirectory(path: outPath, force: parsed.flag("force"))
        var runsBytes = header
        for r in 0..<runCount { runsBytes += rows[r]! }
        if let seriesHeader {
            var bytes = seriesHeader
            for r in 0..<runCount { bytes += series[r] ?? [] }
            try output.write(bytes, to: "series.csv")
        }
        try output.write(runsBytes, to: "runs.csv")
        var tables = [("runs.csv", runsBytes)]
        if let seriesHeader { tables.append(("series.csv", seriesHeader)) }
        try output.write(ColumnDictionary.csv(files: tables), to: "columns.csv")
        try output.writeManifest(JSONWriter.bytes(from: manifest.value))
        try output.commit()
        if !parsed.flag("quiet") {
            Console.error("merge: \(shards.count) shards, \(runCount) runs; wrote \(outPath)/runs.csv")
        }
        return 0
    }

    private static func read(_ url: URL, _ dir: String) throws -> [UInt8] {
        guard let data = try? Data(contentsOf: url) else {
            throw UsageError("'\(dir)' has no \(url.lastPathComponent): is the shard finished?")
        }
        return [UInt8](data)
    }

    /// The header line and the rows grouped by their run number (the first field).
    private static func splitRows(_ bytes: [UInt8], _ dir: String, _ file: String) throws -> ([UInt8], [(Int, [UInt8])]) {
        var lines: [ArraySlice<UInt8>] = []
        var start = 0
        for (i, b) in bytes.enumerated() where b == UInt8(ascii: "\n") {
            lines.append(bytes[start...i])
            start = i + 1
        }
        guard let header = lines.first else { throw UsageError("'\(dir)/\(file)' is empty") }
        var out: [(Int, [UInt8])] = []
        for line in lines.dropFirst() {
            guard let comma = line.firstIndex(of: UInt8(ascii: ",")),
                  let run = Int(String(decoding: line[line.startIndex..<comma], as: UTF8.self)) else {
                throw UsageError("'\(dir)/\(file)' has a row that does not start with a run number")
            }
            if let last = out.last, last.0 == run { out[out.count - 1].1 += line } else { out.append((run, Array(line))) }
        }
        return (Array(header), out)
    }
}
