import Foundation
import Testing

/// Runs the real `flowbook` binary, built beside this test bundle.
struct BinaryRunner {
  struct Outcome {
    var status: Int32
    var stdout: String
    var stderr: String
  }

  static var binaryPath: String {
    let bundle = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
    return bundle.appendingPathComponent("flowbook").path
  }

  /// The repository root (where Package.swift is), for datasets and notebooks.
  static var repositoryRoot: String {
    var url = URL(fileURLWithPath: #filePath)
    while url.path != "/" {
      url.deleteLastPathComponent()
      if FileManager.default.fileExists(atPath: url.appendingPathComponent("Package.swift").path) {
        return url.path
      }
    }
    return FileManager.default.currentDirectoryPath
  }

  /// Runs `executable` with `arguments`, feeding `input` on a pipe.
  static func run(
    _ arguments: [String], input: String = "", environment extra: [String: String] = [:],
    executable: String = binaryPath, directory: String = repositoryRoot
  ) throws -> Outcome {
    try run(
      arguments, typing: [input], environment: extra, executable: executable,
      directory: directory)
  }

  /// Like `run`, but writes each chunk of `typing` after a pause, as a person types:
  /// a terminal in cooked mode between reads would otherwise eat keys such as Ctrl-R.
  static func run(
    _ arguments: [String], typing: [String], pause: Double = 0.4,
    environment extra: [String: String] = [:],
    executable: String = binaryPath, directory: String = repositoryRoot
  ) throws -> Outcome {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: executable)
    process.arguments = arguments
    process.currentDirectoryURL = URL(fileURLWithPath: directory)
    var environment = ProcessInfo.processInfo.environment
    environment["NO_COLOR"] = nil
    // The shell journals and recovers under $XDG_STATE_HOME: keep the developer's own
    // (perhaps with a dead shell's journal to recover) out of the tests.
    environment["XDG_STATE_HOME"] =
      FileManager.default.temporaryDirectory.path + "/flowbook-test-state-\(getpid())"
    for (key, value) in extra { environment[key] = value }
    process.environment = environment
    let stdin = Pipe()
    let stdout = Pipe()
    let stderr = Pipe()
    process.standardInput = stdin
    process.standardOutput = stdout
    process.standardError = stderr
    try process.run()
    for (index, chunk) in typing.enumerated() {
      if index > 0 { Thread.sleep(forTimeInterval: pause) }
      stdin.fileHandleForWriting.write(Data(chunk.utf8))
    }
    try stdin.fileHandleForWriting.close()
    let out = stdout.fileHandleForReading.readDataToEndOfFile()
    let err = stderr.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return Outcome(
      status: process.terminationStatus, stdout: String(decoding: out, as: UTF8.self),
      stderr: String(decoding: err, as: UTF8.self))
  }

  /// Runs the binary on a pseudo-terminal through util-linux `script`, typing `input`.
  static func runOnTerminal(
    _ arguments: [String] = [], typing: [String], home: String, pause: Double = 0.4
  ) throws -> Outcome {
    let command = ([binaryPath] + arguments).map { "'\($0)'" }.joined(separator: " ")
    return try run(
      terminalArguments(command), typing: typing, pause: pause,
      environment: terminalEnvironment(home: home, state: home + "/state"),
      executable: "/usr/bin/script")
  }

  /// The arguments that make `script` run `command` alone on a pseudo-terminal.
  ///
  /// `script` starts `command` through `$SHELL -c`; dash (Debian's `/bin/sh`, which
  /// `script` uses when `SHELL` is unset, as on CI) forks instead of exec'ing, and a
  /// Ctrl-C typed on the terminal would kill that intermediate shell, so `exec` it away.
  static func terminalArguments(_ command: String) -> [String] {
    ["-qfec", "exec " + command, "/dev/null"]
  }

  /// The environment of a shell on a pseudo-terminal: a known `SHELL` for `script`, a
  /// terminal type libedit knows, and a private home and state folder.
  static func terminalEnvironment(home: String, state: String) -> [String: String] {
    ["SHELL": "/bin/sh", "TERM": "xterm", "HOME": home, "XDG_STATE_HOME": state]
  }
}
