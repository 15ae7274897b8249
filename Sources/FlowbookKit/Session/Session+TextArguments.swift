/// Commands whose arguments are plain text — file names and prose — rather than
/// expressions.
///
/// The lexer rejects characters that no expression uses (`'`, `!`, `?`, a leading `.`),
/// which is right for `2.5M rps * 45 ms` and wrong for `note the CDN isn't at 95% yet` or
/// `save ../incidents/2024-05-01.md`. For these commands only the command name is lexed;
/// `Arguments.rest()` then hands the command the rest of the line exactly as typed.
extension Session {
  /// Commands that take prose.
  ///
  /// Commands that complete file names (`Completion.files`) take text too, so a new
  /// file command needs no entry here.
  public static let proseCommands: Set<String> = ["note"]

  /// Whether `command` reads the rest of its line as text.
  public func takesTextArguments(_ command: Command) -> Bool {
    command.completion == .files || command.completion == .models
      || Session.proseCommands.contains(command.name)
  }

  /// The tokens of a line: the whole line, or for a text command only its name.
  func tokenize(_ text: String) throws(Diagnostic) -> [Token] {
    let bytes = Array(text.utf8)
    var start = 0
    while start < bytes.count && (bytes[start] == 0x20 || bytes[start] == 0x09) { start += 1 }
    var end = start
    while end < bytes.count && Session.isWordByte(bytes[end]) { end += 1 }
    let atWordEnd = end == bytes.count || bytes[end] == 0x20 || bytes[end] == 0x09
    if end > start, atWordEnd {
      let word = String(decoding: bytes[start..<end], as: UTF8.self)
      if let command = registry.command(named: word), takesTextArguments(command) {
        return [Token(.identifier(word), Span(start, end)), Token(.end, Span(end, end))]
      }
    }
    return try Lexer.tokenize(text)
  }

  private static func isWordByte(_ byte: UInt8) -> Bool {
    (byte >= 0x61 && byte <= 0x7A) || (byte >= 0x41 && byte <= 0x5A)
      || (byte >= 0x30 && byte <= 0x39) || byte == 0x5F
  }
}

extension Arguments {
  /// The rest of the line as text, with a span that starts at its first character (not at
  /// the space before it), so a caret sits under what was typed.
  public mutating func text() -> (String, Span) {
    let (text, span) = rest()
    let bytes = Array(source.text.utf8)
    var start = min(span.start, bytes.count)
    while start < span.end && (bytes[start] == 0x20 || bytes[start] == 0x09) { start += 1 }
    var end = span.end
    while end > start && (bytes[end - 1] == 0x20 || bytes[end - 1] == 0x09) { end -= 1 }
    return (text, Span(start, end))
  }
}

/// The words of a text argument: split on spaces, with `"…"` keeping spaces in a word.
///
/// Used by file commands for `save "my plan.md" --stamped`: flags start with `--`,
/// everything else is a word.
struct TextWords {
  var words: [String] = []
  var flags: [String] = []

  init(_ text: String) {
    var current = ""
    var quoted = false
    var started = false
    var hadQuote = false
    func finish() {
      guard started else { return }
      if current.hasPrefix("--") && !hadQuote {
        flags.append(current)
      } else {
        words.append(current)
      }
      current = ""
      started = false
      hadQuote = false
    }
    for character in text {
      if character == "\"" {
        quoted.toggle()
        started = true
        hadQuote = true
      } else if character == " " && !quoted {
        finish()
      } else {
        current.append(character)
        started = true
      }
    }
    finish()
  }
}
