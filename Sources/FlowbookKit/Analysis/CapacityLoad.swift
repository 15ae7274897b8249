/// What one request entering the path asks of each component: how often it is visited and
/// how long each visit holds it — the inputs of both the cost and the capacity analyses.
///
/// Why one walk for both: a Lambda invocation is billed for exactly the time it holds an
/// execution environment, and Little's law (L = λW, Little 1961) turns the same time into
/// concurrent executions. Computing visits and residence once keeps `cost` and `capacity`
/// from disagreeing about the traffic.
///
/// The rules, for each pass through a component (a hop):
/// - **visits** are expected passes per request: branch arms multiply by their
///   probability, a fan-out by its count, a retry by its expected attempts
///   (1 + p + … + p^(n−1), with p the chance one attempt outlives the timeout);
/// - **own time** is the hop's mean latency, plus for a function its mean start-up
///   (cold with `cold_start_rate`, else warm), which holds an environment too;
/// - **downstream** is the mean time of the hops after it on the path that it waits for: a
///   request path is synchronous, each hop calling the next, up to and including the first
///   queue, topic, bus or stream hop (a send; the consumer runs apart). Inside a fan-out
///   or a retry the copy's own remaining hops count, not what follows the block.
/// Means of fan-outs and retries come from the latency engine (E[max] is not a sum).
public struct CapacityLoad: Sendable, Hashable {
  /// One hop of the path with its load per request.
  public struct HopLoad: Sendable, Hashable {
    /// The component's name in the model.
    public var component: String
    /// The hop's name in reports (`redis get`).
    public var name: String
    /// Expected passes per request entering the path.
    public var visits: Double
    /// Mean seconds in the hop itself, start-up included.
    public var ownTime: Double
    /// Mean start-up seconds (functions only; 0 elsewhere).
    public var startUp: Double
    /// Mean seconds waiting for the synchronous hops after it.
    public var downstream: Double
    /// For a queue hop: the function that polls it (the hop right after, if a function).
    public var consumer: String?
    /// For a queue hop right after another queue hop: the same message waiting (no new send).
    public var continuesQueue: Bool
    /// For a queue hop with a consumer: the queue the messages were sent to, whose limits
    /// (in flight, the mapping's batches) and `batch_size` apply — the first of a run of
    /// queue hops (`[intake_queue, queue_wait, consumer]` is intake_queue's wait).
    public var receivedFrom: String?
    /// For a function polling a queue: messages per invocation (the queue's `batch_size`,
    /// default 10), so invocations are visits / batch.
    ///
    /// 1 elsewhere.
    public var batch: Double = 1
    /// The side path the hop is on (`change_capture`), nil on the main path.
    public var sidePath: String?

    /// Executions (invocations, calls) per request: visits over the batch size.
    public var executions: Double { visits / batch }

    /// Seconds one visit holds the component: own time plus downstream.
    public var residence: Double { ownTime + downstream }
  }

  /// Every hop, in path order (a component visited twice appears twice).
  public var hops: [HopLoad]

  /// Expected visits per request to `component`, over all its hops.
  public func visits(to component: String) -> Double {
    hops.filter { $0.component == component }.reduce(0) { $0 + $1.visits }
  }

  /// Executions per request at `component`: visits, or for a queue's consumer batches.
  public func executions(at component: String) -> Double {
    hops.filter { $0.component == component }.reduce(0) { $0 + $1.executions }
  }

  /// Expected writes per request at `component`: its visits × its `write_share` (0 when
  /// it gives none).
  public func writes(to component: String, in model: PathModel) -> Double {
    let share = model.component(named: component)?["write_share"]?.quantity?.value ?? 0
    return visits(to: component) * share
  }

  /// Busy seconds per request at `component` (Σ executions × residence): multiplied by the
  /// request rate this is the number in flight there, by Little's law.
  public func busyTime(at component: String) -> Double {
    hops.filter { $0.component == component }.reduce(0) { $0 + $1.executions * $1.residence }
  }

  /// Mean seconds per execution excluding start-up: a function's billed duration.
  public func billedTime(at component: String) -> Double {
    let mine = hops.filter { $0.component == component }
    let executions = mine.reduce(0) { $0 + $1.executions }
    guard executions > 0 else { return 0 }
    return mine.reduce(0) { $0 + $1.executions * ($1.residence - $1.startUp) } / executions
  }

  /// The hops of `component`.
  public func hops(of component: String) -> [HopLoad] {
    hops.filter { $0.component == component }
  }
}

extension CapacityLoad {
  /// The load of the whole path of `model`.
  /// - Throws: a diagnostic if the path does not validate (it always does after load/set).
  /// - Complexity: O(path size × continuation length), plus one latency composition per
  ///   fan-out or retry block met.
  public static func of(_ model: PathModel) throws(Diagnostic) -> CapacityLoad {
    try of(model.path, in: model)
  }

  /// The load of one node (a route) of `model`'s path, per request entering it.
  public static func of(_ node: PathNode, in model: PathModel) throws(Diagnostic)
    -> CapacityLoad
  {
    var walker = LoadWalker(model: model)
    do {
      walker.coldShares = try model.coldStartShares()
      try walker.walk(node, weight: 1, after: [], afterQueue: false)
    } catch {
      throw error.diagnostic(in: model.file)
    }
    return CapacityLoad(hops: walker.hops)
  }

  /// This load (the main path's, per request entering it) with every side path's hops
  /// added, each tagged with its side path.
  ///
  /// Side paths are walked in `PathModel.orderedSidePaths` order, so a side path fed by
  /// another sees its `from`'s visits complete. Its weight is `from`'s visits (or writes)
  /// per request × share × records; the walk is the main path's (a function after a
  /// stream or queue takes its records in batches of that source's `batch_size`).
  /// - Parameter model: the model whose side paths to add (the one this load is of).
  /// - Returns: the load with the side paths' hops after the main path's.
  /// - Throws: a diagnostic when the side paths do not validate.
  /// - Complexity: O(side path nodes × continuation length).
  public func addingSidePaths(of model: PathModel) throws(Diagnostic) -> CapacityLoad {
    guard !model.sidePaths.isEmpty else { return self }
    var load = self
    do {
      var walker = LoadWalker(model: model)
      walker.coldShares = try model.coldStartShares()
      walker.streamsPoll = true
      for resolved in try model.orderedSidePaths() {
        let side = resolved.side
        let base =
          side.feed == .writes
          ? load.writes(to: side.from, in: model) : load.visits(to: side.from)
        walker.hops = []
        try walker.walk(side.path, weight: base * resolved.perFeed, after: [], afterQueue: false)
        load.hops += walker.hops.map { hop in
          var hop = hop
          hop.sidePath = side.name
          return hop
        }
      }
    } catch {
      throw error.diagnostic(in: model.file)
    }
    return load
  }

  /// The main path's hops only (what the admitted-load pass and the simulator model).
  public var mainPath: CapacityLoad {
    CapacityLoad(hops: hops.filter { $0.sidePath == nil })
  }
}

/// The walk behind `CapacityLoad.of`: the continuation (`after`) is what a hop waits for.
private struct LoadWalker {
  let model: PathModel
  /// The share of invocations that start cold, by function (`PathModel.coldStartShares`).
  var coldShares: [String: Double] = [:]
  var hops: [CapacityLoad.HopLoad] = []
  /// Whether a function after a stream hop is that stream's consumer (side paths; the
  /// main path keeps its queue-only rule, which its notebooks were recorded with).
  var streamsPoll = false

  init(model: PathModel) {
    self.model = model
  }

  static let asynchronous: Set<ComponentKind> = [.queue, .topic, .bus, .stream]

  /// Walks `node`, entered by `weight` requests per request; `afterQueue` says the hop
  /// before it was a queue, `polled` which one (a function then consumes it in batches).
  mutating func walk(
    _ node: PathNode, weight: Double, after: [PathNode], afterQueue: Bool,
    polled: Component? = nil
  ) throws(PathProblem) {
    guard weight > 0 else { return }
    switch node {
    case .hop(let hop):
      try visit(hop, weight: weight, after: after, afterQueue: afterQueue, polled: polled)
    case .series(let steps):
      // The queue a step is polled from is the first of the run of queues before it.
      var stepPolled = polled
      for (index, step) in steps.enumerated() {
        if index > 0 {
          let previous = lastQueue(steps[index - 1])
          stepPolled = previous.map { stepPolled ?? $0 }
        }
        try walk(
          step, weight: weight, after: Array(steps[(index + 1)...]) + after,
          afterQueue: index == 0 ? afterQueue : stepPolled != nil,
          polled: stepPolled)
      }
    case .branch(let arms):
      let weights = try model.probabilities(of: arms)
      for (arm, p) in zip(arms, weights) {
        try walk(
          arm.node, weight: weight * p, after: after, afterQueue: afterQueue,
          polled: polled)
      }
    case .parallel(let fanOut):
      let count = try model.wholeNumber(
        fanOut.count, what: "a fan-out count",
        at: fanOut.position)
      try walk(fanOut.node, weight: weight * Double(count), after: [], afterQueue: false)
    case .retry(let retry):
      let attempts = try expectedAttempts(retry)
      try walk(retry.node, weight: weight * attempts, after: [], afterQueue: false)
    }
  }

  private mutating func visit(
    _ hop: Hop, weight: Double, after: [PathNode], afterQueue: Bool, polled: Component?
  ) throws(PathProblem) {
    guard let component = model.component(named: hop.component) else {
      throw PathProblem(message: "no component '\(hop.component)'", position: hop.position)
    }
    let startUp = component.kind == .function ? startUpMean(component) : 0
    let own = (component["latency"]?.distribution?.mean ?? 0) + startUp
    let isQueue = component.kind == .queue
    let consumer = isQueue ? consumer(after) : nil
    hops.append(
      CapacityLoad.HopLoad(
        component: component.name, name: hop.name, visits: weight, ownTime: own,
        startUp: startUp, downstream: try synchronousMean(after),
        consumer: consumer, continuesQueue: isQueue && afterQueue,
        receivedFrom: consumer != nil ? (polled ?? component).name : nil,
        batch: component.kind == .function ? batchSize(polled) : 1))
  }

  /// Messages a function takes per invocation from the queue or stream it polls: its
  /// `batch_size` (AWS's default for an SQS event source is 10; a stream without one is
  /// read a record per invocation, the most invocations it can cause), assumed full, as
  /// batches are at the rates capacity planning is about.
  private func batchSize(_ queue: Component?) -> Double {
    guard let queue else { return 1 }
    let fallback = queue.kind == .stream ? 1.0 : 10.0
    return max(1, queue["batch_size"]?.quantity?.value ?? fallback)
  }

  /// Mean seconds of `nodes` in order, up to and including the first asynchronous hop.
  private func synchronousMean(_ nodes: [PathNode]) throws(PathProblem) -> Double {
    var total = 0.0
    for node in nodes {
      if let first = firstHop(node), let kind = model.component(named: first.component)?.kind,
        LoadWalker.asynchronous.contains(kind)
      {
        return total + (try mean(.hop(first)))
      }
      total += try mean(node)
    }
    return total
  }

  /// The mean time of a node: sums and weighted sums where exact, the engine elsewhere.
  private func mean(_ node: PathNode) throws(PathProblem) -> Double {
    switch node {
    case .hop(let hop):
      guard let component = model.component(named: hop.component) else {
        throw PathProblem(message: "no component '\(hop.component)'", position: hop.position)
      }
      let startUp = component.kind == .function ? startUpMean(component) : 0
      return (component["latency"]?.distribution?.mean ?? 0) + startUp
    case .series(let steps):
      var total = 0.0
      for step in steps { total += try mean(step) }
      return total
    case .branch(let arms):
      let weights = try model.probabilities(of: arms)
      var total = 0.0
      for (arm, p) in zip(arms, weights) { total += p * (try mean(arm.node)) }
      return total
    case .parallel, .retry:
      return try model.latencyTree(of: node).compose().summary?.mean ?? 0
    }
  }

  /// 1 + p + … + p^(n−1): attempts of a retry whose attempt times out with probability p.
  private func expectedAttempts(_ retry: Retry) throws(PathProblem) -> Double {
    let attempts = try model.wholeNumber(
      retry.attempts, what: "a number of attempts",
      at: retry.position)
    let timeout = try model.resolve(retry.timeout, at: retry.position).value
    let body = try model.latencyTree(of: retry.node).compose()
    // The grids' CDFs are conditional on their event, so weight each by its probability.
    func within(_ grid: LatencyGrid) -> Double {
      grid.probability > 0 ? grid.probability * grid.cdf(timeout) : 0
    }
    let late = max(0, min(1, 1 - within(body.success) - within(body.failure)))
    var total = 0.0
    var power = 1.0
    for _ in 0..<max(1, attempts) {
      total += power
      power *= late
    }
    return total
  }

  /// A function's mean start-up: cold with its share of cold starts, warm otherwise.
  private func startUpMean(_ component: Component) -> Double {
    let warm = component["warm_start"]?.distribution?.mean ?? 0
    guard let cold = component["cold_start"]?.distribution?.mean else { return warm }
    let rate = coldShares[component.name] ?? 0
    return rate * cold + (1 - rate) * warm
  }

  /// The function that consumes a queue: the hop right after it, if that is a function.
  /// (A queue hop followed by another queue hop, the wait until polled, leaves the
  /// consumer to the last one, so receives are counted once.)
  private func consumer(_ after: [PathNode]) -> String? {
    guard let next = after.first, let hop = firstHop(next),
      model.component(named: hop.component)?.kind == .function
    else { return nil }
    return hop.component
  }

  private func firstHop(_ node: PathNode) -> Hop? {
    switch node {
    case .hop(let hop): return hop
    case .series(let steps): return steps.lazy.compactMap { firstHop($0) }.first
    case .parallel(let fanOut): return firstHop(fanOut.node)
    case .retry(let retry): return firstHop(retry.node)
    case .branch: return nil
    }
  }

  /// The queue or stream `node` ends with, if it ends with one (a function after it is
  /// its event source mapping's consumer).
  private func lastQueue(_ node: PathNode) -> Component? {
    switch node {
    case .hop(let hop):
      let component = model.component(named: hop.component)
      let polled = component?.kind == .queue || (streamsPoll && component?.kind == .stream)
      return polled ? component : nil
    case .series(let steps): return steps.last.flatMap { lastQueue($0) }
    case .parallel, .retry, .branch: return nil
    }
  }
}
