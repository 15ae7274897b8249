import Foundation

/// `open`: replays a notebook into the session, which then continues from its end.
enum OpenCommand {
  static let usage = "open PATH [--trust]"

  static let command = Command(
    name: "open",
    synopsis: usage,
    summary: "replay a notebook into this session and continue from its end",
    discussion: """
      Runs every command of the notebook in order, with the notebook's seed, and reports \
      outputs that differ from the recorded ones and expectations that broke. Its prose \
      is kept, so saving again writes the notebook back with what you add. While it \
      replays, commands may write only inside the notebook's folder. With --trust the \
      notebook is not re-run: when every file its header hashes is unchanged (and the \
      same flowbook wrote it), its recorded outputs are taken as they are and only what \
      builds the session's state runs again (load, set, reset, let, expressions; a \
      simulate's scenario is remembered, not run); otherwise it is refused, naming the \
      file that changed.
      """,
    example: "open notebooks/units-and-littles-law.md",
    completion: .files,
    run: { arguments, session in
      let (text, span) = arguments.text()
      let words = TextWords(text)
      guard words.words.count == 1, let typed = words.words.first else {
        throw Diagnostic("expected one file name; usage: \(usage)", span: span)
      }
      for flag in words.flags where flag != "--trust" {
        throw Diagnostic("unknown option \(flag); usage: \(usage)", span: span)
      }
      let path = try session.readablePath(typed, span: span)
      guard !session.notebook.openStack.contains(path) else {
        throw Diagnostic(
          "\(typed) is already being opened (a notebook cannot open itself)",
          span: span)
      }
      guard let data = FileManager.default.contents(atPath: path) else {
        throw Diagnostic("cannot read \(typed): no such file, or not readable", span: span)
      }
      let notebook: Notebook
      do {
        notebook = try NotebookParser.parse([UInt8](data), path: typed)
      } catch {
        throw Diagnostic.from(error)
      }
      guard words.flags.contains("--trust") else {
        let replays = session.open(notebook, at: path, digest: SHA256.hex(data))
        return summary(replays, typed: typed)
      }
      if let problem = session.trustProblem(notebook, at: path) {
        throw Diagnostic(
          "cannot trust \(typed): \(problem); open it without --trust to re-run it",
          span: span)
      }
      let (rerun, trusted) = session.openTrusted(notebook, at: path, digest: SHA256.hex(data))
      return trustedSummary(rerun, trusted: trusted, typed: typed)
    })

  /// `opened X (trusted): 12 commands as recorded, 5 re-run to restore the state`.
  static func trustedSummary(_ rerun: [CellReplay], trusted: Int, typed: String)
    -> CommandResult
  {
    let drifted = rerun.filter(\.drifted)
    var lines = [
      "opened \(typed) (trusted): \(trusted) command\(trusted == 1 ? "" : "s") taken as "
        + "recorded, \(rerun.count) re-run to restore the state"
        + (drifted.isEmpty
          ? ""
          : "; \(drifted.count) of those differ (lines "
            + drifted.map { String($0.cell.line) }.joined(separator: ", ") + ")")
    ]
    for replay in rerun {
      if let failure = replay.failure {
        lines.append("line \(replay.cell.line): " + failure.message)
      }
    }
    return .line(
      Markup(lines.joined(separator: "\n")),
      data: .object([
        ("path", .string(typed)), ("commands", .number(Double(trusted + rerun.count))),
        ("trusted", .number(Double(trusted))), ("rerun", .number(Double(rerun.count))),
        ("drifted", .number(Double(drifted.count))),
      ]))
  }

  static func summary(_ replays: [CellReplay], typed: String) -> CommandResult {
    var lines = ["opened \(typed): \(replays.count) command\(replays.count == 1 ? "" : "s")"]
    let drifted = replays.filter(\.drifted)
    lines[0] +=
      drifted.isEmpty
      ? ", all outputs as recorded"
      : ", \(drifted.count) output\(drifted.count == 1 ? "" : "s") differ (lines "
        + drifted.map { String($0.cell.line) }.joined(separator: ", ") + ")"
    for replay in replays {
      let place = "line \(replay.cell.line): "
      if let failure = replay.failure { lines.append(place + failure.message) }
      if let report = replay.expectation { lines.append(place + report.summary) }
    }
    return .line(
      Markup(lines.joined(separator: "\n")),
      data: .object([
        ("path", .string(typed)), ("commands", .number(Double(replays.count))),
        ("drifted", .number(Double(drifted.count))),
      ]))
  }
}
