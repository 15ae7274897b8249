import Foundation
import Testing

/// A command that crashes the shell must not crash every later start while it is recovered.
///
/// These use the debug build's `FLOWBOOK_FAULT_INJECT=trap:COMMAND`, which traps when that
/// command runs, whether typed or re-run by recovery.

private func freshState(_ name: String) throws -> String {
  let state = FileManager.default.temporaryDirectory.path + "/fb-crashloop-\(name)-\(getpid())"
  try? FileManager.default.removeItem(atPath: state)
  try FileManager.default.createDirectory(atPath: state, withIntermediateDirectories: true)
  return state
}

private func files(in directory: String) -> [String] {
  ((try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []).sorted()
}

private let typed = "let a = 40\nnote a CR\rinside\nlet boom = 2\n"

/// Leaves a journal of `typed` by a shell that dies: trapped on `let boom = 2` as it ran,
/// or killed with SIGKILL (without the fault armed) after journalling all three commands.
private func leaveJournal(_ death: String, state: String, crashing: [String: String]) throws {
  if death == "trapped" {
    let first = try BinaryRunner.run([], input: typed, environment: crashing)
    #expect(first.status == SIGILL || first.status == SIGTRAP, "trapped: \(first)")
    return
  }
  let shell = Process()
  shell.executableURL = URL(fileURLWithPath: BinaryRunner.binaryPath)
  shell.environment = ProcessInfo.processInfo.environment.merging(["XDG_STATE_HOME": state]) {
    $1
  }
  let stdin = Pipe()
  shell.standardInput = stdin
  shell.standardOutput = FileHandle.nullDevice
  shell.standardError = FileHandle.nullDevice
  try shell.run()
  stdin.fileHandleForWriting.write(Data(typed.utf8))
  let journals = state + "/flowbook/journal"
  for _ in 0..<200 {
    let text = files(in: journals).compactMap {
      FileManager.default.contents(atPath: journals + "/" + $0)
    }.map { String(decoding: $0, as: UTF8.self) }.joined()
    if text.contains(" let boom = 2\n") { break }
    Thread.sleep(forTimeInterval: 0.05)
  }
  kill(shell.processIdentifier, SIGKILL)
  shell.waitUntilExit()
  #expect(shell.terminationReason == .uncaughtSignal)
}

@Test(arguments: ["trapped", "killed"])
func aCrashDuringRecoveryIsQuarantinedAndTheNextStartWorks(death: String) throws {
  let state = try freshState(death)
  let journals = state + "/flowbook/journal"
  // No backtrace: it takes seconds, and the trap is the point.
  let crashing = [
    "XDG_STATE_HOME": state, "FLOWBOOK_FAULT_INJECT": "trap:let boom = 2",
    "SWIFT_BACKTRACE": "enable=no",
  ]
  // 1. The shell dies with the command journalled: the journal stays.
  try leaveJournal(death, state: state, crashing: crashing)
  let left = files(in: journals)
  #expect(left.count == 1 && left[0].hasSuffix(".log"), "\(left)")
  let name = try #require(left.first)
  let journalBytes = try #require(FileManager.default.contents(atPath: journals + "/" + name))
  // 2. The next start re-runs the journal and traps on the same command.
  let second = try BinaryRunner.run([], input: "", environment: crashing)
  #expect(second.status == SIGILL || second.status == SIGTRAP, "trapped: \(second)")
  #expect(files(in: journals).contains { $0.hasPrefix(name + ".recovering-") })
  // 3. The start after that moves the journal aside, says so, and works; the fault is
  //    still armed, so the journal's commands must not have run again.
  let third = try BinaryRunner.run([], input: "40 + 2\n", environment: crashing)
  #expect(third.status == 0, "\(third)")
  #expect(third.stdout == "42\n")
  let quarantined = state + "/flowbook/quarantine/" + name
  #expect(
    third.stderr.contains("an earlier start stopped while re-running command 3 of 3: let boom = 2"),
    "stderr: \(third.stderr)")
  #expect(third.stderr.contains("  " + quarantined + "\n"), "stderr: \(third.stderr)")
  #expect(FileManager.default.contents(atPath: quarantined) == journalBytes, "every line kept")
  #expect(files(in: journals).isEmpty, "the crash is not left to recover again")
  // 4. And it is said once.
  let fourth = try BinaryRunner.run([], input: "", environment: crashing)
  #expect(fourth.status == 0)
  #expect(fourth.stderr.isEmpty, "stderr: \(fourth.stderr)")
}

@Test func manyAbandonedJournalsShareOneRecoveryBudget() throws {
  let state = try freshState("budget")
  let journals = state + "/flowbook/journal"
  try FileManager.default.createDirectory(atPath: journals, withIntermediateDirectories: true)
  // Six journals of dead shells (pids above any pid_max), each holding a run that never ends.
  let slow = "simulate mmc arrival 9/s service 1/s servers 10 customers 1B seed 1"
  for index in 0..<6 {
    let text =
      "# flowbook journal 2\n# pid \(99_999_900 + index)\n# started 2026-12-07T10:00:0\(index)Z\n"
      + "# dir \(state)\n# seed 1\n2026-12-07T10:00:0\(index)Z \(slow)\n"
    try Data(text.utf8).write(
      to: URL(
        fileURLWithPath: journals + "/journal-20261207T10000\(index)Z-\(99_999_900 + index).log"))
  }
  let started = ContinuousClock.now
  let start = try BinaryRunner.run(
    [], input: "", environment: ["XDG_STATE_HOME": state, "FLOWBOOK_RECOVERY_BUDGET": "2"])
  let elapsed = ContinuousClock.now - started
  #expect(start.status == 0)
  // Six budgets of 2 s would be 12 s; one total is 2 s and the start-up around it.
  #expect(elapsed < .seconds(8), "took \(elapsed)")
  #expect(start.stderr.contains("recovered 1 command from 2026-12-07T10:00:00Z"), "\(start.stderr)")
  #expect(
    start.stderr.contains(
      "recovery stopped at its budget of 2 s in all; 5 journals are left in \(journals) "
        + "for the next start"), "\(start.stderr)")
  #expect(files(in: journals).count == 5, "the five not reached stay")
}

/// A journal a dead start had claimed (as a crash during recovery leaves it), written by hand.
private func claimedJournal(state: String, command: String, progress: String?) throws -> String {
  let journals = state + "/flowbook/journal"
  try FileManager.default.createDirectory(atPath: journals, withIntermediateDirectories: true)
  let name = "journal-20261207T100000Z-99999977.log"
  let text =
    "# flowbook journal 2\n# pid 99999977\n# started 2026-12-07T10:00:00Z\n# dir \(state)\n"
    + "# seed 1\n2026-12-07T10:00:00Z \(command)\n"
  try Data(text.utf8).write(
    to: URL(fileURLWithPath: journals + "/" + name + ".recovering-99999976"))
  if let progress {
    try Data(progress.utf8).write(to: URL(fileURLWithPath: journals + "/" + name + ".progress"))
  }
  return name
}

@Test func theQuarantinedCommandIsShownEscapedNotSentToTheTerminal() throws {
  let state = try freshState("escape")
  let name = try claimedJournal(state: state, command: #"note red \u{1B}[31m\r"#, progress: "0\n")
  let start = try BinaryRunner.run([], input: "", environment: ["XDG_STATE_HOME": state])
  #expect(start.status == 0)
  #expect(
    start.stderr.contains(#"while re-running command 1 of 1: note red \u{1B}[31m\r"#),
    "\(start.stderr)")
  #expect(!start.stderr.contains("\u{1B}") && !start.stderr.contains("\r"))
  #expect(FileManager.default.fileExists(atPath: state + "/flowbook/quarantine/" + name))
}

@Test func aClaimedJournalWithoutProgressIsQuarantinedAndSaysSo() throws {
  let state = try freshState("no-progress")
  _ = try claimedJournal(state: state, command: "let a = 1", progress: nil)
  let start = try BinaryRunner.run([], input: "", environment: ["XDG_STATE_HOME": state])
  #expect(start.status == 0)
  #expect(
    start.stderr.contains(
      "an earlier start stopped while recovering a journal of 1 command, before it recorded "
        + "re-running any"), "\(start.stderr)")
  #expect(files(in: state + "/flowbook/journal").isEmpty)
}
