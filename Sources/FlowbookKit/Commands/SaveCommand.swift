import Foundation

/// `save`: writes the session as a notebook, atomically.
enum SaveCommand {
  static let usage = "save PATH [--stamped] [--force] [--all]"

  static let command = Command(
    name: "save",
    synopsis: usage,
    summary: "save the session as a replayable notebook (Markdown)",
    discussion: """
      Writes every command run so far with its output, the notes, and prose from opened \
      notebooks, under a first line that records the seed, the model and a SHA-256 of \
      each file read. The file is replaced atomically: a crash leaves the old notebook or \
      the new one, never half of each. help, vars and commands that failed are left \
      out unless --all. --stamped adds the wall-clock time to each new \
      command (# at 2024-05-01T12:03:04Z), for incident timelines; replay ignores it. \
      An existing file that this session did not open or save, or that changed on disk \
      since this session opened or last saved it, is kept unless --force.
      """,
    example: "let peak = 2.5M rps\npeak * 45 ms\nsave notebooks/prime-day.md",
    completion: .files,
    run: { arguments, session in
      let (text, span) = arguments.text()
      let words = TextWords(text)
      guard words.words.count == 1, let typed = words.words.first else {
        throw Diagnostic("expected one file name; usage: \(usage)", span: span)
      }
      for flag in words.flags where !["--stamped", "--force", "--all"].contains(flag) {
        throw Diagnostic("unknown option \(flag); usage: \(usage)", span: span)
      }
      let path = try session.environment.writablePath(typed, span: span)
      let force = words.flags.contains("--force")
      try checkReplaceable(path, typed: typed, session: session, force: force, span: span)
      let all = words.flags.contains("--all")
      let notebook = NotebookWriter.text(
        for: session, savingTo: path, stamped: words.flags.contains("--stamped"), all: all)
      // Checked again right before the write: the file may have changed while the
      // notebook text was being put together.
      try checkReplaceable(path, typed: typed, session: session, force: force, span: span)
      try session.environment.writeFile(notebook, to: typed, expected: path, span: span)
      session.notebook.ownedPaths[path] = SHA256.hex(Array(notebook.utf8))
      let count = session.cells.filter { NotebookWriter.isSaved($0, all: all) }.count
      return .line(
        Markup("saved \(count) command\(count == 1 ? "" : "s") to ") + Markup(typed, .value),
        data: .object([("path", .string(path)), ("commands", .number(Double(count)))]))
    })

  /// Refuses to replace a directory, a file this session has not opened or saved, or one
  /// whose bytes changed since this session opened or last saved it (another shell, an
  /// editor, `git pull`): saving over it would drop what they wrote.
  /// - Parameters:
  ///   - path: the real path about to be written.
  ///   - typed: the path as typed, for messages.
  ///   - session: the session, which knows the files it owns and their hashes.
  ///   - force: `--force`: replace whatever is there.
  ///   - span: where the path was typed.
  /// - Throws: a diagnostic naming the file and saying how to replace it anyway.
  private static func checkReplaceable(
    _ path: String, typed: String, session: Session, force: Bool, span: Span
  ) throws(Diagnostic) {
    var isDirectory: ObjCBool = false
    guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else { return }
    if isDirectory.boolValue {
      throw Diagnostic(
        "\(typed) is a directory; name a file such as \(typed)/notebook.md",
        span: span)
    }
    guard !force else { return }
    guard let recorded = session.notebook.ownedPaths[path] else {
      throw Diagnostic(
        "\(typed) already exists and this session did not open or save it; "
          + "use save \(typed) --force to replace it", span: span)
    }
    let now = NotebookWriter.fileDigest(path)
    if now != recorded {
      throw Diagnostic(
        "\(typed) changed on disk since this session opened or last saved it "
          + "(another shell or an editor wrote it); saving would drop those changes",
        span: span,
        notes: [
          "save to another name and merge by hand, or use save \(typed) --force to "
            + "replace it with this session's notebook"
        ])
    }
  }
}
