import Foundation

/// A queue's steady state, or the explicit statement that it has none.
///
/// When arrivals meet or exceed the service capacity (ρ ≥ 1) the queue grows without bound
/// and every mean and percentile is infinite. The formulas would return negative numbers or
/// NaN there, so the case is a value the shell can print ("unstable: 1.2× capacity").
public enum QueueOutcome<Metrics: Sendable & Hashable>: Sendable, Hashable {
  case stable(Metrics)
  case unstable(QueueOverload)

  /// The metrics of a stable queue, nil when unstable.
  public var stable: Metrics? {
    if case .stable(let metrics) = self { return metrics }
    return nil
  }
}

/// Why a queue has no steady state: offered work at or above capacity.
public struct QueueOverload: Sendable, Hashable {
  /// λ, per second.
  public var arrivalRate: Double
  /// The most the servers can complete, c·μ per second.
  public var capacity: Double

  public init(arrivalRate: Double, capacity: Double) {
    self.arrivalRate = arrivalRate
    self.capacity = capacity
  }

  /// ρ = λ / (c·μ), at least 1.
  public var utilisation: Double { arrivalRate / capacity }
  /// How fast the backlog grows, λ − c·μ per second (0 at exactly ρ = 1).
  public var backlogGrowthRate: Double { arrivalRate - capacity }
}

/// The steady state of an M/M/c queue: Poisson arrivals, exponential service, c servers,
/// first-come first-served, unlimited waiting room.
///
/// The model for a pool of identical workers behind one queue (ECS tasks behind a load
/// balancer with a request queue, Lambda with a buffer in front). Formulas from Kleinrock
/// (1975) §3.5 and Gross & Harris (1998) §2.3: Wq = C / (cμ − λ), Lq = λ·Wq (Little),
/// P(Wq > t) = C·e^{−(cμ−λ)t}. The response time is the waiting time plus an independent
/// Exp(μ) service, whose tail is computed in closed form (a hypoexponential mixture) and
/// inverted numerically for percentiles.
public struct MMcQueue: Sendable, Hashable {
  /// λ, per second.
  public let arrivalRate: Double
  /// 1/μ, seconds.
  public let meanServiceTime: Double
  /// c.
  public let servers: Int
  /// A = λ/μ in erlangs: the mean number of busy servers.
  public let offeredLoad: Double
  /// ρ = A / c, below 1.
  public let utilisation: Double
  /// Erlang C: the probability that an arrival waits.
  public let probabilityOfWait: Double
  /// Wq, seconds.
  public let meanWait: Double
  /// W = Wq + 1/μ, seconds.
  public let meanResponse: Double
  /// Lq = λ·Wq.
  public let meanQueueLength: Double
  /// L = λ·W.
  public let meanInSystem: Double
  /// cμ − λ per second: the exponential decay rate of the waiting-time tail.
  public let waitDecayRate: Double

  /// The probability that an arrival waits longer than `t` seconds: C·e^{−(cμ−λ)t}.
  /// - Complexity: O(1).
  public func probabilityWaitExceeds(_ t: Double) -> Double {
    t <= 0 ? probabilityOfWait : probabilityOfWait * exp(-waitDecayRate * t)
  }

  /// The p-quantile of the waiting time: 0 when p ≤ 1 − C, else ln(C / (1 − p)) / (cμ − λ).
  /// - Parameter p: strictly between 0 and 1, such as 0.99.
  /// - Returns: The wait in seconds that a share p of arrivals do not exceed.
  /// - Throws: `AnalysisInputError` when p is outside (0, 1).
  /// - Complexity: O(1).
  public func waitPercentile(_ p: Double) throws(AnalysisInputError) -> Double {
    try Check.openUnit(p, "percentile")
    let tail = 1 - p
    guard probabilityOfWait > tail else { return 0 }
    return log(probabilityOfWait / tail) / waitDecayRate
  }

  /// The probability that the response time (wait + service) exceeds `t` seconds.
  ///
  /// With θ = cμ − λ: P(T > t) = (1 − C)·e^{−μt} + C·P(Exp(θ) + Exp(μ) > t), and the
  /// hypoexponential tail is (θe^{−μt} − μe^{−θt}) / (θ − μ), or e^{−μt}(1 + μt) as θ → μ
  /// (Gross & Harris §2.3, response-time distribution of M/M/c).
  /// - Complexity: O(1).
  public func probabilityResponseExceeds(_ t: Double) -> Double {
    guard t > 0 else { return 1 }
    let mu = 1 / meanServiceTime
    let theta = waitDecayRate
    let serviceTail = exp(-mu * t)
    let both: Double
    if abs(theta - mu) <= 1e-7 * max(theta, mu) {
      let m = (theta + mu) / 2
      both = exp(-m * t) * (1 + m * t)
    } else {
      both = (theta * serviceTail - mu * exp(-theta * t)) / (theta - mu)
    }
    let tail = (1 - probabilityOfWait) * serviceTail + probabilityOfWait * both
    return min(1, max(0, tail))
  }

  /// The p-quantile of the response time, found by bisection on the closed-form tail.
  /// - Parameter p: strictly between 0 and 1.
  /// - Returns: t with P(T > t) = 1 − p, to a relative 1e-12.
  /// - Throws: `AnalysisInputError` when p is outside (0, 1).
  /// - Complexity: O(log(1/ε)) evaluations of the tail, about 100.
  public func responsePercentile(_ p: Double) throws(AnalysisInputError) -> Double {
    try Check.openUnit(p, "percentile")
    return Self.invertTail(1 - p, start: meanResponse) { probabilityResponseExceeds($0) }
  }

  /// The t ≥ 0 where a decreasing tail function falls to `target`, by doubling then bisection.
  static func invertTail(_ target: Double, start: Double, _ tail: (Double) -> Double) -> Double {
    var low = 0.0
    var high = max(start, 1e-12)
    var doublings = 0
    while tail(high) > target, doublings < 2_000 {
      low = high
      high *= 2
      doublings += 1
    }
    for _ in 0..<200 where high - low > 1e-12 * high {
      let mid = (low + high) / 2
      if tail(mid) > target { low = mid } else { high = mid }
    }
    return (low + high) / 2
  }
}

/// An M/M/c/c loss system: c servers and no waiting room, so an arrival that finds all busy
/// is rejected — Lambda's concurrency limit (throttled with 429) or a connection pool.
///
/// Erlang B is insensitive to the holding-time distribution beyond its mean (Gross & Harris
/// §2.6, Sevastyanov 1957), so this holds for any invocation-duration distribution under
/// Poisson arrivals.
public struct LossSystem: Sendable, Hashable {
  /// λ offered, per second.
  public let arrivalRate: Double
  /// Mean holding time, seconds.
  public let meanServiceTime: Double
  /// c.
  public let servers: Int
  /// A = λ × holding time, erlangs.
  public let offeredLoad: Double
  /// Erlang B: the fraction of arrivals rejected.
  public let blocking: Double
  /// A·(1 − B): the mean number of busy servers (the concurrency actually used).
  public let carriedLoad: Double
  /// λ·(1 − B): accepted requests per second.
  public let throughput: Double
  /// λ·B: rejected requests per second.
  public let rejectedRate: Double
  /// Carried load per server, in [0, 1].
  public let utilisation: Double
}

extension Queueing {
  /// The M/M/c queue for a pool of c servers with mean service time 1/μ.
  ///
  /// See `MMcQueue` for the formulas and their sources.
  /// - Parameters:
  ///   - arrivalRate: λ per second, finite and ≥ 0.
  ///   - meanServiceTime: 1/μ in seconds, finite and > 0.
  ///   - servers: c ≥ 1.
  /// - Returns: `.stable` with the metrics, or `.unstable` when λ ≥ cμ.
  /// - Throws: `AnalysisInputError` for an argument outside those ranges.
  /// - Complexity: O(c).
  public static func mmc(arrivalRate: Double, meanServiceTime: Double, servers: Int)
    throws(AnalysisInputError) -> QueueOutcome<MMcQueue>
  {
    try Check.finiteNonNegative(arrivalRate, "arrivalRate")
    try Check.finitePositive(meanServiceTime, "meanServiceTime")
    try Check.count(servers, "servers", atLeast: 1, atMost: maximumServers)
    try Check.finiteProduct(
      arrivalRate, meanServiceTime, "arrivalRate", "arrivalRate × meanServiceTime")
    let c = Double(servers)
    let a = arrivalRate * meanServiceTime
    let capacity = c / meanServiceTime
    guard a < c, arrivalRate < capacity else {
      return .unstable(QueueOverload(arrivalRate: arrivalRate, capacity: capacity))
    }
    let b = erlangBRecursion(servers: servers, offeredLoad: a)
    let pWait = erlangC(fromB: b, servers: servers, offeredLoad: a)
    let theta = capacity - arrivalRate
    let wq = pWait / theta
    let w = wq + meanServiceTime
    return .stable(
      MMcQueue(
        arrivalRate: arrivalRate, meanServiceTime: meanServiceTime, servers: servers,
        offeredLoad: a, utilisation: a / c, probabilityOfWait: pWait, meanWait: wq,
        meanResponse: w, meanQueueLength: arrivalRate * wq, meanInSystem: arrivalRate * w,
        waitDecayRate: theta))
  }

  /// M/M/1, the single-server special case of `mmc` (Kleinrock 1975 §3.2): C = ρ,
  /// Wq = ρ / (μ − λ).
  /// - Complexity: O(1).
  public static func mm1(arrivalRate: Double, meanServiceTime: Double)
    throws(AnalysisInputError) -> QueueOutcome<MMcQueue>
  {
    try mmc(arrivalRate: arrivalRate, meanServiceTime: meanServiceTime, servers: 1)
  }

  /// The M/M/c/c loss system: blocking, carried load and throughput of c servers, no queue.
  ///
  /// Erlang's loss model (Kleinrock 1975 §3.6); it always has a steady state.
  /// - Parameters:
  ///   - arrivalRate: λ per second, finite and ≥ 0.
  ///   - meanServiceTime: mean holding time in seconds, finite and > 0.
  ///   - servers: c ≥ 1.
  /// - Returns: Blocking (Erlang B), carried load, throughput and rejected rate.
  /// - Throws: `AnalysisInputError` for an argument outside those ranges.
  /// - Complexity: O(c).
  public static func lossSystem(arrivalRate: Double, meanServiceTime: Double, servers: Int)
    throws(AnalysisInputError) -> LossSystem
  {
    try Check.finiteNonNegative(arrivalRate, "arrivalRate")
    try Check.finitePositive(meanServiceTime, "meanServiceTime")
    try Check.count(servers, "servers", atLeast: 1, atMost: maximumServers)
    try Check.finiteProduct(
      arrivalRate, meanServiceTime, "arrivalRate", "arrivalRate × meanServiceTime")
    let a = arrivalRate * meanServiceTime
    let b = erlangBRecursion(servers: servers, offeredLoad: a)
    let carried = a * (1 - b)
    return LossSystem(
      arrivalRate: arrivalRate, meanServiceTime: meanServiceTime, servers: servers,
      offeredLoad: a, blocking: b, carriedLoad: carried, throughput: arrivalRate * (1 - b),
      rejectedRate: arrivalRate * b, utilisation: carried / Double(servers))
  }
}
