import Foundation

/// A cache's eviction rule, for questions that apply to both kinds.
public enum CachePolicy: Sendable, Hashable {
  /// Entries live `seconds` from the miss that stored them.
  case ttl(seconds: Double)
  /// At most `capacity` entries; the least recently used is evicted.
  case lru(capacity: Double)
}

/// How a cache recovers from a flush (a Redis `FLUSHALL`, a failover to an empty replica, a
/// CloudFront invalidation of `/*`).
///
/// Derivation. Right after the flush the cache is empty. Until the first entry can leave —
/// T seconds for a TTL cache, since every entry was stored after the flush; the moment the
/// cache fills for LRU — a request at time t hits exactly when its key was requested in
/// [0, t). With Poisson requests that has probability 1 − e^{−Λᵢt}, so
///   h(t) = Σᵢ qᵢ(1 − e^{−λqᵢt}),
/// and the misses in [0, t] are the distinct keys requested, Σᵢ (1 − e^{−λqᵢt}).
/// - LRU: by Che's approximation the number of distinct keys reaches C at t = t_C, where
///   h(t_C) is exactly the steady-state hit ratio; the window is [0, t_C].
/// - TTL: 1 − e^{−x} ≥ x/(1 + x), so h(T) ≥ the steady state and h(t) crosses it before T;
///   the window is [0, T]. (Later, keys first requested together expire together, so the
///   miss rate shows damped echoes at multiples of T; they are not modelled.)
/// The warm time is the first t with h(t) ≥ (1 − tolerance)·h_steady (h increases), and the
/// extra origin requests are the misses in [0, t] minus the steady-state misses in the same
/// time, λt(1 − h_steady): the cost of the flush. Both are exact within the window for TTL
/// and carry Che's approximation for LRU.
public struct FlushRecovery: Sendable, Hashable {
  /// The steady-state hit ratio the cache returns to.
  public let steadyHitRatio: Double
  /// x: "warm" means within a fraction x of the steady state.
  public let tolerance: Double
  /// Seconds from the flush until h(t) ≥ (1 − x)·steady.
  public let warmTime: Double
  /// Origin requests in excess of the steady state, over [0, warmTime].
  public let extraOriginRequests: Double
  /// Origin requests per second just after the flush: every request misses, λ.
  public let initialOriginRate: Double
  /// The span after the flush in which `CacheModel.hitRatioAfterFlush` is valid: T, or t_C
  /// (nil when every key fits an LRU cache and it never evicts).
  public let window: Double?
}

extension CacheModel {
  /// The hit ratio t seconds after a flush, Σᵢ qᵢ(1 − e^{−λqᵢt}).
  ///
  /// Valid up to `FlushRecovery.window` (see its derivation); after that the cache is at
  /// its steady state, up to the TTL echoes.
  /// - Parameters:
  ///   - popularity: how requests spread over keys.
  ///   - requestRate: λ per second, finite and > 0.
  ///   - time: t ≥ 0 seconds since the flush.
  /// - Returns: The hit ratio at `time`, between 0 and the steady state's.
  /// - Throws: `AnalysisInputError` for a value outside those ranges.
  /// - Complexity: one `sumOverKeys`.
  public static func hitRatioAfterFlush(
    popularity: some KeyPopularity, requestRate: Double, time: Double
  ) throws(AnalysisInputError) -> Double {
    try Check.finitePositive(requestRate, "requestRate")
    try Check.finiteNonNegative(time, "time")
    return cheHitRatio(popularity, requestRate * time)
  }

  /// Warm-up time and extra origin load after a flush; see `FlushRecovery` for the model.
  /// - Parameters:
  ///   - policy: the cache's TTL or LRU capacity.
  ///   - popularity: how requests spread over keys.
  ///   - requestRate: λ per second, finite and > 0.
  ///   - tolerance: x, strictly between 0 and 1 (0.01 for "within 1 %").
  /// - Returns: The warm-up time, the extra origin requests and the origin rate at first.
  /// - Throws: `AnalysisInputError` for a value outside those ranges.
  /// - Complexity: about 120 `sumOverKeys`.
  public static func flushRecovery(
    policy: CachePolicy, popularity: some KeyPopularity, requestRate: Double,
    tolerance: Double
  ) throws(AnalysisInputError) -> FlushRecovery {
    try Check.openUnit(tolerance, "tolerance")
    let steady: Double
    let window: Double?
    switch policy {
    case .ttl(let seconds):
      let estimate = try ttl(popularity: popularity, requestRate: requestRate, ttl: seconds)
      steady = estimate.hitRatio
      window = seconds
    case .lru(let capacity):
      let estimate = try lru(
        popularity: popularity, requestRate: requestRate, capacity: capacity)
      steady = estimate.hitRatio
      window = estimate.characteristicTime
    }
    let target = (1 - tolerance) * steady
    let tau =
      target > 0
      ? solveIncreasing(target, guess: 1) { cheHitRatio(popularity, $0) } ?? 0 : 0
    let misses = cheOccupancy(popularity, tau)
    return FlushRecovery(
      steadyHitRatio: steady, tolerance: tolerance, warmTime: tau / requestRate,
      extraOriginRequests: max(0, misses - tau * (1 - steady)), initialOriginRate: requestRate,
      window: window)
  }
}
