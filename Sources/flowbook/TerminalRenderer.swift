import FlowbookKit

/// Markup to ANSI colour for a terminal; plain text everywhere else (NO_COLOR, pipes).
///
/// Either way the text is passed through `TerminalSafeText` first, so the only escape
/// sequences that reach the screen are the renderer's own colours.
struct TerminalRenderer {
  var colour: Bool

  func render(_ cell: Cell) -> String {
    switch cell.outcome {
    case .failure(let diagnostic):
      let text = TerminalSafeText.sanitised(CaretRenderer.render(diagnostic))
      guard colour else { return text }
      return text.replacingPrefix("error:", with: paint("error:", .error))
    case .success(let result):
      guard colour else { return TerminalSafeText.sanitised(PlainTextRenderer.render(result)) }
      return result.blocks.map(render).joined(separator: "\n")
    }
  }

  private func render(_ block: CommandResult.Block) -> String {
    switch block {
    case .text(let markup):
      return markup.pieces.map { paint($0.text, $0.tag) }.joined()
    case .table(let table):
      // Lay the table out as plain text, then colour the title and header lines.
      let lines = TerminalSafeText.sanitised(PlainTextRenderer.render(table)).split(
        separator: "\n", omittingEmptySubsequences: false)
      let headerIndex = table.title == nil ? 0 : 1
      return lines.enumerated().map { index, line in
        if index < headerIndex { return paint(String(line), .heading) }
        if index == headerIndex || index == headerIndex + 1 { return paint(String(line), .dimmed) }
        return String(line)
      }.joined(separator: "\n")
    }
  }

  private func paint(_ text: String, _ tag: Markup.Tag) -> String {
    let text = TerminalSafeText.sanitised(text)
    let code: String
    switch tag {
    case .plain: return text
    case .value: code = "36"
    case .unit: code = "36"
    case .keyword: code = "1"
    case .heading: code = "1;4"
    case .dimmed: code = "2"
    case .good: code = "32"
    case .warning: code = "33"
    case .error: code = "1;31"
    }
    return "\u{1B}[\(code)m\(text)\u{1B}[0m"
  }
}

extension String {
  fileprivate func replacingPrefix(_ prefix: String, with replacement: String) -> String {
    hasPrefix(prefix) ? replacement + dropFirst(prefix.count) : self
  }
}
