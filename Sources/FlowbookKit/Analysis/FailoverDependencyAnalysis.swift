import Quantities

/// A dependency of the path erroring, seen through its callers' circuit breakers, and the
/// `failover` registry entry.
///
/// The callers are the functions and services that call the dependency synchronously (it is
/// downstream of them in their series). Each running instance keeps its own breaker, so the
/// number of breakers is the callers' concurrency: λ × holding time for a function (one
/// breaker per Lambda environment, Little's law), `tasks` for a service that states them.
/// The breaker is the golden-path seed's (lines 139–143: 50 % errors over 10 requests,
/// 30 s open, a probe every 30 s, 5 successes to close) and the retries the dependency's
/// `attempts` (else 3, the AWS SDKs' standard retry mode) with full jitter (seed line 148).
extension FailoverAnalysis {
  /// A dependency failing for `options.outage` seconds at `options.errorRate`.
  /// - Throws: a diagnostic for an unknown dependency or one nothing calls.
  public static func dependency(_ model: PathModel, options: DependencyOptions)
    throws(Diagnostic) -> Report
  {
    guard (0...1).contains(options.errorRate), options.outage > 0, options.outage.isFinite else {
      throw Diagnostic(
        "a dependency failure needs an error rate from 0% to 100% and an outage "
          + "longer than 0 s")
    }
    let target = try dependencyComponent(model, options.name)
    let lambda = try TrafficAnalysis.requestRate(model)
    let reach = try TrafficAnalysis.reachShare(of: target.name, in: model)
    let (instances, callers) = try breakers(model, calling: target.name, rate: lambda)
    var attempts = 3
    if let stated = TrafficAnalysis.number(target, "attempts") {
      // The same bound the simulator applies (PathProgram's databaseCall).
      guard let whole = Int.checked(stated, in: 1...100), Double(whole) == stated else {
        throw Diagnostic(
          "\(target.name).attempts must be a whole number from 1 to 100, not "
            + Quantity.formatNumber(stated))
      }
      attempts = whole
    }
    let breaker = try CircuitBreakerSettings(model: model)
    let timeline = Failover.dependencyFailure(
      errorRate: options.errorRate, outage: options.outage, breaker: breaker,
      retries: RetrySettings(attempts: attempts), rate: reach * lambda,
      instances: Int.clamped(instances, rounding: .toNearestOrAwayFromZero, to: 1...Int.max))
    var inputs = [
      "\(target.name) is needed by \(TimeFormat.share(reach)) of requests "
        + "(\(Quantity.perSecond(reach * lambda).formatted))",
      "breakers: one per caller instance, \(IncidentFormat.count(max(1, instances))) in all ("
        + callers.joined(separator: ", ") + ")",
      breaker.summary(model),
    ]
    inputs.append(
      target["attempts"] != nil
        ? TrafficAnalysis.provenance(target, "attempts")
        : "\(target.name).attempts unset: 3, the AWS SDKs' standard retry mode")
    return Report(
      scenario: .dependency, timeline: timeline, detection: nil,
      rate: reach * lambda, inputs: inputs)
  }

  private static func dependencyComponent(_ model: PathModel, _ name: String?)
    throws(Diagnostic) -> Component
  {
    let visits = try TrafficAnalysis.visitsPerRequest(model)
    if let name {
      guard let component = model.component(named: name), (visits[name] ?? 0) > 0 else {
        let onPath = model.components.map(\.name).filter { (visits[$0] ?? 0) > 0 }
        throw Diagnostic(
          "'\(name)' is not a component on the request path of \(model.name)",
          suggestions: Suggestion.nearest(to: name, among: onPath))
      }
      return component
    }
    guard
      let database = model.components.first(where: {
        $0.kind == .database && (visits[$0.name] ?? 0) > 0
      })
    else {
      throw Diagnostic(
        "no database on the path of \(model.name); name the dependency: "
          + "failover dependency NAME")
    }
    return database
  }

  /// How many breakers guard calls to `target`: the concurrency of its callers.
  private static func breakers(_ model: PathModel, calling target: String, rate: Double)
    throws(Diagnostic) -> (Double, [String])
  {
    var total = 0.0
    var names: [String] = []
    var seen = Set<String>()
    for visit in try TrafficAnalysis.hopVisits(model) {
      guard let caller = model.component(named: visit.hop.component),
        caller.kind == .function || caller.kind == .service,
        visit.downstream.contains(where: { calls($0, target) }), !seen.contains(caller.name)
      else { continue }
      seen.insert(caller.name)
      let visits = try TrafficAnalysis.visitsPerRequest(model)[caller.name] ?? 0
      let hold = try TrafficAnalysis.hold(of: caller.name, in: model)?.mean ?? 0
      let batch = try QueueAnalysis.batchSize(consuming: caller.name, in: model)
      var count = rate * visits * hold / batch
      var how = "λ × hold"
      if caller.kind == .service, let tasks = TrafficAnalysis.number(caller, "tasks") {
        (count, how) = (tasks, "tasks")
      }
      total += count
      names.append("\(caller.name) \(IncidentFormat.count(count)) by \(how)")
    }
    guard !names.isEmpty else {
      throw Diagnostic(
        "no function or service on the path calls \(target); its callers' "
          + "breakers cannot be placed")
    }
    return (total, names)
  }

  private static func calls(_ node: PathNode, _ target: String) -> Bool {
    switch node {
    case .hop(let hop): return hop.component == target
    case .series(let steps): return steps.contains { calls($0, target) }
    case .branch(let arms): return arms.contains { calls($0.node, target) }
    case .parallel(let fanOut): return calls(fanOut.node, target)
    case .retry(let retry): return calls(retry.node, target)
    }
  }

  // MARK: - Registry

  /// The registry entry: the region scenario, which every multi-region model can answer.
  static let definition = AnalysisDefinition(
    name: "failover",
    summary: "region loss: Route 53 detection, recovery time, data-loss window",
    metrics: [
      MetricSpec(
        "detection", .time, "mean time until Route 53 marks the region unhealthy",
        display: TrafficAnalysis.seconds),
      MetricSpec(
        "rto", .time, "mean time until clients reach the healthy region",
        display: TrafficAnalysis.seconds),
      MetricSpec(
        "rto_worst", .time, "time until the last cached DNS answer expires",
        display: TrafficAnalysis.seconds),
      MetricSpec(
        "rpo", .time, "writes at risk: the replication lag (0 when none is stated)",
        display: TrafficAnalysis.seconds),
      MetricSpec(
        "failed_requests", .none, "requests failed at the workload's rate",
        display: TrafficAnalysis.plainCount),
    ],
    evaluate: { model in
      let report = try FailoverAnalysis.region(model)
      return [
        Quantity.seconds(report.detection ?? 0), Quantity.seconds(report.timeline.rtoMean),
        Quantity.seconds(report.timeline.rtoWorst), Quantity.seconds(report.timeline.rpo ?? 0),
        Quantity.count(report.timeline.failedRequests),
      ]
    })
}
