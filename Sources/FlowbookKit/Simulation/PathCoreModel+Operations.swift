/// The stateful instructions, run at the moment the clock reaches the task.
extension PathCoreModel {
  /// Runs the stateful instruction at `task.walk.pc` at now.
  ///
  /// - Returns: true to keep running the task; false when it has been stored (parked,
  ///   waiting or handed on).
  /// - Complexity: O(1) amortised, except spawning fan-out branches (O(count)).
  mutating func step(
    _ id: Int32, _ task: inout SimulationTask, _ scheduler: inout EventScheduler<Event>
  ) -> Bool {
    let now = scheduler.now
    let pc = task.walk.pc
    switch program.ops[Int(pc)] {
    case .gate(let gate):
      let admitted = gates[Int(gate)].take(at: now)
      if !admitted { gateThrottles[Int(gate)] &+= 1 }
      pass(admitted, &task, else: .throttled)
    case .clientLimit(let limiter):
      let admitted = limiters[Int(limiter)].admit(at: now, &generator)
      pass(admitted, &task, else: .throttled)
    case .capacity(let table):
      let write = generator.uniform() < tables[Int(table)].spec.writeShare
      let admitted = tables[Int(table)].admit(write: write, at: now)
      pass(admitted, &task, else: .throttled)
    case .breakerEnter(let breaker):
      guard let probe = breakers[Int(breaker)].permit(at: now) else {
        walker.fail(&task.walk, .errored)
        return true
      }
      if probe { task.flags |= SimulationTask.probe } else { task.flags &= ~SimulationTask.probe }
      task.walk.pc += 1
    case .breakerExit(let breaker):
      breakers[Int(breaker)].record(
        failed: task.walk.outcome != .ok, probe: task.has(SimulationTask.probe), at: now)
      task.flags &= ~SimulationTask.probe
      advanceCleanup(&task)
    case .cache(let cache):
      keyedLookup(program.caches[Int(cache)], &task, at: now)
    case .acquire(let pool):
      return acquire(Int(pool), id, &task, &scheduler)
    case .release(let pool):
      return releaseSlot(Int(pool), id, &task, &scheduler)
    case .enqueue(let queue):
      enqueue(Int(queue), id, &task, &scheduler)
      return false
    case .fanOut(let fanOut):
      spawnFanOut(program.fanOuts[Int(fanOut)], id, &task, &scheduler)
      return false
    case .retry(let retry):
      task.waitPC = pc
      task.attempt = 0
      tasks[Int(id)] = task
      if task.deadline < now + program.retries[Int(retry)].longestWait {
        // The function may time out while its caller waits: stop it there.
        let reference = reference(id).packed
        scheduler.schedule(.deadline(reference, SimulationTask.functionDeadline), at: task.deadline)
      }
      startAttempt(id, at: task.walk.clock, &scheduler)
      return false
    case .hop, .branch, .jump, .end:
      preconditionFailure("stateless instruction \(program.ops[Int(pc)]) reached step")
    }
    return true
  }

  /// Moves on, or fails with `outcome`.
  @inline(__always)
  func pass(_ admitted: Bool, _ task: inout SimulationTask, else outcome: RequestOutcome) {
    if admitted { task.walk.pc += 1 } else { walker.fail(&task.walk, outcome) }
  }

  /// After a clean-up: the next instruction, or the next clean-up out when failing.
  @inline(__always)
  func advanceCleanup(_ task: inout SimulationTask) {
    if task.walk.outcome == .ok {
      task.walk.pc += 1
    } else {
      task.walk.pc = program.failTargets[Int(task.walk.pc)]
    }
  }

  /// A keyed cache: the request's key (drawn once per request) hits or misses, and a miss
  /// stores it.
  ///
  /// A cache that is down misses.
  mutating func keyedLookup(_ spec: CacheSpec, _ task: inout SimulationTask, at now: Double) {
    if task.walk.key == 0, let keys = program.keys {
      task.walk.key = keys.sample(using: &generator)
    }
    let down =
      walker.faults.touches(spec.component)
      && walker.faults.effect(spec.component, at: now).down
    let hit = !down && keyed[Int(spec.keyed)].access(task.walk.key, at: now)
    task.walk.pc = hit ? spec.hitTarget : spec.missTarget
  }

  // MARK: - Concurrency

  mutating func acquire(
    _ pool: Int, _ id: Int32, _ task: inout SimulationTask,
    _ scheduler: inout EventScheduler<Event>
  ) -> Bool {
    let now = scheduler.now
    if let timeout = functions[pool]?.settings.timeout {
      guard
        case .granted(let startUp, let provisioned) = functions[pool]?.acquire(
          at: now, account: &account, program.samplers, &generator)
      else {
        walker.fail(&task.walk, .throttled)
        return true
      }
      task.walk.clock += startUp
      enterFunction(id, &task, provisioned: provisioned, timeout: timeout)
      task.walk.pc += 1
      observe(busy: 1, waiting: 0, at: now)
      return true
    }
    if services[pool]?.tryAcquire() == true {
      task.walk.pc += 1
      observe(busy: 1, waiting: 0, at: now)
      return true
    }
    task.walk.pc += 1
    tasks[Int(id)] = task
    let waiter = reference(id)
    services[pool]?.wait(waiter)
    observe(busy: 0, waiting: 1, at: now)
    return false
  }

  mutating func releaseSlot(
    _ pool: Int, _ id: Int32, _ task: inout SimulationTask,
    _ scheduler: inout EventScheduler<Event>
  ) -> Bool {
    if task.has(SimulationTask.inBatch),
      program.queues[Int(batches[Int(task.batch)].queue)].consumerRelease == task.walk.pc
    {
      return messageDone(id, &task, &scheduler)
    }
    let shift = UInt64(pool &* 4)
    if pool < 16, (task.releasedAtSend >> shift) & 0xF > 0 {
      task.releasedAtSend -= 1 << shift  // the slot went back when the message was sent
    } else {
      giveBack(pool, id, &task, &scheduler)
    }
    advanceCleanup(&task)
    return true
  }

  /// Returns the task's slot in `pool` at now: a function environment (billed from its
  /// start; the caller's start and deadline come back), or a service worker, handed to
  /// the next waiter.
  mutating func giveBack(
    _ pool: Int, _ id: Int32, _ task: inout SimulationTask,
    _ scheduler: inout EventScheduler<Event>
  ) {
    let now = scheduler.now
    if var function = functions[pool] {
      let provisioned = task.has(SimulationTask.provisioned)
      function.release(
        at: now, provisioned: provisioned, timedOut: task.has(SimulationTask.stopped),
        account: &account)
      functions[pool] = function
      gigabyteSeconds[pool] += max(0, now - task.acquiredAt) * function.settings.memoryGB
      task.flags &= ~SimulationTask.stopped
      leaveFunction(id, &task)
      observe(busy: -1, waiting: 0, at: now)
    } else if var service = services[pool] {
      var next = service.release()
      while let candidate = next, live(candidate) == nil { next = service.handOver() }
      services[pool] = service
      if let handed = next, let waiter = live(handed) {
        tasks[Int(waiter)].walk.clock = now
        scheduler.schedule(.resume(handed.packed), at: now)
        observe(busy: 0, waiting: -1, at: now)
      } else {
        observe(busy: -1, waiting: 0, at: now)
      }
    }
  }
}

// MARK: - Function calls

/// What a function call replaced in its task, to restore when it returns: the caller's
/// start, deadline and kind of environment.
struct CallerFrame: Sendable {
  var acquiredAt: Double
  var deadline: Double
  var provisioned: Bool
}

extension PathCoreModel {
  /// The task starts a function's handler now: its start, its deadline (the function's
  /// timeout, or its caller's deadline if sooner) and its environment's kind.
  ///
  /// The caller's are kept in the task for one level of nesting, and beyond that in
  /// `callerFrames`, so a function called from a function called from a function still
  /// finds its own when the inner ones return.
  mutating func enterFunction(
    _ id: Int32, _ task: inout SimulationTask, provisioned: Bool, timeout: Double
  ) {
    if task.has(SimulationTask.inCall) {
      callerFrames[id, default: []].append(
        CallerFrame(
          acquiredAt: task.outerAcquiredAt, deadline: task.outerDeadline,
          provisioned: task.has(SimulationTask.outerProvisioned)))
    }
    task.flags |= SimulationTask.inCall
    (task.outerAcquiredAt, task.outerDeadline) = (task.acquiredAt, task.deadline)
    task.flags &= ~SimulationTask.outerProvisioned
    if task.has(SimulationTask.provisioned) { task.flags |= SimulationTask.outerProvisioned }
    task.flags &= ~SimulationTask.provisioned
    if provisioned { task.flags |= SimulationTask.provisioned }
    task.acquiredAt = task.walk.clock
    task.deadline = min(task.deadline, task.acquiredAt + timeout)
  }

  /// The function call returns: the caller's start, deadline and environment are back.
  mutating func leaveFunction(_ id: Int32, _ task: inout SimulationTask) {
    (task.acquiredAt, task.deadline) = (task.outerAcquiredAt, task.outerDeadline)
    task.flags &= ~SimulationTask.provisioned
    if task.has(SimulationTask.outerProvisioned) { task.flags |= SimulationTask.provisioned }
    if let caller = callerFrames[id]?.popLast() {
      (task.outerAcquiredAt, task.outerDeadline) = (caller.acquiredAt, caller.deadline)
      task.flags &= ~SimulationTask.outerProvisioned
      if caller.provisioned { task.flags |= SimulationTask.outerProvisioned }
      if callerFrames[id]?.isEmpty == true { callerFrames[id] = nil }
    } else {
      (task.outerAcquiredAt, task.outerDeadline) = (0, .infinity)
      task.flags &= ~(SimulationTask.inCall | SimulationTask.outerProvisioned)
    }
  }
}

/// A keyed cache of either policy, without an existential in the hot path.
struct KeyedStore: Sendable {
  private var ttl: KeyedTTLCache<Int>?
  private var lru: KeyedLRUCache<Int>?

  init(_ spec: KeyedCacheSpec) {
    if let capacity = spec.capacity {
      lru = KeyedLRUCache(capacity: capacity)
    } else {
      ttl = KeyedTTLCache(ttl: spec.ttl ?? 0)
    }
  }

  /// Looks `key` up at `time`, storing it on a miss.
  ///
  /// - Complexity: amortised O(1).
  mutating func access(_ key: Int, at time: Double) -> Bool {
    if lru != nil { return lru?.access(key, at: time) ?? false }
    return ttl?.access(key, at: time) ?? false
  }

  /// Empties the cache (a flush, or a cold standby region).
  mutating func removeAll() {
    lru?.removeAll()
    ttl?.removeAll()
  }
}

// The keyed caches are plain value types (dictionaries and arrays of keys and times); they
// lack a declared `Sendable` only because it must be stated in their own file. `@unchecked`
// is sound here: a copy shares no mutable state.
extension KeyedTTLCache: @unchecked Sendable {}
extension KeyedLRUCache: @unchecked Sendable {}
