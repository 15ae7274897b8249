/// Timeouts and retries on grids; the semantics are those documented on `RetryPolicy`.
extension LatencyGrid {
  /// Retries a call whose latency is this grid (a call that never fails by itself).
  ///
  /// - Parameters:
  ///   - policy: timeout, attempts and backoffs.
  ///   - tailMass: tail probability each backoff may leave beyond its grid.
  /// - Returns: `success`, whose `probability` is P(success) and whose quantiles are those
  ///   of successful requests, and `failure`, whose `probability` is P(failure) and whose
  ///   latency is the time at which the client gives up.
  /// - Complexity: O(attempts) convolutions of the growing "time spent so far" grid.
  public func retried(
    _ policy: RetryPolicy, tailMass: Double = 1e-9
  ) -> (success: LatencyGrid, failure: LatencyGrid) {
    let backoffs = policy.backoffs.map { $0.discretised(step: step, tailMass: tailMass) }
    return LatencyGrid.retry(
      success: self, failure: .empty(step: step), timeout: policy.timeout, backoffs: backoffs)
  }

  /// The retry recurrence on one attempt's (success, failure) grids.
  ///
  /// With S the attempt's successes within the timeout, E its unsuccessful ends (early
  /// failures below the timeout plus a point mass at the timeout) and Wₖ = E ⊛ Bₖ the cost
  /// of a failed attempt k followed by backoff k:
  /// success = S + W₁⊛S + W₁⊛W₂⊛S + …  (n terms), failure = W₁⊛…⊛Wₙ₋₁⊛E.
  /// This is the renewal argument of Feller, vol. 2 (1971), §XI.1, truncated at n attempts.
  /// - Complexity: O(n) convolutions, fewer once almost no request is still trying.
  static func retry(
    success attempt: LatencyGrid, failure attemptFailure: LatencyGrid, timeout: Double,
    backoffs: [LatencyGrid]
  ) -> (success: LatencyGrid, failure: LatencyGrid) {
    let step = attempt.step
    let (onTime, late) = attempt.truncated(at: timeout)
    let (earlyFailure, lateFailure) = attemptFailure.truncated(at: timeout)
    let abandoned = LatencyGrid.point(timeout, step: step, probability: late + lateFailure)
    let unsuccessful = sum([abandoned, earlyFailure])
    var spent = LatencyGrid.point(0, step: step)
    var successes: [LatencyGrid] = []
    for backoff in backoffs {
      successes.append(spent.convolved(with: onTime))
      spent = spent.convolved(with: unsuccessful).convolved(with: backoff)
      if spent.probability < negligible {
        // Nearly every request has finished: stop, leaving the rest unresolved.
        let rest = LatencyGrid(unchecked: 0, step: step, mass: [], overflow: spent.probability)
        return (sum(successes), rest)
      }
    }
    successes.append(spent.convolved(with: onTime))
    return (sum(successes), spent.convolved(with: unsuccessful))
  }

  /// Below this probability of still trying, further attempts are not computed (their
  /// mass is reported as unresolved): a 1,000-attempt policy costs what its live part does.
  static let negligible = 1e-15

  /// Splits the grid at `limit`: mass at or below it (a cell straddling it is split in
  /// proportion, its mass being uniform within the cell) and the probability above it,
  /// overflow included.
  /// - Complexity: O(n).
  func truncated(at limit: Double) -> (kept: LatencyGrid, beyond: Double) {
    let position = (limit - lowerEdge) / step
    guard position > 0 else {
      return (.empty(step: step), probability)
    }
    let whole = Int(min(position.rounded(.down), Double(mass.count)))
    guard whole < mass.count else { return (self, overflow) }
    var kept = Array(mass[0...whole])
    let fraction = position - Double(whole)
    kept[whole] *= fraction
    var beyond = overflow + mass[whole] * (1 - fraction)
    for index in (whole + 1)..<mass.count { beyond += mass[index] }
    let grid = LatencyGrid(unchecked: origin, step: step, mass: kept, overflow: 0)
    return (grid.trimmed(), beyond)
  }
}
