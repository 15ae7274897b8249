/// What `LatencyTree.compose` returns: the success and failure distributions and a summary.
public struct LatencyResult: Sendable, Hashable {
  /// Latency of successful requests; `success.probability` is P(success).
  public let success: LatencyGrid
  /// When failed requests are known to have failed; `failure.probability` is P(failure).
  ///
  /// Empty (probability 0) for a tree without failures or timeouts.
  public let failure: LatencyGrid
  /// Percentiles and mean of successful requests; nil when no request succeeds.
  public let summary: LatencySummary?

  /// Builds the summary from the grids.
  /// - Complexity: O(n).
  public init(success: LatencyGrid, failure: LatencyGrid) {
    self.success = success
    self.failure = failure
    self.summary = success.probability > 0 ? LatencySummary(success) : nil
  }

  /// P(the request fails): every attempt of some retry ended unsuccessfully, or a
  /// `failure` leaf was reached.
  public var failureProbability: Double { failure.probability }

  /// P(the request succeeds) = 1 − failureProbability (up to rounding).
  public var successProbability: Double { success.probability }

  /// Probability mass the engine could not place: beyond every horizon, at most ~1e-7.
  ///
  /// It is included in the probabilities above and counted as slower than any cell.
  public var unresolvedProbability: Double { success.overflow + failure.overflow }

  /// The grid step used, in seconds.
  public var step: Double { success.step }

  /// The step as a fraction of the median successful latency, or nil if none succeeds.
  ///
  /// About `LatencyCompositionOptions.resolution` (1/400) normally. It is larger only when
  /// the horizon needed more than `maxCells` cells (a rare, very slow arm beside a fast
  /// median): then a point mass near p50 may be off by up to this fraction, and a caller
  /// should say so.
  public var relativeStep: Double? {
    summary.map { step / max($0.p50, step) }
  }
}

/// The usual latency report of one distribution, in seconds.
public struct LatencySummary: Sendable, Hashable {
  public let p50: Double
  public let p90: Double
  public let p99: Double
  public let p999: Double
  public let mean: Double

  public init(p50: Double, p90: Double, p99: Double, p999: Double, mean: Double) {
    self.p50 = p50
    self.p90 = p90
    self.p99 = p99
    self.p999 = p999
    self.mean = mean
  }

  /// The summary of a grid with positive probability.
  /// - Complexity: O(n).
  init(_ grid: LatencyGrid) {
    let values = grid.quantiles([0.5, 0.9, 0.99, 0.999])
    self.init(p50: values[0], p90: values[1], p99: values[2], p999: values[3], mean: grid.mean)
  }
}
