import Dispatch
import Foundation
import Quantities

/// `sweep PARAM from A to B [steps N] [show METRIC, …]`: a metric table over one parameter.
enum SweepCommand {
  static let usage = "sweep PARAM from A to B [steps N] [show METRIC[, METRIC]]"
  static let defaultMetrics = ["latency.p50", "latency.p99"]

  static let command = Command(
    name: "sweep",
    synopsis: usage,
    summary: "tabulate metrics of any analysis while one parameter goes from A to B",
    discussion: """
      Sets PARAM to N evenly spaced values from A to B (default 11 steps) on a copy of \
      the current model and evaluates the metrics named after show (default \
      latency.p50, latency.p99). Metrics come from the analysis registry, so any \
      analysis's metrics can be swept; a metric name used by one analysis only may be \
      written alone (p99). The current model is not changed.
      """,
    example: "sweep cdn.hit_rate from 80% to 99% steps 20 show p50, p99, p999",
    completion: .words(["from", "to", "steps", "show"]),
    run: { arguments, session in
      let model = try session.workspace.requireModel()
      guard let (name, _) = arguments.word(), let address = ParameterAddress(name),
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
      let (end, endSpan) = try arguments.quantity(stopAt: ["steps", "show"])
      guard start.dimension == end.dimension else {
        throw Diagnostic(
          "the sweep's ends differ: \(start.dimension.name) and \(end.dimension.name)",
          span: startSpan.union(endSpan))
      }
      var steps = 11
      if arguments.take("steps") {
        steps = try arguments.count(named: "steps", in: 2...100_000, stopAt: ["show"])
      }
      var metrics = defaultMetrics
      if arguments.take("show") { metrics = try metricNames(&arguments) }
      try arguments.expectEnd(usage: usage)
      let registry = AnalysisRegistry.standard
      // Text metrics (capacity.first_limit) are names, shown as they are at each point.
      let texts = Set(metrics.filter { registry.textMetric(named: $0) != nil })
      let numbers = metrics.filter { !texts.contains($0) }
      for metric in numbers { _ = try registry.metric(named: metric) }
      let isFraction = model.spec(for: address)?.type == .fraction
      var table = ResultTable(
        title: "sweep \(address) from \(shown(start, fraction: isFraction)) to "
          + shown(end, fraction: isFraction),
        columns: [.init(address.description, alignment: .right, key: "value")]
          + metrics.map { .init($0) })
      let values = (0..<steps).map { index in
        let fraction = Double(index) / Double(steps - 1)
        return Quantity(
          exactly: start.value + (end.value - start.value) * fraction,
          start.dimension, display: start.display ?? end.display)
      }
      let interruption = session.environment.interruption
      let points = evaluate(model, address, values, numbers, registry, interruption: interruption)
      try interruption?.check("sweep")
      for (value, point) in zip(values, points) {
        switch point {
        case .success(let results):
          var cells: [String: ResultTable.Cell] = [:]
          for (name, result) in zip(numbers, results) {
            cells[name] = .init(
              DiffCommand.format(result.value), tag: .value,
              number: result.value.value)
          }
          if !texts.isEmpty {
            let point = try model.setting(address, to: .quantity(value))
            for name in texts {
              cells[name] = .init(try registry.evaluateText(named: name, point), tag: .value)
            }
          }
          table.append(
            [.init(shown(value, fraction: isFraction), number: value.value)]
              + metrics.map { cells[$0] ?? .init("-") })
        case .failure(let problem):
          throw Diagnostic(
            problem.message, span: startSpan.union(endSpan),
            notes: ["at \(address) = \(value.formatted)"] + problem.notes)
        }
      }
      return .table(table)
    })

  /// Each point's metrics, computed on all cores.
  ///
  /// Points are independent (each is a copy of the model with one parameter set), so they
  /// run concurrently and are stored by index: the table is the same whatever the timing.
  /// - Complexity: one evaluation of the needed analyses per point, divided among cores.
  static func evaluate(
    _ model: PathModel, _ address: ParameterAddress, _ values: [Quantity], _ metrics: [String],
    _ registry: AnalysisRegistry, interruption: Interruption? = nil
  ) -> [Result<[MetricValue], Diagnostic>] {
    let results = SweepResults(count: values.count)
    var base = model
    if base.compositionStep == nil, let tree = try? base.latencyTree(), tree.problem == nil {
      base.compositionStep = tree.compose().step * 2
    }
    DispatchQueue.concurrentPerform(iterations: values.count) { [base] index in
      let outcome: Result<[MetricValue], Diagnostic>
      do {
        try interruption?.check("sweep")
        let point = try base.setting(address, to: .quantity(values[index]))
        outcome = .success(try registry.evaluate(metrics, point))
      } catch {
        outcome = .failure(Diagnostic.from(error))
      }
      results.store(index, outcome)
    }
    return results.all()
  }

  /// A sweep value; fractions print as percentages.
  private static func shown(_ value: Quantity, fraction: Bool) -> String {
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

/// Sweep results written by concurrent workers, each to its own index, under a lock.
private final class SweepResults: @unchecked Sendable {
  private let lock = NSLock()
  private var results: [Result<[MetricValue], Diagnostic>]

  init(count: Int) {
    results = Array(repeating: .failure(Diagnostic("sweep point not evaluated")), count: count)
  }

  func store(_ index: Int, _ result: Result<[MetricValue], Diagnostic>) {
    lock.lock()
    defer { lock.unlock() }
    results[index] = result
  }

  func all() -> [Result<[MetricValue], Diagnostic>] {
    lock.lock()
    defer { lock.unlock() }
    return results
  }
}
