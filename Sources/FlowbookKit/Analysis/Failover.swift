import Foundation
import Quantities

/// Failover timing: how long each kind of failure takes to detect and route around, and
/// what is lost meanwhile.
///
/// Pure functions of the settings; the `failover` command maps a
/// path model's parameters onto them.
///
/// Every function returns a `FailoverTimeline`: events at offsets from the failure, the
/// recovery time (RTO, mean and worst case), the data-loss window (RPO) where one exists,
/// and the requests failed at the given rate. Times are seconds, rates per second.
public enum Failover {}

/// One line of a failover timeline.
public struct FailoverEvent: Sendable, Hashable {
  /// Seconds after the failure.
  public var offset: Double
  public var event: String
  /// How the offset was derived, so the reader can check it.
  public var basis: String

  public init(_ offset: Double, _ event: String, basis: String) {
    self.offset = offset
    self.event = event
    self.basis = basis
  }
}

/// The result of a failover analysis.
public struct FailoverTimeline: Sendable, Hashable {
  public var scenario: String
  public var events: [FailoverEvent]
  /// Mean time until requests succeed again for the affected traffic.
  public var rtoMean: Double
  /// Worst case over health-checker phases and resolver caches.
  public var rtoWorst: Double
  /// Seconds of acknowledged writes that may be lost (nil: nothing is lost).
  public var rpo: Double?
  /// Requests that fail (errors or timeouts) at the analysed rate.
  public var failedRequests: Double
  /// Requests served, but slowly or degraded (fallbacks, cache misses).
  public var degradedRequests: Double
  public var notes: [String]
  /// What the RPO means when it is nil but something is still lost (a cache's unreplicated
  /// copies); nil: nothing acknowledged is lost.
  public var rpoMeaning: String? = nil
}

// MARK: - Edge cache

/// A CDN in front of a lost region: the share of requests it answers from its cache, and
/// how long a cached copy lives.
///
/// A copy cached at a uniform moment before the failure has a remaining lifetime uniform
/// on [0, TTL] (the assumption the DNS drain uses too), so t seconds after the failure a
/// hit still finds a fresh copy with probability max(0, 1 − t/TTL); an expired copy goes
/// to the dead origin and fails like a miss.
public struct EdgeCache: Sendable, Hashable {
  /// Share of requests answered at the edge (CDN visits × hit rate), 0…1.
  public var hitShare: Double
  /// Seconds a cached response lives at the edge.
  public var ttl: Double

  /// Creates an edge cache.
  ///
  /// - Parameters:
  ///   - hitShare: share of requests the edge answers, clamped to 0…1.
  ///   - ttl: the edge TTL in seconds (0 or less: nothing outlives the failure).
  public init(hitShare: Double, ttl: Double) {
    self.hitShare = min(max(hitShare.isFinite ? hitShare : 0, 0), 1)
    self.ttl = ttl.isFinite ? max(ttl, 0) : 0
  }

  /// Request-seconds, per request-per-second, that the edge still serves during the
  /// first `seconds` after the failure: hitShare · ∫₀^m (1 − t/TTL) dt, m = min(seconds, TTL).
  ///
  /// - Parameter seconds: how long the region's requests fail without the edge.
  /// - Returns: seconds of traffic answered from the edge, at most `seconds`.
  public func servedSeconds(over seconds: Double) -> Double {
    guard ttl > 0, seconds > 0 else { return 0 }
    let covered = min(seconds, ttl)
    return hitShare * (covered - covered * covered / (2 * ttl))
  }
}

// MARK: - Health checks

/// Route 53 health-check settings (defaults from the Route 53 developer guide).
public struct HealthCheckSettings: Sendable, Hashable {
  /// Seconds between checks by each checker: 30 (standard) or 10 (fast).
  public var interval: Double
  /// Consecutive failed checks before a checker calls the endpoint unhealthy (1–10, default 3).
  public var failureThreshold: Int
  /// Checkers probing the endpoint at once.
  ///
  /// AWS says a 30 s check arrives "about every two
  /// seconds", which implies about 15 checkers (derived, not stated).
  public var checkers: Int
  /// Route 53 deems the endpoint unhealthy when this share of checkers or fewer say healthy.
  public var healthyQuorum: Double
  /// How long one failed check takes to be recognised: a dead endpoint fails the TCP
  /// connection after 4 s.
  public var checkTimeout: Double

  public init(
    interval: Double = 30, failureThreshold: Int = 3, checkers: Int = 15,
    healthyQuorum: Double = 0.18, checkTimeout: Double = 4
  ) {
    precondition(
      interval > 0 && failureThreshold >= 1 && checkers >= 1,
      "health check interval \(interval), threshold \(failureThreshold), checkers \(checkers)")
    self.interval = interval
    self.failureThreshold = failureThreshold
    self.checkers = checkers
    self.healthyQuorum = healthyQuorum
    self.checkTimeout = checkTimeout
  }

  /// How many checkers must report failure before Route 53 acts: healthy ≤ quorum.
  public var checkersNeeded: Int {
    checkers - Int((healthyQuorum * Double(checkers)).rounded(.down))
  }

  /// Earliest, mean and latest time from failure to Route 53 marking the endpoint unhealthy.
  ///
  /// Each checker's phase is uniform over one interval, independent of the others (AWS:
  /// "checkers do not coordinate"). Checker i declares failure at φᵢ + (T−1)·I + timeout;
  /// Route 53 acts at the k-th earliest, k = `checkersNeeded`. The k-th order statistic of
  /// n uniforms on [0, I) has mean k·I/(n+1) (David & Nagaraja, *Order Statistics*, §2.2).
  public var detection: (earliest: Double, mean: Double, latest: Double) {
    let fixed = Double(failureThreshold - 1) * interval + checkTimeout
    let k = Double(checkersNeeded)
    let n = Double(checkers)
    return (fixed, fixed + k / (n + 1) * interval, fixed + interval)
  }
}

extension Failover {
  /// A whole region fails and Route 53 DNS failover moves its traffic elsewhere.
  ///
  /// After detection, resolvers keep the old answer until their cached copy expires: a
  /// cache filled at a uniform time before the failure has a uniform remaining lifetime on
  /// [0, TTL], so traffic drains off the dead region linearly over one TTL (mean TTL/2).
  /// - Parameters:
  ///   - healthCheck: Route 53's health-check settings (interval, threshold, checkers).
  ///   - dnsTTL: the record's TTL in seconds.
  ///   - propagation: seconds for a health change to reach the DNS answers.
  ///   - regionShare: the share of all traffic the lost region was serving.
  ///   - rate: total request rate (per second).
  ///   - replicationLag: cross-region replication lag (DynamoDB Global Tables): the RPO.
  ///   - writeRate: writes per second in the lost region, for the writes at risk.
  ///   - edge: the share of requests a CDN answers from its cache and its TTL, if the path
  ///     has one: those requests go on being served while their cached copy lasts.
  /// - Returns: The timeline from the failure to the last client switched, with RTO and RPO.
  /// - Complexity: O(1).
  public static func regionLoss(
    healthCheck: HealthCheckSettings, dnsTTL: Double, propagation: Double = 0,
    regionShare: Double, rate: Double, replicationLag: Double?, writeRate: Double = 0,
    edge: EdgeCache? = nil
  ) -> FailoverTimeline {
    let detection = healthCheck.detection
    let answers = detection.mean + propagation
    let rtoMean = answers + dnsTTL / 2
    let rtoWorst = detection.latest + propagation + dnsTTL
    var events = [
      FailoverEvent(0, "region stops answering", basis: "the failure"),
      FailoverEvent(
        detection.earliest, "earliest possible detection",
        basis:
          "(\(healthCheck.failureThreshold) − 1) × \(failoverNumber(healthCheck.interval)) s + "
          + "\(failoverNumber(healthCheck.checkTimeout)) s check timeout"),
      FailoverEvent(
        detection.mean, "Route 53 marks the endpoint unhealthy (mean)",
        basis: "\(healthCheck.checkersNeeded) of \(healthCheck.checkers) checkers must fail "
          + "(healthy ≤ \(failoverNumber(healthCheck.healthyQuorum * 100))%)"),
      FailoverEvent(
        answers, "DNS answers point to the healthy region",
        basis: "detection + \(failoverNumber(propagation)) s propagation"),
      FailoverEvent(
        rtoMean, "half the clients have switched",
        basis: "+ TTL/2 = \(failoverNumber(dnsTTL / 2)) s"),
      FailoverEvent(
        rtoWorst, "last cached answer expires (worst case)",
        basis: "latest detection + TTL \(failoverNumber(dnsTTL)) s"),
    ]
    events.sort { $0.offset < $1.offset }
    var notes = [
      "RTO ≈ detection + propagation + TTL/2 for the mean client; clients that ignore TTL "
        + "(long-lived connections, JVM DNS caches) stay longer."
    ]
    if propagation == 0 {
      notes.append(
        "DNS propagation after a health-check change is taken as 0 s (no sourced figure).")
    }
    let lost = replicationLag.map { $0 * writeRate } ?? 0
    if replicationLag != nil {
      notes.append(
        "RPO = replication lag: \(failoverNumber(lost)) writes at \(failoverNumber(writeRate))/s may be lost."
      )
    }
    let servedSeconds = edge?.servedSeconds(over: rtoMean) ?? 0
    if let edge, servedSeconds > 0 {
      notes.append(
        "The CDN keeps answering its \(failoverNumber(edge.hitShare * 100))% cache hits "
          + "while their copies last (TTL \(failoverNumber(edge.ttl)) s): "
          + "\(IncidentFormat.count(rate * regionShare * servedSeconds)) requests are served "
          + "from the edge, not failed.")
    }
    return FailoverTimeline(
      scenario: "region loss", events: events, rtoMean: rtoMean, rtoWorst: rtoWorst,
      rpo: replicationLag, failedRequests: rate * regionShare * (rtoMean - servedSeconds),
      degradedRequests: 0, notes: notes)
  }

  /// One availability zone fails behind an Application Load Balancer.
  ///
  /// ALB health checks (defaults: every 30 s, 5 s timeout, unhealthy after 2 failures)
  /// take the zone's targets out of rotation; until then the zone's share of requests
  /// (1/zones with cross-zone load balancing) fails. The survivors must absorb the load:
  /// if utilisation exceeds (zones − 1)/zones, they are overloaded.
  /// - Complexity: O(1).
  public static func zoneLoss(
    interval: Double = 30, timeout: Double = 5, unhealthyThreshold: Int = 2,
    deregistrationDelay: Double = 300, zones: Int = 3, utilization: Double, rate: Double
  ) -> FailoverTimeline {
    precondition(zones >= 2, "zone loss needs at least 2 zones, got \(zones)")
    let fixed = Double(unhealthyThreshold - 1) * interval + timeout
    let mean = fixed + interval / 2
    let worst = fixed + interval
    let share = 1 / Double(zones)
    let survivorLoad = utilization * Double(zones) / Double(zones - 1)
    var notes = [
      "Requests to the lost zone fail until its targets are marked unhealthy: "
        + "\(failoverNumber(share * 100))% of traffic for \(failoverNumber(mean)) s on average.",
      "Deregistration delay (\(failoverNumber(deregistrationDelay)) s) only lets in-flight requests "
        + "finish on targets removed gracefully; a dead zone's requests fail at once.",
    ]
    if survivorLoad > 1 {
      notes.append(
        "Survivors run at \(failoverNumber(survivorLoad * 100))% of capacity: overloaded "
          + "until scaling adds \(failoverNumber((survivorLoad - 1) * 100))% more.")
    } else {
      notes.append("Survivors run at \(failoverNumber(survivorLoad * 100))% of capacity.")
    }
    return FailoverTimeline(
      scenario: "zone loss",
      events: [
        FailoverEvent(0, "zone stops answering", basis: "the failure"),
        FailoverEvent(
          fixed, "earliest unhealthy mark",
          basis:
            "(\(unhealthyThreshold) − 1) × \(failoverNumber(interval)) s + \(failoverNumber(timeout)) s timeout"
        ),
        FailoverEvent(mean, "targets out of rotation (mean)", basis: "+ interval/2 phase"),
        FailoverEvent(worst, "targets out of rotation (worst)", basis: "+ one interval"),
      ],
      rtoMean: mean, rtoWorst: worst, rpo: nil, failedRequests: rate * share * mean,
      degradedRequests: survivorLoad > 1 ? rate * (1 - 1 / survivorLoad) * deregistrationDelay : 0,
      notes: notes)
  }

  /// The primary cache node fails and a replica is promoted (ElastiCache Multi-AZ).
  ///
  /// AWS publishes no duration for an unplanned failover, so `failoverTime` must come from
  /// the model (a measured figure). Until promotion every cache read misses, so the tier
  /// behind the cache sees 1/(1 − hit ratio) times its usual load.
  /// - Complexity: O(1).
  public static func cacheNodeLoss(failoverTime: Double, hitRatio: Double, cacheRate: Double)
    -> FailoverTimeline
  {
    let multiplier = hitRatio < 1 ? 1 / (1 - hitRatio) : Double.greatestFiniteMagnitude
    return FailoverTimeline(
      scenario: "cache node loss",
      events: [
        FailoverEvent(0, "primary cache node fails; reads miss", basis: "the failure"),
        FailoverEvent(
          failoverTime, "replica promoted; hits resume",
          basis: "model's cache failover time"),
      ],
      rtoMean: failoverTime, rtoWorst: failoverTime, rpo: nil, failedRequests: 0,
      degradedRequests: cacheRate * failoverTime,
      notes: [
        "During failover the database sees \(failoverNumber(min(multiplier, 1e6)))× its usual read load "
          + "(every \(failoverNumber(hitRatio * 100))% hit becomes a miss)."
      ],
      rpoMeaning:
        "none for data of record: entries the old primary acknowledged but had not "
        + "replicated are lost, and as a cache holds only copies they are read from the "
        + "database again")
  }
}

/// A short number for timeline text (two decimals at most, no trailing zeros).
func failoverNumber(_ x: Double) -> String {
  let rounded = (x * 100).rounded() / 100
  // Past 10^15 (or overflowing ×100) the grouped six-digit form says it better.
  guard rounded.isFinite, abs(rounded) < 1e15 else { return Quantity.formatNumber(x) }
  if let whole = Int64(exactly: rounded) { return String(whole) }
  return String(rounded)
}
