/// A latency distribution discretised on a uniform grid: probability mass per cell.
///
/// Composition of latencies (sums, mixtures, maxima, retries) has no closed form for the
/// distributions that real paths mix (a fixed DNS budget, lognormal services, a 2 % cold
/// start), so flowbook computes it numerically on a lattice, as in the "discretise then
/// convolve" method of Panjer & Willmot, *Insurance Risk Models* (1992), §6.
///
/// **Cells.** Cell `i` is centred on `origin + i·step` and covers
/// [origin + (i − ½)·step, origin + (i + ½)·step); its mass is taken as spread uniformly
/// over the cell, so the CDF is exact at cell edges and linear between them. The origin is
/// any real number: a fixed delay moves it and touches no mass, and a point mass such as a
/// 5 ms DNS budget sits exactly at a cell centre.
///
/// **Defective grids.** The masses need not sum to 1. A grid describes an *event* (say
/// "the request succeeded") together with its latency: `probability` is the event's
/// probability and `cdf`, `quantile` and `mean` describe latency *given* the event. Sums,
/// mixtures and maxima are linear in the masses, so they compose such grids directly.
///
/// **Overflow.** `overflow` is mass whose latency lay beyond a horizon (the engine drops at
/// most ~1e-7 in all). It counts in `probability` and is treated as slower than every cell:
/// a sum or maximum with it is overflow again, and an attempt in it times out. `cdf` is
/// therefore low by at most `overflow / probability`, a `quantile` above
/// 1 − overflow/probability returns `upperEdge` (a lower bound), and `mean` counts overflow
/// at `upperEdge` (also a lower bound).
public struct LatencyGrid: Sendable, Hashable {
  /// Centre of cell 0, in seconds.
  public let origin: Double
  /// Width of every cell, in seconds.
  public let step: Double
  /// Probability mass per cell; all finite and ≥ 0.
  public let mass: [Double]
  /// Probability mass beyond the grid's horizon, ≥ 0.
  public let overflow: Double

  /// A grid from explicit masses.
  /// - Precondition: `step` finite and > 0, `origin` finite, every mass and `overflow`
  ///   finite and ≥ 0.
  /// - Complexity: O(n) to check the masses.
  public init(origin: Double, step: Double, mass: [Double], overflow: Double = 0) {
    precondition(step.isFinite && step > 0, "grid step \(step) must be finite and > 0")
    precondition(origin.isFinite, "grid origin \(origin) must be finite")
    precondition(overflow.isFinite && overflow >= 0, "grid overflow \(overflow) must be ≥ 0")
    for (index, value) in mass.enumerated() {
      precondition(value.isFinite && value >= 0, "grid mass[\(index)] = \(value) must be ≥ 0")
    }
    self.init(unchecked: origin, step: step, mass: mass, overflow: overflow)
  }

  /// The engine's constructor: no O(n) scan except under `FLOWBOOK_INTERNAL_CHECKS`.
  init(unchecked origin: Double, step: Double, mass: [Double], overflow: Double) {
    self.origin = origin
    self.step = step
    self.mass = mass
    self.overflow = overflow
    #if FLOWBOOK_INTERNAL_CHECKS
    _checkInvariants()
    #endif
  }

  /// All of `probability` at exactly `value` (a fixed delay, or "timed out at τ").
  /// - Complexity: O(1).
  public static func point(
    _ value: Double, step: Double, probability: Double = 1
  ) -> LatencyGrid {
    LatencyGrid(origin: value, step: step, mass: [probability], overflow: 0)
  }

  /// The impossible event, of probability 0: the failures of a path that cannot fail.
  /// - Complexity: O(1).
  public static func empty(step: Double) -> LatencyGrid {
    LatencyGrid(origin: 0, step: step, mass: [], overflow: 0)
  }

  #if FLOWBOOK_INTERNAL_CHECKS
  /// Checks what every operation promises: finite geometry, finite non-negative mass.
  func _checkInvariants() {
    precondition(step.isFinite && step > 0, "grid step \(step) must be finite and > 0")
    precondition(origin.isFinite, "grid origin \(origin) must be finite")
    precondition(overflow.isFinite && overflow >= 0, "grid overflow \(overflow) < 0")
    for (index, value) in mass.enumerated() {
      precondition(value.isFinite && value >= 0, "grid mass[\(index)] = \(value)")
    }
  }
  #endif

  // MARK: - Geometry

  /// Left edge of cell 0.
  public var lowerEdge: Double { origin - step / 2 }

  /// Right edge of the last cell: the horizon beyond which mass is `overflow`.
  public var upperEdge: Double { origin + (Double(mass.count) - 0.5) * step }

  /// Centre of cell `index`.
  func centre(_ index: Int) -> Double { origin + Double(index) * step }

  // MARK: - Queries

  /// The probability of the event this grid describes: Σ mass + overflow.
  /// - Complexity: O(n).
  public var probability: Double { inGridMass + overflow }

  /// Σ mass, the part of `probability` inside the horizon.
  /// - Complexity: O(n).
  public var inGridMass: Double { mass.reduce(0, +) }

  /// P(latency ≤ x | event), linear within a cell.
  /// - Precondition: `probability` > 0.
  /// - Complexity: O(n).
  public func cdf(_ x: Double) -> Double {
    let total = probability
    precondition(total > 0, "cdf of a grid with probability 0 (an impossible event)")
    let position = (x - lowerEdge) / step
    guard position > 0 else { return 0 }
    let whole = min(Int(position.rounded(.down)), mass.count)
    var below = 0.0
    for index in 0..<whole { below += mass[index] }
    if whole < mass.count { below += mass[whole] * (position - Double(whole)) }
    return min(1, below / total)
  }

  /// The p-quantile of latency given the event, interpolated linearly within its cell.
  ///
  /// Returns `upperEdge` when p falls into the overflow; never less than 0.
  /// - Precondition: 0 ≤ p ≤ 1 and `probability` > 0.
  /// - Complexity: O(n).
  public func quantile(_ p: Double) -> Double {
    quantiles([p])[0]
  }

  /// Several quantiles in one pass; `ps` must be ascending.
  /// - Precondition: each p in [0, 1], ascending, and `probability` > 0.
  /// - Complexity: O(n + k).
  public func quantiles(_ ps: [Double]) -> [Double] {
    let total = probability
    precondition(total > 0, "quantile of a grid with probability 0 (an impossible event)")
    var results: [Double] = []
    results.reserveCapacity(ps.count)
    var index = 0
    var below = 0.0
    for p in ps {
      precondition(p >= 0 && p <= 1, "quantile p = \(p) must be in [0, 1]")
      precondition(p >= (results.isEmpty ? 0 : ps[results.count - 1]), "ps must ascend")
      let target = p * total
      while index < mass.count && below + mass[index] < target {
        below += mass[index]
        index += 1
      }
      guard index < mass.count else {
        results.append(max(0, upperEdge))
        continue
      }
      let cell = mass[index]
      let fraction = cell > 0 ? min(1, max(0, (target - below) / cell)) : 0
      results.append(max(0, lowerEdge + (Double(index) + fraction) * step))
    }
    return results
  }

  /// E[latency | event], counting overflow at `upperEdge`.
  /// - Precondition: `probability` > 0.
  /// - Complexity: O(n).
  public var mean: Double {
    let total = probability
    precondition(total > 0, "mean of a grid with probability 0 (an impossible event)")
    var weighted = 0.0
    for (index, value) in mass.enumerated() { weighted += value * Double(index) }
    return origin + (weighted * step + overflow * (upperEdge - origin)) / total
  }
}
