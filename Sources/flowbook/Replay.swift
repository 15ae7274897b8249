import ArgumentParser
import FlowbookKit
import Foundation

/// `flowbook replay NOTEBOOK [--check | --update]`: run a notebook again in a fresh session.
///
/// Exit codes: 0 when everything matches (or was updated), 1 when an output drifted
/// (`--check`) or an expectation broke (any mode), 65 when the notebook is malformed or a
/// command in it fails, 74 when it cannot be read or written.
struct Replay: ParsableCommand {
  static let configuration = CommandConfiguration(
    abstract: "Re-run a notebook in a fresh session; check or update its outputs.",
    discussion: """
      Without a flag, prints the notebook with fresh outputs. --check compares every \
      output byte for byte and prints a unified diff of each that drifted. --update \
      rewrites the outputs in place (atomically), leaving the prose untouched. In every \
      mode each expect is reported as held or broken. Commands may write only inside the \
      notebook's folder unless --allow-write names another, and read only there and in \
      the datasets folder unless --allow-read names another.
      """)

  @Argument(help: "The notebook (a Markdown file with ```flowbook cells).")
  var notebook: String

  @Flag(help: "Compare outputs with the recorded ones; exit 1 and show a diff on drift.")
  var check = false

  @Flag(help: "Rewrite outputs in place; prose and commands are left as they are.")
  var update = false

  @Option(name: .customLong("allow-write"), help: "Also allow writes inside DIR (repeatable).")
  var allowWrite: [String] = []

  @Option(name: .customLong("allow-read"), help: "Also allow reads inside DIR (repeatable).")
  var allowRead: [String] = []

  func validate() throws {
    if check && update { throw ValidationError("--check and --update cannot be used together") }
  }

  func run() throws {
    let parsed = try read()
    let replay = NotebookReplay(
      parsed, path: notebook, displayPath: notebook,
      allowWrite: allowWrite, allowRead: allowRead)
    replay.warnings.forEach(Output.error)
    for failure in replay.failures { Output.error(failure.rendered) }
    if check {
      try report(replay)
    } else if update {
      try write(replay)
    } else {
      // The notebook itself, byte for byte when redirected to a file; on a screen its
      // control characters are shown, not obeyed.
      let text = replay.updated.rendered()
      let shown = isatty(STDOUT_FILENO) == 1 ? TerminalSafeText.sanitised(text) : text
      Output.standardRaw(shown, safe: true)
      replay.expectationLines(updated: true).forEach(Output.error)
      try exit(replay, drifted: false)
    }
  }

  private func read() throws -> Notebook {
    try readNotebook(at: notebook)
  }

  private func report(_ replay: NotebookReplay) throws {
    replay.diffs.forEach(Output.standard)
    replay.expectationLines().forEach(Output.standard)
    Output.standard(replay.summary)
    try exit(replay, drifted: !replay.drifted.isEmpty)
  }

  private func write(_ replay: NotebookReplay) throws {
    guard replay.failures.isEmpty else {
      Output.error("error: \(notebook) was not updated: \(replay.failures.count) command(s) failed")
      throw FlowbookExit.badInput
    }
    let text = replay.updated.rendered()
    if text != replay.notebook.rendered() {
      do {
        try writeResolved(text, to: notebook)
      } catch {
        Output.error("error: " + error.message)
        throw FlowbookExit.ioError
      }
      Output.standard("updated \(replay.drifted.count) output(s) in \(notebook)")
    } else {
      Output.standard("\(notebook) is up to date")
    }
    replay.expectationLines(updated: true).forEach(Output.standard)
    try exit(replay, drifted: false)
  }

  /// 65 for a command that failed, 1 for drift or a broken expectation, else 0.
  private func exit(_ replay: NotebookReplay, drifted: Bool) throws {
    if !replay.failures.isEmpty { throw FlowbookExit.badInput }
    if drifted || !replay.brokenExpectations.isEmpty { throw FlowbookExit.drift }
  }
}

/// Reads and parses a notebook file for a subcommand, turning problems into messages and
/// exit codes (74 when it cannot be read, 65 when it is not a valid notebook).
func readNotebook(at path: String) throws -> Notebook {
  guard let data = FileManager.default.contents(atPath: path) else {
    Output.error("error: cannot read \(path): no such file, or not readable")
    throw FlowbookExit.ioError
  }
  do {
    return try NotebookParser.parse([UInt8](data), path: path)
  } catch {
    Output.error(error.rendered)
    throw FlowbookExit.badInput
  }
}

/// Writes `text` atomically at the real path of `path` (links followed as the kernel
/// would), so the rename replaces the file the path names, not a link to it.
/// - Parameters:
///   - text: the file's contents.
///   - path: the path as typed on the command line.
/// - Throws: a diagnostic naming the path and why it cannot be written.
func writeResolved(_ text: String, to path: String) throws(Diagnostic) {
  let here = FileManager.default.currentDirectoryPath
  let resolved: String
  do {
    resolved = try PathResolver.resolve(path, relativeTo: here)
  } catch {
    throw Diagnostic("cannot write \(path): \(error.reason)")
  }
  do {
    try AtomicFile.write(text, to: resolved, resolved: true)
  } catch {
    throw error.diagnostic
  }
}
