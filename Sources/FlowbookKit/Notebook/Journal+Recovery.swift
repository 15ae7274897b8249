import Foundation

/// Turning a dead shell's journal into a notebook.
extension Journal.Recovered {
  /// The commands run again in a fresh session and written as a stamped notebook.
  ///
  /// Why run them again rather than list them: a notebook with outputs is what the person
  /// was building, and replay can check it. The session may write nowhere, so a `save`
  /// or `export` in the journal cannot overwrite a file a second time; such cells are
  /// left out of the notebook like any `save`.
  ///
  /// Re-running is bounded in time: a shell is often killed *because* a command ran too
  /// long, and the next shell must not hang on it at start-up. The command running at
  /// `deadline` is stopped (`Interruption`), and it and every later command are written as
  /// text under a note, so nothing typed is lost and nothing slow runs again unasked.
  ///
  /// - Parameters:
  ///   - path: where the notebook will be written (for its header's paths).
  ///   - registry: the commands available (the standard set unless testing).
  ///   - budget: seconds of re-running allowed in all, as the note states it.
  ///   - deadline: when re-running stops; `budget` seconds from now unless given (one
  ///     deadline shared by every journal a start recovers).
  ///   - willRun: called with each command's index and text just before it runs again
  ///     (recovery records its progress there).
  /// - Returns: The recovered notebook's text, stamped with when each command was typed.
  public func notebookText(
    savingTo path: String, registry: CommandRegistry = .standard, budget: Double = 10,
    deadline: ContinuousClock.Instant? = nil, willRun: (Int, String) -> Void = { _, _ in }
  ) -> String {
    var directory = workingDirectory
    var isDirectory: ObjCBool = false
    let exists = FileManager.default.fileExists(atPath: directory, isDirectory: &isDirectory)
    if directory.isEmpty || !exists || !isDirectory.boolValue {
      directory = FileManager.default.currentDirectoryPath
    }
    let session = Session(
      registry: registry,
      environment: SessionEnvironment(
        workingDirectory: directory, seed: seed, writePolicy: .within([])))
    session.notebook.addNote("# Recovered flowbook session")
    session.notebook.addNote(
      "Recovered from the journal of a flowbook shell (pid \(processID)) started at "
        + "\(started), which stopped without exiting. Each command was run again to "
        + "produce its output; the times are when it was first entered.")
    let interruption = Interruption(deadline: deadline ?? Journal.deadline(budget: budget))
    session.environment.interruption = interruption
    var rerun = 0
    for (index, (stamp, command)) in commands.enumerated() {
      if interruption.isRequested { break }
      willRun(index, command)
      let cell = session.execute(command)
      if !cell.succeeded && interruption.isRequested { break }  // stopped: not recorded
      session.notebook.setStamp(stamp, forCell: session.cells.count - 1)
      rerun += 1
    }
    if rerun < commands.count {
      let left = commands[rerun...].map { "fb> " + $0.command }.joined(separator: "\n")
      session.notebook.addNote(
        "Not run again: recovery re-runs commands for at most "
          + "\(SimulationText.number(budget)) s in all, and these were left (the first was still "
          + "running then). Run them yourself if you still need them:\n\n```text\n"
          + left + "\n```")
    }
    return NotebookWriter.text(for: session, savingTo: path, stamped: true, all: true)
  }

  /// Where a recovered notebook goes: `recovered/` beside the journal directory.
  public func notebookPath() -> String {
    let journals = (path as NSString).deletingLastPathComponent
    let folder = (journals as NSString).deletingLastPathComponent + "/recovered"
    let stamp = started.replacingOccurrences(of: ":", with: "")
    return folder + "/session-\(stamp.isEmpty ? "unknown" : stamp)-\(processID).md"
  }
}
