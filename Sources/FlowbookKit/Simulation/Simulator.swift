/// A model that a `Simulator` drives: its own event kinds and how it reacts to each.
///
/// The kernel knows nothing about queues, Lambda concurrency or token buckets; a model
/// brings an event enum (its `Event`) and a `handle` that updates the model's state and
/// schedules follow-up events. This keeps the kernel small enough to trust and lets the
/// path-model simulator plug in its own events without touching it.
public protocol SimulationModel {
  /// The model's event kinds, usually an enum with small payloads.
  associatedtype Event

  /// Reacts to `event`, which is due now (`scheduler.now`).
  ///
  /// - Parameters:
  ///   - event: The event that came due.
  ///   - scheduler: The clock and future-event list; schedule follow-ups here.
  mutating func handle(_ event: Event, scheduler: inout EventScheduler<Event>)

  /// Traps if the model's own invariants (e.g. request conservation) do not hold.
  ///
  /// Called after every step in builds with `FLOWBOOK_INTERNAL_CHECKS`; the default
  /// does nothing.
  func _checkInvariants()
}

extension SimulationModel {
  /// Checks nothing: a model without invariants of its own.
  public func _checkInvariants() {}
}

/// The simulation clock and its future-event list: what a model sees while it handles an
/// event.
///
/// Time is in seconds and only moves forward: an event cannot be scheduled before `now`,
/// so a model can never change the past.
public struct EventScheduler<Event> {
  /// The current simulated time in seconds: the time of the event being handled.
  public internal(set) var now: Double = 0
  /// Events popped and handled so far.
  public internal(set) var eventsHandled: UInt64 = 0
  /// The pending events.
  public internal(set) var queue: EventQueue<Event>

  /// Creates a clock at time zero with no pending events.
  public init(minimumCapacity: Int = 0) {
    queue = EventQueue(minimumCapacity: minimumCapacity)
  }

  /// Schedules `event` at absolute time `time` (≥ `now`).
  ///
  /// - Complexity: O(log n) for n pending events.
  @inline(__always)
  public mutating func schedule(_ event: Event, at time: Double) {
    if !(time >= now) { preconditionFailure("cannot schedule at \(time), before now (\(now))") }
    queue.schedule(event, at: time)
  }

  /// Schedules `event` `delay` seconds from now (`delay` ≥ 0 and finite).
  ///
  /// - Complexity: O(log n) for n pending events.
  @inline(__always)
  public mutating func schedule(_ event: Event, after delay: Double) {
    if !(delay >= 0) { preconditionFailure("cannot schedule \(delay) s in the past") }
    queue.schedule(event, at: now + delay)
  }
}

extension EventScheduler: Sendable where Event: Sendable {}

/// The event kernel: pops the due event, advances the clock to it, lets the model handle
/// it, repeat.
///
/// The order of events is total (`EventQueue`'s `(time, sequence)`), and the model draws
/// randomness only from its own `SeededGenerator`, so a run is a pure function of the
/// model's initial state: the same seed gives the same events in the same order on every
/// machine. See `EventQueue` for the lifecycle of one event. Modelled on SimPy's
/// `Environment` (`schedule`, `step`, `run(until:)`).
///
/// ```swift
/// var simulator = Simulator(model: model)
/// simulator.schedule(.arrival, at: 0)
/// simulator.run(until: 3600)
/// ```
public struct Simulator<Model: SimulationModel> {
  /// The model's state; read results from it after a run.
  public var model: Model
  /// The clock and the pending events.
  public var scheduler: EventScheduler<Model.Event>

  /// Creates a simulator at time zero with no pending events.
  public init(model: Model, minimumCapacity: Int = 0) {
    self.model = model
    self.scheduler = EventScheduler(minimumCapacity: minimumCapacity)
  }

  /// The current simulated time in seconds.
  public var now: Double { scheduler.now }

  /// Schedules `event` at absolute time `time` (≥ `now`).
  ///
  /// - Complexity: O(log n) for n pending events.
  public mutating func schedule(_ event: Model.Event, at time: Double) {
    scheduler.schedule(event, at: time)
  }

  /// Handles the due event, if any.
  ///
  /// - Returns: `false` when no event was pending.
  /// - Complexity: O(log n) plus the model's handler.
  @discardableResult
  @inline(__always)
  public mutating func step() -> Bool {
    guard !scheduler.queue.isEmpty else { return false }
    var sequence: UInt64 = 0
    let event = scheduler.queue.removeDue(time: &scheduler.now, sequence: &sequence)
    scheduler.eventsHandled &+= 1
    model.handle(event, scheduler: &scheduler)
    #if FLOWBOOK_INTERNAL_CHECKS
    // The heap check is O(n): every step while the heap is small, else every n-th step,
    // so that a run with many pending events (a path simulation parks every waiting
    // request) stays linear in debug builds: amortised O(1) per step.
    let pending = scheduler.queue.count
    if pending <= 1_024 || scheduler.eventsHandled % UInt64(pending) == 0 {
      scheduler.queue._checkInvariants()
    }
    model._checkInvariants()
    #endif
    return true
  }

  /// Handles every event due before `time`, then sets the clock to `time`.
  ///
  /// The interval is half-open, as in SimPy: an event due exactly at `time` stays pending,
  /// so `run(until: t)` twice in a row with the same `t` does nothing the second time.
  /// With `time == .infinity` it runs until no event is pending and leaves the clock at
  /// the last event.
  ///
  /// - Complexity: O(k log n) for k events handled, plus the handlers.
  public mutating func run(until time: Double = .infinity) {
    precondition(time >= scheduler.now, "cannot run until \(time), before now (\(now))")
    while scheduler.queue.hasEvent(before: time) {
      step()
    }
    if time.isFinite { scheduler.now = time }
  }
}

extension Simulator {
  /// Runs until no event is pending, like `run()`, but asks `shouldStop` before the first
  /// event and after every `interval` events; when it says yes, returns false and leaves
  /// the rest pending.
  ///
  /// Why by events: a run's cost is its events, so this bounds the wait for a stop
  /// (2^16 events take a few milliseconds) whatever the simulated rates.
  /// - Complexity: as `run()`, plus one comparison per event.
  public mutating func run(checkingEvery interval: UInt64, shouldStop: () -> Bool) -> Bool {
    var next = scheduler.eventsHandled &+ interval
    if shouldStop() { return false }
    while step() {
      if scheduler.eventsHandled >= next {
        if shouldStop() { return false }
        next = scheduler.eventsHandled &+ interval
      }
    }
    return true
  }
}

extension Simulator: Sendable where Model: Sendable, Model.Event: Sendable {}
