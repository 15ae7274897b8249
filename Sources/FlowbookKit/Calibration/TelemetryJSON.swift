/// A JSON value read from a telemetry file, with the byte offset where it starts.
///
/// Foundation's `JSONSerialization` says neither where a value is (a wrong type in the
/// 40,000th datapoint deserves a line and column) nor how deep it will recurse: a file of
/// a million `[` overflows the stack. This reader keeps an offset on every value and
/// refuses nesting deeper than `TelemetryLimits.maximumDepth`, so hostile input is an
/// error at a place, never a trap. Grammar: RFC 8259.
struct TelemetryJSON: Sendable {
  indirect enum Value: Sendable {
    case null
    case bool(Bool)
    case number(Double)
    case string(String)
    case array([TelemetryJSON])
    case object([(String, TelemetryJSON)])
  }

  var value: Value
  /// Byte offset of the value's first character in the file.
  var offset: Int

  /// The member `key` of an object (the first, if repeated).
  subscript(key: String) -> TelemetryJSON? {
    guard case .object(let pairs) = value else { return nil }
    return pairs.first { $0.0 == key }?.1
  }

  var string: String? {
    if case .string(let text) = value { return text }
    return nil
  }

  var number: Double? {
    if case .number(let number) = value { return number }
    return nil
  }

  var array: [TelemetryJSON]? {
    if case .array(let items) = value { return items }
    return nil
  }

  var isObject: Bool {
    if case .object = value { return true }
    return false
  }

  /// What the value is, for messages ("a string", "an object").
  var kindName: String {
    switch value {
    case .null: return "null"
    case .bool: return "a boolean"
    case .number: return "a number"
    case .string: return "a string"
    case .array: return "an array"
    case .object: return "an object"
    }
  }
}

/// Parses RFC 8259 JSON from bytes, keeping offsets.
struct TelemetryJSONParser {
  private let bytes: [UInt8]
  private var index: Int
  private let end: Int
  private var depth = 0

  /// A parser over `bytes[start..<end]`.
  /// - Parameters:
  ///   - bytes: the whole file (offsets are into it).
  ///   - start: where the document starts.
  ///   - end: where it ends (exclusive).
  init(_ bytes: [UInt8], from start: Int = 0, to end: Int? = nil) {
    self.bytes = bytes
    self.index = start
    self.end = end ?? bytes.count
  }

  /// Parses one document that fills the range (blanks around it allowed).
  /// - Returns: The document.
  /// - Throws: `TelemetryProblem` at the offending byte.
  mutating func document() throws(TelemetryProblem) -> TelemetryJSON {
    skipBlanks()
    let value = try parseValue()
    skipBlanks()
    guard index >= end else {
      throw TelemetryProblem("unexpected text after the JSON document", at: index)
    }
    return value
  }

  private mutating func skipBlanks() {
    while index < end, [0x20, 0x09, 0x0A, 0x0D].contains(bytes[index]) { index += 1 }
  }

  private mutating func parseValue() throws(TelemetryProblem) -> TelemetryJSON {
    guard index < end else {
      throw TelemetryProblem("the JSON ends where a value was expected", at: index)
    }
    let start = index
    switch bytes[index] {
    case UInt8(ascii: "{"): return TelemetryJSON(value: try parseObject(), offset: start)
    case UInt8(ascii: "["): return TelemetryJSON(value: try parseArray(), offset: start)
    case UInt8(ascii: "\""): return TelemetryJSON(value: .string(try parseString()), offset: start)
    case UInt8(ascii: "t"):
      try literal("true")
      return TelemetryJSON(value: .bool(true), offset: start)
    case UInt8(ascii: "f"):
      try literal("false")
      return TelemetryJSON(value: .bool(false), offset: start)
    case UInt8(ascii: "n"):
      try literal("null")
      return TelemetryJSON(value: .null, offset: start)
    default:
      return TelemetryJSON(value: .number(try parseNumber()), offset: start)
    }
  }

  private mutating func enter() throws(TelemetryProblem) {
    depth += 1
    guard depth <= TelemetryLimits.maximumDepth else {
      throw TelemetryProblem(
        "the JSON nests deeper than \(TelemetryLimits.maximumDepth) levels; AWS's output "
          + "nests at most a few", at: index)
    }
  }

  private mutating func parseObject() throws(TelemetryProblem) -> TelemetryJSON.Value {
    try enter()
    defer { depth -= 1 }
    index += 1
    var pairs: [(String, TelemetryJSON)] = []
    skipBlanks()
    if index < end, bytes[index] == UInt8(ascii: "}") {
      index += 1
      return .object(pairs)
    }
    while true {
      skipBlanks()
      guard index < end, bytes[index] == UInt8(ascii: "\"") else {
        throw TelemetryProblem("expected a quoted member name in the JSON object", at: index)
      }
      let key = try parseString()
      skipBlanks()
      guard index < end, bytes[index] == UInt8(ascii: ":") else {
        throw TelemetryProblem(
          "expected ':' after the member name \"\(key.prefix(40))\"", at: index)
      }
      index += 1
      skipBlanks()
      pairs.append((key, try parseValue()))
      skipBlanks()
      guard index < end else {
        throw TelemetryProblem("the JSON object is not closed with '}'", at: index)
      }
      if bytes[index] == UInt8(ascii: ",") {
        index += 1
        continue
      }
      guard bytes[index] == UInt8(ascii: "}") else {
        throw TelemetryProblem("expected ',' or '}' in the JSON object", at: index)
      }
      index += 1
      return .object(pairs)
    }
  }

  private mutating func parseArray() throws(TelemetryProblem) -> TelemetryJSON.Value {
    try enter()
    defer { depth -= 1 }
    index += 1
    var items: [TelemetryJSON] = []
    skipBlanks()
    if index < end, bytes[index] == UInt8(ascii: "]") {
      index += 1
      return .array(items)
    }
    while true {
      skipBlanks()
      items.append(try parseValue())
      skipBlanks()
      guard index < end else {
        throw TelemetryProblem("the JSON array is not closed with ']'", at: index)
      }
      if bytes[index] == UInt8(ascii: ",") {
        index += 1
        continue
      }
      guard bytes[index] == UInt8(ascii: "]") else {
        throw TelemetryProblem("expected ',' or ']' in the JSON array", at: index)
      }
      index += 1
      return .array(items)
    }
  }

  private mutating func literal(_ word: String) throws(TelemetryProblem) {
    let expected = Array(word.utf8)
    guard index + expected.count <= end, Array(bytes[index..<index + expected.count]) == expected
    else { throw TelemetryProblem("expected a JSON value (a number, string, object…)", at: index) }
    index += expected.count
  }

  private mutating func parseNumber() throws(TelemetryProblem) -> Double {
    let start = index
    if index < end, bytes[index] == UInt8(ascii: "-") { index += 1 }
    let digits = { (b: UInt8) in b >= 0x30 && b <= 0x39 }
    let intStart = index
    while index < end, digits(bytes[index]) { index += 1 }
    guard index > intStart else {
      throw TelemetryProblem("expected a JSON value (a number, string, object…)", at: start)
    }
    if index < end, bytes[index] == UInt8(ascii: ".") {
      index += 1
      let fraction = index
      while index < end, digits(bytes[index]) { index += 1 }
      guard index > fraction else {
        throw TelemetryProblem("a number needs digits after '.'", at: index)
      }
    }
    if index < end, bytes[index] == UInt8(ascii: "e") || bytes[index] == UInt8(ascii: "E") {
      index += 1
      if index < end, bytes[index] == UInt8(ascii: "+") || bytes[index] == UInt8(ascii: "-") {
        index += 1
      }
      let exponent = index
      while index < end, digits(bytes[index]) { index += 1 }
      guard index > exponent else {
        throw TelemetryProblem("a number needs digits in its exponent", at: index)
      }
    }
    guard index - start <= 64,
      let value = Double(String(decoding: bytes[start..<index], as: UTF8.self)), value.isFinite
    else { throw TelemetryProblem("the number is too long or out of range", at: start) }
    return value
  }

  /// A string literal, with escapes decoded; the index ends after the closing quote.
  private mutating func parseString() throws(TelemetryProblem) -> String {
    let start = index
    index += 1
    var out: [UInt8] = []
    while true {
      guard index < end else {
        throw TelemetryProblem("the string is not closed with '\"'", at: start)
      }
      let byte = bytes[index]
      if byte == UInt8(ascii: "\"") {
        index += 1
        break
      }
      guard byte >= 0x20 else {
        throw TelemetryProblem(
          "a control character inside a JSON string must be escaped", at: index)
      }
      if byte != UInt8(ascii: "\\") {
        out.append(byte)
        index += 1
        continue
      }
      index += 1
      guard index < end else {
        throw TelemetryProblem("the string is not closed with '\"'", at: start)
      }
      let escape = bytes[index]
      index += 1
      switch escape {
      case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): out.append(escape)
      case UInt8(ascii: "b"): out.append(0x08)
      case UInt8(ascii: "f"): out.append(0x0C)
      case UInt8(ascii: "n"): out.append(0x0A)
      case UInt8(ascii: "r"): out.append(0x0D)
      case UInt8(ascii: "t"): out.append(0x09)
      case UInt8(ascii: "u"): out += try unicodeEscape()
      default:
        throw TelemetryProblem(
          "unknown escape '\\\(Character(UnicodeScalar(escape)))'", at: index - 2)
      }
    }
    guard let text = String(validating: out, as: UTF8.self) else {
      throw TelemetryProblem("the string is not valid UTF-8", at: start)
    }
    return text
  }

  /// `\uXXXX` (after the `u`), joining a surrogate pair; returns UTF-8 bytes.
  private mutating func unicodeEscape() throws(TelemetryProblem) -> [UInt8] {
    let at = index - 2
    var unit = try hex4(at: at)
    if (0xD800...0xDBFF).contains(unit) {
      guard index + 1 < end, bytes[index] == UInt8(ascii: "\\"),
        bytes[index + 1] == UInt8(ascii: "u")
      else { throw TelemetryProblem("a high surrogate \\u escape needs its low half", at: at) }
      index += 2
      let low = try hex4(at: at)
      guard (0xDC00...0xDFFF).contains(low) else {
        throw TelemetryProblem("a high surrogate \\u escape needs its low half", at: at)
      }
      unit = 0x10000 + ((unit - 0xD800) << 10) + (low - 0xDC00)
    } else if (0xDC00...0xDFFF).contains(unit) {
      throw TelemetryProblem("a lone low surrogate \\u escape", at: at)
    }
    guard let scalar = Unicode.Scalar(unit) else {
      throw TelemetryProblem("\\u escape is not a character", at: at)
    }
    return Array(String(Character(scalar)).utf8)
  }

  private mutating func hex4(at: Int) throws(TelemetryProblem) -> UInt32 {
    guard index + 4 <= end,
      let unit = UInt32(String(decoding: bytes[index..<index + 4], as: UTF8.self), radix: 16)
    else { throw TelemetryProblem("a \\u escape needs four hex digits", at: at) }
    index += 4
    return unit
  }
}
