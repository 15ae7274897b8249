import Foundation

/// `open`: replays a notebook into the session, which then continues from its end.
enum OpenCommand {
  static let usage = "open PATH"

  static let command = Command(
    name: "open",
    synopsis: usage,
    summary: "replay a notebook into this session and continue from its end",
    discussion: """
      Runs every command of the notebook in order, with the notebook's seed, and reports \
      outputs that differ from the recorded ones and expectations that broke. Its prose \
      is kept, so saving again writes the notebook back with what you add. While it \
      replays, commands may write only inside the notebook's folder.
      """,
    example: "open notebooks/units-and-littles-law.md",
    completion: .files,
    run: { arguments, session in
      let (text, span) = arguments.text()
      let words = TextWords(text)
      guard words.words.count == 1, words.flags.isEmpty, let typed = words.words.first else {
        throw Diagnostic("expected one file name; usage: \(usage)", span: span)
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
      let replays = session.open(notebook, at: path, digest: SHA256.hex(data))
      return summary(replays, typed: typed)
    })

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
