import Quantities

/// The cost analysis in the registry: what `diff`, `sweep` and `expect` read.
extension CostAnalysis {
  /// Dollars per million requests: money per request (requests are counts), shown per 1M,
  /// so `cost.per_million * workload.peak * 1 h` is the dollars of an hour at the peak.
  static let perMillionRequests = DisplayUnit(
    text: "$/1M req", factor: 1e-6, dimension: .money)
  static let perMonth = DisplayUnit(
    text: "$/month", factor: 1 / UnitTable.monthSeconds,
    dimension: .moneyRate)

  /// `cost.per_million`, `cost.variable_per_million`, `cost.monthly`, `cost.fixed_monthly`
  /// and the text metric `cost.unpriced`, at `workload.rate` without free tiers.
  ///
  /// Totals cover priced usage only; `cost.unpriced` names the components with usage no
  /// confirmed price covers, so a total is never read as complete when it is not.
  public static let definition = AnalysisDefinition(
    name: "cost",
    summary: "dollars per million requests and per month at the workload's rate",
    metrics: [
      MetricSpec(
        "per_million", .money,
        "$ per 1M requests, fixed costs spread over the month (priced usage)",
        display: perMillionRequests),
      MetricSpec(
        "variable_per_million", .money, "$ per 1M requests of traffic-driven usage",
        display: perMillionRequests),
      MetricSpec(
        "monthly", .moneyRate, "$ a month at workload.rate (priced usage)",
        display: perMonth),
      MetricSpec(
        "fixed_monthly", .moneyRate, "$ a month paid at any traffic (nodes, ACLs…)",
        display: perMonth),
    ],
    textMetrics: [
      TextMetricSpec("unpriced", "components with usage no confirmed price covers, or none")
    ],
    evaluate: { model in
      let report = try CostAnalysis.totals(model)
      return [
        Quantity(exactly: report.perMillion / 1e6, .money),
        Quantity(exactly: report.variablePerMillion / 1e6, .money),
        Quantity(exactly: report.monthly / UnitTable.monthSeconds, .moneyRate),
        Quantity(exactly: report.fixedMonthly / UnitTable.monthSeconds, .moneyRate),
      ]
    },
    evaluateText: { model in
      let report = try CostAnalysis.totals(model)
      let names = report.unpricedComponents
      return [names.isEmpty ? "none" : names.joined(separator: ", ")]
    })
}

extension CostAnalysis {
  /// The report without its per-route table, which metrics do not read.
  ///
  /// It prices the admitted load, as `cost` does, so `cost.per_million` and `cost`'s
  /// figure are one answer.
  static func totals(_ model: PathModel) throws(Diagnostic) -> Report {
    let catalogs = try CostCatalogs.load()
    return try report(
      model, load: CapacityLoad.of(model), prices: catalogs.prices,
      options: Options(admitted: true, quotas: catalogs.quotas), routes: false)
  }
}
