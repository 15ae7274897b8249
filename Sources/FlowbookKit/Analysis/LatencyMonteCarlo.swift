import Foundation

/// A Monte Carlo estimate of a `LatencyTree`'s latency: the check on `compose`.
///
/// Quantiles come from a `LatencyHistogram` (relative resolution 1.2e-4), so memory does
/// not grow with the number of samples.
public struct LatencyMonteCarlo: Sendable {
  /// Requests drawn.
  public let samples: Int
  /// Requests that failed.
  public let failures: Int
  /// Latencies of the successful requests.
  let successes: LatencyHistogram

  /// Failures / samples.
  public var failureProbability: Double { Double(failures) / Double(samples) }

  /// The p-quantile of successful latencies, or nil if none succeeded.
  /// - Complexity: O(histogram buckets) ≈ 330 k.
  public func quantile(_ p: Double) -> Double? {
    successes.total > 0 ? successes.quantile(p) : nil
  }

  /// p50, p90, p99, p99.9 and mean of successful latencies, or nil if none succeeded.
  public var summary: LatencySummary? {
    guard successes.total > 0 else { return nil }
    return LatencySummary(
      p50: successes.quantile(0.5), p90: successes.quantile(0.9),
      p99: successes.quantile(0.99), p999: successes.quantile(0.999), mean: successes.mean)
  }
}

extension LatencyTree {
  /// Draws `samples` requests, split over `shards` threads, and summarises them.
  ///
  /// Shard k draws from `SeededGenerator(seed: seed, stream: k)` and the shards' histograms
  /// merge in shard order, so the result depends on (tree, samples, seed, shards) only,
  /// never on thread timing. Requests are drawn in batches, node by node (a branch
  /// partitions the batch among its arms, a retry re-runs only the requests still
  /// trying), so the cost per request is a few tight loops, with no allocation per request.
  /// The semantics are `sample(using:)`'s.
  /// - Precondition: `problem == nil`; samples ≥ 1; 1 ≤ shards ≤ 64.
  /// - Complexity: O(samples × nodes visited per request).
  public func monteCarlo(samples: Int, seed: UInt64, shards: Int = 2) -> LatencyMonteCarlo {
    checkUsable()
    precondition(samples >= 1, "Monte Carlo needs at least 1 sample, not \(samples)")
    precondition(shards >= 1 && shards <= 64, "shards \(shards) must be in 1…64")
    let program = BatchProgram(self)
    let results = ShardResults(count: shards)
    DispatchQueue.concurrentPerform(iterations: shards) { shard in
      let share = samples / shards + (shard < samples % shards ? 1 : 0)
      var generator = SeededGenerator(seed: seed, stream: UInt64(shard))
      results.store(shard, program.simulate(share, &generator))
    }
    var histogram = LatencyHistogram()
    var failures = 0
    for (shardHistogram, shardFailures) in results.all() {
      histogram.merge(shardHistogram)
      failures += shardFailures
    }
    return LatencyMonteCarlo(samples: samples, failures: failures, successes: histogram)
  }
}

/// Per-shard results, written by concurrent shards under a lock and read in shard order.
private final class ShardResults: @unchecked Sendable {
  private let lock = NSLock()
  private var slots: [(LatencyHistogram, Int)?]

  init(count: Int) {
    slots = Array(repeating: nil, count: count)
  }

  func store(_ shard: Int, _ result: (LatencyHistogram, Int)) {
    lock.lock()
    slots[shard] = result
    lock.unlock()
  }

  func all() -> [(LatencyHistogram, Int)] {
    lock.lock()
    defer { lock.unlock() }
    return slots.compactMap { $0 }
  }
}

/// A precomputed sampler for one distribution: (μ, σ) solved once, mixtures and
/// empirical data as cumulative tables searched by bisection.
indirect enum LeafSampler: Sendable {
  case fixed(Double)
  case uniform(lower: Double, width: Double)
  case exponential(mean: Double)
  case lognormal(mu: Double, sigma: Double)
  case table(cumulative: [Double], parts: [LeafSampler])

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
      self = Self.table(arms.map { ($0.weight, LeafSampler($0.distribution)) })
    case .empirical(let empirical):
      self = Self.table(
        empirical.bins.map {
          ($0.weight, LeafSampler(.uniform(lower: $0.lower, upper: $0.upper)))
        })
    }
  }

  private static func table(_ parts: [(Double, LeafSampler)]) -> LeafSampler {
    let kept = parts.filter { $0.0 > 0 }
    let total = kept.reduce(0) { $0 + $1.0 }
    var running = 0.0
    let cumulative = kept.map { part -> Double in
      running += part.0 / total
      return running
    }
    return .table(cumulative: cumulative, parts: kept.map(\.1))
  }

  /// One draw (the recipes of `Distribution.sample(using:)`).
  func draw(_ generator: inout SeededGenerator) -> Double {
    switch self {
    case .fixed(let value):
      return value
    case .uniform(let lower, let width):
      return lower + width * generator.uniform()
    case .exponential(let mean):
      return -mean * log(generator.uniformPositive())
    case .lognormal(let mu, let sigma):
      return exp(mu + sigma * StandardNormal.quantile(generator.uniformPositive()))
    case .table(let cumulative, let parts):
      return parts[Self.search(cumulative, generator.uniform())].draw(&generator)
    }
  }

  /// The first index with u < cumulative[index] (the last one if rounding leaves none).
  static func search(_ cumulative: [Double], _ u: Double) -> Int {
    var low = 0
    var high = cumulative.count - 1
    while low < high {
      let middle = (low + high) / 2
      if u < cumulative[middle] { high = middle } else { low = middle + 1 }
    }
    return low
  }

  /// `count` draws into `out`, with the case decided once per batch.
  func fill(_ out: UnsafeMutablePointer<Double>, _ count: Int, _ g: inout SeededGenerator) {
    switch self {
    case .fixed(let value):
      out.update(repeating: value, count: count)
    // Plain `while` loops: a `for … in 0..<n` costs ~5× more per step in debug builds.
    case .uniform(let lower, let width):
      var i = 0
      while i < count {
        out[i] = lower + width * g.uniform()
        i += 1
      }
    case .exponential(let mean):
      var i = 0
      while i < count {
        out[i] = -mean * log(g.uniformPositive())
        i += 1
      }
    case .lognormal(let mu, let sigma):
      var i = 0
      while i < count {
        out[i] = exp(mu + sigma * StandardNormal.quantile(g.uniformPositive()))
        i += 1
      }
    case .table:
      var i = 0
      while i < count {
        out[i] = draw(&g)
        i += 1
      }
    }
  }
}
