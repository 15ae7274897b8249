import Testing

@testable import FlowbookKit

/// Text with 1️⃣-style markers removed, and the UTF-8 offset each marker stood at.
///
/// After swift-format's MarkedText: a test writes `"1 ms + 1️⃣1 GB"` and asserts a caret at
/// the marker instead of counting columns by hand.
struct MarkedText {
  var text: String
  var markers: [String: Int]

  static let symbols = ["1️⃣", "2️⃣", "3️⃣", "4️⃣"]

  init(_ marked: String) {
    var text = ""
    var markers: [String: Int] = [:]
    var rest = Substring(marked)
    outer: while !rest.isEmpty {
      for symbol in Self.symbols where rest.hasPrefix(symbol) {
        markers[symbol] = text.utf8.count
        rest = rest.dropFirst(symbol.count)
        continue outer
      }
      text.append(rest.removeFirst())
    }
    self.text = text
    self.markers = markers
  }
}

/// Runs `marked` in a fresh session and expects an error at marker 1️⃣ with `message`.
func expectDiagnostic(
  _ marked: String, contains message: String, suggestion: String? = nil,
  session: Session = Session(), sourceLocation: SourceLocation = #_sourceLocation
) {
  let input = MarkedText(marked)
  let cell = session.execute(input.text)
  guard let diagnostic = cell.diagnostic else {
    Issue.record(
      "expected an error for \(input.text), got \(cell.plainOutput)",
      sourceLocation: sourceLocation)
    return
  }
  #expect(
    diagnostic.headline.contains(message), "got: \(diagnostic.headline)",
    sourceLocation: sourceLocation)
  if let offset = input.markers["1️⃣"] {
    #expect(
      diagnostic.span?.start == offset, "caret at \(String(describing: diagnostic.span))",
      sourceLocation: sourceLocation)
  }
  if let suggestion {
    #expect(
      diagnostic.suggestions.contains(suggestion), "suggestions: \(diagnostic.suggestions)",
      sourceLocation: sourceLocation)
  }
}

/// Runs `input` in a fresh session and expects its plain output to be `expected`.
func expectOutput(
  _ input: String, _ expected: String, session: Session = Session(),
  sourceLocation: SourceLocation = #_sourceLocation
) {
  let cell = session.execute(input)
  #expect(cell.plainOutput == expected, sourceLocation: sourceLocation)
}
