import FlowbookKit
import Foundation

/// The progress line of long simulations: drawn on stderr, only on a terminal, only once
/// a run has taken a second, and erased when it ends.
///
/// The library reports progress through `Session.simulation.progress` and draws nothing;
/// notebooks, pipes and `--json` never see the line (it is never on stdout).
enum SimulationProgress {
  private static let line = ProgressLine()

  /// A progress callback for the shell, or nil when stderr is not a terminal.
  static func hook() -> PathSimulation.Progress? {
    guard isatty(STDERR_FILENO) == 1 else { return nil }
    return { fraction in line.update(fraction) }
  }

  /// Erases the line if a run left it drawn (it was interrupted before reaching 100 %).
  static func finish() {
    line.update(1)
  }
}

/// One progress line's state; a share that goes back down is a new run.
///
/// `@unchecked Sendable`: the simulator calls it from the thread that runs the command,
/// and the lock makes that safe even if a caller did not.
private final class ProgressLine: @unchecked Sendable {
  private let lock = NSLock()
  private var started = ContinuousClock.now
  private var last = 1.0
  private var visible = false
  private var shown = -1

  func update(_ fraction: Double) {
    lock.withLock {
      if fraction < last {
        started = ContinuousClock.now
        shown = -1
      }
      last = fraction
      if fraction >= 1 {
        if visible { Output.errorRaw("\r\u{1B}[K", safe: true) }
        visible = false
        return
      }
      guard ContinuousClock.now - started > .seconds(1) else { return }
      let percent = Int((fraction * 100).rounded(.down))
      guard percent != shown else { return }
      shown = percent
      Output.errorRaw("\r\u{1B}[Ksimulating… \(percent)%", safe: true)
      visible = true
    }
  }
}
