import Quantities

/// Where a path's latency goes: each hop's share of the mean, its part of the tail path,
/// and whether it keeps to its budget — the `budget` analysis.
///
/// **Mean.** Means add along a series and mix along branches, so a hop's contribution to
/// the end-to-end mean is (share of requests through it) × (its mean), and the
/// contributions sum to the mean exactly. Fan-out and retry blocks count as one step.
///
/// **Tail path.** The route holding most of the probability above the end-to-end
/// percentile is "the p99 path". Its percentile value q is split among its steps by the
/// Euler allocation E[Xᵢ | X₁ + … + Xₙ = q] (Tasche, "Risk contributions and performance
/// measurement", 1999), computed on the engine's grids as
/// Σₓ x·fᵢ(x)·f₋ᵢ(q − x) / Σₓ fᵢ(x)·f₋ᵢ(q − x), with f₋ᵢ the distribution of the other
/// steps. The allocations sum to q, so they say how a typical request *at* the p99 spends
/// its time — unlike per-hop p99s, which add up to far more than the path's p99.
public enum BudgetAnalysis {
  /// One hop (or block) of the path.
  public struct Row: Sendable, Hashable {
    public var name: String
    /// Share of all requests that pass through it.
    public var share: Double
    /// Its budget, if the model gives one (seconds).
    public var budget: Double?
    /// Its mean latency per pass (seconds).
    public var mean: Double
    /// share × mean: its part of the end-to-end mean (seconds).
    public var meanContribution: Double
    /// Its part of the tail path's percentile (seconds), if it is on that route.
    public var tailContribution: Double?

    /// How far its tail contribution exceeds its budget, if it does.
    public var overBudget: Double? {
      guard let budget, let tail = tailContribution, tail > budget else { return nil }
      return tail - budget
    }
  }

  public struct Report: Sendable {
    public var objective: LatencyObjective
    /// The end-to-end value at the objective's percentile (seconds).
    public var achieved: Double
    public var mean: Double
    public var tailRoute: Route
    public var rows: [Row]

    public var meetsObjective: Bool { achieved < objective.limit }

    /// The hop to cut first: the largest overshoot of its budget on the tail path, else
    /// the largest part of the tail path.
    public var cutFirst: Row? {
      let onPath = rows.filter { $0.tailContribution != nil }
      if let worst = onPath.filter({ $0.overBudget != nil })
        .max(by: { ($0.overBudget ?? 0) < ($1.overBudget ?? 0) })
      {
        return worst
      }
      return onPath.max { ($0.tailContribution ?? 0) < ($1.tailContribution ?? 0) }
    }
  }

  /// The budget report of `model` against `objective`.
  /// - Complexity: a composition per route and two per step of the tail route.
  public static func report(_ model: PathModel, objective: LatencyObjective) throws(Diagnostic)
    -> Report
  {
    let whole = try PathLatency.compose(try PathLatency.tree(model, of: model.path))
    guard whole.successProbability > 0 else {
      throw Diagnostic("no request succeeds, so there is no latency to budget")
    }
    let q = whole.success.quantile(objective.percentile)
    let routes: [Route]
    do {
      routes = try model.routes()
    } catch {
      throw error.diagnostic(in: model.file)
    }
    var tailRoute = routes[0]
    var heaviest = -1.0
    for route in routes where route.share > 0 {
      let result = try PathLatency.compose(try PathLatency.tree(model, of: route.node))
      let above = result.successProbability > 0 ? 1 - result.success.cdf(q) : 0
      if route.share * above > heaviest {
        heaviest = route.share * above
        tailRoute = route
      }
    }
    var rows: [Row] = []
    try collect(model.path, share: 1, model, into: &rows)
    let steps = flatten(tailRoute.node)
    let allocation = try allocate(q, over: steps, model)
    for (step, part) in zip(steps, allocation) {
      let name = stepName(step, model)
      if let index = rows.firstIndex(where: { $0.name == name }) {
        rows[index].tailContribution = (rows[index].tailContribution ?? 0) + part
      }
    }
    return Report(
      objective: objective, achieved: q, mean: whole.success.mean,
      tailRoute: tailRoute, rows: rows)
  }

  // MARK: - Mean contributions

  private static func collect(
    _ node: PathNode, share: Double, _ model: PathModel,
    into rows: inout [Row]
  ) throws(Diagnostic) {
    switch node {
    case .series(let steps):
      for step in steps { try collect(step, share: share, model, into: &rows) }
    case .branch(let arms):
      let weights: [Double]
      do {
        weights = try model.probabilities(of: arms)
      } catch {
        throw error.diagnostic(in: model.file)
      }
      for (arm, weight) in zip(arms, weights) {
        try collect(arm.node, share: share * weight, model, into: &rows)
      }
    case .hop, .parallel, .retry:
      let name = stepName(node, model)
      let result = try PathLatency.compose(try PathLatency.tree(model, of: node))
      let mean = result.summary?.mean ?? 0
      if let index = rows.firstIndex(where: { $0.name == name }) {
        rows[index].share += share
        rows[index].meanContribution += share * mean
        if rows[index].share > 0 {
          rows[index].mean = rows[index].meanContribution / rows[index].share
        }
      } else {
        rows.append(
          Row(
            name: name, share: share, budget: budget(of: node, model), mean: mean,
            meanContribution: share * mean))
      }
    }
  }

  /// How reports name a step: the hop's name, or the block's shape and contents.
  static func stepName(_ node: PathNode, _ model: PathModel) -> String {
    switch node {
    case .hop(let hop): return hop.name
    case .parallel(let fanOut):
      let count = (try? model.wholeNumber(fanOut.count, what: "", at: nil)).map(String.init) ?? "n"
      return flatten(fanOut.node).map { stepName($0, model) }.joined(separator: " + ")
        + " ×\(count) parallel"
    case .retry(let retry):
      return "retry(" + flatten(retry.node).map { stepName($0, model) }.joined(separator: " + ")
        + ")"
    case .series(let steps): return steps.map { stepName($0, model) }.joined(separator: " + ")
    case .branch: return "branch"
    }
  }

  /// A step's budget: its component's, or the sum over a block's hops when all have one.
  private static func budget(of node: PathNode, _ model: PathModel) -> Double? {
    switch node {
    case .hop(let hop): return model.component(named: hop.component)?["budget"]?.quantity?.value
    case .parallel(let fanOut): return budget(of: .series(flatten(fanOut.node)), model)
    case .retry(let retry): return budget(of: .series(flatten(retry.node)), model)
    case .series(let steps):
      let parts = steps.map { budget(of: $0, model) }
      return parts.contains { $0 == nil } ? nil : parts.compactMap { $0 }.reduce(0, +)
    case .branch: return nil
    }
  }

  /// A branch-free node's steps, nested series opened.
  static func flatten(_ node: PathNode) -> [PathNode] {
    if case .series(let steps) = node { return steps.flatMap(flatten) }
    return [node]
  }
}
