/// A first-in, first-out buffer on a power-of-two circular array.
///
/// Simulated waiting rooms (a FIFO queue of customers, later an SQS backlog) need O(1)
/// append and remove-first with no per-operation allocation; `Array.removeFirst()` is
/// O(n). The buffer only grows (doubling), so its memory is bounded by the largest
/// backlog the run ever had, not by the number of customers that passed through.
struct RingBuffer<Element> {
  private var storage: [Element?]
  private var head = 0
  private(set) var count = 0

  /// Creates an empty buffer with room for at least `minimumCapacity` elements.
  init(minimumCapacity: Int = 16) {
    var capacity = 1
    while capacity < minimumCapacity { capacity <<= 1 }
    storage = Array(repeating: nil, count: capacity)
  }

  var isEmpty: Bool { count == 0 }

  /// The number of elements the buffer holds before it must grow.
  var capacity: Int { storage.count }

  /// Adds `element` at the back.
  ///
  /// - Complexity: amortised O(1).
  mutating func append(_ element: Element) {
    if count == storage.count { grow() }
    storage[(head &+ count) & (storage.count &- 1)] = element
    count &+= 1
  }

  /// Removes and returns the front element, or `nil` when empty.
  ///
  /// - Complexity: O(1).
  mutating func popFirst() -> Element? {
    guard count > 0 else { return nil }
    let element = storage[head]
    storage[head] = nil
    head = (head &+ 1) & (storage.count &- 1)
    count &-= 1
    return element
  }

  private mutating func grow() {
    var bigger = [Element?](repeating: nil, count: storage.count * 2)
    for offset in 0..<count {
      bigger[offset] = storage[(head + offset) & (storage.count - 1)]
    }
    storage = bigger
    head = 0
  }
}

extension RingBuffer: Sendable where Element: Sendable {}
