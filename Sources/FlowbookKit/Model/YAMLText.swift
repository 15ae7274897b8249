import Foundation
import Yams

/// A model file's text with its line index: turns Yams marks (line, column in Unicode
/// scalars) into the UTF-8 byte spans `Diagnostic` carries, and finds the comment on a
/// figure's line, which the model format uses for provenance.
struct YAMLText {
  private let bytes: [UInt8]
  private let lineStarts: [Int]

  init(_ text: String) {
    bytes = Array(text.utf8)
    var starts = [0]
    for (index, byte) in bytes.enumerated() where byte == UInt8(ascii: "\n") {
      starts.append(index + 1)
    }
    lineStarts = starts
  }

  /// The byte offset of a 1-based line and column (columns count Unicode scalars).
  func offset(line: Int, column: Int) -> Int {
    guard line >= 1, line <= lineStarts.count else { return bytes.count }
    var index = lineStarts[line - 1]
    var remaining = column - 1
    while remaining > 0, index < bytes.count, bytes[index] != UInt8(ascii: "\n") {
      index += 1
      while index < bytes.count, bytes[index] & 0xC0 == 0x80 { index += 1 }
      remaining -= 1
    }
    return index
  }

  func span(at mark: Mark, length: Int) -> Span {
    let start = offset(line: mark.line, column: mark.column)
    return Span(start, min(bytes.count, start + length))
  }

  func span(at position: FilePosition) -> Span {
    let start = offset(line: position.line, column: position.column)
    return Span(start, min(bytes.count, start + max(1, lineRest(from: start))))
  }

  /// The span of a node: a scalar's text (with its quotes), else its first character.
  func span(of node: Node) -> Span? {
    guard let mark = node.mark else { return nil }
    return span(at: mark, length: max(1, sourceLength(of: node)))
  }

  func position(of node: Node) -> FilePosition? {
    node.mark.map { FilePosition(line: $0.line, column: $0.column) }
  }

  /// Where a scalar's text starts, past an opening quote: spans inside it shift by this.
  func contentOffset(of node: Node) -> Int? {
    guard let mark = node.mark, let scalar = node.scalar else { return nil }
    let quoted = scalar.style == .singleQuoted || scalar.style == .doubleQuoted
    return offset(line: mark.line, column: mark.column) + (quoted ? 1 : 0)
  }

  /// The text after `#` on the line where `node` ends, trimmed: the figure's provenance.
  func comment(on node: Node) -> String? {
    guard let span = span(of: node) else { return nil }
    var index = span.end
    while index < bytes.count, bytes[index] != UInt8(ascii: "\n") {
      if bytes[index] == UInt8(ascii: "#"), index > 0,
        bytes[index - 1] == UInt8(ascii: " ") || bytes[index - 1] == UInt8(ascii: "\t")
      {
        var end = index + 1
        while end < bytes.count, bytes[end] != UInt8(ascii: "\n") { end += 1 }
        let text = String(decoding: bytes[(index + 1)..<end], as: UTF8.self)
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        return trimmed.isEmpty ? nil : trimmed
      }
      index += 1
    }
    return nil
  }

  private func sourceLength(of node: Node) -> Int {
    guard let scalar = node.scalar else { return 1 }
    let quoted = scalar.style == .singleQuoted || scalar.style == .doubleQuoted
    return scalar.string.utf8.count + (quoted ? 2 : 0)
  }

  private func lineRest(from start: Int) -> Int {
    var end = start
    while end < bytes.count, bytes[end] != UInt8(ascii: "\n"), bytes[end] != UInt8(ascii: "#") {
      end += 1
    }
    while end > start, bytes[end - 1] == UInt8(ascii: " ") { end -= 1 }
    return end - start
  }
}
