import Foundation
import Testing

@testable import FlowbookKit

/// Random command text, heavy in line breaks, backslashes and things that look like the
/// journal's own escapes, must come back from a journal scalar for scalar.

/// Scalars a command is drawn from: every kind of line break, the escape alphabet, a
/// combining mark, an emoji, and any valid scalar at random.
private func randomScalar(_ generator: inout SeededGenerator) -> Unicode.Scalar {
  let special: [Unicode.Scalar] = [
    "\n", "\r", "\u{0B}", "\u{0C}", "\u{85}", "\u{2028}", "\u{2029}", "\\", "u", "{", "}",
    "0", "8", "5", "A", "n", "r", " ", "\u{0}", "\u{7F}", "\u{9F}", "\u{301}", "👍",
  ]
  switch generator.next() % 4 {
  case 0, 1: return special[Int(generator.next() % UInt64(special.count))]
  case 2: return Unicode.Scalar(UInt8(32 + generator.next() % 95))
  default:
    while true {
      if let scalar = Unicode.Scalar(UInt32(generator.next() % 0x11_0000)) { return scalar }
    }
  }
}

private func randomCommand(_ generator: inout SeededGenerator) -> String {
  var scalars = String.UnicodeScalarView()
  for _ in 0..<(generator.next() % 40) { scalars.append(randomScalar(&generator)) }
  return String(scalars)
}

@Test func journalLinesRoundTripAnyText() {
  var generator = SeededGenerator(seed: 13)
  let cases = 50_000
  for index in 0..<cases {
    let command = randomCommand(&generator)
    let line = Journal.encodeLine(command)
    #expect(!line.unicodeScalars.contains { $0 == "\n" || $0 == "\r" }, "case \(index)")
    #expect(!line.contains { $0.isNewline }, "case \(index)")
    let back = Journal.decodeLine(line[...])
    #expect(
      Array(back.unicodeScalars) == Array(command.unicodeScalars),
      "case \(index): \(command.unicodeScalars.map { String($0.value, radix: 16) })")
  }
  print("fuzz journal lines: \(cases) cases, 0 traps")
}

@Test func journalFilesRoundTripAnyText() throws {
  var generator = SeededGenerator(seed: 14)
  let directory = try makeTemporaryDirectory("journal-fuzz")
  let journal = try Journal(directory: directory, workingDirectory: "/work", seed: 1)
  let commands = (0..<300).map { _ in randomCommand(&generator) }
  for command in commands { try journal.record(command) }
  let read = try #require(Journal.read(journal.path))
  #expect(
    read.commands.map { Array($0.command.unicodeScalars) }
      == commands.map { Array($0.unicodeScalars) })
  journal.finish()
  print("fuzz journal files: \(commands.count) cases, 0 traps")
}
