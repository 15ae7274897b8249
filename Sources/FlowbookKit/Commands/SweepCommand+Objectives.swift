import Quantities

extension SweepCommand {
  /// The objective a swept metric is judged against, and on which side it is met.
  ///
  /// Objectives come from the model, never from the sweep: the model's latency objective
  /// for the matching percentile (`p99 < 100 ms` judges `latency.p99` and
  /// `simulate.latency_p99`), the workload's peak (or rate) for `capacity.max_rate`, and
  /// 100 % for `capacity.peak_use`. The limit is read at each point, so a sweep of
  /// `workload.peak` moves the objective of `capacity.max_rate` with it.
  struct Objective: Sendable {
    /// Which side of the limit meets the objective.
    enum Bound: Sendable {
      /// Met when the value is under the limit (latency: `p99 < 100 ms`).
      case below
      /// Met when the value is at most the limit (a use of 100 % still fits).
      case atMost
      /// Met when the value is at least the limit (a sustainable rate).
      case atLeast
    }

    var bound: Bound
    /// How the objective reads in a note: `p99 < 100 ms`.
    var text: String
    /// The limit at a point, in base units; nil when the point's model has none.
    var limit: @Sendable (PathModel) -> Double?

    /// The objective of the metric called `name` (full name), if the model gives it one.
    /// - Parameters:
    ///   - name: the metric's full name, such as `latency.p99`.
    ///   - model: the model swept (for the objective's wording).
    /// - Returns: the objective, or nil for a metric without one.
    static func of(_ name: String, model: PathModel) -> Objective? {
      if let objective = model.objective {
        let percentile = objective.percentileName.replacingOccurrences(of: ".", with: "")
        if name == "latency.\(percentile)" || name == "simulate.latency_\(percentile)" {
          return Objective(bound: .below, text: objective.description) { point in
            point.objective?.limit
          }
        }
      }
      switch name {
      case "capacity.max_rate":
        let source = model.workload.peak != nil ? "workload.peak" : "workload.rate"
        return Objective(bound: .atLeast, text: "at least \(source)") { point in
          (point.workload.peak ?? point.workload.rate)?.value
        }
      case "capacity.peak_use":
        return Objective(bound: .atMost, text: "at most 100%") { _ in 1 }
      default:
        return nil
      }
    }

    /// How far inside the objective `value` is (negative outside), in the metric's units.
    func margin(_ value: Double, limit: Double) -> Double {
      bound == .atLeast ? value - limit : limit - value
    }

    /// Whether a margin meets the objective.
    func isMet(_ margin: Double) -> Bool {
      bound == .below ? margin > 0 : margin >= 0
    }
  }

  /// Where a metric's values cross its objective, interpolated between two points.
  enum Crossing {
    /// The most crossings listed per metric (a noisy simulated metric may cross often).
    static let mostListed = 20

    /// Notes on where `metric` crosses its objective along `axis`.
    ///
    /// Between two neighbouring defined points on either side of the limit, the crossing
    /// is the zero of the straight line through their margins (linear interpolation);
    /// the note names both points, so it is clear the value is estimated between them.
    /// - Parameters:
    ///   - metric: the metric's name as typed.
    ///   - objective: its objective; no notes without one.
    ///   - limits: the objective's limit at each point.
    ///   - values: the metric at each point; nil where undefined.
    ///   - axis: the parameter varied along these points.
    ///   - prefix: what fixes the other parameter in a two-way sweep (`at X = 5: `).
    ///   - onlyCrossings: say nothing when there is no crossing (a two-way sweep counts
    ///     the points that meet the objective instead).
    /// - Returns: one line per crossing, or one line saying the objective is met (or
    ///   missed) at every defined point.
    static func notes(
      metric: String, objective: Objective?, limits: [Double?], values: [Double?],
      axis: Axis, prefix: String = "", onlyCrossings: Bool = false
    ) -> [String] {
      guard let objective else { return [] }
      let defined = values.indices.compactMap { index -> (Int, Double)? in
        guard let value = values[index], let limit = limits[index] else { return nil }
        return (index, objective.margin(value, limit: limit))
      }
      guard !defined.isEmpty else { return [] }
      var lines: [String] = []
      for (a, b) in zip(defined, defined.dropFirst())
      where objective.isMet(a.1) != objective.isMet(b.1) {
        let (low, high) = (axis.values[a.0], axis.values[b.0])
        let t = a.1 == b.1 ? 1 : min(1, max(0, a.1 / (a.1 - b.1)))
        let at = Quantity(
          exactly: low.value + (high.value - low.value) * t, low.dimension,
          display: low.display)
        let (first, second) = objective.isMet(a.1) ? ("met", "missed") : ("missed", "met")
        lines.append(
          "\(prefix)\(metric) crosses its objective (\(objective.text)) at \(axis.address) ≈ "
            + "\(axis.label(at)), interpolated between \(axis.label(low)) (\(first)) and "
            + "\(axis.label(high)) (\(second))")
      }
      if lines.isEmpty && onlyCrossings { return [] }
      if lines.isEmpty {
        let every = defined.count == values.count ? "every point" : "every defined point"
        let verdict = objective.isMet(defined[0].1) ? "meets" : "misses"
        return ["\(prefix)\(metric) \(verdict) its objective (\(objective.text)) at \(every)"]
      }
      if lines.count > mostListed {
        let more = lines.count - mostListed
        lines = Array(lines.prefix(mostListed)) + ["\(prefix)\(metric): \(more) more crossings"]
      }
      return lines
    }
  }
}
