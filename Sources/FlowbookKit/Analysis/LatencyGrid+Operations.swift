/// The composition operators on grids: series (sum), branch (mixture), fan-out (maximum).
///
/// Every operator keeps the grids' shared `step` and works on defective grids (see
/// `LatencyGrid`), so the same code composes "succeeded after t" and "failed after t".
extension LatencyGrid {
  /// Masses below this (relative to the grid's probability) are trimmed from either end:
  /// FFT round-off leaves ~1e-17 per cell, which would otherwise grow every grid forever.
  static let trimTolerance = 1e-14

  // MARK: - Series

  /// The same distribution `delay` later: a fixed hop is a shift, not a convolution.
  /// - Complexity: O(1).
  public func shifted(by delay: Double) -> LatencyGrid {
    precondition(delay.isFinite, "shift delay \(delay) must be finite")
    return LatencyGrid(unchecked: origin + delay, step: step, mass: mass, overflow: overflow)
  }

  /// The distribution of X + Y for independent X (self) and Y (other): a convolution.
  ///
  /// Cell centres add, so the result's origin is the sum of the origins and cell i + j
  /// receives mass[i]·other.mass[j] (the discrete convolution; Feller, *An Introduction to
  /// Probability Theory*, vol. 1, 3rd ed. (1968), §XI.2). The event is "both events":
  /// probabilities multiply, and any pair involving overflow is overflow.
  /// - Precondition: equal steps.
  /// - Complexity: O(n·m) directly when one side is short, else O((n + m) log(n + m)) by
  ///   FFT (`LatencyConvolution`).
  public func convolved(with other: LatencyGrid) -> LatencyGrid {
    precondition(step == other.step, "convolving grids of steps \(step) and \(other.step)")
    let (massA, massB) = (inGridMass, other.inGridMass)
    let spilled = max(0, probability * other.probability - massA * massB)
    guard !mass.isEmpty, !other.mass.isEmpty else {
      return LatencyGrid(unchecked: 0, step: step, mass: [], overflow: spilled)
    }
    if other.mass.count == 1 || mass.count == 1 {
      // A point mass (a fixed hop, "timed out at τ") is a shift and a scaling.
      let (point, spread) = other.mass.count == 1 ? (other, self) : (self, other)
      let weight = point.mass[0]
      return LatencyGrid(
        unchecked: spread.origin + point.origin, step: step,
        mass: weight == 1 ? spread.mass : spread.mass.map { $0 * weight }, overflow: spilled)
    }
    let product = LatencyConvolution.convolve(mass, other.mass)
    return LatencyGrid(
      unchecked: origin + other.origin, step: step, mass: product, overflow: spilled
    ).trimmed()
  }

  // MARK: - Branch

  /// Every mass and the overflow times `weight`: "this event, and a branch of probability
  /// `weight` taken".
  /// - Complexity: O(n).
  public func scaled(by weight: Double) -> LatencyGrid {
    precondition(weight.isFinite && weight >= 0, "branch weight \(weight) must be ≥ 0")
    return LatencyGrid(
      unchecked: origin, step: step, mass: mass.map { $0 * weight }, overflow: overflow * weight)
  }

  /// A probabilistic branch: with probability `weight` the latency of `grid`.
  ///
  /// The law of total probability: the result's mass is Σ wᵢ·massᵢ once the arms share
  /// one lattice (arms are re-binned onto the phase of the most probable arm, see
  /// `rebinned(toPhaseOf:)`).
  /// - Precondition: weights finite, ≥ 0, summing to 1 ± 1e-9; equal steps.
  /// - Complexity: O(Σ nᵢ + span).
  public static func mixture(_ arms: [(weight: Double, grid: LatencyGrid)]) -> LatencyGrid {
    precondition(!arms.isEmpty, "a mixture needs at least one arm")
    let total = arms.reduce(0) { $0 + $1.weight }
    precondition(abs(total - 1) <= 1e-9, "mixture weights sum to \(total), not 1")
    return sum(arms.map { $0.grid.scaled(by: $0.weight) })
  }

  /// The union of disjoint events: masses added on a common lattice.
  /// - Complexity: O(Σ nᵢ + span of the union).
  static func sum(_ grids: [LatencyGrid]) -> LatencyGrid {
    let present = grids.filter { !$0.mass.isEmpty }
    let spilled = grids.reduce(0) { $0 + $1.overflow }
    guard let reference = present.max(by: { $0.probability < $1.probability }) else {
      let step = grids.first?.step ?? 1
      return LatencyGrid(unchecked: 0, step: step, mass: [], overflow: spilled)
    }
    let aligned = present.map { $0.rebinned(toPhaseOf: reference.origin) }
    let (low, count) = span(of: aligned)
    var result = [Double](repeating: 0, count: count)
    for grid in aligned {
      let offset = grid.offset(from: low)
      for (index, value) in grid.mass.enumerated() { result[offset + index] += value }
    }
    return LatencyGrid(
      unchecked: low, step: reference.step, mass: result, overflow: spilled)
  }

  /// Moves the grid onto the lattice {phase + k·step}, splitting each cell's mass between
  /// the two nearest target cells in proportion to proximity.
  ///
  /// Linear splitting keeps every mass and the mean exactly (the "method of local moment
  /// matching" of order 1; Gerber, "On the numerical evaluation of the distribution of
  /// aggregate claims", *ASTIN Bulletin* 13 (1982)); it smears a point mass over at most
  /// two cells, an error below one `step`.
  /// - Complexity: O(n).
  func rebinned(toPhaseOf phase: Double) -> LatencyGrid {
    let shift = (origin - phase) / step
    let whole = shift.rounded(.down)
    let fraction = shift - whole
    let newOrigin = phase + whole * step
    if fraction < 1e-9 {
      return LatencyGrid(unchecked: newOrigin, step: step, mass: mass, overflow: overflow)
    }
    if fraction > 1 - 1e-9 {
      return LatencyGrid(
        unchecked: newOrigin + step, step: step, mass: mass, overflow: overflow)
    }
    var result = [Double](repeating: 0, count: mass.count + 1)
    for (index, value) in mass.enumerated() {
      result[index] += value * (1 - fraction)
      result[index + 1] += value * fraction
    }
    return LatencyGrid(unchecked: newOrigin, step: step, mass: result, overflow: overflow)
  }

  /// The lowest origin and the cell count covering every grid (same phase assumed).
  static func span(of grids: [LatencyGrid]) -> (origin: Double, count: Int) {
    let low = grids.map(\.origin).min() ?? 0
    var count = 0
    for grid in grids { count = max(count, grid.offset(from: low) + grid.mass.count) }
    return (low, count)
  }

  /// Index of this grid's cell 0 on the lattice starting at `low` (same phase).
  func offset(from low: Double) -> Int {
    Int(((origin - low) / step).rounded())
  }

  // MARK: - Trimming

  /// Drops negligible mass at either end: the top into `overflow`, the bottom into the
  /// first kept cell, so that the total stays exact.
  /// - Complexity: O(n).
  func trimmed() -> LatencyGrid {
    let threshold = LatencyGrid.trimTolerance * probability
    var first = 0
    var low = 0.0
    while first < mass.count && low + mass[first] <= threshold {
      low += mass[first]
      first += 1
    }
    guard first < mass.count else {
      return LatencyGrid(unchecked: 0, step: step, mass: [], overflow: overflow + low)
    }
    var last = mass.count - 1
    var high = 0.0
    while last > first && high + mass[last] <= threshold {
      high += mass[last]
      last -= 1
    }
    if first == 0 && last == mass.count - 1 { return self }
    var kept = Array(mass[first...last])
    kept[0] += low
    return LatencyGrid(
      unchecked: centre(first), step: step, mass: kept, overflow: overflow + high)
  }
}
