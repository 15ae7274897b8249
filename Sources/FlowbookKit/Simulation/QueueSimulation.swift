import Dispatch
import Foundation

/// One queue simulation's statistics with how fast the run was.
///
/// `statistics` is a pure function of (configuration, seed); the wall-clock figures are
/// measured with a monotonic clock, vary from run to run and machine to machine, and so
/// are kept apart: compare `statistics` for determinism, never the whole result.
public struct QueueSimulationResult: Sendable {
  /// The deterministic part.
  public var statistics: QueueStatistics
  /// Wall-clock seconds the simulation took (monotonic clock).
  public var wallClockSeconds: Double

  /// Pairs a run's statistics with its measured wall-clock time.
  public init(statistics: QueueStatistics, wallClockSeconds: Double) {
    self.statistics = statistics
    self.wallClockSeconds = wallClockSeconds
  }

  /// Measured customers (`customers`).
  public var customers: UInt64 { statistics.customers }
  /// Events handled, warm-up included (`events`).
  public var events: UInt64 { statistics.events }
  /// Mean wait in queue in seconds (`mean_wait_s`).
  public var meanWaitSeconds: Double { statistics.meanWait }
  /// Probability of waiting (`p_wait`).
  public var waitProbability: Double { statistics.waitProbability }
  /// Mean response time in seconds (`mean_response_s`).
  public var meanResponseSeconds: Double { statistics.meanResponse }
  /// 99th-percentile response time in seconds (`p99_response_s`).
  public var p99ResponseSeconds: Double { statistics.p99Response }
  /// Probability of being turned away (`blocking_probability`).
  public var blockingProbability: Double { statistics.blockingProbability }
  /// Events per wall-clock second (`events_per_second`); reported, never compared.
  public var eventsPerSecond: Double {
    wallClockSeconds > 0 ? Double(events) / wallClockSeconds : 0
  }
}

/// Simulations of classic queues (M/M/c, M/M/c/c, M/D/1, G/G/c) on the event kernel,
/// used to validate the kernel against queueing theory and to answer `simulate` in the
/// shell.
public enum QueueSimulation {
  /// Simulates an M/M/c queue: the shell's `simulate mmc arrival 9/s service 1/s
  /// servers 10 customers 1M seed 1`.
  ///
  /// ```swift
  /// let result = try QueueSimulation.mmc(
  ///   arrivalRate: 9, serviceRate: 1, servers: 10, customers: 1_000_000, seed: 1)
  /// print(result.meanWaitSeconds, result.waitProbability, result.p99ResponseSeconds)
  /// ```
  ///
  /// - Parameters:
  ///   - arrivalRate: Poisson arrivals per second.
  ///   - serviceRate: Completions per second of one busy server.
  ///   - servers: Number of servers.
  ///   - customers: Customers measured after the warm-up.
  ///   - seed: Fixes the run: the same seed gives the same statistics on any machine.
  ///   - warmUpCustomers: Customers discarded first; `nil` for a tenth of `customers`.
  /// - Returns: The statistics (mean wait, P(wait), p99 response, …) and the speed.
  /// - Throws: `QueueSimulationError` for bad parameters or ρ ≥ 1.
  /// - Complexity: O(n log c) time for n customers, O(c + longest queue) memory.
  public static func mmc(
    arrivalRate: Double, serviceRate: Double, servers: Int, customers: Int, seed: UInt64,
    warmUpCustomers: Int? = nil
  ) throws(QueueSimulationError) -> QueueSimulationResult {
    try run(
      .mmc(
        arrivalRate: arrivalRate, serviceRate: serviceRate, servers: servers,
        customers: customers, warmUpCustomers: warmUpCustomers ?? customers / 10),
      seed: seed)
  }

  /// Simulates `configuration` once with random stream `replication` of `seed` (so a
  /// single run is that replication of `replicate(_:seed:replications:)`, and a shard of a
  /// split run is reproducible from the seed and its index alone).
  ///
  /// - Returns: The run's statistics and its wall-clock time.
  /// - Throws: `QueueSimulationError` when the configuration is invalid.
  /// - Complexity: O(n log c) time for n customers, O(c + longest queue) memory.
  public static func run(
    _ configuration: QueueConfiguration, seed: UInt64, replication: Int = 0,
    interruption: Interruption? = nil
  ) throws(QueueSimulationError) -> QueueSimulationResult {
    try configuration.validate()
    let clock = ContinuousClock()
    var statistics: QueueStatistics?
    let stream = UInt64(replication)
    let elapsed = clock.measure {
      statistics = simulate(
        configuration, generator: SeededGenerator(seed: seed, stream: stream),
        interruption: interruption)
    }
    guard let statistics else { throw .interrupted }
    return QueueSimulationResult(statistics: statistics, wallClockSeconds: elapsed.seconds)
  }

  /// Runs one replication to the end: a pure function of its arguments.
  static func simulate(_ configuration: QueueConfiguration, generator: SeededGenerator)
    -> QueueStatistics
  {
    guard let statistics = simulate(configuration, generator: generator, interruption: nil)
    else { preconditionFailure("a run without an interruption always finishes") }
    return statistics
  }

  /// Runs one replication to the end, or until `interruption` is requested (nil then).
  static func simulate(
    _ configuration: QueueConfiguration, generator: SeededGenerator,
    interruption: Interruption?
  ) -> QueueStatistics? {
    // A replication that has not started when the stop comes never starts: hundreds of
    // queued replications would otherwise each run 2^16 events before looking.
    if interruption?.isRequested == true { return nil }
    var simulator = Simulator(
      model: QueueModel(configuration, generator: generator),
      minimumCapacity: configuration.servers + 1)
    simulator.model.start(&simulator.scheduler)
    if let interruption {
      guard simulator.run(checkingEvery: 1 << 16, shouldStop: { interruption.isRequested })
      else { return nil }
    } else {
      simulator.run()
    }
    var statistics = simulator.model.statistics
    statistics.events = simulator.scheduler.eventsHandled
    statistics.simulatedTime = simulator.now
    return statistics
  }
}

extension Duration {
  /// The duration in seconds as a `Double`.
  var seconds: Double {
    let (seconds, attoseconds) = components
    return Double(seconds) + Double(attoseconds) * 1e-18
  }
}
