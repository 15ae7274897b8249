/// A notebook file: Markdown prose with fenced `flowbook` code blocks of commands and
/// their outputs, under a one-line HTML comment of provenance.
///
///     <!-- flowbook-notebook format=1 flowbook=0.1.0 seed=1 dir=. model=none -->
///     # Prime Day concurrency
///
///     How many requests are in flight at the peak?
///
///     ```flowbook
///     fb> let peak = 2.5M rps
///     peak = 2.5M rps
///     fb> peak * 45 ms
///     112,500
///     ```
///
/// The parsed form keeps every byte it does not own verbatim — prose, fence lines, the
/// command lines — so that `replay --update` rewrites outputs and nothing else, and a
/// reviewer's diff shows only numbers that changed.
public struct Notebook: Sendable, Hashable {
  /// A stretch of the file: prose (including non-flowbook code blocks), or a flowbook block.
  public enum Segment: Sendable, Hashable {
    case prose(String)
    case code(CodeBlock)
  }

  public var header: NotebookHeader
  /// The first line as read, with its line ending; nil when the file has no header line.
  public var headerLine: String?
  public var segments: [Segment]

  public init(header: NotebookHeader, headerLine: String?, segments: [Segment]) {
    self.header = header
    self.headerLine = headerLine
    self.segments = segments
  }

  /// Every cell, in file order.
  public var cells: [NotebookCell] {
    segments.flatMap { segment -> [NotebookCell] in
      if case .code(let block) = segment { return block.cells }
      return []
    }
  }

  /// The prose segments, joined: what `--update` must leave byte-identical.
  public var prose: String {
    segments.map { segment in
      if case .prose(let text) = segment { return text }
      return ""
    }.joined()
  }

  /// The file's text: byte-identical to what was parsed unless outputs were replaced.
  public func rendered() -> String {
    (headerLine ?? "")
      + segments.map { segment in
        switch segment {
        case .prose(let text): return text
        case .code(let block): return block.rendered()
        }
      }.joined()
  }

  /// The same notebook with cell outputs replaced, in cell order.
  /// - Precondition: one output per cell.
  public func replacingOutputs(_ outputs: [String]) -> Notebook {
    precondition(outputs.count == cells.count, "\(outputs.count) outputs for \(cells.count) cells")
    var copy = self
    var next = 0
    for index in copy.segments.indices {
      guard case .code(var block) = copy.segments[index] else { continue }
      for cellIndex in block.cells.indices {
        block.cells[cellIndex].output = outputs[next]
        next += 1
      }
      copy.segments[index] = .code(block)
    }
    return copy
  }
}

/// A fenced ```` ```flowbook ```` block: one or more cells.
public struct CodeBlock: Sendable, Hashable {
  /// The opening fence line as written (without line ending): ```` ```flowbook ````.
  public var opening: String
  /// The closing fence line as written (without line ending).
  public var closing: String
  /// The line ending inside the block (`\n`, or `\r\n` for a CRLF file).
  public var lineEnding: String
  /// What follows the closing fence: a line ending, or nothing at the end of the file.
  public var closingEnding: String
  /// Blank lines between the opening fence and the first command, kept as written.
  public var leadingLines: [String]
  public var cells: [NotebookCell]
  /// The 1-based line of the opening fence.
  public var line: Int

  public init(
    opening: String = "```flowbook", closing: String = "```", lineEnding: String = "\n",
    closingEnding: String = "\n", leadingLines: [String] = [], cells: [NotebookCell],
    line: Int = 0
  ) {
    self.opening = opening
    self.closing = closing
    self.lineEnding = lineEnding
    self.closingEnding = closingEnding
    self.leadingLines = leadingLines
    self.cells = cells
    self.line = line
  }

  /// The block's text; the fence grows only if an output line would otherwise close it.
  public func rendered() -> String {
    var lines = leadingLines
    for cell in cells {
      lines += cell.commandLines
      guard !cell.output.isEmpty else { continue }
      lines += cell.output.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
    }
    let (open, close) = fences(fitting: lines)
    return ([open] + lines + [close]).joined(separator: lineEnding) + closingEnding
  }

  /// The fence lines, lengthened past the longest run of the fence character that starts
  /// a content line (CommonMark closes a fence on a run at least as long as the opening).
  private func fences(fitting lines: [String]) -> (String, String) {
    let character = opening.first ?? "`"
    let length = opening.prefix { $0 == character }.count
    let longest =
      lines.map { line in
        line.drop { $0 == " " }.prefix { $0 == character }.count
      }.max() ?? 0
    guard longest >= length else { return (opening, closing) }
    let fence = String(repeating: character, count: longest + 1)
    return (fence + opening.drop { $0 == character }, fence)
  }
}

/// One command of a notebook and its recorded output.
public struct NotebookCell: Sendable, Hashable {
  /// The command as written: a `fb> ` line, then any `..> ` continuation lines.
  public var commandLines: [String]
  /// The command that runs: continuation joined, comments (and the stamp) removed.
  public var command: String
  /// The recorded output, lines joined with `\n`, no final newline.
  public var output: String
  /// The wall-clock stamp (`# at 2024-05-01T12:03:04Z`), metadata that replay ignores.
  public var stamp: String?
  /// The 1-based line of the `fb> ` line.
  public var line: Int

  public init(
    commandLines: [String], command: String, output: String, stamp: String? = nil,
    line: Int = 0
  ) {
    self.commandLines = commandLines
    self.command = command
    self.output = output
    self.stamp = stamp
    self.line = line
  }

  /// The 1-based line where the output starts.
  public var outputLine: Int { line + commandLines.count }

  /// A new cell for `command`, stamped if `stamp` is given.
  /// - Parameters:
  ///   - command: the command that ran.
  ///   - output: its output.
  ///   - stamp: when it ran, for `--stamped`.
  ///   - typedLines: the lines it was typed on, when a `\` continuation spread it over
  ///     several: kept as `fb> ` and `..> ` lines (the stamp after the last).
  /// - Returns: the cell.
  public static func recorded(
    _ command: String, output: String, stamp: String?, typedLines: [String]? = nil
  ) -> NotebookCell {
    let suffix = stamp.map { "  # at " + $0 } ?? ""
    guard let typedLines, typedLines.count > 1,
      typedLines.dropLast().allSatisfy({ $0.hasSuffix("\\") }),
      typedLines.allSatisfy({ !$0.contains("\n") && !$0.contains("\r") })
    else {
      return NotebookCell(
        commandLines: ["fb> " + command + suffix], command: command, output: output,
        stamp: stamp)
    }
    let lines =
      ["fb> " + typedLines[0]] + typedLines.dropFirst().dropLast().map { "..> " + $0 }
      + ["..> " + (typedLines.last ?? "") + suffix]
    return NotebookCell(commandLines: lines, command: command, output: output, stamp: stamp)
  }
}
