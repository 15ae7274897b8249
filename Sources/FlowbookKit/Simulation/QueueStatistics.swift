/// The statistics of one queue simulation (or of several merged), in memory independent
/// of the number of customers.
///
/// Only customers that arrive after the warm-up count. Waits and responses are summed
/// exactly; the response-time distribution is a `StreamingHistogram`.
public struct QueueStatistics: Sendable, Equatable {
  /// Measured customers that arrived (admitted or blocked).
  public var customers: UInt64 = 0
  /// Measured customers admitted (and, by the end of the run, served).
  public var served: UInt64 = 0
  /// Measured customers turned away because the system was full.
  public var blocked: UInt64 = 0
  /// Measured admitted customers who found every server busy and had to wait.
  public var queued: UInt64 = 0
  /// Events the kernel handled, warm-up included.
  public var events: UInt64 = 0
  /// Sum of the measured customers' waits in the queue, in seconds.
  public var totalWait: Double = 0
  /// Simulated time at the end of the run, in seconds (summed when merged).
  public var simulatedTime: Double = 0
  /// Distribution of the measured customers' response times (wait + service).
  public var response = StreamingHistogram()
  /// Sum of the measured customers' response times in seconds (kept by `response`).
  public var totalResponse: Double { response.sumSeconds }

  /// Empty statistics, to merge runs into.
  public init() {}

  /// Mean wait in the queue of admitted customers, Wq, in seconds.
  public var meanWait: Double { served == 0 ? 0 : totalWait / Double(served) }
  /// Fraction of admitted customers who had to wait (Erlang C for M/M/c).
  public var waitProbability: Double { served == 0 ? 0 : Double(queued) / Double(served) }
  /// Mean response time (wait + service) of admitted customers, W, in seconds.
  public var meanResponse: Double { served == 0 ? 0 : totalResponse / Double(served) }
  /// 99th-percentile response time in seconds (0.1 % resolution).
  public var p99Response: Double { response.percentile(99) }
  /// Fraction of arrivals turned away (Erlang B for M/M/c/c).
  public var blockingProbability: Double {
    customers == 0 ? 0 : Double(blocked) / Double(customers)
  }

  /// Adds another run's statistics (a replication or a shard).
  ///
  /// - Complexity: O(b) for the response histogram's b buckets.
  public mutating func merge(_ other: QueueStatistics) {
    customers &+= other.customers
    served &+= other.served
    blocked &+= other.blocked
    queued &+= other.queued
    events &+= other.events
    totalWait += other.totalWait
    simulatedTime += other.simulatedTime
    response.merge(other.response)
  }
}

// MARK: - Shards

extension QueueStatistics {
  /// The statistics as a shard (counters, sums and the response histogram), to be
  /// written to a file and merged with other processes' shards.
  public func shard() -> SimulationShard {
    SimulationShard(
      counters: [
        "customers": customers, "served": served, "blocked": blocked, "queued": queued,
        "events": events,
      ],
      sums: ["wait_s": totalWait, "simulated_time_s": simulatedTime],
      histograms: ["response_s": response])
  }

  /// Reads statistics back from a shard made by `shard()` (or a merge of such shards).
  ///
  /// - Throws: `ShardFileError.missing` naming the first record that is not there.
  public init(shard: SimulationShard) throws(ShardFileError) {
    func counter(_ name: String) throws(ShardFileError) -> UInt64 {
      guard let value = shard.counters[name] else { throw .missing("counter \(name)") }
      return value
    }
    func sum(_ name: String) throws(ShardFileError) -> Double {
      guard let value = shard.sums[name] else { throw .missing("sum \(name)") }
      return value
    }
    self.init()
    customers = try counter("customers")
    served = try counter("served")
    blocked = try counter("blocked")
    queued = try counter("queued")
    events = try counter("events")
    totalWait = try sum("wait_s")
    simulatedTime = try sum("simulated_time_s")
    guard let histogram = shard.histograms["response_s"] else {
      throw .missing("histogram response_s")
    }
    response = histogram
  }
}
