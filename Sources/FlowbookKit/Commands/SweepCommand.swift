import Foundation
import Quantities

/// `sweep PARAM from A to B [steps N] [by PARAM from A to B [steps N]] [show METRIC, …]`:
/// a metric table over one parameter, or a two-way table over two.
enum SweepCommand {
  static let usage =
    "sweep PARAM from A to B [steps N] [by PARAM from A to B [steps N]] "
    + "[show METRIC[, METRIC]]"
  static let defaultMetrics = ["latency.p50", "latency.p99"]
  /// The most points a two-way sweep evaluates (rows × columns): each point runs every
  /// named analysis, and a table wider than 2,500 cells is not read by anyone.
  static let mostGridPoints = 2_500

  static let command = Command(
    name: "sweep",
    synopsis: usage,
    summary: "tabulate metrics of any analysis while one or two parameters vary",
    discussion: """
      Sets PARAM to N evenly spaced values from A to B (default 11 steps) on a copy of \
      the current model and evaluates the metrics named after show (default \
      latency.p50, latency.p99). Metrics come from the analysis registry, so any \
      analysis's metrics can be swept; a metric name used by one analysis only may be \
      written alone (p99). The current model is not changed. A metric that is undefined \
      at a point (capacity.max_rate when nothing limits the path) prints - there, and \
      the sweep goes on; the notes say why. Where a metric has an objective (the model's \
      latency objective for its percentile, the workload's peak for capacity.max_rate, \
      100% for capacity.peak_use) the notes give the value at which it crosses it, \
      interpolated between the two points around the crossing. With by, a second \
      parameter varies too and each metric gets a two-way table: the first parameter's \
      values are rows, the second's columns (at most 2,500 points in all).
      """,
    example: """
      sweep cdn.hit_rate from 80% to 99% steps 20 show p50, p99, p999
      sweep cdn.hit_rate from 80% to 100% steps 5 by workload.rate from 10k rps to 50k rps \
      steps 5 show latency.p99
      """,
    completion: .words(["from", "to", "steps", "by", "show"]),
    run: { arguments, session in
      let model = try session.workspace.requireModel()
      let first = try axis(&arguments, model: model, stopAt: ["steps", "show", "by"])
      var second: Axis?
      if arguments.take("by") {
        second = try axis(&arguments, model: model, stopAt: ["steps", "show"])
      }
      var metrics = defaultMetrics
      if arguments.take("show") { metrics = try metricNames(&arguments) }
      try arguments.expectEnd(usage: usage)
      if let second {
        guard second.address != first.address else {
          throw Diagnostic(
            "a two-way sweep varies two different parameters; \(first.address) is named twice",
            span: second.span)
        }
        let points = first.values.count * second.values.count
        guard points <= mostGridPoints else {
          throw Diagnostic(
            "a two-way sweep has at most \(Quantity.formatNumber(Double(mostGridPoints))) "
              + "points (steps × steps), not \(first.values.count) × "
              + "\(second.values.count) = \(Quantity.formatNumber(Double(points)))",
            span: first.span.union(second.span))
        }
      }
      let plan = try Plan(model: model, axes: [first] + (second.map { [$0] } ?? []), metrics)
      let points = plan.evaluate(interruption: session.environment.interruption)
      try session.environment.interruption?.check("sweep")
      if let failure = plan.everythingFailed(points) { throw failure }
      if let second { return twoWay(plan, points, rows: first, columns: second) }
      return .table(oneWay(plan, points, axis: first))
    })

  // MARK: - Axes

  /// One parameter a sweep varies: its address, its values and where it was typed.
  struct Axis {
    var address: ParameterAddress
    var values: [Quantity]
    var isFraction: Bool
    var span: Span

    /// How a value of this axis prints: fractions as percentages, three digits.
    func label(_ value: Quantity) -> String { SweepCommand.shown(value, fraction: isFraction) }
  }

  /// `ADDRESS from A to B [steps N]`, checked against the model: both ends must be values
  /// the parameter can take, so every point between them can be set.
  private static func axis(
    _ arguments: inout Arguments, model: PathModel, stopAt: Set<String>
  ) throws(Diagnostic) -> Axis {
    guard let (name, nameSpan) = arguments.word(), let address = ParameterAddress(name),
      model.knows(address)
    else {
      let typed = arguments.current.identifier ?? ""
      throw Diagnostic(
        "expected a parameter address to sweep; usage: \(usage)",
        span: arguments.currentSpan,
        suggestions: Suggestion.nearest(to: typed, among: model.settableAddresses))
    }
    try arguments.expect("from", usage: usage)
    let (start, startSpan) = try arguments.quantity(stopAt: ["to"])
    try arguments.expect("to", usage: usage)
    let (end, endSpan) = try arguments.quantity(stopAt: stopAt)
    guard start.dimension == end.dimension else {
      throw Diagnostic(
        "the sweep's ends differ: \(start.dimension.name) and \(end.dimension.name)",
        span: startSpan.union(endSpan))
    }
    for (value, span) in [(start, startSpan), (end, endSpan)] {
      do {
        _ = try model.setting(address, to: .quantity(value))
      } catch {
        var located = Diagnostic.from(error)
        located.span = span
        throw located
      }
    }
    var steps = 11
    if arguments.take("steps") {
      steps = try arguments.count(
        named: "steps", in: 2...100_000, stopAt: stopAt.subtracting(["steps"]))
    }
    let values = (0..<steps).map { index in
      let fraction = Double(index) / Double(steps - 1)
      return Quantity(
        exactly: start.value + (end.value - start.value) * fraction,
        start.dimension, display: start.display ?? end.display)
    }
    return Axis(
      address: address, values: values,
      isFraction: model.spec(for: address)?.type == .fraction,
      span: nameSpan.union(endSpan))
  }

  // MARK: - One parameter

  /// The one-way table: a row per value, a column per metric, `-` where a metric is
  /// undefined; notes say why and where each metric crosses its objective.
  static func oneWay(_ plan: Plan, _ points: [Plan.Point], axis: Axis) -> ResultTable {
    var table = ResultTable(
      title: "sweep \(axis.address) from \(axis.label(axis.values[0])) to "
        + axis.label(axis.values[axis.values.count - 1]),
      columns: [.init(axis.address.description, alignment: .right, key: "value")]
        + plan.metrics.map { .init($0) })
    for (value, point) in zip(axis.values, points) {
      table.append(
        [.init(axis.label(value), number: value.value)] + point.cells.map(\.cell))
    }
    table.notes =
      plan.undefinedNotes(points)
      + plan.metrics.indices.flatMap { index in
        Crossing.notes(
          metric: plan.metrics[index], objective: plan.objectives[index],
          limits: points.map { $0.limits[index] }, values: points.map { $0.cells[index].number },
          axis: axis)
      }
    return table
  }

  // MARK: - Helpers

  /// A sweep value; fractions print as percentages.
  static func shown(_ value: Quantity, fraction: Bool) -> String {
    var q = value
    if fraction, q.dimension == .none { q.display = .percent }
    return DiffCommand.format(q)
  }

  /// `p50, p99, latency.p999` after `show`.
  private static func metricNames(_ arguments: inout Arguments) throws(Diagnostic) -> [String] {
    var names: [String] = []
    repeat {
      guard let (name, _) = arguments.word() else {
        throw Diagnostic(
          "expected a metric name such as latency.p99", span: arguments.currentSpan,
          suggestions: [])
      }
      names.append(name)
    } while arguments.takeSymbol(",")
    return names
  }
}
