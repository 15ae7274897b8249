import Foundation
import Testing

@testable import FlowbookKit

@Test(arguments: [
  ("plain text, tab\tand newline\n", "plain text, tab\tand newline\n"),
  ("\u{1B}[2J\u{1B}]0;pwned\u{07}", "^[[2J^[]0;pwned^G"),
  ("lone\rreturn", "lone^Mreturn"),
  ("crlf\r\nkept", "crlf\r\nkept"),
  ("del\u{7F}", "del^?"),
  ("c1 csi \u{9B}31m", "c1 csi <U+009B>31m"),
  ("bidi \u{202E}evil\u{202C}", "bidi <U+202E>evil<U+202C>"),
  ("isolate \u{2066}x\u{2069}", "isolate <U+2066>x<U+2069>"),
  ("nul \u{0}", "nul ^@"),
  ("µs ≈ ±1 €", "µs ≈ ±1 €"),
])
func controlCharactersAreShownNotObeyed(_ text: String, _ shown: String) {
  #expect(TerminalSafeText.sanitised(text) == shown)
}

@Test func jsonEscapesWhatATerminalWouldObey() {
  let json = JSONValue.string("a\u{1B}b\u{9B}c\u{202E}d").serialized()
  #expect(json == "\"a\\u001bb\\u009bc\\u202ed\"")
  #expect(!json.unicodeScalars.contains(where: TerminalSafeText.isUnsafe))
}

@Test func replayKeepsTheNotebooksBytesAndRecordsEscapes() throws {
  // What the file stores is not changed: sanitising happens only where text is shown.
  let folder = try makeTemporaryDirectory("escapes")
  let text =
    "<!-- flowbook-notebook format=1 seed=1 dir=\u{1B}[31m -->\n"
    + "```flowbook\nfb> 1 + 1\n\u{1B}]0;owned\u{07}\n```\n"
  try writeFile(text, to: folder + "/e.md")
  let replay = NotebookReplay(
    try parseNotebook(text, name: "e.md"), path: folder + "/e.md", displayPath: "e.md")
  #expect(replay.drifted.count == 1)
  #expect(replay.diffs.joined().contains("\u{1B}"), "the library keeps the bytes")
  #expect(!TerminalSafeText.sanitised(replay.diffs.joined()).contains("\u{1B}"))
}
