/// Renders a report as one self-contained HTML page: inline CSS and SVG, no script, no
/// font or image from elsewhere, so it works offline, attached to an email or a ticket.
///
/// The page is also well-formed XML (void elements closed, only XML's five entities and
/// numeric references), so tests parse it with `XMLParser` and other tools can too.
/// Print CSS keeps charts, tables and cells whole on a page.
public enum HTMLReport {
  public static func render(_ report: Report) -> String {
    var lines = [
      "<!DOCTYPE html>",
      "<html lang=\"en\">",
      "<head>",
      "<meta charset=\"utf-8\"/>",
      "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"/>",
      "<meta name=\"generator\" content=\"flowbook \(e(report.provenance.version))\"/>",
      "<title>\(e(report.title))</title>",
      "<style>", HTMLReport.style, "</style>",
      "</head>",
      "<body>",
      "<header>",
      "<h1>\(e(report.title))</h1>",
      "<p class=\"provenance\">"
        + ProvenanceText.parts(report.provenance).map(e)
        .joined(separator: " · ") + "</p>",
    ]
    if report.sections.count > 1 {
      lines.append(
        "<nav><ol>"
          + report.sections.map { section in
            "<li><a href=\"#\(e(section.id))\">\(e(section.title))</a></li>"
          }.joined() + "</ol></nav>")
    }
    lines += ["</header>", "<main>"]
    for section in report.sections { lines += render(section) }
    lines += ["</main>", "</body>", "</html>"]
    return lines.joined(separator: "\n") + "\n"
  }

  static func render(_ section: Report.Section) -> [String] {
    var lines = ["<section id=\"\(e(section.id))\">", "<h2>\(e(section.title))</h2>"]
    var cells: [ReportCell] = []
    func flush() {
      if !cells.isEmpty { lines.append(code(cells)) }
      cells = []
    }
    for block in section.blocks {
      if case .cell(let cell) = block {
        cells.append(cell)
        continue
      }
      flush()
      switch block {
      case .prose(let text): lines.append(ProseHTML.render(text, headingShift: 1))
      case .table(let table): lines.append(render(table))
      case .chart(let chart):
        lines.append(
          "<figure class=\"chart\">\n" + SVGChart.render(chart) + "\n<figcaption>"
            + e(chart.caption) + "</figcaption>\n</figure>")
      case .cell: break
      }
    }
    flush()
    lines.append("</section>")
    return lines
  }

  /// Text cells longer than this wrap (`td.wrap`); shorter ones stay on one line.
  static let wrapAfter = 32

  /// A table with its title as caption and its notes under it; numbers right-aligned.
  static func render(_ report: ReportTable) -> String {
    let table = report.table
    let align = table.columns.map { $0.alignment == .left ? "l" : "r" }
    var out = "<div class=\"table\"><table>"
    if let title = table.title { out += "<caption>\(e(title))</caption>" }
    out +=
      "<thead><tr>"
      + zip(table.columns, align).map { column, a in
        "<th class=\"\(a)\" scope=\"col\">\(e(column.title))</th>"
      }.joined() + "</tr></thead>\n<tbody>\n"
    for row in report.pageRows {
      out +=
        "<tr>"
        + zip(row, align).map { cell, a in
          var tag = cell.tag == .plain ? "" : " \(cell.tag.rawValue)"
          // Long text (a list of limits) wraps in its cell instead of widening the table
          // past its box; numbers never wrap.
          if cell.number == nil, cell.text.count > wrapAfter { tag += " wrap" }
          return "<td class=\"\(a)\(tag)\">\(e(cell.text))</td>"
        }.joined() + "</tr>\n"
    }
    out += "</tbody></table>"
    let notes = (report.omittedRowsNote.map { [$0] } ?? []) + table.notes
    if !notes.isEmpty {
      out += "\n<ul class=\"notes\">" + notes.map { "<li>\(e($0))</li>" }.joined() + "</ul>"
    }
    return out + "</div>"
  }

  /// Consecutive cells as one code block: the prompt, the command, then its output.
  static func code(_ cells: [ReportCell]) -> String {
    let body = cells.map { cell in
      let input = cell.input.components(separatedBy: "\n").enumerated().map { index, line in
        "<span class=\"prompt\">\(index == 0 ? "fb&gt;" : "..&gt;") </span>"
          + "<span class=\"input\">\(e(line))</span>"
      }.joined(separator: "\n")
      let output =
        cell.output.isEmpty
        ? ""
        : "\n<span class=\"\(cell.succeeded ? "output" : "failure")\">\(e(cell.output))</span>"
      return input + output
    }.joined(separator: "\n")
    return "<pre class=\"cells\"><code>" + body + "</code></pre>"
  }

  private static func e(_ text: String) -> String { XMLText.escape(text) }
}
