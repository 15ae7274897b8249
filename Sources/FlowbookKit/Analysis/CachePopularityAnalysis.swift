import Quantities

/// Hit ratios from first principles for one cache tier of a path model: the tier's request
/// rate (from the path), its key count and Zipf exponent (model parameters `keys` and
/// `zipf_exponent`, or the command's arguments), fed to `CacheModel`'s TTL, Che and flush
/// formulas.
///
/// The model's `hit_rate` is a measured input; these formulas say what a TTL, a memory size
/// or a flush does to it. They assume independent (Poisson) requests per key over a Zipf
/// popularity (Breslau et al., INFOCOM 1999). A tier behind another sees only the upstream
/// misses, whose popularity is flatter than the catalogue's (Che et al., IEEE JSAC 2002
/// §IV), so `zipf_exponent` is the exponent of the requests the tier itself sees.
extension CacheAnalysis {
  /// One tier's requests and key popularity, ready for the formulas.
  public struct TierWorkload: Sendable {
    public var component: Component
    /// Lookups per second reaching the tier.
    public var requestRate: Double
    /// The hit ratio the path gives the tier (traffic-weighted over its routes).
    public var modelHitRatio: Double
    public var keys: Int
    public var exponent: Double
    public var popularity: ZipfPopularity
    /// The tier's `ttl`, seconds.
    public var ttl: Double?
    /// `capacity` / `item_size`, entries.
    public var capacityEntries: Double?
    /// `item_size`, bytes.
    public var itemSize: Double?
  }

  /// The tier named `tier` (default: the first with `keys` set, else the first `cache`).
  /// - Parameters:
  ///   - model: the path model whose tiers and workload are read.
  ///   - tier: the tier's component name, or nil for the default.
  ///   - keys: N, overriding the tier's `keys`.
  ///   - exponent: s, overriding the tier's `zipf_exponent`.
  ///   - rate: the workload rate to use instead of `workload.rate`.
  /// - Returns: the tier's request rate, popularity and stated sizes.
  /// - Throws: a diagnostic naming the missing parameter, or the unknown tier.
  /// - Complexity: O(path size) plus one Zipf normaliser (about 4,100 terms).
  public static func tierWorkload(
    _ model: PathModel, tier: String?, keys: Int? = nil, exponent: Double? = nil,
    rate: Double? = nil
  ) throws(Diagnostic) -> TierWorkload {
    let loads = try report(model, rate: rate)
    guard let index = try tierIndex(loads, tier, model) else {
      throw Diagnostic("model \(model.name) has no cache tier on its path")
    }
    let flow = loads.tiers[index]
    guard let component = model.component(named: flow.component) else {
      throw Diagnostic("no component named \(flow.component)")
    }
    let n = try TrafficAnalysis.given(keys) { () throws(Diagnostic) in try keyCount(component) }
    let s = try TrafficAnalysis.given(exponent) { () throws(Diagnostic) in
      try zipfExponent(component)
    }
    let popularity: ZipfPopularity
    do {
      popularity = try ZipfPopularity(keys: n, exponent: s)
    } catch {
      throw error.diagnostic
    }
    let lambda = loads.load.tiers[index].arrivalRate
    guard lambda > 0 else {
      throw Diagnostic("\(component.name) receives no requests at this rate; nothing to compute")
    }
    let capacity = TrafficAnalysis.number(component, "capacity", .data)
    let item = TrafficAnalysis.number(component, "item_size", .data)
    let entries = capacity.flatMap { c in item.flatMap { $0 > 0 ? c / $0 : nil } }
    return TierWorkload(
      component: component, requestRate: lambda, modelHitRatio: flow.hitRatio, keys: n,
      exponent: s, popularity: popularity,
      ttl: TrafficAnalysis.number(component, "ttl", .time), capacityEntries: entries,
      itemSize: item)
  }

  private static func tierIndex(_ report: Report, _ name: String?, _ model: PathModel)
    throws(Diagnostic) -> Int?
  {
    let names = report.tiers.map(\.component)
    if let name {
      guard let index = names.firstIndex(of: name) else {
        throw Diagnostic(
          "'\(name)' is not a cache tier of \(model.name) (tiers: "
            + names.joined(separator: ", ") + ")",
          suggestions: Suggestion.nearest(to: name, among: names))
      }
      return index
    }
    let withKeys = report.tiers.firstIndex { model.component(named: $0.component)?["keys"] != nil }
    return withKeys ?? report.tiers.firstIndex { $0.kind == .cache } ?? names.indices.first
  }

  private static func keyCount(_ component: Component) throws(Diagnostic) -> Int {
    guard let n = TrafficAnalysis.number(component, "keys"), n >= 1, n == n.rounded(),
      n <= Double(ZipfPopularity.maximumKeys)
    else {
      throw Diagnostic(
        "\(component.name).keys is not set: the number of distinct keys the "
          + "tier is asked for; set \(component.name).keys = 40M or write keys 40M")
    }
    return Int(n)
  }

  private static func zipfExponent(_ component: Component) throws(Diagnostic) -> Double {
    guard let s = TrafficAnalysis.number(component, "zipf_exponent") else {
      throw Diagnostic(
        "\(component.name).zipf_exponent is not set: the Zipf exponent of key "
          + "popularity (web traffic measures 0.64–0.83); set it or write zipf 0.8")
    }
    return s
  }

  // MARK: - Formulas on a tier

  /// A TTL cache on the tier: `CacheModel.ttl`.
  /// - Complexity: one sum over keys.
  public static func ttl(_ tier: TierWorkload, seconds: Double) throws(Diagnostic)
    -> TTLCacheEstimate
  {
    try checked { () throws(AnalysisInputError) in
      try CacheModel.ttl(popularity: tier.popularity, requestRate: tier.requestRate, ttl: seconds)
    }
  }

  /// An LRU cache of `entries` on the tier: `CacheModel.lru` (Che).
  /// - Complexity: about 60 sums over keys.
  public static func lru(_ tier: TierWorkload, entries: Double) throws(Diagnostic)
    -> LRUCacheEstimate
  {
    try checked { () throws(AnalysisInputError) in
      try CacheModel.lru(
        popularity: tier.popularity, requestRate: tier.requestRate, capacity: entries)
    }
  }

  /// The TTL and the LRU size that each reach `target` on the tier.
  /// - Complexity: about 160 sums over keys.
  public static func sizing(_ tier: TierWorkload, target: Double) throws(Diagnostic)
    -> (ttl: Double, entries: Double)
  {
    try checked { () throws(AnalysisInputError) in
      (
        try CacheModel.ttl(
          forHitRatio: target, popularity: tier.popularity,
          requestRate: tier.requestRate),
        try CacheModel.lruCapacity(forHitRatio: target, popularity: tier.popularity)
      )
    }
  }

  /// The eviction rule a flush is analysed under: LRU when the tier's memory is known
  /// (`capacity` and `item_size`) and it evicts by LRU, else its TTL.
  /// - Throws: a diagnostic when the tier has neither.
  public static func policy(_ tier: TierWorkload, entries: Double? = nil) throws(Diagnostic)
    -> CachePolicy
  {
    let lru = TrafficAnalysis.text(tier.component, "eviction")?.lowercased() != "ttl"
    if let capacity = entries ?? tier.capacityEntries, lru || tier.ttl == nil {
      return .lru(capacity: capacity)
    }
    if let ttl = tier.ttl { return .ttl(seconds: ttl) }
    let name = tier.component.name
    throw Diagnostic(
      "\(name) has neither a ttl nor a capacity and item_size; set "
        + "\(name).ttl or give a size: cache flush \(name) 2M")
  }

  /// Warm-up after a flush: `CacheModel.flushRecovery`, and the hit ratio at `times`.
  /// - Complexity: about 120 sums over keys, plus one per time.
  public static func flush(
    _ tier: TierWorkload, policy: CachePolicy, tolerance: Double,
    times: (FlushRecovery) -> [Double]
  )
    throws(Diagnostic) -> (FlushRecovery, [(time: Double, hitRatio: Double)])
  {
    try checked { () throws(AnalysisInputError) in
      let recovery = try CacheModel.flushRecovery(
        policy: policy, popularity: tier.popularity, requestRate: tier.requestRate,
        tolerance: tolerance)
      var curve: [(time: Double, hitRatio: Double)] = []
      for time in times(recovery) {
        curve.append(
          (
            time,
            try CacheModel.hitRatioAfterFlush(
              popularity: tier.popularity, requestRate: tier.requestRate, time: time)
          ))
      }
      return (recovery, curve)
    }
  }

  /// Runs a formula and words its domain error as a diagnostic.
  static func checked<T>(_ body: () throws(AnalysisInputError) -> T) throws(Diagnostic) -> T {
    do {
      return try body()
    } catch {
      throw error.diagnostic
    }
  }
}
