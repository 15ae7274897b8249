/// The bridge from a path model to the latency engine: every node becomes a `LatencyTree`.
///
/// Hop latencies come from the component's parameters by kind. Most kinds use `latency`
/// as is; a function adds its start-up time, a mixture of `cold_start` (with the share of
/// invocations that start cold, derived from the load by `coldStartEstimates`) and
/// `warm_start`, before its handler's `latency` — so provisioned concurrency, the idle and
/// environment lifetimes and the rate all move the tail the way they move AWS's.
extension PathModel {
  /// The whole path as a latency tree.
  /// - Throws: a path problem if the model does not validate (it always does after load/set).
  /// - Complexity: O(path size), plus the cold-start estimate (one load walk).
  public func latencyTree() throws(PathProblem) -> LatencyTree {
    try latencyTree(of: path)
  }

  /// The latency tree of one node of this model's path (a route, a fan-out block).
  public func latencyTree(of node: PathNode) throws(PathProblem) -> LatencyTree {
    try tree(of: node, coldStarts: try coldStartShares())
  }

  /// The share of invocations that start cold, by function: fixed, or estimated.
  func coldStartShares() throws(PathProblem) -> [String: Double] {
    if let fixedColdStarts { return fixedColdStarts }
    do {
      return try coldStartEstimates().mapValues(\.fraction)
    } catch {
      throw PathProblem(message: error.message, position: nil)
    }
  }

  private func tree(of node: PathNode, coldStarts: [String: Double]) throws(PathProblem)
    -> LatencyTree
  {
    switch node {
    case .hop(let hop):
      guard let component = component(named: hop.component) else {
        throw PathProblem(message: "no component '\(hop.component)'", position: hop.position)
      }
      return try hopLatency(
        component, coldShare: coldStarts[component.name] ?? 0, position: hop.position)
    case .series(let steps):
      if steps.isEmpty { return .hop(.fixed(0)) }
      var trees: [LatencyTree] = []
      for step in steps { trees.append(try tree(of: step, coldStarts: coldStarts)) }
      return trees.count == 1 ? trees[0] : .series(trees)
    case .branch(let arms):
      let weights = try probabilities(of: arms)
      var out: [LatencyTree.Arm] = []
      for (arm, weight) in zip(arms, weights) {
        out.append(LatencyTree.Arm(weight: weight, try tree(of: arm.node, coldStarts: coldStarts)))
      }
      return .branch(out)
    case .parallel(let fanOut):
      let count = try wholeNumber(fanOut.count, what: "a fan-out count", at: fanOut.position)
      return .parallel(count: count, try tree(of: fanOut.node, coldStarts: coldStarts))
    case .retry(let retry):
      let timeout = try resolve(retry.timeout, at: retry.position)
      let attempts = try wholeNumber(
        retry.attempts, what: "a number of attempts",
        at: retry.position)
      return .retry(
        try tree(of: retry.node, coldStarts: coldStarts), timeout: timeout.value,
        attempts: attempts, backoff: retry.backoff.distribution ?? .fixed(0))
    }
  }

  /// One pass through `component`, by its kind's rule.
  /// - Parameters:
  ///   - component: The component the hop passes through.
  ///   - coldShare: For a function, the share of invocations that start cold.
  ///   - position: Where the hop is written, for errors.
  /// - Returns: The hop's latency tree.
  /// - Throws: a path problem if the component has no latency.
  public func hopLatency(
    _ component: Component, coldShare: Double = 0, position: FilePosition? = nil
  ) throws(PathProblem) -> LatencyTree {
    guard let latency = component["latency"]?.distribution else {
      throw PathProblem(
        message: "component '\(component.name)' has no latency",
        position: position)
    }
    guard component.kind == .function, let start = startUp(component, coldShare: coldShare)
    else {
      return .hop(latency)
    }
    return .series([.hop(start), .hop(latency)])
  }

  /// A function's start-up time: cold with probability `rate`, else warm.
  private func startUp(_ component: Component, coldShare rate: Double) -> Distribution? {
    let warm = component["warm_start"]?.distribution ?? .fixed(0)
    guard let cold = component["cold_start"]?.distribution else {
      return warm == .fixed(0) ? nil : warm
    }
    if rate <= 0 { return warm == .fixed(0) ? nil : warm }
    if rate >= 1 { return cold }
    return .mixture([
      WeightedDistribution(weight: rate, distribution: cold),
      WeightedDistribution(weight: 1 - rate, distribution: warm),
    ])
  }
}
