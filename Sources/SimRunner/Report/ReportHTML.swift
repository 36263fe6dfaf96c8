import Foundation

/// One chart of a report: written as `<name>.svg` beside report.html and inlined in it.
struct ReportFigure {
    var name: String
    var svg: String
    var caption: String
}

/// The report as a list of blocks, rendered as one self-contained XHTML-compatible HTML file:
/// inline SVG and CSS, no scripts, no fonts or anything else fetched from the network, so it
/// opens from disk and parses as XML.
struct ReportHTML {
    enum Block {
        case heading(String, level: Int)
        case paragraph(String)
        /// A paragraph of plain lines, one item each.
        case list([String])
        case figures([ReportFigure])
        /// `meanings`: per column, its meaning and unit from the data dictionary (empty: none).
        case table(caption: String?, header: [String], rows: [[String]], meanings: [(meaning: String, unit: String)])
        case preformatted(String)
    }

    var title: String
    var blocks: [Block] = []

    init(title: String) {
        self.title = title
    }

    mutating func heading(_ text: String, level: Int = 2) { blocks.append(.heading(text, level: level)) }
    mutating func paragraph(_ text: String) { blocks.append(.paragraph(text)) }
    mutating func list(_ items: [String]) { if !items.isEmpty { blocks.append(.list(items)) } }
    mutating func figures(_ f: [ReportFigure]) { if !f.isEmpty { blocks.append(.figures(f)) } }
    /// A table; with `dictionary` (the output file the columns come from), each column shows its
    /// unit under its name and its meaning on hover and in a list below the table.
    mutating func table(_ header: [String], _ rows: [[String]], caption: String? = nil, dictionary file: String? = nil,
                        experiment: ColumnDictionary.Experiment? = nil) {
        let meanings = file.map { f in header.map { c -> (meaning: String, unit: String) in
            let e = ColumnDictionary.describe(c, file: f, experiment: experiment)
            return (e.meaning, e.unit)
        } } ?? []
        blocks.append(.table(caption: caption, header: header, rows: rows, meanings: meanings))
    }
    mutating func preformatted(_ text: String) { blocks.append(.preformatted(text)) }

    /// Every figure, in order (to write the SVG files).
    var allFigures: [ReportFigure] {
        blocks.flatMap { block -> [ReportFigure] in
            if case .figures(let f) = block { return f }
            return []
        }
    }

    static let style = """
    body { font-family: Helvetica, Arial, sans-serif; color: #1a1a1a; margin: 24px auto; max-width: 1220px; padding: 0 16px; line-height: 1.45; }
    h1 { font-size: 24px; margin-bottom: 4px; }
    h2 { font-size: 19px; margin-top: 34px; border-bottom: 1px solid #cccccc; padding-bottom: 4px; }
    h3 { font-size: 16px; margin-top: 22px; }
    p, li { font-size: 14px; max-width: 1000px; }
    .figures { display: flex; flex-wrap: wrap; gap: 16px; }
    figure { margin: 0; border: 1px solid #dddddd; padding: 4px; background: #ffffff; }
    figcaption { font-size: 12px; color: #444444; max-width: 552px; padding: 4px; }
    .table { overflow-x: auto; margin: 8px 0 16px 0; }
    table { border-collapse: collapse; font-size: 12px; }
    caption { text-align: left; font-size: 13px; padding: 4px 0; color: #333333; }
    th, td { border: 1px solid #d0d0d0; padding: 3px 7px; text-align: right; white-space: nowrap; }
    th { background: #f2f2f2; white-space: normal; min-width: 4em; }
    td.text { white-space: normal; min-width: 8em; }
    td.text, th.text { text-align: left; }
    th .unit { font-weight: normal; color: #666666; font-size: 11px; }
    details { font-size: 12px; margin: 4px 0 12px 0; }
    dl.columns { display: grid; grid-template-columns: max-content auto; gap: 2px 12px; margin: 6px 0; }
    dl.columns dt { font-family: monospace; } dl.columns dd { margin: 0; }
    pre { background: #f7f7f7; border: 1px solid #dddddd; padding: 10px; font-size: 12px; overflow-x: auto; white-space: pre-wrap; }
    """

    func render() -> String {
        typealias P = SVGPlot
        var s = "<!DOCTYPE html>\n<html xmlns=\"http://www.w3.org/1999/xhtml\" lang=\"en\">\n<head>\n<meta charset=\"utf-8\"/>\n"
        s += "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"/>\n"
        s += "<title>\(P.escape(title))</title>\n<style>\n\(Self.style)\n</style>\n</head>\n<body>\n"
        s += "<h1>\(P.escape(title))</h1>\n"
        for block in blocks {
            switch block {
            case .heading(let text, let level):
                let l = min(max(level, 2), 4)
                s += "<h\(l)>\(P.escape(text))</h\(l)>\n"
            case .paragraph(let text):
                s += "<p>\(P.escape(text))</p>\n"
            case .list(let items):
                s += "<ul>\n" + items.map { "<li>\(P.escape($0))</li>\n" }.joined() + "</ul>\n"
            case .figures(let figures):
                s += "<div class=\"figures\">\n"
                for f in figures {
                    s += "<figure id=\"\(P.escape(f.name))\">\n\(f.svg)\n<figcaption>\(P.escape(f.caption)) "
                    s += "(<a href=\"\(P.escape(f.name)).svg\">\(P.escape(f.name)).svg</a>)</figcaption>\n</figure>\n"
                }
                s += "</div>\n"
            case .table(let caption, let header, let rows, let meanings):
                s += "<div class=\"table\"><table>\n"
                if let caption { s += "<caption>\(P.escape(caption))</caption>\n" }
                let numeric = header.indices.map { c in rows.allSatisfy { $0[c].isEmpty || Self.isNumeric($0[c]) } }
                s += "<tr>" + header.enumerated().map { c, name in
                    let cls = numeric[c] ? "" : " class=\"text\""
                    guard c < meanings.count, !meanings[c].meaning.isEmpty else { return "<th\(cls)>\(P.escape(name))</th>" }
                    let unit = meanings[c].unit.isEmpty ? "" : "<br/><span class=\"unit\">\(P.escape(meanings[c].unit))</span>"
                    return "<th\(cls) title=\"\(P.escape(meanings[c].meaning))\">\(P.escape(name))\(unit)</th>"
                }.joined() + "</tr>\n"
                for row in rows {
                    s += "<tr>" + row.enumerated().map { c, v in
                        "<td\(numeric[c] ? "" : " class=\"text\"")>\(P.escape(Self.display(v)))</td>"
                    }.joined() + "</tr>\n"
                }
                s += "</table>\n"
                let described = zip(header, meanings).filter { !$0.1.meaning.isEmpty }
                if !described.isEmpty {
                    s += "<details><summary>What the columns mean</summary><dl class=\"columns\">\n"
                    for (name, m) in described {
                        s += "<dt>\(P.escape(name))</dt><dd>\(P.escape(m.meaning))\(m.unit.isEmpty ? "" : " (" + P.escape(m.unit) + ")")</dd>\n"
                    }
                    s += "</dl></details>\n"
                }
                s += "</div>\n"
            case .preformatted(let text):
                s += "<pre>\(P.escape(text))</pre>\n"
            }
        }
        s += "</body>\n</html>\n"
        return s
    }

    static func isNumeric(_ text: String) -> Bool { CSVReader.number(text) != nil }

    /// A number as shown in a table: integers as they are, others to four significant digits.
    static func display(_ text: String) -> String {
        guard let x = CSVReader.number(text) else { return text }
        if x == x.rounded() && abs(x) < 1e15 { return String(Int(x)) }
        return display(x)
    }

    static func display(_ x: Double) -> String {
        guard x.isFinite else { return "" }
        if x == x.rounded() && abs(x) < 1e15 { return String(Int(x)) }
        let s = String(format: "%.4g", x)
        return s == "-0" ? "0" : s
    }
}
