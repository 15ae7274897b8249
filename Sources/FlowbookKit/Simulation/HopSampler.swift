import Foundation

/// A `Distribution` prepared for drawing millions of times a second.
///
/// `Distribution.sample(using:)` recomputes a lognormal's (μ, σ) from its percentiles on
/// every draw (two logarithms) and walks a mixture's weights twice; the simulator draws
/// several latencies per request, so it prepares each distribution once: (μ, σ) stored,
/// mixture weights cumulated and normalised, empirical bins likewise. The recipes are the
/// same inversions as `Distribution.sample` (one uniform per draw, Φ⁻¹ by Wichura's AS241),
/// so a prepared sampler draws from exactly the distribution the analytical model
/// composes; only the order in which uniforms are consumed may differ.
indirect enum HopSampler: Sendable {
  case fixed(Double)
  case uniform(lower: Double, width: Double)
  case exponential(mean: Double)
  case lognormal(mu: Double, sigma: Double)
  /// Cumulative normalised weights (last is 1) and the arms.
  case mixture(cumulative: [Double], arms: [HopSampler])
  /// Cumulative normalised weights and the bins as (lower, width).
  case empirical(cumulative: [Double], bins: [(lower: Double, width: Double)])

  /// Prepares `distribution`, which must have passed `Distribution.problem`.
  ///
  /// - Complexity: O(size of the distribution).
  init(_ distribution: Distribution) {
    switch distribution {
    case .fixed(let value):
      self = .fixed(value)
    case .uniform(let lower, let upper):
      self = .uniform(lower: lower, width: upper - lower)
    case .exponential(let mean):
      self = .exponential(mean: mean)
    case .lognormal:
      let (mu, sigma) = distribution.lognormalParameters
      self = .lognormal(mu: mu, sigma: sigma)
    case .mixture(let arms):
      self = .mixture(
        cumulative: Self.cumulative(arms.map(\.weight)),
        arms: arms.map { HopSampler($0.distribution) })
    case .empirical(let empirical):
      self = .empirical(
        cumulative: Self.cumulative(empirical.bins.map(\.weight)),
        bins: empirical.bins.map { ($0.lower, $0.upper - $0.lower) })
    }
  }

  /// One draw in seconds.
  ///
  /// - Complexity: O(1); O(log k) for a mixture or empirical distribution of k parts.
  @inline(__always)
  func sample(_ generator: inout SeededGenerator) -> Double {
    switch self {
    case .fixed(let value):
      return value
    case .uniform(let lower, let width):
      return lower + width * generator.uniform()
    case .exponential(let mean):
      return -mean * log(generator.uniformPositive())
    case .lognormal(let mu, let sigma):
      return exp(mu + sigma * StandardNormal.quantile(generator.uniformPositive()))
    case .mixture(let cumulative, let arms):
      return arms[Self.index(in: cumulative, generator.uniform())].sample(&generator)
    case .empirical(let cumulative, let bins):
      let bin = bins[Self.index(in: cumulative, generator.uniform())]
      return bin.lower + bin.width * generator.uniform()
    }
  }

  /// The mean in seconds (for Little's-law estimates and billing).
  var mean: Double {
    switch self {
    case .fixed(let value): return value
    case .uniform(let lower, let width): return lower + width / 2
    case .exponential(let mean): return mean
    case .lognormal(let mu, let sigma): return exp(mu + sigma * sigma / 2)
    case .mixture(let cumulative, let arms):
      var previous = 0.0
      var total = 0.0
      for (bound, arm) in zip(cumulative, arms) {
        total += (bound - previous) * arm.mean
        previous = bound
      }
      return total
    case .empirical(let cumulative, let bins):
      var previous = 0.0
      var total = 0.0
      for (bound, bin) in zip(cumulative, bins) {
        total += (bound - previous) * (bin.lower + bin.width / 2)
        previous = bound
      }
      return total
    }
  }

  /// Running sums of `weights` divided by their total; the last entry is exactly 1.
  static func cumulative(_ weights: [Double]) -> [Double] {
    let total = weights.reduce(0, +)
    var running = 0.0
    var out = weights.map { weight -> Double in
      running += weight
      return total > 0 ? running / total : 1
    }
    if !out.isEmpty { out[out.count - 1] = 1 }
    return out
  }

  /// The first index whose cumulative weight exceeds `u` (u in [0, 1)), by binary search.
  ///
  /// - Complexity: O(log k).
  @inline(__always)
  static func index(in cumulative: [Double], _ u: Double) -> Int {
    var low = 0
    var high = cumulative.count - 1
    while low < high {
      let middle = (low + high) / 2
      if u < cumulative[middle] { high = middle } else { low = middle + 1 }
    }
    return low
  }
}
