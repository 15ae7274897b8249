import Foundation

/// Turning a dead shell's journal into a notebook.
extension Journal.Recovered {
  /// The commands run again in a fresh session and written as a stamped notebook.
  ///
  /// Why run them again rather than list them: a notebook with outputs is what the person
  /// was building, and replay can check it. The session may write nowhere, so a `save`
  /// or `export` in the journal cannot overwrite a file a second time; such cells are
  /// left out of the notebook like any `save`.
  /// - Parameter path: where the notebook will be written (for its header's paths).
  public func notebookText(savingTo path: String, registry: CommandRegistry = .standard)
    -> String
  {
    var directory = workingDirectory
    var isDirectory: ObjCBool = false
    if directory.isEmpty || !FileManager.default.fileExists(atPath: directory, isDirectory: &isDirectory)
      || !isDirectory.boolValue
    {
      directory = FileManager.default.currentDirectoryPath
    }
    let session = Session(registry: registry, environment: SessionEnvironment(
      workingDirectory: directory, seed: seed, writePolicy: .within([])))
    session.notebook.addNote("# Recovered flowbook session")
    session.notebook.addNote(
      "Recovered from the journal of a flowbook shell (pid \(processID)) started at "
        + "\(started), which stopped without exiting. Each command was run again to "
        + "produce its output; the times are when it was first entered.")
    for (stamp, command) in commands {
      session.execute(command)
      session.notebook.setStamp(stamp, forCell: session.cells.count - 1)
    }
    return NotebookWriter.text(for: session, savingTo: path, stamped: true)
  }

  /// Where a recovered notebook goes: `recovered/` beside the journal directory.
  public func notebookPath() -> String {
    let journals = (path as NSString).deletingLastPathComponent
    let folder = (journals as NSString).deletingLastPathComponent + "/recovered"
    let stamp = started.replacingOccurrences(of: ":", with: "")
    return folder + "/session-\(stamp.isEmpty ? "unknown" : stamp)-\(processID).md"
  }
}

extension Journal {
  /// A journal recovered and written out as a notebook.
  public struct Recovery: Sendable {
    public var notebookPath: String
    public var commandCount: Int
    public var started: String
    public var processID: Int32
  }

  /// Recovers every abandoned journal in `directory`: writes each as a notebook, then
  /// removes the journal. Empty journals are removed silently.
  ///
  /// A journal is first renamed to `.recovering-<our pid>`, so two shells starting at
  /// once never recover the same journal twice.
  public static func recoverAbandoned(in directory: String, registry: CommandRegistry = .standard)
    -> [Recovery]
  {
    var recoveries: [Recovery] = []
    for path in abandoned(in: directory) {
      let original = path.components(separatedBy: ".recovering-")[0]
      let claimed = original + ".recovering-\(getpid())"
      guard rename(path, claimed) == 0, var recovered = read(claimed) else { continue }
      recovered.path = original
      guard !recovered.commands.isEmpty else {
        _ = unlink(claimed)
        continue
      }
      let target = recovered.notebookPath()
      let folder = (target as NSString).deletingLastPathComponent
      try? FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
      do {
        try AtomicFile.write(recovered.notebookText(savingTo: target, registry: registry), to: target)
      } catch {
        _ = rename(claimed, original)
        continue
      }
      _ = unlink(claimed)
      recoveries.append(Recovery(
        notebookPath: target, commandCount: recovered.commands.count,
        started: recovered.started, processID: recovered.processID))
    }
    return recoveries
  }
}
