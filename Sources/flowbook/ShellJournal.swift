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
    let report = Journal.recoverAbandoned(
      in: directory, budget: recoveryBudget(environment), willRun: FaultInjection.check)
    say(report, directory: directory)
    do {
      return try Journal(
        directory: directory,
        workingDirectory: FileManager.default.currentDirectoryPath, seed: seed)
    } catch {
      Output.error("warning: this session is not journalled: \(error.diagnostic.message)")
      return nil
    }
  }

  /// `FLOWBOOK_RECOVERY_BUDGET` (seconds, 0 to 3600), else 10 s.
  private static func recoveryBudget(_ environment: [String: String]) -> Double {
    guard let text = environment["FLOWBOOK_RECOVERY_BUDGET"] else {
      return Journal.defaultRecoveryBudget
    }
    guard let seconds = Double(text), (0...Journal.maximumRecoveryBudget).contains(seconds) else {
      Output.error(
        "warning: FLOWBOOK_RECOVERY_BUDGET=\(text) is not a number of seconds from 0 to "
          + "\(Int(Journal.maximumRecoveryBudget)); recovering for "
          + "\(Int(Journal.defaultRecoveryBudget)) s")
      return Journal.defaultRecoveryBudget
    }
    return seconds
  }

  /// Tells the user, on stderr, what recovery did, moved aside and left.
  private static func say(_ report: Journal.RecoveryReport, directory: String) {
    for recovery in report.recovered {
      let count = recovery.commandCount
      Output.error(
        """
        flowbook: recovered \(count) command\(count == 1 ? "" : "s") from \(recovery.started) \
        (a shell, pid \(recovery.processID), that did not exit cleanly)
          notebook: \(recovery.notebookPath)
          continue it with: open \(recovery.notebookPath)
        """)
    }
    for moved in report.quarantined {
      let count = moved.commandCount
      // The command as the journal spells it: a CR or an escape sequence in it is shown,
      // not sent to the terminal.
      let running =
        moved.command.map {
          "while re-running command \($0.number) of \(count): \(Journal.encodeLine($0.text))"
        }
        ?? "while recovering a journal of \(count) command\(count == 1 ? "" : "s"), before it "
        + "recorded re-running any"
      Output.error(
        """
        flowbook: an earlier start stopped \(running)
          that journal was moved aside and is not run again; every command typed is in it:
          \(moved.journalPath)
        """)
    }
    for (path, reason) in report.stuck {
      Output.error(
        "warning: an earlier start stopped while recovering \(path); it could not be moved "
          + "aside (\(reason)) and is not run again")
    }
    guard !report.leftForLater.isEmpty else { return }
    let left = report.leftForLater.count
    Output.error(
      "flowbook: recovery stopped at its budget of \(Journal.budgetText(report.budget)) in all; "
        + "\(left) journal\(left == 1 ? " is" : "s are") left in \(directory) for the next start")
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
