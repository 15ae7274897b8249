import Foundation

/// Reads notebook files: bytes → `Notebook`, or a `NotebookError` at a file and line.
///
/// Grammar, by lines (CommonMark fences, restricted to what a notebook needs):
///
///     notebook   = [ header ] { prose-line | other-fence | flowbook } ;
///     header     = "<!-- flowbook-notebook" { KEY "=" VALUE } "-->"    (first line only)
///     flowbook   = fence-open "flowbook" { blank } cell { cell } fence-close ;
///     cell       = "fb> " COMMAND { "..> " CONTINUATION } { output-line } ;
///
/// One command per `fb> ` line; a command ending in `\` continues on a `..> ` line, as in
/// the shell. A comment `# at TIME` after the command is its wall-clock stamp. Fences of
/// other languages (```` ```text ````) are prose, so a `fb> ` inside one is never run.
///
/// Never crashes on any input: binary data, invalid UTF-8, a fence left open, output
/// before any command, and a newer format are all errors naming the line.
public enum NotebookParser {
  /// Parses file contents.
  ///
  /// - Parameters:
  ///   - bytes: the file's contents.
  ///   - path: the name errors show (as the user typed it).
  /// - Returns: The header, prose and code blocks with their cells and line numbers.
  /// - Throws: `NotebookError` naming the line of the first problem.
  public static func parse(_ bytes: [UInt8], path: String) throws(NotebookError) -> Notebook {
    var line = 1
    var lineStart = 0
    for (offset, byte) in bytes.enumerated() {
      if byte == 0 {
        throw NotebookError(
          "this is not a text notebook: line \(line) contains a NUL byte (binary data)",
          path: path, line: line)
      }
      if byte == 0x0A {
        if String(validating: bytes[lineStart..<offset], as: UTF8.self) == nil {
          throw invalidUTF8(path: path, line: line)
        }
        line += 1
        lineStart = offset + 1
      }
    }
    guard let text = String(validating: bytes, as: UTF8.self) else {
      throw invalidUTF8(path: path, line: line)
    }
    return try parse(text, path: path)
  }

  /// Parses text already known to be valid UTF-8.
  public static func parse(_ text: String, path: String) throws(NotebookError) -> Notebook {
    let lines = RawLine.split(text)
    var header = NotebookHeader(flowbookVersion: nil)
    var headerLine: String?
    var index = 0
    if let first = lines.first {
      do {
        if let parsed = try NotebookHeader.parse(first.content) {
          header = parsed
          headerLine = first.raw
          index = 1
        }
      } catch {
        throw NotebookError(error.message, path: path, line: 1, lineText: first.content)
      }
    }
    var reader = BlockReader(lines: lines, path: path, index: index)
    return Notebook(header: header, headerLine: headerLine, segments: try reader.segments())
  }

  private static func invalidUTF8(path: String, line: Int) -> NotebookError {
    NotebookError(
      "this is not a text notebook: line \(line) is not valid UTF-8 (binary data, or another "
        + "encoding)", path: path, line: line, notes: ["notebooks are UTF-8 Markdown files"])
  }
}

/// A line without its ending, and the ending (`\n`, `\r\n`, or none at the end of file).
struct RawLine {
  var content: String
  var ending: String
  var raw: String { content + ending }

  /// Splits on `\n` bytes: Swift's `Character` treats `\r\n` as one, so never split on it.
  static func split(_ text: String) -> [RawLine] {
    var lines: [RawLine] = []
    var current: [UInt8] = []
    for byte in text.utf8 {
      guard byte == 0x0A else {
        current.append(byte)
        continue
      }
      if current.last == 0x0D {
        current.removeLast()
        lines.append(RawLine(content: String(decoding: current, as: UTF8.self), ending: "\r\n"))
      } else {
        lines.append(RawLine(content: String(decoding: current, as: UTF8.self), ending: "\n"))
      }
      current = []
    }
    if !current.isEmpty {
      lines.append(RawLine(content: String(decoding: current, as: UTF8.self), ending: ""))
    }
    return lines
  }
}

/// A code fence line: its character, run length and info string.
struct Fence {
  var character: Character
  var length: Int
  var info: String

  /// The fence a line opens, if it opens one (up to three spaces of indentation).
  init?(opening line: String) {
    let indent = line.prefix { $0 == " " }.count
    guard indent <= 3 else { return nil }
    let body = line.dropFirst(indent)
    guard let first = body.first, first == "`" || first == "~" else { return nil }
    let run = body.prefix { $0 == first }.count
    guard run >= 3 else { return nil }
    let info = body.dropFirst(run).trimmingCharacters(in: .whitespaces)
    if first == "`" && info.contains("`") { return nil }
    self.character = first
    self.length = run
    self.info = info
  }

  /// Whether `line` closes this fence.
  func isClosed(by line: String) -> Bool {
    let indent = line.prefix { $0 == " " }.count
    guard indent <= 3 else { return false }
    let body = line.dropFirst(indent)
    let run = body.prefix { $0 == character }.count
    return run >= length && body.dropFirst(run).allSatisfy { $0 == " " || $0 == "\t" }
  }

  var isFlowbook: Bool {
    info.split(separator: " ").first.map { $0 == "flowbook" } ?? false
  }
}

/// Walks the lines after the header, collecting prose and flowbook blocks.
private struct BlockReader {
  let lines: [RawLine]
  let path: String
  var index: Int

  mutating func segments() throws(NotebookError) -> [Notebook.Segment] {
    var segments: [Notebook.Segment] = []
    var prose = ""
    while index < lines.count {
      let line = lines[index]
      guard let fence = Fence(opening: line.content) else {
        prose += line.raw
        index += 1
        continue
      }
      if fence.isFlowbook {
        guard !line.content.hasPrefix(" ") else {
          throw NotebookError(
            "an indented flowbook block: start its fence and its `fb> ` lines at column 1",
            path: path, line: index + 1, lineText: line.content)
        }
        if !prose.isEmpty { segments.append(.prose(prose)) }
        prose = ""
        segments.append(.code(try block(fence)))
      } else {
        prose += skipOtherFence(fence)
      }
    }
    if !prose.isEmpty { segments.append(.prose(prose)) }
    return segments
  }

  /// A fence of another language, kept verbatim; unclosed, it runs to the end (CommonMark).
  private mutating func skipOtherFence(_ fence: Fence) -> String {
    var text = lines[index].raw
    index += 1
    while index < lines.count {
      let line = lines[index]
      text += line.raw
      index += 1
      if fence.isClosed(by: line.content) { break }
    }
    return text
  }

  private mutating func block(_ fence: Fence) throws(NotebookError) -> CodeBlock {
    let opening = lines[index]
    let openingLine = index + 1
    let ending = opening.ending.isEmpty ? "\n" : opening.ending
    var block = CodeBlock(
      opening: opening.content, lineEnding: ending, cells: [], line: openingLine)
    var cell: CellBuilder?
    index += 1
    while index < lines.count {
      let line = lines[index]
      let number = index + 1
      index += 1
      if fence.isClosed(by: line.content) {
        if let cell { block.cells.append(try cell.finish(path: path)) }
        guard !block.cells.isEmpty else {
          throw NotebookError(
            "a flowbook cell with no command: add a `fb> COMMAND` line or remove the block",
            path: path, line: openingLine, lineText: opening.content)
        }
        block.closing = line.content
        block.closingEnding = line.ending
        return block
      }
      if let builder = cell, builder.continues, let rest = line.content.removingPrompt("..>") {
        cell?.add(commandLine: line.content, text: rest)
      } else if let rest = line.content.removingPrompt("fb>") {
        if let builder = cell { block.cells.append(try builder.finish(path: path)) }
        cell = CellBuilder(line: number, firstLine: line.content, text: rest)
      } else if cell != nil {
        cell?.output.append(line.content)
      } else if line.content.trimmingCharacters(in: .whitespaces).isEmpty {
        block.leadingLines.append(line.content)
      } else {
        throw NotebookError(
          "output with no command: a cell's lines must follow a `fb> COMMAND` line",
          path: path, line: number, lineText: line.content)
      }
    }
    throw NotebookError(
      "this flowbook block is never closed: the file ends before its closing "
        + String(repeating: fence.character, count: fence.length),
      path: path, line: openingLine, lineText: opening.content,
      notes: ["the file may be truncated; add the closing fence after the last output"])
  }
}

/// A cell being read: its command lines and output lines so far.
private struct CellBuilder {
  var line: Int
  var commandLines: [String]
  var texts: [String]
  var output: [String] = []

  init(line: Int, firstLine: String, text: String) {
    self.line = line
    self.commandLines = [firstLine]
    self.texts = [text]
  }

  /// Whether the last command line ends in `\`, so a `..> ` line continues it.
  var continues: Bool { output.isEmpty && (texts.last?.hasSuffix("\\") ?? false) }

  mutating func add(commandLine: String, text: String) {
    commandLines.append(commandLine)
    texts.append(text)
  }

  func finish(path: String) throws(NotebookError) -> NotebookCell {
    var reader = ScriptReader()
    var statements: [ScriptReader.Statement] = []
    for text in texts { statements += reader.feed(text) }
    statements += reader.finish()
    let first = commandLines[0]
    guard let statement = statements.first else {
      throw NotebookError(
        "a cell with no command: write the command after `fb> `", path: path, line: line,
        lineText: first)
    }
    guard statements.count == 1 else {
      throw NotebookError(
        "one command per `fb> ` line: this line has \(statements.count) commands separated by ';'",
        path: path, line: line, lineText: first,
        notes: ["give each command its own `fb> ` line, so each output sits under its command"])
    }
    return NotebookCell(
      commandLines: commandLines, command: statement.text,
      output: output.joined(separator: "\n"), stamp: Self.stamp(in: texts.last ?? ""), line: line)
  }

  /// The `# at TIME` comment of a command line, outside quotes.
  static func stamp(in text: String) -> String? {
    var quoted = false
    for index in text.indices {
      let character = text[index]
      if character == "\"" { quoted.toggle() }
      guard !quoted, character == "#" else { continue }
      let comment = text[text.index(after: index)...].trimmingCharacters(in: .whitespaces)
      guard comment.hasPrefix("at ") else { return nil }
      return comment.dropFirst(3).trimmingCharacters(in: .whitespaces)
    }
    return nil
  }
}

extension String {
  /// The text after a prompt such as `fb>` (and one space), if the line starts with it.
  fileprivate func removingPrompt(_ prompt: String) -> String? {
    guard hasPrefix(prompt) else { return nil }
    let rest = dropFirst(prompt.count)
    if rest.isEmpty { return "" }
    guard rest.first == " " else { return nil }
    return String(rest.dropFirst())
  }
}
