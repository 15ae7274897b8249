import Foundation

/// Closed forms and sampling for every case of `Distribution`.
///
/// The simulator calls `sample(using:)` once per hop per request, so each case draws from
/// `SeededGenerator` only and by one fixed recipe (the notebook promise: same seed, same
/// numbers on any machine). `cdf`, `quantile` and `mean` are analytic where a closed form
/// exists and found by bisection on the CDF for mixtures and empirical data.
extension Distribution {
  // MARK: - Sampling

  /// One draw, in seconds.
  ///
  /// Recipes, one uniform each except for mixtures (one to choose the arm, then the arm's):
  /// uniform by scaling; exponential by inversion, −m·ln U with U in (0, 1]; lognormal by
  /// inversion, exp(μ + σ·Φ⁻¹(U)) with Φ⁻¹ from Wichura's AS241 (inversion rather than
  /// Box–Muller keeps one uniform per draw and no cached second normal, so a stream is
  /// a pure function of the seed); empirical picks a bin by weight then a uniform point in
  /// it. Reference: Devroye, *Non-Uniform Random Variate Generation* (1986), §II.2.
  /// - Complexity: O(1), except O(arms) for mixtures and O(bins) for empirical data; the
  ///   Monte Carlo engine precomputes tables instead (`LatencyTree.monteCarlo`).
  public func sample(using generator: inout SeededGenerator) -> Double {
    switch self {
    case .fixed(let value):
      return value
    case .uniform(let lower, let upper):
      return lower + (upper - lower) * generator.uniform()
    case .exponential(let mean):
      return -mean * log(generator.uniformPositive())
    case .lognormal:
      let (mu, sigma) = lognormalParameters
      return exp(mu + sigma * StandardNormal.quantile(generator.uniformPositive()))
    case .mixture(let arms):
      let index = Self.pick(arms.count, generator.uniform()) { arms[$0].weight }
      return arms[index].distribution.sample(using: &generator)
    case .empirical(let empirical):
      let bins = empirical.bins
      let bin = bins[Self.pick(bins.count, generator.uniform()) { bins[$0].weight }]
      return bin.lower + (bin.upper - bin.lower) * generator.uniform()
    }
  }

  /// The first index whose cumulative weight exceeds `u` × total, for u in [0, 1); no
  /// allocation, so the simulator can call it per request.
  static func pick(_ count: Int, _ u: Double, weight: (Int) -> Double) -> Int {
    var total = 0.0
    for index in 0..<count { total += weight(index) }
    var target = u * total
    var last = 0
    for index in 0..<count where weight(index) > 0 {
      if target < weight(index) { return index }
      target -= weight(index)
      last = index
    }
    return last
  }

  // MARK: - Closed forms

  /// (μ, σ) of the underlying normal: μ = ln p50, σ = ln(p99 / p50) / Φ⁻¹(0.99).
  ///
  /// Reference: Johnson, Kotz & Balakrishnan, *Continuous Univariate Distributions*,
  /// vol. 1, 2nd ed. (1994), ch. 14: the median of a lognormal is e^μ, its p-quantile
  /// e^(μ + σ·Φ⁻¹(p)).
  var lognormalParameters: (mu: Double, sigma: Double) {
    guard case .lognormal(let p50, let p99) = self else { return (0, 0) }
    return (log(p50), log(p99 / p50) / StandardNormal.z99)
  }

  /// P(X ≤ x), right-continuous.
  /// - Complexity: O(1); O(arms) or O(bins) for mixtures and empirical data.
  public func cdf(_ x: Double) -> Double {
    switch self {
    case .fixed(let value):
      return x >= value ? 1 : 0
    case .uniform(let lower, let upper):
      return Self.uniformCDF(x, lower, upper)
    case .exponential(let mean):
      return x <= 0 ? 0 : -expm1(-x / mean)
    case .lognormal:
      guard x > 0 else { return 0 }
      let (mu, sigma) = lognormalParameters
      return StandardNormal.cdf((log(x) - mu) / sigma)
    case .mixture(let arms):
      let total = arms.reduce(0) { $0 + $1.weight }
      return arms.reduce(0) { $0 + $1.weight * $1.distribution.cdf(x) } / total
    case .empirical(let empirical):
      let total = empirical.bins.reduce(0) { $0 + $1.weight }
      let below = empirical.bins.reduce(0) {
        $0 + $1.weight * Self.uniformCDF(x, $1.lower, $1.upper)
      }
      return below / total
    }
  }

  /// P(X > x) = 1 − cdf(x), computed without cancellation in the upper tail.
  /// - Complexity: as `cdf(_:)`.
  public func survival(_ x: Double) -> Double {
    switch self {
    case .exponential(let mean):
      return x <= 0 ? 1 : exp(-x / mean)
    case .lognormal:
      guard x > 0 else { return 1 }
      let (mu, sigma) = lognormalParameters
      return StandardNormal.survival((log(x) - mu) / sigma)
    case .mixture(let arms):
      let total = arms.reduce(0) { $0 + $1.weight }
      return arms.reduce(0) { $0 + $1.weight * $1.distribution.survival(x) } / total
    default:
      return 1 - cdf(x)
    }
  }

  static func uniformCDF(_ x: Double, _ lower: Double, _ upper: Double) -> Double {
    if x >= upper { return 1 }
    if x < lower { return 0 }
    return (x - lower) / (upper - lower)
  }

  /// The smallest x with P(X ≤ x) ≥ p, for p in [0, 1).
  ///
  /// Closed forms: uniform l + p(u − l); exponential −m·ln(1 − p); lognormal
  /// exp(μ + σ·Φ⁻¹(p)). A mixture's p-quantile lies between its arms' smallest and largest
  /// p-quantiles, so bisection on the CDF from that bracket converges; an empirical
  /// distribution brackets by its lowest and highest bin edges.
  /// - Precondition: 0 ≤ p < 1.
  /// - Complexity: O(1); O(k · 64) for a mixture or empirical distribution of k parts.
  public func quantile(_ p: Double) -> Double {
    precondition(p >= 0 && p < 1, "quantile p = \(p) must be in [0, 1)")
    switch self {
    case .fixed(let value):
      return value
    case .uniform(let lower, let upper):
      return lower + p * (upper - lower)
    case .exponential(let mean):
      return -mean * log1p(-p)
    case .lognormal:
      let (mu, sigma) = lognormalParameters
      return exp(mu + sigma * StandardNormal.quantile(p))
    case .mixture(let arms):
      let quantiles = arms.map { $0.distribution.quantile(p) }
      return invertCDF(p, lower: quantiles.min() ?? 0, upper: quantiles.max() ?? 0)
    case .empirical(let empirical):
      let lower = empirical.bins.map(\.lower).min() ?? 0
      let upper = empirical.bins.map(\.upper).max() ?? 0
      return invertCDF(p, lower: lower, upper: upper)
    }
  }

  /// Bisection for min{x : cdf(x) ≥ p} in [lower, upper], to the last few ulps.
  private func invertCDF(_ p: Double, lower: Double, upper: Double) -> Double {
    var low = lower
    var high = upper
    if cdf(low) >= p { return low }
    for _ in 0..<200 {
      let middle = low + (high - low) / 2
      if middle <= low || middle >= high { break }
      if cdf(middle) >= p { high = middle } else { low = middle }
    }
    return high
  }

  /// E[X] in seconds: uniform (l + u)/2; exponential m; lognormal exp(μ + σ²/2); mixtures
  /// and empirical data the weighted means of their parts.
  /// - Complexity: O(1); O(arms) or O(bins) for mixtures and empirical data.
  public var mean: Double {
    switch self {
    case .fixed(let value):
      return value
    case .uniform(let lower, let upper):
      return (lower + upper) / 2
    case .exponential(let mean):
      return mean
    case .lognormal:
      let (mu, sigma) = lognormalParameters
      return exp(mu + sigma * sigma / 2)
    case .mixture(let arms):
      let total = arms.reduce(0) { $0 + $1.weight }
      return arms.reduce(0) { $0 + $1.weight * $1.distribution.mean } / total
    case .empirical(let empirical):
      let total = empirical.bins.reduce(0) { $0 + $1.weight }
      return empirical.bins.reduce(0) { $0 + $1.weight * ($1.lower + $1.upper) / 2 } / total
    }
  }
}
