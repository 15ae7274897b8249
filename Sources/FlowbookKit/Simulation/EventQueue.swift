/// A future-event list: events kept in a 4-ary min-heap, totally ordered by
/// `(time, sequence)`.
///
/// A discrete-event run is deterministic only if simultaneous events always come out in
/// the same order, so every event gets a sequence number when it is scheduled and ties in
/// time are broken by it: events due at the same instant run in the order they were
/// scheduled (first in, first out). This is SimPy's `(time, priority, eid)` key with the
/// priority folded into the order of scheduling. Events are plain values (an enum chosen
/// by the model), not closures or coroutines, so the heap is one contiguous array and a
/// step allocates nothing once the array has grown to the run's largest pending count.
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

  private var heap: [Entry] = []
  /// The sequence number the next scheduled event will get.
  public private(set) var nextSequence: UInt64 = 0

  /// Creates an empty queue with room for `minimumCapacity` pending events.
  public init(minimumCapacity: Int = 0) {
    heap.reserveCapacity(minimumCapacity)
  }

  /// The number of pending events.
  ///
  /// - Complexity: O(1).
  public var count: Int { heap.count }

  /// Whether no event is pending.
  ///
  /// - Complexity: O(1).
  public var isEmpty: Bool { heap.isEmpty }

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
    heap.append(Entry(time: time, sequence: sequence, event: event))
    siftUp(from: heap.count - 1)
    return sequence
  }

  /// The due event (smallest `(time, sequence)`), without removing it.
  ///
  /// - Complexity: O(1).
  public func peek() -> Entry? {
    heap.first
  }

  /// Removes and returns the due event, or `nil` when none is pending.
  ///
  /// - Complexity: O(4 log₄ n) comparisons.
  public mutating func pop() -> Entry? {
    guard let last = heap.popLast() else { return nil }
    guard !heap.isEmpty else { return last }
    let top = heap[0]
    heap[0] = last
    siftDown(from: 0)
    return top
  }

  /// Removes every pending event; sequence numbers continue from where they were.
  ///
  /// - Complexity: O(n).
  public mutating func removeAll() {
    heap.removeAll(keepingCapacity: true)
  }

  // MARK: - Heap order

  @inline(__always)
  private static func precedes(_ a: Entry, _ b: Entry) -> Bool {
    a.time < b.time || (a.time == b.time && a.sequence < b.sequence)
  }

  private mutating func siftUp(from start: Int) {
    heap.withUnsafeMutableBufferPointer { h in
      var index = start
      let item = h[index]
      while index > 0 {
        let parent = (index &- 1) >> 2
        guard Self.precedes(item, h[parent]) else { break }
        h[index] = h[parent]
        index = parent
      }
      h[index] = item
    }
  }

  private mutating func siftDown(from start: Int) {
    heap.withUnsafeMutableBufferPointer { h in
      let n = h.count
      var index = start
      let item = h[index]
      while true {
        let first = 4 &* index &+ 1
        guard first < n else { break }
        var best = first
        var child = first &+ 1
        let end = Swift.min(first &+ 4, n)
        while child < end {
          if Self.precedes(h[child], h[best]) { best = child }
          child &+= 1
        }
        guard Self.precedes(h[best], item) else { break }
        h[index] = h[best]
        index = best
      }
      h[index] = item
    }
  }
}

extension EventQueue: Sendable where Event: Sendable {}
extension EventQueue.Entry: Sendable where Event: Sendable {}
extension EventQueue.Entry: Equatable where Event: Equatable {}

#if FLOWBOOK_INTERNAL_CHECKS
  extension EventQueue {
    /// Traps unless every entry's key is ≥ its parent's and below `nextSequence`.
    ///
    /// - Complexity: O(n).
    public func _checkInvariants() {
      for index in heap.indices {
        let entry = heap[index]
        precondition(
          entry.sequence < nextSequence,
          "sequence \(entry.sequence) at \(index) not below next \(nextSequence)")
        guard index > 0 else { continue }
        let parent = heap[(index - 1) >> 2]
        precondition(
          !Self.precedes(entry, parent),
          "heap order broken at \(index): (\(entry.time), \(entry.sequence)) precedes "
            + "parent (\(parent.time), \(parent.sequence))")
      }
    }
  }
#endif
