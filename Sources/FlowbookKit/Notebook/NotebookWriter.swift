import Foundation

/// Turns a session into notebook text: a header, a title, prose and notes in the order
/// they were written, and consecutive commands grouped into one ```` ```flowbook ```` block.
public enum NotebookWriter {
  /// Commands that act on the notebook itself and so never appear in one: replaying a
  /// `save` would overwrite files, and a `note` is already there as prose.
  public static let sessionCommands: Set<String> = ["save", "open", "note"]
  /// Commands that only look around (`help`, `vars`): left out of a saved notebook unless
  /// `save --all`, like commands that failed, because they tell a reader nothing.
  public static let lookingCommands: Set<String> = ["help", "vars"]

  /// The notebook text for `session`, to be written at `path`.
  ///
  /// - Parameters:
  ///   - session: the session whose cells, prose and inputs are written.
  ///   - path: the absolute path the notebook will have; paths in the header are relative
  ///     to its folder, so the notebook and its datasets can move together.
  ///   - stamped: add `# at TIME` to new cells, for incident timelines.
  ///   - all: keep `help`, `vars` and failed commands too (`save --all`).
  /// - Returns: The whole file: header line, title, prose and ```` ```flowbook ```` blocks.
  public static func text(
    for session: Session, savingTo path: String, stamped: Bool, all: Bool = false
  ) -> String {
    let folder = (path as NSString).deletingLastPathComponent
    var text = header(for: session, folder: folder).rendered + "\n"
    if !hasTitle(session.notebook.entries) {
      text +=
        "# " + ((path as NSString).lastPathComponent as NSString).deletingPathExtension
        + "\n"
    }
    var pending: [NotebookCell] = []
    var afterVerbatim = false
    func flushCells() {
      guard !pending.isEmpty else { return }
      separate(&text)
      text += CodeBlock(cells: pending).rendered()
      pending = []
      afterVerbatim = false
    }
    for entry in session.notebook.entries {
      switch entry {
      case .cell(let index):
        let cell = session.cells[index]
        guard isSaved(cell, all: all) else { continue }
        let stamp = stamped ? session.notebook.stamps[index] : nil
        pending.append(
          .recorded(
            cell.input, output: output(of: cell), stamp: stamp,
            typedLines: session.notebook.typedLines[index]))
      case .note(let note):
        flushCells()
        separate(&text)
        text += note + "\n"
      case .prose(let prose):
        flushCells()
        text += prose
        afterVerbatim = true
      case .block(var block, let indices):
        flushCells()
        if !afterVerbatim { separate(&text) }
        for (position, index) in indices.enumerated() where position < block.cells.count {
          block.cells[position].output = output(of: session.cells[index])
        }
        text += block.rendered()
        afterVerbatim = true
      }
    }
    flushCells()
    return text
  }

  /// A cell's output as a notebook stores it.
  ///
  /// Errors are shown as they are typed at the prompt (without a script's file and
  /// line), so replay reproduces them byte for byte.
  public static func output(of cell: Cell) -> String {
    guard case .failure(var diagnostic) = cell.outcome else { return cell.plainOutput }
    if var source = diagnostic.source {
      source.name = "<input>"
      source.firstLine = 1
      diagnostic.source = source
    }
    return CaretRenderer.render(diagnostic)
  }

  /// A typed note as prose that cannot change how the rest of the notebook parses.
  ///
  /// The `note` command stores what it is given through this; `addNote` itself takes
  /// Markdown as it is, for text flowbook writes (recovery lists commands in a fence).
  ///
  /// A line of a note that starts (after any spaces or tabs) with a run of three or more
  /// backticks or tildes would open a code fence: every block after it would become part
  /// of that fence, prose that is never replayed or checked (or, for ```` ```flowbook ````,
  /// cells the author never ran). Such a line gets a backslash before its first fence
  /// character, CommonMark's escape, so Markdown shows the fence characters as typed and
  /// `NotebookParser` reads a prose line. A line that already has backslashes before its
  /// fence gets one more, so the escape can always be undone. A line beginning `fb> `
  /// needs nothing: outside a
  /// flowbook fence it is prose, and with fences escaped no note can open one. Opened
  /// prose is kept verbatim, so opening and saving again changes nothing.
  /// - Parameter note: the note as typed (one or more lines).
  /// - Returns: The note with every fence-opening line escaped.
  public static func escapedNote(_ note: String) -> String {
    note.split(separator: "\n", omittingEmptySubsequences: false).map { line in
      let indent = line.prefix { $0 == " " || $0 == "\t" }
      let body = line.dropFirst(indent.count)
      let fence = body.drop { $0 == "\\" }
      guard let first = fence.first, first == "`" || first == "~",
        fence.prefix(while: { $0 == first }).count >= 3
      else { return String(line) }
      return indent + "\\" + body
    }.joined(separator: "\n")
  }

  /// Whether `save` writes a cell typed in this session: never `save`, `open` or `note`;
  /// `help`, `vars` and failed commands only with `--all`.
  /// - Parameters:
  ///   - cell: the cell.
  ///   - all: `save --all`.
  /// - Returns: true when the cell goes into the notebook.
  public static func isSaved(_ cell: Cell, all: Bool) -> Bool {
    guard !isSessionCommand(cell.input) else { return false }
    if all { return true }
    let word = cell.input.prefix { $0 != " " && $0 != "\t" }
    return cell.succeeded && !lookingCommands.contains(String(word))
  }

  /// Whether a command acts on the notebook itself (`save`, `open`, `note`).
  public static func isSessionCommand(_ input: String) -> Bool {
    let word = input.prefix { $0 != " " && $0 != "\t" }
    return sessionCommands.contains(String(word))
  }

  /// The provenance line: seed, working directory, model and file hashes as they are now.
  static func header(for session: Session, folder: String) -> NotebookHeader {
    let workingDirectory = PathResolver.canonical(
      session.environment.workingDirectory, relativeTo: FileManager.default.currentDirectoryPath)
    let datasets = session.workspace.datasetsDirectory
    func name(_ file: String) -> String {
      NotebookHeader.FileName.name(
        of: PathResolver.canonical(file, relativeTo: folder), folder: folder, datasets: datasets)
    }
    let files = session.provenanceInputs.compactMap { file -> NotebookHeader.FileDigest? in
      guard let digest = fileDigest(file) else { return nil }
      return NotebookHeader.FileDigest(path: name(file), sha256: digest)
    }
    return NotebookHeader(
      seed: session.environment.seed,
      directory: PathResolver.relative(workingDirectory, from: folder),
      model: session.provenanceModelFile.map(name), files: files)
  }

  /// The SHA-256 of a file's bytes, or nil if it cannot be read.
  public static func fileDigest(_ path: String) -> String? {
    guard let data = FileManager.default.contents(atPath: path) else { return nil }
    return SHA256.hex(data)
  }

  private static func hasTitle(_ entries: [NotebookRecording.Entry]) -> Bool {
    entries.contains { entry in
      let text: String
      switch entry {
      case .prose(let prose): text = prose
      case .note(let note): text = note
      default: return false
      }
      return text.split(separator: "\n").contains { $0.hasPrefix("# ") }
    }
  }

  /// Ends `text` with a blank line, so the next block is a separate Markdown paragraph.
  private static func separate(_ text: inout String) {
    if text.hasSuffix("\n\n") { return }
    text += text.hasSuffix("\n") ? "\n" : "\n\n"
  }
}
