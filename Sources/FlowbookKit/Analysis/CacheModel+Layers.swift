/// One cache tier in a chain, by its hit ratio for the requests that reach it.
public struct CacheTier: Sendable, Hashable {
  /// A label for tables: `cdn`, `redis`, `dax`.
  public var name: String
  /// The fraction of requests reaching this tier that it serves, in [0, 1].
  public var hitRatio: Double

  public init(name: String, hitRatio: Double) {
    self.name = name
    self.hitRatio = hitRatio
  }
}

/// The load on each tier of a cache chain and on the origin behind it.
///
/// A miss at tier k is the request stream of tier k + 1, so tier k sees
/// λ·Πⱼ<ₖ(1 − hⱼ) and the origin λ·Πⱼ(1 − hⱼ): with CloudFront at 95 % and Redis at 85 %,
/// 2.5 M rps becomes 125 k rps at Redis and 18.75 k rps at DynamoDB. This is conservation of
/// flow, exact whatever the hit ratios come from; the ratios themselves must be the
/// conditional ones each tier sees (a downstream tier sees only upstream misses, which are
/// less popular, so its hit ratio is lower than it would be alone — Che et al. 2002 §IV).
public struct LayeredCacheLoad: Sendable, Hashable {
  /// One row per tier, in order.
  public struct TierLoad: Sendable, Hashable {
    public let name: String
    public let hitRatio: Double
    /// Requests per second reaching the tier.
    public let arrivalRate: Double
    /// Requests per second it serves.
    public let hitRate: Double
    /// Requests per second it passes on.
    public let missRate: Double
    /// Bytes per second it serves (hit rate × response size).
    public let servedBytesPerSecond: Double
  }

  /// λ at the first tier.
  public let requestRate: Double
  public let tiers: [TierLoad]
  /// Requests per second reaching the origin.
  public let originRate: Double
  /// 1 − origin rate / λ: the fraction served by some tier.
  public let overallHitRatio: Double
  /// Bytes per second the origin sends.
  public let originBytesPerSecond: Double
  /// Bytes per second the tiers spare the origin: (λ − origin rate) × response size.
  public let bytesSavedPerSecond: Double
}

extension CacheModel {
  /// The request rate and bytes at every tier of a cache chain and at the origin.
  ///
  /// See `LayeredCacheLoad` for the (flow-conservation) model.
  /// - Parameters:
  ///   - requestRate: λ per second into the first tier, finite and ≥ 0.
  ///   - tiers: the chain from the client side, each hit ratio in [0, 1]; may be empty.
  ///   - responseSize: bytes per response, finite and ≥ 0 (0 when bandwidth is not wanted).
  /// - Returns: Each tier's incoming, hit and passed-on rates, and what reaches the origin.
  /// - Throws: `AnalysisInputError` for a value outside those ranges.
  /// - Complexity: O(number of tiers).
  public static func layered(requestRate: Double, tiers: [CacheTier], responseSize: Double = 0)
    throws(AnalysisInputError) -> LayeredCacheLoad
  {
    try Check.finiteNonNegative(requestRate, "requestRate")
    try Check.finiteNonNegative(responseSize, "responseSize")
    var rate = requestRate
    var loads: [LayeredCacheLoad.TierLoad] = []
    for tier in tiers {
      try Check.closedUnit(tier.hitRatio, "\(tier.name).hitRatio")
      let hits = rate * tier.hitRatio
      loads.append(
        .init(
          name: tier.name, hitRatio: tier.hitRatio, arrivalRate: rate, hitRate: hits,
          missRate: rate - hits, servedBytesPerSecond: hits * responseSize))
      rate -= hits
    }
    let overall = requestRate > 0 ? 1 - rate / requestRate : 0
    return LayeredCacheLoad(
      requestRate: requestRate, tiers: loads, originRate: rate, overallHitRatio: overall,
      originBytesPerSecond: rate * responseSize,
      bytesSavedPerSecond: (requestRate - rate) * responseSize)
  }
}
