import Foundation

/// Every latency distribution of a compiled program, prepared for drawing millions of
/// times a second, in one flat table.
///
/// `Distribution.sample(using:)` recomputes a lognormal's (μ, σ) from its percentiles on
/// every draw (two logarithms) and walks a mixture's weights twice; and an indirect enum
/// costs a reference count per copy. The simulator draws several latencies per request,
/// so each distribution is prepared once into plain entries: a lognormal keeps (μ, σ), a
/// mixture keeps its arms as entries of the same table with cumulative normalised
/// weights, an empirical distribution keeps its bins as uniform entries. Entries hold no
/// references, so drawing one touches no reference count. Uniform, exponential and
/// empirical draws use `Distribution.sample`'s inversions; normal variates for lognormals
/// come from the ziggurat (`NormalZiggurat`), five times cheaper than inversion and
/// exactly normal, so the simulator draws from the very distributions the analytical
/// model composes, though not the same sequence of values as `Distribution.sample`.
struct SamplerTable: Sendable {
  /// One prepared distribution.
  struct Entry: Sendable {
    enum Kind: UInt8, Sendable {
      case fixed, uniform, exponential, lognormal, mixture, empirical
    }

    var kind: Kind
    /// fixed: the value; uniform: lower; exponential: the mean; lognormal: μ.
    var a: Double = 0
    /// uniform: the width; lognormal: σ.
    var b: Double = 0
    /// mixture and empirical: the parts, at `first..<first + count` of the table.
    var first: Int32 = 0
    var count: Int32 = 0
  }

  private(set) var entries: [Entry] = []
  private let normal = NormalZiggurat()
  /// For parts: the cumulative normalised weight up to and including each (else 0).
  private(set) var cumulative: [Double] = []

  /// Adds `distribution` (which passed `Distribution.problem`) and returns its index.
  ///
  /// - Complexity: O(size of the distribution).
  mutating func add(_ distribution: Distribution) -> Int32 {
    let index = reserve(1)
    entries[Int(index)] = entry(distribution)
    return index
  }

  private mutating func reserve(_ count: Int) -> Int32 {
    let index = Int32(entries.count)
    entries += Array(repeating: Entry(kind: .fixed), count: count)
    cumulative += Array(repeating: 0, count: count)
    return index
  }

  private mutating func entry(_ distribution: Distribution) -> Entry {
    switch distribution {
    case .fixed(let value):
      return Entry(kind: .fixed, a: value)
    case .uniform(let lower, let upper):
      return Entry(kind: .uniform, a: lower, b: upper - lower)
    case .exponential(let mean):
      return Entry(kind: .exponential, a: mean)
    case .lognormal:
      let (mu, sigma) = distribution.lognormalParameters
      return Entry(kind: .lognormal, a: mu, b: sigma)
    case .mixture(let arms):
      let first = reserve(arms.count)
      let weights = Self.cumulative(arms.map(\.weight))
      for (offset, arm) in arms.enumerated() {
        let part = entry(arm.distribution)
        entries[Int(first) + offset] = part
        cumulative[Int(first) + offset] = weights[offset]
      }
      return Entry(kind: .mixture, first: first, count: Int32(arms.count))
    case .empirical(let empirical):
      let bins = empirical.bins
      let first = reserve(bins.count)
      let weights = Self.cumulative(bins.map(\.weight))
      for (offset, bin) in bins.enumerated() {
        entries[Int(first) + offset] = Entry(kind: .uniform, a: bin.lower, b: bin.upper - bin.lower)
        cumulative[Int(first) + offset] = weights[offset]
      }
      return Entry(kind: .empirical, first: first, count: Int32(bins.count))
    }
  }

  /// One draw in seconds from distribution `index`.
  ///
  /// - Complexity: O(1); O(log k) for a mixture or empirical distribution of k parts.
  @inline(__always)
  func sample(_ index: Int32, _ generator: inout SeededGenerator) -> Double {
    let entry = entries[Int(index)]
    switch entry.kind {
    case .fixed:
      return entry.a
    case .uniform:
      return entry.a + entry.b * generator.uniform()
    case .exponential:
      return -entry.a * log(generator.uniformPositive())
    case .lognormal:
      return exp(entry.a + entry.b * normal.sample(&generator))
    case .mixture, .empirical:
      let part = part(of: entry, generator.uniform())
      return sample(part, &generator)
    }
  }

  /// The part of a mixture or empirical entry that uniform `u` picks, by binary search.
  @inline(__always)
  private func part(of entry: Entry, _ u: Double) -> Int32 {
    var low = Int(entry.first)
    var high = low + Int(entry.count) - 1
    while low < high {
      let middle = (low + high) / 2
      if u < cumulative[middle] { high = middle } else { low = middle + 1 }
    }
    return Int32(low)
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

  /// The first index in `first..<first + count` of `cumulative` whose value exceeds `u`
  /// (u in [0, 1)).
  ///
  /// - Complexity: O(log count).
  @inline(__always)
  static func index(in cumulative: [Double], first: Int, count: Int, _ u: Double) -> Int {
    var low = first
    var high = first + count - 1
    while low < high {
      let middle = (low + high) / 2
      if u < cumulative[middle] { high = middle } else { low = middle + 1 }
    }
    return low
  }
}
