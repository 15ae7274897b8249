import Quantities

/// `explain cache.*`: the chain of cache tiers, each seeing the misses of the one before,
/// from `CacheAnalysis.report`, the report the registry's `evaluate` reads.
enum CacheExplainer {
  static func explain(_ metric: String, _ model: PathModel, _ out: inout MetricExplanation)
    throws(Diagnostic)
  {
    let report = try CacheAnalysis.report(model)
    ExplainSource.addWorkload("rate", model, to: &out)
    out.formula = [
      "tier k sees λ × Π over earlier tiers of (1 − h_j) (flow conservation); "
        + "h is the tier's traffic-weighted hit ratio on the path",
      formula(metric),
    ]
    addHitAddresses(model.path, model, &out)
    for (flow, tier) in zip(report.tiers, report.load.tiers) {
      if let component = model.component(named: flow.component) {
        ExplainSource.add(component, "hit_rate", model, to: &out)
      }
      out.step(
        "\(tier.name) passes on", rate(tier.missRate), tier.missRate,
        "\(rate(tier.arrivalRate)) in × (1 − \(TimeFormat.share(tier.hitRatio)))")
    }
    out.step(
      "origin", rate(report.load.originRate), report.load.originRate, "the last tier's misses")
    switch metric {
    case "hit_ratio":
      out.step(
        "served by a cache", TimeFormat.share(report.load.overallHitRatio),
        report.load.overallHitRatio,
        "1 − \(rate(report.load.originRate)) ÷ \(rate(report.rate))")
      out.value = Quantity.fraction(report.load.overallHitRatio)
    case "origin_rate":
      out.value = Quantity.perSecond(report.load.originRate)
    case "edge_miss_rate":
      let misses = report.load.tiers.first?.missRate ?? report.rate
      out.value = Quantity.perSecond(misses)
    default:
      var total = 0.0
      for backend in report.backends
      where model.component(named: backend.name)?.kind == .database {
        total += backend.rate
        if let component = model.component(named: backend.name) {
          ExplainSource.add(component, "parallel_queries", model, to: &out)
        }
        out.step(
          backend.name, rate(backend.rate), backend.rate,
          "λ × operations per request (branch shares × fan-out)")
      }
      out.step("Σ databases", rate(total), total, "")
      out.value = Quantity.perSecond(total)
    }
  }

  private static func formula(_ metric: String) -> String {
    switch metric {
    case "hit_ratio": return "hit_ratio = 1 − origin rate ÷ λ"
    case "origin_rate": return "origin_rate = λ × Π over tiers of (1 − h)"
    case "edge_miss_rate": return "edge_miss_rate = λ × (1 − h of the first tier)"
    default: return "database_rate = Σ databases of λ × operations per request"
    }
  }

  /// Adds the `…hit_rate` parameters the path's branches read (Redis's hit ratio may be
  /// set per caller: `redis.hit_rate` for Lambda, `ecs.cache_hit_rate` for ECS).
  private static func addHitAddresses(
    _ node: PathNode, _ model: PathModel, _ out: inout MetricExplanation
  ) {
    switch node {
    case .hop: return
    case .series(let steps): for step in steps { addHitAddresses(step, model, &out) }
    case .branch(let arms):
      for arm in arms {
        if case .value(.parameter(let address)) = arm.probability,
          address.parameter.hasSuffix("hit_rate")
        {
          ExplainSource.addAddress(address, model, to: &out)
        }
        addHitAddresses(arm.node, model, &out)
      }
    case .parallel(let fanOut): addHitAddresses(fanOut.node, model, &out)
    case .retry(let retry): addHitAddresses(retry.node, model, &out)
    }
  }

  private static func rate(_ x: Double) -> String {
    Quantity.perSecond(TimeFormat.rounded(x)).formatted
  }
}
