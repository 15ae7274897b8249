import ArgumentParser
import FlowbookKit
import Foundation

@main
struct Flowbook: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "flowbook",
    abstract: "A what-if notebook for request paths: latency, cost, capacity, queues, failover.",
    discussion: """
      With no subcommand, starts the interactive shell (or reads commands from stdin when \
      it is not a terminal). Exit codes: 0 ok, 1 replay drift or a broken expect, 64 usage, 65 bad input, \
      70 internal error, 74 I/O error.
      """,
    version: FlowbookVersion.banner(),
    subcommands: [
      Shell.self, Run.self, Replay.self, Bench.self, Merge.self, ReportCommand.self,
      ImportTemplate.self,
    ],
    defaultSubcommand: Shell.self)

  /// Runs flowbook with SIGPIPE ignored, so a closed pipe is an error `Output` handles.
  ///
  /// This is argument-parser's `main()` with its messages (help, version, usage errors)
  /// written through `Output`: its own `print` ignores a failed write, so
  /// `flowbook --help > /dev/full` exited 0 having printed nothing.
  static func main() {
    Output.ignoreBrokenPipes()
    do {
      var command = try parseAsRoot(nil)
      try command.run()
    } catch {
      let code = exitCode(for: error)
      let message = fullMessage(for: error)
      if !message.isEmpty {
        if code == .success {
          Output.standard(message, safe: true)
        } else {
          Output.error(message, safe: true)
        }
      }
      Foundation.exit(code.rawValue)
    }
  }
}

/// Options every way of running commands shares.
struct CommonOptions: ParsableArguments {
  @Flag(name: .long, help: "Print one JSON document per command instead of text.")
  var json = false

  @Option(name: .long, help: "Seed for simulations that do not name one.")
  var seed: UInt64 = 1

  func makeSession() -> Session {
    let directory = FileManager.default.currentDirectoryPath
    let session = Session(environment: SessionEnvironment(workingDirectory: directory, seed: seed))
    session.simulation.progress = SimulationProgress.hook()
    return session
  }

  /// Prints to stderr when the price catalog holds prices more than a year old.
  ///
  /// Only the interactive shell warns: stdout, notebooks and scripts stay the same whatever
  /// the date.
  static func warnIfPricesAreOld() {
    guard let prices = try? CostCatalogs.load().prices else { return }
    var calendar = Calendar(identifier: .gregorian)
    calendar.timeZone = TimeZone(identifier: "UTC") ?? calendar.timeZone
    let now = calendar.dateComponents([.year, .month, .day], from: Date())
    let today = String(
      format: "%04d-%02d-%02d", now.year ?? 1970, now.month ?? 1, now.day ?? 1)
    if let warning = prices.ageWarning(today: today) {
      FileHandle.standardError.write(Data((warning + "\n").utf8))
    }
  }

  var colour: Bool {
    ProcessInfo.processInfo.environment["NO_COLOR"].map(\.isEmpty) ?? true
      && isatty(STDOUT_FILENO) == 1
  }
}

struct Shell: ParsableCommand {
  static let configuration = CommandConfiguration(
    abstract: "The interactive shell (the default).")

  @OptionGroup var options: CommonOptions

  @Option(name: [.customShort("e"), .long], help: "Run these commands (separated by ;) and exit.")
  var execute: [String] = []

  func run() throws {
    let driver = Driver(session: options.makeSession(), json: options.json, colour: options.colour)
    if !execute.isEmpty {
      for script in execute where !driver.runScript(script, sourceName: "-e") {
        throw FlowbookExit.badInput
      }
      return try driver.finishScript()
    }
    driver.journal = ShellJournal.start(seed: options.seed)
    defer { driver.journal?.finish() }
    if isatty(STDIN_FILENO) == 1 {
      CommonOptions.warnIfPricesAreOld()
      interactive(driver)
    } else {
      try piped(driver)
    }
  }

  /// Reads stdin line by line without prompts or escape codes; stops at the first error.
  private func piped(_ driver: Driver) throws {
    var reader = ScriptReader()
    while let line = readLine(strippingNewline: true) {
      for statement in reader.feed(line) {
        if driver.isQuit(statement.text) { return try driver.finishScript() }
        guard
          driver.run(
            statement.text, sourceName: "<stdin>", line: statement.line,
            typedLines: statement.typedLines)
        else {
          throw FlowbookExit.badInput
        }
      }
    }
    for statement in reader.finish()
    where !driver.run(statement.text, sourceName: "<stdin>", line: statement.line) {
      throw FlowbookExit.badInput
    }
    try driver.finishScript()
  }

  private func interactive(_ driver: Driver) {
    let session = driver.session
    guard
      let editor = LineEditor(
        historyPath: defaultHistoryPath(),
        complete: { line, cursor in
          session.completions(for: line, cursor: cursor)
        })
    else {
      Output.error("error: could not start the line editor; reading plain lines")
      try? piped(driver)
      return
    }
    let interruption = ShellInterrupt.install()
    session.environment.interruption = interruption
    Output.standard("flowbook \(FlowbookVersion.current): type help for commands, quit to leave.")
    var reader = ScriptReader()
    while true {
      interruption.clear()
      guard let line = editor.readLine(prompt: reader.isContinuing ? "..> " : "fb> ") else {
        // Ctrl-C at the prompt drops the line (and a `\` continuation); Ctrl-D leaves.
        guard interruption.isRequested else { break }
        Output.standard("")
        reader = ScriptReader()
        continue
      }
      editor.remember(line)
      for statement in reader.feed(line) {
        if driver.isQuit(statement.text) { return }
        interruption.clear()
        driver.run(
          statement.text, sourceName: "<input>", line: 1, typedLines: statement.typedLines)
        if interruption.isRequested {
          driver.journalInterruption()
          break
        }
      }
    }
    Output.standard("")
  }
}

struct Run: ParsableCommand {
  static let configuration = CommandConfiguration(
    abstract: "Run the commands in FILE, stopping at the first error.")

  @OptionGroup var options: CommonOptions

  @Argument(help: "A file of flowbook commands, one per line (# comments, \\ continues).")
  var file: String

  func run() throws {
    let text: String
    do {
      text = try String(contentsOfFile: file, encoding: .utf8)
    } catch {
      Output.error("error: cannot read \(file): \(error.localizedDescription)")
      throw FlowbookExit.ioError
    }
    let driver = Driver(session: options.makeSession(), json: options.json, colour: options.colour)
    guard driver.runScript(text, sourceName: file) else { throw FlowbookExit.badInput }
    try driver.finishScript()
  }
}
