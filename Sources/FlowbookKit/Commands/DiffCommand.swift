import Quantities

/// `diff`: every registered metric of the current model beside the baseline's.
enum DiffCommand {
  static let usage = "diff"

  static let command = Command(
    name: "diff",
    synopsis: usage,
    summary: "every analysis's metrics for the current model beside the baseline's",
    discussion: """
      Runs every analysis in the registry (latency, cost, capacity, cache, queue, \
      failover) on the loaded baseline and on the model after your set \
      commands, and prints each metric with its change; text metrics (the first limit \
      to break, the unpriced components) say "changed" or "same". The parameters you \
      changed are listed under the table.
      """,
    example: "set cdn.hit_rate = 80%\ndiff",
    run: { arguments, session in
      try arguments.expectEnd(usage: usage)
      let current = try session.workspace.requireModel()
      let baseline = try session.workspace.requireBaseline()
      var table = ResultTable(
        title: "diff: \(current.name) against its baseline",
        columns: [
          .init("metric", alignment: .left), .init("baseline"), .init("now"),
          .init("change"), .init("change %", key: "change_percent"),
        ])
      var textRows: [[ResultTable.Cell]] = []
      var skipped: [String] = []
      let registry = AnalysisRegistry.standard
      // An analysis the model cannot feed (no queue, no workload rate) is skipped with its
      // reason, so one missing parameter does not hide every other difference.
      for analysis in registry.analyses where analysis.evaluatedByDefault {
        // Two models through every analysis can take seconds: Ctrl-C stops between them.
        try session.environment.interruption?.check("diff")
        let before = registry.evaluate(analysis, on: baseline)
        let after = registry.evaluate(analysis, on: current)
        guard case .success(let old) = before, case .success(let new) = after else {
          let problem =
            [before, after].compactMap { result -> String? in
              if case .failure(let diagnostic) = result { return diagnostic.headline }
              return nil
            }.first ?? ""
          skipped.append("skipped \(problem)")
          continue
        }
        for (a, b) in zip(old.0, new.0) { table.append(row(a, b)) }
        for (a, b) in zip(old.1, new.1) { textRows.append(textRow(a, b)) }
      }
      for textRow in textRows { table.append(textRow) }
      let changes = changedParameters(baseline, current)
      table.notes =
        [
          changes.isEmpty
            ? "no parameters changed (set one to see a difference)"
            : "changed: " + changes.joined(separator: ", ")
        ] + skipped
      return .table(table)
    })

  static func row(_ old: MetricValue, _ new: MetricValue) -> [ResultTable.Cell] {
    let delta = new.value.value - old.value.value
    let unit = new.value.display ?? old.value.display
    let change =
      (try? Quantity(delta, new.value.dimension, display: unit))
      .map(format) ?? "-"
    let percent =
      old.value.value != 0
      ? TimeFormat.rounded(delta / abs(old.value.value) * 100) : 0
    let changeText = delta == 0 ? "0" : (delta > 0 ? "+" : "") + change
    return [
      .init(old.name, tag: .keyword),
      .init(format(old.value), number: old.value.value),
      .init(format(new.value), tag: .value, number: new.value.value),
      .init(changeText, tag: delta == 0 ? .dimmed : .warning, number: delta),
      .init(
        old.value.value == 0
          ? "-"
          : (percent > 0 ? "+" : "") + Quantity.formatNumber(percent)
            + "%", number: old.value.value == 0 ? nil : percent / 100),
    ]
  }

  /// A text metric (a name) beside its baseline: "changed" or nothing.
  static func textRow(_ old: TextMetricValue, _ new: TextMetricValue) -> [ResultTable.Cell] {
    let same = old.value == new.value
    return [
      .init(old.name, tag: .keyword), .init(old.value),
      .init(new.value, tag: .value),
      .init(same ? "same" : "changed", tag: same ? .dimmed : .warning),
      .init("-"),
    ]
  }

  /// A metric to three significant digits in its display unit.
  static func format(_ q: Quantity) -> String {
    guard let unit = q.display else { return q.formatted }
    let shown = TimeFormat.rounded(q.value / unit.factor)
    let rounded = Quantity(exactly: shown * unit.factor, q.dimension, display: unit)
    return rounded.formatted
  }

  /// `address: old → new` for each parameter that differs.
  static func changedParameters(_ baseline: PathModel, _ current: PathModel) -> [String] {
    var out: [String] = []
    for address in Set(baseline.addresses).union(current.addresses).sorted() {
      guard let parsed = ParameterAddress(address), parsed.field == nil else { continue }
      let old = try? baseline.value(at: parsed)
      let new = try? current.value(at: parsed)
      if old != new {
        out.append("\(address) \(old?.formatted ?? "unset") → \(new?.formatted ?? "unset")")
      }
    }
    return out
  }
}
