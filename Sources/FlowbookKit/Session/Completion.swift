import Foundation
import Quantities

/// Tab-completion candidates, computed from the session so they are testable without a
/// terminal: command names first, then what the command takes (parameter addresses,
/// units, file names, its own keywords).
public struct CompletionResult: Sendable, Hashable {
  /// The UTF-8 byte offset where the word being completed starts.
  public var wordStart: Int
  /// The text of that word up to the cursor.
  public var prefix: String
  /// Full replacements for the word, sorted.
  public var candidates: [String]

  /// The candidates laid out in columns for a terminal `width` characters wide, filled
  /// down then across as `ls` does, two spaces between columns.
  /// - Parameter width: the terminal's width in characters (at least one column is used).
  /// - Returns: the lines to print, none when there are no candidates.
  public func columns(width: Int) -> [String] {
    guard !candidates.isEmpty else { return [] }
    let widest = candidates.map(\.count).max() ?? 0
    let columnWidth = widest + 2
    let count = max(1, min(candidates.count, (max(width, 1) + 2) / columnWidth))
    let rows = (candidates.count + count - 1) / count
    return (0..<rows).map { row in
      var line = ""
      for column in 0..<count {
        let index = column * rows + row
        guard index < candidates.count else { break }
        let item = candidates[index]
        let last = column == count - 1 || index + rows >= candidates.count
        line += last ? item : item + String(repeating: " ", count: columnWidth - item.count)
      }
      return line
    }
  }
}

extension Session {
  /// Candidates for the word that ends at `cursor`.
  ///
  /// Command names at the start of a statement, then what the command takes (components,
  /// model names, parameters, units, files, its keywords). A word opened with `"`
  /// completes as a quoted path.
  /// - Parameters:
  ///   - line: the line typed so far.
  ///   - cursor: the cursor's UTF-8 byte offset in `line`.
  /// - Returns: where the word starts, what of it is typed, and its full replacements.
  public func completions(for line: String, cursor: Int) -> CompletionResult {
    let bytes = Array(line.utf8)
    let end = max(0, min(cursor, bytes.count))
    var start = end
    while start > 0 && !Self.isBreak(bytes[start - 1]) { start -= 1 }
    let prefix = String(decoding: bytes[start..<end], as: UTF8.self)
    let before = String(decoding: bytes[0..<start], as: UTF8.self)
    let statement = before.split(separator: ";", omittingEmptySubsequences: false).last ?? ""
    let words = statement.split(whereSeparator: { $0 == " " })
    let statementStart = statement.trimmingCharacters(in: .whitespaces).isEmpty
    // `load "my mo<Tab>`: the quote is kept, the rest completes as a path.
    let quote = prefix.hasPrefix("\"") ? "\"" : ""
    let bare = String(prefix.dropFirst(quote.count))
    let command = words.first.flatMap { registry.command(named: String($0)) }
    let pool: [String]
    if statementStart {
      pool = registry.names + knownNames + ["let", "quit"]
    } else if !quote.isEmpty || bare.contains("/") || bare.hasPrefix(".")
      || bare.hasPrefix("~")
    {
      pool = fileCandidates(bare) + (command?.completion == .models ? modelNames() : [])
    } else {
      pool = argumentCandidates(command, argument: words.count - 1, prefix: bare)
    }
    let matches = Set(
      pool.filter { $0.hasPrefix(bare) && $0 != bare || bare.isEmpty && !$0.isEmpty })
    return CompletionResult(
      wordStart: start, prefix: prefix, candidates: matches.sorted().map { quote + $0 })
  }

  /// What a command's argument number `argument` (0 for the first) may be.
  private func argumentCandidates(_ command: Command?, argument: Int, prefix: String)
    -> [String]
  {
    let general = knownNames + UnitTable.spellings + Array(Evaluator.functions.keys)
    switch command?.completion ?? .parameters {
    case .none: return []
    case .commands: return registry.names
    case .files: return fileCandidates(prefix)
    case .parameters: return general
    case .words(let words): return words + general
    case .components(let words):
      let components = workspace.current?.components.map(\.name) ?? []
      return words + components + (argument > 0 ? UnitTable.spellings : [])
    case .models: return modelNames() + fileCandidates(prefix)
    }
  }

  /// The model names `load` finds in the datasets folder (`golden-path`), and those of
  /// its subfolders as `examples/NAME`.
  func modelNames() -> [String] {
    guard let datasets = workspace.datasetsDirectory else { return [] }
    var out: [String] = []
    for folder in ["", "examples/"] {
      guard
        let names = try? FileManager.default.contentsOfDirectory(atPath: datasets + "/" + folder)
      else { continue }
      out += names.filter { $0.hasSuffix(".yaml") && !$0.hasPrefix(".") }
        .map { folder + $0.dropLast(5) }
    }
    return out
  }

  /// Names in the directory the prefix points into, directories with a trailing `/`.
  func fileCandidates(_ prefix: String) -> [String] {
    let typedDirectory = prefix.lastIndex(of: "/").map { String(prefix[...$0]) } ?? ""
    var directory = typedDirectory
    if directory.hasPrefix("~") {
      directory = (ProcessInfo.processInfo.environment["HOME"] ?? "") + directory.dropFirst()
    }
    if !directory.hasPrefix("/") { directory = environment.workingDirectory + "/" + directory }
    guard let names = try? FileManager.default.contentsOfDirectory(atPath: directory) else {
      return []
    }
    return names.filter { !$0.hasPrefix(".") }.map { name in
      var isDirectory: ObjCBool = false
      FileManager.default.fileExists(atPath: directory + name, isDirectory: &isDirectory)
      return typedDirectory + name + (isDirectory.boolValue ? "/" : "")
    }
  }

  private static func isBreak(_ byte: UInt8) -> Bool {
    byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\t") || byte == UInt8(ascii: "(")
      || byte == UInt8(ascii: ";") || byte == UInt8(ascii: ",") || byte == UInt8(ascii: "=")
  }
}
