import Foundation

/// Renders a report as GitHub-flavoured Markdown: for pull requests and wikis.
///
/// Markdown cannot hold the SVG charts portably (GitHub strips inline SVG), so this
/// medium gives every chart's numbers as the table beside it and leaves the pictures to
/// `HTMLReport`. Notebook prose passes through with its headings one level down, under
/// the report's own section headings.
public enum MarkdownReport {
  public static func render(_ report: Report) -> String {
    var parts = ["# " + inline(report.title), provenance(report.provenance)]
    for section in report.sections {
      parts.append("## " + inline(section.title))
      var pendingCells: [ReportCell] = []
      func flush() {
        if !pendingCells.isEmpty { parts.append(code(pendingCells)) }
        pendingCells = []
      }
      for block in section.blocks {
        switch block {
        case .cell(let cell):
          pendingCells.append(cell)
          continue
        case .prose(let text):
          flush()
          let shifted = ProseText.shiftingHeadings(text, by: 1)
          if !shifted.isEmpty { parts.append(shifted) }
        case .table(let table):
          flush()
          parts.append(render(table))
        case .chart:
          flush()
        }
      }
      flush()
    }
    return parts.joined(separator: "\n\n") + "\n"
  }

  static func provenance(_ p: Report.Provenance) -> String {
    "_" + ProvenanceText.parts(p).map(inline).joined(separator: " · ") + "_"
  }

  /// A pipe table under a bold title, with its notes as a list.
  static func render(_ report: ReportTable) -> String {
    let table = report.table
    var lines: [String] = []
    if let title = table.title { lines += ["**" + inline(title) + "**", ""] }
    lines.append("| " + table.columns.map { cell($0.title) }.joined(separator: " | ") + " |")
    lines.append(
      "| "
        + table.columns.map { $0.alignment == .left ? ":---" : "---:" }
        .joined(separator: " | ") + " |")
    for row in report.pageRows {
      lines.append("| " + row.map { cell($0.text) }.joined(separator: " | ") + " |")
    }
    let notes = (report.omittedRowsNote.map { [$0] } ?? []) + table.notes
    if !notes.isEmpty {
      lines.append("")
      lines += notes.map { "- " + inline($0) }
    }
    return lines.joined(separator: "\n")
  }

  /// Consecutive cells as one fenced block, as a notebook writes them.
  static func code(_ cells: [ReportCell]) -> String {
    var lines: [String] = []
    for cell in cells {
      let input = cell.input.components(separatedBy: "\n")
      lines.append("fb> " + (input.first ?? ""))
      lines += input.dropFirst().map { "..> " + $0 }
      if !cell.output.isEmpty { lines += cell.output.components(separatedBy: "\n") }
    }
    let longest = lines.map { $0.drop { $0 == " " }.prefix { $0 == "`" }.count }.max() ?? 0
    let fence = String(repeating: "`", count: max(3, longest + 1))
    return ([fence + "flowbook"] + lines + [fence]).joined(separator: "\n")
  }

  /// Text in a table cell: pipes escaped, on one line.
  private static func cell(_ text: String) -> String {
    let flat = text.replacingOccurrences(of: "\n", with: " ")
    return inline(flat).replacingOccurrences(of: "|", with: "\\|")
  }

  /// Text that Markdown must show as written: characters that would format it escaped.
  static func inline(_ text: String) -> String {
    var out = ""
    for character in text {
      if "\\`*_[]<>#".contains(character) { out.append("\\") }
      out.append(character)
    }
    return out
  }
}

/// The provenance line's parts, shared by every medium so they say the same thing.
enum ProvenanceText {
  static func parts(_ p: Report.Provenance) -> [String] {
    var parts = ["flowbook \(p.version)"]
    if let notebook = p.notebook { parts.append("notebook \(notebook)") }
    if let model = p.model { parts.append("model \(model)") }
    parts.append("seed \(p.seed)")
    return parts
  }
}

/// Line-level edits of notebook prose that keep fenced code untouched.
enum ProseText {
  /// `text` with every ATX heading outside code fences `levels` deeper (at most `######`).
  static func shiftingHeadings(_ text: String, by levels: Int) -> String {
    var fence: String?
    let lines = text.components(separatedBy: "\n").map { line -> String in
      let trimmed = line.drop { $0 == " " }
      if let open = fence {
        if trimmed.hasPrefix(open) { fence = nil }
        return line
      }
      if trimmed.hasPrefix("```") || trimmed.hasPrefix("~~~") {
        fence = String(trimmed.prefix(3))
        return line
      }
      let hashes = line.prefix { $0 == "#" }.count
      guard hashes > 0, hashes <= 6, line.dropFirst(hashes).first == " " else { return line }
      return String(repeating: "#", count: min(6, hashes + levels)) + line.dropFirst(hashes)
    }
    return lines.joined(separator: "\n").trimmingCharacters(in: .newlines)
  }
}
