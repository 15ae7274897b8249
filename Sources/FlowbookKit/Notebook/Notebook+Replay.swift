import Foundation

/// One notebook cell run again: what it printed now, beside what was recorded.
public struct CellReplay: Sendable {
  public var cell: NotebookCell
  /// The output now, as a notebook would store it.
  public var output: String
  /// An error the notebook did not record, placed at the cell's line.
  ///
  /// The notebook no longer runs: an unknown command, a file it may not write.
  public var failure: NotebookError?
  /// The verdict of an `expect` cell.
  public var expectation: ExpectationReport?

  /// Whether the command ran and its output differs from the recorded one, byte for byte.
  /// (A command that failed unexpectedly is a `failure`, not drift.)
  public var drifted: Bool { failure == nil && output != cell.output }
}

extension Session {
  /// Runs a notebook's cells in this session, in order, and compares each output.
  ///
  /// Cells run as if typed at the prompt (no file name in their errors), so an error a
  /// notebook shows on purpose is reproduced byte for byte; an error it did not record is
  /// reported at the cell's line in `path`.
  public func replay(_ cells: [NotebookCell], path: String) -> [CellReplay] {
    cells.map { cell in
      let ran = execute(cell.command)
      let output = NotebookWriter.output(of: ran)
      var failure: NotebookError?
      if let diagnostic = ran.diagnostic, output != cell.output {
        failure = Self.place(diagnostic, of: cell, in: path)
      }
      return CellReplay(
        cell: cell, output: output, failure: failure,
        expectation: ExpectationReport(ran))
    }
  }

  /// Replays `notebook` (read from the canonical `path`) into this session.
  ///
  /// Its prose and blocks are kept for `save`; writes and reads are confined to the
  /// notebook's folder meanwhile (reads also to the datasets folder).
  /// - Parameters:
  ///   - notebook: the parsed notebook.
  ///   - path: its canonical path.
  ///   - digest: the SHA-256 of the bytes it was parsed from (read again when nil), so
  ///     that `save` can tell whether someone else changed the file since.
  /// - Returns: Each cell's replay, in order.
  public func open(_ notebook: Notebook, at path: String, digest: String? = nil)
    -> [CellReplay]
  {
    var replays: [CellReplay] = []
    openScoped(notebook, at: path, digest: digest ?? NotebookWriter.fileDigest(path) ?? "") {
      cells, displayPath in
      replays += replay(cells, path: displayPath)
    }
    return replays
  }

  /// Opens `notebook` as the notebook at `path` runs, with `runBlock` deciding how each code
  /// block's cells come into the session (`open` replays them; `open --trust` takes most
  /// as recorded).
  ///
  /// Reads and writes are narrowed to the notebook's folder, the seed is its header's, the
  /// files its header names are recorded as inputs, prose is kept, and the cells each block
  /// adds become that block's cells, so `save` writes the notebook back as it was.
  /// - Parameters:
  ///   - notebook: the parsed notebook.
  ///   - path: its path (the folder confines it).
  ///   - digest: its bytes' SHA-256, so `save` can tell if someone changed it since.
  ///   - runBlock: brings one block's cells into the session; given the cells and the
  ///     notebook's name for messages.
  func openScoped(
    _ notebook: Notebook, at path: String, digest: String,
    runBlock: ([NotebookCell], String) -> Void
  ) {
    let folder = (path as NSString).deletingLastPathComponent
    let displayPath = (path as NSString).lastPathComponent
    let savedWrite = environment.writePolicy
    let savedRead = environment.readPolicy
    self.notebook.openStack.append(path)
    environment.writePolicy = savedWrite.narrowed(to: folder)
    environment.readPolicy = savedRead.narrowed(to: folder)
    defer {
      environment.writePolicy = savedWrite
      environment.readPolicy = savedRead
      self.notebook.openStack.removeLast()
    }
    environment.seed = notebook.header.seed
    for file in notebook.header.files {
      guard
        let absolute = NotebookHeader.FileName.path(
          of: file.path, folder: folder, datasets: workspace.datasetsDirectory)
      else { continue }
      self.notebook.recordInput(absolute, isModel: file.path == notebook.header.model)
    }
    for segment in notebook.segments {
      switch segment {
      case .prose(let text):
        self.notebook.addProse(text)
      case .code(let block):
        let first = cells.count
        runBlock(block.cells, displayPath)
        self.notebook.adopt(block, cells: Array(first..<cells.count))
      }
    }
    self.notebook.ownedPaths[path] = digest
  }

  /// A cell's unexpected error, moved from the command to its line in the notebook.
  static func place(_ diagnostic: Diagnostic, of cell: NotebookCell, in path: String)
    -> NotebookError
  {
    let line = cell.commandLines[0]
    let notes =
      diagnostic.notes + [
        "the notebook recorded other output for this command; if this error is what the "
          + "notebook means to show, paste it under the command as its output"
      ]
    guard cell.commandLines.count == 1, let span = diagnostic.span,
      let range = line.range(of: cell.command)
    else {
      return NotebookError(
        diagnostic.headline, path: path, line: cell.line, lineText: line,
        notes: notes)
    }
    let bytes = Array(cell.command.utf8)
    let start = min(span.start, bytes.count)
    let end = max(start, min(span.end, bytes.count))
    let before = String(decoding: bytes[..<start], as: UTF8.self).count
    let width = String(decoding: bytes[start..<end], as: UTF8.self).count
    let column = line.distance(from: line.startIndex, to: range.lowerBound) + before + 1
    return NotebookError(
      diagnostic.headline, path: path, line: cell.line, lineText: line,
      column: column, width: max(1, width), notes: notes)
  }
}

/// `flowbook replay`: a notebook run again in a fresh session.
public struct NotebookReplay: Sendable {
  public var notebook: Notebook
  /// The name the notebook is reported under (as the user typed it).
  public var displayPath: String
  public var cells: [CellReplay]
  /// Provenance and environment warnings, each one line.
  public var warnings: [String]
  /// The notebook with today's outputs and a refreshed header: what `--update` writes.
  public var updated: Notebook
  /// Each cell's line in `updated` (outputs of another length move later cells).
  public var updatedLines: [Int]

  public var drifted: [CellReplay] { cells.filter(\.drifted) }
  public var failures: [NotebookError] { cells.compactMap(\.failure) }
  public var expectations: [(line: Int, report: ExpectationReport)] {
    cells.compactMap { replay in replay.expectation.map { (replay.cell.line, $0) } }
  }
  public var brokenExpectations: [(line: Int, report: ExpectationReport)] {
    expectations.filter { !$0.report.held }
  }

  /// Replays `notebook`, read from `path`, in a fresh session.
  ///
  /// - Parameters:
  ///   - notebook: the parsed notebook.
  ///   - path: the notebook's file; its folder is where replay may write.
  ///   - displayPath: how to name the notebook in messages (as typed).
  ///   - allowWrite: further folders replay may write to (`--allow-write DIR`).
  ///   - allowRead: further folders replay may read from (`--allow-read DIR`), besides
  ///     the notebook's folder and the datasets folder.
  ///   - registry: the commands available (the standard set unless testing).
  ///   - workspace: the starting model, when already loaded (see `Session.init`).
  public init(
    _ notebook: Notebook, path: String, displayPath: String, allowWrite: [String] = [],
    allowRead: [String] = [], registry: CommandRegistry = .standard,
    workspace: ModelWorkspace? = nil
  ) {
    let here = FileManager.default.currentDirectoryPath
    let file = PathResolver.canonical(path, relativeTo: here)
    let folder = (file as NSString).deletingLastPathComponent
    var directory = PathResolver.canonical(notebook.header.directory, relativeTo: folder)
    var directoryWarnings: [String] = []
    var isDirectory: ObjCBool = false
    if !FileManager.default.fileExists(atPath: directory, isDirectory: &isDirectory)
      || !isDirectory.boolValue
    {
      directoryWarnings.append(
        "warning: \(displayPath):1: the working directory "
          + "dir=\(notebook.header.directory) does not exist; replaying in the notebook's folder")
      directory = folder
    }
    let allowed = [folder] + allowWrite.map { PathResolver.canonical($0, relativeTo: here) }
    let readable = [folder] + allowRead.map { PathResolver.canonical($0, relativeTo: here) }
    let session = Session(
      registry: registry,
      environment: SessionEnvironment(
        workingDirectory: directory, seed: notebook.header.seed, writePolicy: .within(allowed),
        readPolicy: .within(readable)), workspace: workspace)
    let warnings =
      Self.provenanceWarnings(
        notebook.header, folder: folder, datasets: session.workspace.datasetsDirectory,
        name: displayPath, gate: session.readGate) + directoryWarnings
    let cells = session.replay(notebook.cells, path: displayPath)
    self.notebook = notebook
    self.displayPath = displayPath
    self.cells = cells
    self.warnings = warnings
    var updated = notebook.replacingOutputs(cells.map(\.output))
    let header = Self.refreshedHeader(notebook.header, folder: folder, session: session)
    if header != notebook.header, let line = notebook.headerLine {
      updated.header = header
      updated.headerLine = header.rendered + (line.hasSuffix("\r\n") ? "\r\n" : "\n")
    }
    let renumbered = try? NotebookParser.parse(updated.rendered(), path: displayPath)
    self.updated = renumbered ?? updated
    self.updatedLines = (renumbered ?? updated).cells.map(\.line)
  }

  /// Warnings for files whose hash changed or that are gone, and for another version.
  ///
  /// A listed file outside the folders replay may read is not hashed: the header is the
  /// notebook author's, and a hash compared is a little of the file told.
  static func provenanceWarnings(
    _ header: NotebookHeader, folder: String, datasets: String?, name: String, gate: ReadGate
  ) -> [String] {
    var warnings: [String] = []
    for file in header.files {
      let absolute = NotebookHeader.FileName.path(
        of: file.path, folder: folder, datasets: datasets)
      if let absolute, (try? gate.check(absolute, relativeTo: folder)) == nil {
        warnings.append(
          "warning: \(name):1: \(file.path) was not checked: it is outside the folders "
            + "replay may read (pass --allow-read DIR to check it)")
        continue
      }
      guard let absolute, let digest = NotebookWriter.fileDigest(absolute) else {
        warnings.append(
          "warning: \(name):1: \(file.path) is missing or unreadable; "
            + "the notebook was recorded with it (sha256 \(file.sha256.prefix(12))…)")
        continue
      }
      if digest != file.sha256 {
        warnings.append(
          "warning: \(name):1: \(file.path) changed since the notebook was "
            + "recorded (sha256 \(file.sha256.prefix(12))… then, \(digest.prefix(12))… now)")
      }
    }
    if let version = header.flowbookVersion, version != FlowbookVersion.current {
      warnings.append(
        "note: \(name):1: recorded with flowbook \(version); "
          + "replaying with \(FlowbookVersion.current)")
    }
    return warnings
  }

  /// The header `--update` writes: this version, and today's hash of every file listed
  /// or read during replay.
  static func refreshedHeader(_ header: NotebookHeader, folder: String, session: Session)
    -> NotebookHeader
  {
    var refreshed = header
    refreshed.flowbookVersion = FlowbookVersion.current
    let datasets = session.workspace.datasetsDirectory
    func name(_ file: String) -> String {
      NotebookHeader.FileName.name(
        of: PathResolver.canonical(file, relativeTo: folder), folder: folder, datasets: datasets)
    }
    var files: [NotebookHeader.FileDigest] = []
    var seen = Set<String>()
    for old in header.files {
      // An old header's `../datasets/x` becomes `@datasets/x`, so `--update` makes a
      // notebook portable.
      let absolute = NotebookHeader.FileName.path(of: old.path, folder: folder, datasets: datasets)
      guard let absolute else {
        if seen.insert(old.path).inserted { files.append(old) }
        continue
      }
      guard seen.insert(absolute).inserted else { continue }
      let readable = (try? session.readGate.check(absolute, relativeTo: folder)) != nil
      let digest = (readable ? NotebookWriter.fileDigest(absolute) : nil) ?? old.sha256
      files.append(.init(path: readable ? name(absolute) : old.path, sha256: digest))
    }
    // Files the replay read on request (`load`), not the implicit catalogs: a header that
    // did not list those (hand-written, or saved without datasets) is left as it was.
    // `load` records the path as typed; the header's paths are canonical (links followed).
    // Compare canonical forms, or a dataset reached through a link is listed twice.
    for absolute in session.notebook.inputs
    where seen.insert(PathResolver.canonical(absolute, relativeTo: folder)).inserted {
      guard let digest = NotebookWriter.fileDigest(absolute) else { continue }
      files.append(.init(path: name(absolute), sha256: digest))
    }
    refreshed.files = files
    if let loaded = session.notebook.modelFile {
      refreshed.model = name(loaded)
    } else if let model = header.model,
      let absolute = NotebookHeader.FileName.path(of: model, folder: folder, datasets: datasets)
    {
      refreshed.model = name(absolute)
    }
    return refreshed
  }
}
