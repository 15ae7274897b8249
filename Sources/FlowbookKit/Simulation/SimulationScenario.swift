/// What one `simulate` run puts the path model through: how long, what traffic, which
/// faults, which breakers, and the seed that fixes every random draw.
///
/// A scenario is a value, like the model it runs on, so the same scenario on the same model
/// and seed gives the same result on any machine. It is also stored on the model
/// (`PathModel.simulation`) after a run, so that a `sweep` over a parameter can re-run the
/// very same scenario at every point through the `simulate` analysis.
///
/// Times are seconds from the start of the run; the warm-up, if any, is the first part of
/// the run and its requests are left out of every statistic (Law, *Simulation Modeling and
/// Analysis*, 5th ed., §9.5.1: the empty-and-idle start biases early figures).
public struct SimulationScenario: Sendable, Hashable {
  /// Length of the run in simulated seconds, warm-up included.
  public var duration: Double
  /// Seconds at the start whose requests are not measured.
  public var warmUp: Double
  /// Arrivals over time.
  public var traffic: TrafficProfile
  /// Faults injected at given times, in the order written.
  public var faults: [FaultSpec]
  /// Components whose callers use the seed's circuit breaker.
  public var breakers: [String]
  /// Fixes the run: the same seed gives the same output.
  public var seed: UInt64
  /// Seconds per time-series bucket.
  public var bucketWidth: Double
  /// Availability zones the regional services are spread over (for `fault az`).
  public var availabilityZones: Int
  /// AWS quotas and client defaults (from the quota catalog when the command found it).
  public var limits: SimulationLimits
  /// Whether the base rate is the model's `workload.rate` (`simulate` without `rate`).
  ///
  /// Then the `simulate` analysis re-reads it, so `sweep workload.rate … show
  /// simulate.recovered` varies the offered load. A rate typed in the command stays fixed.
  public var followsWorkloadRate = false

  /// The longest the run goes on after `duration` to let requests in flight finish.
  ///
  /// Arrivals stop at `duration`; what is still in flight 300 s later (a queue that never
  /// drains) is reported as unfinished rather than waited for.
  public static let drainLimit = 300.0

  /// Creates a scenario.
  public init(
    duration: Double, warmUp: Double = 0, traffic: TrafficProfile, faults: [FaultSpec] = [],
    breakers: [String] = [], seed: UInt64 = 1, bucketWidth: Double = 1,
    availabilityZones: Int = 3, limits: SimulationLimits = SimulationLimits()
  ) {
    self.duration = duration
    self.warmUp = warmUp
    self.traffic = traffic
    self.faults = faults
    self.breakers = breakers
    self.seed = seed
    self.bucketWidth = bucketWidth
    self.availabilityZones = availabilityZones
    self.limits = limits
  }

  /// The longest run, in seconds: a week (flowbook's bound).
  public static let longestRun = 86_400.0 * 7
  /// The most time-series buckets a run may have (flowbook's bound: the series is
  /// allocated up front, about 100 bytes a bucket).
  public static let mostBuckets = 1e6

  /// Why the scenario cannot run, or nil.
  ///
  /// - Complexity: O(faults + traffic change points).
  public var problem: String? {
    guard duration > 0, duration.isFinite, duration <= Self.longestRun else {
      return "the run's length must be more than 0 s and at most a week"
    }
    guard warmUp >= 0, warmUp < duration else {
      return "the warm-up must be shorter than the run"
    }
    guard bucketWidth > 0, duration / bucketWidth <= Self.mostBuckets else {
      return "use a time-series bucket of at least duration / 1,000,000"
    }
    guard availabilityZones >= 2, availabilityZones <= 6 else {
      return "availability zones must be from 2 to 6"
    }
    if let bad = traffic.problem { return bad }
    for fault in faults {
      if let bad = fault.problem { return bad }
    }
    return nil
  }
}

/// A fault injected into a run: what breaks, from when, for how long.
public struct FaultSpec: Sendable, Hashable, CustomStringConvertible {
  /// What goes wrong.
  public enum Kind: Sendable, Hashable {
    /// Every call fails at once (connection refused); a cache that is down misses.
    case down
    /// Every call takes `factor` times as long.
    case latency(factor: Double)
    /// A call fails with probability `rate` after its usual latency.
    case errors(rate: Double)
    /// A cache or CDN loses every entry at the start time.
    case flush
    /// One availability zone of `zones` is lost (needs no component).
    case zoneLoss
    /// The region fails and Route 53 fails over to a standby region (no component).
    case regionFailover
  }

  /// The component affected; nil for zone loss and region failover.
  public var component: String?
  public var kind: Kind
  /// When the fault starts, seconds from the start of the run.
  public var start: Double
  /// How long it lasts; nil for the rest of the run (a flush is instantaneous).
  public var duration: Double?

  /// Creates a fault.
  public init(component: String?, kind: Kind, start: Double, duration: Double? = nil) {
    self.component = component
    self.kind = kind
    self.start = start
    self.duration = duration
  }

  /// When the fault ends (infinity if it lasts).
  public var end: Double { duration.map { start + $0 } ?? .infinity }

  /// Whether the fault is in force at `time`.
  @inline(__always)
  public func isActive(at time: Double) -> Bool { time >= start && time < end }

  /// Why the fault is invalid, or nil.
  public var problem: String? {
    guard start >= 0, start.isFinite else { return "a fault's start must be a time ≥ 0" }
    if let duration, !(duration > 0 && duration.isFinite) {
      return "a fault's duration must be more than 0 s"
    }
    switch kind {
    case .latency(let factor) where !(factor > 0 && factor <= 1_000):
      return "a latency factor must be more than 0 and at most 1,000"
    case .errors(let rate) where !(rate >= 0 && rate <= 1):
      return "an error rate must be from 0% to 100%"
    default:
      return nil
    }
  }

  /// `redis flush at 30 s`, `dynamodb latency x5 at 20 s for 10 s`.
  public var description: String {
    let what: String
    switch kind {
    case .down: what = "down"
    case .latency(let factor): what = "latency x\(SimulationText.number(factor))"
    case .errors(let rate): what = "errors \(SimulationText.number(rate * 100))%"
    case .flush: what = "flush"
    case .zoneLoss: what = "az loss"
    case .regionFailover: what = "region failover"
    }
    let subject = component.map { "\($0) " } ?? ""
    let span = duration.map { " for \(SimulationText.seconds($0))" } ?? ""
    return "\(subject)\(what) at \(SimulationText.seconds(start))\(span)"
  }
}
