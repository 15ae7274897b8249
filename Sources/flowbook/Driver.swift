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
  var journal: Journal?

  init(session: Session, json: Bool, colour: Bool) {
    self.session = session
    self.json = json
    self.renderer = TerminalRenderer(colour: colour && !json)
  }

  /// Runs one command and prints its cell; returns whether it succeeded.
  @discardableResult
  func run(_ text: String, sourceName: String, line: Int) -> Bool {
    journalCommand(text)
    let cell = session.execute(text, sourceName: sourceName, line: line)
    SimulationProgress.finish()
    show(cell)
    return cell.succeeded
  }

  func show(_ cell: Cell) {
    if json {
      Output.standard(cell.json.serialized())
    } else if cell.succeeded {
      let text = renderer.render(cell)
      if !text.isEmpty { Output.standard(text) }
    } else {
      Output.error(renderer.render(cell))
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

/// Writes to stdout and stderr through FileHandle, keeping C globals out of Swift 6 code.
enum Output {
  static func standard(_ text: String) {
    FileHandle.standardOutput.write(Data((text + "\n").utf8))
  }

  static func error(_ text: String) {
    FileHandle.standardError.write(Data((text + "\n").utf8))
  }
}
