import Foundation

/// Splits typed or scripted text into commands: `;` separates commands on one line, a
/// trailing `\` continues a line, and `#` starts a comment outside quotes.
///
/// The shell, `run FILE`, piped input and `-e` all read through this, so a script and a
/// session accept exactly the same text.
public struct ScriptReader: Sendable {
  /// A command with the line it started on (1-based), for error locations.
  public struct Statement: Sendable, Hashable {
    public var text: String
    public var line: Int
    /// The lines as typed when a `\` continuation made this one command (and nothing
    /// else shares them): a saved notebook keeps them so (`fb> ` then `..> ` lines).
    public var typedLines: [String]?
  }

  private var pending = ""
  private var pendingLines: [String] = []
  private var pendingLine = 0
  private var lineNumber = 0

  public init() {}

  /// True while a `\` continuation is waiting for its next line.
  public var isContinuing: Bool { !pending.isEmpty }

  /// Feeds one line (without its newline) and returns the commands it completes.
  public mutating func feed(_ line: String) -> [Statement] {
    lineNumber += 1
    if pending.isEmpty { pendingLine = lineNumber }
    // A continued line joins its successor with exactly one space.
    var text = pending.isEmpty ? line : String(line.drop(while: { $0 == " " || $0 == "\t" }))
    pendingLines.append(line)
    if text.hasSuffix("\\") {
      text.removeLast()
      while text.hasSuffix(" ") || text.hasSuffix("\t") { text.removeLast() }
      pending += text + " "
      return []
    }
    let whole = pending + text
    pending = ""
    return statements(of: whole)
  }

  /// Whatever a final unterminated continuation left behind.
  public mutating func finish() -> [Statement] {
    guard !pending.isEmpty else { return [] }
    let whole = pending
    pending = ""
    return statements(of: whole)
  }

  /// The commands of one logical line; a single command spread over several lines keeps
  /// them as typed.
  private mutating func statements(of whole: String) -> [Statement] {
    let lines = pendingLines
    pendingLines = []
    let parts = ScriptReader.split(whole)
    let typed = parts.count == 1 && lines.count > 1 ? lines : nil
    return parts.map { Statement(text: $0, line: pendingLine, typedLines: typed) }
  }

  /// All commands of a whole text.
  public static func statements(in text: String) -> [Statement] {
    var reader = ScriptReader()
    var out: [Statement] = []
    for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
      out += reader.feed(String(line))
    }
    return out + reader.finish()
  }

  /// Splits one logical line on `;` and drops comments, outside double quotes.
  static func split(_ line: String) -> [String] {
    var parts: [String] = []
    var current = ""
    var quoted = false
    for character in line {
      if character == "\"" { quoted.toggle() }
      if !quoted && character == "#" { break }
      if !quoted && character == ";" {
        parts.append(current)
        current = ""
      } else {
        current.append(character)
      }
    }
    parts.append(current)
    return parts.map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
  }
}
