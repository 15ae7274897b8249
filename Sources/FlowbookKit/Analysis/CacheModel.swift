import Foundation

/// Cache mathematics: steady-state hit ratios of TTL and LRU caches under independent
/// (Poisson) requests, their inverses for sizing, layered tiers and warm-up after a flush.
///
/// The golden path's hit ratios (CloudFront 95 %, Redis 85–90 %) are inputs in a path model,
/// but the questions behind them — "what TTL gives 90 %?", "how many GB of Redis for 85 % on
/// 40 M products?", "what reaches DynamoDB for the hour after a flush?" — need the standard
/// independent-reference models:
/// - TTL caches (the entry lives T seconds from the miss that stored it: Redis `SET … EX`,
///   CloudFront `max-age`): key i with Poisson rate Λᵢ alternates a miss, T seconds of hits
///   and an Exp(Λᵢ) gap, so its hit ratio is ΛᵢT / (1 + ΛᵢT) (Jung, Berger & Balakrishnan,
///   "Modeling TTL-based Internet caches", INFOCOM 2003; Fofack, Nain, Neglia & Towsley,
///   "Analysis of TTL-based cache networks", VALUETOOLS 2012).
/// - LRU caches of C items by Che's approximation: each key stays for a characteristic time
///   t_C after its last request, with Σᵢ (1 − e^{−Λᵢ t_C}) = C, and hits with probability
///   1 − e^{−Λᵢ t_C} (Che, Tung & Wang, "Hierarchical Web caching systems: modeling, design
///   and experimental results", IEEE JSAC 20(7), 2002; justified asymptotically by Fricker,
///   Robert & Roberts, "A versatile and accurate approximation for LRU cache performance",
///   ITC 24, 2012).
/// Λᵢ = λ·qᵢ, with qᵢ from a `KeyPopularity`; Zipf over 40 M keys costs about 4,400
/// evaluations per sum, so every function here answers in milliseconds.
///
/// ```swift
/// let products = try ZipfPopularity(keys: 40_000_000, exponent: 0.8)
/// let redis = try CacheModel.lru(popularity: products, requestRate: 850_000, capacity: 4e6)
/// let ttl = try CacheModel.ttl(forHitRatio: 0.9, popularity: products, requestRate: 850_000)
/// ```
public enum CacheModel {}

/// The steady state of a TTL cache (entry lifetime fixed at the storing miss).
public struct TTLCacheEstimate: Sendable, Hashable {
  /// λ, requests per second into the cache.
  public let requestRate: Double
  /// T, seconds.
  public let ttl: Double
  /// Σ qᵢ·ΛᵢT/(1 + ΛᵢT).
  public let hitRatio: Double
  /// λ·(1 − hit ratio): requests per second passed to the origin.
  public let originRate: Double
  /// Mean number of stored entries, Σ ΛᵢT/(1 + ΛᵢT) (each key is present a fraction
  /// ΛᵢT/(1 + ΛᵢT) of the time): multiply by the entry size for memory.
  public let expectedEntries: Double
}

/// The steady state of an LRU cache by Che's approximation.
public struct LRUCacheEstimate: Sendable, Hashable {
  /// λ, requests per second into the cache.
  public let requestRate: Double
  /// C, in entries (may be fractional: Che's approximation is a continuum).
  public let capacity: Double
  /// Σ qᵢ(1 − e^{−Λᵢ t_C}); 1 when every key fits.
  public let hitRatio: Double
  /// λ·(1 − hit ratio).
  public let originRate: Double
  /// t_C in seconds, how long an entry survives without a request; nil when C ≥ N.
  ///
  /// With every key fitting, nothing is ever evicted and there is no such time.
  public let characteristicTime: Double?
}

extension CacheModel {
  // MARK: - TTL

  /// The hit ratio, origin rate and occupancy of a TTL cache.
  ///
  /// Per key, a renewal cycle is one miss, T seconds of hits (ΛT of them on average) and an
  /// Exp(Λ) wait, so the hit ratio is ΛT/(1 + ΛT) (Jung et al. 2003, eq. 2). Expiry is not
  /// reset by hits; for a TTL refreshed on every hit use `lru`'s formula with t_C = T.
  /// - Parameters:
  ///   - popularity: how requests spread over keys.
  ///   - requestRate: λ per second, finite and > 0.
  ///   - ttl: T in seconds, finite and ≥ 0.
  /// - Returns: The hit ratio, the origin rate and the keys held on average.
  /// - Throws: `AnalysisInputError` for a value outside those ranges.
  /// - Complexity: one `sumOverKeys`: O(1) in N for Zipf.
  public static func ttl(popularity: some KeyPopularity, requestRate: Double, ttl: Double)
    throws(AnalysisInputError) -> TTLCacheEstimate
  {
    try Check.finitePositive(requestRate, "requestRate")
    try Check.finiteNonNegative(ttl, "ttl")
    try Check.finiteProduct(requestRate, ttl, "ttl", "requestRate × ttl")
    let hit = ttlHitRatio(popularity, requestRate * ttl)
    let entries = popularity.sumOverKeys { q in ttlKeyHit(q * requestRate * ttl) }
    return TTLCacheEstimate(
      requestRate: requestRate, ttl: ttl, hitRatio: hit, originRate: requestRate * (1 - hit),
      expectedEntries: entries)
  }

  /// The TTL that gives a target hit ratio: the inverse of `ttl(popularity:…)`.
  ///
  /// The hit ratio increases strictly in T from 0 towards 1, so bisection on T converges.
  /// - Parameters:
  ///   - target: the hit ratio, strictly between 0 and 1.
  ///   - popularity: how requests spread over keys.
  ///   - requestRate: λ per second, finite and > 0.
  /// - Returns: T in seconds, to a relative 1e-12.
  /// - Throws: `AnalysisInputError` for a value outside those ranges, or a target so close
  ///   to 1 that no TTL below 10³⁰⁰ s reaches it.
  /// - Complexity: about 100 `sumOverKeys`.
  public static func ttl(
    forHitRatio target: Double, popularity: some KeyPopularity, requestRate: Double
  ) throws(AnalysisInputError) -> Double {
    try Check.openUnit(target, "hitRatio")
    try Check.finitePositive(requestRate, "requestRate")
    // Solve in requests per key-lifetime (λT), then convert.
    let guess = Double(popularity.keyCount)
    guard let lambdaT = solveIncreasing(target, guess: guess, { ttlHitRatio(popularity, $0) })
    else { throw unreachable(target) }
    return lambdaT / requestRate
  }

  static func ttlHitRatio(_ popularity: some KeyPopularity, _ lambdaT: Double) -> Double {
    popularity.sumOverKeys { q in q * ttlKeyHit(q * lambdaT) }
  }

  /// ΛT / (1 + ΛT).
  static func ttlKeyHit(_ x: Double) -> Double { x / (1 + x) }

  // MARK: - LRU (Che)

  /// The hit ratio of an LRU cache of `capacity` entries by Che's approximation.
  ///
  /// Solves Σᵢ (1 − e^{−qᵢτ}) = C for τ = λ·t_C by bisection (the left side increases from 0
  /// to N), then the hit ratio is Σᵢ qᵢ(1 − e^{−qᵢτ}) (Che et al. 2002, eqs. 2–3).
  /// - Parameters:
  ///   - popularity: how requests spread over keys.
  ///   - requestRate: λ per second, finite and > 0 (only scales t_C and the origin rate:
  ///     the LRU hit ratio does not depend on it).
  ///   - capacity: C entries, finite and ≥ 0.
  /// - Returns: The hit ratio, the origin rate and the characteristic time t_C.
  /// - Throws: `AnalysisInputError` for a value outside those ranges.
  /// - Complexity: about 60 `sumOverKeys`.
  public static func lru(popularity: some KeyPopularity, requestRate: Double, capacity: Double)
    throws(AnalysisInputError) -> LRUCacheEstimate
  {
    try Check.finitePositive(requestRate, "requestRate")
    try Check.finiteNonNegative(capacity, "capacity")
    guard capacity < Double(popularity.keyCount) else {
      return LRUCacheEstimate(
        requestRate: requestRate, capacity: capacity, hitRatio: 1, originRate: 0,
        characteristicTime: nil)
    }
    let tau = cheTime(popularity, capacity: capacity)
    let hit = cheHitRatio(popularity, tau)
    return LRUCacheEstimate(
      requestRate: requestRate, capacity: capacity, hitRatio: hit,
      originRate: requestRate * (1 - hit), characteristicTime: tau / requestRate)
  }

  /// The LRU capacity (entries) that gives a target hit ratio by Che's approximation.
  ///
  /// Both the hit ratio and the occupancy Σ(1 − e^{−qτ}) increase in τ, so one bisection on
  /// τ for the hit ratio gives the capacity directly, with no nested solve.
  /// - Parameters:
  ///   - target: the hit ratio, strictly between 0 and 1.
  ///   - popularity: how requests spread over keys.
  /// - Returns: C in entries (fractional; round up for a real cache), below N.
  /// - Throws: `AnalysisInputError` for a target outside (0, 1).
  /// - Complexity: about 60 `sumOverKeys`.
  public static func lruCapacity(forHitRatio target: Double, popularity: some KeyPopularity)
    throws(AnalysisInputError) -> Double
  {
    try Check.openUnit(target, "hitRatio")
    let guess = Double(popularity.keyCount)
    guard let tau = solveIncreasing(target, guess: guess, { cheHitRatio(popularity, $0) })
    else { throw unreachable(target) }
    return cheOccupancy(popularity, tau)
  }

  /// τ = λ·t_C with Σ(1 − e^{−qτ}) = C, for 0 ≤ C < N.
  static func cheTime(_ popularity: some KeyPopularity, capacity: Double) -> Double {
    guard capacity > 0 else { return 0 }
    // Σ(1 − e^{−qτ}) ≤ Σ qτ = τ, so τ ≥ C: start there.
    let tau = solveIncreasing(capacity, guess: capacity) { cheOccupancy(popularity, $0) }
    return tau ?? 0
  }

  /// Σᵢ (1 − e^{−qᵢτ}): the expected number of distinct keys among Poisson(τ) requests.
  static func cheOccupancy(_ popularity: some KeyPopularity, _ tau: Double) -> Double {
    popularity.sumOverKeys { q in -expm1(-q * tau) }
  }

  /// Σᵢ qᵢ(1 − e^{−qᵢτ}).
  static func cheHitRatio(_ popularity: some KeyPopularity, _ tau: Double) -> Double {
    popularity.sumOverKeys { q in -q * expm1(-q * tau) }
  }

  // MARK: - Solving

  /// The x > 0 where an increasing function reaches `target`.
  ///
  /// Brackets by doubling or halving from `guess`, then bisects to a relative 1e-13. Nil
  /// when no finite x reaches the target.
  static func solveIncreasing(
    _ target: Double, guess: Double, _ f: (Double) -> Double
  ) -> Double? {
    var low = max(guess, Double.leastNormalMagnitude)
    var high = low
    var steps = 0
    if f(low) >= target {
      repeat {
        high = low
        low /= 2
        steps += 1
      } while f(low) >= target && steps < 1_100
      guard steps < 1_100 else { return 0 }
    } else {
      repeat {
        low = high
        high *= 2
        steps += 1
      } while f(high) < target && high.isFinite && steps < 1_100
      guard high.isFinite, f(high) >= target else { return nil }
    }
    for _ in 0..<200 where high - low > 1e-13 * high {
      let mid = (low + high) / 2
      if f(mid) < target { low = mid } else { high = mid }
    }
    return (low + high) / 2
  }

  static func unreachable(_ target: Double) -> AnalysisInputError {
    AnalysisInputError(
      parameter: "hitRatio", value: target,
      requirement: "a target below 1 that a finite cache can reach")
  }
}
