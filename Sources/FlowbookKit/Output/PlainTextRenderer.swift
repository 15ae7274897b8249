/// Renders results as plain text: the form notebooks store, so it must be byte-identical
/// on every machine and terminal (no colour, no width detection).
public enum PlainTextRenderer {
  public static func render(_ result: CommandResult) -> String {
    result.blocks.map(render).joined(separator: "\n")
  }

  public static func render(_ block: CommandResult.Block) -> String {
    switch block {
    case .text(let markup): return markup.plainText
    case .table(let table): return render(table)
    }
  }

  /// A table with a title, a header, a rule, aligned columns and notes.
  public static func render(_ table: ResultTable) -> String {
    var lines: [String] = []
    if let title = table.title { lines.append(title) }
    let widths = table.columns.indices.map { column in
      ([table.columns[column].title] + table.rows.map { $0[column].text })
        .map(\.count).max() ?? 0
    }
    func line(_ texts: [String]) -> String {
      var parts: [String] = []
      for (index, text) in texts.enumerated() {
        let pad = String(repeating: " ", count: widths[index] - text.count)
        let isLast = index == texts.count - 1
        switch table.columns[index].alignment {
        case .left: parts.append(isLast ? text : text + pad)
        case .right: parts.append(pad + text)
        }
      }
      var joined = parts.joined(separator: "  ")
      while joined.hasSuffix(" ") { joined.removeLast() }
      return joined
    }
    lines.append(line(table.columns.map(\.title)))
    lines.append(widths.map { String(repeating: "-", count: $0) }.joined(separator: "  "))
    for row in table.rows { lines.append(line(row.map(\.text))) }
    lines.append(contentsOf: table.notes)
    return lines.joined(separator: "\n")
  }
}
