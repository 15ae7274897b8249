import Foundation

/// A latency distribution fitted to measurements, with how well it fits.
///
/// Two kinds of data, two methods:
/// - **Percentiles per period** (CloudWatch). Each period's stated percentiles define its
///   distribution: log-linear in normal scores between them, Φ⁻¹(F(x)) piecewise linear in
///   ln x, which is exactly a lognormal when two are given (Johnson, Kotz & Balakrishnan,
///   *Continuous Univariate Distributions* vol. 1, ch. 14). Percentiles of different
///   periods cannot be averaged; the window's distribution is the mixture of the periods'
///   weighted by their request counts, and its percentiles are found by bisection. The fit
///   is the lognormal through the window's p50 and p99 (to three significant digits), so
///   those two match within 0.5 %; any other
///   percentile stated (p90) measures the lognormal's shape error.
/// - **Samples** (traces, logs). The data's percentiles are the sample quantiles
///   (Hyndman & Fan 1996, definition 7: linear between order statistics). The empirical
///   fit is uniform bins between the sample quantiles at k/B (B = min(n − 1, 1,000)),
///   which reproduces every 0.1 % quantile; the lognormal fit goes through the sample p50
///   and p99. The Kolmogorov–Smirnov distance sup|Fₙ − F| measures either.
public struct LatencyFit: Sendable {
  public enum Method: String, Sendable {
    case lognormal
    case empirical
  }

  /// One percentile: the data's value and the fit's, in seconds.
  public struct Point: Sendable {
    public var probability: Double
    public var data: Double
    public var fitted: Double

    /// (fitted − data) / data; 0 when both are 0.
    public var relativeError: Double {
      data == 0 ? (fitted == 0 ? 0 : 1) : (fitted - data) / data
    }
  }

  public var distribution: Distribution
  public var method: Method
  /// Samples, or requests the periods covered (periods when counts are unknown).
  public var count: Int
  /// Periods (CloudWatch data points) used; 0 for samples.
  public var periods: Int
  public var points: [Point]
  /// Kolmogorov–Smirnov distance to the samples (nil for percentile data).
  public var ks: Double?
  /// What was left out or assumed.
  public var notes: [String] = []

  /// The point at probability `p`, if the data gave one.
  public func point(_ p: Double) -> Point? { points.first { abs($0.probability - p) < 1e-9 } }
}

/// Why a fit could not be made; the caller places it.
struct FitProblem: Error, Sendable {
  var message: String

  init(_ message: String) {
    self.message = message
  }
}

// MARK: - Percentiles

extension LatencyFit {
  /// One period's stated percentiles and weight.
  struct PeriodPercentiles {
    /// (probability, seconds), increasing in both.
    var points: [(p: Double, x: Double)]
    var weight: Double
    /// Φ⁻¹ of each probability and ln of each time, computed once.
    private let z: [Double]
    private let l: [Double]

    init(points: [(p: Double, x: Double)], weight: Double) {
      self.points = points
      self.weight = weight
      z = points.map { StandardNormal.quantile($0.p) }
      l = points.map { log($0.x) }
    }

    /// Φ⁻¹(F(x)): piecewise linear in ln x through the points, extended by the end slopes.
    func score(_ x: Double) -> Double {
      let lx = log(x)
      var segment = 0
      while segment < points.count - 2 && lx > l[segment + 1] { segment += 1 }
      let slope = (z[segment + 1] - z[segment]) / (l[segment + 1] - l[segment])
      return z[segment] + slope * (lx - l[segment])
    }

    func cdf(_ x: Double) -> Double { x <= 0 ? 0 : StandardNormal.cdf(score(x)) }

    /// The p-quantile, inverting `score`.
    func quantile(_ p: Double) -> Double {
      let target = StandardNormal.quantile(p)
      var segment = 0
      while segment < points.count - 2 && target > z[segment + 1] { segment += 1 }
      let slope = (l[segment + 1] - l[segment]) / (z[segment + 1] - z[segment])
      return exp(l[segment] + slope * (target - z[segment]))
    }
  }

  /// The probabilities a period states, as `pNN` names → probability.
  static func percentiles(of values: [String: Double]) -> [(p: Double, x: Double)] {
    values.compactMap { name, value in
      CloudWatchReader.percentile(name).map { (p: $0, x: value) }
    }.sorted { $0.p < $1.p }
  }

  /// Fits a lognormal to per-period percentiles.
  /// - Parameter periods: each period's (probability, seconds) pairs and request count.
  /// - Returns: The fit; its points are the window's percentiles and the lognormal's.
  /// - Throws: `FitProblem` when no period states two increasing, positive percentiles.
  static func fromPercentiles(_ periods: [(points: [(p: Double, x: Double)], weight: Double)])
    throws(FitProblem) -> LatencyFit
  {
    var usable: [PeriodPercentiles] = []
    var dropped = 0
    for period in periods {
      let points = period.points
      let increasing = zip(points, points.dropFirst()).allSatisfy { $0.x < $1.x && $0.p < $1.p }
      guard points.count >= 2, increasing, points.allSatisfy({ $0.x > 0 }), period.weight > 0
      else {
        dropped += 1
        continue
      }
      usable.append(PeriodPercentiles(points: points, weight: period.weight))
    }
    guard !usable.isEmpty else {
      throw FitProblem(
        "no period states two percentiles that increase (such as p50 < p99); "
          + "ask CloudWatch for p50 and p99 (ExtendedStatistics or stat \"p99\")")
    }
    let probabilities = Array(Set(usable.flatMap { $0.points.map(\.p) })).sorted()
    let window = probabilities.map { p in (p: p, x: mixtureQuantile(usable, p)) }
    let low = window.first { abs($0.p - 0.5) < 1e-9 } ?? window[0]
    let high = window.first { abs($0.p - 0.99) < 1e-9 } ?? window[window.count - 1]
    guard high.p > low.p, high.x > low.x else {
      throw FitProblem("the window's percentiles do not increase; the data cannot fix a spread")
    }
    let sigma =
      (log(high.x) - log(low.x))
      / (StandardNormal.quantile(high.p) - StandardNormal.quantile(low.p))
    let mu = log(low.x) - sigma * StandardNormal.quantile(low.p)
    // Three significant digits: what a person would type, within 0.5 % of the fit.
    let p50 = Calibration.roundSignificant(exp(mu), 3)
    let p99 = max(
      Calibration.roundSignificant(exp(mu + sigma * StandardNormal.z99), 3), p50 * 1.001)
    let distribution = Distribution.lognormal(p50: p50, p99: p99)
    let points = window.map {
      Point(probability: $0.p, data: $0.x, fitted: distribution.quantile($0.p))
    }
    let total = usable.reduce(0) { $0 + $1.weight }
    var fit = LatencyFit(
      distribution: distribution, method: .lognormal, count: Int(min(total, 1e15).rounded()),
      periods: usable.count, points: points, ks: nil)
    if dropped > 0 {
      fit.notes.append("\(dropped) periods without two increasing percentiles left out")
    }
    return fit
  }

  /// The p-quantile of the periods' mixture, weighted: bisection on Σ wᵢFᵢ(x) / Σ wᵢ.
  /// - Complexity: O(periods × 40).
  static func mixtureQuantile(_ periods: [PeriodPercentiles], _ p: Double) -> Double {
    let quantiles = periods.map { $0.quantile(p) }
    var low = quantiles.min() ?? 0
    var high = quantiles.max() ?? 0
    guard high > low else { return low }
    let total = periods.reduce(0) { $0 + $1.weight }
    // To a relative 10⁻¹², far below any figure printed: about 40 halvings.
    while high - low > 1e-12 * high {
      let middle = low + (high - low) / 2
      if middle <= low || middle >= high { break }
      let f = periods.reduce(0) { $0 + $1.weight * $1.cdf(middle) } / total
      if f >= p { high = middle } else { low = middle }
    }
    return high
  }
}

// MARK: - Samples

extension LatencyFit {
  /// The probabilities reported for samples.
  static func sampleProbabilities(count: Int) -> [Double] {
    count >= 1_000 ? [0.5, 0.9, 0.99, 0.999] : [0.5, 0.9, 0.99]
  }

  /// Fits samples (seconds).
  /// - Parameters:
  ///   - samples: the samples, any order.
  ///   - method: lognormal or empirical; nil picks empirical from 100 samples on.
  /// - Returns: The fit with the data's and the fit's percentiles and the KS distance.
  /// - Throws: `FitProblem` for fewer than two samples, or a lognormal asked of data whose
  ///   p50 is 0 or whose p99 is not above it.
  static func fromSamples(_ samples: [Double], method: Method?) throws(FitProblem) -> LatencyFit {
    let sorted = samples.sorted()
    guard sorted.count >= 2 else {
      throw FitProblem(
        "\(sorted.count) sample\(sorted.count == 1 ? "" : "s"); a fit needs at least 2")
    }
    let p50 = sampleQuantile(sorted, 0.5)
    let p99 = sampleQuantile(sorted, 0.99)
    let lognormalPossible = p50 > 0 && p99 > p50 && p99 <= 1e6 * p50
    var chosen = method ?? (sorted.count >= 100 ? .empirical : .lognormal)
    var notes: [String] = []
    if chosen == .lognormal && !lognormalPossible {
      if method == .lognormal {
        throw FitProblem(
          "a lognormal needs 0 < p50 < p99; these samples have p50 \(DistributionSyntax.time(p50)) "
            + "and p99 \(DistributionSyntax.time(p99)); use fit empirical")
      }
      chosen = .empirical
      notes.append(
        "p50 \(DistributionSyntax.time(p50)), p99 \(DistributionSyntax.time(p99)): no lognormal; empirical instead"
      )
    }
    let distribution: Distribution
    switch chosen {
    case .lognormal:
      let low = Calibration.roundSignificant(p50, 3)
      distribution = .lognormal(
        p50: low, p99: max(Calibration.roundSignificant(p99, 3), low * 1.001))
    case .empirical: distribution = .empirical(empiricalBins(sorted))
    }
    let points = sampleProbabilities(count: sorted.count).map { p in
      Point(probability: p, data: sampleQuantile(sorted, p), fitted: distribution.quantile(p))
    }
    var fit = LatencyFit(
      distribution: distribution, method: chosen, count: sorted.count, periods: 0,
      points: points, ks: ksDistance(sorted, distribution))
    fit.notes = notes
    return fit
  }

  /// Hyndman & Fan definition 7: x[h] linearly interpolated, h = (n − 1)p.
  static func sampleQuantile(_ sorted: [Double], _ p: Double) -> Double {
    let h = Double(sorted.count - 1) * p
    let below = Int(h.rounded(.down))
    let above = min(below + 1, sorted.count - 1)
    return sorted[below] + (h - Double(below)) * (sorted[above] - sorted[below])
  }

  /// Equal-weight uniform bins between the sample quantiles at k/B.
  static func empiricalBins(_ sorted: [Double]) -> EmpiricalDistribution {
    let count = min(sorted.count - 1, TelemetryLimits.empiricalBins)
    var edges: [Double] = []
    for k in 0...count {
      edges.append(
        k == count ? sorted[sorted.count - 1] : sampleQuantile(sorted, Double(k) / Double(count)))
    }
    return EmpiricalDistribution(
      bins: zip(edges, edges.dropFirst()).map { EmpiricalBin(lower: $0, upper: $1, weight: 1) })
  }

  /// sup |Fₙ(x) − F(x)| over the sorted samples, both sides of each step.
  /// - Complexity: O(n × cost of `cdf`); the empirical fit's cdf is O(bins).
  static func ksDistance(_ sorted: [Double], _ distribution: Distribution) -> Double {
    let n = Double(sorted.count)
    var worst = 0.0
    // Evaluating at most 2,000 spread order statistics keeps this O(2,000 × bins).
    let stride = max(1, sorted.count / 2_000)
    var index = 0
    while index < sorted.count {
      // Both sides of the step: F(x) against Fₙ(x), and F(x⁻) against Fₙ(x⁻), so a point
      // mass the fit shares with the data (ties) is no distance.
      let f = distribution.cdf(sorted[index])
      let before = distribution.cdf(sorted[index].nextDown)
      var last = index
      while last + 1 < sorted.count && sorted[last + 1] == sorted[index] { last += 1 }
      worst = max(worst, abs(Double(last + 1) / n - f), abs(before - Double(index) / n))
      index = max(last + 1, index + stride)
    }
    return worst
  }
}
