/// An LRU cache of at most `capacity` keys: a miss stores the key and, when full, evicts the
/// least recently used one — ElastiCache's `allkeys-lru`, and the model of `CacheModel.lru`
/// (Che, Tung & Wang 2002).
///
/// A doubly linked recency list threaded through parallel arrays of slot indices (no node
/// objects, so no reference counting or allocation per access) plus a key → slot
/// dictionary gives O(1) hits, misses and evictions. Slots are reused in place once full.
public struct KeyedLRUCache<Key: Hashable>: KeyedCache {
  /// The most keys held.
  public let capacity: Int
  private var slotOf: [Key: Int] = [:]
  private var keys: [Key] = []
  private var previous: [Int] = []
  private var next: [Int] = []
  /// Most recently used slot, or −1 when empty.
  private var head = -1
  /// Least recently used slot, or −1 when empty.
  private var tail = -1

  /// - Parameter capacity: the most keys held, ≥ 0.
  public init(capacity: Int) {
    precondition(capacity >= 0, "KeyedLRUCache capacity \(capacity) must be ≥ 0")
    self.capacity = capacity
    slotOf.reserveCapacity(min(capacity, 1 << 20))
  }

  public var count: Int { slotOf.count }

  /// Looks `key` up, making it the most recently used, and stores it on a miss.
  ///
  /// - Parameters:
  ///   - key: the key requested.
  ///   - time: unused; LRU has no clock (present for `KeyedCache`).
  /// - Returns: Whether `key` was held (a hit).
  /// - Complexity: O(1) (amortised for the dictionary).
  public mutating func access(_ key: Key, at time: Double = 0) -> Bool {
    defer { checkInvariants() }
    if let slot = slotOf[key] {
      unlink(slot)
      pushFront(slot)
      return true
    }
    guard capacity > 0 else { return false }
    let slot: Int
    if keys.count < capacity {
      slot = keys.count
      keys.append(key)
      previous.append(-1)
      next.append(-1)
    } else {
      slot = tail
      unlink(slot)
      slotOf[keys[slot]] = nil
      keys[slot] = key
    }
    slotOf[key] = slot
    pushFront(slot)
    return false
  }

  /// Whether `key` is held, without touching its recency.
  /// - Complexity: O(1).
  public func contains(_ key: Key) -> Bool { slotOf[key] != nil }

  /// - Complexity: O(count).
  public mutating func removeAll() {
    slotOf.removeAll(keepingCapacity: true)
    keys.removeAll(keepingCapacity: true)
    previous.removeAll(keepingCapacity: true)
    next.removeAll(keepingCapacity: true)
    head = -1
    tail = -1
  }

  private mutating func unlink(_ slot: Int) {
    let before = previous[slot]
    let after = next[slot]
    if before >= 0 { next[before] = after } else { head = after }
    if after >= 0 { previous[after] = before } else { tail = before }
    previous[slot] = -1
    next[slot] = -1
  }

  private mutating func pushFront(_ slot: Int) {
    next[slot] = head
    previous[slot] = -1
    if head >= 0 { previous[head] = slot } else { tail = slot }
    head = slot
  }

  /// Checks the recency list against the dictionary, under `FLOWBOOK_INTERNAL_CHECKS` only.
  ///
  /// The list must visit every held key once with consistent back links, and each key's
  /// slot must hold it. O(count), so it runs only for small caches in debug builds.
  private func checkInvariants() {
    #if FLOWBOOK_INTERNAL_CHECKS
    guard slotOf.count <= 64 else { return }  // keep large simulations fast in debug
    var seen = 0
    var slot = head
    var last = -1
    while slot >= 0 {
      precondition(previous[slot] == last, "LRU link broken at slot \(slot)")
      precondition(slotOf[keys[slot]] == slot, "LRU index disagrees at slot \(slot)")
      seen += 1
      last = slot
      slot = next[slot]
    }
    precondition(last == tail && seen == slotOf.count, "LRU list has \(seen) of \(count)")
    #endif
  }
}
