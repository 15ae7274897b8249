import Foundation

/// A scenario's faults compiled for fast look-up per hop: what a call to component c at
/// time t suffers.
///
/// Faults are fixed in advance, so their effect on a hop is a pure function of the hop's
/// time: the simulator can apply them to a request running ahead of the clock. Only the
/// effects on shared state (a keyed cache emptied, environments lost) are events.
struct FaultPlan: Sendable {
  /// An interval of one kind of trouble at one component.
  struct Window: Sendable {
    var start: Double
    var end: Double
    var down: Bool
    var factor: Double
    var errorRate: Double
  }

  /// Route 53 failover timing for a region failure.
  struct RegionFailover: Sendable {
    /// When the region fails.
    var start: Double
    /// When Route 53 has marked it unhealthy and answers with the standby.
    var switched: Double
    /// Resolvers keep the old answer up to one TTL longer (uniform over [0, TTL]).
    var ttl: Double
    /// The CDN's TTL (0: none known).
    ///
    /// CloudFront is global and outlives the region: a copy
    /// cached before the failure has a remaining life uniform on [0, TTL], so t seconds
    /// into the failure a hit finds it expired with probability min(1, t/TTL), and its
    /// refresh goes to the origin, dead until the request's resolver switches — the
    /// `failover region` analysis's `EdgeCache`.
    var edgeTTL: Double = 0

    /// Whether a CDN hit at `time` finds its copy expired since the failure, for a draw
    /// `u` uniform on [0, 1).
    @inline(__always)
    func edgeCopyExpired(at time: Double, _ u: Double) -> Bool {
      guard time >= start else { return false }
      return edgeTTL <= 0 || u * edgeTTL < time - start
    }
  }

  /// The loss of one availability zone.
  struct ZoneLoss: Sendable {
    var start: Double
    /// When the load balancer's health checks have taken the zone's targets out.
    var detected: Double
    /// The zone's share of targets (1 / zones).
    var share: Double
  }

  var windows: [[Window]]
  /// Flush times per component, increasing.
  var flushes: [[Double]]
  var region: RegionFailover?
  var zone: ZoneLoss?

  /// The ELB target-group defaults: a check every 30 s, unhealthy after 2 failures; the
  /// targets of a lost zone are taken out 1.5 intervals after the loss on average
  /// (Elastic Load Balancing, "Health checks for Application Load Balancer target groups").
  static let balancerDetection = 45.0
  /// The TTL assumed for a failover record when the model's DNS gives none.
  static let defaultRecordTTL = 60.0

  init(scenario: SimulationScenario, program: PathProgram, model: PathModel) {
    let count = program.components.count
    windows = Array(repeating: [], count: count)
    flushes = Array(repeating: [], count: count)
    let index = Dictionary(
      program.components.enumerated().map { ($1.name, $0) }, uniquingKeysWith: { a, _ in a })
    for fault in scenario.faults {
      switch fault.kind {
      case .zoneLoss:
        zone = ZoneLoss(
          start: fault.start, detected: fault.start + Self.balancerDetection,
          share: 1 / Double(scenario.availabilityZones))
      case .regionFailover:
        region = Self.failover(at: fault.start, model: model)
      case .flush:
        if let c = fault.component.flatMap({ index[$0] }) { flushes[c].append(fault.start) }
      case .down, .latency, .errors:
        guard let c = fault.component.flatMap({ index[$0] }) else { continue }
        var window = Window(
          start: fault.start, end: fault.end, down: false, factor: 1, errorRate: 0)
        if case .down = fault.kind { window.down = true }
        if case .latency(let factor) = fault.kind { window.factor = factor }
        if case .errors(let rate) = fault.kind { window.errorRate = rate }
        windows[c].append(window)
      }
    }
    if let region {
      // The standby region starts cold: its caches are empty when traffic arrives. A CDN
      // is global and keeps its copies (they expire over their TTL, `edgeCopyExpired`).
      for c in 0..<count
      where [.cache, .cdn].contains(program.components[c].kind) && program.regional[c] {
        flushes[c].append(region.switched)
      }
    }
    for c in 0..<count { flushes[c].sort() }
  }

  /// Route 53's failover time from the model's DNS settings: the mean detection time of
  /// `HealthCheckSettings` (checks every `health_check_interval`, unhealthy after
  /// `failure_threshold` failures) — the `failover` analysis's own figure.
  static func failover(at start: Double, model: PathModel) -> RegionFailover {
    let dns = model.components.first { $0.kind == .dns }
    let interval = dns?["health_check_interval"]?.quantity?.value ?? 30
    // Route 53 accepts thresholds from 1 to 10; the model loader does not bound them.
    let threshold = Int(min(max(dns?["failure_threshold"]?.quantity?.value ?? 3, 1), 10))
    let settings = HealthCheckSettings(interval: interval, failureThreshold: threshold)
    let ttl = dns?["ttl"]?.quantity?.value ?? defaultRecordTTL
    let cdn = model.components.first { $0.kind == .cdn }
    let edgeTTL = cdn?["ttl"]?.quantity?.value ?? 0
    return RegionFailover(
      start: start, switched: start + settings.detection.mean, ttl: ttl,
      edgeTTL: edgeTTL.isFinite ? max(0, edgeTTL) : 0)
  }

  /// Whether any hop of `component` is ever affected.
  @inline(__always)
  func touches(_ component: Int32) -> Bool { !windows[Int(component)].isEmpty }

  /// The combined effect on a call to `component` at `time`.
  ///
  /// - Complexity: O(faults on the component).
  func effect(_ component: Int32, at time: Double) -> (down: Bool, factor: Double, errors: Double) {
    var down = false
    var factor = 1.0
    var errors = 0.0
    for window in windows[Int(component)] where time >= window.start && time < window.end {
      down = down || window.down
      factor *= window.factor
      errors = 1 - (1 - errors) * (1 - window.errorRate)
    }
    return (down, factor, errors)
  }

  /// The hit probability of a probabilistic cache `elapsed` seconds after a flush.
  ///
  /// With one class of equally popular keys, a TTL cache of hit ratio h has each key
  /// requested at rate x/T with x = h/(1 − h) (Jung, Berger & Balakrishnan, "Modeling TTL-
  /// based Internet caches", INFOCOM 2003: h = λT/(1 + λT)); after a flush a key hits
  /// once it has been requested since, 1 − e^{−x·t/T} (`CacheModel.hitRatioAfterFlush`
  /// with one class), capped at h. Keyed caches need no formula: they are emptied.
  static func hitProbability(_ h: Double, ttl: Double, sinceFlush elapsed: Double) -> Double {
    guard ttl > 0, h < 1 else { return elapsed > 0 ? h : 0 }
    let rate = h / (1 - h) / ttl
    return min(h, -expm1(-rate * elapsed))
  }

  /// The most recent flush of `component` at or before `time`, if any.
  @inline(__always)
  func lastFlush(_ component: Int32, before time: Double) -> Double? {
    let times = flushes[Int(component)]
    guard let first = times.first, first <= time else { return nil }
    var last = first
    for flush in times where flush <= time { last = flush }
    return last
  }
}
