import Foundation

/// `open --trust`: continue from a notebook's recorded state without re-running it.
///
/// A notebook whose inputs are unchanged (every file its header hashes still has that
/// SHA-256, and the same flowbook wrote it) would print what it recorded, so its outputs
/// can be taken as they are. Only what builds the session's state runs again, and it is
/// cheap: `load`, `set`, `reset`, `let` and expressions. A `simulate` line is parsed and its
/// scenario remembered (for `sweep … show simulate.*`), not run; every other command's
/// recorded output becomes its cell's output.
extension Session {
  /// Commands re-run by a trusted open because the state after them depends on them.
  public static let stateCommands: Set<String> = ["load", "set", "reset"]

  /// Why `notebook` cannot be trusted here, or nil when every recorded hash still matches.
  /// - Parameters:
  ///   - notebook: the parsed notebook.
  ///   - path: its canonical path (header paths are relative to its folder).
  /// - Returns: a message naming the first file that changed, or the version that differs.
  public func trustProblem(_ notebook: Notebook, at path: String) -> String? {
    let header = notebook.header
    if let version = header.flowbookVersion, version != FlowbookVersion.current {
      return "it was recorded by flowbook \(version) and this is \(FlowbookVersion.current)"
    }
    let folder = (path as NSString).deletingLastPathComponent
    for file in header.files {
      guard
        let absolute = NotebookHeader.FileName.path(
          of: file.path, folder: folder, datasets: workspace.datasetsDirectory),
        let now = NotebookWriter.fileDigest(absolute)
      else { return "\(file.path), which it read, cannot be read now" }
      if now != file.sha256 {
        return "\(file.path) changed since it was saved (sha256 \(file.sha256.prefix(12))… "
          + "recorded, \(now.prefix(12))… now)"
      }
    }
    return nil
  }

  /// Takes `notebook`'s recorded outputs as this session's cells, re-running only what
  /// builds state; the caller has checked `trustProblem` first.
  /// - Parameters:
  ///   - notebook: the parsed notebook.
  ///   - path: its canonical path.
  ///   - digest: the SHA-256 of its bytes, so `save` can tell if someone changed it since.
  /// - Returns: the cells re-run, and how many cells were taken as recorded.
  public func openTrusted(_ notebook: Notebook, at path: String, digest: String)
    -> (rerun: [CellReplay], trusted: Int)
  {
    var rerun: [CellReplay] = []
    var trusted = 0
    openScoped(notebook, at: path, digest: digest) { cells, displayPath in
      for cell in cells {
        if buildsState(cell.command) {
          rerun += replay([cell], path: displayPath)
        } else {
          trusted += 1
          adoptRecorded(cell)
        }
      }
    }
    return (rerun, trusted)
  }

  /// Whether a command builds state a trusted open must restore by running it.
  private func buildsState(_ command: String) -> Bool {
    let word = String(command.prefix { $0 != " " && $0 != "\t" })
    guard let registered = registry.command(named: word) else { return true }
    return Self.stateCommands.contains(registered.name)
  }

  /// Records `cell`'s output as this session's cell, and a `simulate` cell's scenario.
  private func adoptRecorded(_ cell: NotebookCell) {
    if cell.command.hasPrefix("simulate "), let tokens = try? tokenize(cell.command) {
      let source = Source(cell.command, name: "<input>", firstLine: 1)
      let arguments = Arguments(source: source, tokens: tokens, startIndex: 1, resolver: self)
      try? SimulateCommand.rememberScenario(arguments, session: self)
    }
    let result = CommandResult(
      blocks: cell.output.isEmpty ? [] : [.text(Markup(cell.output))],
      data: .object([("trusted", .bool(true)), ("output", .string(cell.output))]))
    appendCell(Cell(input: cell.command, outcome: .success(result)))
  }
}
