/// A fixed log-linear histogram of latencies: constant memory, relative resolution 2⁻¹³.
///
/// Monte Carlo needs quantiles of 10⁷ draws without storing or sorting them. Buckets are
/// cut from the bit pattern of the double: its exponent picks the power of two, the top 13
/// mantissa bits one of 8,192 equal slices of it, so every bucket is narrower than
/// 1.3e-4 × its value and indexing costs a shift, not a logarithm (the layout of
/// HdrHistogram; Tene, "How NOT to measure latency", 2015). Range: 2⁻²⁴ s (60 ns; less
/// lands in bucket 0) to 2¹⁶ s (18 h; more is counted as `overflow`).
struct LatencyHistogram: Sendable {
  static let mantissaBits: UInt64 = 13
  static let shift: UInt64 = 52 - mantissaBits
  static let minimum = 0x1p-24
  static let maximum = 0x1p16
  static let base = Int(minimum.bitPattern >> shift)
  static let bucketCount = Int(maximum.bitPattern >> shift) - base + 1

  /// counts[0] is [0, 2⁻²⁴); counts[k] for k ≥ 1 the k-th log-linear bucket.
  private(set) var counts: [Int]
  private(set) var overflow = 0
  private(set) var total = 0
  private(set) var sum = 0.0

  init() {
    counts = [Int](repeating: 0, count: Self.bucketCount)
  }

  /// - Complexity: O(1).
  mutating func record(_ value: Double) {
    total += 1
    sum += value
    if value < Self.minimum {
      counts[0] += 1
    } else if value >= Self.maximum {
      overflow += 1
    } else {
      counts[Int(value.bitPattern >> Self.shift) - Self.base + 1] += 1
    }
  }

  /// Records latency[i] for every i < count with ok[i]; returns how many were not ok.
  ///
  /// The batch form of `record(_:)`: one pass with the counts pinned, written as a plain
  /// `while` loop because Monte Carlo runs it 10⁷ times in debug builds too.
  /// - Complexity: O(count).
  mutating func record(
    _ latency: UnsafeMutablePointer<Double>, where ok: UnsafeMutablePointer<Bool>, count: Int
  ) -> Int {
    var rejected = 0
    var (above, added, sum) = (0, 0, 0.0)
    let (low, high, shift, base) = (Self.minimum, Self.maximum, Self.shift, Self.base - 1)
    counts.withUnsafeMutableBufferPointer { buckets in
      guard let counts = buckets.baseAddress else { return }
      var i = 0
      while i < count {
        let value = latency[i]
        if !ok[i] {
          rejected += 1
        } else if value < low {
          counts[0] += 1
        } else if value >= high {
          above += 1
        } else {
          counts[Int(truncatingIfNeeded: value.bitPattern &>> shift) &- base] += 1
        }
        if ok[i] { sum += value }
        i += 1
      }
    }
    added = count - rejected
    overflow += above
    total += added
    self.sum += sum
    return rejected
  }

  /// Adds another histogram's counts (shards merge in a fixed order: deterministic).
  /// - Complexity: O(buckets).
  mutating func merge(_ other: LatencyHistogram) {
    for index in counts.indices { counts[index] += other.counts[index] }
    overflow += other.overflow
    total += other.total
    sum += other.sum
  }

  /// [lower, upper) of bucket `index`.
  static func bounds(_ index: Int) -> (Double, Double) {
    guard index > 0 else { return (0, minimum) }
    let lower = Double(bitPattern: UInt64(index - 1 + base) << shift)
    let upper = Double(bitPattern: UInt64(index + base) << shift)
    return (lower, upper)
  }

  /// The p-quantile, linear within a bucket; `maximum` if it falls into the overflow.
  /// - Precondition: total > 0; 0 ≤ p ≤ 1.
  /// - Complexity: O(buckets).
  func quantile(_ p: Double) -> Double {
    precondition(total > 0, "quantile of an empty histogram")
    precondition(p >= 0 && p <= 1, "quantile p = \(p) must be in [0, 1]")
    let target = p * Double(total)
    var below = 0.0
    for (index, count) in counts.enumerated() where count > 0 {
      let here = Double(count)
      if below + here >= target {
        let (lower, upper) = Self.bounds(index)
        return lower + (upper - lower) * max(0, target - below) / here
      }
      below += here
    }
    return Self.maximum
  }

  /// The exact mean of the recorded values.
  var mean: Double { total > 0 ? sum / Double(total) : 0 }
}
