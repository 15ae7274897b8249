/// A future-event list: events kept in a 4-ary min-heap, totally ordered by
/// `(time, sequence)`.
///
/// A discrete-event run is deterministic only if simultaneous events always come out in
/// the same order, so every event gets a sequence number when it is scheduled and ties in
/// time are broken by it: events due at the same instant run in the order they were
/// scheduled (first in, first out). This is SimPy's `(time, priority, eid)` key with the
/// priority folded into the order of scheduling. Events are plain values (an enum chosen
/// by the model), not closures or coroutines: the heap is a contiguous array of keys,
/// and a step allocates nothing once the arrays have grown to the run's largest pending
/// count.
///
/// The heap is d-ary with d = 4 (Johnson, "Priority queues with update and finding
/// minimum spanning trees", 1975): half the depth of a binary heap for one extra
/// comparison per level, which suits a queue that is popped exactly as often as it is
/// pushed. Sifting moves a hole instead of swapping (Knuth, TAOCP vol. 3, 5.2.3).
///
/// ## Event lifecycle
/// 1. **Scheduled** — `schedule(_:at:)` stamps the event with `(time, sequence)`; the
///    sequence is the number of events scheduled before it. It is now *pending*.
/// 2. **Due** — it becomes the minimum, the one `peek()` shows; nothing pending precedes
///    it, and nothing scheduled later at a time ≥ its own can precede it.
/// 3. **Popped** — `pop()` removes it and hands it to the caller (the `Simulator` advances
///    its clock to the event's time and lets the model handle it).
/// 4. **Gone** — handling may schedule new events, never at an earlier time (the
///    `EventScheduler` enforces this). There is no cancellation: a model that must
///    withdraw an event (a timeout that did not fire) keeps a generation counter and
///    ignores stale events when they come due, as SimPy's defused events are ignored.
///
/// - Invariant: every entry's key is ≥ its parent's key (checked by `_checkInvariants()`
///   under `FLOWBOOK_INTERNAL_CHECKS`).
public struct EventQueue<Event> {
  /// One pending event with its ordering key.
  public struct Entry {
    /// When the event is due, in simulated seconds.
    public let time: Double
    /// Scheduling order; unique within one queue, breaks ties in `time`.
    public let sequence: UInt64
    /// The model's event value.
    public let event: Event
  }

  /// The heap is `heap[0..<pending]`; entries past `pending` are stale storage kept so
  /// that a step neither grows nor shrinks the array.
  private var heap: [EventKey] = []
  private var pending = 0
  private var slots: [Event] = []
  /// A stack of free slot indices, `freeSlots[0..<freeCount]`; kept by hand rather
  /// than with `popLast()` to avoid an `Optional` per event.
  private var freeSlots: [Int] = []
  private var freeCount = 0
  /// The sequence number the next scheduled event will get.
  public private(set) var nextSequence: UInt64 = 0

  /// Creates an empty queue with room for `minimumCapacity` pending events.
  public init(minimumCapacity: Int = 0) {
    heap.reserveCapacity(minimumCapacity)
    slots.reserveCapacity(minimumCapacity)
    freeSlots.reserveCapacity(minimumCapacity)
  }

  /// The number of pending events.
  ///
  /// - Complexity: O(1).
  public var count: Int { pending }

  /// Whether no event is pending.
  ///
  /// - Complexity: O(1).
  public var isEmpty: Bool { pending == 0 }

  /// Adds `event`, due at `time`, after every pending event with the same time.
  ///
  /// - Parameters:
  ///   - event: The value to hand back when it comes due.
  ///   - time: When it is due; must be finite (a NaN would break the total order).
  /// - Returns: The sequence number given to the event.
  /// - Complexity: O(log₄ n) comparisons, amortised O(1) allocation.
  @discardableResult
  public mutating func schedule(_ event: Event, at time: Double) -> UInt64 {
    precondition(time.isFinite, "event time must be finite, got \(time)")
    let sequence = nextSequence
    nextSequence &+= 1
    let slot: Int
    if freeCount > 0 {
      freeCount &-= 1
      slot = freeSlots[freeCount]
      slots[slot] = event
    } else {
      slot = slots.count
      slots.append(event)
    }
    let key = EventKey(time: time, sequence: sequence, slot: slot)
    if pending == heap.count {
      heap.append(key)
    } else {
      heap[pending] = key
    }
    pending &+= 1
    siftUp(from: pending &- 1)
    return sequence
  }

  /// The due event (smallest `(time, sequence)`), without removing it.
  ///
  /// - Complexity: O(1).
  public func peek() -> Entry? {
    guard pending > 0 else { return nil }
    let key = heap[0]
    return Entry(time: key.time, sequence: key.sequence, event: slots[key.slot])
  }

  /// The time of the due event, without removing it.
  ///
  /// - Complexity: O(1).
  public var nextTime: Double? { pending > 0 ? heap[0].time : nil }

  /// The time of the due event; the queue must not be empty.
  @inline(__always)
  var dueTime: Double { heap[0].time }

  /// Removes and returns the due event, or `nil` when none is pending.
  ///
  /// - Complexity: O(4 log₄ n) comparisons.
  public mutating func pop() -> Entry? {
    guard pending > 0 else { return nil }
    var time = 0.0
    var sequence: UInt64 = 0
    let event = removeDue(time: &time, sequence: &sequence)
    return Entry(time: time, sequence: sequence, event: event)
  }

  /// Removes the due event and returns its value, its key through the `inout`s; the
  /// queue must not be empty. The kernel's fast path: no `Optional`, no `Entry`.
  ///
  /// - Complexity: O(4 log₄ n) comparisons.
  @inline(__always)
  mutating func removeDue(time: inout Double, sequence: inout UInt64) -> Event {
    let top = heap[0]
    pending &-= 1
    if pending > 0 {
      heap[0] = heap[pending]
      siftDown(from: 0)
    }
    if freeCount == freeSlots.count {
      freeSlots.append(top.slot)
    } else {
      freeSlots[freeCount] = top.slot
    }
    freeCount &+= 1
    time = top.time
    sequence = top.sequence
    return slots[top.slot]
  }

  /// Removes every pending event; sequence numbers continue from where they were.
  ///
  /// - Complexity: O(n).
  public mutating func removeAll() {
    heap.removeAll(keepingCapacity: true)
    pending = 0
    slots.removeAll(keepingCapacity: true)
    freeSlots.removeAll(keepingCapacity: true)
    freeCount = 0
  }

  // MARK: - Heap order

  // Plain subscripts rather than `withUnsafeMutableBufferPointer`: the same machine code
  // once optimised, but in a debug build the generic closure costs a runtime metadata
  // look-up per call, which made the kernel half as fast in the test suite.

  private mutating func siftUp(from start: Int) {
    var index = start
    let item = heap[index]
    while index > 0 {
      let parent = (index &- 1) >> 2
      let parentKey = heap[parent]
      guard EventKey.precedes(item, parentKey) else { break }
      heap[index] = parentKey
      index = parent
    }
    heap[index] = item
  }

  private mutating func siftDown(from start: Int) {
    let n = pending
    var index = start
    let item = heap[index]
    while true {
      let first = 4 &* index &+ 1
      guard first < n else { break }
      var best = first
      var bestKey = heap[first]
      var child = first &+ 1
      let end = Swift.min(first &+ 4, n)
      while child < end {
        let key = heap[child]
        if EventKey.precedes(key, bestKey) {
          best = child
          bestKey = key
        }
        child &+= 1
      }
      guard EventKey.precedes(bestKey, item) else { break }
      heap[index] = bestKey
      index = best
    }
    heap[index] = item
  }
}

/// An event's ordering key and the slot where its value waits.
///
/// Sifting moves only these keys. They are deliberately not nested in the generic
/// `EventQueue` (which would make them generic too): a plain struct needs no runtime
/// metadata look-up per move, which keeps the heap fast even in a debug build, where
/// the test suite runs it tens of millions of times. Each event value is written once
/// into its slot and read once when popped.
private struct EventKey {
  var time: Double
  var sequence: UInt64
  var slot: Int

  @inline(__always)
  static func precedes(_ a: EventKey, _ b: EventKey) -> Bool {
    a.time < b.time || (a.time == b.time && a.sequence < b.sequence)
  }
}

extension EventQueue: Sendable where Event: Sendable {}
extension EventQueue.Entry: Sendable where Event: Sendable {}
extension EventQueue.Entry: Equatable where Event: Equatable {}

#if FLOWBOOK_INTERNAL_CHECKS
  extension EventQueue {
    /// Traps unless every entry's key is ≥ its parent's and below `nextSequence`, and
    /// every value slot is either pending or free.
    ///
    /// - Complexity: O(n).
    public func _checkInvariants() {
      if pending + freeCount != slots.count {
        preconditionFailure("\(pending) pending + \(freeCount) free ≠ \(slots.count) slots")
      }
      var index = 0
      while index < pending {
        let key = heap[index]
        if key.sequence >= nextSequence {
          preconditionFailure("sequence \(key.sequence) at \(index) ≥ next \(nextSequence)")
        }
        if index > 0 {
          let parent = heap[(index - 1) >> 2]
          if EventKey.precedes(key, parent) {
            preconditionFailure(
              "heap order broken at \(index): (\(key.time), \(key.sequence)) precedes "
                + "its parent (\(parent.time), \(parent.sequence))")
          }
        }
        index += 1
      }
    }
  }
#endif
