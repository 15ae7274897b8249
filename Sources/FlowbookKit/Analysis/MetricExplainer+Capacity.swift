import Quantities

/// `explain capacity.*`: each limit against the load per request, from
/// `CapacityAnalysis.report`, the report the registry's `evaluate` reads.
enum CapacityExplainer {
  static func explain(_ metric: String, _ model: PathModel, _ out: inout MetricExplanation)
    throws(Diagnostic)
  {
    let report = try CapacityAnalysis.report(model, quotas: CostCatalogs.load().quotas)
    ExplainSource.addWorkload("rate", model, to: &out)
    ExplainSource.addWorkload("peak", model, to: &out)
    switch metric {
    case "max_rate", "first_limit": try limits(metric, report, &out)
    case "peak_use", "broken_at_peak": judged(metric, report, &out)
    case "lambda_concurrency", "lambda_concurrency_peak":
      demand(
        "concurrent executions",
        at: metric == "lambda_concurrency" ? report.rate : report.judgedRate, report, model, &out)
    case "dynamodb_read_units":
      demand("read units/s", at: report.rate, report, model, &out)
    case "gateway_rate":
      gateway(report, &out)
    default:
      scaling(report, model, &out)
    }
  }

  private static func rate(_ x: Double) -> String {
    x.isFinite ? Quantity.perSecond(x.rounded()).formatted : "never"
  }

  private static func addLimit(_ limit: CapacityAnalysis.Limit, _ out: inout MetricExplanation) {
    var source = limit.limitSource
    if let quota = limit.quota {
      source += "; quota \(quota.id): " + ExplainSource.catalog(quota.provenance)
    }
    out.input(
      limit.name, Quantity.formatNumber(TimeFormat.rounded(limit.limit)) + " " + limit.meaning,
      source)
  }

  private static func limits(
    _ metric: String, _ report: CapacityAnalysis.Report, _ out: inout MetricExplanation
  ) throws(Diagnostic) {
    out.formula = [
      "breaks at = limit ÷ need per 1 rps entering the path (need is linear in the rate)",
      metric == "max_rate"
        ? "max_rate = the lowest break rate over every limit"
        : "first_limit = the limit with the lowest break rate",
    ]
    for limit in report.limits where limit.perRate > 0 {
      addLimit(limit, &out)
      out.step(
        limit.name, rate(limit.breakRate), limit.breakRate,
        "\(Quantity.formatNumber(TimeFormat.rounded(limit.limit))) ÷ "
          + "\(Quantity.formatNumber(TimeFormat.rounded(limit.perRate))) per rps")
    }
    if metric == "first_limit" {
      out.text = report.firstLimit?.name ?? "none"
      return
    }
    guard let (maxRate, limit) = CapacityAnalysis.maximumRate(report) else {
      throw Diagnostic("no limit applies to this path, so it has no maximum rate")
    }
    out.step("lowest", rate(maxRate), maxRate, "\(limit.name) breaks first")
    out.value = Quantity(exactly: maxRate, .rate)
  }

  private static func judged(
    _ metric: String, _ report: CapacityAnalysis.Report, _ out: inout MetricExplanation
  ) {
    let at = report.judgedRate
    out.formula = [
      "use = need at the judged rate ÷ limit; the judged rate is workload.peak, else "
        + "workload.rate",
      metric == "peak_use"
        ? "peak_use = the highest use over every limit"
        : "broken_at_peak = the limits whose use exceeds 100 %, worst first",
    ]
    var highest = 0.0
    for limit in report.limits {
      addLimit(limit, &out)
      let use = limit.need(at: at) / limit.limit
      highest = max(highest, use)
      out.step(
        limit.name, TimeFormat.share(use), use,
        "\(Quantity.formatNumber(TimeFormat.rounded(limit.need(at: at)))) needed at "
          + "\(rate(at)) ÷ \(Quantity.formatNumber(TimeFormat.rounded(limit.limit)))")
    }
    if metric == "broken_at_peak" {
      let broken = report.broken.map(\.name)
      out.text = broken.isEmpty ? "none" : broken.joined(separator: ", ")
    } else {
      out.step("highest", TimeFormat.share(highest), highest, "max over the limits")
      out.value = Quantity(exactly: report.peakUse)
    }
  }

  private static func demand(
    _ measure: String, at rate: Double, _ report: CapacityAnalysis.Report, _ model: PathModel,
    _ out: inout MetricExplanation
  ) {
    out.formula = [
      measure == "concurrent executions"
        ? "concurrency = Σ functions of λ × visits per request × hold time (Little's law), "
          + "whole environments rounded up"
        : "read units/s = Σ tables of λ × reads per request × RRU per read "
          + "(ceil(item size ÷ 4 KB), ½ for eventually consistent reads)",
      "at λ = \(self.rate(rate))",
    ]
    var total = 0.0
    for demand in report.demands where demand.measure == measure {
      let value = demand.at(rate)
      total += value
      if let component = model.component(named: demand.component) {
        for name in ["latency", "memory", "item_size", "consistency", "read_units"] {
          ExplainSource.add(component, name, model, to: &out)
        }
      }
      out.step(
        demand.component, Quantity.formatNumber(TimeFormat.rounded(value)), value,
        "\(Quantity.formatNumber(TimeFormat.rounded(demand.perRate))) per rps × "
          + self.rate(rate) + (demand.whole ? ", rounded up" : ""))
    }
    out.step("Σ", Quantity.formatNumber(TimeFormat.rounded(total)), total, "over the components")
    out.value = Quantity(exactly: total, measure == "read units/s" ? .rate : .none)
  }

  private static func gateway(_ report: CapacityAnalysis.Report, _ out: inout MetricExplanation) {
    out.formula = ["gateway_rate = workload.rate × API Gateway visits per request"]
    let limit = report.limits.first { $0.name == "apigateway.throttle" }
    if let limit {
      addLimit(limit, &out)
      out.step(
        "visits per request", Quantity.formatNumber(TimeFormat.rounded(limit.perRate)),
        limit.perRate, "the path's branch shares to API Gateway")
    }
    let value = report.gatewayRate(at: report.rate)
    out.step("at workload.rate", rate(value), value, "\(rate(report.rate)) × visits")
    out.value = Quantity(exactly: value, .rate)
  }

  private static func scaling(
    _ report: CapacityAnalysis.Report, _ model: PathModel, _ out: inout MetricExplanation
  ) {
    out.formula = [
      "scale time = (concurrency at the peak − at the rate) ÷ 1,000 new environments "
        + "per 10 s (AWS Lambda's scaling rate), the bucket of 1,000 spent first",
      "lambda_scale_time = the slowest function's",
    ]
    var slowest = 0.0
    for scaling in report.scaling {
      slowest = max(slowest, scaling.fromRate)
      out.step(
        scaling.function, IncidentFormat.duration(scaling.fromRate), scaling.fromRate,
        "from workload.rate to the peak (from zero: "
          + IncidentFormat.duration(scaling.fromZero) + ")")
    }
    if let limit = report.limits.first(where: { $0.name.hasPrefix("lambda.") }) {
      addLimit(limit, &out)
    }
    out.value = Quantity(exactly: slowest, .time)
  }
}
