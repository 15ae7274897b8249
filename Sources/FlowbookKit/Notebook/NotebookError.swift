/// A notebook that cannot be read or run, placed at a file and line.
///
/// Rendered through the one `CaretRenderer`, so a bad notebook reads like any other error:
///
///     error: output with no command: a cell's lines must follow a `fb> COMMAND` line
///      --> notebooks/plan.md:14:1
///       | 112,500
///       | ^^^^^^^
public struct NotebookError: Error, DiagnosticConvertible, Sendable, Hashable {
  public var path: String
  public var line: Int
  /// The text of the offending line, when it is printable.
  public var lineText: String?
  /// The 1-based column the caret starts at, and how many characters it covers.
  public var column: Int
  public var width: Int
  public var message: String
  public var notes: [String]

  public init(
    _ message: String, path: String, line: Int, lineText: String? = nil, column: Int = 1,
    width: Int? = nil, notes: [String] = []
  ) {
    self.message = message
    self.path = path
    self.line = line
    self.lineText = lineText
    self.column = column
    self.width = width ?? max(1, (lineText?.count ?? 1) - column + 1)
    self.notes = notes
  }

  public var diagnostic: Diagnostic {
    guard let lineText else {
      return Diagnostic(message, source: Source("", name: "\(path):\(line)"), notes: notes)
    }
    let source = Source(lineText, name: path, firstLine: line)
    let prefix = String(lineText.prefix(column - 1))
    let start = prefix.utf8.count
    let covered = String(lineText.dropFirst(column - 1).prefix(max(1, width)))
    return Diagnostic(message, span: Span(start, start + covered.utf8.count), source: source,
                      notes: notes)
  }

  /// The error as the shell and replay print it.
  public var rendered: String { CaretRenderer.render(diagnostic) }
}
