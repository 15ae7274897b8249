/// Fan-outs and retries whose bodies are stateful: child tasks, joins and deadlines.
///
/// A retry runs each attempt as a child task. If the attempt ends first, the parent reads
/// its verdict (`RetryVerdict`); if the deadline comes first, the parent gives up on it:
/// the child becomes an *orphan* that keeps its place in queues and its concurrency slot
/// until it ends, doing work nobody waits for. That wasted work is what turns a slow
/// dependency plus client retries into a retry storm that can outlive its cause (Bronson
/// et al., "Metastable Failures in Distributed Systems", HotOS 2021; Brooker, "Timeouts,
/// retries and backoff with jitter", Amazon Builders' Library, 2019).
///
/// An attempt that ends without ever waiting is judged at once and needs no deadline
/// event; a deadline is scheduled only for an attempt still running when its parent
/// moves on, and only when it matters before the attempt ends: for an end client, or when
/// more attempts follow. A lone timeout (API Gateway's 29 s) is checked when the attempt
/// ends, which saves one event per request; its caller then continues at the deadline.
extension PathCoreModel {
  mutating func spawnFanOut(
    _ spec: FanOutSpec, _ id: Int32, _ task: inout SimulationTask,
    _ scheduler: inout EventScheduler<Event>
  ) {
    task.waitPC = task.walk.pc
    task.pending = Int32(spec.count)
    tasks[Int(id)] = task
    for index in 0..<spec.count {
      var child = SimulationTask(
        walk: WalkState(
          pc: spec.body, clock: task.walk.clock, key: task.walk.key, region: task.walk.region,
          route: task.walk.branchRoute(index)))
      child.parent = id
      let childID = allocate(child)
      execute(childID, &scheduler)
    }
  }

  /// Starts the next attempt of the retry that task `id` waits at.
  mutating func startAttempt(
    _ id: Int32, at start: Double, _ scheduler: inout EventScheduler<Event>
  ) {
    guard case .retry(let retry) = program.ops[Int(tasks[Int(id)].waitPC)] else {
      preconditionFailure("task \(id) is not waiting at a retry")
    }
    let spec = program.retries[Int(retry)]
    if spec.isClient { statistics.attempt(at: start) }
    tasks[Int(id)].flags &= ~SimulationTask.answered
    tasks[Int(id)].attempt += 1
    tasks[Int(id)].frameStart = start
    let attempt = tasks[Int(id)].attempt
    let parentWalk = tasks[Int(id)].walk
    var child = SimulationTask(
      walk: WalkState(
        pc: spec.body, clock: start, key: parentWalk.key, region: parentWalk.region,
        route: parentWalk.route))
    child.parent = id
    let childID = allocate(child)
    tasks[Int(id)].child = childID
    execute(childID, &scheduler)
    let stillWaiting = tasks[Int(id)].attempt == attempt && tasks[Int(id)].child == childID
    if stillWaiting && (spec.isClient || spec.attempts > 1) {
      let deadline = max(start + spec.timeout, scheduler.now)
      scheduler.schedule(.deadline(reference(id).packed, attempt), at: deadline)
    }
  }

  /// A fan-out branch or a retry attempt ended; its parent takes note.
  mutating func childEnded(
    _ parent: Int32, child: Int32, _ ended: SimulationTask,
    _ scheduler: inout EventScheduler<Event>
  ) {
    let waitPC = tasks[Int(parent)].waitPC
    switch program.ops[Int(waitPC)] {
    case .fanOut(let fanOut):
      tasks[Int(parent)].walk.clock = max(tasks[Int(parent)].walk.clock, ended.walk.clock)
      if ended.walk.outcome != .ok && tasks[Int(parent)].walk.outcome == .ok {
        tasks[Int(parent)].walk.outcome = ended.walk.outcome
      }
      tasks[Int(parent)].pending -= 1
      guard tasks[Int(parent)].pending == 0 else { return }
      if tasks[Int(parent)].walk.outcome == .ok {
        tasks[Int(parent)].walk.pc = program.fanOuts[Int(fanOut)].next
      } else {
        tasks[Int(parent)].walk.pc = program.failTargets[Int(waitPC)]
      }
      scheduleResume(parent, &scheduler)
    case .retry(let retry):
      guard tasks[Int(parent)].child == child else { return }
      tasks[Int(parent)].child = -1
      let spec = program.retries[Int(retry)]
      let outcome = ended.walk.outcome
      let verdict =
        tasks[Int(parent)].has(SimulationTask.answered)
        ? RetryVerdict(succeeded: outcome == .ok, outcome: outcome, time: ended.walk.clock)
        : RetryVerdict(
          spec, start: tasks[Int(parent)].frameStart, end: ended.walk.clock, outcome: outcome)
      attemptOver(parent, spec, verdict, &scheduler)
    default:
      preconditionFailure("task \(parent) waits at \(program.ops[Int(waitPC)])")
    }
  }

  /// The deadline of attempt `attempt` of task `id`'s retry came first.
  mutating func attemptTimedOut(
    _ id: Int32, attempt: Int32, _ scheduler: inout EventScheduler<Event>
  ) {
    let task = tasks[Int(id)]
    // A deadline left over from an earlier retry of the same task may carry the same
    // attempt number: it is stale unless this attempt's own timeout has passed.
    guard task.attempt == attempt, task.child >= 0, !task.has(SimulationTask.answered),
      case .retry(let retry) = program.ops[Int(task.waitPC)],
      scheduler.now >= task.frameStart + program.retries[Int(retry)].timeout
    else { return }
    tasks[Int(task.child)].parent = -1
    tasks[Int(task.child)].flags |= SimulationTask.orphan
    tasks[Int(id)].child = -1
    let verdict = RetryVerdict(succeeded: false, outcome: .timedOut, time: scheduler.now)
    attemptOver(id, program.retries[Int(retry)], verdict, &scheduler)
  }

  /// The function task `id` runs in timed out while it waited at a retry: Lambda stops
  /// the invocation, and the attempt in flight is left to finish alone (an orphan).
  mutating func functionTimedOut(_ id: Int32, _ scheduler: inout EventScheduler<Event>) {
    let task = tasks[Int(id)]
    guard task.deadline <= scheduler.now, task.child >= 0, task.walk.pc == task.waitPC,
      case .retry = program.ops[Int(task.waitPC)]
    else { return }
    tasks[Int(task.child)].parent = -1
    tasks[Int(task.child)].flags |= SimulationTask.orphan
    tasks[Int(id)].child = -1
    tasks[Int(id)].walk.clock = task.deadline
    tasks[Int(id)].walk.outcome = .timedOut
    tasks[Int(id)].walk.pc = program.failTargets[Int(task.waitPC)]
    tasks[Int(id)].flags |= SimulationTask.stopped
    scheduleResume(id, &scheduler)
  }

  /// Succeeds, fails, or backs off and tries again.
  private mutating func attemptOver(
    _ id: Int32, _ spec: RetrySpec, _ verdict: RetryVerdict,
    _ scheduler: inout EventScheduler<Event>
  ) {
    if verdict.succeeded {
      tasks[Int(id)].walk.clock = verdict.time
      tasks[Int(id)].walk.pc = spec.next
      scheduleResume(id, &scheduler)
      return
    }
    let attempts = Int(tasks[Int(id)].attempt)
    if !verdict.outcome.isRetryable || attempts >= spec.attempts {
      tasks[Int(id)].walk.clock = verdict.time
      tasks[Int(id)].walk.outcome = verdict.outcome
      tasks[Int(id)].walk.pc = program.failTargets[Int(tasks[Int(id)].waitPC)]
      scheduleResume(id, &scheduler)
      return
    }
    let next = verdict.time + spec.backoff(before: attempts, program.samplers, &generator)
    startAttempt(id, at: next, &scheduler)
  }
}
