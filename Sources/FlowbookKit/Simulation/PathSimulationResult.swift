/// What one simulated run of a path model found.
///
/// Everything but `wallClockSeconds` is a pure function of (model, scenario, seed): the
/// same on every machine and build. Memory is fixed by the run's length and the model's
/// size, never by its number of requests.
public struct PathSimulationResult: Sendable {
  /// The model's name and the scenario that ran.
  public var model: String
  public var scenario: SimulationScenario
  /// Measured requests (arrived after the warm-up) by outcome.
  public var counts: OutcomeCounts
  /// Latencies of measured successful requests (0.1 % resolution).
  public var latency: StreamingHistogram
  /// Per-bucket arrivals, completions, throttles, errors, peaks and p99 over the whole run.
  public var series: TimeSeries
  /// Per bucket: timeouts, dead-lettered, blocked, end-client attempts.
  public var timeouts: [UInt64]
  public var deadLettered: [UInt64]
  public var blocked: [UInt64]
  public var clientAttempts: [UInt64]
  /// Component names and the calls each received per bucket.
  public var components: [String]
  public var calls: [[UInt64]]
  /// Highest concurrency (slots in use in every pool) and queue depth after the warm-up.
  public var peakConcurrency: Int
  public var peakQueueDepth: Int
  /// What the run used, for its cost.
  public var usage: SimulationUsage
  /// Events the kernel handled plus arrivals.
  public var events: UInt64
  /// Wall-clock seconds the run took; reported, never compared.
  public var wallClockSeconds: Double
  /// What the simulator assumed or could not model.
  public var notes: [String]

  /// Events per wall-clock second.
  public var eventsPerSecond: Double {
    wallClockSeconds > 0 ? Double(events) / wallClockSeconds : 0
  }

  /// The percentile `p` (0…100) of successful latencies, seconds.
  public func percentile(_ p: Double) -> Double { latency.percentile(p) }

  /// Calls per bucket to the component named `name`, if there is one.
  public func calls(to name: String) -> [UInt64]? {
    components.firstIndex(of: name).map { calls[$0] }
  }
}

/// Measured requests by how they ended.
public struct OutcomeCounts: Sendable, Hashable {
  public var arrived: UInt64 = 0
  public var ok: UInt64 = 0
  public var throttled: UInt64 = 0
  public var errored: UInt64 = 0
  public var timedOut: UInt64 = 0
  public var blocked: UInt64 = 0
  public var deadLettered: UInt64 = 0
  /// Still in flight when the run stopped (after its drain limit).
  public var unfinished: UInt64 = 0

  public init() {}

  /// The share of arrivals that ended `ok` (0 when none arrived).
  public var okShare: Double { share(ok) }

  /// `count` as a share of arrivals.
  public func share(_ count: UInt64) -> Double {
    arrived == 0 ? 0 : Double(count) / Double(arrived)
  }
}

/// What a run consumed, by the units AWS bills.
public struct SimulationUsage: Sendable, Hashable {
  /// Calls reaching each component, by name.
  public var calls: [String: UInt64] = [:]
  /// Lambda invocations and cold starts, by function.
  public var invocations: [String: UInt64] = [:]
  public var coldStarts: [String: UInt64] = [:]
  /// Lambda invocations stopped at the function timeout, by function.
  public var functionTimeouts: [String: UInt64] = [:]
  /// SQS messages processed a second time after their batch timed out, by queue.
  public var reprocessed: [String: UInt64] = [:]
  /// Lambda GB-seconds of handler time, by function.
  public var gigabyteSeconds: [String: Double] = [:]
  /// DynamoDB read and write units consumed, by table.
  public var readUnits: [String: Double] = [:]
  public var writeUnits: [String: Double] = [:]
  /// SQS API requests (send, receive, delete), by queue.
  public var queueRequests: [String: UInt64] = [:]
  /// Simulated seconds the run covered (for time-billed resources).
  public var seconds: Double = 0
  /// Calls refused, by the registry name of the limit that refused them
  /// (`apigateway.throttle`, `dynamodb.read_units`); a retried call counts each time,
  /// warm-up included.
  public var throttles: [String: UInt64] = [:]
  /// Polls a limit held back, by registry name (`intake_queue.inflight`): messages
  /// waited in the queue rather than fail.
  public var heldBack: [String: UInt64] = [:]

  public init() {}

  /// Adds `count` refusals by `limit` (nothing when 0).
  mutating func count(_ count: UInt64, against limit: String) {
    guard count > 0 else { return }
    throttles[limit, default: 0] &+= count
  }
}
