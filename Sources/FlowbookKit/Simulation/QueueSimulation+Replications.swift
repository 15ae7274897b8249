import Dispatch
import Foundation
import Quantities

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
  /// 95 % sectioning interval for the 99th-percentile response time: the pooled p99, with
  /// the replication p99s' spread about it (`ConfidenceInterval(sectioning:pooled:)`).
  public var p99Response: ConfidenceInterval {
    ConfidenceInterval(
      sectioning: replications.map(\.p99Response), pooled: merged.p99Response)
  }
  /// Why the p99 interval may cover the truth less often than 95 %, or nil.
  ///
  /// A replication must see the tail many times over for its p99 to mean much; waits in
  /// a queue come in runs (busy periods), so what counts is the tail customers per
  /// relaxation time. The relaxation time of M/M/1, in customers, is ρ/(1 − √ρ)² (Morse,
  /// "Stochastic properties of waiting lines", 1955), scaled by (c²a + c²s)/2 for other
  /// arrival and service variability (Whitt, "Planning queueing simulations", 1989). With
  /// fewer than 1.5 relaxation times' worth of tail customers per replication, measured
  /// coverage of the 95 % interval fell below 90 % (`ReplicationCoverageTests`).
  public var p99Caution: String?

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
    var report = ReplicationReport(
      replications: results, merged: merged, wallClockSeconds: elapsed.seconds)
    report.p99Caution = tailCaution(configuration)
    return report
  }

  /// The caution `ReplicationReport.p99Caution` gives for runs of `configuration`.
  static func tailCaution(_ configuration: QueueConfiguration) -> String? {
    guard configuration.capacity == nil, let rho = configuration.utilisation, rho > 0 else {
      return nil
    }
    let variability =
      (configuration.interarrival.squaredCoefficientOfVariation
        + configuration.service.squaredCoefficientOfVariation) / 2
    let relaxation = max(1, rho / ((1 - rho.squareRoot()) * (1 - rho.squareRoot())) * variability)
    let tail = Double(configuration.customers) * 0.01
    guard tail < 1.5 * relaxation else { return nil }
    let needed = (150 * relaxation).rounded(.up)
    return "p99 interval: \(Quantity.formatNumber(Double(configuration.customers))) customers "
      + "a replication see the tail too few times at ρ = \(Quantity.formatNumber(rho)) to "
      + "cover it 95% of the time; use customers \(Quantity.formatNumber(needed)) or more"
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
