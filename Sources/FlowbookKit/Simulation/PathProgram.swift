/// A path model compiled for the simulator: a flat list of instructions with jumps, and
/// the tables they index.
///
/// The simulator walks each request through this program. Most instructions are
/// *stateless*: a hop draws a latency (a pure function of the hop, the time and the
/// generator, faults included), a branch draws an arm, and neither needs the simulated
/// clock to have reached the request's own clock. Those run at once, ahead of the clock.
/// *Stateful* instructions (a token bucket, a concurrency pool, a table's capacity, a
/// breaker, a queue, a keyed cache) read and change shared state, so they run only when
/// the event kernel's clock reaches the request: the request is parked as an event until
/// then. On the golden path 95 % of requests are CDN hits that never meet a stateful
/// instruction, which is what makes a simulated Prime Day minute affordable.
///
/// Failures unwind like exceptions: every instruction has a *fail target*, the next
/// clean-up instruction out from it (a `release` of a concurrency slot, a breaker's
/// `breakerExit`) or the program's `end`. A failed request visits only clean-up
/// instructions on its way out, so it always gives back what it holds.
struct PathProgram: Sendable {
  var ops: [PathOp] = []
  /// `failTargets[pc]`: where a request that fails at `pc` goes next.
  var failTargets: [Int32] = []
  var components: [ComponentInfo] = []
  /// Each component's kind and whether it is regional, by index: plain values the walk
  /// reads without touching the names.
  var kinds: [ComponentKind] = []
  var regional: [Bool] = []
  var hops: [HopSpec] = []
  /// Every latency distribution the program draws from.
  var samplers = SamplerTable()
  var branches: [BranchSpec] = []
  /// Branch arms, flat: cumulative weights and first instructions (see `BranchSpec`).
  var branchWeights: [Double] = []
  var branchTargets: [Int32] = []
  var caches: [CacheSpec] = []
  var fanOuts: [FanOutSpec] = []
  var retries: [RetrySpec] = []
  var gates: [TokenBucket] = []
  var limiters: [ClientLimiterSpec] = []
  var pools: [PoolSpec] = []
  var tables: [TableSpec] = []
  var queues: [QueueSpec] = []
  var breakers: [Int32] = []
  /// The breakers' settings (`CircuitBreakerSettings(model:)`, the workload's `breaker_*`).
  var breakerSettings = CircuitBreakerSettings()
  /// Keyed caches, by component index (TTL or LRU), when the workload names keys.
  var keyedCaches: [KeyedCacheSpec] = []
  /// Zipf sampler of keys, when keyed caches are in use.
  var keys: ZipfSampler?
  /// Notes for the result: what the simulator assumed or could not model.
  var notes: [String] = []
}

/// One instruction of a compiled path.
///
/// Payloads index the program's tables.
enum PathOp: Sendable, Equatable {
  /// Draw the hop's latency (faults applied) and add it to the request's clock.
  case hop(Int32)
  /// Draw an arm and jump to it.
  case branch(Int32)
  /// A cache's hit-or-miss decision (probabilistic, or keyed when `keyed` ≥ 0).
  case cache(Int32)
  case jump(Int32)
  /// Run the body `count` times at once and wait for all.
  case fanOut(Int32)
  /// Run the body under a per-attempt timeout, retrying with backoff.
  case retry(Int32)
  /// End of the program or of a fan-out or retry body.
  case end
  /// API Gateway's token bucket: pass, or 429.
  case gate(Int32)
  /// WAF's rate-based rule per client IP: pass, or blocked as throttled.
  case clientLimit(Int32)
  /// Take a concurrency slot (Lambda environment, ECS worker) or wait or be throttled.
  case acquire(Int32)
  /// Give the slot back (a clean-up instruction).
  case release(Int32)
  /// Consume a table's read or write units, or be throttled.
  case capacity(Int32)
  /// Ask the component's circuit breaker for permission (fail fast when open).
  case breakerEnter(Int32)
  /// Report the call's outcome to the breaker (a clean-up instruction).
  case breakerExit(Int32)
  /// Send the request's message to an SQS queue; consumers take it from there.
  case enqueue(Int32)

  /// Whether the instruction reads or changes shared state, so must run at its time.
  var isStateful: Bool {
    switch self {
    case .hop, .branch, .jump, .end, .fanOut, .retry: return false
    case .cache: return false  // keyed caches are checked through `CacheSpec.keyed`
    default: return true
    }
  }

  /// Whether a failing request still runs it (it gives something back).
  var isCleanup: Bool {
    switch self {
    case .release, .breakerExit, .end: return true
    default: return false
    }
  }
}

/// What the simulator needs to know about a component besides its hops.
struct ComponentInfo: Sendable {
  var name: String
  var kind: ComponentKind
  /// Served from one region (fails with it); DNS, CDN and WAF are global edge services.
  var isRegional: Bool {
    switch kind {
    case .dns, .cdn, .waf: return false
    default: return true
    }
  }
}

/// One hop: its component, its latency (an index into `samplers`) and, for a WAF, its
/// rule block rate.
struct HopSpec: Sendable {
  var component: Int32
  var sampler: Int32
  /// Share of requests a WAF blocks by rule (403): not retried, not an error.
  var blockRate: Double
}

/// A probabilistic branch: its arms at `first..<first + count` of the program's
/// `branchWeights` (cumulative, normalised) and `branchTargets` (first instructions).
///
/// Flat tables keep reference counting out of the walk.
struct BranchSpec: Sendable {
  var first: Int32
  var count: Int32
}

/// A cache's hit-or-miss branch.
struct CacheSpec: Sendable {
  var component: Int32
  /// The branch's hit probability (the model's `hit_rate`).
  var hitProbability: Double
  /// The cache's TTL, which sets how fast a flushed cache refills (0: unknown).
  var ttl: Double
  var hitTarget: Int32
  var missTarget: Int32
  /// Index into `keyedCaches`, or −1 for a probabilistic cache.
  var keyed: Int32
}

/// Parallel fan-out: `count` copies of the body, waiting for all.
struct FanOutSpec: Sendable {
  var count: Int
  var body: Int32
  /// The instruction after the fan-out.
  var next: Int32
  /// Whether the body contains a stateful instruction.
  var stateful: Bool
}

/// Retries with a per-attempt timeout.
struct RetrySpec: Sendable {
  /// How long the caller waits between attempts.
  enum Backoff: Sendable {
    /// The same distribution before every retry (a model file's `retry:` node), an index
    /// into the program's samplers.
    case distribution(Int32)
    /// Capped exponential backoff with full jitter: before retry k, uniform on
    /// [0, min(cap, base·2^(k−1))] (Brooker, "Exponential Backoff and Jitter", AWS
    /// Architecture Blog, 2015).
    case fullJitter(base: Double, cap: Double)
  }

  var timeout: Double
  var attempts: Int
  var backoff: Backoff
  var body: Int32
  var next: Int32
  var stateful: Bool
  /// The end client's retry around the whole path: its attempts are counted as load.
  var isClient: Bool

  /// The longest a caller can wait at this retry: every attempt to its deadline and every
  /// backoff at its ceiling; infinity when unbounded (a lone timeout is judged only when
  /// its attempt ends, and a model's backoff distribution may have no ceiling).
  var longestWait: Double {
    guard isClient || attempts > 1, case .fullJitter(let base, let cap) = backoff else {
      return .infinity
    }
    var total = Double(attempts) * timeout
    for retry in stride(from: 1, to: attempts, by: 1) {
      total += min(cap, base * Double(1 << min(retry - 1, 40)))
    }
    return total
  }

  /// The wait before retry `retry` (1 for the first retry).
  @inline(__always)
  func backoff(
    before retry: Int, _ samplers: SamplerTable, _ generator: inout SeededGenerator
  ) -> Double {
    switch backoff {
    case .distribution(let sampler):
      return samplers.sample(sampler, &generator)
    case .fullJitter(let base, let cap):
      let ceiling = min(cap, base * Double(1 << min(retry - 1, 40)))
      return ceiling * generator.uniform()
    }
  }
}

/// WAF's rate-based rule: requests per client IP per window.
struct ClientLimiterSpec: Sendable {
  var component: Int32
  /// Requests one IP may send per window before it is blocked.
  var limit: Double
  /// The evaluation window in seconds.
  var window: Double
  /// How often WAF re-decides which clients are over the limit, seconds.
  var checkInterval: Double
  var clients: Int
  /// Zipf sampler of the client behind each request (nil: clients equally active).
  var skew: ZipfSampler?
}

/// A concurrency pool: a function's environments or a service's workers.
enum PoolSpec: Sendable {
  case function(FunctionSettings)
  case service(ServiceSettings)

  var component: Int32 {
    switch self {
    case .function(let settings): return settings.component
    case .service(let settings): return settings.component
    }
  }
}

/// A table's capacity: read and write units per call, and the units per second.
struct TableSpec: Sendable {
  var component: Int32
  var readUnitsPerCall: Double
  var writeUnitsPerCall: Double
  var writeShare: Double
  /// Units per second: provisioned capacity, or an on-demand table's previous peak; nil
  /// when the model gives none.
  var readCapacity: Double?
  var writeCapacity: Double?
  /// On demand: the table's maximum throughput (AWS's per-table quota); nil: unbounded.
  var readMaximum: Double?
  var writeMaximum: Double?
  /// On-demand doubles its previous peak; provisioned keeps 300 s of unused capacity.
  var onDemand: Bool
}

/// An SQS queue and the function that consumes it.
struct QueueSpec: Sendable {
  var component: Int32
  var pool: Int32
  /// The consumer's hop (start-up then handler latency, once per batch).
  var consumerHop: Int32
  /// Where a received message continues, after the consumer's hop.
  var messageResume: Int32
  var batchSize: Int
  /// The most batches the mapping may run at once (`QUEUE.esm_batches`).
  var maximumBatches: Double = .infinity
  /// The most messages received and not yet deleted (`QUEUE.inflight`: 120,000 for a
  /// standard queue); a poll past it gets no messages until batches finish.
  var inflightLimit: Double = .infinity
  var visibilityTimeout: Double
  /// Receives before a message goes to the DLQ; nil: never.
  var maxReceiveCount: Int?
  /// A failed message fails its whole batch (AWS's default), rather than only itself
  /// (`ReportBatchItemFailures`, the queue's `batch_failure: item`).
  var wholeBatch = true
  /// Pools whose slots the sending task holds at the send, outermost first.
  ///
  /// A queue inside a branch of a function's or service's call: the slots are given back
  /// at the send.
  var senders: [HeldSlot] = []
  /// The consumer's own release instruction: a release of the same pool nested inside
  /// the consumer's call is not the end of the message.
  var consumerRelease: Int32 = -1
}

/// A concurrency slot a task holds while it runs through a call, as the compiler sees
/// it: the pool, and the queue whose consumer the call is (−1 for a plain call).
struct HeldSlot: Sendable, Equatable {
  var pool: Int32
  var consumerOf: Int32 = -1
}

/// A keyed cache: TTL (by default) or LRU with a capacity in keys.
struct KeyedCacheSpec: Sendable {
  var component: Int32
  var ttl: Double?
  var capacity: Int?
}
