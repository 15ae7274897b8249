/// A cache of keys only (values are not simulated): an access either hits or misses and
/// stores the key.
///
/// The discrete-event simulator runs the same CDN, Redis and DAX tiers as `CacheModel`, so
/// the analytical hit ratios can be checked against a simulation key by key. Both
/// implementations do O(1) work per access and never grow beyond the keys they hold.
public protocol KeyedCache<Key> {
  associatedtype Key: Hashable
  /// Looks `key` up at simulated `time` (seconds, non-decreasing between calls) and stores it
  /// on a miss.
  /// - Returns: true on a hit.
  mutating func access(_ key: Key, at time: Double) -> Bool
  /// Empties the cache, as a flush or a failover to a cold replica does.
  mutating func removeAll()
  /// The number of keys held.
  var count: Int { get }
}

/// A TTL cache: a key stored by a miss at time t is served until t + ttl, hits do not extend
/// it — the semantics of Redis `SET key value EX ttl` and of a CloudFront `max-age`, and the
/// model of `CacheModel.ttl` (Jung, Berger & Balakrishnan 2003).
///
/// Every entry has the same lifetime, so expiry order is insertion order: a FIFO of
/// (key, expiry) purges expired keys in amortised O(1) without a heap, and memory is bounded
/// by the live entries.
public struct KeyedTTLCache<Key: Hashable>: KeyedCache {
  /// Entry lifetime, seconds.
  public let ttl: Double
  private var expiry: [Key: Double] = [:]
  private var queue: [(key: Key, expiry: Double)] = []
  private var queueHead = 0
  private var lastTime = -Double.infinity

  /// - Parameter ttl: entry lifetime in seconds, finite and ≥ 0.
  public init(ttl: Double) {
    precondition(ttl.isFinite && ttl >= 0, "KeyedTTLCache ttl \(ttl) must be finite and ≥ 0")
    self.ttl = ttl
  }

  public var count: Int { expiry.count }

  /// - Complexity: amortised O(1).
  public mutating func access(_ key: Key, at time: Double) -> Bool {
    precondition(time >= lastTime, "KeyedTTLCache time went back from \(lastTime) to \(time)")
    lastTime = time
    purge(through: time)
    if let until = expiry[key], until > time { return true }
    expiry[key] = time + ttl
    queue.append((key, time + ttl))
    return false
  }

  /// Whether `key` would hit at `time`, without storing it.
  /// - Complexity: O(1).
  public func contains(_ key: Key, at time: Double) -> Bool {
    (expiry[key] ?? -.infinity) > time
  }

  /// - Complexity: O(count).
  public mutating func removeAll() {
    expiry.removeAll(keepingCapacity: true)
    queue.removeAll(keepingCapacity: true)
    queueHead = 0
  }

  /// Drops every entry whose expiry is at or before `time`.
  private mutating func purge(through time: Double) {
    while queueHead < queue.count, queue[queueHead].expiry <= time {
      let entry = queue[queueHead]
      if expiry[entry.key] == entry.expiry { expiry[entry.key] = nil }
      queueHead += 1
    }
    if queueHead >= 1_024, queueHead * 2 >= queue.count {
      queue.removeFirst(queueHead)
      queueHead = 0
    }
  }
}
