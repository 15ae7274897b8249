/// A dependency that errors, seen through the seed's circuit breaker and client retries.
///
/// The breaker (per client instance) opens when at least `errorThreshold` of the last
/// `window` requests failed; stays open for `openDuration`; then lets one probe through
/// every `probeInterval` (the seed: "single request every 30 seconds") and closes after
/// `successesToClose` consecutive successful probes. Read literally, that means a breaker
/// keeps failing fast for (successes − 1) × probe interval after the dependency is back.
public struct CircuitBreakerSettings: Sendable, Hashable {
  public var window: Int
  public var errorThreshold: Double
  public var openDuration: Double
  public var probeInterval: Double
  public var successesToClose: Int

  /// The seed's breaker: 50 % over 10 requests, 30 s open, a probe each 30 s, 5 to close.
  public init(
    window: Int = 10, errorThreshold: Double = 0.5, openDuration: Double = 30,
    probeInterval: Double = 30, successesToClose: Int = 5
  ) {
    self.window = window
    self.errorThreshold = errorThreshold
    self.openDuration = openDuration
    self.probeInterval = probeInterval
    self.successesToClose = successesToClose
  }
}

/// Client retries with capped exponential backoff and full jitter (Brooker, "Exponential
/// Backoff And Jitter", AWS Architecture Blog, 2015): before retry k (k = 1, 2, …) wait
/// a uniform time in [0, min(cap, base·2^(k−1))].
public struct RetrySettings: Sendable, Hashable {
  public var attempts: Int
  public var base: Double
  public var cap: Double

  public init(attempts: Int = 3, base: Double = 0.1, cap: Double = 20) {
    precondition(attempts >= 1, "retry attempts \(attempts) < 1")
    self.attempts = attempts
    self.base = base
    self.cap = cap
  }

  /// Expected attempts per request when each fails independently with probability p:
  /// 1 + p + … + p^(n−1).
  ///
  /// This is the load multiplier a failing dependency sees.
  public func amplification(errorRate p: Double) -> Double {
    var total = 0.0
    var reach = 1.0
    for _ in 0..<attempts {
      total += reach
      reach *= p
    }
    return total
  }

  /// Share of requests that fail after every attempt: p^n.
  public func failureRate(errorRate p: Double) -> Double {
    var result = 1.0
    for _ in 0..<attempts { result *= p }
    return result
  }

  /// Mean backoff wait added to a request that needs all its retries (full jitter: half
  /// the capped exponential each time).
  public var meanBackoff: Double {
    var wait = 0.0
    for k in 1..<max(attempts, 1) {
      wait += min(cap, base * Double(1 << min(k - 1, 40))) / 2
    }
    return wait
  }
}

extension Failover {
  /// A dependency fails with `errorRate` for `outage` seconds, then recovers.
  ///
  /// - Parameters:
  ///   - errorRate: the share of calls that fail during the outage.
  ///   - outage: seconds the dependency fails.
  ///   - breaker: the callers' circuit breaker (threshold, open time, probes).
  ///   - retries: the callers' retries (attempts, backoff).
  ///   - rate: requests per second reaching the dependency's callers (all instances).
  ///   - instances: client instances, each with its own breaker (Lambda environments, ECS
  ///     tasks); each sees rate/instances.
  /// - Returns: The timeline of the outage (breakers opening, probing, closing), with
  ///   notes on retry amplification and failed requests.
  /// - Complexity: O(outage / probe interval).
  public static func dependencyFailure(
    errorRate: Double, outage: Double, breaker: CircuitBreakerSettings, retries: RetrySettings,
    rate: Double, instances: Int
  ) -> FailoverTimeline {
    let perInstance = rate / Double(max(instances, 1))
    let amplification = retries.amplification(errorRate: errorRate)
    let opens = errorRate >= breaker.errorThreshold && perInstance > 0
    var events = [
      FailoverEvent(
        0, "dependency starts failing \(failoverNumber(errorRate * 100))% of calls",
        basis: "the failure")
    ]
    var notes = [
      "Retries multiply the failing dependency's load by \(failoverNumber(amplification))× "
        + "(\(retries.attempts) attempts at \(failoverNumber(errorRate * 100))% errors); "
        + "\(failoverNumber(retries.failureRate(errorRate: errorRate) * 100))% of requests fail after all of them."
    ]
    guard opens else {
      notes.append(
        "The breaker never opens: \(failoverNumber(errorRate * 100))% is below its "
          + "\(failoverNumber(breaker.errorThreshold * 100))% threshold. Errors last the whole outage."
      )
      events.append(FailoverEvent(outage, "dependency recovers", basis: "outage length"))
      return FailoverTimeline(
        scenario: "dependency failure", events: events, rtoMean: outage, rtoWorst: outage,
        rpo: nil, failedRequests: rate * outage * retries.failureRate(errorRate: errorRate),
        degradedRequests: rate * outage * (1 - retries.failureRate(errorRate: errorRate)),
        notes: notes)
    }
    // Calls seen per instance include retries; the window fills after `window` calls.
    let openAt = Double(breaker.window) / (perInstance * amplification)
    events.append(
      FailoverEvent(
        openAt, "breakers open (fail fast)",
        basis:
          "\(breaker.window) calls at \(failoverNumber(perInstance * amplification))/s per instance"
      ))
    var probe = openAt + breaker.openDuration
    while probe < outage {
      events.append(
        FailoverEvent(
          probe, "half-open probe fails; breaker reopens",
          basis: "every \(failoverNumber(breaker.probeInterval)) s"))
      probe += breaker.probeInterval
      if events.count > 12 { break }
    }
    // Past a million probes, step straight to the first one after recovery: adding the
    // interval one at a time would take that long, and stops moving a Double near 1e23.
    if (outage - probe) / breaker.probeInterval > 1e6 {
      probe += ((outage - probe) / breaker.probeInterval).rounded(.up) * breaker.probeInterval
      probe = max(probe, outage)
    }
    while probe < outage { probe += breaker.probeInterval }
    events.append(FailoverEvent(outage, "dependency recovers", basis: "outage length"))
    events.append(FailoverEvent(probe, "first probe succeeds", basis: "next probe after recovery"))
    let closeAt = probe + Double(breaker.successesToClose - 1) * breaker.probeInterval
    events.append(
      FailoverEvent(
        closeAt, "breaker closes; traffic flows",
        basis: "\(breaker.successesToClose) consecutive successful probes"))
    events.sort { $0.offset < $1.offset }
    notes.append(
      "After recovery the breakers fail fast for another "
        + "\(failoverNumber(closeAt - outage)) s while they collect successes.")
    let failedBeforeOpen = rate * openAt * retries.failureRate(errorRate: errorRate)
    let failedFast = rate * (closeAt - openAt)
    return FailoverTimeline(
      scenario: "dependency failure", events: events, rtoMean: closeAt, rtoWorst: closeAt,
      rpo: nil, failedRequests: failedBeforeOpen + failedFast,
      degradedRequests: rate * openAt * (1 - retries.failureRate(errorRate: errorRate)),
      notes: notes)
  }
}
