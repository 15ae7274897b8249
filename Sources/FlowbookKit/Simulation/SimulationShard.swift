import Foundation

/// A simulation result that can be written to a file, read back and merged with others:
/// named counters, named sums and named latency histograms.
///
/// Long or swept simulations run as shards (replications, sweep points, separate
/// processes); each writes its shard file and a final step merges them. Merging is
/// exact: counters and histogram counts add as integers and sums add in file order, so
/// merging shards `[a, b, c]` gives bit for bit what merging the same results in memory
/// in that order gives. Merging is also checked: a counter that would pass 2⁶⁴ − 1, a sum
/// that would stop being finite or histograms of different precision are refused, never
/// wrapped or trapped on (`ShardMergeConflict`).
///
/// The file format, its checksum and its bounds are in `SimulationShard+Text.swift`.
public struct SimulationShard: Sendable, Equatable {
  /// What was simulated (the run's title and a fingerprint); nil in shards built in memory.
  public var run: String?
  /// The replication indexes merged into this shard, ascending.
  public var replications: [Int] = []
  /// Each replication's own figures (mean wait, p99, shares…) by index, so that a merge of
  /// many replications gives every figure a 95 % interval, as `replications N` does.
  public var estimates: [Int: [String: Double]] = [:]
  /// Integer totals (customers, events, …) by name; merged by adding.
  public var counters: [String: UInt64] = [:]
  /// Floating-point totals (summed waits, simulated time, …) by name; merged by adding.
  public var sums: [String: Double] = [:]
  /// Latency histograms by name; merged bucket by bucket.
  public var histograms: [String: StreamingHistogram] = [:]

  /// Creates a shard from its records.
  ///
  /// - Parameters:
  ///   - counters: Integer totals by name.
  ///   - sums: Floating-point totals by name.
  ///   - histograms: Latency histograms by name.
  public init(
    counters: [String: UInt64] = [:], sums: [String: Double] = [:],
    histograms: [String: StreamingHistogram] = [:]
  ) {
    self.counters = counters
    self.sums = sums
    self.histograms = histograms
  }

  // MARK: - Bounds

  /// The largest replication index a shard may hold (`simulate … replication K` refuses
  /// larger ones): a merge lists the replications missing below the highest, so an index
  /// of 10¹⁵ would ask for a list of 10¹⁵ numbers.
  public static let largestReplication = 999_999

  /// The largest value an estimate may have: estimates are shares (0…1) and times in
  /// seconds, and the simulator records no latency of 146 years (4.6 × 10⁹ s) or more.
  public static let largestEstimate = 4.6e9

  // MARK: - Merging

  /// Adds `other` into this shard: counters and sums add, histograms merge, replication
  /// lists join; names only in `other` are copied. (Whether the two belong together is
  /// `merged(contentsOf:)`'s check, which knows the files.)
  ///
  /// Every check runs before anything changes, so a refused merge leaves this shard as
  /// it was.
  ///
  /// - Parameter other: The shard to add.
  /// - Throws: `ShardMergeConflict` naming the figure that would overflow or the
  ///   histogram of another precision.
  /// - Complexity: O(k + b·h) for k names and h histograms of b buckets.
  public mutating func merge(_ other: SimulationShard) throws(ShardMergeConflict) {
    try checkMerge(other)
    run = run ?? other.run
    replications = (replications + other.replications).sorted()
    estimates.merge(other.estimates) { mine, _ in mine }
    counters.merge(other.counters, uniquingKeysWith: +)
    sums.merge(other.sums, uniquingKeysWith: +)
    for (name, histogram) in other.histograms {
      if histograms[name] == nil {
        histograms[name] = histogram
      } else {
        histograms[name]?.merge(histogram)
      }
    }
  }

  /// Throws the first figure of `other` that cannot be added to this shard's.
  private func checkMerge(_ other: SimulationShard) throws(ShardMergeConflict) {
    for name in other.counters.keys.sorted() {
      guard let mine = counters[name], let theirs = other.counters[name] else { continue }
      if mine.addingReportingOverflow(theirs).overflow { throw .overflow("counter \(name)") }
    }
    for name in other.sums.keys.sorted() {
      guard let mine = sums[name], let theirs = other.sums[name] else { continue }
      if !(mine + theirs).isFinite { throw .overflow("sum \(name)") }
    }
    for name in other.histograms.keys.sorted() {
      guard let mine = histograms[name], let theirs = other.histograms[name] else { continue }
      let (digits, otherDigits) = (mine.significantDigits, theirs.significantDigits)
      guard digits == otherDigits else {
        throw .precision(histogram: name, digits: digits, otherDigits: otherDigits)
      }
      if mine.count.addingReportingOverflow(theirs.count).overflow {
        throw .overflow("histogram \(name)'s count")
      }
      if !(mine.sumSeconds + theirs.sumSeconds).isFinite {
        throw .overflow("histogram \(name)'s sum")
      }
    }
  }

  /// The shards merged in the order given.
  ///
  /// - Parameter shards: The shards, merged first to last.
  /// - Returns: Their sum.
  /// - Throws: `ShardMergeConflict` as `merge(_:)` does.
  public static func merged(_ shards: [SimulationShard]) throws(ShardMergeConflict)
    -> SimulationShard
  {
    var result = SimulationShard()
    for shard in shards { try result.merge(shard) }
    return result
  }
}

/// Why two shards cannot be added up.
public enum ShardMergeConflict: Error, Equatable, CustomStringConvertible {
  /// The figure (e.g. "counter arrived") would pass the largest value it can hold.
  case overflow(String)
  /// Two histograms of one name resolve different numbers of significant digits.
  case precision(histogram: String, digits: Int, otherDigits: Int)

  /// The message for the user, naming the figure.
  public var description: String {
    switch self {
    case .overflow(let figure) where figure.hasPrefix("counter"):
      return "\(figure) would pass 18,446,744,073,709,551,615, the largest count a shard holds"
    case .overflow(let figure):
      return "\(figure) would pass the largest number a shard holds (about 1.8e308)"
    case .precision(let name, let digits, let otherDigits):
      return "histogram \(name) has \(otherDigits) significant digits, the shards before "
        + "it \(digits); histograms of different precision cannot be merged bucket by bucket"
    }
  }
}
