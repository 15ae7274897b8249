import Quantities

/// Turns a line into tokens, with byte spans for carets.
///
/// Numbers read as people write them in capacity plans: `2.5M` (SI multipliers k, M,
/// B or G for billion, T, attached to the digits), `1,769` (a comma followed by exactly
/// three digits groups thousands), `1e-3`. A letter after a space is a unit, so `10B` is
/// ten billion and `10 B` is ten bytes. `$3.50` is money. Units with a hyphen (`GB-s`)
/// are joined into one name only when the joined spelling is a known unit.
public struct Lexer {
  private let bytes: [UInt8]
  private var position = 0

  public init(_ text: String) {
    self.bytes = Array(text.utf8)
  }

  /// All tokens of `text`, ending with `.end`.
  public static func tokenize(_ text: String) throws(Diagnostic) -> [Token] {
    var lexer = Lexer(text)
    var tokens: [Token] = []
    while true {
      let token = try lexer.next()
      tokens.append(token)
      if token.kind == .end { return tokens }
    }
  }

  // MARK: - Scanning

  private static let symbols: [([UInt8], String)] = [
    ("->", "->"), ("→", "->"), ("**", "^"), ("<=", "<="), ("≤", "<="), (">=", ">="),
    ("≥", ">="), ("==", "=="), ("!=", "!="), ("≠", "!="), ("~=", "≈"), ("≈", "≈"),
    ("+-", "±"), ("±", "±"), ("×", "*"), ("÷", "/"), ("·", "*"), ("+", "+"), ("-", "-"),
    ("*", "*"), ("/", "/"), ("^", "^"), ("(", "("), (")", ")"), (",", ","), ("=", "="),
    ("<", "<"), (">", ">"), (";", ";"),
  ].map { (Array($0.0.utf8), $0.1) }

  mutating func next() throws(Diagnostic) -> Token {
    skipWhitespace()
    guard position < bytes.count else { return Token(.end, Span(position, position)) }
    let start = position
    let byte = bytes[position]
    if isDigit(byte) || (byte == UInt8(ascii: ".") && isDigit(peek(1))) {
      return Token(.number(try scanNumber()), Span(start, position))
    }
    if byte == UInt8(ascii: "$") {
      position += 1
      if position < bytes.count
        && (isDigit(bytes[position]) || bytes[position] == UInt8(ascii: "."))
      {
        return Token(.money(try scanNumber()), Span(start, position))
      }
      return Token(.identifier("$"), Span(start, position))
    }
    if byte == UInt8(ascii: "\"") { return try scanString() }
    if byte == UInt8(ascii: "%") {
      position += 1
      return Token(.identifier("%"), Span(start, position))
    }
    for (spelling, canonical) in Lexer.symbols where matches(spelling) {
      position += spelling.count
      return Token(.symbol(canonical), Span(start, position))
    }
    if isIdentifierStart(byte) { return scanIdentifier() }
    let character = String(decoding: bytes[start..<characterEnd(start)], as: UTF8.self)
    throw Diagnostic("unexpected character '\(character)'", span: Span(start, characterEnd(start)))
  }

  private mutating func scanNumber() throws(Diagnostic) -> Double {
    let start = position
    var text = ""
    while position < bytes.count {
      let byte = bytes[position]
      if isDigit(byte) {
        text.append(Character(UnicodeScalar(byte)))
        position += 1
      } else if byte == UInt8(ascii: ","), isThousandsGroup(at: position + 1), !text.isEmpty,
        !text.contains(".")
      {
        position += 1
      } else {
        break
      }
    }
    if peek(0) == UInt8(ascii: "."), isDigit(peek(1)) || text.isEmpty {
      text.append(".")
      position += 1
      while isDigit(peek(0)) {
        text.append(Character(UnicodeScalar(bytes[position])))
        position += 1
      }
    }
    if peek(0) == UInt8(ascii: "e") || peek(0) == UInt8(ascii: "E") {
      var lookahead = 1
      if peek(1) == UInt8(ascii: "-") || peek(1) == UInt8(ascii: "+") { lookahead = 2 }
      if isDigit(peek(lookahead)) {
        text += "e"
        if lookahead == 2 { text.append(Character(UnicodeScalar(bytes[position + 1]))) }
        position += lookahead
        while isDigit(peek(0)) {
          text.append(Character(UnicodeScalar(bytes[position])))
          position += 1
        }
      }
    }
    guard var value = Double(text), value.isFinite else {
      throw Diagnostic("malformed number '\(text)'", span: Span(start, position))
    }
    if let multiplier = multiplierAtPosition() {
      value *= multiplier
      position += 1
    }
    guard value.isFinite else {
      throw Diagnostic("number too large", span: Span(start, position))
    }
    return value
  }

  /// An SI multiplier letter directly after the digits and not the start of a word.
  private func multiplierAtPosition() -> Double? {
    guard position < bytes.count, !isIdentifierPart(peek(1)) else { return nil }
    switch bytes[position] {
    case UInt8(ascii: "k"), UInt8(ascii: "K"): return 1e3
    case UInt8(ascii: "M"): return 1e6
    case UInt8(ascii: "B"), UInt8(ascii: "G"): return 1e9
    case UInt8(ascii: "T"): return 1e12
    default: return nil
    }
  }

  private func isThousandsGroup(at index: Int) -> Bool {
    guard index + 2 < bytes.count else { return false }
    let three = (0..<3).allSatisfy { isDigit(bytes[index + $0]) }
    return three && (index + 3 >= bytes.count || !isDigit(bytes[index + 3]))
  }

  private mutating func scanIdentifier() -> Token {
    let start = position
    while position < bytes.count && isIdentifierPart(bytes[position]) && !startsSymbol() {
      position += 1
    }
    var name = String(decoding: bytes[start..<position], as: UTF8.self)
    // Join `GB-s`, `GB-month` when the joined spelling is a unit.
    if peek(0) == UInt8(ascii: "-") {
      var end = position + 1
      while end < bytes.count && isLetter(bytes[end]) { end += 1 }
      let joined = name + "-" + String(decoding: bytes[(position + 1)..<end], as: UTF8.self)
      if UnitTable.hyphenated.contains(joined) {
        name = joined
        position = end
      }
    }
    return Token(.identifier(name), Span(start, position))
  }

  private mutating func scanString() throws(Diagnostic) -> Token {
    let start = position
    position += 1
    while position < bytes.count && bytes[position] != UInt8(ascii: "\"") { position += 1 }
    guard position < bytes.count else {
      throw Diagnostic("unterminated string: add a closing \"", span: Span(start, position))
    }
    position += 1
    let text = String(decoding: bytes[(start + 1)..<(position - 1)], as: UTF8.self)
    return Token(.string(text), Span(start, position))
  }

  // MARK: - Character classes

  private mutating func skipWhitespace() {
    while position < bytes.count,
      [UInt8(ascii: " "), UInt8(ascii: "\t"), UInt8(ascii: "\r"), UInt8(ascii: "\n")]
        .contains(bytes[position])
    {
      position += 1
    }
  }

  private func peek(_ offset: Int) -> UInt8 {
    position + offset < bytes.count ? bytes[position + offset] : 0
  }

  private func matches(_ utf8: [UInt8]) -> Bool {
    guard position + utf8.count <= bytes.count else { return false }
    for (offset, byte) in utf8.enumerated() where bytes[position + offset] != byte {
      return false
    }
    return true
  }

  private static let multiByteSymbols = ["×", "÷", "·", "≈", "±", "→", "≤", "≥", "≠"]
    .map { Array($0.utf8) }

  /// Multi-byte operators (×, ≈, ±, →) must not be swallowed into identifiers.
  private func startsSymbol() -> Bool {
    guard bytes[position] >= 0x80 else { return false }
    return Lexer.multiByteSymbols.contains { matches($0) }
  }

  private func characterEnd(_ index: Int) -> Int {
    var end = index + 1
    while end < bytes.count && bytes[end] & 0xC0 == 0x80 { end += 1 }
    return end
  }

  private func isDigit(_ b: UInt8) -> Bool { b >= 48 && b <= 57 }
  private func isLetter(_ b: UInt8) -> Bool { (b | 0x20) >= 97 && (b | 0x20) <= 122 }
  private func isIdentifierStart(_ b: UInt8) -> Bool {
    isLetter(b) || b == UInt8(ascii: "_") || b >= 0x80
  }
  private func isIdentifierPart(_ b: UInt8) -> Bool {
    isIdentifierStart(b) || isDigit(b) || b == UInt8(ascii: ".")
  }
}
