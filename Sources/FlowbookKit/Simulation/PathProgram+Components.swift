import Foundation
import Quantities

/// The compiler's rules per component kind and per path shape (see `PathCompiler`).
extension PathCompiler {
  // MARK: - Hops

  /// Emits a hop drawing the component's latency (a function's handler time: its
  /// start-up is drawn when it takes an environment).
  @discardableResult
  mutating func emitHop(_ hop: Hop, _ component: Component) -> Int32 {
    let latency = component["latency"]?.distribution ?? .fixed(0)
    let blockRate = component.kind == .waf ? component["block_rate"]?.quantity?.value ?? 0 : 0
    let spec = HopSpec(
      component: index(of: component), sampler: program.samplers.add(latency),
      blockRate: blockRate)
    program.hops.append(spec)
    let hopIndex = Int32(program.hops.count - 1)
    emit(.hop(hopIndex))
    return hopIndex
  }

  mutating func plainHop(_ hop: Hop, _ component: Component) throws(Diagnostic) {
    switch component.kind {
    case .database:
      try databaseCall(hop, component)
    case .waf:
      if let limiter = clientLimiter(component) {
        program.limiters.append(limiter)
        emit(.clientLimit(Int32(program.limiters.count - 1)))
      }
      emitHop(hop, component)
    default:
      try guarded(component.name) { (compiler: inout PathCompiler) throws(Diagnostic) in
        compiler.emitHop(hop, component)
      }
    }
  }

  /// WAF's per-IP rule, when the model gives a limit and the workload a population.
  private func clientLimiter(_ component: Component) -> ClientLimiterSpec? {
    guard let rate = component["rate_limit"]?.quantity?.value,
      let clients = model.workload["clients"]?.quantity?.value, clients >= 1
    else { return nil }
    let population = Int(min(clients, 1e7))
    let skew = model.workload["client_skew"]?.quantity?.value ?? 0
    return ClientLimiterSpec(
      component: index(of: component), limit: rate * limits.wafWindow,
      window: limits.wafWindow, checkInterval: limits.wafCheckInterval, clients: population,
      skew: skew > 0 ? try? ZipfSampler(keys: population, exponent: skew) : nil)
  }

  /// A table call: its capacity, inside its SDK client's retries when the model gives a
  /// client timeout (and the call is not already inside a retry of the path).
  mutating func databaseCall(_ hop: Hop, _ component: Component) throws(Diagnostic) {
    let table = tableIndex(component)
    let timeout = component["timeout"]?.quantity?.value
    let attempts = try whole(component, "attempts", in: 1...100, default: 1)
    try guarded(component.name) { (compiler: inout PathCompiler) throws(Diagnostic) in
      guard let timeout, timeout > 0, compiler.retryDepth == 0 else {
        if let table { compiler.emit(.capacity(table)) }
        compiler.emitHop(hop, component)
        return
      }
      let spec = compiler.emitRetryHeader(
        RetrySpec(
          timeout: timeout, attempts: max(1, attempts),
          backoff: .fullJitter(
            base: compiler.limits.sdkBackoffBase,
            cap: compiler.limits.sdkBackoffCap),
          body: -1, next: -1, stateful: false, isClient: false))
      if let table { compiler.emit(.capacity(table)) }
      compiler.emitHop(hop, component)
      compiler.closeBody(retry: spec)
    }
  }

  /// The table's throughput limits from the registry.
  ///
  /// Provisioned capacity, or an on-demand table's previous peak (`read_capacity`,
  /// `write_capacity`) under the table quota. The registry's on-demand limit is twice that peak (or the quota), the
  /// figure `TableCapacity` starts from; the simulator alone raises it as peaks age.
  private mutating func tableIndex(_ component: Component) -> Int32? {
    if let existing = tables[component.name] { return existing }
    let onDemand = (component["capacity_mode"]?.formatted ?? "on-demand") != "provisioned"
    let readLimit = registry["\(component.name).read_units"]?.value
    let writeLimit = registry["\(component.name).write_units"]?.value
    let peak = { (parameter: String) -> Double? in
      guard let value = component[parameter]?.quantity?.value, value.isFinite, value > 0
      else { return nil }
      return value
    }
    let reads = onDemand ? peak("read_capacity") : readLimit
    let writes = onDemand ? peak("write_capacity") : writeLimit
    let readMaximum =
      onDemand ? registry.aws("dynamodb.ondemand.table.read_units_max") ?? readLimit : nil
    let writeMaximum =
      onDemand ? registry.aws("dynamodb.ondemand.table.write_units_max") ?? writeLimit : nil
    guard reads != nil || writes != nil || readMaximum != nil || writeMaximum != nil else {
      return nil
    }
    let (readUnits, writeUnits) = LimitRegistry.dynamoDBUnits(component)
    program.tables.append(
      TableSpec(
        component: index(of: component), readUnitsPerCall: readUnits,
        writeUnitsPerCall: writeUnits,
        writeShare: component["write_share"]?.quantity?.value ?? 0,
        readCapacity: reads, writeCapacity: writes, readMaximum: readMaximum,
        writeMaximum: writeMaximum, onDemand: onDemand))
    let table = Int32(program.tables.count - 1)
    tables[component.name] = table
    return table
  }

  // MARK: - Caches

  /// The cache's hit-or-miss branch; false when the branch does not look like one.
  mutating func cacheDecision(_ hop: Hop, _ component: Component, _ arms: [PathArm])
    throws(Diagnostic) -> Bool
  {
    guard arms.count == 2,
      let hit = arms.firstIndex(where: { arm in
        if case .value(.parameter(let address)) = arm.probability,
          address.parameter.hasSuffix("hit_rate")
        {
          return true
        }
        return arm.name.map { $0.contains("hit") && !$0.contains("miss") } ?? false
      })
    else { return false }
    let weights = try probabilities(arms)
    emitHop(hop, component)
    program.caches.append(
      CacheSpec(
        component: index(of: component), hitProbability: weights[hit],
        ttl: component["ttl"]?.quantity?.value ?? 0, hitTarget: -1, missTarget: -1,
        keyed: keyed[component.name] ?? -1))
    let cache = program.caches.count - 1
    emit(.cache(Int32(cache)))
    program.caches[cache].hitTarget = here
    try sequence(flatten(arms[hit].node))
    let jump = emit(.jump(-1))
    program.caches[cache].missTarget = here
    try sequence(flatten(arms[1 - hit].node))
    program.ops[jump] = .jump(here)
    return true
  }

  /// Keyed caches for every cache and CDN, when the workload names its keys.
  mutating func prepareKeys() throws(Diagnostic) {
    guard let count = model.workload["keys"]?.quantity?.value, count >= 1 else { return }
    let skew = model.workload["key_skew"]?.quantity?.value ?? 0
    do {
      program.keys = try ZipfSampler(keys: Int(min(count, 1e12)), exponent: skew)
    } catch {
      throw Diagnostic("workload.keys and key_skew: \(error)")
    }
    for component in model.components where [.cache, .cdn].contains(component.kind) {
      let ttl = component["ttl"]?.quantity?.value
      var capacity: Int?
      if let bytes = component["capacity"]?.quantity?.value,
        let item = component["item_size"]?.quantity?.value, item > 0
      {
        capacity = Int(min(bytes / item, 1e8))
      }
      guard ttl != nil || capacity != nil else {
        program.notes.append(
          "\(component.name) has neither ttl nor capacity and item_size: hit by probability")
        continue
      }
      keyed[component.name] = Int32(program.keyedCaches.count)
      program.keyedCaches.append(
        KeyedCacheSpec(
          component: index(of: component), ttl: capacity == nil ? ttl : nil, capacity: capacity))
    }
  }

  // MARK: - Shapes

  mutating func probabilities(_ arms: [PathArm]) throws(Diagnostic) -> [Double] {
    do {
      return try model.probabilities(of: arms)
    } catch {
      throw error.diagnostic(in: model.file)
    }
  }

  mutating func branch(_ arms: [PathArm]) throws(Diagnostic) {
    let weights = try probabilities(arms)
    let first = program.branchWeights.count
    program.branches.append(BranchSpec(first: Int32(first), count: Int32(arms.count)))
    program.branchWeights += SamplerTable.cumulative(weights)
    program.branchTargets += Array(repeating: -1, count: arms.count)
    emit(.branch(Int32(program.branches.count - 1)))
    var jumps: [Int] = []
    for (position, arm) in arms.enumerated() {
      program.branchTargets[first + position] = here
      try sequence(flatten(arm.node))
      if position < arms.count - 1 { jumps.append(emit(.jump(-1))) }
    }
    for jump in jumps { program.ops[jump] = .jump(here) }
  }

  mutating func parallel(_ fanOut: FanOut) throws(Diagnostic) {
    let count: Int
    do {
      count = try model.wholeNumber(fanOut.count, what: "a fan-out count", at: fanOut.position)
    } catch {
      throw error.diagnostic(in: model.file)
    }
    program.fanOuts.append(FanOutSpec(count: count, body: -1, next: -1, stateful: false))
    let spec = program.fanOuts.count - 1
    emit(.fanOut(Int32(spec)))
    program.fanOuts[spec].body = here
    openBody()
    try sequence(flatten(fanOut.node))
    closeFrame(with: .end)
    program.fanOuts[spec].next = here
    program.fanOuts[spec].stateful = containsStateful(from: program.fanOuts[spec].body)
  }

  mutating func explicitRetry(_ retry: Retry) throws(Diagnostic) {
    let timeout: Double
    let attempts: Int
    do {
      timeout = try model.resolve(retry.timeout, at: retry.position).value
      attempts = try model.wholeNumber(
        retry.attempts, what: "a number of attempts", at: retry.position)
    } catch {
      throw error.diagnostic(in: model.file)
    }
    let backoff = program.samplers.add(retry.backoff.distribution ?? .fixed(0))
    let spec = emitRetryHeader(
      RetrySpec(
        timeout: timeout, attempts: attempts, backoff: .distribution(backoff), body: -1,
        next: -1, stateful: false, isClient: false))
    retryDepth += 1
    try sequence(flatten(retry.node))
    retryDepth -= 1
    closeBody(retry: spec)
  }

  /// The end client's retries, when the workload sets `client_timeout`.
  func clientRetry() throws(Diagnostic) -> RetrySpec? {
    let workload = model.workload
    guard let timeout = workload["client_timeout"]?.quantity?.value, timeout > 0 else {
      return nil
    }
    let attempts = try whole(
      workload["client_attempts"]?.quantity?.value, "workload.client_attempts", in: 1...100,
      default: 1)
    return RetrySpec(
      timeout: timeout, attempts: attempts,
      backoff: .fullJitter(
        base: workload["client_backoff"]?.quantity?.value ?? limits.clientBackoffBase,
        cap: workload["client_backoff_cap"]?.quantity?.value ?? limits.clientBackoffCap),
      body: -1, next: -1, stateful: false, isClient: true)
  }

  /// Emits the retry instruction and opens its body's frame.
  mutating func emitRetryHeader(_ spec: RetrySpec) -> Int {
    let retry = program.retries.count
    emit(.retry(Int32(retry)))
    var body = spec
    body.body = here
    program.retries.append(body)
    openBody()
    return retry
  }

  /// Ends a retry's body and notes where the caller continues.
  mutating func closeBody(retry: Int) {
    closeFrame(with: .end)
    program.retries[retry].next = here
    program.retries[retry].stateful = containsStateful(from: program.retries[retry].body)
  }

  /// Whether instructions from `start` to the current end need the clock.
  func containsStateful(from start: Int32) -> Bool {
    program.ops[Int(start)...].contains { op in
      if case .cache(let cache) = op { return program.caches[Int(cache)].keyed >= 0 }
      return op.isStateful
    }
  }

  // MARK: - Edges that enclose the rest of a series

  mutating func gateway(_ hop: Hop, _ component: Component, rest: [PathNode])
    throws(Diagnostic)
  {
    try guarded(component.name) { (compiler: inout PathCompiler) throws(Diagnostic) in
      if let gate = compiler.gatewayGate() { compiler.emit(.gate(gate)) }
      compiler.emitHop(hop, component)
    }
    guard !rest.isEmpty, let timeout = component["timeout"]?.quantity?.value, timeout > 0 else {
      try sequence(rest)
      return
    }
    let spec = emitRetryHeader(
      RetrySpec(
        timeout: timeout, attempts: 1, backoff: .fullJitter(base: 0, cap: 0), body: -1,
        next: -1, stateful: false, isClient: false))
    try sequence(rest)
    closeBody(retry: spec)
  }

  /// API Gateway's throttle: one token bucket for the account and Region (the registry's
  /// `apigateway.throttle` and `apigateway.burst`), shared by every gateway hop.
  mutating func gatewayGate() -> Int32? {
    if let sharedGate { return sharedGate }
    guard let rate = registry["apigateway.throttle"]?.value, rate > 0 else { return nil }
    let burst = registry["apigateway.burst"]?.value ?? limits.gatewayBurst
    program.gates.append(TokenBucket(rate: rate, burst: max(burst, 1)))
    sharedGate = Int32(program.gates.count - 1)
    return sharedGate
  }

  /// Where the consumer of a queue stands in `nodes`: the first hop from `start` on that
  /// is not a queue, if it is a function.
  func consumerPosition(in nodes: [PathNode], from start: Int) -> Int? {
    var position = start
    while position < nodes.count, case .hop(let hop) = nodes[position],
      model.component(named: hop.component)?.kind == .queue
    {
      position += 1
    }
    guard position < nodes.count, case .hop(let hop) = nodes[position],
      model.component(named: hop.component)?.kind == .function
    else { return nil }
    return position
  }

  /// Where the first queue with a Lambda consumer starts in the series `nodes`, if any.
  func firstConsumedQueue(in nodes: [PathNode]) -> Int? {
    nodes.indices.first { index in
      guard case .hop(let hop) = nodes[index],
        model.component(named: hop.component)?.kind == .queue
      else { return false }
      return consumerPosition(in: nodes, from: index + 1) != nil
    }
  }

  /// An SQS queue whose consumer is the next function in the series (queue hops between
  /// them are delays, such as a long-poll pickup).
  ///
  /// False when there is no consumer.
  mutating func queue(_ hop: Hop, _ component: Component, rest: [PathNode])
    throws(Diagnostic) -> Bool
  {
    guard let position = consumerPosition(in: rest, from: 0),
      case .hop(let consumerHop) = rest[position],
      let consumer = model.component(named: consumerHop.component),
      let pool = try pool(for: consumer)
    else { return false }
    let between = rest[..<position].compactMap { node -> (Hop, Component)? in
      guard case .hop(let next) = node, let nextComponent = model.component(named: next.component)
      else { return nil }
      return (next, nextComponent)
    }
    if let far = heldPools[heldPools.count - 1].first(where: { $0.pool >= 16 }) {
      throw Diagnostic(
        "\(program.components[Int(program.pools[Int(far.pool)].component)].name) sends to "
          + "\(component.name) from inside a branch, and is the 17th or later function or "
          + "service: the simulator follows such sends for the first 16 only")
    }
    let visibility = component["visibility_timeout"]?.quantity?.value ?? 30
    if let timeout = consumer["timeout"]?.quantity, timeout.value > visibility {
      // Lambda validates this when the event source mapping is created or updated.
      throw Diagnostic(
        "\(consumer.name).timeout \(timeout.formatted) exceeds \(component.name)"
          + ".visibility_timeout \(Quantity.seconds(visibility).formatted): AWS refuses "
          + "such an event source mapping",
        notes: [
          "AWS advises a visibility timeout of at least six times the function timeout "
            + "(AWS Lambda Developer Guide, \"Creating and configuring an Amazon SQS event "
            + "source mapping\")"
        ])
    }
    emitHop(hop, component)
    for (next, nextComponent) in between { emitHop(next, nextComponent) }
    // A Lambda SQS mapping takes up to 10,000 messages a batch from a standard queue
    // (shared/reference/aws-facts.md, "ESM batch size"); 1,000 receives is the
    // simulator's own bound, not a documented AWS one.
    let batchSize = try whole(component, "batch_size", in: 1...10_000, default: 10)
    let receives =
      component["max_receive_count"] == nil
      ? nil : try whole(component, "max_receive_count", in: 1...1_000, default: 1)
    var failure = "whole"
    if case .text(let text)? = component["batch_failure"] { failure = text.lowercased() }
    guard failure == "whole" || failure == "item" else {
      throw Diagnostic(
        "\(component.name).batch_failure is '\(failure)': write whole (AWS's default: a "
          + "failure returns the whole batch) or item (ReportBatchItemFailures: only the "
          + "failed messages return)")
    }
    // The registry's ESM and in-flight limits, as `capacity` reports them.
    let esm = registry["\(component.name).esm_batches"]?.value ?? limits.queueMaximumBatches
    let inflight = registry["\(component.name).inflight"]?.value ?? .infinity
    program.queues.append(
      QueueSpec(
        component: index(of: component), pool: pool, consumerHop: -1, messageResume: -1,
        batchSize: batchSize, maximumBatches: esm, inflightLimit: max(1, inflight),
        visibilityTimeout: visibility,
        maxReceiveCount: receives, wholeBatch: failure == "whole",
        senders: heldPools.last ?? []))
    let queue = program.queues.count - 1
    emit(.enqueue(Int32(queue)))
    // The send gave the held slots back: the message's own path holds none of them.
    let held = heldPools[heldPools.count - 1]
    heldPools[heldPools.count - 1] = []
    emit(.acquire(pool))
    openFrame()
    program.queues[queue].consumerHop = emitHop(consumerHop, consumer)
    program.queues[queue].messageResume = here
    let after = try insideCall(
      holding: HeldSlot(pool: pool, consumerOf: Int32(queue)), Array(rest[(position + 1)...]))
    closeFrame(with: .release(pool))
    program.queues[queue].consumerRelease = here - 1
    try sequence(after)
    heldPools[heldPools.count - 1] = held
    return true
  }
}

extension PathCompiler {
  /// The concurrency pool of a function (always: environments are state) or of a service
  /// (when the model bounds it with `tasks`).
  mutating func pool(for component: Component) throws(Diagnostic) -> Int32? {
    if let existing = pools[component.name] { return existing }
    let spec: PoolSpec
    switch component.kind {
    case .function:
      let warm = component["warm_start"]?.distribution ?? .fixed(0)
      let memory = component["memory"]?.quantity?.value ?? 128e6
      spec = .function(
        FunctionSettings(
          component: index(of: component),
          reserved: component["reserved_concurrency"] == nil
            ? nil
            : min(
              try whole(component, "reserved_concurrency", in: 0...10_000_000, default: 0),
              Int(registry["\(component.name).reserved_concurrency"]?.value ?? 0)),
          provisioned: try whole(
            component, "provisioned_concurrency", in: 0...10_000_000, default: 0),
          coldStart: program.samplers.add(component["cold_start"]?.distribution ?? warm),
          warmStart: program.samplers.add(warm),
          lifetime: ColdStartSettings(component).lifetime,
          idleLifetime: component["idle_lifetime"]?.quantity?.value ?? limits.idleLifetime,
          scalingRate: limits.lambdaScalingPer10Seconds / 10,
          scalingBurst: limits.lambdaScalingPer10Seconds,
          memoryGB: memory / UnitTable.billingGigabyte,
          timeout: component["timeout"]?.quantity?.value ?? .infinity))
    case .service:
      guard let tasks = component["tasks"]?.quantity?.value, tasks >= 1 else { return nil }
      let perTask = component["concurrency_per_task"]?.quantity?.value ?? 1
      spec = .service(
        ServiceSettings(
          component: index(of: component), workers: Int(min(tasks * max(perTask, 1), 1e7)),
          tasks: Int(min(tasks, 1e7))))
    default:
      return nil
    }
    program.pools.append(spec)
    let pool = Int32(program.pools.count - 1)
    pools[component.name] = pool
    return pool
  }
}
