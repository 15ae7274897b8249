import Quantities

/// The capacity analysis in the registry: what `diff`, `sweep` and `expect` read.
extension CapacityAnalysis {
  static let rps = DisplayUnit(text: "rps", factor: 1, dimension: .rate)
  static let seconds = DisplayUnit(text: "s", factor: 1, dimension: .time)

  /// Concurrency and rates at `workload.rate`, the peak's use of the tightest limit, the
  /// highest sustainable rate, and (as text) the first limit to break and those broken at
  /// the peak.
  public static let definition = AnalysisDefinition(
    name: "capacity",
    summary: "load per component, quota headroom and the first limit to break",
    metrics: [
      MetricSpec("max_rate", .rate, "highest request rate no limit refuses", display: rps),
      MetricSpec(
        "peak_use", .none, "need / limit of the tightest limit at the peak",
        display: .percent),
      MetricSpec("lambda_concurrency", .none, "concurrent Lambda executions at workload.rate"),
      MetricSpec("lambda_concurrency_peak", .none, "concurrent Lambda executions at the peak"),
      MetricSpec(
        "lambda_scale_time", .time,
        "seconds for the slowest function to scale from the rate to the peak",
        display: seconds),
      MetricSpec(
        "gateway_rate", .rate, "requests/s reaching API Gateway at workload.rate",
        display: rps),
      MetricSpec(
        "dynamodb_read_units", .rate, "DynamoDB read units/s at workload.rate",
        display: DisplayUnit(text: "RRU/s", factor: 1, dimension: .rate)),
    ],
    textMetrics: [
      TextMetricSpec("first_limit", "the limit that breaks at the lowest rate, or none"),
      TextMetricSpec("broken_at_peak", "limits the peak exceeds, worst first, or none"),
    ],
    evaluate: { model in
      let report = try CapacityAnalysis.report(model, quotas: CostCatalogs.load().quotas)
      guard let (maxRate, _) = CapacityAnalysis.maximumRate(report) else {
        throw Diagnostic("no limit applies to this path, so it has no maximum rate")
      }
      return [
        Quantity(exactly: maxRate, .rate),
        Quantity(exactly: report.peakUse),
        Quantity(exactly: report.total("concurrent executions", at: report.rate)),
        Quantity(exactly: report.total("concurrent executions", at: report.judgedRate)),
        Quantity(exactly: report.scaling.map(\.fromRate).max() ?? 0, .time),
        Quantity(exactly: report.gatewayRate(at: report.rate), .rate),
        Quantity(exactly: report.total("read units/s", at: report.rate), .rate),
      ]
    },
    evaluateText: { model in
      let report = try CapacityAnalysis.report(model, quotas: CostCatalogs.load().quotas)
      let broken = report.broken.map(\.name)
      return [
        report.firstLimit?.name ?? "none",
        broken.isEmpty ? "none" : broken.joined(separator: ", "),
      ]
    })
}

extension CapacityAnalysis.Report {
  /// The sum of one measure over every component, at `rate`.
  public func total(_ measure: String, at rate: Double) -> Double {
    demands.filter { $0.measure == measure }.reduce(0) { $0 + $1.at(rate) }
  }

  /// Requests/s reaching API Gateway components at `rate`.
  public func gatewayRate(at rate: Double) -> Double {
    limits.first { $0.name == "apigateway.throttle" }?.need(at: rate) ?? 0
  }
}
