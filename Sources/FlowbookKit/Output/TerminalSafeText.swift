/// Text made safe to show on a terminal: control characters become visible.
///
/// A notebook may come from someone else, and its header values and recorded outputs are
/// shown on the reader's screen. An ESC in them could move the cursor, retitle the window,
/// rewrite what is already shown or (on some terminals) answer back as typed input; a
/// bidirectional override can make text read differently from what it holds ("Trojan
/// Source", CVE-2021-42574). So everything shown passes through here: C0 controls other
/// than tab and newline become caret notation (ESC is `^[`, a lone carriage return `^M`),
/// DEL is `^?`, and C1 controls and bidi controls become `<U+202E>`. A carriage return
/// right before a newline is kept (a CRLF notebook). The files themselves are not touched.
public enum TerminalSafeText {
  /// `text` with every control character that a terminal would act on made visible.
  /// - Parameter text: text from a notebook, a model, a command's output.
  /// - Returns: The same text when it holds no such character (the common case).
  /// - Complexity: O(n) in the length of `text`.
  public static func sanitised(_ text: String) -> String {
    guard text.unicodeScalars.contains(where: isUnsafe) else { return text }
    var out = String.UnicodeScalarView()
    let scalars = Array(text.unicodeScalars)
    for (index, scalar) in scalars.enumerated() {
      guard isUnsafe(scalar) else {
        out.append(scalar)
        continue
      }
      if scalar == "\r", index + 1 < scalars.count, scalars[index + 1] == "\n" {
        out.append(scalar)
        continue
      }
      out.append(contentsOf: visible(scalar).unicodeScalars)
    }
    return String(out)
  }

  /// Whether a terminal would act on `scalar` rather than show it.
  /// - Parameter scalar: one Unicode scalar.
  /// - Returns: true for C0 (but tab and newline), DEL, C1 and bidi controls.
  public static func isUnsafe(_ scalar: Unicode.Scalar) -> Bool {
    switch scalar.value {
    case 0x09, 0x0A: return false
    case 0x00...0x1F, 0x7F...0x9F: return true
    case 0x061C, 0x200E, 0x200F, 0x202A...0x202E, 0x2066...0x2069: return true
    default: return false
    }
  }

  private static func visible(_ scalar: Unicode.Scalar) -> String {
    switch scalar.value {
    case 0x00...0x1F:
      return "^" + String(Character(Unicode.Scalar(UInt8(scalar.value + 0x40))))
    case 0x7F: return "^?"
    default:
      let hex = String(scalar.value, radix: 16, uppercase: true)
      return "<U+" + String(repeating: "0", count: max(0, 4 - hex.count)) + hex + ">"
    }
  }
}
