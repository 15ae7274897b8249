import Histogram

/// Latency statistics in memory that does not grow with the number of values recorded.
///
/// A simulation of 10⁸ requests cannot keep 10⁸ samples, so latencies go into an HDR
/// histogram (Tene, HdrHistogram; the `hdrhistogram-swift` package): integer
/// nanoseconds in log-linear buckets with three significant decimal digits, so every
/// percentile is within 0.1 % of the true sample percentile while the counts array stays
/// a few hundred kilobytes whatever the count. Nanosecond units give exact values below
/// 2 µs and 0.1 % resolution up to hours. The histogram resizes itself to the largest
/// value seen, so memory is O(log(max/min)), never O(count).
///
/// The mean is kept exactly (a running sum of the recorded seconds), not from bucket
/// midpoints, so a simulated mean can be compared with a formula to better than the
/// bucket width. Merging adds counts and sums, so per-replication or per-shard
/// histograms combine into one exactly as if every value had been recorded in one place.
public struct StreamingHistogram: Sendable, Equatable {
  /// Nanoseconds per second: recorded values are integer nanoseconds.
  public static let unitsPerSecond = 1e9

  /// The underlying HDR histogram of integer nanoseconds.
  public private(set) var histogram: Histogram<UInt64>
  /// The exact sum of every recorded value, in seconds.
  public private(set) var sumSeconds: Double = 0

  /// The relative width of a bucket at three significant digits: what a percentile read
  /// from a results histogram is known to.
  public static let relativeResolution = 1e-3

  /// Creates an empty histogram resolving `significantDigits` decimal digits.
  ///
  /// - Parameter significantDigits: `.three` (0.1 %) for results; `.one` (≈ 6 %) for
  ///   cheap per-second sketches such as a time series' p99.
  public init(significantDigits: SignificantDigits = .three) {
    histogram = Histogram(numberOfSignificantValueDigits: significantDigits)
  }

  /// Wraps a histogram of integer nanoseconds whose exact sum is known.
  init(histogram: Histogram<UInt64>, sumSeconds: Double) {
    var resizable = histogram
    resizable.autoResize = true
    self.histogram = resizable
    self.sumSeconds = sumSeconds
  }

  /// The number of values recorded.
  ///
  /// - Complexity: O(1).
  public var count: UInt64 { histogram.totalCount }

  /// Records one duration.
  ///
  /// - Parameter seconds: A finite duration ≥ 0 (below 146 years).
  /// - Complexity: O(1) amortised (a resize when a value exceeds every earlier one).
  @inline(__always)
  public mutating func record(_ seconds: Double) {
    precondition(seconds >= 0 && seconds < 4.6e9, "cannot record a latency of \(seconds) s")
    histogram.record(UInt64((seconds * Self.unitsPerSecond).rounded()))
    sumSeconds += seconds
  }

  /// The exact mean of the recorded values in seconds, 0 when empty.
  ///
  /// - Complexity: O(1).
  public var mean: Double { count == 0 ? 0 : sumSeconds / Double(count) }

  /// The value at `percentile` (0...100) in seconds, within the histogram's resolution;
  /// 0 when empty.
  ///
  /// HdrHistogram's definition: the largest value that `100 − percentile` % of the
  /// values are at or above, reported as the top of its bucket.
  ///
  /// - Complexity: O(b) for b buckets (a few thousand), independent of the count.
  public func percentile(_ percentile: Double) -> Double {
    precondition((0...100).contains(percentile), "percentile \(percentile) not in 0...100")
    return Double(histogram.valueAtPercentile(percentile)) / Self.unitsPerSecond
  }

  /// The largest recorded value in seconds (top of its bucket); 0 when empty.
  ///
  /// - Complexity: O(1).
  public var max: Double { Double(histogram.max) / Self.unitsPerSecond }

  /// The smallest recorded value in seconds (bottom of its bucket); 0 when empty.
  ///
  /// - Complexity: O(1).
  public var min: Double { count == 0 ? 0 : Double(histogram.min) / Self.unitsPerSecond }

  /// Adds every value recorded in `other` to this histogram.
  ///
  /// Both must have the same significant digits. Merging is associative and, for the
  /// counts, commutative; the floating-point sum is order-dependent in its last bits, so
  /// callers that need bit-identical results merge in a fixed order.
  ///
  /// - Complexity: O(b) for b buckets.
  public mutating func merge(_ other: StreamingHistogram) {
    histogram.add(other.histogram)
    sumSeconds += other.sumSeconds
  }
}
