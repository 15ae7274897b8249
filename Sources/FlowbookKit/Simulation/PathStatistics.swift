/// How a request ended.
enum RequestOutcome: UInt8, Sendable, CaseIterable {
  /// Answered successfully.
  case ok
  /// Refused for a limit: API Gateway or Lambda 429, WAF rate rule, DynamoDB throughput.
  case throttled
  /// Failed: a component down or erroring, a breaker failing fast.
  case errored
  /// The caller gave up waiting (API Gateway's integration timeout, a client timeout).
  case timedOut
  /// Blocked by a WAF rule (403): not a fault, not retried.
  case blocked
  /// Its message exhausted its receives and went to the dead-letter queue.
  case deadLettered

  /// Whether a retrying caller tries again after this outcome.
  var isRetryable: Bool {
    switch self {
    case .throttled, .errored, .timedOut: return true
    case .ok, .blocked, .deadLettered: return false
    }
  }
}

/// Counters, latencies and time series gathered by one part of a run (an arrival stream
/// or the stateful core), merged in a fixed order into the run's result.
///
/// Memory depends on the run's length (buckets) and the model's size (components), never
/// on the number of requests.
struct PathStatistics: Sendable {
  /// Requests by outcome, among measured ones (arrived after the warm-up).
  var outcomes = [UInt64](repeating: 0, count: RequestOutcome.allCases.count)
  /// Measured requests that arrived.
  var arrived: UInt64 = 0
  /// Every request that arrived, warm-up included (for conservation checks).
  var arrivedInRun: UInt64 = 0
  /// Every request that ended, warm-up included.
  var endedInRun: UInt64 = 0
  /// Latencies of measured successful requests.
  var latency = StreamingHistogram()
  /// Arrivals, completions, throttles, errors, peaks and p99 per bucket (all requests).
  var series: TimeSeries
  /// Per bucket: timeouts, dead-lettered, blocked, and attempts by end clients.
  var timeouts: [UInt64]
  var deadLettered: [UInt64]
  var blocked: [UInt64]
  var clientAttempts: [UInt64]
  /// Calls reaching each component per bucket, `calls[component × buckets + bucket]`.
  var calls: [UInt64]
  /// Calls reaching each component over the whole run, drain included (for billing).
  var totalCalls: [UInt64]
  let components: Int

  init(duration: Double, bucketWidth: Double, components: Int) {
    series = TimeSeries(duration: duration, bucketWidth: bucketWidth)
    let buckets = series.bucketCount
    timeouts = Array(repeating: 0, count: buckets)
    deadLettered = timeouts
    blocked = timeouts
    clientAttempts = timeouts
    calls = Array(repeating: 0, count: buckets * components)
    totalCalls = Array(repeating: 0, count: components)
    self.components = components
  }

  /// Counts an arrival at `time`.
  @inline(__always)
  mutating func arrive(at time: Double, measured: Bool) {
    arrivedInRun &+= 1
    if measured { arrived &+= 1 }
    series.recordArrival(at: time)
  }

  /// Counts a call reaching `component` at `time`.
  @inline(__always)
  mutating func call(_ component: Int32, at time: Double) {
    totalCalls[Int(component)] &+= 1
    if let bucket = series.bucket(at: time) {
      calls[Int(component) &* series.bucketCount &+ bucket] &+= 1
    }
  }

  /// Counts an end client's attempt (the first one included) at `time`.
  @inline(__always)
  mutating func attempt(at time: Double) {
    if let bucket = series.bucket(at: time) { clientAttempts[bucket] &+= 1 }
  }

  /// Records a request that ended at `time` with `outcome`.
  ///
  /// - Complexity: O(1) amortised.
  @inline(__always)
  mutating func end(
    arrival: Double, at time: Double, _ outcome: RequestOutcome, measured: Bool
  ) {
    endedInRun &+= 1
    if measured {
      outcomes[Int(outcome.rawValue)] &+= 1
      if outcome == .ok { latency.record(time - arrival) }
    }
    let bucket = series.bucket(at: time)
    switch outcome {
    case .ok: series.recordCompletion(at: time, latency: time - arrival)
    case .throttled: series.recordThrottle(at: time)
    case .errored: series.recordError(at: time)
    case .timedOut: if let bucket { timeouts[bucket] &+= 1 }
    case .blocked: if let bucket { blocked[bucket] &+= 1 }
    case .deadLettered: if let bucket { deadLettered[bucket] &+= 1 }
    }
  }

  /// Adds another part's statistics (same shape).
  ///
  /// - Complexity: O(buckets × components).
  mutating func merge(_ other: PathStatistics) {
    for index in outcomes.indices { outcomes[index] &+= other.outcomes[index] }
    arrived &+= other.arrived
    arrivedInRun &+= other.arrivedInRun
    endedInRun &+= other.endedInRun
    latency.merge(other.latency)
    series.merge(other.series)
    for index in timeouts.indices {
      timeouts[index] &+= other.timeouts[index]
      deadLettered[index] &+= other.deadLettered[index]
      blocked[index] &+= other.blocked[index]
      clientAttempts[index] &+= other.clientAttempts[index]
    }
    for index in calls.indices { calls[index] &+= other.calls[index] }
    for index in totalCalls.indices { totalCalls[index] &+= other.totalCalls[index] }
  }
}
