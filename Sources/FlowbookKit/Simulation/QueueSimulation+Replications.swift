import Dispatch
import Foundation

/// The outcome of independent replications of one queue simulation.
public struct ReplicationReport: Sendable {
  /// Each replication's statistics, in replication order.
  public var replications: [QueueStatistics]
  /// All replications merged in replication order (counts, sums, histograms).
  public var merged: QueueStatistics
  /// Wall-clock seconds for all replications together; reported, never compared.
  public var wallClockSeconds: Double

  /// 95 % interval for the mean wait in queue, Wq, from the replication means.
  public var meanWait: ConfidenceInterval { interval(\.meanWait) }
  /// 95 % interval for the probability of waiting.
  public var waitProbability: ConfidenceInterval { interval(\.waitProbability) }
  /// 95 % interval for the mean response time, W.
  public var meanResponse: ConfidenceInterval { interval(\.meanResponse) }
  /// 95 % interval for the blocking probability.
  public var blockingProbability: ConfidenceInterval { interval(\.blockingProbability) }
  /// 95 % interval for the 99th-percentile response time (replication p99s).
  public var p99Response: ConfidenceInterval { interval(\.p99Response) }

  /// Events per wall-clock second over all replications; reported, never compared.
  public var eventsPerSecond: Double {
    wallClockSeconds > 0 ? Double(merged.events) / wallClockSeconds : 0
  }

  private func interval(_ estimate: (QueueStatistics) -> Double) -> ConfidenceInterval {
    ConfidenceInterval(estimates: replications.map(estimate))
  }
}

extension QueueSimulation {
  /// Runs `replications` independent replications and summarises them with 95 %
  /// confidence intervals.
  ///
  /// Replication r draws from `SeededGenerator(seed: seed, stream: r)`, so it is
  /// reproducible on its own. With `parallel` the replications are spread over the
  /// cores with `DispatchQueue.concurrentPerform`; each writes only its own slot and the
  /// slots are merged in replication order afterwards, so the report's statistics are
  /// bit-identical whether the run was parallel or serial and however threads were
  /// scheduled.
  ///
  /// - Parameters:
  ///   - configuration: The system; its warm-up is discarded in every replication.
  ///   - seed: Fixes every replication.
  ///   - replications: At least 2.
  ///   - parallel: Use every core (the default) or run one replication after another.
  ///   - interruption: Polled every 2^16 events; a request stops every replication.
  /// - Returns: Every replication's statistics, their merge and the 95 % intervals.
  /// - Throws: `QueueSimulationError` for an invalid configuration or < 2 replications.
  /// - Complexity: O(R·n log c) time over R replications of n customers; O(R·b) memory
  ///   for their histograms of b buckets.
  public static func replicate(
    _ configuration: QueueConfiguration, seed: UInt64, replications: Int,
    parallel: Bool = true, interruption: Interruption? = nil
  ) throws(QueueSimulationError) -> ReplicationReport {
    try configuration.validate()
    guard replications >= 2 else {
      throw .invalidCount("replications", replications, minimum: 2)
    }
    let slots = Slots<QueueStatistics?>(count: replications)
    let clock = ContinuousClock()
    let elapsed = clock.measure {
      let work: @Sendable (Int) -> Void = { index in
        let generator = SeededGenerator(seed: seed, stream: UInt64(index))
        slots[index] = simulate(configuration, generator: generator, interruption: interruption)
      }
      if parallel {
        DispatchQueue.concurrentPerform(iterations: replications, execute: work)
      } else {
        for index in 0..<replications { work(index) }
      }
    }
    let finished = slots.values
    let results = finished.compactMap { $0 }
    guard results.count == finished.count else { throw .interrupted }
    var merged = QueueStatistics()
    for result in results { merged.merge(result) }
    return ReplicationReport(
      replications: results, merged: merged, wallClockSeconds: elapsed.seconds)
  }
}

/// Result slots that concurrent workers fill, one index each.
///
/// A lock guards the array: a worker holds it only to store its finished result, once
/// per replication, so it costs nothing measurable and keeps Swift 6's checker satisfied
/// without unsafe pointers.
final class Slots<Value: Sendable>: @unchecked Sendable {
  private let lock = NSLock()
  private var storage: [Value?]

  init(count: Int) {
    storage = Array(repeating: nil, count: count)
  }

  subscript(index: Int) -> Value? {
    get { lock.withLock { storage[index] } }
    set { lock.withLock { storage[index] = newValue } }
  }

  /// Every slot's value, in index order; traps if a worker did not fill its slot.
  var values: [Value] {
    lock.withLock {
      storage.enumerated().map { index, value in
        guard let value else { preconditionFailure("replication \(index) produced nothing") }
        return value
      }
    }
  }
}
