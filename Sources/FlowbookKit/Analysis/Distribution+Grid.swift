import Foundation

/// Exact discretisation of a `Distribution` onto a `LatencyGrid`.
///
/// "Exact" in the sense of the method of rounding (Panjer & Willmot (1992), §6.15): each
/// cell receives P(lower edge ≤ X < upper edge), a difference of the CDF, so the grid's CDF
/// equals the true CDF at every cell edge.
extension Distribution {
  /// The distribution on cells of width `step`.
  ///
  /// The grid starts at the lowest value the distribution takes (for a lognormal, its
  /// 1e-13 quantile; the mass below is folded into cell 0) and ends at its (1 − tailMass)
  /// quantile; what lies beyond is `overflow`. When the lowest value is a point mass (a
  /// fixed delay, a sample) the origin is put on it, so the point mass is a cell centre.
  /// - Parameters:
  ///   - step: cell width in seconds.
  ///   - tailMass: probability allowed beyond the last cell.
  /// - Returns: a grid of probability 1, its mass beyond the last cell as `overflow`.
  /// - Precondition: the distribution is valid (`validate()`); step > 0; tailMass in
  ///   (0, 0.5); at most 2²⁴ cells.
  /// - Complexity: O(cells + parts) evaluations of the CDF.
  public func discretised(step: Double, tailMass: Double = 1e-9) -> LatencyGrid {
    discretised(step: step, tailMass: tailMass, cap: .infinity)
  }

  /// As `discretised(step:tailMass:)`, but no cell starts beyond `cap`: inside a retry
  /// everything slower than the timeout is just "late", so it goes to overflow.
  func discretised(step: Double, tailMass: Double, cap: Double) -> LatencyGrid {
    checkUsable()
    precondition(step.isFinite && step > 0, "discretisation step \(step) must be > 0")
    precondition(tailMass > 0 && tailMass < 0.5, "tail mass \(tailMass) must be in (0, 0.5)")
    let low = gridLowerBound
    let high = max(low, min(cap, gridUpperBound(tailMass: tailMass)))
    let origin = hasAtom(at: low) ? low : low + step / 2
    let edge0 = origin - step / 2
    let cells = Int(((high - edge0) / step).rounded(.down)) + 1
    precondition(
      cells <= 1 << 24,
      "discretising over [\(low), \(high)] s at step \(step) s needs \(cells) cells")
    var mass = [Double](repeating: 0, count: cells)
    var overflow = 0.0
    mass.withUnsafeMutableBufferPointer { buffer in
      accumulate(into: buffer, edge0: edge0, step: step, weight: 1, overflow: &overflow)
    }
    return LatencyGrid(unchecked: origin, step: step, mass: mass, overflow: overflow)
  }

  /// Adds weight · P(X in cell j) to cell j for every cell, mass below the first edge to
  /// cell 0 and mass beyond the last edge to `overflow`.
  private func accumulate(
    into cells: UnsafeMutableBufferPointer<Double>, edge0: Double, step: Double,
    weight: Double, overflow: inout Double
  ) {
    switch self {
    case .fixed(let value):
      addUniform(value, value, weight, cells, edge0, step, &overflow)
    case .uniform(let lower, let upper):
      addUniform(lower, upper, weight, cells, edge0, step, &overflow)
    case .exponential, .lognormal:
      addContinuous(weight, cells, edge0, step, &overflow)
    case .mixture(let arms):
      let total = arms.reduce(0) { $0 + $1.weight }
      for arm in arms where arm.weight > 0 {
        arm.distribution.accumulate(
          into: cells, edge0: edge0, step: step, weight: weight * arm.weight / total,
          overflow: &overflow)
      }
    case .empirical(let empirical):
      let total = empirical.bins.reduce(0) { $0 + $1.weight }
      for bin in empirical.bins where bin.weight > 0 {
        let share = weight * bin.weight / total
        addUniform(bin.lower, bin.upper, share, cells, edge0, step, &overflow)
      }
    }
  }

  /// Mass `weight` spread uniformly over [lower, upper] (a point when they are equal).
  private func addUniform(
    _ lower: Double, _ upper: Double, _ weight: Double,
    _ cells: UnsafeMutableBufferPointer<Double>, _ edge0: Double, _ step: Double,
    _ overflow: inout Double
  ) {
    let count = cells.count
    let first = Int(max(0, ((lower - edge0) / step).rounded(.down)))
    guard first < count else {
      overflow += weight
      return
    }
    if upper <= lower {
      cells[first] += weight
      return
    }
    let width = upper - lower
    var index = first
    while index < count {
      let cellLow = index == 0 ? -Double.infinity : edge0 + Double(index) * step
      let cellHigh = edge0 + Double(index + 1) * step
      let overlap = min(cellHigh, upper) - max(cellLow, lower)
      if overlap > 0 { cells[index] += weight * overlap / width }
      if cellHigh >= upper { return }
      index += 1
    }
    let lastEdge = edge0 + Double(count) * step
    overflow += weight * (upper - max(lastEdge, lower)) / width
  }

  /// Mass `weight`·(S(a) − S(b)) per cell [a, b) for a continuous distribution, S the
  /// survival function (accurate in the upper tail, which sets p99.9).
  ///
  /// Per edge this costs one `log` and one `erfc` for a lognormal (μ and σ solved once),
  /// and one multiplication for an exponential, whose survival e^(−x/m) falls by the same
  /// factor e^(−step/m) from each edge to the next.
  private func addContinuous(
    _ weight: Double, _ cells: UnsafeMutableBufferPointer<Double>, _ edge0: Double,
    _ step: Double, _ overflow: inout Double
  ) {
    let count = cells.count
    let start = Int(max(0, ((gridLowerBound - edge0) / step).rounded(.down)))
    guard start < count else {
      overflow += weight
      return
    }
    var upperTail = 1.0
    var index = start
    switch self {
    case .exponential(let mean):
      let decay = exp(-step / mean)
      var next = survival(edge0 + Double(start + 1) * step)
      while index < count && upperTail >= 1e-300 {
        cells[index] += weight * (upperTail - next)
        upperTail = next
        next *= decay
        index += 1
      }
    default:
      let (mu, sigma) = lognormalParameters
      let scale = 1 / (sigma * 2.0.squareRoot())
      while index < count && upperTail >= 1e-300 {
        let edge = edge0 + Double(index + 1) * step
        let next = edge > 0 ? 0.5 * erfc((log(edge) - mu) * scale) : 1
        cells[index] += weight * (upperTail - next)
        upperTail = next
        index += 1
      }
    }
    if index == count { overflow += weight * upperTail }
  }

  // MARK: - Support for the grid

  /// The lowest value worth a cell: the minimum, or a lognormal's 1e-13 quantile.
  var gridLowerBound: Double {
    switch self {
    case .fixed(let value): return value
    case .uniform(let lower, _): return lower
    case .exponential: return 0
    case .lognormal: return quantile(1e-13)
    case .mixture(let arms):
      return arms.filter { $0.weight > 0 }.map(\.distribution.gridLowerBound).min() ?? 0
    case .empirical(let empirical):
      return empirical.bins.filter { $0.weight > 0 }.map(\.lower).min() ?? 0
    }
  }

  /// A value exceeded with probability at most `tailMass`.
  ///
  /// The bound of a bounded distribution, else the (1 − tailMass) quantile. A mixture of k arms gives arm i the
  /// tail tailMass / (k·wᵢ), so Σ wᵢ·P(Xᵢ > its bound) ≤ tailMass and a rare arm (a 2 %
  /// cold start) is cut earlier than a common one.
  func gridUpperBound(tailMass: Double) -> Double {
    switch self {
    case .fixed(let value): return value
    case .uniform(_, let upper): return upper
    case .exponential, .lognormal: return quantile(1 - tailMass)
    case .mixture(let arms):
      let kept = arms.filter { $0.weight > 0 }
      let total = kept.reduce(0) { $0 + $1.weight }
      return kept.map { arm in
        let share = tailMass * total / (Double(kept.count) * arm.weight)
        return arm.distribution.gridUpperBound(tailMass: min(share, 0.25))
      }.max() ?? 0
    case .empirical(let empirical):
      return empirical.bins.filter { $0.weight > 0 }.map(\.upper).max() ?? 0
    }
  }

  /// Whether the distribution has a finite upper bound (no tail to cut).
  var isBounded: Bool {
    switch self {
    case .fixed, .uniform, .empirical: return true
    case .exponential, .lognormal: return false
    case .mixture(let arms):
      return arms.allSatisfy { $0.weight == 0 || $0.distribution.isBounded }
    }
  }

  /// Whether P(X = value) > 0.
  func hasAtom(at value: Double) -> Bool {
    switch self {
    case .fixed(let fixed): return fixed == value
    case .uniform(let lower, let upper): return lower == upper && lower == value
    case .exponential, .lognormal: return false
    case .mixture(let arms):
      return arms.contains { $0.weight > 0 && $0.distribution.hasAtom(at: value) }
    case .empirical(let empirical):
      return empirical.bins.contains {
        $0.weight > 0 && $0.lower == $0.upper && $0.lower == value
      }
    }
  }
}
