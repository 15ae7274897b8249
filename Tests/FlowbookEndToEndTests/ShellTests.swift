import Foundation
import Testing

@Test func executeFlagPrintsTheAnswer() throws {
  let outcome = try BinaryRunner.run(["-e", "2.5M rps * 45 ms"])
  #expect(outcome.status == 0)
  #expect(outcome.stdout == "112,500\n")
}

@Test func dimensionErrorExitsWithBadInput() throws {
  let outcome = try BinaryRunner.run(["-e", "1 ms + 1 GB"])
  #expect(outcome.status == 65)
  #expect(outcome.stdout.isEmpty)
  #expect(outcome.stderr.hasPrefix("error: cannot add a time [s] and a data size [B]"))
  #expect(outcome.stderr.contains("^^^^"))
}

@Test func executeStopsAtTheFirstErrorAndNamesIt() throws {
  let outcome = try BinaryRunner.run(["-e", "let a = 2 ms; a * 2; a + 1 GB; a * 3"])
  #expect(outcome.status == 65)
  #expect(outcome.stdout == "a = 2 ms\n4 ms\n")
  #expect(outcome.stderr.contains("a + 1 GB"))
}

@Test func pipedInputHasNoPromptsOrEscapes() throws {
  let outcome = try BinaryRunner.run([], input: "let peak = 2.5M rps\npeak * 45 ms \\\n  * 2\n")
  #expect(outcome.status == 0)
  #expect(outcome.stdout == "peak = 2.5M rps\n225,000\n")
  #expect(!outcome.stdout.contains("\u{1B}") && !outcome.stdout.contains("fb>"))
}

@Test func jsonGivesOneDocumentPerCommand() throws {
  let outcome = try BinaryRunner.run(["--json", "-e", "87 ms; 1 GB -> MB"])
  let lines = outcome.stdout.split(separator: "\n")
  #expect(lines.count == 2)
  for line in lines {
    let object = try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any]
    #expect(object?["ok"] as? Bool == true)
  }
  #expect(lines[0].contains(#""value":0.087"#))
}

@Test func runFileReportsTheFailingLine() throws {
  let directory = FileManager.default.temporaryDirectory.appendingPathComponent(
    "fb-run-\(getpid())")
  try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
  let file = directory.appendingPathComponent("plan.fb")
  try "# plan\nlet rate = 2k rps\nrate * 10 ms\nrate + 1 GB\n".write(
    to: file, atomically: true, encoding: .utf8)
  let outcome = try BinaryRunner.run(["run", file.path])
  #expect(outcome.status == 65)
  #expect(outcome.stdout == "rate = 2,000 rps\n20\n")
  #expect(outcome.stderr.contains("plan.fb:4:1"))
  let missing = try BinaryRunner.run(["run", directory.appendingPathComponent("nope.fb").path])
  #expect(missing.status == 74)
}

@Test func usageErrorsExitWith64() throws {
  #expect(try BinaryRunner.run(["--no-such-flag"]).status == 64)
}

@Test func terminalSessionEditsColoursAndKeepsHistory() throws {
  let home = FileManager.default.temporaryDirectory.appendingPathComponent("fb-pty-\(getpid())")
    .path
  try? FileManager.default.removeItem(atPath: home)
  try FileManager.default.createDirectory(atPath: home, withIntermediateDirectories: true)
  let outcome = try BinaryRunner.runOnTerminal(
    typing: ["2.5M rps * 45 ms\n", "1 ms + 1 GB\n", "quit\n"], home: home)
  #expect(outcome.status == 0)
  #expect(outcome.stdout.contains("fb> "))
  #expect(outcome.stdout.contains("\u{1B}[36m112,500\u{1B}[0m"))
  #expect(outcome.stdout.contains("error:"))
  let history = try String(contentsOfFile: home + "/state/flowbook/history", encoding: .utf8)
  // libedit stores history with vis(3) encoding: spaces become \\040.
  #expect(history.contains("1\\040ms\\040+\\0401\\040GB"))
}

@Test func noColorTurnsColourOffOnATerminal() throws {
  let home = FileManager.default.temporaryDirectory.appendingPathComponent("fb-pty-nc-\(getpid())")
    .path
  try FileManager.default.createDirectory(atPath: home, withIntermediateDirectories: true)
  var environment = BinaryRunner.terminalEnvironment(home: home, state: home)
  environment["NO_COLOR"] = "1"
  let outcome = try BinaryRunner.run(
    BinaryRunner.terminalArguments("'\(BinaryRunner.binaryPath)'"),
    input: "2.5M rps * 45 ms\nquit\n", environment: environment,
    executable: "/usr/bin/script")
  #expect(outcome.stdout.contains("112,500"))
  #expect(!outcome.stdout.contains("\u{1B}[36m"))
}

@Test func tabCompletesAndCtrlRSearchesHistory() throws {
  let home = FileManager.default.temporaryDirectory.appendingPathComponent("fb-pty-r-\(getpid())")
    .path
  try? FileManager.default.removeItem(atPath: home)
  try FileManager.default.createDirectory(atPath: home, withIntermediateDirectories: true)
  let outcome = try BinaryRunner.runOnTerminal(
    typing: ["let lag = 45 ms\n", "lag * 3\n", "he\t", "vars\n", "\u{12}lag *", "\n", "quit\n"],
    home: home)
  #expect(outcome.stdout.contains("help vars"), "Tab completed he to help")
  #expect(outcome.stdout.contains("usage: "))
  #expect(outcome.stdout.contains("bck:"), "Ctrl-R opened the reverse search")
  #expect(
    outcome.stdout.components(separatedBy: "135 ms").count - 1 == 2,
    "the searched-for command ran again")
}

/// Ctrl-C on a terminal stops a long simulation, then drops a half-typed line; the shell
/// and its variables live on, and the stopped command is kept out of the journal's replay.
@Test func ctrlCStopsTheCommandAndKeepsTheSession() throws {
  let home = FileManager.default.temporaryDirectory
    .appendingPathComponent("fb-pty-int-\(getpid())").path
  try? FileManager.default.removeItem(atPath: home)
  defer { try? FileManager.default.removeItem(atPath: home) }
  let started = ContinuousClock.now
  let outcome = try BinaryRunner.runOnTerminal(
    typing: [
      "let a = 21\n", "simulate 300 s rate 2.5M rps\n", "\u{03}", "half typed", "\u{03}",
      "a * 2\n", "quit\n",
    ],
    home: home, pause: 1.5)  // a Ctrl-C before the line is read would flush it instead
  #expect(ContinuousClock.now - started < .seconds(30))
  #expect(outcome.status == 0, "\(outcome.stdout)")
  #expect(outcome.stdout.contains("interrupted: simulate stopped at "), "\(outcome.stdout)")
  #expect(outcome.stdout.contains("42"), "the session lived on: \(outcome.stdout)")
  #expect(!outcome.stdout.contains("unknown command or name 'half'"))
}
