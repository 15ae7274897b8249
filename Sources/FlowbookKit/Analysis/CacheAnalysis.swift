import Quantities

/// The `cache` analysis: the cache tiers a path model passes through (CloudFront, then
/// ElastiCache), the load each tier and the origin behind them carry, and the bytes the edge
/// spares the origin.
///
/// Tiers are read from the path, not listed by hand: a hop through a `cdn` or `cache`
/// component followed by a branch whose arm reads a `…hit_rate` parameter is a lookup, and
/// that arm is its hit. A tier reached on several routes with different hit rates (Redis at
/// 85 % for Lambda, 90 % for ECS in the golden path) gets its traffic-weighted ratio, so the
/// flows are exact; they are then chained by `CacheModel.layered` (flow conservation: tier
/// k + 1 sees tier k's misses). A `cdn` or `cache` hop with a `hit_rate` but no branch on the
/// path counts with that rate.
public enum CacheAnalysis {
  /// One tier as the path uses it.
  public struct TierFlow: Sendable, Hashable {
    public var component: String
    public var kind: ComponentKind
    /// Lookups per request (the share of requests that reach the tier's lookup).
    public var lookups: Double
    /// Hits per request.
    public var hits: Double
    /// True when the path has no hit/miss branch for it and its `hit_rate` was used.
    public var fromParameter: Bool

    public var hitRatio: Double { lookups > 0 ? hits / lookups : 0 }
  }

  /// What `cache` reports.
  public struct Report: Sendable, Hashable {
    /// Requests per second into the path.
    public var rate: Double
    public var tiers: [TierFlow]
    /// The chained loads (per tier, origin, bytes).
    public var load: LayeredCacheLoad
    /// Bytes per response (`workload.response_size`), if the model gives it.
    public var responseSize: Double?
    /// Operations per second at each database or storage component, fan-out included.
    public var backends: [Backend]
    /// Bytes per second served by edge (`cdn`) tiers: what the origin does not send.
    public var edgeBytesPerSecond: Double
    /// Set when some misses of one tier skip the next (the chain is then approximate).
    public var chainNote: String?
  }

  /// A database or storage component behind the caches, with its operations per second.
  public struct Backend: Sendable, Hashable {
    public var name: String
    public var rate: Double
  }

  /// The cache tiers of the path, in order of their first lookup.
  /// - Throws: a diagnostic if the path's probabilities do not resolve.
  /// - Complexity: O(path size).
  public static func tiers(_ model: PathModel) throws(Diagnostic) -> [TierFlow] {
    let visits = try TrafficAnalysis.hopVisits(model)
    var flows: [TierFlow] = []
    func add(_ component: Component, lookups: Double, hits: Double, fromParameter: Bool) {
      if let index = flows.firstIndex(where: { $0.component == component.name }) {
        flows[index].lookups += lookups
        flows[index].hits += hits
      } else {
        flows.append(
          TierFlow(
            component: component.name, kind: component.kind, lookups: lookups,
            hits: hits, fromParameter: fromParameter))
      }
    }
    var branched = Set<String>()
    var lookups: [(Component, Double, Double?)] = []
    for visit in visits {
      guard let component = model.component(named: visit.hop.component),
        component.kind == .cdn || component.kind == .cache
      else { continue }
      var hit: Double?
      if case .branch(let arms)? = visit.downstream.first, let index = hitArm(arms) {
        do {
          hit = try model.probabilities(of: arms)[index]
        } catch {
          throw error.diagnostic(in: model.file)
        }
        branched.insert(component.name)
      }
      lookups.append((component, visit.weight, hit))
    }
    for (component, weight, hit) in lookups {
      if let hit {
        add(component, lookups: weight, hits: weight * hit, fromParameter: false)
      } else if !branched.contains(component.name),
        let rate = TrafficAnalysis.number(component, "hit_rate")
      {
        add(component, lookups: weight, hits: weight * rate, fromParameter: true)
      }
    }
    return flows
  }

  /// The index of a branch's hit arm: the one whose probability reads a `…hit_rate`
  /// parameter, else the one named with "hit".
  static func hitArm(_ arms: [PathArm]) -> Int? {
    let byParameter = arms.firstIndex { arm in
      if case .value(.parameter(let address)) = arm.probability {
        return address.parameter.hasSuffix("hit_rate")
      }
      return false
    }
    return byParameter
      ?? arms.firstIndex { arm in
        let name = arm.name?.lowercased() ?? ""
        return name.contains("hit") && !name.contains("miss")
      }
  }

  /// Loads at every tier and at the origin at `rate` (default: the workload's rate).
  /// - Throws: a diagnostic when the model has no workload rate or a tier is invalid.
  /// - Complexity: O(path size).
  public static func report(_ model: PathModel, rate: Double? = nil) throws(Diagnostic)
    -> Report
  {
    let lambda = try TrafficAnalysis.given(rate) { () throws(Diagnostic) in
      try TrafficAnalysis.requestRate(model)
    }
    let flows = try tiers(model)
    let size = model.workload.responseSize.flatMap { $0.dimension == .data ? $0.value : nil }
    let load: LayeredCacheLoad
    do {
      load = try CacheModel.layered(
        requestRate: lambda,
        tiers: flows.map { CacheTier(name: $0.component, hitRatio: $0.hitRatio) },
        responseSize: size ?? 0)
    } catch {
      throw error.diagnostic
    }
    var chainNote: String?
    for (index, flow) in flows.enumerated().dropFirst() {
      let chained = load.tiers[index].arrivalRate
      let walked = flow.lookups * lambda
      if abs(chained - walked) > 1e-9 * max(lambda, 1) {
        chainNote =
          "\(flow.component) sees \(Quantity.perSecond(walked).formatted) on the path, "
          + "not all of \(flows[index - 1].component)'s misses; the chain is approximate"
      }
    }
    let visits = try TrafficAnalysis.visitsPerRequest(model)
    let backends = model.components
      .filter { ($0.kind == .database || $0.kind == .storage) && (visits[$0.name] ?? 0) > 0 }
      .map { Backend(name: $0.name, rate: (visits[$0.name] ?? 0) * lambda) }
    let edge = zip(flows, load.tiers).filter { $0.0.kind == .cdn }
      .reduce(0) { $0 + $1.1.servedBytesPerSecond }
    return Report(
      rate: lambda, tiers: flows, load: load, responseSize: size, backends: backends,
      edgeBytesPerSecond: edge, chainNote: chainNote)
  }

  /// The registry entry: what `diff`, `sweep` and `expect` read.
  static let definition = AnalysisDefinition(
    name: "cache",
    summary: "load at each cache tier and at the origin behind them",
    metrics: [
      MetricSpec(
        "hit_ratio", .none, "share of requests answered by some cache tier",
        display: .percent),
      MetricSpec("origin_rate", .rate, "requests per second past every cache tier"),
      MetricSpec("edge_miss_rate", .rate, "requests per second the first tier passes on"),
      MetricSpec(
        "database_rate", .rate,
        "operations per second at the databases (fan-out "
          + "counted)"),
    ],
    evaluate: { model in
      let report = try CacheAnalysis.report(model)
      let edgeMisses = report.load.tiers.first?.missRate ?? report.rate
      let database = report.backends.filter {
        model.component(named: $0.name)?.kind == .database
      }.reduce(0) { $0 + $1.rate }
      return [
        Quantity.fraction(report.load.overallHitRatio),
        Quantity.perSecond(report.load.originRate),
        Quantity.perSecond(edgeMisses),
        Quantity.perSecond(database),
      ]
    })
}
