import Quantities

/// The `failover` analysis: a path model's parameters mapped onto `Failover`'s timelines
/// for four failures — a region (Route 53 health checks, DNS TTL, Global Tables lag), an
/// availability zone (ALB health checks), a cache node (ElastiCache promotion) and a
/// dependency that errors (the golden-path seed's circuit breaker and client retries).
///
/// Each figure is read from the model so that `set dns.health_check_interval = 10 s` moves
/// the answer, and each is reported with its provenance, because several have no AWS source:
/// AWS publishes neither a typical Global Tables replication lag nor the duration of an
/// unplanned ElastiCache failover, so those come from the model and are labelled as such.
public enum FailoverAnalysis {
  /// The failures `failover` knows.
  public enum Scenario: String, Sendable, CaseIterable {
    case region, zone, cache, dependency
  }

  /// A timeline with the inputs it was computed from.
  public struct Report: Sendable, Hashable {
    public var scenario: Scenario
    public var timeline: FailoverTimeline
    /// Mean time to detect the failure, where detection is a distinct step.
    public var detection: Double?
    /// Requests per second the failure touches (before the affected share).
    public var rate: Double
    /// One line per input, with where it came from.
    public var inputs: [String]
    /// On a model with regions, the region `failover region` loses.
    public var lostRegion: String?
  }

  /// Options for `failover region`.
  public struct RegionOptions: Sendable, Hashable {
    /// The share of all traffic the lost region served (1: active-passive).
    public var share: Double
    /// Writes per second in the lost region, to count the writes at risk.
    public var writeRate: Double?
    /// On a model with regions, the region lost (nil: the first declared); its share
    /// replaces `share`.
    public var lost: String?

    public init(share: Double = 1, writeRate: Double? = nil, lost: String? = nil) {
      self.share = share
      self.writeRate = writeRate
      self.lost = lost
    }
  }

  /// Options for `failover dependency`.
  public struct DependencyOptions: Sendable, Hashable {
    public var name: String?
    public var errorRate: Double
    /// Seconds the dependency keeps failing.
    public var outage: Double

    public init(name: String? = nil, errorRate: Double = 1, outage: Double = 60) {
      self.name = name
      self.errorRate = errorRate
      self.outage = outage
    }
  }

  /// Route 53's checkers when the model gives none: AWS says a 30 s check reaches an
  /// endpoint "about every two seconds", so about 15 checkers (`HealthCheckSettings`).
  static let defaultCheckers = 15

  /// A scenario with its default options.
  public static func report(_ scenario: Scenario, _ model: PathModel) throws(Diagnostic)
    -> Report
  {
    switch scenario {
    case .region: return try region(model)
    case .zone: return try zone(model)
    case .cache: return try cache(model)
    case .dependency: return try dependency(model, options: DependencyOptions())
    }
  }

  // MARK: - Region

  /// Route 53 health checks from the model's `dns` component.
  /// - Throws: a diagnostic for a missing DNS component or a value Route 53 cannot take.
  static func healthCheck(_ model: PathModel) throws(Diagnostic)
    -> (HealthCheckSettings, Component, [String])
  {
    guard let dns = TrafficAnalysis.first(.dns, in: model) else {
      throw Diagnostic("model \(model.name) has no DNS component (kind dns) to fail over with")
    }
    let interval = TrafficAnalysis.number(dns, "health_check_interval", .time) ?? 30
    let threshold = TrafficAnalysis.number(dns, "failure_threshold") ?? 3
    guard interval > 0, threshold >= 1, threshold <= 10, threshold == threshold.rounded() else {
      throw Diagnostic(
        "\(dns.name).health_check_interval must be above 0 and "
          + "\(dns.name).failure_threshold a whole number from 1 to 10 (Route 53's range)")
    }
    var inputs = [
      TrafficAnalysis.provenance(dns, "health_check_interval"),
      TrafficAnalysis.provenance(dns, "failure_threshold"),
    ]
    var checkers = defaultCheckers
    if let stated = TrafficAnalysis.number(dns, "health_checkers"), stated >= 1,
      stated == stated.rounded(), stated <= 1_000
    {
      checkers = Int(stated)
      inputs.append(TrafficAnalysis.provenance(dns, "health_checkers"))
    } else {
      inputs.append(
        "\(dns.name).health_checkers unset: \(defaultCheckers), as AWS's \"about "
          + "every two seconds\" for a 30 s check implies")
    }
    let settings = HealthCheckSettings(
      interval: interval, failureThreshold: Int(threshold), checkers: checkers)
    return (settings, dns, inputs)
  }

  /// A whole region lost; Route 53 moves its traffic to another.
  /// - Throws: a diagnostic naming a missing parameter (`dns.ttl`, `workload.rate`).
  public static func region(_ model: PathModel, options: RegionOptions = RegionOptions())
    throws(Diagnostic) -> Report
  {
    let (settings, dns, checkInputs) = try healthCheck(model)
    var inputs = checkInputs
    guard let ttl = TrafficAnalysis.number(dns, "ttl", .time) else {
      throw Diagnostic(
        "failover region needs \(dns.name).ttl, how long resolvers cache the "
          + "answer; Route 53 advises 60 s or less for records with health checks")
    }
    inputs.append(TrafficAnalysis.provenance(dns, "ttl"))
    var options = options
    var lostRegion: String?
    if !model.regions.isEmpty {
      let name = options.lost ?? model.regions[0].name
      guard let region = model.region(named: name) else {
        throw Diagnostic(
          "no region '\(name)' in \(model.name) (regions: "
            + model.regions.map(\.name).joined(separator: ", ") + ")",
          suggestions: Suggestion.nearest(to: name, among: model.regions.map(\.name)))
      }
      options.share = region.share
      lostRegion = region.name
      inputs.append(
        "regions: \(region.name) serves \(TimeFormat.share(region.share)) of the clients "
          + "(latency-based routing)")
    } else if let name = options.lost {
      throw Diagnostic(
        "\(model.name) declares no regions:, so there is no region '\(name)' to lose")
    }
    guard (0...1).contains(options.share) else {
      throw Diagnostic("a region's share of traffic must be from 0% to 100%")
    }
    let rate = try TrafficAnalysis.requestRate(model)
    let replica = model.components.first { $0["replication_lag"]?.quantity != nil }
    let lag = replica.flatMap { TrafficAnalysis.number($0, "replication_lag", .time) }
    let edge = try edgeCache(model, &inputs)
    var timeline = Failover.regionLoss(
      healthCheck: settings, dnsTTL: ttl, regionShare: options.share, rate: rate,
      replicationLag: lag, writeRate: options.writeRate ?? 0, edge: edge)
    // The formula's own RPO note prints raw numbers; say it with grouped digits instead.
    timeline.notes.removeAll { $0.hasPrefix("RPO = replication") }
    if let replica, let lag {
      inputs.append(
        TrafficAnalysis.provenance(replica, "replication_lag")
          + "; AWS publishes no typical Global Tables lag, so the RPO is the model's figure")
      let at = IncidentFormat.duration(lag)
      if let writes = options.writeRate {
        timeline.notes.append(
          "RPO \(at): about \(IncidentFormat.count(writes * lag)) writes "
            + "(at \(Quantity.perSecond(writes).formatted)) may never reach the other region.")
      } else {
        timeline.notes.append(
          "RPO \(at): writes acknowledged in the last \(at) before the loss "
            + "may never reach the other region (give writes RATE to count them).")
      }
    } else {
      timeline.notes.append("No component states a replication_lag, so the RPO is unknown.")
    }
    if let stated = TrafficAnalysis.number(dns, "failover_time", .time),
      stated < settings.detection.earliest
    {
      timeline.notes.append(
        "\(TrafficAnalysis.provenance(dns, "failover_time")) is below the "
          + "earliest detection these health checks allow "
          + "(\(IncidentFormat.duration(settings.detection.earliest))).")
    }
    return Report(
      scenario: .region, timeline: timeline, detection: settings.detection.mean,
      rate: rate, inputs: inputs, lostRegion: lostRegion)
  }

  /// The CDN on the path, if any, as an edge cache that outlives the region: its share of
  /// requests answered from cache and its `ttl`.
  ///
  /// - Parameters:
  ///   - model: the path model.
  ///   - inputs: the report's inputs, to which the CDN's figures are added.
  /// - Returns: nil without a CDN hit rate; a CDN without a `ttl` is noted and counts its
  ///   hits as failed.
  /// - Throws: a diagnostic when the path's probabilities do not resolve.
  static func edgeCache(_ model: PathModel, _ inputs: inout [String]) throws(Diagnostic)
    -> EdgeCache?
  {
    guard let cdn = TrafficAnalysis.first(.cdn, in: model),
      let hitRate = TrafficAnalysis.number(cdn, "hit_rate"), hitRate > 0
    else { return nil }
    let visits = try TrafficAnalysis.visitsPerRequest(model)[cdn.name] ?? 0
    guard let ttl = TrafficAnalysis.number(cdn, "ttl", .time) else {
      inputs.append(
        "\(cdn.name).ttl unset: its hits are counted as failed; set it to count the "
          + "requests the edge serves while its copies last")
      return nil
    }
    inputs.append(TrafficAnalysis.provenance(cdn, "hit_rate"))
    inputs.append(TrafficAnalysis.provenance(cdn, "ttl"))
    return EdgeCache(hitShare: visits * hitRate, ttl: ttl)
  }

  // MARK: - Zone

  /// One availability zone lost behind the model's load balancer.
  /// - Throws: a diagnostic naming a missing parameter (`alb.zones`, `alb.target_utilization`).
  public static func zone(_ model: PathModel) throws(Diagnostic) -> Report {
    guard let lb = TrafficAnalysis.first(.lb, in: model) else {
      throw Diagnostic("model \(model.name) has no load balancer (kind lb) to lose a zone behind")
    }
    func need(_ name: String, _ what: String) throws(Diagnostic) -> Double {
      guard let value = TrafficAnalysis.number(lb, name) else {
        throw Diagnostic("failover zone needs \(lb.name).\(name), \(what)")
      }
      return value
    }
    let zones = try need("zones", "the availability zones with targets (at least 2)")
    let utilization = try need("target_utilization", "how busy the targets normally are")
    guard zones >= 2, zones == zones.rounded(), zones <= 100 else {
      throw Diagnostic("\(lb.name).zones must be a whole number of at least 2")
    }
    let threshold = TrafficAnalysis.number(lb, "unhealthy_threshold") ?? 2
    guard threshold >= 1, threshold <= 10, threshold == threshold.rounded() else {
      throw Diagnostic("\(lb.name).unhealthy_threshold must be a whole number from 1 to 10")
    }
    let names = [
      "health_check_interval", "health_check_timeout", "unhealthy_threshold",
      "connection_draining", "zones", "target_utilization",
    ]
    let visits = try TrafficAnalysis.visitsPerRequest(model)[lb.name] ?? 0
    let rate = try TrafficAnalysis.requestRate(model) * visits
    let timeline = Failover.zoneLoss(
      interval: TrafficAnalysis.number(lb, "health_check_interval", .time) ?? 30,
      timeout: TrafficAnalysis.number(lb, "health_check_timeout", .time) ?? 5,
      unhealthyThreshold: Int(threshold),
      deregistrationDelay: TrafficAnalysis.number(lb, "connection_draining", .time) ?? 300,
      zones: Int(zones), utilization: utilization, rate: rate)
    return Report(
      scenario: .zone, timeline: timeline,
      detection: timeline.rtoMean, rate: rate,
      inputs: names.filter { lb[$0] != nil }
        .map { TrafficAnalysis.provenance(lb, $0) })
  }

  // MARK: - Cache node

  /// The primary node of a cache tier lost; a replica is promoted after `failover_time`.
  /// - Throws: a diagnostic when the tier states no `failover_time` (AWS publishes none).
  public static func cache(_ model: PathModel, tier name: String? = nil) throws(Diagnostic)
    -> Report
  {
    let rate = try TrafficAnalysis.requestRate(model)
    let tiers = try CacheAnalysis.tiers(model)
    let candidates = tiers.filter { $0.kind == .cache }
    let chosen = name.map { n in tiers.first { $0.component == n } } ?? candidates.first
    guard let tier = chosen, let component = model.component(named: tier.component) else {
      throw Diagnostic(
        name.map { "'\($0)' is not a cache tier of \(model.name)" }
          ?? "model \(model.name) has no cache (kind cache) on its path",
        suggestions: name.map { Suggestion.nearest(to: $0, among: tiers.map(\.component)) } ?? [])
    }
    guard let failover = TrafficAnalysis.number(component, "failover_time", .time) else {
      throw Diagnostic(
        "\(component.name).failover_time is not set: AWS publishes no duration "
          + "for an unplanned ElastiCache failover; measure one and set it, e.g. "
          + "set \(component.name).failover_time = 60 s")
    }
    let timeline = Failover.cacheNodeLoss(
      failoverTime: failover, hitRatio: tier.hitRatio, cacheRate: tier.lookups * rate)
    return Report(
      scenario: .cache, timeline: timeline, detection: nil, rate: tier.lookups * rate,
      inputs: [
        TrafficAnalysis.provenance(component, "failover_time")
          + "; UNCONFIRMED at AWS (no published duration)",
        "\(component.name) hit ratio \(TimeFormat.share(tier.hitRatio)) on the path",
      ])
  }
}
