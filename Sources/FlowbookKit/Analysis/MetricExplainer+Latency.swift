import Quantities

/// `explain latency.*`: the end-to-end distribution as the mixture of its routes.
///
/// The value is `PathLatency.report(model, perRoute: false)`'s, the call the registry's
/// `evaluate` makes; the steps compose each route with the same engine and the same
/// cold-start shares, and show that the routes' distributions, weighted by their shares,
/// reach the percentile at that value.
enum LatencyExplainer {
  static func explain(_ metric: String, _ model: PathModel, _ out: inout MetricExplanation)
    throws(Diagnostic)
  {
    let whole = try PathLatency.report(model, perRoute: false).endToEnd
    var fixed = model
    do {
      fixed.fixedColdStarts = try model.coldStartShares()
      let routes = try model.routes()
      try explain(metric, fixed, whole, routes, &out)
    } catch {
      throw Diagnostic.from(error)
    }
  }

  private static func explain(
    _ metric: String, _ model: PathModel, _ whole: LatencyResult, _ routes: [Route],
    _ out: inout MetricExplanation
  ) throws(Diagnostic) {
    formula(metric, &out)
    ExplainSource.addPath(model.path, model, to: &out)
    let shares = model.fixedColdStarts ?? [:]
    for (name, share) in shares.sorted(by: { $0.key < $1.key }) {
      guard let function = model.component(named: name) else { continue }
      for parameter in ["provisioned_concurrency", "idle_lifetime", "environment_lifetime"] {
        ExplainSource.add(function, parameter, model, to: &out)
      }
      ExplainSource.addWorkload("rate", model, to: &out)
      out.step(
        "\(name) cold-start share", TimeFormat.share(share), share,
        "new environments at the load: M/G/∞ concurrency, idle_lifetime, "
          + "environment_lifetime, provisioned first")
    }
    var composed: [(Route, LatencyResult)] = []
    for route in routes {
      let tree = try PathLatency.tree(model, of: route.node)
      composed.append((route, try PathLatency.compose(tree, step: model.compositionStep)))
    }
    if metric == "failure" {
      failure(whole, composed, &out)
    } else if metric == "mean" {
      mean(whole, composed, &out)
    } else if let p = PathLatency.percentiles.first(where: { $0.name == metric })?.p {
      try percentile(metric, p, whole, composed, &out)
    }
    out.input(
      "composition step", whole.step > 0 ? TimeFormat.ms(whole.step) : "-",
      "flowbook: 1/400 of the median (LatencyCompositionOptions)")
  }

  private static func formula(_ metric: String, _ out: inout MetricExplanation) {
    let routes =
      "F(t) = Σ over routes of share × F_route(t): each route's hops convolved "
      + "(series), CDF^n for a fan-out, truncated and re-drawn for retries"
    switch metric {
    case "mean":
      out.formula = [
        "mean = Σ share × P(success) × mean_route ÷ Σ share × P(success)", routes,
      ]
    case "failure":
      out.formula = ["P(failure) = Σ share × P(route fails: every attempt timed out)", routes]
    default:
      let p = PathLatency.percentiles.first { $0.name == metric }?.p ?? 0.99
      out.formula = [
        "\(metric) = the t at which F(t), the end-to-end CDF of successful requests, "
          + "reaches \(TimeFormat.share(p))",
        routes,
      ]
    }
  }

  private static func percentile(
    _ metric: String, _ p: Double, _ whole: LatencyResult,
    _ routes: [(Route, LatencyResult)], _ out: inout MetricExplanation
  ) throws(Diagnostic) {
    guard let value = whole.summary?.value(named: metric) else {
      throw Diagnostic("no request succeeds, so there are no percentiles")
    }
    var reached = 0.0
    var succeeding = 0.0
    for (route, result) in routes {
      let below = result.success.cdf(value)
      reached += route.share * below
      succeeding += route.share * result.successProbability
      out.step(
        "route \(route.name.isEmpty ? "(whole path)" : route.name)",
        result.summary.map { TimeFormat.ms($0.value(named: metric) ?? 0) } ?? "-",
        result.summary?.value(named: metric),
        "its \(metric); share \(TimeFormat.share(route.share)), P(≤ \(TimeFormat.ms(value))) = "
          + TimeFormat.share(result.success.cdf(value) / max(result.successProbability, 1e-300)))
    }
    let share = succeeding > 0 ? reached / succeeding : 0
    out.step(
      "Σ share × F_route(\(TimeFormat.ms(value)))", TimeFormat.share(share), share,
      "the routes' mixture at the composed \(metric): \(TimeFormat.share(p)) by definition")
    out.step(
      "end-to-end \(metric)", TimeFormat.ms(value), value,
      "the whole path composed as one tree (what latency prints)")
    out.value = Quantity(exactly: value, .time)
  }

  private static func mean(
    _ whole: LatencyResult, _ routes: [(Route, LatencyResult)], _ out: inout MetricExplanation
  ) {
    var weighted = 0.0
    var weights = 0.0
    for (route, result) in routes {
      guard let summary = result.summary else { continue }
      let weight = route.share * result.successProbability
      weighted += weight * summary.mean
      weights += weight
      out.step(
        "route \(route.name.isEmpty ? "(whole path)" : route.name)", TimeFormat.ms(summary.mean),
        summary.mean, "its mean; share \(TimeFormat.share(route.share))")
    }
    let mixture = weights > 0 ? weighted / weights : 0
    out.step("Σ share × mean_route", TimeFormat.ms(mixture), mixture, "the routes' mixture")
    let value = whole.summary?.mean ?? 0
    out.step(
      "end-to-end mean", TimeFormat.ms(value), value,
      "the whole path composed as one tree (what latency prints)")
    out.value = Quantity(exactly: value, .time)
  }

  private static func failure(
    _ whole: LatencyResult, _ routes: [(Route, LatencyResult)], _ out: inout MetricExplanation
  ) {
    var total = 0.0
    for (route, result) in routes {
      total += route.share * result.failureProbability
      out.step(
        "route \(route.name.isEmpty ? "(whole path)" : route.name)",
        TimeFormat.share(result.failureProbability), result.failureProbability,
        "P(fails); share \(TimeFormat.share(route.share))")
    }
    out.step("Σ share × P(route fails)", TimeFormat.share(total), total, "the routes' mixture")
    out.step(
      "end-to-end P(failure)", TimeFormat.share(whole.failureProbability),
      whole.failureProbability, "the whole path composed as one tree")
    out.value = Quantity.fraction(whole.failureProbability)
  }
}
