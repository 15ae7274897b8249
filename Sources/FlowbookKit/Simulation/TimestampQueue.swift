/// A queue of timestamps on a power-of-two circular array, O(1) at both ends.
///
/// Used first-in, first-out by a waiting room (`QueueModel`) and, holding task references'
/// bits, by service and SQS queues (`TaskQueue`); and as a stack that expires from the
/// bottom by a pool of idle environments (`FunctionPool`: newest on top, oldest expired
/// first).
///
/// A simulated waiting room needs O(1) append and remove-first with no allocation per
/// customer; `Array.removeFirst()` is O(n). It holds plain `Double`s rather than being
/// generic because a generic element costs a runtime metadata look-up per operation in
/// a debug build, where the test suite pushes millions of customers through it. The
/// buffer only grows (doubling), so its memory is bounded by the longest backlog of the
/// run, not by the number of customers that passed through.
struct TimestampQueue: Sendable {
  private var storage: [Double]
  private var head = 0
  private(set) var count = 0

  /// Creates an empty queue with room for at least `minimumCapacity` timestamps.
  init(minimumCapacity: Int = 16) {
    var capacity = 1
    while capacity < minimumCapacity { capacity <<= 1 }
    storage = Array(repeating: 0, count: capacity)
  }

  var isEmpty: Bool { count == 0 }

  /// The oldest timestamp, if any.
  var first: Double? { count > 0 ? storage[head] : nil }

  /// Adds `time` at the back.
  ///
  /// - Complexity: amortised O(1).
  @inline(__always)
  mutating func append(_ time: Double) {
    if count == storage.count { grow() }
    storage[(head &+ count) & (storage.count &- 1)] = time
    count &+= 1
  }

  /// Removes and returns the front timestamp; the queue must not be empty.
  ///
  /// - Complexity: O(1).
  @inline(__always)
  mutating func removeFirst() -> Double {
    precondition(count > 0, "removeFirst from an empty TimestampQueue")
    let time = storage[head]
    head = (head &+ 1) & (storage.count &- 1)
    count &-= 1
    return time
  }

  /// Removes and returns the newest timestamp; the queue must not be empty.
  ///
  /// - Complexity: O(1).
  mutating func removeLast() -> Double {
    precondition(count > 0, "removeLast from an empty TimestampQueue")
    count &-= 1
    return storage[(head &+ count) & (storage.count &- 1)]
  }

  private mutating func grow() {
    var bigger = [Double](repeating: 0, count: storage.count * 2)
    for offset in 0..<count {
      bigger[offset] = storage[(head + offset) & (storage.count - 1)]
    }
    storage = bigger
    head = 0
  }
}
