import Quantities

/// `cost at peak`, `cost for 1 h at 2.5M rps`: the dollars of an event, not of a month.
enum CostEventCommand {
  static let usage = "cost at peak | cost for DURATION [at RATE | at peak]"

  /// Reads `[for DURATION] [at RATE | at peak]` and prices the event.
  ///
  /// - Parameters:
  ///   - arguments: the words after `cost`, starting at `for` or `at`.
  ///   - model: the path model.
  ///   - catalogs: the price catalog.
  ///   - freeTier: whether to subtract the always-free allowances.
  /// - Returns: the event's table, per component.
  /// - Throws: a diagnostic for a missing duration or rate, or a wrong unit.
  static func run(
    _ arguments: inout Arguments, _ model: PathModel, _ catalogs: CostCatalogs.Loaded,
    freeTier: Bool
  ) throws(Diagnostic) -> CommandResult {
    var duration: Double?
    var rate: Double?
    var atPeak = false
    while !arguments.isAtEnd {
      if arguments.take("for") {
        duration = try arguments.quantity(.time, named: "the event's duration", stopAt: ["at"])
          .value
      } else if arguments.take("at") {
        if arguments.take("peak") {
          atPeak = true
          guard let peak = model.workload.peak?.value else {
            throw Diagnostic("cost at peak needs workload.peak (set workload.peak = 2.5M rps)")
          }
          rate = peak
        } else {
          rate = try arguments.quantity(.rate, named: "the event's rate", stopAt: ["for"]).value
        }
      } else {
        try arguments.expectEnd(usage: usage)
      }
    }
    guard
      let duration = duration ?? (atPeak ? model.workload["peak_duration"]?.quantity?.value : nil)
    else {
      throw Diagnostic(
        "say how long the event lasts: cost for 1 h at 2.5M rps"
          + (atPeak ? " (or set workload.peak_duration)" : ""))
    }
    guard let rate = rate ?? model.workload.rate?.value else {
      throw Diagnostic("say the event's rate: cost for 1 h at 2.5M rps")
    }
    let report = try CostAnalysis.event(
      model, rate: rate, duration: duration, prices: catalogs.prices,
      options: CostAnalysis.Options(freeTier: freeTier ? .alwaysFree : .excluded))
    return render(report)
  }

  static func render(_ report: CostAnalysis.EventReport) -> CommandResult {
    var table = ResultTable(
      title: "cost of an event: \(report.model) at \(CapacityCommand.rate(report.rate)) for "
        + "\(CostAnalysis.hours(report.duration)), "
        + "\(Quantity.formatNumber(report.requests, compact: true)) requests",
      columns: [
        .init("component", alignment: .left), .init("variable $", key: "variable"),
        .init("fixed $", key: "fixed"), .init("$", key: "total"),
        .init("unpriced", alignment: .left),
      ])
    var rows: [JSONValue] = []
    for c in report.components {
      let gap = !c.unpriced.isEmpty
      table.append([
        .init(c.name, tag: .keyword),
        .init(
          CostCommand.shown(c.variable, gap && c.unpriced.contains { $0.kind == .variable }),
          number: c.variable),
        .init(
          CostCommand.shown(c.fixed, gap && c.unpriced.contains { $0.kind == .fixed }),
          number: c.fixed),
        .init(CostCommand.shown(c.total, gap), tag: .value, number: c.total),
        .init(c.unpriced.map(\.description).joined(separator: ", "), tag: .warning),
      ])
      rows.append(
        .object([
          ("component", .string(c.name)), ("variable", .number(CostFormat.rounded(c.variable))),
          ("fixed", .number(CostFormat.rounded(c.fixed))),
          ("total", .number(CostFormat.rounded(c.total))),
        ]))
    }
    let unpriced = !report.unpricedComponents.isEmpty
    table.append([
      .init("total", tag: .keyword), .init(CostFormat.dollars(report.variable)),
      .init(CostFormat.dollars(report.fixed)),
      .init(CostCommand.shown(report.total, unpriced), tag: .value, number: report.total),
      .init(unpriced ? "see below" : "", tag: .warning),
    ])
    let perMillion = report.requests > 0 ? report.variable / report.requests * 1e6 : 0
    table.notes =
      [
        "\(CostFormat.dollars(report.total)) for the event"
          + (unpriced
            ? " + unpriced usage (\(report.unpricedComponents.joined(separator: ", ")))" : "")
          + "; its traffic costs \(CostFormat.dollars(perMillion)) per 1M requests"
      ] + report.notes
    let data = JSONValue.object([
      ("rate_rps", .number(report.rate)), ("duration_s", .number(report.duration)),
      ("requests", .number(report.requests)),
      ("variable", .number(CostFormat.rounded(report.variable))),
      ("fixed", .number(CostFormat.rounded(report.fixed))),
      ("total", .number(CostFormat.rounded(report.total))),
      ("unpriced", .array(report.unpricedComponents.map(JSONValue.string))),
      ("components", .array(rows)),
    ])
    return CommandResult(blocks: [.table(table)], data: data)
  }
}
