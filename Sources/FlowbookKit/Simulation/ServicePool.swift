/// What an ECS service's worker pool needs to know.
struct ServiceSettings: Sendable {
  var component: Int32
  /// Requests served at once: tasks × concurrency per task.
  var workers: Int
  /// Running tasks, so that losing an availability zone removes whole tasks.
  var tasks: Int
}

/// An ECS service: c workers and a first-come, first-served queue in front of them.
///
/// A request that finds every worker busy waits (in the load balancer's and the tasks'
/// accept queues) until one frees: an M/G/c queue whose mean wait the analytical
/// `Queueing` answers in steady state, and whose backlog the simulator follows through a
/// spike. Waiting requests are not abandoned by the queue; a caller's timeout abandons
/// them (they are still served, their work wasted), which is what lets a slowdown turn
/// into a retry storm (Bronson et al., "Metastable Failures in Distributed Systems",
/// HotOS 2021).
struct ServicePool: Sendable {
  let settings: ServiceSettings
  private(set) var workers: Int
  private(set) var busy = 0
  /// Waiting requests, as task references, in arrival order.
  private(set) var waiting = TaskQueue()
  private(set) var served: UInt64 = 0

  init(_ settings: ServiceSettings) {
    self.settings = settings
    workers = settings.workers
  }

  /// Takes a worker if one is free.
  ///
  /// - Complexity: O(1).
  mutating func tryAcquire() -> Bool {
    guard busy < workers else { return false }
    busy += 1
    served += 1
    return true
  }

  /// Queues a request for the next free worker.
  mutating func wait(_ task: TaskReference) {
    waiting.append(task.packed)
  }

  /// Frees a worker; returns the waiting request that should take it, if any.
  ///
  /// The worker passes straight to the head of the queue (it stays busy), so a request
  /// never overtakes one that waited longer. Stale references (requests abandoned and
  /// gone) are the caller's to skip: it calls `handOver` again.
  /// - Complexity: O(1).
  mutating func release() -> TaskReference? {
    precondition(busy > 0, "release of a worker none holds")
    if busy > workers || waiting.isEmpty {
      busy -= 1
      return nil
    }
    served += 1
    return TaskReference(packed: waiting.removeFirst())
  }

  /// After a stale hand-over: the worker is free after all, or goes to the next waiter.
  mutating func handOver() -> TaskReference? {
    served -= 1
    if waiting.isEmpty {
      busy -= 1
      return nil
    }
    served += 1
    return TaskReference(packed: waiting.removeFirst())
  }

  /// Loses the workers of `share` of the tasks (an availability zone); busy requests
  /// finish, but their workers are not replaced.
  mutating func lose(share: Double) {
    let lostTasks = Int((Double(settings.tasks) * share).rounded(.up))
    let perTask = max(1, settings.workers / max(1, settings.tasks))
    workers = max(0, workers - lostTasks * perTask)
  }
}

/// A task slot and the generation it had when referenced: stale once the slot is reused.
struct TaskReference: Sendable, Equatable {
  var index: Int32
  var generation: UInt32

  init(index: Int32, generation: UInt32) {
    self.index = index
    self.generation = generation
  }

  init(packed: UInt64) {
    index = Int32(truncatingIfNeeded: packed >> 32)
    generation = UInt32(truncatingIfNeeded: packed)
  }

  var packed: UInt64 { UInt64(UInt32(bitPattern: index)) << 32 | UInt64(generation) }
}

/// A first-in, first-out queue of packed task references.
///
/// It keeps each 64-bit reference's bits in a `TimestampQueue` slot: one ring for both,
/// and still no generic element on the simulator's hot path (see `TimestampQueue`). The
/// bits are only copied, never computed with, so every pattern comes back as it went in.
/// Memory is bounded by the longest backlog, never by the requests that passed through.
struct TaskQueue: Sendable {
  private var ring = TimestampQueue()

  var isEmpty: Bool { ring.isEmpty }
  var count: Int { ring.count }

  /// Adds at the back.
  ///
  /// - Complexity: amortised O(1).
  mutating func append(_ value: UInt64) { ring.append(Double(bitPattern: value)) }

  /// Removes from the front; the queue must not be empty.
  ///
  /// - Complexity: O(1).
  mutating func removeFirst() -> UInt64 { ring.removeFirst().bitPattern }
}
