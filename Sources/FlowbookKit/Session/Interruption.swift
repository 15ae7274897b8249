import Synchronization

/// A request, from outside a running command, that it stop: the shell's Ctrl-C.
///
/// Why a flag the work polls rather than a signal that unwinds it: a simulation owns
/// threads, heaps and half-merged statistics, and only the loop itself knows a point where
/// stopping leaves nothing half-done. The long loops (simulation slices, a queue's events,
/// replications, sweep points) look at the flag between steps and throw
/// `Interruption.stopped`; the session keeps its state from before the command, and the
/// interrupted command is not written to the notebook (it has no result to replay).
public final class Interruption: Sendable {
  private let requested = Atomic<Bool>(false)
  private let deadline: ContinuousClock.Instant?

  /// - Parameter deadline: when set, a stop counts as requested from then on (journal
  ///   recovery's time budget): read where the loops look, so no timer thread is needed.
  public init(deadline: ContinuousClock.Instant? = nil) {
    self.deadline = deadline
  }

  /// Asks the running command to stop.
  ///
  /// One lock-free store: safe in a signal handler.
  public func request() {
    requested.store(true, ordering: .relaxed)
  }

  /// Forgets a request (before the next command starts).
  public func clear() {
    requested.store(false, ordering: .relaxed)
  }

  /// Whether a stop was asked for since the last `clear()`, or the deadline has passed.
  public var isRequested: Bool {
    if requested.load(ordering: .relaxed) { return true }
    guard let deadline else { return false }
    return ContinuousClock.now >= deadline
  }

  /// The error a stopped command ends with; `progress` says how far it got, if known.
  public static func stopped(_ what: String, progress: Double? = nil) -> Diagnostic {
    let share = progress.map { " at \(TimeFormat.share($0))" } ?? ""
    return Diagnostic(
      "\(messagePrefix)\(what) stopped\(share); the session is as it was before the command")
  }

  /// How every message of a stopped command starts.
  static let messagePrefix = "interrupted: "

  /// Throws `stopped(what)` when a stop was asked for.
  public func check(_ what: @autoclosure () -> String, progress: Double? = nil)
    throws(Diagnostic)
  {
    if isRequested { throw Self.stopped(what(), progress: progress) }
  }
}

extension Diagnostic {
  /// Whether this is a command stopped at the user's request (no place in the source).
  public var isInterruption: Bool { message.hasPrefix(Interruption.messagePrefix) }
}
