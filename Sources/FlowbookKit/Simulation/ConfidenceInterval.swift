/// A two-sided 95 % confidence interval for a mean, from independent replications.
///
/// Independent replications make the replication means i.i.d., so the classic Student t
/// interval applies: x̄ ± t(0.975, n−1)·s/√n (Law, *Simulation Modeling and Analysis*,
/// 5th ed., §9.4.1). With means of long runs the central limit theorem makes the
/// normality assumption mild.
public struct ConfidenceInterval: Sendable, Equatable, CustomStringConvertible {
  /// The mean of the replication estimates.
  public var mean: Double
  /// Half the interval's width: the interval is `mean ± halfWidth`.
  public var halfWidth: Double
  /// How many replication estimates it came from.
  public var replications: Int

  /// The interval from replication estimates (at least two, all finite).
  ///
  /// - Complexity: O(n).
  public init(estimates: [Double]) {
    precondition(estimates.count >= 2, "a confidence interval needs ≥ 2 replications")
    precondition(estimates.allSatisfy(\.isFinite), "non-finite estimate in \(estimates)")
    let n = Double(estimates.count)
    let mean = estimates.reduce(0, +) / n
    let squares = estimates.reduce(0) { $0 + ($1 - mean) * ($1 - mean) }
    let standardError = (squares / (n - 1) / n).squareRoot()
    self.mean = mean
    self.halfWidth = StudentT.quantile975(degreesOfFreedom: estimates.count - 1) * standardError
    self.replications = estimates.count
  }

  /// A sectioning interval for a quantile: the pooled sample's quantile, ± t·S/√n with S
  /// the spread of the replications' quantiles about it.
  ///
  /// The mean of replication quantiles carries each short run's small-sample bias (a p99
  /// read from 1,000 correlated customers sits low), and a t interval around it covers
  /// the truth far less than 95 % of the time. Sectioning centres the interval on the
  /// quantile of all replications pooled, whose bias is that of the whole sample, and
  /// measures the spread about that centre, which adds the replications' bias to the
  /// width (Asmussen & Glynn, *Stochastic Simulation*, 2007, §III.5a; Nakayama,
  /// "Confidence intervals using sectioning for quantiles", 2014). It does not cure a
  /// bias every replication shares (too short a warm-up): callers warn when runs are too
  /// short for the quantile.
  /// - Parameters:
  ///   - estimates: Each replication's quantile (at least two, all finite).
  ///   - pooled: The quantile of all replications' observations together (finite).
  /// - Complexity: O(n).
  public init(sectioning estimates: [Double], pooled: Double) {
    precondition(estimates.count >= 2, "a confidence interval needs ≥ 2 replications")
    precondition(
      estimates.allSatisfy(\.isFinite) && pooled.isFinite,
      "non-finite estimate in \(estimates), pooled \(pooled)")
    let n = Double(estimates.count)
    let squares = estimates.reduce(0) { $0 + ($1 - pooled) * ($1 - pooled) }
    let standardError = (squares / (n - 1) / n).squareRoot()
    self.mean = pooled
    self.halfWidth = StudentT.quantile975(degreesOfFreedom: estimates.count - 1) * standardError
    self.replications = estimates.count
  }

  /// The interval widened, if need be, to `resolution` of its mean.
  ///
  /// A percentile read from a histogram is known only to its bucket's width (0.1 % with
  /// three significant digits, `StreamingHistogram.relativeResolution`), so replications
  /// that agree to the bucket do not make the figure exact: ± 0 would claim too much.
  /// - Parameter resolution: the relative width below which nothing is resolved.
  /// - Returns: The same interval with `halfWidth` at least `resolution × |mean|`.
  public func widened(toResolution resolution: Double) -> ConfidenceInterval {
    var interval = self
    interval.halfWidth = max(halfWidth, abs(mean) * resolution)
    return interval
  }

  /// The interval's lower end, `mean − halfWidth`.
  public var lower: Double { mean - halfWidth }
  /// The interval's upper end, `mean + halfWidth`.
  public var upper: Double { mean + halfWidth }

  /// Whether `value` lies in the closed interval.
  public func contains(_ value: Double) -> Bool { lower <= value && value <= upper }

  /// Half-width over |mean|: 0.01 means the interval is mean ± 1 %; `nil` when the mean
  /// is 0, where a relative width means nothing (and infinity is never a result).
  public var relativeHalfWidth: Double? { mean == 0 ? nil : halfWidth / abs(mean) }

  /// "mean ± half-width (95 %, n = …)".
  public var description: String { "\(mean) ± \(halfWidth) (95 %, n = \(replications))" }
}

/// Quantiles of Student's t distribution for 95 % two-sided intervals.
enum StudentT {
  /// t(0.975, ν) for ν = 1…30, to 10 significant digits.
  ///
  /// As tabulated in Abramowitz & Stegun, *Handbook of Mathematical Functions* (1964),
  /// table 26.10, and checked against numerical integration of the t density.
  private static let table: [Double] = [
    12.70620474, 4.302652730, 3.182446305, 2.776445105, 2.570581836, 2.446911851,
    2.364624252, 2.306004135, 2.262157163, 2.228138852, 2.200985160, 2.178812830,
    2.160368656, 2.144786688, 2.131449546, 2.119905299, 2.109815578, 2.100922040,
    2.093024054, 2.085963447, 2.079613845, 2.073873068, 2.068657610, 2.063898562,
    2.059538553, 2.055529439, 2.051830516, 2.048407142, 2.045229642, 2.042272456,
  ]

  /// t(0.975, ν), the quantile that 95 % two-sided intervals need.
  ///
  /// The table up to 30 degrees of freedom, beyond it the Cornish–Fisher expansion about
  /// the normal quantile (Abramowitz & Stegun 26.7.5), within 1e-7 there.
  static func quantile975(degreesOfFreedom nu: Int) -> Double {
    precondition(nu >= 1, "degrees of freedom must be ≥ 1, got \(nu)")
    if nu <= table.count { return table[nu - 1] }
    let z = 1.959963984540054
    let v = Double(nu)
    let z2 = z * z
    let g1 = (z2 + 1) * z / 4
    let g2 = ((5 * z2 + 16) * z2 + 3) * z / 96
    let g3 = (((3 * z2 + 19) * z2 + 17) * z2 - 15) * z / 384
    let g4 = ((((79 * z2 + 776) * z2 + 1482) * z2 - 1920) * z2 - 945) * z / 92160
    return z + g1 / v + g2 / (v * v) + g3 / (v * v * v) + g4 / (v * v * v * v)
  }
}
