import FlowbookKit
import Foundation

/// The shell's side of the journal: recover what a killed shell left, then journal.
///
/// Only the shell journals; `-e`, `run` and `replay` read their commands from
/// arguments or files that already exist.
enum ShellJournal {
  /// Recovers abandoned journals (saying so on stderr) and opens this shell's journal.
  static func start(seed: UInt64) -> Journal? {
    let environment = ProcessInfo.processInfo.environment
    guard let directory = Journal.defaultDirectory(environment: environment) else { return nil }
    for recovery in Journal.recoverAbandoned(in: directory) {
      let count = recovery.commandCount
      Output.error(
        """
        flowbook: recovered \(count) command\(count == 1 ? "" : "s") from \(recovery.started) \
        (a shell, pid \(recovery.processID), that did not exit cleanly)
          notebook: \(recovery.notebookPath)
          continue it with: open \(recovery.notebookPath)
        """)
    }
    do {
      return try Journal(
        directory: directory,
        workingDirectory: FileManager.default.currentDirectoryPath, seed: seed)
    } catch {
      Output.error("warning: this session is not journalled: \(error.diagnostic.message)")
      return nil
    }
  }
}

extension Driver {
  /// Notes that the command just journalled was interrupted: recovery leaves it out.
  func journalInterruption() {
    try? journal?.recordInterruption()
  }

  /// Journals a command before it runs; a failure to journal is said once, not fatal.
  func journalCommand(_ text: String) {
    guard let journal else { return }
    do {
      try journal.record(text)
    } catch {
      Output.error("warning: journalling stopped: \(error.diagnostic.message)")
      self.journal = nil
    }
  }
}
