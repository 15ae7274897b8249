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
    for (flow, tier) in zip(report.tiers, report.load.tiers) {
      if let component = model.component(named: flow.component) {
        ExplainSource.add(component, "hit_rate", model, to: &out)
        addHitAddresses(component, model, &out)
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

  /// Adds the `…hit_rate` parameters the path's branches read for `component`.
  private static func addHitAddresses(
    _ component: Component, _ model: PathModel, _ out: inout MetricExplanation
  ) {
    for parameter in component.parameters where parameter.name.hasSuffix("hit_rate") {
      ExplainSource.add(component, parameter.name, model, to: &out)
    }
  }

  private static func rate(_ x: Double) -> String {
    Quantity.perSecond(TimeFormat.rounded(x)).formatted
  }
}
