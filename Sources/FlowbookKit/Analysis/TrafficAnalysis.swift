import Quantities

/// Where a path model's requests go: how often each hop is visited, what share of requests
/// reaches a component, and how long a caller holds its slot — the traffic facts the cache,
/// queue and failover analyses share.
///
/// Why a walk of the path and not only its routes: a fan-out multiplies visits (a
/// BatchGetItem of 5 parallel queries is 5 DynamoDB calls per request), while the share of
/// requests that reach a component counts each request once. Queueing needs the first
/// (arrivals per second at a server), failed-request counts need the second. Both are
/// flow conservation on the path graph, exact for the model as written.
enum TrafficAnalysis {
  /// One pass through a hop, with the probability weight of reaching it.
  struct HopVisit {
    var hop: Hop
    /// Expected passes per request (branch probabilities × fan-out counts along the way).
    var weight: Double
    /// The nodes after the hop in its own series: what it calls before it answers.
    var downstream: [PathNode]
  }

  /// Every hop of the path with its weight, in path order.
  /// - Throws: a diagnostic if a branch's probabilities or a fan-out count do not resolve.
  /// - Complexity: O(path size).
  static func hopVisits(_ model: PathModel) throws(Diagnostic) -> [HopVisit] {
    var out: [HopVisit] = []
    do {
      try collect(model.path, weight: 1, following: [], into: &out, model)
    } catch {
      throw error.diagnostic(in: model.file)
    }
    return out
  }

  private static func collect(
    _ node: PathNode, weight: Double, following: [PathNode], into out: inout [HopVisit],
    _ model: PathModel
  ) throws(PathProblem) {
    switch node {
    case .hop(let hop):
      out.append(HopVisit(hop: hop, weight: weight, downstream: following))
    case .series(let steps):
      for (index, step) in steps.enumerated() {
        try collect(
          step, weight: weight, following: Array(steps[(index + 1)...]), into: &out,
          model)
      }
    case .branch(let arms):
      let weights = try model.probabilities(of: arms)
      for (arm, p) in zip(arms, weights) where p > 0 {
        try collect(arm.node, weight: weight * p, following: [], into: &out, model)
      }
    case .parallel(let fanOut):
      let count = try model.wholeNumber(
        fanOut.count, what: "a fan-out count",
        at: fanOut.position)
      try collect(fanOut.node, weight: weight * Double(count), following: [], into: &out, model)
    case .retry(let retry):
      // The first attempt only: retries add load when attempts fail, which the failover
      // analysis prices separately (`RetrySettings.amplification`).
      try collect(retry.node, weight: weight, following: [], into: &out, model)
    }
  }

  /// Expected visits per request to each component (a cache read and its write-back are
  /// two visits).
  static func visitsPerRequest(_ model: PathModel) throws(Diagnostic) -> [String: Double] {
    var visits: [String: Double] = [:]
    for visit in try hopVisits(model) { visits[visit.hop.component, default: 0] += visit.weight }
    return visits
  }

  /// The share of requests whose route passes through `component` at least once.
  /// - Complexity: O(routes × path size).
  static func reachShare(of component: String, in model: PathModel) throws(Diagnostic) -> Double {
    let routes: [Route]
    do {
      routes = try model.routes()
    } catch {
      throw error.diagnostic(in: model.file)
    }
    return routes.filter { contains($0.node, component) }.reduce(0) { $0 + $1.share }
  }

  /// True when the path passes through `component` on some arm, whatever its probability.
  static func appears(_ component: String, in node: PathNode) -> Bool {
    contains(node, component)
  }

  private static func contains(_ node: PathNode, _ component: String) -> Bool {
    switch node {
    case .hop(let hop): return hop.component == component
    case .series(let steps): return steps.contains { contains($0, component) }
    case .branch(let arms): return arms.contains { contains($0.node, component) }
    case .parallel(let fanOut): return contains(fanOut.node, component)
    case .retry(let retry): return contains(retry.node, component)
    }
  }

  /// How long a caller holds its slot per visit: mean and squared coefficient of variation.
  struct Hold: Sendable, Hashable {
    /// Seconds.
    var mean: Double
    /// Var / mean²: 1 for exponential service, above 1 with cold starts and cache misses.
    var scv: Double
  }

  /// The time a caller holds its slot per visit: its own hop and everything after it in
  /// its series, composed by the latency engine, mixed over its visits.
  ///
  /// A Lambda environment or an ECS worker is busy until its synchronous calls to the cache
  /// and the database return, so its concurrency is λ × this time (Little's law), not
  /// λ × its handler time. Hops after the enclosing series are taken to run after it answers.
  /// - Returns: nil when the component is not on the path.
  /// - Complexity: one latency composition per visit; about a millisecond each.
  static func hold(of component: String, in model: PathModel) throws(Diagnostic) -> Hold? {
    var weights = 0.0
    var first = 0.0
    var second = 0.0
    for visit in try hopVisits(model) where visit.hop.component == component {
      let tree: LatencyTree
      do {
        tree = try model.latencyTree(of: .series([.hop(visit.hop)] + visit.downstream))
      } catch {
        throw error.diagnostic(in: model.file)
      }
      if let problem = tree.problem {
        throw Diagnostic("the latency engine cannot compose \(component)'s calls: \(problem)")
      }
      let grid = tree.compose().success
      guard grid.probability > 0 else { continue }
      weights += visit.weight
      first += visit.weight * grid.mean
      second += visit.weight * secondMoment(grid)
    }
    guard weights > 0 else { return nil }
    let mean = first / weights
    let variance = max(0, second / weights - mean * mean)
    return Hold(mean: mean, scv: mean > 0 ? variance / (mean * mean) : 0)
  }

  /// E[X²] of a grid's successful mass: cell centres plus the uniform spread within a cell
  /// (step²/12); overflow counted at the upper edge, as `LatencyGrid.mean` does.
  private static func secondMoment(_ grid: LatencyGrid) -> Double {
    var sum = 0.0
    for (index, mass) in grid.mass.enumerated() where mass > 0 {
      let x = grid.origin + Double(index) * grid.step
      sum += mass * (x * x + grid.step * grid.step / 12)
    }
    sum += grid.overflow * grid.upperEdge * grid.upperEdge
    return sum / grid.probability
  }

  // MARK: - Display

  /// Metric display units: seconds and plain counts to three significant digits in `diff`
  /// and `sweep` (a queue depth of 31,363.2 messages is a model estimate, not a census).
  static let seconds = DisplayUnit(text: "s", factor: 1, dimension: .time)
  static let plainCount = DisplayUnit(text: "", factor: 1, dimension: .none)

  // MARK: - Parameters

  /// `value` if given, else `fallback()`: `??` with typed throws, which `??`'s autoclosure
  /// would widen to `any Error`.
  static func given<T>(_ value: T?, else fallback: () throws(Diagnostic) -> T)
    throws(Diagnostic) -> T
  {
    if let value { return value }
    return try fallback()
  }

  /// The workload's sustained rate (or its peak), per second.
  /// - Throws: a diagnostic naming `workload.rate` (or `workload.peak`) when it is unset.
  static func requestRate(_ model: PathModel, peak: Bool = false) throws(Diagnostic) -> Double {
    let name = peak ? "peak" : "rate"
    guard let q = peak ? model.workload.peak : model.workload.rate, q.dimension == .rate else {
      throw Diagnostic(
        "the model has no workload.\(name); set it, e.g. set workload.\(name) = "
          + "\(peak ? "2.5M" : "850k") rps")
    }
    return q.value
  }

  /// The number at `component.name` when it is a quantity of `dimension`, else nil.
  static func number(
    _ component: Component, _ name: String,
    _ dimension: PhysicalDimension = .none
  ) -> Double? {
    guard let q = component[name]?.quantity, q.dimension == dimension else { return nil }
    return q.value
  }

  /// The text at `component.name`, if set.
  static func text(_ component: Component, _ name: String) -> String? {
    if case .text(let text)? = component[name] { return text }
    return nil
  }

  /// Where a parameter's value came from, for notes: `dns.ttl = 60 s (AWS: …)`.
  static func provenance(_ component: Component, _ name: String) -> String {
    let value = component[name]?.formatted ?? "unset"
    guard let origin = component.parameter(name)?.origin, !origin.isEmpty else {
      return "\(component.name).\(name) = \(value)"
    }
    return "\(component.name).\(name) = \(value) (\(origin))"
  }

  /// The first component of `kind` in model order.
  static func first(_ kind: ComponentKind, in model: PathModel) -> Component? {
    model.components.first { $0.kind == kind }
  }
}

/// A formula's domain error as a diagnostic: the rule it broke, worded as what to use.
extension AnalysisInputError: DiagnosticConvertible {
  public var diagnostic: Diagnostic {
    Diagnostic(
      "\(parameter) cannot be \(Quantity.formatNumber(value.isFinite ? value : 0))"
        + (value.isFinite ? "" : " (not finite)") + "; use \(requirement)")
  }
}
