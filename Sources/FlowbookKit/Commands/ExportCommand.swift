import Foundation

/// `export PATH`: the session as a report, in the format the extension names.
enum ExportCommand {
  static let usage = "export PATH.html|.md|.csv|.json"

  static let command = Command(
    name: "export",
    synopsis: usage,
    summary: "write a report of the session: HTML with charts, Markdown, CSV or JSON",
    discussion: """
      Writes the current model's latency, budget and cost (run afresh, without adding \
      cells), the last simulation, sweep and failover results, and the session's prose \
      and commands. .html is one self-contained page with SVG charts that prints well; \
      .md suits a pull request; .csv (table,item,measure,value,unit,text) and .json \
      (schema flowbook.report/1) carry the numbers in seconds, dollars and requests per \
      second. The file is replaced atomically. A replayed notebook may export only into \
      its own folder.
      """,
    example: "latency\nbudget\nexport prime-day.html",
    completion: .files,
    run: { arguments, session in
      let (text, span) = arguments.text()
      let words = TextWords(text)
      guard words.words.count == 1, words.flags.isEmpty, let typed = words.words.first else {
        throw Diagnostic("expected one file name; usage: \(usage)", span: span)
      }
      let format = try ReportFormat.of(typed, span: span)
      let path = try session.environment.writablePath(typed, span: span)
      var isDirectory: ObjCBool = false
      if FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory),
        isDirectory.boolValue
      {
        throw Diagnostic(
          "\(typed) is a directory; name a file such as \(typed)/report."
            + format.rawValue, span: span)
      }
      let report = ReportBuilder(session: session).build()
      try session.environment.writeFile(
        format.render(report), to: typed, expected: path, span: span)
      let charts = report.charts.count
      let tables = report.tables.count
      var line = Markup("wrote ") + Markup(typed, .value)
      line.append(": \(format.title), \(tables) table\(tables == 1 ? "" : "s")")
      if format == .html { line.append(", \(charts) chart\(charts == 1 ? "" : "s")") }
      return .line(
        line,
        data: .object([
          ("path", .string(path)), ("format", .string(format.rawValue)),
          ("tables", .number(Double(tables))), ("charts", .number(Double(charts))),
        ]))
    })
}
