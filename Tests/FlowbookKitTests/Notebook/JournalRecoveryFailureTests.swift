import Foundation
import Testing

@testable import FlowbookKit

/// Commands whose text holds every kind of line break Swift knows, escapes that look like
/// the journal's own, and a combining mark that would join the stamp's space.
private let awkwardCommands = [
  "let a = 1\rlet b = 2", "note CR LF\r\ninside", "note ends with CR\r", "\r", "\n",
  "note line\u{2028}separator", "note next line\u{85}here", "note para\u{2029}graph",
  "note vertical\u{0B}tab and form\u{0C}feed", "note tab\there", "note \\n is not a newline",
  "note \\", "note \\u{41} stays", "\u{301}combining first", "note 👍🏽 and é", "",
  "note NUL\u{0}and DEL\u{7F}", "note \\\\r",
]

@Test func anyCommandTextRoundTripsThroughTheJournal() throws {
  let directory = try makeTemporaryDirectory("journal-encoding")
  let journal = try Journal(directory: directory, workingDirectory: "/work", seed: 1)
  for command in awkwardCommands { try journal.record(command) }
  let read = try #require(Journal.read(journal.path))
  #expect(read.commands.map(\.command) == awkwardCommands)
  let bytes = try #require(FileManager.default.contents(atPath: journal.path))
  let lines = bytes.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false)
  #expect(lines.count == 5 + awkwardCommands.count + 1, "one line per command, no more")
  #expect(!bytes.contains(UInt8(ascii: "\r")), "no raw carriage return reaches the file")
  for command in awkwardCommands {
    #expect(Journal.decodeLine(Journal.encodeLine(command)[...]) == command)
    #expect(!Journal.encodeLine(command).contains { $0.isNewline })
  }
  journal.finish()
}

@Test func aFormatOneJournalIsReadAsWritten() throws {
  let directory = try makeTemporaryDirectory("journal-format-1")
  let path = directory + "/journal-20240501T120304Z-99999999.log"
  try writeFile(
    "# flowbook journal 1\n# seed 1\n2024-05-01T12:03:04Z note a \\n stays\n"
      + "2024-05-01T12:03:05Z note cr\r\n2024-05-01T12:03:06Z 1 ms\n", to: path)
  #expect(
    Journal.read(path)?.commands.map(\.command) == ["note a \\n stays", "note cr\r", "1 ms"])
}

/// A journal left by a dead shell, with the given commands.
private func deadJournal(_ commands: [String], in directory: String, pid: Int32) throws -> String {
  let journal = try Journal(
    directory: directory, processID: pid, started: Date(timeIntervalSince1970: 1_714_564_984),
    workingDirectory: directory, seed: 1)
  for command in commands { try journal.record(command) }
  journal.finish(removing: false)
  return journal.path
}

@Test func recoveryMarksTheJournalAndItsProgressBeforeEachCommand() throws {
  let state = try makeTemporaryDirectory("recover-mark")
  let path = try deadJournal(["let a = 1", "a * 2"], in: state + "/journal", pid: 99_999_990)
  var seen: [(claimed: Bool, original: Bool, progress: String)] = []
  let report = Journal.recoverAbandoned(in: state + "/journal") { _ in
    seen.append(
      (
        FileManager.default.fileExists(atPath: path + ".recovering-\(getpid())"),
        FileManager.default.fileExists(atPath: path),
        (try? readFile(path + ".progress")) ?? ""
      ))
  }
  #expect(seen.map(\.claimed) == [true, true])
  #expect(seen.map(\.original) == [false, false])
  #expect(seen.map(\.progress) == ["0\n", "0\n1\n"])
  #expect(report.recovered.count == 1 && report.quarantined.isEmpty)
  #expect(try FileManager.default.contentsOfDirectory(atPath: state + "/journal").isEmpty)
}

@Test func aJournalWhoseRecoveryDiedIsQuarantinedWhole() throws {
  let state = try makeTemporaryDirectory("recover-died")
  let commands = ["let a = 1", "let b = 2", "a + b"]
  let path = try deadJournal(commands, in: state + "/journal", pid: 99_999_991)
  let original = try #require(FileManager.default.contents(atPath: path))
  // What a recovery that died on the second command leaves: the mark and its progress.
  #expect(rename(path, path + ".recovering-99999992") == 0)
  try writeFile("0\n1\n", to: path + ".progress")
  var rerun: [String] = []
  let report = Journal.recoverAbandoned(in: state + "/journal") { rerun.append($0) }
  #expect(rerun.isEmpty, "nothing of it runs again")
  #expect(report.recovered.isEmpty)
  let moved = try #require(report.quarantined.first)
  let name = (path as NSString).lastPathComponent
  #expect(moved.journalPath == state + "/quarantine/" + name)
  #expect(moved.command?.number == 2)
  #expect(moved.command?.text == "let b = 2")
  #expect(moved.commandCount == 3)
  #expect(FileManager.default.contents(atPath: moved.journalPath) == original)
  #expect(try FileManager.default.contentsOfDirectory(atPath: state + "/journal").isEmpty)
  #expect(Journal.recoverAbandoned(in: state + "/journal").quarantined.isEmpty, "moved once")
}

@Test func aRecoveryThatDiedBeforeAnyCommandIsQuarantinedToo() throws {
  let state = try makeTemporaryDirectory("recover-died-early")
  let path = try deadJournal(["let a = 1"], in: state + "/journal", pid: 99_999_993)
  #expect(rename(path, path + ".recovering-99999994") == 0)
  let report = Journal.recoverAbandoned(in: state + "/journal")
  let moved = try #require(report.quarantined.first)
  #expect(moved.command == nil)
  #expect(moved.commandCount == 1)
}

/// Six journals each holding a command that runs for ever take one budget, not six.
@Test func theRecoveryBudgetIsOneTotalAcrossJournals() throws {
  let state = try makeTemporaryDirectory("recover-total")
  let slow = "simulate mmc arrival 9/s service 1/s servers 10 customers 1B seed 1"
  let paths = try (0..<6).map { index in
    try deadJournal([slow], in: state + "/journal", pid: 99_999_980 + Int32(index))
  }
  let started = ContinuousClock.now
  let report = Journal.recoverAbandoned(in: state + "/journal", budget: 0.5)
  #expect(ContinuousClock.now - started < .seconds(3))
  #expect(report.recovered.count == 1)
  #expect(report.leftForLater == Array(paths.sorted().dropFirst()))
  let text = try readFile(try #require(report.recovered.first).notebookPath)
  #expect(text.contains("for at most 0.5 s in all"))
  for path in report.leftForLater {
    #expect(FileManager.default.fileExists(atPath: path), "left for the next start")
  }
}
