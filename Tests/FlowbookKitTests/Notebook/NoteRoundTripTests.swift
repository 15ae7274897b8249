import Foundation
import Testing

@testable import FlowbookKit

/// Random note text made of the pieces that break Markdown notebooks: fences of either
/// character and any length, indented or not, with info strings, and `fb> ` lines.
private func fenceBearingNote(_ generator: inout SeededGenerator) -> String {
  let pieces = [
    "```", "````", "~~~", "~~~~~", "```flowbook", "~~~flowbook", "``` flowbook",
    "fb> save /tmp/x.md", "fb> 1 + 1", "..> more", "`", "``", "text", "<!--", "-->", " ",
    "  ", "   ", "    ", "\t", "\\", "#", "* ", "> ",
  ]
  var lines: [String] = []
  for _ in 0..<(1 + Int(generator.next() % 4)) {
    var line = ""
    for _ in 0..<(1 + Int(generator.next() % 4)) {
      line += pieces[Int(generator.next() % UInt64(pieces.count))]
    }
    lines.append(line)
  }
  return lines.joined(separator: "\n")
}

@Test func notesHoldingFencesRoundTrip() throws {
  let folder = try makeTemporaryDirectory("notes")
  var generator = SeededGenerator(seed: 13)
  for seed in 0..<100 {
    let session = Session(environment: SessionEnvironment(workingDirectory: folder))
    let notes = (0..<3).map { _ in fenceBearingNote(&generator) }
    session.execute("1 + 1")
    // What `note` stores. (A typed note is one line, with no `#` comment or `;`; the
    // escaping takes any text: see aTypedFenceNoteKeepsLaterCellsCells for typed ones.)
    session.notebook.addNote(NotebookWriter.escapedNote(notes[0]))
    session.execute("2 + 2")
    session.notebook.addNote(NotebookWriter.escapedNote(notes[1]))
    session.execute("3 + 3")
    session.notebook.addNote(NotebookWriter.escapedNote(notes[2]))
    let name = "n\(seed).md"
    #expect(session.execute("save \(name)").succeeded, "seed \(seed)")
    let text = try readFile(folder + "/" + name)
    let parsed: Notebook
    do {
      parsed = try NotebookParser.parse(text, path: name)
    } catch {
      Issue.record("seed \(seed): \(error.message)\n\(text)")
      continue
    }
    #expect(parsed.cells.map(\.command) == ["1 + 1", "2 + 2", "3 + 3"], "seed \(seed)\n\(text)")
    #expect(parsed.cells.map(\.output) == ["2", "4", "6"], "seed \(seed)\n\(text)")
    // Each note is in the prose, readable as typed once the escapes are taken off.
    let prose = parsed.segments.compactMap { segment -> String? in
      if case .prose(let text) = segment { return text }
      return nil
    }.joined()
    for note in notes {
      #expect(prose.contains(NotebookWriter.escapedNote(note)), "seed \(seed)")
      #expect(unescaped(NotebookWriter.escapedNote(note)) == note, "seed \(seed)")
    }
    // Open and save again: byte-identical, and every cell replays as recorded.
    let reopened = Session(environment: SessionEnvironment(workingDirectory: folder))
    let opened = reopened.execute("open \(name)")
    #expect(opened.plainOutput.contains("3 commands, all outputs as recorded"), "seed \(seed)")
    #expect(reopened.execute("save \(name)").succeeded)
    #expect(try readFile(folder + "/" + name) == text, "seed \(seed)")
  }
}

/// The inverse of `NotebookWriter.escapedNote`, for the test: one backslash fewer before
/// a fence.
private func unescaped(_ text: String) -> String {
  text.split(separator: "\n", omittingEmptySubsequences: false).map { line in
    let indent = line.prefix { $0 == " " || $0 == "\t" }
    let body = line.dropFirst(indent.count)
    let fence = body.drop { $0 == "\\" }
    guard body.first == "\\", fence.hasPrefix("```") || fence.hasPrefix("~~~") else {
      return String(line)
    }
    return String(indent + body.dropFirst())
  }.joined(separator: "\n")
}

@Test func aTypedFenceNoteKeepsLaterCellsCells() throws {
  let folder = try makeTemporaryDirectory("typed-fence")
  let session = Session(environment: SessionEnvironment(workingDirectory: folder))
  session.execute("note ```")
  session.execute("1 + 1")
  session.execute("note ~~~~flowbook")
  session.execute("2 + 2")
  #expect(session.execute("save t.md").succeeded)
  let text = try readFile(folder + "/t.md")
  #expect(text.contains("\n\\```\n"), "\(text)")
  let replay = NotebookReplay(
    try parseNotebook(text, name: "t.md"), path: folder + "/t.md", displayPath: "t.md")
  #expect(replay.cells.map(\.cell.command) == ["1 + 1", "2 + 2"])
  #expect(replay.passes)
}
