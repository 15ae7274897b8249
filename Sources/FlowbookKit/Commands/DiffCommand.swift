import Quantities

/// `diff`: every registered metric of the current model beside the baseline's.
enum DiffCommand {
  static let usage = "diff"

  static let command = Command(
    name: "diff",
    synopsis: usage,
    summary: "every analysis's metrics for the current model beside the baseline's",
    discussion: """
      Runs every analysis in the registry (latency now; cost, capacity, cache and queue \
      as they are added) on the loaded baseline and on the model after your set \
      commands, and prints each metric with its change. The parameters you changed are \
      listed under the table.
      """,
    example: "set cdn.hit_rate = 80%\ndiff",
    run: { arguments, session in
      try arguments.expectEnd(usage: usage)
      let current = try session.workspace.requireModel()
      let baseline = try session.workspace.requireBaseline()
      let registry = AnalysisRegistry.standard
      var before: [MetricValue] = []
      var after: [MetricValue] = []
      var skipped: [String] = []
      // An analysis the model cannot feed (no queue, no workload rate) is skipped with its
      // reason, so one missing parameter does not hide every other difference.
      for analysis in registry.analyses {
        do {
          let old = try registry.evaluate(analysis, baseline)
          let new = try registry.evaluate(analysis, current)
          before += old
          after += new
        } catch {
          skipped.append("skipped \(analysis.name): \(Diagnostic.from(error).headline)")
        }
      }
      var table = ResultTable(
        title: "diff: \(current.name) against its baseline",
        columns: [.init("metric", alignment: .left), .init("baseline"), .init("now"),
                  .init("change"), .init("change %", key: "change_percent")])
      for (old, new) in zip(before, after) {
        table.append(row(old, new))
      }
      let changes = changedParameters(baseline, current)
      table.notes = [changes.isEmpty ? "no parameters changed (set one to see a difference)"
        : "changed: " + changes.joined(separator: ", ")] + skipped
      return .table(table)
    })

  static func row(_ old: MetricValue, _ new: MetricValue) -> [ResultTable.Cell] {
    let delta = new.value.value - old.value.value
    let unit = new.value.display ?? old.value.display
    let change = (try? Quantity(delta, new.value.dimension, display: unit))
      .map(format) ?? "-"
    let percent = old.value.value != 0
      ? TimeFormat.rounded(delta / abs(old.value.value) * 100) : 0
    let changeText = delta == 0 ? "0" : (delta > 0 ? "+" : "") + change
    return [
      .init(old.name, tag: .keyword),
      .init(format(old.value), number: old.value.value),
      .init(format(new.value), tag: .value, number: new.value.value),
      .init(changeText, tag: delta == 0 ? .dimmed : .warning, number: delta),
      .init(old.value.value == 0 ? "-" : (percent > 0 ? "+" : "") + Quantity.formatNumber(percent)
        + "%", number: old.value.value == 0 ? nil : percent / 100),
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
