/// The state threaded through a composition: the lattice, the tail budget and, inside a
/// retry, the timeout beyond which nothing needs resolving.
struct CompositionContext {
  var step: Double
  /// Total probability the whole composition may leave beyond its horizons.
  var tailMass: Double
  /// Leaves in the tree, among which `tailMass` is shared.
  var leaves: Int
  /// Expected executions of the current node per request (branch weights × fan-outs ×
  /// attempts): a leaf that runs rarely may be cut earlier for the same budget.
  var reach: Double = 1
  /// Inside a retry, the attempt timeout; elsewhere infinity.
  ///
  /// Latency beyond it only matters as "timed out", so grids stop there and the rest
  /// becomes overflow, which the retry counts as late.
  var cap: Double = .infinity

  /// The tail this leaf may drop: tailMass / (leaves × reach), at most 1e-3.
  var leafTail: Double {
    min(1e-3, tailMass / (Double(max(1, leaves)) * max(reach, 1e-300)))
  }

  /// The context of a child run `times` times as often (a weight, a count, attempts).
  func reached(_ times: Double) -> CompositionContext {
    var copy = self
    copy.reach *= times
    return copy
  }

  /// A leaf distribution on this lattice, cut at its tail budget and at `cap`.
  func leaf(_ distribution: Distribution) -> LatencyGrid {
    distribution.discretised(step: step, tailMass: leafTail, cap: cap)
  }
}

/// A sub-path's two outcomes on one lattice: when it succeeds and when it fails.
///
/// `success.probability + failure.probability` is the probability of reaching it.
struct Outcome {
  var success: LatencyGrid
  var failure: LatencyGrid

  /// This sub-path, then `next` if this one succeeded: success = S₁ ⊛ S₂,
  /// failure = F₁ + S₁ ⊛ F₂ (a failure stops the series at once).
  /// - Complexity: one or two convolutions.
  func followed(by next: Outcome) -> Outcome {
    let failedLater = success.convolved(with: next.failure)
    return Outcome(
      success: success.convolved(with: next.success),
      failure: failure.mass.isEmpty && failure.overflow == 0
        ? failedLater : .sum([failure, failedLater]))
  }

  /// Waiting for all parts, each part with a copy count.
  ///
  /// All succeed by x with
  /// probability Π Sᵢ(x)^nᵢ; all have *ended* by x with Π (Sᵢ + Fᵢ)(x)^nᵢ; the failures
  /// known by x are the difference (the group reports when its last branch ends).
  /// - Complexity: O(k · span), twice when any part can fail.
  static func waitForAll(_ parts: [(outcome: Outcome, count: Int)]) -> Outcome {
    let reference = parts.map(\.outcome.success).max { $0.probability < $1.probability }
    let phase = reference?.origin ?? 0
    let successes = LatencyGrid.cdfProduct(
      parts.map { ($0.outcome.success, $0.count) }, phase: phase)
    let canFail = parts.contains { $0.outcome.failure.probability > 0 }
    guard canFail else {
      return Outcome(success: successes, failure: .empty(step: successes.step))
    }
    let ended = LatencyGrid.cdfProduct(
      parts.map { (LatencyGrid.sum([$0.outcome.success, $0.outcome.failure]), $0.count) },
      phase: phase)
    return Outcome(success: successes, failure: ended.subtracting(successes))
  }

  /// Both grids cut at `cap`, the mass beyond becoming overflow ("later than the cap").
  /// - Complexity: O(n).
  func capped(at cap: Double) -> Outcome {
    guard cap.isFinite else { return self }
    func cut(_ grid: LatencyGrid) -> LatencyGrid {
      let (kept, beyond) = grid.truncated(at: cap)
      return LatencyGrid(
        unchecked: kept.origin, step: kept.step, mass: kept.mass, overflow: beyond)
    }
    return Outcome(success: cut(success), failure: cut(failure))
  }
}

extension LatencyGrid {
  /// Cell-wise self − other (other's events being a subset of self's), clamped at 0.
  /// - Complexity: O(n + m).
  func subtracting(_ other: LatencyGrid) -> LatencyGrid {
    let spilled = max(0, overflow - other.overflow)
    guard !other.mass.isEmpty else {
      return LatencyGrid(unchecked: origin, step: step, mass: mass, overflow: spilled)
    }
    let aligned = other.rebinned(toPhaseOf: origin)
    let (low, count) = LatencyGrid.span(of: [self, aligned])
    var result = [Double](repeating: 0, count: count)
    let mine = offset(from: low)
    for (index, value) in mass.enumerated() { result[mine + index] += value }
    let theirs = aligned.offset(from: low)
    for (index, value) in aligned.mass.enumerated() { result[theirs + index] -= value }
    for index in 0..<count where result[index] < 0 { result[index] = 0 }
    return LatencyGrid(unchecked: low, step: step, mass: result, overflow: spilled).trimmed()
  }
}
