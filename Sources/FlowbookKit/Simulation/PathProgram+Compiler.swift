import Foundation
import Quantities

/// Compiles a path model into a `PathProgram`, giving each component kind its AWS
/// behaviour.
///
/// The rules, each applied to the hops of the path as written (segments inlined, nested
/// series flattened):
/// - A **function** or **service** hop takes a concurrency slot and holds it for the rest
///   of the series it starts: the calls it makes (cache, table, storage) happen inside its
///   execution, up to a message it sends to a consumed queue. A service holds a slot only
///   when the model bounds it (`tasks`). A function's invocation is stopped at its
///   `timeout`.
/// - A **gateway** hop checks its token bucket (`rate_limit`, `burst_limit`) and cuts the
///   rest of its series off at its integration `timeout` (504).
/// - A **WAF** hop applies its per-IP `rate_limit` when the workload names `clients`, and
///   blocks `block_rate` of requests by rule.
/// - A **cache** or **CDN** hop followed by a branch makes that branch its hit-or-miss
///   decision (the arm whose probability is a `hit_rate`); keyed when the workload names
///   `keys`.
/// - A **database** hop consumes read or write units when the model gives capacity, and is
///   wrapped in its SDK client's retries when it gives a `timeout` (and `attempts`).
/// - A **queue** hop followed by a function makes that function the queue's consumer.
/// - The **end client** retries the whole path when the workload sets `client_timeout`.
/// - Components named in the scenario's breakers are called through a circuit breaker.
struct PathCompiler {
  let model: PathModel
  let scenario: SimulationScenario
  let limits: SimulationLimits
  /// The model's limits, the same list `capacity` reports.
  let registry: LimitRegistry
  var program = PathProgram()
  /// API Gateway's one token bucket (account and Region), once a gateway hop made it.
  var sharedGate: Int32?
  var componentIndex: [String: Int32] = [:]
  var pools: [String: Int32] = [:]
  var tables: [String: Int32] = [:]
  var breakers: [String: Int32] = [:]
  var keyed: [String: Int32] = [:]
  /// Instructions waiting for the fail target of the clean-up that closes their frame.
  var frames: [[Int]] = []
  /// Per body being compiled (the path, a retry's or a fan-out's, each run by a task of
  /// its own): the pools whose slots its task holds at this point.
  var heldPools: [[HeldSlot]] = [[]]
  var retryDepth = 0
  var account: AccountConcurrency

  init(model: PathModel, scenario: SimulationScenario, limits: SimulationLimits) {
    self.model = model
    self.scenario = scenario
    self.limits = limits
    registry = LimitRegistry(model: model, quotaValues: limits.quotaValues)
    // The account's quota less the reservations AWS grants (it keeps 100 unreserved and
    // refuses a reservation that would take them); never raised to a floor.
    let unreserved = registry["lambda.unreserved"]?.value ?? limits.lambdaAccountConcurrency
    account = AccountConcurrency(unreserved: Int(min(max(unreserved, 0), 1e9)))
    program.notes += registry.notes
  }

  /// The program, and the account-level concurrency its functions share.
  ///
  /// - Throws: a diagnostic for a path the simulator cannot run (an unknown component,
  ///   probabilities that do not resolve).
  /// - Complexity: O(path size).
  mutating func compile() throws(Diagnostic) -> (PathProgram, AccountConcurrency) {
    for component in model.components {
      componentIndex[component.name] = Int32(program.components.count)
      let info = ComponentInfo(name: component.name, kind: component.kind)
      program.components.append(info)
      program.kinds.append(info.kind)
      program.regional.append(info.isRegional)
    }
    if !scenario.breakers.isEmpty {
      program.breakerSettings = try CircuitBreakerSettings(model: model)
    }
    for name in scenario.breakers {
      guard componentIndex[name] != nil else {
        throw Diagnostic(
          "no component named '\(name)' to put a breaker on",
          suggestions: Suggestion.nearest(to: name, among: model.addressRoots))
      }
      breakers[name] = Int32(program.breakers.count)
      program.breakers.append(componentIndex[name] ?? 0)
    }
    try prepareKeys()
    frames = [[]]
    if let client = try clientRetry() {
      let spec = emitRetryHeader(client)
      try sequence(flatten(model.path))
      closeBody(retry: spec)
    } else {
      try sequence(flatten(model.path))
    }
    closeFrame(with: .end)
    return (program, account)
  }

  // MARK: - Emitting

  /// Appends `op`, which fails to the clean-up that closes the current frame.
  @discardableResult
  mutating func emit(_ op: PathOp) -> Int {
    program.ops.append(op)
    program.failTargets.append(-1)
    let pc = program.ops.count - 1
    frames[frames.count - 1].append(pc)
    return pc
  }

  mutating func openFrame() { frames.append([]) }

  /// Opens the frame of a retry's or fan-out's body, which a task of its own runs.
  mutating func openBody() {
    openFrame()
    heldPools.append([])
  }

  /// Emits the clean-up `op` that ends the current frame and points every instruction
  /// of the frame at it; the clean-up itself belongs to the enclosing frame (an `end`
  /// fails to itself).
  mutating func closeFrame(with op: PathOp) {
    let members = frames.removeLast()
    program.ops.append(op)
    let pc = program.ops.count - 1
    program.failTargets.append(Int32(pc))
    for member in members { program.failTargets[member] = Int32(pc) }
    if op != .end { frames[frames.count - 1].append(pc) } else { heldPools.removeLast() }
  }

  var here: Int32 { Int32(program.ops.count) }

  // MARK: - Sequences

  func flatten(_ node: PathNode) -> [PathNode] {
    if case .series(let parts) = node { return parts.flatMap(flatten) }
    return [node]
  }

  /// Compiles a flattened series; a compute hop encloses the rest of it.
  mutating func sequence(_ nodes: [PathNode]) throws(Diagnostic) {
    var index = 0
    while index < nodes.count {
      let rest = Array(nodes[(index + 1)...])
      switch nodes[index] {
      case .hop(let hop):
        let component = try self.component(hop)
        if try enclosing(hop, component, rest: rest) { return }
        if [.cache, .cdn].contains(component.kind), case .branch(let arms)? = rest.first,
          try cacheDecision(hop, component, arms)
        {
          index += 2
          continue
        }
        try plainHop(hop, component)
      case .series(let parts):
        try sequence(parts.flatMap(flatten) + rest)
        return
      case .branch(let arms):
        try branch(arms)
      case .parallel(let fanOut):
        try parallel(fanOut)
      case .retry(let retry):
        try explicitRetry(retry)
      }
      index += 1
    }
  }

  /// Handles hops that take the rest of the series under their wing: compute, gateway,
  /// queue.
  ///
  /// Returns whether it consumed the rest.
  private mutating func enclosing(_ hop: Hop, _ component: Component, rest: [PathNode])
    throws(Diagnostic) -> Bool
  {
    switch component.kind {
    case .function, .service:
      guard let pool = try pool(for: component) else { return false }
      var after: [PathNode] = []
      try guarded(component.name) { (compiler: inout PathCompiler) throws(Diagnostic) in
        compiler.emit(.acquire(pool))
        compiler.openFrame()
        compiler.emitHop(hop, component)
        after = try compiler.insideCall(holding: HeldSlot(pool: pool), rest)
        compiler.closeFrame(with: .release(pool))
      }
      try sequence(after)
      return true
    case .gateway:
      try gateway(hop, component, rest: rest)
      return true
    case .queue:
      return try queue(hop, component, rest: rest)
    default:
      return false
    }
  }

  /// Compiles the part of `series` that runs while the task holds `pool`, and returns
  /// the rest, to compile after the call's release.
  ///
  /// A message sent to a consumed queue ends the call that sends it: the sender is free
  /// once SendMessage returns, not when the consumer is done. A queue in the same series
  /// is therefore compiled after the release; one inside a branch gives the slot back at
  /// run time (`QueueSpec.senders`).
  mutating func insideCall(holding slot: HeldSlot, _ series: [PathNode]) throws(Diagnostic)
    -> [PathNode]
  {
    let flat = series.flatMap(flatten)
    let send = firstConsumedQueue(in: flat) ?? flat.count
    heldPools[heldPools.count - 1].append(slot)
    try sequence(Array(flat[..<send]))
    heldPools[heldPools.count - 1].removeLast()
    return Array(flat[send...])
  }

  /// A whole-number setting of `component` (or the workload) for the simulator, and
  /// `fallback` when the model leaves it out.
  ///
  /// - Throws: a diagnostic naming the setting when it is not a whole number in `range`,
  ///   so that 10^20 environments or attempts is an error rather than a crash or a hang.
  func whole(
    _ component: Component, _ name: String, in range: ClosedRange<Int>, default fallback: Int
  ) throws(Diagnostic) -> Int {
    try whole(
      component[name]?.quantity?.value, "\(component.name).\(name)", in: range,
      default: fallback)
  }

  /// The same for a value read elsewhere (the workload's), named `label` in the error.
  func whole(
    _ value: Double?, _ label: String, in range: ClosedRange<Int>, default fallback: Int
  ) throws(Diagnostic) -> Int {
    guard let value else { return fallback }
    guard value.isFinite, value == value.rounded(), value >= Double(range.lowerBound),
      value <= Double(range.upperBound)
    else {
      let bounds = (Double(range.lowerBound), Double(range.upperBound))
      throw Diagnostic(
        "\(label) must be a whole number from "
          + "\(Quantity.formatNumber(bounds.0)) to \(Quantity.formatNumber(bounds.1)) to "
          + "simulate, not \(Quantity.formatNumber(value))")
    }
    return Int(value)
  }

  /// Wraps `body` in the component's breaker, if the scenario puts one on it.
  mutating func guarded(
    _ name: String, _ body: (inout PathCompiler) throws(Diagnostic) -> Void
  ) throws(Diagnostic) {
    guard let breaker = breakers[name] else {
      try body(&self)
      return
    }
    emit(.breakerEnter(breaker))
    openFrame()
    try body(&self)
    closeFrame(with: .breakerExit(breaker))
  }

  func component(_ hop: Hop) throws(Diagnostic) -> Component {
    guard let component = model.component(named: hop.component) else {
      throw Diagnostic("the path names '\(hop.component)', which is not a component")
    }
    return component
  }

  func index(of component: Component) -> Int32 { componentIndex[component.name] ?? 0 }
}
