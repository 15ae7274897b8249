/// The warm-up to discard from a run, by the MSER-5 rule.
///
/// A simulation starts empty and idle (no environment warm, no queue, no concurrency), so
/// its first figures are biased. MSER (the Marginal Standard Error Rule, White 1997;
/// MSER-5 in Franklin & White, "Stationarity tests and MSER-5", WSC 2008) picks the
/// truncation point d that minimises the squared standard error of what is left,
/// S²(d)/(n − d)², over batch means of five observations, with d at most half the
/// sequence (a minimum past the half means the run is too short to tell). Here the
/// observations are the time series' buckets: each bucket's mean latency of the requests
/// it completed, which carries both the empty start (cold starts, an idle pool) and any
/// queue building up.
public enum WarmUp {
  /// Observations per batch (the "5" of MSER-5).
  public static let batch = 5
  /// The fewest batches MSER is applied to; shorter sequences keep everything.
  public static let fewestBatches = 10

  /// What MSER-5 found.
  public struct Truncation: Sendable, Hashable {
    /// Buckets to discard from the start.
    public var buckets: Int
    /// Batches the rule compared.
    public var batches: Int
    /// Whether the minimum fell past half the sequence and was capped there (the run
    /// may be too short to reach steady state).
    public var capped: Bool
  }

  /// MSER-5's truncation of `values`, weighted observations in time order.
  ///
  /// Buckets with no weight (no request completed) are skipped: they carry no
  /// observation. The batch mean is Σ value·weight / Σ weight over five buckets with
  /// weight.
  /// - Parameters:
  ///   - values: Per bucket, the mean of its observations.
  ///   - weights: Per bucket, how many observations the mean is of (same length).
  /// - Returns: The buckets to discard (0 when fewer than `fewestBatches` batches).
  /// - Complexity: O(n).
  public static func mser5(values: [Double], weights: [Double]) -> Truncation {
    precondition(values.count == weights.count, "\(values.count) values, \(weights.count) weights")
    var batches: [(mean: Double, end: Int)] = []
    var (sum, weight, filled) = (0.0, 0.0, 0)
    for index in values.indices where weights[index] > 0 && values[index].isFinite {
      sum += values[index] * weights[index]
      weight += weights[index]
      filled += 1
      if filled == batch {
        batches.append((sum / weight, index + 1))
        (sum, weight, filled) = (0, 0, 0)
      }
    }
    let n = batches.count
    guard n >= fewestBatches else { return Truncation(buckets: 0, batches: n, capped: false) }
    // Suffix sums give every S²(d) in one pass from the end.
    var best = (d: 0, statistic: Double.infinity)
    var (total, squares) = (0.0, 0.0)
    var statistics = [Double](repeating: .infinity, count: n)
    for d in stride(from: n - 1, through: 0, by: -1) {
      total += batches[d].mean
      squares += batches[d].mean * batches[d].mean
      let left = Double(n - d)
      let variance = max(0, squares - total * total / left)
      statistics[d] = variance / (left * left)
    }
    for d in 0...(n / 2) where statistics[d] < best.statistic { best = (d, statistics[d]) }
    let overall = statistics.indices.min { statistics[$0] < statistics[$1] } ?? 0
    let buckets = best.d == 0 ? 0 : batches[best.d - 1].end
    return Truncation(buckets: buckets, batches: n, capped: overall > n / 2)
  }
}
