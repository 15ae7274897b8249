/// An SQS queue's messages and its Lambda event source mapping.
struct QueueState: Sendable {
  /// Visible messages, oldest first.
  var ready = TaskQueue()
  var batchesInFlight = 0
  /// Concurrent batches the mapping allows now (nil until the first poll: the initial 5),
  /// and when that was last brought up to date.
  var scaled: Double?
  var scaledAt = 0.0
  /// Whether the queue had messages waiting since `scaledAt` (the mapping adds batches
  /// only while messages wait).
  var waitedSinceScaled = false
  /// The most batches in flight in the current minute and in the one before it, and when
  /// the current one began: what the traffic has needed lately.
  var peakThisMinute = 0
  var peakLastMinute = 0
  var minuteStart = 0.0
  var sent: UInt64 = 0
  var receives: UInt64 = 0
  var batches: UInt64 = 0
  var deadLettered: UInt64 = 0
  /// Receives of messages already processed, returned because their batch's invocation
  /// timed out.
  var reprocessed: UInt64 = 0
  /// Messages received by running batches and not yet deleted.
  var messagesInFlight = 0
  /// Polls that found messages waiting and the queue at its in-flight limit.
  var heldBack: UInt64 = 0
}

/// One invocation of a queue's consumer with a batch of messages.
struct Batch: Sendable {
  var queue: Int32
  /// Messages received (in flight until the batch is done) and still running.
  var size: Int32
  var pending: Int32
  /// When the last message of the batch finished.
  var latest: Double
  /// When the handler began (after start-up), for GB-seconds.
  var started: Double
  var provisioned: Bool
  /// Messages of the batch that finished well while others still ran.
  ///
  /// If the invocation then times out, they come back too (`receiveAgain`). The walk
  /// takes its branches from the route, so a copy follows the path its message took.
  var finished: [(walk: WalkState, receives: Int32, releasedAtSend: UInt64)] = []
  /// The invocation reached the function timeout.
  var timedOut = false
  /// A message of the batch failed and the mapping retries whole batches: every message
  /// of the batch comes back after the visibility timeout.
  var failed = false
}

/// SQS with a Lambda consumer, as the event source mapping runs it.
///
/// Pollers receive up to `batch_size` visible messages and invoke the consumer once per
/// batch. The mapping "starts processing five batches at a time", adds "up to 300 more
/// instances per minute" while messages are available, at most 1,000, and "when traffic
/// is low, Lambda scales back the processing to five concurrent batches" (AWS Lambda
/// Developer Guide, "Configuring scaling behavior for SQS event source mappings",
/// https://docs.aws.amazon.com/lambda/latest/dg/services-sqs-scaling.html, read
/// 2026-12-07). AWS gives no scale-down speed. Here a mapping whose queue is empty falls
/// back to the most batches in flight over the last one to two minutes, never below 5
/// (assumed): steady traffic keeps what it needs, and after a quiet hour a new burst
/// starts from 5 again, as in the fluid model (`BurstBacklog`), which falls back to the
/// expected most batches its input keeps in flight over 90 s. The function's concurrency bounds it too. A message whose processing fails stays invisible until its visibility timeout
/// expires, then is received again; after `max_receive_count` receives it goes to the
/// dead-letter queue (Amazon SQS Developer Guide, "Using dead-letter queues").
///
/// By default a failure fails the whole batch: "if your function encounters an error while
/// processing a batch, all messages in that batch become visible in the queue again"
/// (Lambda Developer Guide, "Handling errors for an SQS event source"), so the batch's
/// messages that had succeeded are processed again (counted as `reprocessed`). With the
/// queue's `batch_failure: item` (the mapping's `ReportBatchItemFailures`), only the
/// failed messages come back.
///
/// An invocation that reaches the consumer's function timeout returns no response, so
/// the whole batch counts as failed: its unfinished messages come back after the
/// visibility timeout, and so do those it had already processed, which are then
/// processed a second time (AWS Lambda Developer Guide, "Handling errors for an SQS event
/// source"). The second processing is real load, counted as `reprocessed`, but the
/// request it belongs to has already ended well. AWS refuses a mapping whose function
/// timeout exceeds the queue's visibility timeout, and so does the compiler, so a message
/// is not received again while its first processing still runs.
extension PathCoreModel {
  mutating func enqueue(
    _ queue: Int, _ id: Int32, _ task: inout SimulationTask,
    _ scheduler: inout EventScheduler<Event>
  ) {
    // The sending call ends when SendMessage returns: the functions and services the
    // task runs inside give their slots back now, innermost first, and a consumer
    // forwarding its message to the next queue is done with it.
    // A slot already given back by an earlier send in the same call (a message sent
    // from two branches in a row) is not given back twice.
    let before = task.releasedAtSend
    for slot in program.queues[queue].senders.reversed() {
      let shift = UInt64(slot.pool &* 4)
      guard (before >> shift) & 0xF == 0 else { continue }
      if slot.consumerOf < 0 {
        giveBack(Int(slot.pool), id, &task, &scheduler)
      } else if task.has(SimulationTask.inBatch) {
        leaveBatch(&task, &scheduler)  // the batch's environment is the batch's to release
      }
      if (task.releasedAtSend >> shift) & 0xF < 0xF { task.releasedAtSend += 1 << shift }
    }
    task.releasedAtQueue = task.releasedAtSend
    task.sentTo = Int32(queue)
    task.receives = 0
    task.walk.pc = program.queues[queue].messageResume
    task.deadline = .infinity
    tasks[Int(id)] = task
    var caller = task.parent
    while caller >= 0 {
      let waitPC = tasks[Int(caller)].waitPC
      if waitPC >= 0, case .retry = program.ops[Int(waitPC)] {
        tasks[Int(caller)].flags |= SimulationTask.answered
      }
      caller = tasks[Int(caller)].parent
    }
    rescale(queue, at: scheduler.now)
    queues[queue].ready.append(reference(id).packed)
    queues[queue].waitedSinceScaled = true
    queues[queue].sent &+= 1
    observe(busy: 0, waiting: 1, at: scheduler.now)
    scheduler.schedule(.poll(Int32(queue)), at: scheduler.now)
  }

  /// Brings the mapping's allowed batches up to date at `now`: up by 300 a minute while
  /// messages waited, back to the most in flight over the last minute or two (at least 5)
  /// when the queue is empty.
  ///
  /// - Complexity: O(1).
  mutating func rescale(_ queue: Int, at now: Double) {
    let maximum = program.queues[queue].maximumBatches
    let initial = initialBatches(queue)
    var scaled = queues[queue].scaled ?? initial
    if queues[queue].waitedSinceScaled {
      let elapsed = max(0, now - queues[queue].scaledAt)
      scaled = min(maximum, scaled + limits.queueBatchesPerMinute * elapsed / 60)
    }
    let inFlight = queues[queue].batchesInFlight
    if now - queues[queue].minuteStart >= 60 {
      // A minute or more since the window began: it becomes the last one (or, after a
      // longer gap, both are what is in flight now).
      let gap = now - queues[queue].minuteStart >= 120
      queues[queue].peakLastMinute = gap ? inFlight : queues[queue].peakThisMinute
      queues[queue].peakThisMinute = inFlight
      queues[queue].minuteStart = now
    }
    queues[queue].peakThisMinute = max(queues[queue].peakThisMinute, inFlight)
    if queues[queue].ready.isEmpty {
      let recent = max(queues[queue].peakThisMinute, queues[queue].peakLastMinute)
      scaled = max(initial, min(scaled, Double(recent)))
      queues[queue].waitedSinceScaled = false
    } else {
      queues[queue].waitedSinceScaled = true
    }
    queues[queue].scaled = scaled
    queues[queue].scaledAt = now
  }

  /// Concurrent batches the mapping allows, as last brought up to date.
  func batchLimit(_ queue: Int) -> Int {
    Int(queues[queue].scaled ?? initialBatches(queue))
  }

  /// The batches a mapping starts with (5), at most its maximum.
  private func initialBatches(_ queue: Int) -> Double {
    min(limits.queueInitialBatches, program.queues[queue].maximumBatches)
  }

  /// Starts batches while messages wait and the mapping and the function allow.
  mutating func poll(_ queue: Int, _ scheduler: inout EventScheduler<Event>) {
    let now = scheduler.now
    let spec = program.queues[queue]
    var started: [Int32] = []
    rescale(queue, at: now)
    while !queues[queue].ready.isEmpty, queues[queue].batchesInFlight < batchLimit(queue) {
      let room = min(
        Double(spec.batchSize), spec.inflightLimit - Double(queues[queue].messagesInFlight))
      guard room >= 1 else {
        queues[queue].heldBack &+= 1
        break
      }
      guard
        case .granted(let startUp, let provisioned)? = functions[Int(spec.pool)]?.acquire(
          at: now, account: &account, program.samplers, &generator)
      else { break }
      observe(busy: 1, waiting: 0, at: now)
      var messages: [Int32] = []
      while messages.count < Int(room), !queues[queue].ready.isEmpty {
        let packed = queues[queue].ready.removeFirst()
        if let id = live(TaskReference(packed: packed)) { messages.append(id) }
      }
      observe(busy: 0, waiting: -messages.count, at: now)
      let begin = now + startUp
      let deadline = begin + (functions[Int(spec.pool)]?.settings.timeout ?? .infinity)
      var handler = WalkState(pc: program.queues[queue].consumerHop, clock: begin)
      var (clock, failure) = consumerHandler(spec, &handler)
      let overran = clock > deadline
      if overran { (clock, failure) = (deadline, .timedOut) }
      let batch = allocateBatch(
        Batch(
          queue: Int32(queue), size: Int32(messages.count), pending: Int32(messages.count),
          latest: clock, started: begin, provisioned: provisioned))
      queues[queue].batchesInFlight += 1
      queues[queue].messagesInFlight += messages.count
      queues[queue].batches &+= 1
      queues[queue].receives &+= UInt64(messages.count)
      for id in messages {
        // A copy received is a second processing (unless it is dead-lettered first).
        if tasks[Int(id)].has(SimulationTask.orphan) { queues[queue].reprocessed &+= 1 }
        tasks[Int(id)].receives += 1
        tasks[Int(id)].receivedAt = now
        tasks[Int(id)].flags |= SimulationTask.inBatch
        tasks[Int(id)].batch = batch
        tasks[Int(id)].walk.clock = clock
        tasks[Int(id)].walk.pc = spec.messageResume
        tasks[Int(id)].deadline = deadline
        if overran { tasks[Int(id)].flags |= SimulationTask.stopped }
        if let failure {
          tasks[Int(id)].walk.outcome = failure
          tasks[Int(id)].walk.pc = program.failTargets[Int(spec.messageResume) - 1]
        }
      }
      if messages.isEmpty { scheduleBatchDone(batch, &scheduler) }
      started += messages
    }
    rescale(queue, at: now)
    for id in started { execute(id, &scheduler) }
  }

  /// The consumer's handler time for a batch, with its faults: (end, failure if any).
  private mutating func consumerHandler(_ spec: QueueSpec, _ walk: inout WalkState)
    -> (Double, RequestOutcome?)
  {
    let hop = program.hops[Int(spec.consumerHop)]
    statistics.call(hop.component, at: walk.clock)
    var factor = 1.0
    if walker.faults.touches(hop.component) {
      let effect = walker.faults.effect(hop.component, at: walk.clock)
      if effect.down { return (walk.clock, .errored) }
      factor = effect.factor
      let end = walk.clock + program.samplers.sample(hop.sampler, &generator) * factor
      if effect.errors > 0, generator.uniform() < effect.errors { return (end, .errored) }
      return (end, nil)
    }
    return (walk.clock + program.samplers.sample(hop.sampler, &generator), nil)
  }

  /// A message's processing reached the consumer's release: deleted, or back to the queue.
  mutating func messageDone(
    _ id: Int32, _ task: inout SimulationTask, _ scheduler: inout EventScheduler<Event>
  ) -> Bool {
    let queue = Int(batches[Int(task.batch)].queue)
    leaveBatch(&task, &scheduler)
    if task.walk.outcome == .ok {
      task.walk.pc += 1
      return true
    }
    task.walk.outcome = .ok
    task.walk.pc = program.queues[queue].messageResume
    tasks[Int(id)] = task
    let visible = task.receivedAt + program.queues[queue].visibilityTimeout
    scheduler.schedule(.visible(reference(id).packed), at: max(visible, scheduler.now))
    return false
  }

  /// The message is done in its batch, well or not: the batch's books, and when its last
  /// message is done, the end of the invocation.
  mutating func leaveBatch(_ task: inout SimulationTask, _ scheduler: inout EventScheduler<Event>) {
    let batch = Int(task.batch)
    let queue = Int(batches[batch].queue)
    batches[batch].pending -= 1
    batches[batch].latest = max(batches[batch].latest, task.walk.clock)
    task.flags &= ~SimulationTask.inBatch
    task.deadline = .infinity
    if task.has(SimulationTask.stopped) {
      task.flags &= ~SimulationTask.stopped
      if !batches[batch].timedOut {
        // Events run in time order, so every message that finished before the deadline
        // has been counted: they all come back.
        batches[batch].timedOut = true
        for message in batches[batch].finished {
          receiveAgain(message, receivedAt: task.receivedAt, queue, &scheduler)
        }
        batches[batch].finished = []
      }
    }
    if task.walk.outcome != .ok, program.queues[queue].wholeBatch, !batches[batch].failed {
      // The whole batch fails: those that had succeeded come back too.
      batches[batch].failed = true
      for message in batches[batch].finished {
        receiveAgain(message, receivedAt: task.receivedAt, queue, &scheduler)
      }
      batches[batch].finished = []
    }
    if task.walk.outcome == .ok, batches[batch].failed {
      receiveAgain(
        (task.walk, task.receives, task.releasedAtQueue), receivedAt: task.receivedAt, queue,
        &scheduler)
    }
    if batches[batch].pending == 0 {
      scheduleBatchDone(Int32(batch), &scheduler)
    } else if task.walk.outcome == .ok, !batches[batch].failed {
      batches[batch].finished.append((task.walk, task.receives, task.releasedAtQueue))
    }
  }

  /// A message its batch's timeout returned to the queue after it had been processed: a
  /// copy that no request waits for, visible again after the visibility timeout.
  private mutating func receiveAgain(
    _ message: (walk: WalkState, receives: Int32, releasedAtSend: UInt64), receivedAt: Double,
    _ queue: Int,
    _ scheduler: inout EventScheduler<Event>
  ) {
    var copy = SimulationTask(
      walk: WalkState(
        pc: program.queues[queue].messageResume, clock: receivedAt, key: message.walk.key,
        region: message.walk.region, route: message.walk.route))
    copy.flags = SimulationTask.orphan
    copy.sentTo = Int32(queue)
    copy.receives = message.receives
    copy.receivedAt = receivedAt
    copy.releasedAtSend = message.releasedAtSend
    copy.releasedAtQueue = message.releasedAtSend
    let id = allocate(copy)
    let visible = receivedAt + program.queues[queue].visibilityTimeout
    scheduler.schedule(.visible(reference(id).packed), at: max(visible, scheduler.now))
  }

  /// A failed message's visibility timeout expired: received again, or dead-lettered.
  mutating func messageVisible(_ id: Int32, _ scheduler: inout EventScheduler<Event>) {
    let queue = Int(tasks[Int(id)].sentTo)
    if let limit = program.queues[queue].maxReceiveCount, tasks[Int(id)].receives >= limit {
      queues[queue].deadLettered &+= 1
      tasks[Int(id)].walk.clock = scheduler.now
      tasks[Int(id)].walk.outcome = .deadLettered
      tasks[Int(id)].walk.pc = Int32(program.ops.count - 1)
      ended(id, &scheduler)
      return
    }
    queues[queue].ready.append(reference(id).packed)
    observe(busy: 0, waiting: 1, at: scheduler.now)
    poll(queue, &scheduler)
  }

  private mutating func scheduleBatchDone(
    _ batch: Int32, _ scheduler: inout EventScheduler<Event>
  ) {
    let at = max(batches[Int(batch)].latest, scheduler.now)
    scheduler.schedule(.batchDone(batch), at: at)
  }

  /// The batch's last message is done: the environment is released and polling resumes.
  mutating func batchDone(_ batch: Int, _ scheduler: inout EventScheduler<Event>) {
    let record = batches[batch]
    let queue = Int(record.queue)
    let pool = Int(program.queues[queue].pool)
    if var function = functions[pool] {
      function.release(
        at: scheduler.now, provisioned: record.provisioned, timedOut: record.timedOut,
        account: &account)
      gigabyteSeconds[pool] += max(0, scheduler.now - record.started) * function.settings.memoryGB
      functions[pool] = function
    }
    observe(busy: -1, waiting: 0, at: scheduler.now)
    queues[queue].batchesInFlight -= 1
    queues[queue].messagesInFlight -= Int(record.size)
    freeBatches.append(Int32(batch))
    poll(queue, &scheduler)
  }

  private mutating func allocateBatch(_ batch: Batch) -> Int32 {
    if let index = freeBatches.popLast() {
      batches[Int(index)] = batch
      return index
    }
    batches.append(batch)
    return Int32(batches.count - 1)
  }
}

/// A fault's effect on shared state, applied as an event at its time.
enum FaultAction: Sendable {
  /// A keyed cache loses every entry.
  case flush(keyed: Int32)
  /// A zone's share of service workers and idle function environments is lost.
  case loseZone(share: Double)
  /// Traffic reaches the standby region: its function environments are all cold.
  case coldStandby

  /// The state changes a scenario's faults make, in time order.
  static func plan(_ scenario: SimulationScenario, program: PathProgram, faults: FaultPlan)
    -> [(time: Double, action: FaultAction)]
  {
    var out: [(time: Double, action: FaultAction)] = []
    for fault in scenario.faults {
      switch fault.kind {
      case .flush:
        for (index, spec) in program.keyedCaches.enumerated()
        where program.components[Int(spec.component)].name == fault.component {
          out.append((fault.start, .flush(keyed: Int32(index))))
        }
      case .zoneLoss:
        out.append((fault.start, .loseZone(share: 1 / Double(scenario.availabilityZones))))
      case .regionFailover:
        if let region = faults.region {
          out.append((region.switched, .coldStandby))
          // Only the standby's own caches start empty; a global CDN keeps its copies.
          for (index, spec) in program.keyedCaches.enumerated()
          where program.regional[Int(spec.component)] {
            out.append((region.switched, .flush(keyed: Int32(index))))
          }
        }
      case .down, .latency, .errors:
        continue
      }
    }
    return out.sorted { $0.time < $1.time }
  }

  func apply(to model: inout PathCoreModel, at now: Double) {
    switch self {
    case .flush(let keyed):
      model.keyed[Int(keyed)].removeAll()
    case .loseZone(let share):
      for pool in model.services.indices { model.services[pool]?.lose(share: share) }
      for pool in model.functions.indices { model.functions[pool]?.discardIdle(share: share) }
    case .coldStandby:
      for pool in model.functions.indices { model.functions[pool]?.discardIdle(share: 1) }
    }
  }
}
