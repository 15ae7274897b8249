/// A latency (or size) distribution as data: what a model file says, nothing computed.
///
/// Every time value is in seconds. The numerical machinery — discretisation onto a grid,
/// composition, quantiles, sampling — lives in extensions (`Distribution+Grid.swift`,
/// `Distribution+Sampling.swift`), so the model layer can hold and compare distributions
/// without depending on it.
public indirect enum Distribution: Sendable, Hashable {
  /// Always exactly this value.
  case fixed(Double)
  /// Uniform on [lower, upper], e.g. a full-jitter backoff.
  case uniform(lower: Double, upper: Double)
  /// Exponential with the given mean.
  case exponential(mean: Double)
  /// Lognormal fixed by its median and 99th percentile (p99 > p50 > 0).
  case lognormal(p50: Double, p99: Double)
  /// With probability `weight` (weights sum to 1) draw from the paired distribution,
  /// e.g. a cold start of 87 ms with probability p, else a warm start of 3 ms.
  case mixture([WeightedDistribution])
  /// An empirical distribution: point masses (samples) or uniform bins (a histogram).
  case empirical(EmpiricalDistribution)
}

/// One arm of a mixture.
public struct WeightedDistribution: Sendable, Hashable {
  public var weight: Double
  public var distribution: Distribution

  public init(weight: Double, distribution: Distribution) {
    self.weight = weight
    self.distribution = distribution
  }
}

/// Mass spread uniformly over [lower, upper]; a sample is a bin with lower == upper.
public struct EmpiricalBin: Sendable, Hashable {
  public var lower: Double
  public var upper: Double
  public var weight: Double

  public init(lower: Double, upper: Double, weight: Double) {
    self.lower = lower
    self.upper = upper
    self.weight = weight
  }
}

/// An empirical distribution from samples or a histogram; weights need not be normalised.
public struct EmpiricalDistribution: Sendable, Hashable {
  public var bins: [EmpiricalBin]

  public init(bins: [EmpiricalBin]) {
    self.bins = bins
  }

  /// Each sample as a point mass of equal weight.
  public init(samples: [Double]) {
    self.bins = samples.sorted().map { EmpiricalBin(lower: $0, upper: $0, weight: 1) }
  }
}
