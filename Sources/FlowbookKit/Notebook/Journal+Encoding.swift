/// How a command is written on one journal line, so that any text reads back exactly.
///
/// A journal is split into lines at LF bytes. A command can hold characters that end or
/// split lines in some reader: LF, CR (a CR before the line's own LF forms the single
/// Swift `Character` "\r\n", which is how a carriage return once merged two journal
/// lines), and the other line breaks Swift's `Character.isNewline` knows (VT, FF, NEL
/// U+0085, U+2028, U+2029). Format 2 therefore escapes them, and every other control
/// character, with backslashes; format 1 journals (raw text) are still read.
extension Journal {
  /// The journal format this version writes (`# flowbook journal 2`).
  public static let format = 2

  /// Encodes `command` for one journal line: `\` becomes `\\`, LF `\n`, CR `\r`, and every
  /// other control character or line separator `\u{HEX}`.
  ///
  /// - Parameter command: the command text as typed.
  /// - Returns: Text with no line break of any kind in it.
  public static func encodeLine(_ command: String) -> String {
    var encoded = ""
    encoded.unicodeScalars.reserveCapacity(command.unicodeScalars.count)
    for scalar in command.unicodeScalars {
      switch scalar {
      case "\\": encoded += "\\\\"
      case "\n": encoded += "\\n"
      case "\r": encoded += "\\r"
      case _ where needsEscape(scalar):
        encoded += "\\u{" + String(scalar.value, radix: 16, uppercase: true) + "}"
      default: encoded.unicodeScalars.append(scalar)
      }
    }
    return encoded
  }

  /// Decodes a line written by `encodeLine`; an escape it does not know is kept as it is.
  ///
  /// - Parameter line: the command part of a journal line.
  /// - Returns: The command text exactly as it was recorded.
  public static func decodeLine(_ line: Substring) -> String {
    var decoded = String.UnicodeScalarView()
    var scalars = line.unicodeScalars[...]
    while let scalar = scalars.popFirst() {
      guard scalar == "\\", let next = scalars.first else {
        decoded.append(scalar)
        continue
      }
      switch next {
      case "\\", "n", "r":
        scalars.removeFirst()
        decoded.append(next == "n" ? "\n" : next == "r" ? "\r" : "\\")
      case "u":
        if let (value, length) = hexEscape(scalars.dropFirst()) {
          decoded.append(value)
          scalars.removeFirst(1 + length)
        } else {
          decoded.append(scalar)
        }
      default:
        decoded.append(scalar)
      }
    }
    return String(decoded)
  }

  /// Whether a scalar must not appear raw on a journal line.
  private static func needsEscape(_ scalar: Unicode.Scalar) -> Bool {
    scalar.properties.generalCategory == .control
      || scalar.properties.generalCategory == .lineSeparator
      || scalar.properties.generalCategory == .paragraphSeparator
  }

  /// Reads `{HEX}` (1 to 6 hex digits naming a valid scalar) at the start of `text`.
  /// - Parameter text: what follows `\u`.
  /// - Returns: The scalar and how many characters the braces and digits took, or nil.
  private static func hexEscape(_ text: Substring.UnicodeScalarView.SubSequence)
    -> (Unicode.Scalar, Int)?
  {
    guard text.first == "{", let close = text.prefix(8).firstIndex(of: "}") else { return nil }
    let digits = String(String.UnicodeScalarView(text[text.index(after: text.startIndex)..<close]))
    guard (1...6).contains(digits.count), let value = UInt32(digits, radix: 16),
      let scalar = Unicode.Scalar(value)
    else { return nil }
    return (scalar, digits.count + 2)
  }
}
