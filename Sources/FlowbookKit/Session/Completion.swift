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
}

extension Session {
  public func completions(for line: String, cursor: Int) -> CompletionResult {
    let bytes = Array(line.utf8)
    let end = max(0, min(cursor, bytes.count))
    var start = end
    while start > 0 && !Self.isBreak(bytes[start - 1]) { start -= 1 }
    let prefix = String(decoding: bytes[start..<end], as: UTF8.self)
    let before = String(decoding: bytes[0..<start], as: UTF8.self)
    let words = before.split(whereSeparator: { $0 == " " || $0 == ";" })
    let statementStart =
      before.trimmingCharacters(in: .whitespaces).isEmpty
      || before.trimmingCharacters(in: .whitespaces).hasSuffix(";")
    let pool: [String]
    if statementStart {
      pool = registry.names + knownNames + ["let", "quit"]
    } else if prefix.contains("/") || prefix.hasPrefix(".") || prefix.hasPrefix("~") {
      pool = fileCandidates(prefix)
    } else {
      let commandName = words.last(where: { _ in true }).map(String.init)
      let command = words.first.flatMap { registry.command(named: String($0)) }
      pool = argumentCandidates(command, previous: commandName, prefix: prefix)
    }
    let matches = Set(
      pool.filter { $0.hasPrefix(prefix) && $0 != prefix || prefix.isEmpty && !$0.isEmpty })
    return CompletionResult(wordStart: start, prefix: prefix, candidates: matches.sorted())
  }

  private func argumentCandidates(_ command: Command?, previous: String?, prefix: String)
    -> [String]
  {
    let general = knownNames + UnitTable.spellings + Array(Evaluator.functions.keys)
    switch command?.completion ?? .parameters {
    case .none: return []
    case .commands: return registry.names
    case .files: return fileCandidates(prefix)
    case .parameters: return general
    case .words(let words): return words + general
    }
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
