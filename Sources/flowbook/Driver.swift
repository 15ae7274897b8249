import FlowbookKit
import Foundation

/// Runs commands through a session and prints each cell for its medium: JSON documents,
/// coloured text on a terminal, plain text elsewhere.
///
/// Results go to stdout; errors go to
/// stderr, except in JSON mode where each error is a JSON document on stdout.
final class Driver {
  let session: Session
  let json: Bool
  let renderer: TerminalRenderer
  /// The shell's journal: each command is written here before it runs (nil for -e, run).
  var journal: Journal? {
    didSet {
      // A closed pipe ends the process cleanly: the journal goes as at a clean exit.
      let path = journal?.path
      Output.beforeQuietExit.withLock { hook in
        if let path { hook = { @Sendable in _ = unlink(path) } } else { hook = nil }
      }
    }
  }
  /// Each `expect` that broke, with where it was (`<stdin>:2: expectation broken: …`), in
  /// order: they make the exit 1.
  private(set) var brokenExpectations: [String] = []

  init(session: Session, json: Bool, colour: Bool) {
    self.session = session
    self.json = json
    self.renderer = TerminalRenderer(colour: colour && !json)
  }

  /// Runs one command and prints its cell; returns whether it succeeded.
  ///
  /// A broken `expect` succeeds (later commands run, as in `replay`) and is remembered in
  /// `brokenExpectations`.
  @discardableResult
  func run(_ text: String, sourceName: String, line: Int, typedLines: [String]? = nil) -> Bool {
    journalCommand(text)
    FaultInjection.check(text)
    let cell = session.execute(
      text, sourceName: sourceName, line: line, typedLines: typedLines)
    SimulationProgress.finish()
    show(cell)
    if let report = ExpectationReport(cell), !report.held {
      brokenExpectations.append("\(sourceName):\(line): expectation \(report.summary)")
    }
    return cell.succeeded
  }

  /// The exit of a script that ran to its end: 1 if an expectation broke, else 0.
  ///
  /// Each broken expectation is listed again on stderr (outside JSON mode) as `replay`
  /// lists them, `<stdin>:2: expectation broken: …`, so a long script's log ends with them.
  /// - Throws: `FlowbookExit.drift` when an expectation broke.
  func finishScript() throws {
    guard !brokenExpectations.isEmpty else { return }
    if !json { brokenExpectations.forEach(Output.error) }
    throw FlowbookExit.drift
  }

  func show(_ cell: Cell) {
    // JSON escapes every control character; the renderer made its text safe and added
    // its own colour codes, which must reach the terminal as they are.
    if json {
      Output.standard(cell.json.serialized(), safe: true)
    } else if cell.succeeded {
      let text = renderer.render(cell)
      if !text.isEmpty { Output.standard(text, safe: true) }
    } else {
      Output.error(renderer.render(cell), safe: true)
    }
  }

  /// Runs a script's statements, stopping at the first failure.
  func runScript(_ text: String, sourceName: String) -> Bool {
    for statement in ScriptReader.statements(in: text) {
      if isQuit(statement.text) { return true }
      guard run(statement.text, sourceName: sourceName, line: statement.line) else { return false }
    }
    return true
  }

  func isQuit(_ text: String) -> Bool {
    text == "quit" || text == "exit"
  }
}
