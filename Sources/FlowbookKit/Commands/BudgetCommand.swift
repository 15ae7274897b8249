import Quantities

/// `budget [pNN < T]`: where the latency goes, and what to cut against an objective.
enum BudgetCommand {
  static let usage = "budget [pNN < TIME]"

  static let command = Command(
    name: "budget",
    synopsis: usage,
    summary: "each hop's part of the mean and of the tail path, against an objective",
    discussion: """
      For every hop: the share of requests through it, its budget (from the model), its \
      mean, its contribution to the end-to-end mean (these sum to the mean), and its part \
      of the tail path: the route that holds most requests above the objective's \
      percentile, whose percentile is split among its hops by Euler allocation \
      E[hop | path total = pNN] (these sum to the pNN). A hop whose part exceeds its \
      budget is over budget; the hop to cut first is the worst overshoot, else the \
      largest part. Without an objective, the model's own (or p99 < 100 ms) is used.
      """,
    example: "budget\nbudget p99.9 < 150 ms",
    run: { arguments, session in
      let model = try session.workspace.requireModel()
      var objective = model.objective ?? LatencyObjective(percentile: 0.99, limit: 0.1)
      if !arguments.isAtEnd {
        let (text, span) = arguments.rest()
        do {
          objective = try LatencyObjective.parse(text)
        } catch {
          var located = Diagnostic.from(error)
          located.span = (located.span ?? Span(0, text.utf8.count)).shifted(by: span.start)
          throw located
        }
      }
      return render(try BudgetAnalysis.report(model, objective: objective))
    })

  static func render(_ report: BudgetAnalysis.Report) -> CommandResult {
    let name = report.objective.percentileName
    var table = ResultTable(
      title: "budget: \(report.objective)  (tail path: \(report.tailRoute.name), "
        + "\(TimeFormat.share(report.tailRoute.share)) of requests)",
      columns: [
        .init("hop", alignment: .left), .init("share"), .init("budget"), .init("mean"),
        .init("of mean"), .init("\(name) path", key: "tail_path"),
        .init("over budget", alignment: .left),
      ])
    for row in report.rows {
      table.append([
        .init(row.name, tag: .keyword), .init(TimeFormat.share(row.share), number: row.share),
        cell(row.budget), cell(row.mean), cell(row.meanContribution), cell(row.tailContribution),
        .init(
          row.overBudget.map { "+" + TimeFormat.ms($0) } ?? "", tag: .warning,
          number: row.overBudget),
      ])
    }
    table.append([
      .init("end to end", tag: .keyword), .init("100%", number: 1), .init(""),
      .init(""), cell(report.mean), cell(report.achieved), .init(""),
    ])
    let margin = report.objective.limit - report.achieved
    var notes = [
      "\(report.objective): "
        + (report.meetsObjective
          ? "met with \(TimeFormat.ms(margin)) to spare (\(name) \(TimeFormat.ms(report.achieved)))"
          : "MISSED by \(TimeFormat.ms(-margin)) (\(name) \(TimeFormat.ms(report.achieved)))")
    ]
    if let cut = report.cutFirst, let part = cut.tailContribution {
      let why =
        cut.overBudget.map {
          "over its \(TimeFormat.ms(cut.budget ?? 0)) budget by "
            + TimeFormat.ms($0)
        } ?? "the largest part of the \(name) path"
      notes.append("cut first: \(cut.name), \(TimeFormat.ms(part)) of the \(name) path, \(why)")
    }
    table.notes = notes
    return .table(
      table,
      data: .object([
        ("objective", .string(report.objective.description)),
        ("achieved_ms", .number(TimeFormat.rounded(report.achieved * 1e3))),
        ("met", .bool(report.meetsObjective)), ("tail_route", .string(report.tailRoute.name)),
        ("cut_first", report.cutFirst.map { .string($0.name) } ?? .null),
        ("hops", table.json),
      ]))
  }

  private static func cell(_ seconds: Double?) -> ResultTable.Cell {
    seconds.map { .init(TimeFormat.ms($0), tag: .value, number: $0) } ?? .init("-")
  }
}
