/// A piece of text the user gave flowbook, with where it came from, for carets.
///
/// `firstLine` places the text inside a larger file (a notebook cell or a script), so an
/// error in line 3 of `plan.fb` says `plan.fb:3:7`, not `<input>:1:7`.
public struct Source: Sendable, Hashable {
  public var text: String
  public var name: String
  public var firstLine: Int

  public init(_ text: String, name: String = "<input>", firstLine: Int = 1) {
    self.text = text
    self.name = name
    self.firstLine = firstLine
  }

  /// The 1-based line and column (in characters) of a UTF-8 byte offset.
  public func location(ofByte offset: Int) -> (line: Int, column: Int, lineText: String) {
    let bytes = Array(text.utf8)
    let clamped = max(0, min(offset, bytes.count))
    var lineStart = 0
    var line = 0
    for index in 0..<clamped where bytes[index] == UInt8(ascii: "\n") {
      line += 1
      lineStart = index + 1
    }
    var lineEnd = lineStart
    while lineEnd < bytes.count && bytes[lineEnd] != UInt8(ascii: "\n") { lineEnd += 1 }
    let prefix = String(decoding: bytes[lineStart..<clamped], as: UTF8.self)
    let lineText = String(decoding: bytes[lineStart..<lineEnd], as: UTF8.self)
    return (firstLine + line, prefix.count + 1, lineText)
  }
}

/// A half-open range of UTF-8 byte offsets into a `Source`.
public struct Span: Sendable, Hashable {
  public var start: Int
  public var end: Int

  public init(_ start: Int, _ end: Int) {
    precondition(start <= end, "span start \(start) after end \(end)")
    self.start = start
    self.end = end
  }

  /// The smallest span covering both.
  public func union(_ other: Span) -> Span {
    Span(min(start, other.start), max(end, other.end))
  }

  /// The same span moved right by `offset` bytes (an argument inside a longer line).
  public func shifted(by offset: Int) -> Span {
    Span(start + offset, end + offset)
  }
}
