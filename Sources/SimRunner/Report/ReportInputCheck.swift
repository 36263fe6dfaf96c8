/// What each data file of an output directory must look like, derived from its manifest, so
/// `report` refuses a truncated `series.csv`, a file with a wrong header or garbage cells with
/// one line naming the file, instead of drawing a report from damaged data.
///
/// ```swift
/// let expected = ReportInputCheck.expected("series.csv", in: source)   // header, rows, numbers
/// try ReportInputCheck.check(table, expected, file: url.path)
/// ```
enum ReportInputCheck {
    struct Expected {
        /// The exact header, when the manifest determines it.
        var header: [String]? = nil
        /// The first columns, when only they are fixed.
        var leading: [String] = []
        /// The number of data rows, when the manifest determines it.
        var rows: Int? = nil
        /// Columns whose every cell must be a number (or empty, the writer's NaN guard).
        var numeric: [String] = []
    }

    /// The expectation for `name` in `source`, or nil for a file it knows nothing about.
    static func expected(_ name: String, in source: ReportSource) -> Expected? {
        let world = source.world
        // Every manifest simrunner writes holds the whole resolved world; without its frames
        // (a hand-made manifest) the columns are unknown and only the fixed ones are checked.
        let frameList = world?["narrative"]?["frames"]?.value.arrayValue
        let frames = (frameList ?? []).compactMap { $0["name"]?.value.stringValue }
        let known = frameList != nil
        let steps = world?["steps"]?.value.numberValue?.exactInteger
        let series = SeriesTable.columns(frames: frames)
        func exact(_ header: [String]) -> [String]? { known ? header : nil }
        let seeds = source.manifest["seeds"]?.value.arrayValue?.count
        switch (source.kind, name) {
        case (.run, "series.csv"):
            return Expected(header: exact(series), leading: ["step"], rows: steps, numeric: series)
        case (.run, "summary.csv"):
            return Expected(header: exact(SummaryTable.columns(frames: frames)), rows: 1)
        case (.correct, "mean_series.csv"), (.correct, "sd_series.csv"):
            let delays = source.manifest["delays"]?.value.arrayValue?.count
            return Expected(header: exact(["variant", "delay"] + series), leading: ["variant", "delay"],
                            rows: delays.flatMap { d in steps.map { (d + 2) * $0 } }, numeric: series)
        case (.correct, "delays.csv"):
            // The grid's delays and those added around d* by bisection.
            let refined = source.manifest["refinedDelays"]?.value.arrayValue?.count ?? 0
            return Expected(leading: ["delay"], rows: source.manifest["delays"]?.value.arrayValue.map { $0.count + refined }, numeric: ["delay"])
        case (.correct, "runs.csv"):
            // Tidy: three rows (uncorrected, reference, corrected) per delay evaluated and seed.
            let delays = source.manifest["delays"]?.value.arrayValue?.count
            let refined = source.manifest["refinedDelays"]?.value.arrayValue?.count ?? 0
            return Expected(leading: ["delay", "seed", "variant"], rows: delays.flatMap { d in seeds.map { 3 * (d + refined) * $0 } },
                            numeric: ["delay"])
        case (.compare, "mean_series.csv"), (.compare, "sd_series.csv"):
            let worldSteps = (source.manifest["worlds"]?.value.arrayValue ?? []).map { $0["world"]?["steps"]?.value.numberValue?.exactInteger }
            let total = worldSteps.contains(where: { $0 == nil }) || worldSteps.isEmpty ? nil : worldSteps.reduce(0) { $0 + $1! }
            return Expected(leading: ["world", "step"], rows: total, numeric: ["step"])
        case (.compare, "runs.csv"):
            let worlds = source.manifest["worlds"]?.value.arrayValue?.count
            return Expected(leading: ["world"], rows: worlds.flatMap { w in seeds.map { w * $0 } })
        case (.compare, "comparison.csv"):
            return Expected(leading: ["world", "measure"])
        case (.sweep, "runs.csv"):
            let keys = (source.manifest["design"]?["keys"]?.value.arrayValue ?? []).compactMap { $0.value.stringValue }
            return Expected(header: exact(["run", "point"] + keys + SummaryTable.columns(frames: frames)), leading: ["run", "point"] + keys,
                            rows: source.manifest["runs"]?.value.numberValue?.exactInteger, numeric: ["run", "point"])
        case (.sweep, "series.csv"):
            // Long form: the run's point, swept parameters and seed inline before the step.
            let keys = (source.manifest["design"]?["keys"]?.value.arrayValue ?? []).compactMap { $0.value.stringValue }
            return Expected(header: exact(["run", "point"] + keys + ["seed"] + series), leading: ["run", "point"] + keys + ["seed", "step"],
                            rows: sweepSeriesRows(source, steps: steps), numeric: ["run", "point", "seed"] + series)
        default:
            return nil
        }
    }

    /// Rows of a sweep's series.csv: the steps of each run's point times the seeds (a sweep
    /// may vary `steps` itself).
    private static func sweepSeriesRows(_ source: ReportSource, steps: Int?) -> Int? {
        guard let design = source.manifest["design"], let seeds = source.manifest["seeds"]?.value.arrayValue?.count,
              let points = design["points"]?.value.arrayValue, let steps else { return nil }
        let keys = (design["keys"]?.value.arrayValue ?? []).compactMap { $0.value.stringValue }
        guard let k = keys.firstIndex(of: "steps") else { return points.count * seeds * steps }
        var total = 0
        for p in points {
            guard let values = p.value.arrayValue, k < values.count, let text = values[k].value.stringValue, let s = Int(text) else { return nil }
            total += s * seeds
        }
        return total
    }

    /// Refuses `table` (read from `file`) when it does not match `expected`.
    static func check(_ table: CSVReader, _ expected: Expected, file: String) throws(CSVReadError) {
        let shownFile = SafeText.shown(file, limit: 160)
        func fail(_ why: String) -> CSVReadError { CSVReadError("'\(shownFile)': \(why); it does not match its manifest.json (damaged or edited?)") }
        if let header = expected.header, table.columns != header {
            let wrong = (0..<min(table.columns.count, header.count)).first { table.columns[$0] != header[$0] } ?? min(table.columns.count, header.count)
            let found = wrong < table.columns.count ? "'\(SafeText.shown(table.columns[wrong], limit: 40))'" : "nothing"
            let wanted = wrong < header.count ? "'\(header[wrong])'" : "no more columns"
            throw fail("wrong header: column \(wrong + 1) is \(found), expected \(wanted) (\(header.count) columns)")
        }
        if !expected.leading.isEmpty, Array(table.columns.prefix(expected.leading.count)) != expected.leading {
            throw fail("wrong header: it must start with \(expected.leading.joined(separator: ","))")
        }
        if let rows = expected.rows, table.rows.count != rows {
            throw fail("\(table.rows.count) data rows, expected \(rows)" + (table.rows.count < rows ? " (truncated?)" : ""))
        }
        for column in expected.numeric {
            guard let c = table.index(column) else { continue }
            for (r, row) in table.rows.enumerated() where !row[c].isEmpty && CSVReader.number(row[c]) == nil {
                throw fail("line \(r + 2), column \(column): \(UsageError.quote(row[c])) is not a number")
            }
        }
    }
}
