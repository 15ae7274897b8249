/// How a client retries one call: a per-attempt timeout, an attempt budget and backoffs.
///
/// **Semantics** (shared by `LatencyTree.compose`, `LatencyTree.sample(using:)` and the
/// Monte Carlo engine):
/// 1. Attempt k starts and runs the wrapped tree, independently of earlier attempts.
/// 2. If it *succeeds* within `timeout` (latency ≤ timeout) the request succeeds; its
///    latency is everything spent so far plus this attempt's latency.
/// 3. Otherwise the attempt ends unsuccessfully: it *fails early* at its own failure time
///    t < timeout (an error response, e.g. a nested retry that gave up), or it is
///    *abandoned at exactly `timeout`* (still running at the timeout, or failing at or
///    after it; mass beyond the grid's horizon also counts here).
/// 4. If attempts remain, the client waits `backoffs[k − 1]` (drawn independently) and
///    starts attempt k + 1. After the last attempt the request *fails*; its failure time
///    is the sum of all attempt end times and backoffs.
///
/// So a successful latency is at most attempts·timeout + Σ backoffs, and with no early
/// failures P(fail) = P(attempt > timeout)^attempts. The timeout is per attempt, not an
/// overall deadline: wrap the retry in another `retry` with one attempt for a deadline.
public struct RetryPolicy: Sendable, Hashable {
  /// Per-attempt timeout in seconds (> 0).
  public var timeout: Double
  /// Total attempts including the first (≥ 1); 1 means "timeout only, no retry".
  public var attempts: Int
  /// The wait before attempt k + 1 is `backoffs[k − 1]`; `attempts − 1` entries.
  public var backoffs: [Distribution]

  /// The same backoff distribution before every retry.
  ///
  /// Like every model value, the policy is checked when used (`LatencyTree.problem`), so
  /// building one from user input never stops the program.
  public init(timeout: Double, attempts: Int, backoff: Distribution = .fixed(0)) {
    self.init(
      timeout: timeout, attempts: attempts,
      backoffs: Array(repeating: backoff, count: max(0, attempts - 1)))
  }

  /// An explicit backoff before each retry; `backoffs.count` must be `attempts − 1`.
  public init(timeout: Double, attempts: Int, backoffs: [Distribution]) {
    self.timeout = timeout
    self.attempts = attempts
    self.backoffs = backoffs
  }

  /// Capped exponential backoff with full jitter: before retry k the client sleeps
  /// uniform(0, min(cap, base·2^(k−1))).
  ///
  /// Brooker, "Exponential Backoff and Jitter", AWS Architecture Blog (2015): full jitter
  /// spreads the retries of a synchronised burst and finishes the work soonest.
  public static func fullJitter(
    timeout: Double, attempts: Int, base: Double, cap: Double
  ) -> RetryPolicy {
    let backoffs = (0..<max(0, attempts - 1)).map { retry in
      Distribution.uniform(lower: 0, upper: min(cap, base * Double(1 << min(retry, 60))))
    }
    return RetryPolicy(timeout: timeout, attempts: attempts, backoffs: backoffs)
  }

  /// Why this policy is unusable, or nil: timeout finite and > 0, attempts ≥ 1,
  /// `attempts − 1` valid backoffs.
  /// - Complexity: O(attempts).
  public var problem: String? {
    guard timeout.isFinite, timeout > 0 else {
      return "retry timeout \(timeout) must be a positive number of seconds"
    }
    guard attempts >= 1 else { return "retry attempts \(attempts) must be at least 1" }
    guard attempts <= 1_000 else { return "retry attempts \(attempts) must be at most 1000" }
    guard backoffs.count == attempts - 1 else {
      return "\(attempts) attempts need \(attempts - 1) backoffs, not \(backoffs.count)"
    }
    for (index, backoff) in backoffs.enumerated() {
      if let bad = backoff.problem { return "backoff \(index + 1): \(bad)" }
    }
    return nil
  }
}
