/// A JSON document with ordered keys and deterministic number printing.
///
/// Foundation's JSONSerialization neither keeps key order nor promises the same digits on
/// every platform; `--json` output is compared in tests and scripts, so we print our own.
public indirect enum JSONValue: Sendable, Hashable {
  case null
  case bool(Bool)
  case number(Double)
  case string(String)
  case array([JSONValue])
  case object([(String, JSONValue)])

  public static func == (lhs: JSONValue, rhs: JSONValue) -> Bool {
    lhs.serialized() == rhs.serialized()
  }

  public func hash(into hasher: inout Hasher) {
    hasher.combine(serialized())
  }

  /// The value under `key` of an object.
  public subscript(key: String) -> JSONValue? {
    guard case .object(let pairs) = self else { return nil }
    return pairs.first { $0.0 == key }?.1
  }

  /// Compact or indented JSON text.
  public func serialized(indent: Int? = nil) -> String {
    var out = ""
    write(into: &out, indent: indent, depth: 0)
    return out
  }

  private func write(into out: inout String, indent: Int?, depth: Int) {
    let newline = indent == nil ? "" : "\n"
    let pad = { (d: Int) in String(repeating: " ", count: (indent ?? 0) * d) }
    let colon = indent == nil ? ":" : ": "
    switch self {
    case .null: out += "null"
    case .bool(let b): out += b ? "true" : "false"
    case .number(let n): out += JSONValue.format(n)
    case .string(let s): out += JSONValue.quote(s)
    case .array(let items):
      if items.isEmpty {
        out += "[]"
        return
      }
      out += "[" + newline
      for (i, item) in items.enumerated() {
        out += pad(depth + 1)
        item.write(into: &out, indent: indent, depth: depth + 1)
        out += (i < items.count - 1 ? "," : "") + newline
      }
      out += pad(depth) + "]"
    case .object(let pairs):
      if pairs.isEmpty {
        out += "{}"
        return
      }
      out += "{" + newline
      for (i, (key, value)) in pairs.enumerated() {
        out += pad(depth + 1) + JSONValue.quote(key) + colon
        value.write(into: &out, indent: indent, depth: depth + 1)
        out += (i < pairs.count - 1 ? "," : "") + newline
      }
      out += pad(depth) + "}"
    }
  }

  /// Integers print without a fraction; others with Swift's shortest round-trip digits.
  static func format(_ n: Double) -> String {
    guard n.isFinite else { return "null" }
    if n == n.rounded(), abs(n) < 1e15 { return String(Int64(n)) }
    // Round to 15 significant digits so 87 ms prints 0.087, not 0.08700000000000001.
    let exponent = Int((abs(n)).log10Floor)
    let scale = pow10(14 - exponent)
    let rounded = scale.isFinite && scale > 0 ? (n * scale).rounded() / scale : n
    return "\(rounded.isFinite ? rounded : n)"
  }

  static func quote(_ s: String) -> String {
    var out = "\""
    for scalar in s.unicodeScalars {
      switch scalar {
      case "\"": out += "\\\""
      case "\\": out += "\\\\"
      case "\n": out += "\\n"
      case "\r": out += "\\r"
      case "\t": out += "\\t"
      default:
        // C0, DEL, C1 and bidi controls escaped too: the same string, and no terminal
        // acts on them when JSON is read on a screen (`TerminalSafeText`).
        if scalar.value < 0x20 || TerminalSafeText.isUnsafe(scalar) {
          let hex = String(scalar.value, radix: 16)
          out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
        } else {
          out.unicodeScalars.append(scalar)
        }
      }
    }
    return out + "\""
  }
}

private func pow10(_ e: Int) -> Double {
  var result = 1.0
  for _ in 0..<abs(e) { result *= 10 }
  return e < 0 ? 1 / result : result
}

extension Double {
  fileprivate var log10Floor: Double {
    var e = 0.0
    var x = self
    while x >= 10 {
      x /= 10
      e += 1
    }
    while x < 1 && x > 0 {
      x *= 10
      e -= 1
    }
    return e
  }
}
