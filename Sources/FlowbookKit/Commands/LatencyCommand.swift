import Quantities

/// `latency`: percentiles per route and end to end.
enum LatencyCommand {
  static let usage = "latency"

  static let command = Command(
    name: "latency",
    synopsis: usage,
    summary: "p50, p90, p99, p99.9 and mean per route (with its share) and end to end",
    discussion: """
      Composes the path numerically: convolution along series, mixture over branches, \
      CDF^n for parallel fan-out, truncation and re-draw for retries. A route is one way \
      through the branches (cdn hit, lambda · redis miss, …); end to end is their \
      mixture, so its p99 is not any route's p99. With --json the end-to-end figures are \
      p50_ms … mean_ms.
      """,
    example: "latency\nset cdn.hit_rate = 80%\nlatency",
    run: { arguments, session in
      try arguments.expectEnd(usage: usage)
      let model = try session.workspace.requireModel()
      var result = render(try PathLatency.report(model), model)
      let quotas = try? CostCatalogs.load(directory: session.workspace.datasetsDirectory).quotas
      result.appendNotes(AdmittedLoad.notes(model, quotas: quotas))
      return result
    })

  static func render(_ report: PathLatency.Report, _ model: PathModel) -> CommandResult {
    var table = ResultTable(
      title: "latency: \(model.name)",
      columns: [
        .init("route", alignment: .left), .init("share"), .init("p50"), .init("p90"),
        .init("p99"), .init("p99.9", key: "p999"), .init("mean"),
      ])
    for result in report.routes {
      table.append(row(result.route.name, result.route.share, result.summary))
    }
    let whole = report.endToEnd.summary
    table.append(row("end to end", 1, whole))
    var notes: [String] = []
    if report.endToEnd.failureProbability > 1e-9 {
      notes.append(
        "failed requests (every retry timed out): "
          + TimeFormat.share(report.endToEnd.failureProbability) + "; percentiles are of successes")
    }
    if let objective = model.objective, whole != nil {
      let value = report.endToEnd.success.quantile(objective.percentile)
      let verdict = value < objective.limit ? "met" : "MISSED"
      notes.append(
        "objective \(objective): \(verdict) (\(objective.percentileName) "
          + "\(TimeFormat.ms(value)))")
    }
    table.notes = notes
    return .table(table, data: json(report))
  }

  private static func row(_ name: String, _ share: Double, _ summary: LatencySummary?)
    -> [ResultTable.Cell]
  {
    var cells: [ResultTable.Cell] = [
      .init(name, tag: .keyword), .init(TimeFormat.share(share), number: share),
    ]
    for value in [summary?.p50, summary?.p90, summary?.p99, summary?.p999, summary?.mean] {
      cells.append(value.map { .init(TimeFormat.ms($0), tag: .value, number: $0) } ?? .init("-"))
    }
    return cells
  }

  /// End-to-end figures in milliseconds at the top level (`p99_ms`), then the routes.
  private static func json(_ report: PathLatency.Report) -> JSONValue {
    func figures(_ summary: LatencySummary?) -> [(String, JSONValue)] {
      guard let summary else { return [] }
      return [
        ("p50_ms", summary.p50), ("p90_ms", summary.p90), ("p99_ms", summary.p99),
        ("p999_ms", summary.p999), ("mean_ms", summary.mean),
      ]
      .map { ($0.0, .number(TimeFormat.rounded($0.1 * 1e3))) }
    }
    let routes: [JSONValue] = report.routes.map { result in
      .object(
        [
          ("route", .string(result.route.name)),
          ("share", .number((result.route.share * 1e12).rounded() / 1e12)),
        ]
          + figures(result.summary))
    }
    return .object(
      figures(report.endToEnd.summary)
        + [("failure", .number(report.endToEnd.failureProbability)), ("routes", .array(routes))])
  }
}
