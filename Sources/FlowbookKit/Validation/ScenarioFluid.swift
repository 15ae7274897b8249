import Foundation
import Quantities

/// The analytical engine's answer for a whole scenario: the admitted-load pass run over
/// each stretch of constant traffic, and the closed forms for what happens between them.
///
/// `simulate` runs traffic that changes (steps, spikes) from an empty start; the analyses
/// answer for one rate in steady state. This pass joins the two views without simulating:
/// - traffic is cut into **segments** of constant rate at the profile's change points;
/// - each segment runs `AdmittedLoad` (the limits of `LimitRegistry`, the registry the
///   simulator reads), so refusals are the same limits, named the same way;
/// - **token buckets** (API Gateway's burst, an on-demand table's one-second bucket) are
///   spent once, at the start of a segment over the limit, when the segment before left
///   them time to refill;
/// - Lambda's **scale-out** (a bucket of 1,000 new environments refilled at 100 a second,
///   `LimitRegistry.scaleOutSeconds`) refuses, as a fluid, the triangle between the
///   concurrency needed and the concurrency reached while it climbs;
/// - **cold starts** are the structural steady share (`ColdStartEstimate`) plus the
///   environments a run must create from zero: the most concurrent executions it reaches,
///   the expected maximum of Poisson(N) over the independent hold times an idle
///   environment is kept, less the provisioned ones (Palm's theorem for M/G/∞);
/// - an SQS queue's **peak backlog** is `queue sqs`'s fluid ESM model run on each rise in
///   traffic, from the rate before it.
/// What a fluid cannot have (queueing delay, randomness, a refused call failing a request
/// that made several) is what `Validation` names when the engines differ.
public struct ScenarioFluid: Sendable {
  /// A stretch of constant arrival rate.
  public struct Segment: Sendable, Hashable {
    public var start: Double
    public var end: Double
    public var rate: Double
    public var duration: Double { end - start }
  }

  /// One limit's totals over the run, in its unit (`rps` counts requests).
  public struct LimitTotals: Sendable, Hashable {
    public var limit: String
    public var component: String
    public var unit: String
    public var offered: Double
    public var admitted: Double
  }

  /// A function's climb from too few environments.
  public struct ScaleOut: Sendable, Hashable {
    public var function: String
    /// When the climb starts and how long it takes.
    public var start: Double
    public var seconds: Double
    /// Environments needed at the end.
    public var environments: Double
  }

  /// Requests refused at a constant rate over a stretch of time, by one limit.
  public struct Refusal: Sendable, Hashable {
    public var limit: String
    public var start: Double
    public var end: Double
    /// Requests refused per second at `start`, and its change per second (a climb).
    public var rate: Double
    public var slope: Double = 0

    /// Requests refused within [from, to).
    func requests(from: Double, to: Double) -> Double {
      let a = max(from, start)
      let b = min(to, end)
      guard b > a else { return 0 }
      let atA = rate + slope * (a - start)
      let atB = rate + slope * (b - start)
      return (atA + atB) / 2 * (b - a)
    }
  }

  public var segments: [Segment] = []
  /// Requests refused by a limit or blocked, over time.
  public var refusals: [Refusal] = []
  /// Per limit that refused load (queue consumers' drain excluded: messages wait).
  public var limits: [LimitTotals] = []
  /// Admitted visits per component over the run.
  public var admittedVisits: [String: Double] = [:]
  /// For a function a concurrency limit refused at: the visits Erlang B's loss system
  /// admits over the run (random arrivals find the pool full more often than a fluid's
  /// average does), and the requests it refuses beyond the fluid's.
  public var lossAdmitted: [String: Double] = [:]
  public var lossExtraRefused = 0.0
  public var scaleOuts: [ScaleOut] = []
  /// Expected cold starts and invocations per function (not queue consumers).
  public var coldStarts: [String: Double] = [:]
  /// Of those, the cold starts of environments created by rises in load (from empty).
  public var initialColdStarts: [String: Double] = [:]
  public var invocations: [String: Double] = [:]
  /// The default queue's name and its fluid peak backlog (messages), if the path has one.
  public var queue: String?
  public var peakBacklog: Double?

  /// Runs the pass.
  ///
  /// - Parameters:
  ///   - model: The path model.
  ///   - scenario: The traffic (constant, steps, spikes or a per-second replay) over its
  ///     duration.
  ///   - quotas: AWS's quotas, the catalog the simulator's figures come from (nil: the
  ///     built-in copies).
  /// - Throws: A diagnostic for a diurnal profile (not piecewise constant) or a path whose
  ///   probabilities do not resolve.
  /// - Complexity: O(segments × path size) plus one fluid ESM run per rise in traffic.
  public init(model: PathModel, scenario: SimulationScenario, quotas: QuotaCatalog?)
    throws(Diagnostic)
  {
    guard scenario.traffic.diurnal == nil else {
      throw Diagnostic(
        "validate needs traffic that is constant between changes (rate, step, spike, csv), "
          + "not a diurnal swing")
    }
    segments = Self.segments(scenario)
    let load = try CapacityLoad.of(model)
    let registry = LimitRegistry(model: model, quotas: quotas)
    try admit(model, load: load, registry: registry)
    try scaleOut(model, load: load, registry: registry)
    try coldStarts(model, load: load, registry: registry, scenario: scenario)
    try backlog(model, quotas: quotas)
    try faults(model, scenario: scenario)
  }

  /// Requests arriving within [from, to).
  public func offered(from: Double, to: Double) -> Double {
    segments.reduce(0) { total, segment in
      total + segment.rate * max(0, min(to, segment.end) - max(from, segment.start))
    }
  }

  /// Requests refused within [from, to), by every limit or by `limit`.
  public func refused(from: Double, to: Double, limit: String? = nil) -> Double {
    refusals.filter { limit == nil || $0.limit == limit }
      .reduce(0) { $0 + $1.requests(from: from, to: to) }
  }

  /// The profile cut at its change points; rates read at each segment's middle.
  static func segments(_ scenario: SimulationScenario) -> [Segment] {
    let end = scenario.duration
    let points = [0] + scenario.traffic.changePoints(from: 0, to: end) + [end]
    var out: [Segment] = []
    for (start, stop) in zip(points, points.dropFirst()) where stop > start {
      let rate = scenario.traffic.rate(at: (start + stop) / 2)
      if let last = out.last, last.rate == rate {
        out[out.count - 1].end = stop
      } else {
        out.append(Segment(start: start, end: stop, rate: rate))
      }
    }
    return out
  }

  // MARK: - Admission

  private mutating func admit(_ model: PathModel, load: CapacityLoad, registry: LimitRegistry)
    throws(Diagnostic)
  {
    var totals: [String: LimitTotals] = [:]
    var order: [String] = []
    var bucketFull = true
    let burst = registry["apigateway.burst"]?.value ?? 0
    let throttle = registry["apigateway.throttle"]?.value
    var tableBuckets: Set<String> = []  // tables whose bucket is spent
    for segment in segments {
      guard segment.rate > 0 else {
        // No traffic: the gateway's bucket refills at its throttle.
        bucketFull = bucketFull || (throttle ?? 0) * segment.duration >= burst
        continue
      }
      let pass = try AdmittedLoad.of(
        model, load: load, limits: registry, rate: segment.rate,
        duration: bucketFull ? segment.duration : nil)
      for (component, visits) in pass.admitted {
        admittedVisits[component, default: 0] += visits * segment.duration
      }
      var gatewayOver = false
      for shaping in pass.shaping where shaping.unit != "msg/s" {
        var admitted = shaping.admitted * segment.duration
        let offered = shaping.offered * segment.duration
        if shaping.limit == "apigateway.throttle" { gatewayOver = true }
        // An on-demand table's one-second bucket (or a provisioned one's 300 s) is spent
        // once, at the first segment over its limit.
        if shaping.unit.hasSuffix("units/s"), !tableBuckets.contains(shaping.limit) {
          let seconds = Self.tableBurstSeconds(model, shaping.component)
          let extra = min(offered - admitted, (registry[shaping.limit]?.value ?? 0) * seconds)
          admitted += extra
          admittedVisits[shaping.component, default: 0] +=
            extra / Self.unitsPerRequest(model, shaping)
          tableBuckets.insert(shaping.limit)
        }
        let key = "\(shaping.limit)@\(shaping.component)"
        if totals[key] == nil {
          order.append(key)
          totals[key] = LimitTotals(
            limit: shaping.limit, component: shaping.component, unit: shaping.unit, offered: 0,
            admitted: 0)
        }
        totals[key]?.offered += offered
        totals[key]?.admitted += admitted
        if shaping.unit == "rps", let function = model.component(named: shaping.component),
          function.kind == .function
        {
          let hold = Self.holdTime(load, function)
          let slots = Int((shaping.admitted * hold).rounded())
          let blocked =
            (try? Queueing.erlangB(servers: max(slots, 1), offeredLoad: shaping.offered * hold))
            ?? 0
          let loss = shaping.offered * (1 - blocked) * segment.duration
          lossAdmitted[shaping.component, default: 0] += loss - admitted
          lossExtraRefused += max(0, admitted - loss)
        }
        let refused = (offered - admitted) / Self.unitsPerRequest(model, shaping)
        refusals.append(
          Refusal(
            limit: shaping.limit, start: segment.start, end: segment.end,
            rate: refused / segment.duration))
      }
      // The gateway's bucket refills at the throttle less what passes.
      if gatewayOver {
        bucketFull = false
      } else if let throttle, let at = pass.admitted.first(where: { isGateway(model, $0.key) }) {
        let spare = max(0, throttle - at.value) * segment.duration
        bucketFull = bucketFull || spare >= burst
      } else {
        bucketFull = true
      }
    }
    limits = order.compactMap { totals[$0] }
  }

  private func isGateway(_ model: PathModel, _ name: String) -> Bool {
    model.component(named: name)?.kind == .gateway
  }

  /// Seconds of throughput a table's bucket holds (`TableCapacity`): 300 provisioned, 1
  /// on demand.
  static func tableBurstSeconds(_ model: PathModel, _ table: String) -> Double {
    let mode = model.component(named: table)?["capacity_mode"]?.formatted.lowercased()
    return mode == "provisioned" ? TableCapacity.burstSeconds : 1
  }

  /// Units of a shaping's measure per request refused: 1 for requests; a table's units
  /// per call (one refused call fails its request, in a fluid).
  static func unitsPerRequest(_ model: PathModel, _ shaping: AdmittedLoad.Shaping) -> Double {
    guard shaping.unit.hasSuffix("units/s"), let table = model.component(named: shaping.component)
    else { return 1 }
    let units = LimitRegistry.dynamoDBUnits(table)
    let perCall = shaping.unit.hasPrefix("read") ? units.read : units.write
    return perCall > 0 ? perCall : 1
  }

  // MARK: - Lambda

  /// Environments each synchronous function needs per segment, and the climbs to them.
  private mutating func scaleOut(
    _ model: PathModel, load: CapacityLoad, registry: LimitRegistry
  ) throws(Diagnostic) {
    for function in Self.synchronousFunctions(model, load) {
      let hold = Self.holdTime(load, function)
      var reached = Double(ColdStartSettings(function).provisioned)
      for segment in segments where segment.rate > 0 {
        let pass = try AdmittedLoad.of(
          model, load: load, limits: registry, rate: segment.rate)
        let needed = (pass.admitted[function.name] ?? 0) * hold
        guard let seconds = registry.scaleOutSeconds(from: reached, to: needed) else { break }
        if seconds > 0 {
          let climb = min(seconds, segment.duration)
          scaleOuts.append(
            ScaleOut(
              function: function.name, start: segment.start, seconds: climb,
              environments: needed))
          // Refused while it climbs: the gap between need and reach, over the hold time.
          let first = reached + (registry["lambda.scaling"]?.value ?? 0)
          let rate = (registry["lambda.scaling"]?.value ?? 0) / 10
          let gapStart = needed - first
          if gapStart > 0 {
            let stop = min(climb, gapStart / max(rate, 1e-9))
            refusals.append(
              Refusal(
                limit: "lambda.scaling", start: segment.start, end: segment.start + stop,
                rate: gapStart / max(hold, 1e-9), slope: -rate / max(hold, 1e-9)))
          }
        }
        reached = max(reached, needed)
      }
    }
  }

  /// Functions invoked one request at a time (not polling a queue).
  static func synchronousFunctions(_ model: PathModel, _ load: CapacityLoad) -> [Component] {
    model.components.filter { c in
      c.kind == .function && load.executions(at: c.name) > 0
        && !load.hops.contains { $0.consumer == c.name }
    }
  }

  /// Mean seconds one invocation holds its environment (`CapacityLoad`'s busy time).
  static func holdTime(_ load: CapacityLoad, _ function: Component) -> Double {
    let executions = load.executions(at: function.name)
    return executions > 0 ? load.busyTime(at: function.name) / executions : 0
  }

  /// The steady cold share over the run plus the environments the run creates.
  ///
  /// From empty, every arrival needs a new environment until the first cold starts finish
  /// (about λ × the mean cold start-up, Little's law over the start-up), and at each
  /// level of traffic the pool must reach the highest concurrency it sees (idle
  /// environments are kept, so only a higher level adds any); provisioned environments
  /// are there from the start. A region failover adds the standby's pool: its traffic
  /// arrives as resolvers switch, so it builds the same pool once more (without the
  /// from-empty rush: the switch is spread over the record's TTL).
  private mutating func coldStarts(
    _ model: PathModel, load: CapacityLoad, registry: LimitRegistry,
    scenario: SimulationScenario
  ) throws(Diagnostic) {
    // The switch to the standby, and the mean client's outage: detection + TTL/2, in
    // which its requests fail before they reach a function.
    let failover = scenario.faults.first { $0.kind == .regionFailover }
      .map { FaultPlan.failover(at: $0.start, model: model) }
    let outage = failover.map { ($0.start, $0.switched + $0.ttl / 2) }
    for function in Self.synchronousFunctions(model, load) {
      let settings = ColdStartSettings(function)
      let hold = Self.holdTime(load, function)
      let total = admittedVisits[function.name] ?? 0
      guard hold > 0, total > 0 else { continue }
      let startUp = function["cold_start"]?.distribution?.mean ?? 0
      var (steadyCold, created) = (0.0, 0.0)
      var pool = Double(settings.provisioned)
      // No more environments than the function may run at once.
      let cap =
        registry["\(function.name).reserved_concurrency"]?.value
        ?? registry["lambda.unreserved"]?.value ?? .infinity
      var first = true
      var lost = 0.0
      for segment in segments where segment.rate > 0 {
        let rate =
          try AdmittedLoad.of(model, load: load, limits: registry, rate: segment.rate)
          .admitted[function.name] ?? 0
        let steady = ColdStartEstimate.steadyState(
          rate: rate, holdTime: hold, provisioned: settings.provisioned,
          idleLifetime: settings.idleLifetime, lifetime: settings.lifetime)
        // Idle reaping needs an environment idle for the whole idle lifetime: none in a
        // stretch shorter than that, all of it in one much longer.
        let reaping = max(0, 1 - settings.idleLifetime / segment.duration)
        steadyCold +=
          min(1, steady.fromRecycling + steady.fromIdle * reaping) * rate * segment.duration
        let window = min(segment.duration, settings.idleLifetime) / hold
        var need = Self.expectedMaximumAbove(mean: rate * hold, samples: window, floor: 0)
        if first, settings.provisioned == 0 { need = max(need, rate * startUp) }
        need = min(need, cap)
        first = false
        if need > pool {
          created += need - pool
          pool = need
        }
        if let failover, segment.start <= failover.switched, failover.switched < segment.end {
          let left = min(segment.end - failover.switched, settings.idleLifetime) / hold
          let again = Self.expectedMaximumAbove(mean: rate * hold, samples: left, floor: 0)
          created += max(0, min(again, cap) - Double(settings.provisioned))
        }
        if let (from, to) = outage {
          lost += rate * max(0, min(to, segment.end) - max(from, segment.start))
        }
      }
      let invoked = max(0, total - lost)
      coldStarts[function.name] = min(steadyCold + created, invoked)
      initialColdStarts[function.name] = min(created, invoked)
      invocations[function.name] = invoked
    }
  }

  /// The largest mean summed term by term; above it the Poisson is its normal limit.
  ///
  /// At 10⁶ the exact sum is 24,000 terms. The normal's error in the maximum is the
  /// Poisson's skew, (z² − 1)σ/(6√mean): 0.004σ at the 4.9σ maximum of a million draws.
  /// Much higher, the exact sum loses more than that to rounding (each probability is the
  /// exponential of a difference of numbers near mean·log mean: 0.04σ at 10⁸), and at the
  /// 10¹⁸ batches of a 10-billion-year batch it would take hours (CI's fuzzer found it),
  /// and trap past 2⁶³.
  static let exactPoissonMeanLimit = 1e6

  /// E[max(0, M − floor)] for M the largest of `samples` independent Poisson(`mean`) draws.
  ///
  /// Σ_{m > floor} P(M ≥ m) = Σ [1 − F(m − 1)^k]. F is summed from 12 standard deviations
  /// below the mean (below it F < 1e-30 and every term is 1), each probability from its
  /// logarithm so that a large mean does not underflow e^(−mean), up to 12 above. Above
  /// `exactPoissonMeanLimit` the same sum is an integral over the normal limit.
  /// - Complexity: O(√mean) up to `exactPoissonMeanLimit`, O(1) above.
  static func expectedMaximumAbove(mean: Double, samples: Double, floor: Int) -> Double {
    guard mean > 0, mean.isFinite, samples >= 1, samples.isFinite else { return 0 }
    if mean > exactPoissonMeanLimit {
      return expectedMaximumOfNormals(mean: mean, samples: samples, floor: Double(floor))
    }
    let spread = 12 * mean.squareRoot() + 20
    let bottom = Int(max(0, mean - spread))
    let top = Int((mean + spread).rounded(.up))
    guard top > floor else { return 0 }
    // Terms below `bottom` (F ≈ 0) each add 1.
    var expected = Double(max(0, bottom - max(floor, 0)))
    var cumulative = 0.0
    let logMean = log(mean)
    for m in bottom...top {
      // cumulative = F(m − 1) here.
      if m > floor { expected += 1 - exp(samples * log(max(cumulative, 1e-300))) }
      cumulative = min(1, cumulative + exp(-mean + Double(m) * logMean - lgamma(Double(m) + 1)))
    }
    return expected
  }

  /// `expectedMaximumAbove` for a mean past `exactPoissonMeanLimit`: the sum of
  /// 1 − F(m − 1)^k over m > floor as σ∫[1 − Φ(z)^k]dz, with F(m − 1) = Φ((m − ½ − μ)/σ)
  /// (continuity correction), by the midpoint rule on 4,800 steps from −12σ to +12σ.
  /// - Complexity: O(1).
  private static func expectedMaximumOfNormals(mean: Double, samples: Double, floor: Double)
    -> Double
  {
    let sigma = mean.squareRoot()
    // m − ½ − μ = zσ at each z; the sum starts at m = floor + 1.
    let start = max(-12, (floor + 0.5 - mean) / sigma)
    guard start < 12 else { return 0 }
    // Below −12σ every term is 1.
    var expected = max(0, (mean - 12 * sigma + 0.5) - (floor + 1))
    let steps = 4_800
    let width = (12 - start) / Double(steps)
    for index in 0..<steps {
      let z = start + (Double(index) + 0.5) * width
      // 1 − Φ^k = 1 − exp(k·log(1 − Q)) with Q the upper tail, exact in both tails.
      expected -= expm1(samples * log1p(-StandardNormal.survival(z))) * width * sigma
    }
    return expected
  }

  // MARK: - Faults

  /// Requests failed by the scenario's faults, from the `failover` analyses at the base rate.
  ///
  /// A region loss until clients have switched (its CDN hits served while their
  /// copies last), a dependency down or erroring through its callers' breakers when the
  /// scenario puts one on it, else every request that reaches it while it fails (after
  /// its attempts). Latency faults, flushes and zone losses fail nothing here.
  private mutating func faults(_ model: PathModel, scenario: SimulationScenario)
    throws(Diagnostic)
  {
    var steady = model
    steady.workload.set("rate", to: .quantity(Quantity(exactly: scenario.traffic.rate, .rate)))
    for fault in scenario.faults {
      let end = fault.duration.map { fault.start + $0 } ?? scenario.duration
      let outage = max(end - fault.start, 1e-9)
      var errorRate = 1.0
      switch fault.kind {
      case .regionFailover:
        let timeline = try FailoverAnalysis.region(steady).timeline
        let seconds = max(timeline.rtoMean, 1e-9)
        refusals.append(
          Refusal(
            limit: "region loss", start: fault.start, end: fault.start + seconds,
            rate: timeline.failedRequests / seconds))
        continue
      case .errors(let rate): errorRate = rate
      case .down: break
      case .latency, .flush, .zoneLoss: continue
      }
      guard let name = fault.component else { continue }
      if scenario.breakers.contains(name) {
        let report = try FailoverAnalysis.dependency(
          steady, options: .init(name: name, errorRate: errorRate, outage: outage))
        let seconds = max(report.timeline.rtoMean, outage)
        refusals.append(
          Refusal(
            limit: "\(name) fault", start: fault.start, end: fault.start + seconds,
            rate: report.timeline.failedRequests / seconds))
      } else {
        let reach = try TrafficAnalysis.reachShare(of: name, in: steady)
        let attempts = model.component(named: name)?["attempts"]?.quantity?.value ?? 1
        let failing = fault.kind == .down ? 1 : pow(errorRate, max(1, attempts))
        refusals.append(
          Refusal(
            limit: "\(name) fault", start: fault.start, end: end,
            rate: reach * failing * scenario.traffic.rate))
      }
    }
  }

  // MARK: - SQS

  /// `queue sqs`'s fluid peak for each rise in traffic, the highest.
  private mutating func backlog(_ model: PathModel, quotas: QuotaCatalog?) throws(Diagnostic) {
    guard let queue = try? QueueAnalysis.defaultQueue(model),
      let visits = try? TrafficAnalysis.visitsPerRequest(model)[queue.name], visits > 0
    else { return }
    self.queue = queue.name
    var previous = 0.0
    var peak = 0.0
    for segment in segments {
      defer { previous = segment.rate }
      guard segment.rate > previous else { continue }
      var overrides = QueueAnalysis.BurstOverrides(
        baseRate: previous, burstRate: segment.rate, duration: segment.duration)
      overrides.unit = .requests
      let report = try QueueAnalysis.burst(
        model, queue: queue.name, overrides: overrides, quotas: quotas)
      peak = max(peak, report.outcome.peakBacklog)
    }
    peakBacklog = peak
  }
}
