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

/// Writes to stdout and stderr through FileHandle, keeping C globals out of Swift 6 code.
///
/// Text is passed through `TerminalSafeText` unless the caller says it is already safe
/// (rendered with colour codes of our own): messages quote notebook headers, file names
/// and recorded outputs, which may hold escape sequences.
enum Output {
  static func standard(_ text: String) {
    standard(text, safe: false)
  }

  static func error(_ text: String) {
    error(text, safe: false)
  }

  static func standard(_ text: String, safe: Bool) {
    let shown = safe ? text : TerminalSafeText.sanitised(text)
    FileHandle.standardOutput.write(Data((shown + "\n").utf8))
  }

  static func error(_ text: String, safe: Bool) {
    let shown = safe ? text : TerminalSafeText.sanitised(text)
    FileHandle.standardError.write(Data((shown + "\n").utf8))
  }
}
