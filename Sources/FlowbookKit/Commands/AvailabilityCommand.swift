import Quantities

/// `availability [--objective X%]`: end-to-end availability from SLAs or measured figures,
/// expected monthly downtime and the error budget against an objective.
enum AvailabilityCommand {
  static let usage = "availability [--objective PERCENT]"

  static let command = Command(
    name: "availability",
    synopsis: usage,
    summary: "end-to-end availability, monthly downtime and error budget from SLAs",
    discussion: """
      Each component's availability is its availability parameter when the model sets one \
      (a measured figure), else its AWS SLA commitment from datasets/availability/aws.yaml \
      (the Monthly Uptime Percentage below which AWS pays a credit: a commitment, not a \
      measurement). A commitment no AWS page confirmed counts as 100% and is named. The \
      path composes them per request with independent failures: a series multiplies, a \
      branch takes the share-weighted mean, a fan-out that waits for all n copies is A^n, \
      a retry of n attempts is 1 − (1 − A)^n (optimistic: an outage that lasts minutes \
      fails every attempt). Downtime is per 730-hour month, as cost bills. The error \
      budget is (1 − objective) of the month; --objective sets it (default 99.9%).
      """,
    example: "availability\navailability --objective 99.95%\nset lambda.availability = 99.99%",
    completion: .words(["--objective"]),
    run: { arguments, session in
      let model = try session.workspace.requireModel()
      var objective: Double?
      if arguments.takeFlag("objective") {
        let span = arguments.currentSpan
        let value = try arguments.quantity(.none, named: "the objective").value
        guard value > 0, value < 1 else {
          throw Diagnostic(
            "the objective must be a percentage above 0% and below 100%, such as 99.95%",
            span: span)
        }
        objective = value
      }
      try arguments.expectEnd(usage: usage)
      let catalog = try AvailabilityAnalysis.catalog(
        directory: session.workspace.datasetsDirectory)
      return render(try AvailabilityAnalysis.report(model, catalog: catalog, objective: objective))
    })

  static func render(_ report: AvailabilityAnalysis.Report) -> CommandResult {
    let percent = AvailabilityAnalysis.percent
    var table = ResultTable(
      title: "availability: \(percent(report.availability)) end to end",
      columns: [
        .init("component", alignment: .left), .init("availability"),
        .init("source", alignment: .left),
      ])
    for part in report.parts {
      table.append([
        .init(part.name, tag: .keyword),
        .init(
          part.isUnconfirmed ? "(100%)" : percent(part.fraction),
          tag: part.isUnconfirmed ? .warning : .value, number: part.fraction),
        source(part),
      ])
    }
    table.append([
      .init("end to end", tag: .keyword),
      .init(percent(report.availability), tag: .value, number: report.availability),
      .init("composed along the path", tag: .dimmed),
    ])
    table.notes = notes(report)
    return .table(table, data: json(report))
  }

  private static func source(_ part: AvailabilityAnalysis.Part) -> ResultTable.Cell {
    switch part.source {
    case .parameter:
      return .init("measured: \(part.name).availability")
    case .catalog(let entry):
      let how =
        entry.measured == .notSeen
        ? "" : ", per \(entry.measured == .requests ? "request" : "minute")"
      return .init("SLA \(entry.id)\(how): \(entry.provenance.source)")
    case .unconfirmed(let id, let entry):
      let why = entry == nil ? "no catalog entry" : "no AWS page confirmed it"
      return .init("UNCONFIRMED \(id) (\(why)): counted as 100%", tag: .warning)
    }
  }

  private static func notes(_ report: AvailabilityAnalysis.Report) -> [String] {
    let percent = AvailabilityAnalysis.percent
    let minutes = AvailabilityAnalysis.minutes
    var notes: [String] = []
    if !report.unconfirmed.isEmpty {
      let one = report.unconfirmed.count == 1
      notes.append(
        "UNCONFIRMED: " + report.unconfirmed.joined(separator: ", ")
          + (one ? " has" : " have") + " no confirmed SLA and count"
          + (one ? "s" : "") + " as 100%; the end-to-end figure is an upper bound until you "
          + "set " + (one ? "its" : "their") + " availability")
    }
    notes.append("downtime: \(minutes(report.downtimeMinutes)) expected in a 730-hour month")
    let objective = "objective \(percent(report.objective))"
    let remaining = report.remainingMinutes
    notes.append(
      "error budget at \(objective) (\(report.objectiveSource)): "
        + "\(minutes(report.budgetMinutes)) a month; the path burns "
        + "\(minutes(report.downtimeMinutes)); "
        + (remaining >= 0
          ? "\(minutes(remaining)) left"
          : "OVER by \(minutes(-remaining)): the SLAs alone cannot meet the objective"))
    notes.append(
      "SLAs are commitments (AWS credits you below them), not measurements; "
        + "set COMPONENT.availability to a measured figure to override one")
    notes.append(
      "composed per request, failures independent: series multiply, branches weigh by "
        + "share, fan-outs A^n, retries 1 − (1 − A)^n (optimistic: an outage that lasts "
        + "minutes fails every attempt)")
    return notes
  }

  private static func json(_ report: AvailabilityAnalysis.Report) -> JSONValue {
    let parts: [JSONValue] = report.parts.map { part in
      var pairs: [(String, JSONValue)] = [
        ("component", .string(part.name)), ("availability", .number(part.fraction)),
      ]
      switch part.source {
      case .parameter:
        pairs.append(("source", .string("parameter")))
      case .catalog(let entry):
        pairs.append(("source", .string("catalog")))
        pairs.append(("sla", .string(entry.id)))
        pairs.append(("measured", .string(entry.measured.rawValue)))
        pairs.append(("url", .string(entry.provenance.source)))
      case .unconfirmed(let id, _):
        pairs.append(("source", .string("unconfirmed")))
        pairs.append(("sla", .string(id)))
      }
      return .object(pairs)
    }
    return .object([
      ("availability", .number(report.availability)),
      ("downtime_minutes_per_month", .number(report.downtimeMinutes)),
      ("month_minutes", .number(report.monthMinutes)),
      ("objective", .number(report.objective)),
      ("budget_minutes", .number(report.budgetMinutes)),
      ("remaining_minutes", .number(report.remainingMinutes)),
      ("unconfirmed", .array(report.unconfirmed.map(JSONValue.string))),
      ("components", .array(parts)),
    ])
  }
}
