import Foundation
import Testing

/// A shell killed with SIGKILL loses nothing: the next start recovers every command.

private let commands = [
  "let peak = 2.5M rps", "peak * 45 ms", "note Isn't that a lot?",
  "let per_call = $3.50 / 1M req", "per_call * 10B req/month -> $/month", "1 ms + 1 GB",
  "expect peak * 45 ms < 200k",
]

/// A running shell whose stdin stays open until it is killed.
private struct RunningShell {
  let process: Process
  let stdin: Pipe

  init(executable: String, arguments: [String], environment extra: [String: String]) throws {
    process = Process()
    process.executableURL = URL(fileURLWithPath: executable)
    process.arguments = arguments
    var environment = ProcessInfo.processInfo.environment
    for (key, value) in extra { environment[key] = value }
    process.environment = environment
    stdin = Pipe()
    process.standardInput = stdin
    process.standardOutput = FileHandle.nullDevice
    process.standardError = FileHandle.nullDevice
    try process.run()
  }

  func type(_ line: String) {
    stdin.fileHandleForWriting.write(Data((line + "\n").utf8))
  }
}

/// Waits until the journal in `directory` holds `count` commands; returns its path.
private func waitForJournal(in directory: String, count: Int) -> String? {
  for _ in 0..<200 {
    let names = (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []
    for name in names where name.hasSuffix(".log") {
      let path = directory + "/" + name
      let text = (try? String(contentsOfFile: path, encoding: .utf8)) ?? ""
      let lines = text.split(separator: "\n").filter { !$0.hasPrefix("#") }
      if lines.count >= count { return path }
    }
    Thread.sleep(forTimeInterval: 0.05)
  }
  return nil
}

/// Starts the shell again and checks it recovered every command into a notebook.
private func expectRecovery(state: String) throws {
  let restart = try BinaryRunner.run([], input: "", environment: ["XDG_STATE_HOME": state])
  #expect(restart.status == 0)
  #expect(
    restart.stderr.contains("recovered \(commands.count) commands from "),
    "stderr: \(restart.stderr)")
  let line = restart.stderr.split(separator: "\n").first { $0.contains("notebook: ") }
  let path = try #require(line.map { String($0.split(separator: " ").last ?? "") })
  let notebook = try String(contentsOfFile: path, encoding: .utf8)
  for command in commands where !command.hasPrefix("note ") {
    #expect(notebook.contains("fb> " + command + "  # at "), "missing: \(command)")
  }
  #expect(notebook.contains("Isn't that a lot?"))
  #expect(notebook.contains("112,500\n"))
  #expect(notebook.contains("$35,000/month\n"))
  #expect(
    try FileManager.default.contentsOfDirectory(atPath: state + "/flowbook/journal").isEmpty,
    "the recovered journal and the clean second shell's journal are both gone")
  let quiet = try BinaryRunner.run([], input: "", environment: ["XDG_STATE_HOME": state])
  #expect(!quiet.stderr.contains("recovered"), "recovered once, not twice")
}

private func freshState(_ name: String) throws -> String {
  let state = FileManager.default.temporaryDirectory.path + "/fb-journal-\(name)-\(getpid())"
  try? FileManager.default.removeItem(atPath: state)
  try FileManager.default.createDirectory(atPath: state, withIntermediateDirectories: true)
  return state
}

@Test func aShellKilledOnAPipeLosesNothing() throws {
  let state = try freshState("pipe")
  let shell = try RunningShell(
    executable: BinaryRunner.binaryPath, arguments: [],
    environment: ["XDG_STATE_HOME": state])
  // Piped shells stop at the first error; keep the failing command for the pty test.
  let typed = commands.filter { $0 != "1 ms + 1 GB" }
  for command in typed { shell.type(command) }
  let journal = waitForJournal(in: state + "/flowbook/journal", count: typed.count)
  #expect(journal != nil)
  Thread.sleep(forTimeInterval: 0.2)
  kill(shell.process.processIdentifier, SIGKILL)
  shell.process.waitUntilExit()
  #expect(shell.process.terminationReason == .uncaughtSignal)
  let restart = try BinaryRunner.run([], input: "", environment: ["XDG_STATE_HOME": state])
  #expect(restart.stderr.contains("recovered \(typed.count) commands from "))
  let line = restart.stderr.split(separator: "\n").first { $0.contains("notebook: ") }
  let path = try #require(line.map { String($0.split(separator: " ").last ?? "") })
  let notebook = try String(contentsOfFile: path, encoding: .utf8)
  for command in typed where !command.hasPrefix("note ") {
    #expect(notebook.contains("fb> " + command + "  # at "), "missing: \(command)")
  }
}

@Test func aShellKilledOnATerminalLosesNothing() throws {
  let state = try freshState("pty")
  let shell = try RunningShell(
    executable: "/usr/bin/script",
    arguments: BinaryRunner.terminalArguments("'\(BinaryRunner.binaryPath)'"),
    environment: BinaryRunner.terminalEnvironment(home: state, state: state))
  let directory = state + "/flowbook/journal"
  for (index, command) in commands.enumerated() {
    shell.type(command)
    #expect(waitForJournal(in: directory, count: index + 1) != nil)
  }
  // The journal's name carries the shell's pid; kill the shell itself, not `script`.
  let journal = try #require(waitForJournal(in: directory, count: commands.count))
  let pid = try #require(Int32(journal.dropLast(4).split(separator: "-").last ?? ""))
  Thread.sleep(forTimeInterval: 0.2)
  #expect(kill(pid, SIGKILL) == 0)
  try? shell.stdin.fileHandleForWriting.close()
  shell.process.waitUntilExit()
  try expectRecovery(state: state)
}
