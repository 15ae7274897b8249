import Dispatch
import Foundation
import Quantities

extension SweepCommand {
  /// What a sweep evaluates: the model, the axes, and each metric with its objective.
  ///
  /// Points are numbered row-major over the axes (the last axis varies fastest), so a
  /// one-way sweep's point `i` is its `i`-th value and a two-way sweep's point
  /// `row × columns + column` is a cell of its table.
  struct Plan: Sendable {
    /// A metric as the sweep evaluates it: a number of an analysis, or a name.
    enum Metric: Sendable {
      case number(AnalysisDefinition, Int)
      case text(String)
    }

    var model: PathModel
    var axes: [Axis]
    var metrics: [String]
    var kinds: [Metric]
    var objectives: [Objective?]

    /// A metric's value at one point: its printed cell, its number, or why it is undefined.
    struct Value: Sendable {
      var cell: ResultTable.Cell
      var number: Double?
      var failure: Diagnostic?
    }

    /// One point's values and objective limits, one of each per metric.
    struct Point: Sendable {
      var cells: [Value]
      var limits: [Double?]
    }

    /// Resolves the metric names (failing on unknown ones before any work is done).
    /// - Parameters:
    ///   - model: the model each point is a copy of.
    ///   - axes: the parameters varied, one or two.
    ///   - metrics: metric names as typed after `show`.
    /// - Throws: a diagnostic naming an unknown metric.
    init(model: PathModel, axes: [Axis], _ metrics: [String]) throws(Diagnostic) {
      let registry = AnalysisRegistry.standard
      var base = model
      if base.compositionStep == nil, let tree = try? base.latencyTree(), tree.problem == nil {
        base.compositionStep = tree.compose().step * 2
      }
      self.model = base
      self.axes = axes
      self.metrics = metrics
      var kinds: [Metric] = []
      var objectives: [Objective?] = []
      for name in metrics {
        if registry.textMetric(named: name) != nil {
          kinds.append(.text(name))
          objectives.append(nil)
          continue
        }
        let (analysis, index) = try registry.metric(named: name)
        kinds.append(.number(analysis, index))
        objectives.append(
          Objective.of("\(analysis.name).\(analysis.metrics[index].name)", model: model))
      }
      self.kinds = kinds
      self.objectives = objectives
    }

    /// How many points the axes span.
    var count: Int { axes.reduce(1) { $0 * $1.values.count } }

    /// The value index on each axis of point `index`.
    func coordinates(_ index: Int) -> [Int] {
      var rest = index
      var out = [Int](repeating: 0, count: axes.count)
      for axis in axes.indices.reversed() {
        out[axis] = rest % axes[axis].values.count
        rest /= axes[axis].values.count
      }
      return out
    }

    /// `cdn.hit_rate = 100%`, or `(cdn.hit_rate, workload.rate) = (100%, 10k rps)`.
    func place(_ index: Int) -> String { placeName + " = " + label(index) }

    /// The axes' names as a place starts: `cdn.hit_rate` or `(cdn.hit_rate, workload.rate)`.
    var placeName: String {
      axes.count == 1
        ? axes[0].address.description
        : "(" + axes.map(\.address.description).joined(separator: ", ") + ")"
    }

    /// Point `index`'s values: `100%`, or `(100%, 10k rps)` on two axes.
    func label(_ index: Int) -> String {
      let labels = zip(axes, coordinates(index)).map { $0.label($0.values[$1]) }
      return axes.count == 1 ? labels[0] : "(" + labels.joined(separator: ", ") + ")"
    }

    /// Every point's values, computed on all cores and stored by index, so the table is
    /// the same whatever the timing.
    ///
    /// - Parameter interruption: checked before each point; a stopped point is undefined
    ///   and the caller checks the interruption again afterwards.
    /// - Returns: one point per index, in order.
    /// - Complexity: one evaluation of the needed analyses per point, divided among cores.
    func evaluate(interruption: Interruption?) -> [Point] {
      let results = SweepResults(count: count, metrics: metrics.count)
      DispatchQueue.concurrentPerform(iterations: count) { index in
        results.store(index, point(index, interruption: interruption))
      }
      return results.all()
    }

    /// The metrics at one point; a metric whose analysis cannot answer is undefined there.
    private func point(_ index: Int, interruption: Interruption?) -> Point {
      var model = self.model
      do {
        try interruption?.check("sweep")
        for (axis, value) in zip(axes, coordinates(index)) {
          model = try model.setting(axis.address, to: .quantity(axis.values[value]))
        }
      } catch {
        let failure = Diagnostic.from(error)
        return Point(
          cells: metrics.map { _ in Self.undefined(failure) },
          limits: metrics.map { _ in nil })
      }
      let registry = AnalysisRegistry.standard
      var analyses: [String: Result<[MetricValue], Diagnostic>] = [:]
      var cells: [Value] = []
      for kind in kinds {
        switch kind {
        case .number(let analysis, let metric):
          if analyses[analysis.name] == nil {
            do {
              analyses[analysis.name] = .success(try registry.evaluate(analysis, model))
            } catch {
              analyses[analysis.name] = .failure(error)
            }
          }
          switch analyses[analysis.name] {
          case .success(let values)?:
            let value = values[metric].value
            cells.append(
              Value(
                cell: .init(DiffCommand.format(value), tag: .value, number: value.value),
                number: value.value))
          case .failure(let failure)?: cells.append(Self.undefined(failure))
          case nil: cells.append(Self.undefined(Diagnostic("not evaluated")))
          }
        case .text(let name):
          do {
            let text = try registry.evaluateText(named: name, model)
            cells.append(Value(cell: .init(text, tag: .value)))
          } catch {
            cells.append(Self.undefined(error))
          }
        }
      }
      return Point(cells: cells, limits: objectives.map { $0?.limit(model) })
    }

    private static func undefined(_ failure: Diagnostic) -> Value {
      Value(cell: .init("-", tag: .dimmed), failure: failure)
    }

    /// The first failure, placed, when no metric is defined at any point: then the sweep
    /// has nothing to show (no simulation to re-run, a metric the model cannot feed).
    func everythingFailed(_ points: [Point]) -> Diagnostic? {
      guard points.allSatisfy({ $0.cells.allSatisfy { $0.failure != nil } }),
        let failure = points.first?.cells.first?.failure
      else { return nil }
      var placed = failure
      placed.notes = ["at \(place(0))"] + failure.notes
      return placed
    }

    /// One note per metric and reason for the points where it printed `-`.
    /// - Parameters:
    ///   - points: the evaluated points.
    ///   - only: the index of the one metric to report on; every metric when nil.
    /// - Returns: lines such as `capacity.max_rate is undefined (-) at cdn.hit_rate = 100%: …`.
    func undefinedNotes(_ points: [Point], only: Int? = nil) -> [String] {
      var notes: [String] = []
      for (index, metric) in metrics.enumerated() where only == nil || only == index {
        var reasons: [(String, [String])] = []
        for (number, point) in points.enumerated() {
          let label = label(number)
          guard let failure = point.cells[index].failure else { continue }
          if let at = reasons.firstIndex(where: { $0.0 == failure.headline }) {
            reasons[at].1.append(label)
          } else {
            reasons.append((failure.headline, [label]))
          }
        }
        for (reason, places) in reasons {
          let listed = places.prefix(5).joined(separator: ", ")
          let more = places.count > 5 ? " and \(places.count - 5) more" : ""
          notes.append("\(metric) is undefined (-) at \(placeName) = \(listed)\(more): \(reason)")
        }
      }
      return notes
    }
  }
}

/// Sweep points written by concurrent workers, each to its own index, under a lock.
private final class SweepResults: @unchecked Sendable {
  private let lock = NSLock()
  private var points: [SweepCommand.Plan.Point]

  init(count: Int, metrics: Int) {
    points = Array(
      repeating: SweepCommand.Plan.Point(cells: [], limits: Array(repeating: nil, count: metrics)),
      count: count)
  }

  func store(_ index: Int, _ point: SweepCommand.Plan.Point) {
    lock.lock()
    defer { lock.unlock() }
    points[index] = point
  }

  func all() -> [SweepCommand.Plan.Point] {
    lock.lock()
    defer { lock.unlock() }
    return points
  }
}
