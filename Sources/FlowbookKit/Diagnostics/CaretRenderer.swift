/// Renders a diagnostic as plain text: the one place error text is laid out.
///
///     error: cannot add a time [s] and a data size [B]
///      --> <input>:1:1
///       | 1 ms + 1 GB
///       | ^^^^^^^^^^^
///
/// The location line appears only when the source is a named file or has several lines.
public enum CaretRenderer {
  public static func render(_ diagnostic: Diagnostic) -> String {
    var lines = ["error: " + diagnostic.headline]
    if let span = diagnostic.span, let source = diagnostic.source {
      let place = source.location(ofByte: span.start)
      let spanText = slice(source.text, span)
      let width = max(1, spanText.split(separator: "\n").first.map { $0.count } ?? 1)
      if source.name != "<input>" || source.text.contains("\n") {
        lines.append(" --> \(source.name):\(place.line):\(place.column)")
      }
      lines.append("  | " + place.lineText)
      let caret =
        String(repeating: " ", count: place.column - 1)
        + String(repeating: "^", count: min(width, max(1, place.lineText.count - place.column + 1)))
      lines.append("  | " + caret)
    } else if let source = diagnostic.source, source.name != "<input>" {
      lines.append(" --> \(source.name)")
    }
    for note in diagnostic.notes { lines.append("note: " + note) }
    return lines.joined(separator: "\n")
  }

  private static func slice(_ text: String, _ span: Span) -> String {
    let bytes = Array(text.utf8)
    let start = max(0, min(span.start, bytes.count))
    let end = max(start, min(span.end, bytes.count))
    return String(decoding: bytes[start..<end], as: UTF8.self)
  }
}
