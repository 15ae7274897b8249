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
///    `EventScheduler` enforces this). Its value stays in its slot until the slot is
///    reused, so an event holding a large reference keeps it alive until then. There is
///    no cancellation (SimPy has none either): a model that must withdraw an event (a
///    timeout that did not fire) keeps a generation counter in the event and ignores
///    stale ones when they come due.
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

  private var heap = KeyHeap()
  private var slots: [Event] = []
  /// A stack of free slot indices, `freeSlots[0..<freeCount]`; kept by hand rather
  /// than with `popLast()` to avoid an `Optional` per event.
  private var freeSlots: [Int] = []
  private var freeCount = 0
  /// The sequence number the next scheduled event will get.
  public private(set) var nextSequence: UInt64 = 0

  /// Creates an empty queue with room for `minimumCapacity` pending events.
  public init(minimumCapacity: Int = 0) {
    heap = KeyHeap(capacity: minimumCapacity)
    slots.reserveCapacity(minimumCapacity)
    freeSlots.reserveCapacity(minimumCapacity)
  }

  /// The number of pending events.
  ///
  /// - Complexity: O(1).
  public var count: Int { heap.count }

  /// Whether no event is pending.
  ///
  /// - Complexity: O(1).
  public var isEmpty: Bool { heap.count == 0 }

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
    heap.push(EventKey(time: time, sequence: sequence, slot: slot))
    return sequence
  }

  /// The due event (smallest `(time, sequence)`), without removing it.
  ///
  /// - Complexity: O(1).
  public func peek() -> Entry? {
    guard heap.count > 0 else { return nil }
    let key = heap.minimum
    return Entry(time: key.time, sequence: key.sequence, event: slots[key.slot])
  }

  /// The time of the due event, without removing it.
  ///
  /// - Complexity: O(1).
  public var nextTime: Double? { heap.count > 0 ? heap.minimum.time : nil }

  /// Whether an event is due strictly before `time`: the kernel's loop condition.
  @inline(__always)
  func hasEvent(before time: Double) -> Bool {
    heap.count > 0 && heap.minimum.time < time
  }

  /// Removes and returns the due event, or `nil` when none is pending.
  ///
  /// - Complexity: O(4 log₄ n) comparisons.
  public mutating func pop() -> Entry? {
    guard heap.count > 0 else { return nil }
    var time = 0.0
    var sequence: UInt64 = 0
    let event = removeDue(time: &time, sequence: &sequence)
    return Entry(time: time, sequence: sequence, event: event)
  }

  /// Removes the due event and returns its value, its key through the `inout`s.
  ///
  /// The queue must not be empty. This is the kernel's fast path: no `Optional`, no
  /// `Entry`.
  ///
  /// - Complexity: O(4 log₄ n) comparisons.
  @inline(__always)
  mutating func removeDue(time: inout Double, sequence: inout UInt64) -> Event {
    let top = heap.popMinimum()
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
    heap = KeyHeap(capacity: heap.capacity)
    slots.removeAll(keepingCapacity: true)
    freeSlots.removeAll(keepingCapacity: true)
    freeCount = 0
  }
}

/// An event's ordering key and the slot where its value waits.
///
/// The keys are deliberately not nested in the generic `EventQueue` (which would make
/// them generic too): a plain struct needs no runtime metadata look-up per move.
private struct EventKey {
  var time: Double
  var sequence: UInt64
  var slot: Int

  @inline(__always)
  static func precedes(_ a: EventKey, _ b: EventKey) -> Bool {
    a.time < b.time || (a.time == b.time && a.sequence < b.sequence)
  }
}

/// The 4-ary min-heap of keys, on memory it manages itself, copied on write.
///
/// Raw-pointer subscripts compile to plain loads and stores in every build, where an
/// `Array` pays a uniqueness and a bounds check per store (release) or a generic call
/// with a metadata look-up (debug, where the test suite runs the kernel tens of
/// millions of times). Uniqueness is checked once per push or pop instead.
private struct KeyHeap {
  private var buffer: KeyBuffer
  private(set) var count = 0

  init(capacity: Int = 0) {
    buffer = KeyBuffer(capacity: Swift.max(capacity, 4))
  }

  var capacity: Int { buffer.capacity }

  /// The smallest key; the heap must not be empty.
  @inline(__always)
  var minimum: EventKey { buffer.base[0] }

  /// Adds `key`, sifting a hole up from the end.
  ///
  /// Moving a hole rather than swapping halves the writes (Knuth, *The Art of Computer
  /// Programming*, vol. 3, §5.2.3).
  ///
  /// - Complexity: O(log₄ n).
  @inline(__always)
  mutating func push(_ key: EventKey) {
    makeUniqueAndRoom(for: count + 1)
    let h = buffer.base
    var index = count
    count &+= 1
    while index > 0 {
      let parent = (index &- 1) >> 2
      let parentKey = h[parent]
      guard EventKey.precedes(key, parentKey) else { break }
      h[index] = parentKey
      index = parent
    }
    h[index] = key
  }

  /// Removes and returns the smallest key, sifting the last key down from the root;
  /// the heap must not be empty.
  ///
  /// - Complexity: O(4 log₄ n).
  @inline(__always)
  mutating func popMinimum() -> EventKey {
    precondition(count > 0, "pop from an empty event queue")
    makeUniqueAndRoom(for: count)
    let h = buffer.base
    let top = h[0]
    count &-= 1
    let n = count
    guard n > 0 else { return top }
    let item = h[n]
    var index = 0
    while true {
      let first = 4 &* index &+ 1
      guard first < n else { break }
      var best = first
      var bestKey = h[first]
      var child = first &+ 1
      let end = Swift.min(first &+ 4, n)
      while child < end {
        let key = h[child]
        if EventKey.precedes(key, bestKey) {
          best = child
          bestKey = key
        }
        child &+= 1
      }
      guard EventKey.precedes(bestKey, item) else { break }
      h[index] = bestKey
      index = best
    }
    h[index] = item
    return top
  }

  @inline(__always)
  private mutating func makeUniqueAndRoom(for needed: Int) {
    if _slowPath(!isKnownUniquelyReferenced(&buffer) || needed > buffer.capacity) {
      buffer = buffer.copy(count: count, capacity: Swift.max(needed, buffer.capacity * 2))
    }
  }
}

/// The memory under a `KeyHeap`.
///
/// `EventKey` is a trivial type, so the memory needs no initialising or deinitialising
/// beyond what the heap writes.
private final class KeyBuffer: @unchecked Sendable {
  // @unchecked: a KeyBuffer is only ever written through a uniquely referenced
  // KeyHeap (copy on write), so sharing one between threads shares immutable memory.
  let base: UnsafeMutablePointer<EventKey>
  let capacity: Int

  init(capacity: Int) {
    self.capacity = capacity
    base = .allocate(capacity: capacity)
  }

  deinit {
    base.deallocate()
  }

  func copy(count: Int, capacity: Int) -> KeyBuffer {
    let copy = KeyBuffer(capacity: capacity)
    copy.base.update(from: base, count: count)
    return copy
  }
}

extension EventQueue: Sendable where Event: Sendable {}
extension EventQueue.Entry: Sendable where Event: Sendable {}
extension EventQueue.Entry: Equatable where Event: Equatable {}

#if FLOWBOOK_INTERNAL_CHECKS
extension EventQueue {
  /// Traps unless every key is ≥ its parent's and below `nextSequence`, and every
  /// value slot is either pending or free.
  ///
  /// - Complexity: O(n).
  public func _checkInvariants() {
    if heap.count + freeCount != slots.count {
      preconditionFailure("\(heap.count) pending + \(freeCount) free ≠ \(slots.count) slots")
    }
    heap._checkInvariants(nextSequence: nextSequence)
  }
}

extension KeyHeap {
  func _checkInvariants(nextSequence: UInt64) {
    let h = buffer.base
    var index = 0
    while index < count {
      let key = h[index]
      if key.sequence >= nextSequence {
        preconditionFailure("sequence \(key.sequence) at \(index) ≥ next \(nextSequence)")
      }
      if index > 0 {
        let parent = h[(index - 1) >> 2]
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
