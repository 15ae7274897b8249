/// A request, or one branch or attempt of it, waiting in or running through the core.
struct SimulationTask: Sendable {
  var walk: WalkState
  /// The task this one reports to (a fan-out or retry), or −1.
  var parent: Int32 = -1
  /// Bumped when the slot is freed: references to older generations are stale.
  var generation: UInt32 = 0
  /// The request's arrival (roots).
  var arrival: Double = 0
  /// A retry's current attempt start.
  var frameStart: Double = 0
  /// Fan-out children still running.
  var pending: Int32 = 0
  /// Attempts started at the retry it waits at.
  var attempt: Int32 = 0
  /// The attempt child a retry waits for, or −1.
  var child: Int32 = -1
  /// The fan-out or retry instruction the task waits at, or −1.
  var waitPC: Int32 = -1
  /// A message's batch.
  var batch: Int32 = -1
  /// When its function environment began the handler (for GB-seconds).
  var acquiredAt: Double = 0
  /// When the function it runs in times out (`acquiredAt` + the function timeout, or its
  /// caller's deadline if that is sooner); infinity outside a function.
  var deadline: Double = .infinity
  /// The calling function's `acquiredAt` and `deadline` while a function it called
  /// synchronously runs (one level of nesting is kept).
  var outerAcquiredAt: Double = 0
  var outerDeadline: Double = .infinity
  /// The queue its message was last sent to, or −1.
  var sentTo: Int32 = -1
  /// Slots the task gave back when it sent its message, counted per pool.
  ///
  /// Four bits for each of the first 16 pools: as many of their release instructions,
  /// still ahead in its path, pass by. `releasedAtQueue` is the count as the message
  /// entered its queue, for a copy that starts its path over from there.
  var releasedAtSend: UInt64 = 0
  var releasedAtQueue: UInt64 = 0
  /// As a message: times received from `sentTo`, and when last.
  var receives: Int32 = 0
  var receivedAt: Double = 0
  var flags: UInt16 = 0

  static let root: UInt16 = 1
  static let orphan: UInt16 = 2
  static let provisioned: UInt16 = 4
  static let probe: UInt16 = 8
  static let inBatch: UInt16 = 16
  static let measured: UInt16 = 32
  static let free: UInt16 = 64
  /// Its function invocation reached the function timeout and was stopped.
  static let stopped: UInt16 = 128
  /// It waits at a retry whose attempt in flight has already answered the caller: a
  /// message was queued (the caller has its 202), so the attempt's timeout no longer
  /// applies.
  static let answered: UInt16 = 256
  /// The calling function's environment is a provisioned one (see `outerDeadline`).
  static let outerProvisioned: UInt16 = 512
  /// It is inside a function call (its caller's frame is in `outerAcquiredAt`…).
  static let inCall: UInt16 = 1024

  /// The attempt number a `deadline` event carries for a function timeout (attempts count
  /// from 1).
  static let functionDeadline: Int32 = 0

  init(walk: WalkState) {
    self.walk = walk
  }

  func has(_ flag: UInt16) -> Bool { flags & flag != 0 }
}

/// The stateful part of a path simulation: every request that reaches a stateful
/// instruction, and the components' shared state, on the event kernel.
///
/// Arrival streams (`PathArrivalStage`) run each request's stateless prefix and hand the
/// rest over as tasks resumed at their own clocks. A task runs stateless instructions
/// ahead of the clock, and parks as a `resume` event whenever it reaches a stateful one
/// later than now. Tasks never run one another: they change each other's fields and
/// schedule resumes, so no task's state is ever held in two places.
///
/// ## Event lifecycle of a task
/// 1. **Injected** (a handed-over request) or **spawned** (a fan-out branch, a retry
///    attempt, both run at once by their parent).
/// 2. **Running**: stateless instructions inline; a stateful one at `clock > now` parks it
///    (`resume` at its clock); one at `now` runs.
/// 3. **Waiting**: for a worker (service queue), for children (fan-out), for an attempt and
///    its deadline (retry), for a consumer (SQS).
/// 4. **Ended**: a root records its outcome; a child reports to its parent; an orphan (an
///    attempt its caller gave up on) just goes, having held its resources to the end.
struct PathCoreModel: SimulationModel {
  enum Event: Sendable {
    case resume(UInt64)
    case deadline(UInt64, Int32)
    case tick
    case poll(Int32)
    case visible(UInt64)
    case batchDone(Int32)
    case fault(Int32)
  }

  let program: PathProgram
  let walker: PathWalker
  let scenario: SimulationScenario
  let limits: SimulationLimits
  var generator: SeededGenerator
  var statistics: PathStatistics
  var tasks: [SimulationTask] = []
  var freeTasks: [Int32] = []

  var gates: [TokenBucket]
  /// Requests each gate refused.
  var gateThrottles: [UInt64]
  var limiters: [ClientLimiter]
  var functions: [FunctionPool?]
  var services: [ServicePool?]
  var account: AccountConcurrency
  var tables: [TableCapacity]
  var breakers: [CircuitBreaker]
  var keyed: [KeyedStore]
  var queues: [QueueState]
  var batches: [Batch] = []
  /// Callers' frames of function calls nested more than one deep, by task.
  var callerFrames: [Int32: [CallerFrame]] = [:]
  var freeBatches: [Int32] = []
  /// State changes that faults make, in time order: (time, action).
  let faultActions: [(time: Double, action: FaultAction)]

  /// Requests handed to the core, and those of them still in flight.
  var injected: UInt64 = 0
  var liveRoots: UInt64 = 0
  /// Slots busy in every pool, and requests waiting in every queue.
  var busyTotal = 0
  var waitingTotal = 0
  var peakBusy = 0
  var peakWaiting = 0
  /// GB-seconds per pool (functions).
  var gigabyteSeconds: [Double]

  init(
    program: PathProgram, faults: FaultPlan, account: AccountConcurrency,
    scenario: SimulationScenario, limits: SimulationLimits, generator: SeededGenerator
  ) {
    self.program = program
    self.walker = PathWalker(program: program, faults: faults)
    self.scenario = scenario
    self.limits = limits
    self.generator = generator
    self.account = account
    statistics = PathStatistics(
      duration: scenario.duration, bucketWidth: scenario.bucketWidth,
      components: program.components.count)
    gates = program.gates
    gateThrottles = Array(repeating: 0, count: program.gates.count)
    limiters = program.limiters.map(ClientLimiter.init)
    functions = program.pools.map { pool in
      if case .function(let settings) = pool { return FunctionPool(settings) }
      return nil
    }
    services = program.pools.map { pool in
      if case .service(let settings) = pool { return ServicePool(settings) }
      return nil
    }
    tables = program.tables.map(TableCapacity.init)
    breakers = program.breakers.map { _ in CircuitBreaker(settings: program.breakerSettings) }
    keyed = program.keyedCaches.map(KeyedStore.init)
    queues = program.queues.map { _ in QueueState() }
    gigabyteSeconds = Array(repeating: 0, count: program.pools.count)
    faultActions = FaultAction.plan(scenario, program: program, faults: faults)
  }

  /// Schedules the first tick and the faults' state changes.
  mutating func start(_ scheduler: inout EventScheduler<Event>) {
    scheduler.schedule(.tick, at: 0)
    for (index, action) in faultActions.enumerated() {
      scheduler.schedule(.fault(Int32(index)), at: action.time)
    }
  }

  mutating func handle(_ event: Event, scheduler: inout EventScheduler<Event>) {
    switch event {
    case .resume(let packed):
      guard let id = live(TaskReference(packed: packed)) else { return }
      execute(id, &scheduler)
    case .deadline(let packed, let attempt):
      guard let id = live(TaskReference(packed: packed)) else { return }
      if attempt == SimulationTask.functionDeadline {
        functionTimedOut(id, &scheduler)
      } else {
        attemptTimedOut(id, attempt: attempt, &scheduler)
      }
    case .tick:
      tick(&scheduler)
    case .poll(let queue):
      poll(Int(queue), &scheduler)
    case .visible(let packed):
      guard let id = live(TaskReference(packed: packed)) else { return }
      messageVisible(id, &scheduler)
    case .batchDone(let batch):
      batchDone(Int(batch), &scheduler)
    case .fault(let index):
      faultActions[Int(index)].action.apply(to: &self, at: scheduler.now)
    }
  }

  // MARK: - Tasks

  /// Hands over a request whose stateless prefix an arrival stream has run.
  mutating func inject(
    _ walk: WalkState, arrival: Double, _ scheduler: inout EventScheduler<Event>
  ) {
    var task = SimulationTask(walk: walk)
    task.arrival = arrival
    task.flags = SimulationTask.root | (arrival >= scenario.warmUp ? SimulationTask.measured : 0)
    let id = allocate(task)
    injected &+= 1
    liveRoots &+= 1
    scheduler.schedule(.resume(reference(id).packed), at: walk.clock)
  }

  mutating func allocate(_ task: SimulationTask) -> Int32 {
    if let id = freeTasks.popLast() {
      let generation = tasks[Int(id)].generation
      tasks[Int(id)] = task
      tasks[Int(id)].generation = generation
      return id
    }
    tasks.append(task)
    return Int32(tasks.count - 1)
  }

  mutating func release(task id: Int32) {
    if tasks[Int(id)].has(SimulationTask.inCall) { callerFrames[id] = nil }
    tasks[Int(id)].generation &+= 1
    tasks[Int(id)].flags = SimulationTask.free
    freeTasks.append(id)
  }

  func reference(_ id: Int32) -> TaskReference {
    TaskReference(index: id, generation: tasks[Int(id)].generation)
  }

  /// The task a reference names, if it is still that task.
  func live(_ reference: TaskReference) -> Int32? {
    let task = tasks[Int(reference.index)]
    guard task.generation == reference.generation, !task.has(SimulationTask.free) else {
      return nil
    }
    return reference.index
  }

  /// Resumes `id` at its clock (or now, if that has passed).
  mutating func scheduleResume(_ id: Int32, _ scheduler: inout EventScheduler<Event>) {
    let clock = max(tasks[Int(id)].walk.clock, scheduler.now)
    scheduler.schedule(.resume(reference(id).packed), at: clock)
  }

  /// Runs task `id` until it parks, waits or ends.
  mutating func execute(_ id: Int32, _ scheduler: inout EventScheduler<Event>) {
    var task = tasks[Int(id)]
    while true {
      if walker.run(&task.walk, &generator, &statistics) {
        tasks[Int(id)] = task
        ended(id, &scheduler)
        return
      }
      if task.walk.clock > task.deadline { stopAtDeadline(&task) }
      if task.walk.clock > scheduler.now {
        tasks[Int(id)] = task
        scheduler.schedule(.resume(reference(id).packed), at: task.walk.clock)
        return
      }
      // A caller resumed after a deadline noticed late continues no earlier than now.
      task.walk.clock = scheduler.now
      guard step(id, &task, &scheduler) else { return }
    }
  }

  /// A task reached its program's end.
  mutating func ended(_ id: Int32, _ scheduler: inout EventScheduler<Event>) {
    let task = tasks[Int(id)]
    if task.has(SimulationTask.root) {
      statistics.end(
        arrival: task.arrival, at: task.walk.clock, task.walk.outcome,
        measured: task.has(SimulationTask.measured))
      liveRoots &-= 1
      release(task: id)
    } else if task.parent < 0 {
      release(task: id)
    } else {
      let parent = task.parent
      release(task: id)
      childEnded(parent, child: id, task, &scheduler)
    }
  }

  /// Stops a task whose function timed out before the task's next stateful step.
  ///
  /// Lambda stops the invocation at its deadline, so the task unwinds from there as timed
  /// out, giving back what it holds. The hops it ran past the deadline are not undone.
  func stopAtDeadline(_ task: inout SimulationTask) {
    task.walk.clock = task.deadline
    task.flags |= SimulationTask.stopped
    if task.walk.outcome == .ok { task.walk.outcome = .timedOut }
    if !program.ops[Int(task.walk.pc)].isCleanup {
      task.walk.pc = program.failTargets[Int(task.walk.pc)]
    }
  }

  // MARK: - Time

  /// Per bucket: lets SQS pollers scale up, and keeps ticking while requests are in flight.
  mutating func tick(_ scheduler: inout EventScheduler<Event>) {
    for queue in queues.indices where !queues[queue].ready.isEmpty {
      poll(queue, &scheduler)
    }
    let next = scheduler.now + scenario.bucketWidth
    if next < scenario.duration
      || (liveRoots > 0
        && next < scenario.duration
          + SimulationScenario.drainLimit)
    {
      scheduler.schedule(.tick, at: next)
    }
  }

  /// Notes a change of slots in use or requests waiting.
  mutating func observe(busy delta: Int, waiting waitingDelta: Int, at now: Double) {
    if delta != 0 {
      busyTotal += delta
      statistics.series.observeConcurrency(busyTotal, at: now)
      if now >= scenario.warmUp { peakBusy = max(peakBusy, busyTotal) }
    }
    if waitingDelta != 0 {
      waitingTotal += waitingDelta
      statistics.series.observeQueueDepth(waitingTotal, at: now)
      if now >= scenario.warmUp { peakWaiting = max(peakWaiting, waitingTotal) }
    }
  }

  /// Request conservation and slot accounting, after every step under
  /// `FLOWBOOK_INTERNAL_CHECKS`.
  func _checkInvariants() {
    if injected != liveRoots &+ (statistics.endedInRun) {
      preconditionFailure(
        "conservation: injected \(injected) ≠ live \(liveRoots) + ended \(statistics.endedInRun)")
    }
    if busyTotal < 0 || waitingTotal < 0 {
      preconditionFailure("negative level: busy \(busyTotal), waiting \(waitingTotal)")
    }
    if account.busy < 0 || account.busy > account.unreserved {
      preconditionFailure("account concurrency \(account.busy) of \(account.unreserved)")
    }
  }
}
