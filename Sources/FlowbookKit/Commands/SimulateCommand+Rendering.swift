import Quantities

/// How `simulate` prints a path run: a title, latency percentiles (with the analytical
/// ones under --compare), counts, peaks and cost, the retry-storm verdict when faults end
/// within the run, and a timeline of at most 12 rows. Nothing printed depends on the wall
/// clock, so a notebook replays byte for byte; `events_per_second` is in `--json` only.
extension SimulateCommand {
  static func render(_ run: SimulationRun, model: PathModel, compare: Bool) -> CommandResult {
    let result = run.result
    var blocks: [CommandResult.Block] = [.text(Markup(title(result), .heading))]
    var latency = latencyTable(result)
    var analytical: LatencySummary?
    if compare {
      analytical = try? PathLatency.report(model, perRoute: false).endToEnd.summary
      if let analytical {
        latency.append(latencyRow("analytical", analytical))
        latency.notes.append(
          "analytical: the model composed in steady state, without limits, queues or faults")
      }
    }
    blocks.append(.table(latency))
    blocks.append(.table(countsTable(result, cost: run.cost, budget: ErrorBudget.of(model))))
    let recovery = RecoveryReport(result)
    if let recovery { blocks.append(.text(Markup(verdict(recovery), .value))) }
    blocks.append(.table(run.seriesTable(every: run.naturalWidth(rows: 12))))
    return CommandResult(
      blocks: blocks,
      data: json(run, analytical: analytical, recovery: recovery))
  }

  static func title(_ result: PathSimulationResult) -> String {
    let scenario = result.scenario
    let traffic = scenario.traffic
    var parts = ["\(SimulationText.seconds(scenario.duration))"]
    if let name = traffic.replayName {
      parts.append("rates from \(name)")
    } else {
      let spacing = traffic.spacing == .constant ? "evenly spaced" : "Poisson"
      parts.append("\(SimulationText.rate(traffic.rate)) \(spacing)")
    }
    for step in traffic.steps {
      parts.append(
        "step to \(SimulationText.rate(step.rate)) at \(SimulationText.seconds(step.start))")
    }
    for spike in traffic.spikes {
      parts.append(
        "spike \(SimulationText.number(spike.factor))x at \(SimulationText.seconds(spike.start)) "
          + "for \(SimulationText.seconds(spike.duration))")
    }
    if let diurnal = traffic.diurnal {
      parts.append(
        "diurnal to \(SimulationText.rate(diurnal.peak)) over "
          + SimulationText.seconds(diurnal.period))
    }
    parts += scenario.faults.map { "fault \($0)" }
    parts += scenario.breakers.map { "breaker on \($0)" }
    if scenario.warmUp > 0 { parts.append("warm-up \(SimulationText.seconds(scenario.warmUp))") }
    parts.append("seed \(scenario.seed)")
    return "simulate \(result.model): " + parts.joined(separator: ", ")
  }

  static func latencyTable(_ result: PathSimulationResult) -> ResultTable {
    var table = ResultTable(
      columns: [
        .init("latency", alignment: .left, key: "figure"), .init("p50"), .init("p90"),
        .init("p99"), .init("p99.9", key: "p999"), .init("mean"),
      ])
    if result.latency.count == 0 {
      table.append([.init("simulated", tag: .keyword)] + Array(repeating: .init("-"), count: 5))
      table.notes = ["no request succeeded"]
    } else {
      let latency = result.latency
      table.append(
        [.init("simulated", tag: .keyword)]
          + [
            latency.percentile(50), latency.percentile(90), latency.percentile(99),
            latency.percentile(99.9), latency.mean,
          ].map(cell))
    }
    return table
  }

  static func latencyRow(_ name: String, _ summary: LatencySummary) -> [ResultTable.Cell] {
    [.init(name, tag: .keyword)]
      + [summary.p50, summary.p90, summary.p99, summary.p999, summary.mean].map(cell)
  }

  static func cell(_ seconds: Double) -> ResultTable.Cell {
    .init(TimeFormat.ms(seconds), tag: .value, number: seconds)
  }

  static func countsTable(
    _ result: PathSimulationResult, cost: SimulationCost?, budget: ErrorBudget
  ) -> ResultTable {
    let counts = result.counts
    var table = ResultTable(
      columns: [
        .init("requests", alignment: .left, key: "outcome"), .init("count"),
        .init("share"),
      ])
    var rows: [(String, UInt64)] = [
      ("arrived", counts.arrived), ("ok", counts.ok), ("throttled", counts.throttled),
      ("errored", counts.errored), ("timed out", counts.timedOut),
      ("sent to DLQ", counts.deadLettered),
    ]
    if counts.blocked > 0 { rows.append(("blocked by WAF rules", counts.blocked)) }
    if counts.unfinished > 0 { rows.append(("unfinished", counts.unfinished)) }
    for (name, count) in rows {
      let share = counts.share(count)
      table.append([
        .init(name, tag: .keyword), .init(SimulationText.count(count), number: Double(count)),
        .init(TimeFormat.share(share), number: share),
      ])
    }
    table.notes =
      [peaks(result)] + throttleLine(result) + budgetLine(result, budget) + [costLine(cost)]
      + result.notes
    return table
  }

  /// What the run's failures (throttled, errored, timed out, dead-lettered; not WAF
  /// blocks) would burn of a month's error budget with traffic at the run's rate all
  /// month; nothing when none failed.
  static func budgetLine(_ result: PathSimulationResult, _ budget: ErrorBudget) -> [String] {
    let counts = result.counts
    let failed = counts.throttled &+ counts.errored &+ counts.timedOut &+ counts.deadLettered
    let measured = result.scenario.duration - result.scenario.warmUp
    guard failed > 0, measured > 0,
      let line = budget.line(failed: Double(failed), rate: Double(counts.arrived) / measured)
    else { return [] }
    return [line + ", with the run's traffic all month"]
  }

  /// `refused by limit: apigateway.throttle 47,120; dynamodb.read_units 3,002`: the
  /// registry's limits that refused calls, as `capacity` names them (none: no line).
  static func throttleLine(_ result: PathSimulationResult) -> [String] {
    limitLine("refused by limit (calls, retries and warm-up included)", result.usage.throttles)
      + limitLine("held back by limit (polls that found messages waiting)", result.usage.heldBack)
  }

  /// `TITLE: name count; name count`, by name, or no line when `counts` is empty.
  private static func limitLine(_ title: String, _ counts: [String: UInt64]) -> [String] {
    guard !counts.isEmpty else { return [] }
    return [
      title + ": "
        + counts.sorted { $0.key < $1.key }.map { "\($0.key) \(SimulationText.count($0.value))" }
        .joined(separator: "; ")
    ]
  }

  static func peaks(_ result: PathSimulationResult) -> String {
    let usage = result.usage
    let cold = usage.coldStarts.values.reduce(0, &+)
    let invocations = usage.invocations.values.reduce(0, &+)
    var line =
      "peak concurrency \(SimulationText.number(Double(result.peakConcurrency))), "
      + "peak queue depth \(SimulationText.number(Double(result.peakQueueDepth)))"
    if invocations > 0 {
      line +=
        "; Lambda \(SimulationText.count(invocations)) invocations, "
        + "\(SimulationText.count(cold)) cold starts"
      let timeouts = usage.functionTimeouts.values.reduce(0, &+)
      if timeouts > 0 { line += ", \(SimulationText.count(timeouts)) timed out" }
    }
    let reprocessed = usage.reprocessed.values.reduce(0, &+)
    if reprocessed > 0 {
      line += "; \(SimulationText.count(reprocessed)) messages processed twice"
    }
    return line + "; \(SimulationText.count(result.events)) events"
  }

  static func costLine(_ cost: SimulationCost?) -> String {
    guard let cost else { return "cost of the run: no price catalog found (datasets/pricing)" }
    let parts = cost.byComponent.map { "\($0.name) \(dollars($0.dollars))" }
    return "cost of the run: \(dollars(cost.total))"
      + (parts.isEmpty ? "" : " (" + parts.joined(separator: ", ") + ")")
  }

  static func dollars(_ value: Double) -> String {
    let rounded = value >= 0.01 ? (value * 100).rounded() / 100 : TimeFormat.rounded(value)
    return "$" + Quantity.formatNumber(rounded)
  }

  static func verdict(_ recovery: RecoveryReport) -> String {
    let subject = recovery.component.map { "load on \($0)" } ?? "load"
    let change =
      "goodput \(TimeFormat.share(recovery.goodputBefore)) before the fault, "
      + "\(TimeFormat.share(recovery.goodputAfter)) at the end; \(subject) "
      + "at \(SimulationText.number(TimeFormat.rounded(recovery.amplification)))× its level before"
    let attempts =
      recovery.attemptsAfter > 1.005
      ? ", \(SimulationText.number(TimeFormat.rounded(recovery.attemptsAfter))) attempts a request"
      : ""
    if let time = recovery.recoveryTime {
      return "recovered \(SimulationText.seconds(time)) after the fault ended "
        + "(\(change)\(attempts))"
    }
    let cause =
      recovery.attemptsAfter > 1.005
      ? "; retries keep it overloaded after its cause has gone: a metastable failure" : ""
    return "NOT back to normal by the end of the run (\(change)\(attempts))\(cause)"
  }
}
