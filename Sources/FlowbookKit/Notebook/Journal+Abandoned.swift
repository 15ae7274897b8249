import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Recovering every journal a start finds, without a crash in one becoming a crash loop.
///
/// Recovery re-runs commands, and a command that crashed the shell that typed it crashes
/// the shell that re-runs it too. So a journal is marked before any of it runs again (it
/// is renamed to `.recovering-<pid>` and the directory flushed), and the index of the
/// command being re-run is written and flushed to `<journal>.progress` before it runs. A
/// start that finds a journal still marked by a process that is gone knows that recovery
/// died: it moves the journal, untouched, to `quarantine/` beside the journal directory,
/// says which command was running, and runs none of it.
extension Journal {
  /// A journal recovered and written out as a notebook.
  public struct Recovery: Sendable {
    public var notebookPath: String
    public var commandCount: Int
    public var started: String
    public var processID: Int32
  }

  /// A journal whose earlier recovery died, moved aside and not run again.
  public struct Quarantine: Sendable {
    /// Where the journal is now (every line as it was).
    public var journalPath: String
    /// How many commands it holds.
    public var commandCount: Int
    /// The command being re-run when recovery died, with its 1-based number; nil when it
    /// died before re-running any.
    public var command: (number: Int, text: String)?
  }

  /// What one start's recovery did.
  public struct RecoveryReport: Sendable {
    public var recovered: [Recovery] = []
    public var quarantined: [Quarantine] = []
    /// Journals a failed move left where they were (each with the reason); none is run.
    public var stuck: [(path: String, reason: String)] = []
    /// Journals not reached before the budget ran out; the next start recovers them.
    public var leftForLater: [String] = []
    /// The seconds of re-running allowed across all journals.
    public var budget: Double
  }

  /// The budget recovery uses unless told otherwise: 10 s in all.
  public static let defaultRecoveryBudget = 10.0
  /// The largest budget accepted (an hour).
  public static let maximumRecoveryBudget = 3_600.0

  /// A budget as messages state it: `10 s`, `0.5 s`.
  /// - Parameter seconds: the budget.
  /// - Returns: The number and its unit.
  public static func budgetText(_ seconds: Double) -> String {
    SimulationText.number(seconds) + " s"
  }

  /// The deadline `budget` seconds from now.
  ///
  /// A budget outside 0...`maximumRecoveryBudget` is clamped into it (the default when NaN).
  /// - Parameter budget: seconds.
  /// - Returns: The instant re-running must stop.
  static func deadline(budget: Double) -> ContinuousClock.Instant {
    let seconds = budget.isNaN ? defaultRecoveryBudget : min(max(budget, 0), maximumRecoveryBudget)
    return .now + .milliseconds(Int((seconds * 1_000).rounded()))
  }

  /// Recovers the abandoned journals in `directory`, oldest first, within one time budget.
  ///
  /// Each is written out as a notebook under `recovered/`, then removed; empty journals are
  /// removed silently. A journal whose earlier recovery died is moved to `quarantine/`. The
  /// budget is one total: re-running stops when it is spent, and journals not yet begun are
  /// left for the next start. Renaming a journal to `.recovering-<our pid>` also keeps two
  /// shells starting at once from recovering it twice.
  ///
  /// - Parameters:
  ///   - directory: the journal directory.
  ///   - registry: the commands available (the standard set unless testing).
  ///   - budget: seconds of re-running allowed across all journals.
  ///   - willRun: called with each command just before it runs again (a test hook).
  /// - Returns: What was recovered, quarantined and left.
  public static func recoverAbandoned(
    in directory: String, registry: CommandRegistry = .standard,
    budget: Double = Journal.defaultRecoveryBudget, willRun: (String) -> Void = { _ in }
  ) -> RecoveryReport {
    var report = RecoveryReport(budget: budget)
    let deadline = Self.deadline(budget: budget)
    for path in abandoned(in: directory) {
      let original = path.components(separatedBy: ".recovering-")[0]
      if path != original {
        quarantine(path, original: original, into: &report)
      } else if ContinuousClock.now >= deadline {
        report.leftForLater.append(path)
      } else if let recovery = recover(
        path, registry: registry, budget: budget, deadline: deadline, willRun: willRun)
      {
        report.recovered.append(recovery)
      }
    }
    return report
  }

  /// Claims, re-runs and writes out one journal; nil when it was empty or not ours.
  private static func recover(
    _ path: String, registry: CommandRegistry, budget: Double,
    deadline: ContinuousClock.Instant, willRun: (String) -> Void
  ) -> Recovery? {
    let directory = (path as NSString).deletingLastPathComponent
    let claimed = path + ".recovering-\(getpid())"
    guard rename(path, claimed) == 0 else { return nil }
    AtomicFile.syncDirectory(directory)  // the mark is on disk before anything runs
    guard var recovered = read(claimed), !recovered.commands.isEmpty else {
      _ = unlink(claimed)
      return nil
    }
    recovered.path = path
    let progress = ProgressLog(path: path + ".progress")
    defer { progress.remove() }
    let target = recovered.notebookPath()
    let folder = (target as NSString).deletingLastPathComponent
    try? FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
    do {
      let text = recovered.notebookText(
        savingTo: target, registry: registry, budget: budget, deadline: deadline,
        willRun: { index, command in
          progress.record(index)
          willRun(command)
        })
      try AtomicFile.write(text, to: target)
    } catch {
      _ = rename(claimed, path)
      return nil
    }
    _ = unlink(claimed)
    return Recovery(
      notebookPath: target, commandCount: recovered.commands.count,
      started: recovered.started, processID: recovered.processID)
  }

  /// Moves a journal whose recovery died into `quarantine/`, with its progress file.
  private static func quarantine(
    _ path: String, original: String, into report: inout RecoveryReport
  ) {
    let journals = (path as NSString).deletingLastPathComponent
    let folder = (journals as NSString).deletingLastPathComponent + "/quarantine"
    let name = (original as NSString).lastPathComponent
    let target = folder + "/" + name
    let recovered = read(path)
    let index = ProgressLog.last(in: original + ".progress")
    do {
      try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
    } catch {
      report.stuck.append((path, "cannot create \(folder)"))
      return
    }
    guard access(target, F_OK) != 0 else {
      report.stuck.append((path, "\(target) already exists"))
      return
    }
    guard rename(path, target) == 0 else {
      // Another shell starting at the same moment moved it first: nothing to say.
      if errno != ENOENT { report.stuck.append((path, String(cString: strerror(errno)))) }
      return
    }
    _ = rename(original + ".progress", target + ".progress")
    AtomicFile.syncDirectory(journals)
    AtomicFile.syncDirectory(folder)
    let commands = recovered?.commands ?? []
    var running: (number: Int, text: String)?
    if let index, commands.indices.contains(index) {
      running = (index + 1, commands[index].command)
    }
    report.quarantined.append(
      Quarantine(journalPath: target, commandCount: commands.count, command: running))
  }
}

/// `<journal>.progress`: the index of each command recovery re-runs, flushed before it runs,
/// so a recovery that dies leaves word of which command it was running.
private final class ProgressLog {
  private let path: String
  private var descriptor: Int32

  init(path: String) {
    self.path = path
    descriptor = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_APPEND, 0o600)
  }

  deinit {
    if descriptor >= 0 { _ = close(descriptor) }
  }

  /// Appends `index` and flushes it; a failure only loses the detail of a later message.
  func record(_ index: Int) {
    guard descriptor >= 0 else { return }
    let bytes = Array("\(index)\n".utf8)
    let written = bytes.withUnsafeBytes { progressWrite(descriptor, $0.baseAddress, $0.count) }
    if written == bytes.count { _ = fsync(descriptor) }
  }

  /// Closes and deletes the log (recovery finished, or gave the journal back).
  func remove() {
    if descriptor >= 0 { _ = close(descriptor) }
    descriptor = -1
    _ = unlink(path)
  }

  /// The last complete index in a progress log, if any.
  static func last(in path: String) -> Int? {
    guard let data = FileManager.default.contents(atPath: path) else { return nil }
    let lines = data.split(separator: UInt8(ascii: "\n"))
    let complete = data.last == UInt8(ascii: "\n") ? lines : lines.dropLast()
    return complete.last.flatMap { Int(String(decoding: $0, as: UTF8.self)) }
  }
}

/// `write(2)`, named apart from members called `write`.
private func progressWrite(_ descriptor: Int32, _ bytes: UnsafeRawPointer?, _ count: Int) -> Int {
  #if canImport(Glibc)
  Glibc.write(descriptor, bytes, count)
  #else
  Darwin.write(descriptor, bytes, count)
  #endif
}
