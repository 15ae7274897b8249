import Foundation
import Testing

@testable import FlowbookKit

@Test func aJournalIsWrittenBeforeAndRemovedAfter() throws {
  let directory = try makeTemporaryDirectory("journal") + "/journal"
  let journal = try Journal(directory: directory, workingDirectory: "/work", seed: 5)
  try journal.record("let peak = 2.5M rps", at: Date(timeIntervalSince1970: 1_714_564_984))
  let read = try #require(Journal.read(journal.path))
  #expect(read.seed == 5)
  #expect(read.workingDirectory == "/work")
  #expect(read.commands.map(\.command) == ["let peak = 2.5M rps"])
  #expect(read.commands.first?.stamp == "2024-05-01T12:03:04Z")
  #expect(Journal.abandoned(in: directory).isEmpty, "our own journal is not abandoned")
  journal.finish()
  #expect(!FileManager.default.fileExists(atPath: journal.path))
}

@Test func aDeadShellsJournalBecomesAStampedNotebook() throws {
  let state = try makeTemporaryDirectory("recover")
  let directory = state + "/journal"
  // A pid that cannot be running: above the kernel's pid_max.
  let journal = try Journal(
    directory: directory, processID: 99_999_999,
    started: Date(timeIntervalSince1970: 1_714_564_984),
    workingDirectory: state, seed: 2)
  try journal.record("note Why is it slow?")
  try journal.record("let lag = 45 ms", at: Date(timeIntervalSince1970: 1_714_564_990))
  try journal.record("lag * 3", at: Date(timeIntervalSince1970: 1_714_564_995))
  try journal.record("save ../../etc-passwd.md")
  // The process dies: the journal is closed but not removed.
  journal.finish(removing: false)
  #expect(Journal.abandoned(in: directory) == [journal.path])
  let recoveries = Journal.recoverAbandoned(in: directory)
  let recovery = try #require(recoveries.recovered.first)
  #expect(recovery.commandCount == 4)
  #expect(recovery.notebookPath == state + "/recovered/session-2024-05-01T120304Z-99999999.md")
  #expect(try FileManager.default.contentsOfDirectory(atPath: directory).isEmpty)
  let text = try readFile(recovery.notebookPath)
  #expect(text.contains("# Recovered flowbook session"))
  #expect(text.contains("Why is it slow?"))
  #expect(text.contains("fb> let lag = 45 ms  # at 2024-05-01T12:03:10Z\nlag = 45 ms\n"))
  #expect(text.contains("fb> lag * 3  # at 2024-05-01T12:03:15Z\n135 ms\n"))
  #expect(!text.contains("fb> save"), "save is not replayed into a notebook")
  #expect(text.hasPrefix("<!-- flowbook-notebook format=1"))
  #expect(text.contains("seed=2"))
}

@Test func aTornLastLineIsDropped() throws {
  let directory = try makeTemporaryDirectory("torn")
  let path = directory + "/journal-20240501T120304Z-99999999.log"
  let torn = "# flowbook journal 1\n# seed 1\n2024-05-01T12:03:04Z 1 ms\n2024-05-01T12:0"
  try writeFile(torn, to: path)
  #expect(Journal.read(path)?.commands.map(\.command) == ["1 ms"])
}

/// A command the user stopped with Ctrl-C had no result: recovery leaves it out rather
/// than running it (and waiting for it) again.
@Test func anInterruptedCommandIsLeftOutOfRecovery() throws {
  let directory = try makeTemporaryDirectory("journal-interrupted") + "/journal"
  let journal = try Journal(directory: directory, workingDirectory: "/work", seed: 1)
  try journal.record("let peak = 2.5M rps")
  try journal.record("simulate 3600 s rate 2.5M rps")
  try journal.recordInterruption()
  try journal.record("peak * 45 ms")
  let read = try #require(Journal.read(journal.path))
  #expect(read.commands.map(\.command) == ["let peak = 2.5M rps", "peak * 45 ms"])
  journal.finish()
}

/// A shell killed during a long command must not hang the next one at start-up: recovery
/// re-runs for a bounded time, then lists the rest as text, losing none of it.
@Test func recoveryStopsRerunningAtItsBudgetAndKeepsTheRestAsText() throws {
  let state = try makeTemporaryDirectory("recover-budget")
  let journal = try Journal(
    directory: state + "/journal", processID: 99_999_998, workingDirectory: state, seed: 1)
  try journal.record("let a = 21")
  try journal.record("simulate mmc arrival 9/s service 1/s servers 10 customers 1B seed 1")
  try journal.record("a * 2")
  journal.finish(removing: false)
  let recovered = try #require(Journal.read(journal.path))
  let started = ContinuousClock.now
  let text = recovered.notebookText(savingTo: state + "/recovered.md", budget: 0.5)
  #expect(ContinuousClock.now - started < .seconds(5))
  #expect(text.contains("fb> let a = 21  # at "), "\(text)")
  #expect(text.contains("\na = 21\n"), "\(text)")
  #expect(text.contains("Not run again: recovery re-runs commands for at most 0.5 s"))
  #expect(
    text.contains(
      "```text\nfb> simulate mmc arrival 9/s service 1/s servers 10 customers 1B seed 1\n"
        + "fb> a * 2\n```"), "\(text)")
  #expect(try parseNotebook(text, name: "recovered.md").cells.count == 1)
}
