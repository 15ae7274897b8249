import Foundation
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
    // A change of a percentage is in percentage points (95% → 80% is −15 pp, a
    // change of −15.8 %): "−15%" would read as either.
    let points = unit?.text == "%" && new.value.dimension == .none
    let pointsText = Quantity.formatNumber(TimeFormat.rounded(delta * 100)) + " pp"
    let changeText = delta == 0 ? "0" : (delta > 0 ? "+" : "") + (points ? pointsText : change)
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
    let reordered = !same && sameItems(old.value, new.value)
    let verdict = same ? "same" : reordered ? "same (reordered)" : "changed"
    return [
      .init(old.name, tag: .keyword), .init(old.value),
      .init(new.value, tag: .value),
      .init(verdict, tag: same || reordered ? .dimmed : .warning),
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
      if case .text(let a)? = old, case .text(let b)? = new, sameItems(a, b) { continue }
      if old != new {
        out.append("\(address) \(old?.formatted ?? "unset") → \(new?.formatted ?? "unset")")
      }
    }
    return out
  }

  /// Whether two comma-separated lists hold the same items in another order
  /// (`us 40%, europe 60%` and `europe 60%, us 40%`): a list whose order carries no
  /// meaning is not a change.
  /// - Parameters:
  ///   - a: one list.
  ///   - b: the other.
  /// - Returns: true when both have the same items, counted with repeats.
  static func sameItems(_ a: String, _ b: String) -> Bool {
    func items(_ text: String) -> [String] {
      text.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.sorted()
    }
    return a.contains(",") && items(a) == items(b)
  }
}
