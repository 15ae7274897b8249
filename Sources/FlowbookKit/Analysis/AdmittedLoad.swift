import Quantities

/// Per component, the rate offered and the rate admitted after the limits upstream.
///
/// One pass over the path, as a fluid: requests flow down each series at `rate × visits`,
/// and each limit of `LimitRegistry` they meet admits at most its capacity, so everything
/// after it in that series sees only the admitted share. The limits applied, in path order:
/// - **WAF** rules block `block_rate` of requests;
/// - **API Gateway**'s throttle admits `apigateway.throttle` requests a second, plus, over a
///   burst of `duration` seconds, the bucket of `apigateway.burst` spread over the burst
///   (the token bucket starts full); one bucket for every gateway hop;
/// - **Lambda** admits what its concurrency (the function's reservation, else what is left
///   of the unreserved concurrency) can hold for the function's mean residence time
///   (Little's law); a queue's consumer drains at most `esm_batches` × batch size messages
///   per residence time, and what it cannot drain waits in the queue (it is not lost);
/// - **DynamoDB** admits the table's read and write units per second (`TABLE.read_units`,
///   `TABLE.write_units`), shared by every hop that calls it.
/// After a branch the shares of its arms mix by their probabilities. Queueing delay, retries
/// of refused calls and the time a limit takes to bite are not in a fluid model: the
/// simulator has them, and `validate`-style comparisons state that difference.
public struct AdmittedLoad: Sendable {
  /// A limit that refused part of the load reaching it.
  public struct Shaping: Sendable, Hashable {
    /// The registry's name of the limit (`apigateway.throttle`).
    public var limit: String
    /// The component it sits at.
    public var component: String
    /// What is counted: `rps`, `msg/s`, `read units/s`.
    public var unit: String
    /// Offered and admitted, in `unit`.
    public var offered: Double
    public var admitted: Double

    /// `API Gateway admits 10,000 of 255,000 rps (apigateway.throttle)`.
    public var sentence: String {
      "\(component) admits \(Self.number(admitted)) of \(Self.number(offered)) \(unit) "
        + "(\(limit))"
    }

    static func number(_ value: Double) -> String {
      Quantity.formatNumber(TimeFormat.rounded(value))
    }
  }

  /// Requests per second entering the path.
  public var rate: Double
  /// Per component, requests (visits) per second offered and admitted.
  public var offered: [String: Double] = [:]
  public var admitted: [String: Double] = [:]
  /// The limits that refused load, in path order.
  public var shaping: [Shaping] = []
  /// Per hop of `CapacityLoad` (same order): visits per second admitted there.
  public var hopAdmitted: [Double] = []

  /// The admitted share of the visits offered to `component` (1 when nothing refused).
  public func share(at component: String) -> Double {
    guard let offered = offered[component], offered > 0 else { return 1 }
    return (admitted[component] ?? offered) / offered
  }

  /// One line per limit that shaped the load, for the notes of `latency`, `cache`, `cost`.
  public var notes: [String] {
    shaping.map { "\($0.sentence): figures downstream are for the admitted load" }
  }

  /// The load each hop of `load` admits at `rate`.
  ///
  /// - Parameters:
  ///   - model: the path model.
  ///   - load: its `CapacityLoad` (visits and residence per hop).
  ///   - limits: its limits.
  ///   - rate: requests per second entering the path.
  ///   - duration: the length of a burst at `rate`, for API Gateway's bucket; nil: steady.
  /// - Returns: the offered and admitted rates and the limits that shaped them.
  /// - Throws: a diagnostic when the path's probabilities do not resolve.
  /// - Complexity: O(path size).
  public static func of(
    _ model: PathModel, load: CapacityLoad, limits: LimitRegistry, rate: Double,
    duration: Double? = nil
  ) throws(Diagnostic) -> AdmittedLoad {
    var pass = AdmissionPass(
      model: model, load: load, limits: limits, rate: rate, duration: duration)
    do {
      _ = try pass.walk(model.path, weight: 1, share: 1)
    } catch {
      throw error.diagnostic(in: model.file)
    }
    var result = AdmittedLoad(rate: rate)
    result.offered = pass.offered
    result.admitted = pass.admitted
    result.shaping = pass.shaping.map(\.value)
    result.hopAdmitted = pass.hopAdmitted
    return result
  }

  /// The admitted load of `model` at its workload's rate, from the shipped quotas.
  ///
  /// - Parameters:
  ///   - model: the path model.
  ///   - quotas: the quota catalog, or nil for the built-in figures.
  ///   - peak: use `workload.peak` (a burst of `workload.peak_duration`) instead of `rate`.
  /// - Returns: the admitted load, or nil when the workload has no such rate.
  /// - Throws: a diagnostic when the path's probabilities do not resolve.
  public static func ofWorkload(_ model: PathModel, quotas: QuotaCatalog?, peak: Bool = false)
    throws(Diagnostic) -> AdmittedLoad?
  {
    guard let rate = (peak ? model.workload.peak : model.workload.rate)?.value else {
      return nil
    }
    let duration = peak ? model.workload["peak_duration"]?.quantity?.value : nil
    return try of(
      model, load: try CapacityLoad.of(model), limits: LimitRegistry(model: model, quotas: quotas),
      rate: rate, duration: duration)
  }
}

/// The walk behind `AdmittedLoad.of`; it visits hops in `CapacityLoad`'s order.
private struct AdmissionPass {
  let model: PathModel
  let load: CapacityLoad
  let limits: LimitRegistry
  let rate: Double
  let duration: Double?
  var offered: [String: Double] = [:]
  var admitted: [String: Double] = [:]
  var shaping: [(key: String, value: AdmittedLoad.Shaping)] = []
  var hopAdmitted: [Double] = []
  private var hopIndex = 0
  /// What each shared limit has left (account concurrency, the gateway bucket, tables).
  private var used: [String: Double] = [:]

  init(
    model: PathModel, load: CapacityLoad, limits: LimitRegistry, rate: Double, duration: Double?
  ) {
    self.model = model
    self.load = load
    self.limits = limits
    self.rate = rate
    self.duration = duration
  }

  /// Walks `node` reached by `weight` visits per request with `share` of them admitted;
  /// returns the share admitted at its end.
  mutating func walk(_ node: PathNode, weight: Double, share: Double) throws(PathProblem)
    -> Double
  {
    guard weight > 0 else { return share }
    switch node {
    case .hop(let hop):
      return visit(hop, weight: weight, share: share)
    case .series(let steps):
      var current = share
      for step in steps { current = try walk(step, weight: weight, share: current) }
      return current
    case .branch(let arms):
      let weights = try model.probabilities(of: arms)
      var mixed = 0.0
      for (arm, p) in zip(arms, weights) {
        mixed += p * (try walk(arm.node, weight: weight * p, share: share))
      }
      return weights.reduce(0, +) > 0 ? mixed / weights.reduce(0, +) : share
    case .parallel(let fanOut):
      let count = try model.wholeNumber(fanOut.count, what: "a fan-out count", at: fanOut.position)
      return try walk(fanOut.node, weight: weight * Double(count), share: share)
    case .retry(let retry):
      // Visits come from `load`, whose retries carry their expected attempts already.
      return try walk(retry.node, weight: weight, share: share)
    }
  }

  private mutating func visit(_ hop: Hop, weight: Double, share: Double) -> Double {
    guard hopIndex < load.hops.count, let component = model.component(named: hop.component)
    else { return share }
    let hopLoad = load.hops[hopIndex]
    hopIndex += 1
    let visits = rate * hopLoad.visits
    var admittedShare = share
    switch component.kind {
    case .waf:
      if let block = component["block_rate"]?.quantity?.value, block > 0, block <= 1 {
        admittedShare = refuse(
          "\(component.name).block_rate", component.name, "rps", visits * share,
          visits * share * (1 - block), share: share)
      }
    case .gateway:
      admittedShare = gateway(component, visits: visits, share: share)
    case .function:
      admittedShare = function(component, hopLoad, visits: visits, share: share)
    case .database:
      admittedShare = table(component, visits: visits, share: share)
    default:
      break
    }
    offered[component.name, default: 0] += visits
    admitted[component.name, default: 0] += visits * admittedShare
    hopAdmitted.append(visits * admittedShare)
    return admittedShare
  }

  /// Records that `offered` was cut to `admitted` by `limit`, and returns the new share.
  private mutating func refuse(
    _ limit: String, _ component: String, _ unit: String, _ offered: Double,
    _ admitted: Double, share: Double
  ) -> Double {
    guard offered > 0, admitted < offered * (1 - 1e-9) else { return share }
    let key = "\(limit)@\(component)"
    if let index = shaping.firstIndex(where: { $0.key == key }) {
      shaping[index].value.offered += offered
      shaping[index].value.admitted += admitted
    } else {
      shaping.append(
        (
          key,
          AdmittedLoad.Shaping(
            limit: limit, component: component, unit: unit, offered: offered,
            admitted: admitted)
        ))
    }
    return share * max(admitted, 0) / offered
  }

  /// Takes up to `wanted` from the shared limit `id`; returns what was granted.
  private mutating func take(_ id: String, _ wanted: Double, capacity: Double) -> Double {
    let left = max(capacity - used[id, default: 0], 0)
    let granted = min(wanted, left)
    used[id, default: 0] += granted
    return granted
  }

  private mutating func gateway(_ c: Component, visits: Double, share: Double) -> Double {
    guard let throttle = limits["apigateway.throttle"]?.value else { return share }
    var capacity = throttle
    if let duration, duration > 0, let burst = limits["apigateway.burst"]?.value {
      capacity += burst / duration
    }
    let wanted = visits * share
    let granted = take("apigateway.throttle", wanted, capacity: capacity)
    return refuse("apigateway.throttle", c.name, "rps", wanted, granted, share: share)
  }

  private mutating func function(
    _ c: Component, _ hop: CapacityLoad.HopLoad, visits: Double, share: Double
  ) -> Double {
    let wanted = visits * share
    guard hop.residence > 0, wanted > 0 else { return share }
    let executions = wanted / hop.batch
    var slots: Double
    var limit: String
    if let reserved = limits["\(c.name).reserved_concurrency"] {
      (slots, limit) = (reserved.value, reserved.id)
      slots -= used[limit, default: 0]
    } else if let unreserved = limits["lambda.unreserved"] {
      (slots, limit) = (
        unreserved.value - used["lambda.unreserved", default: 0], "lambda.concurrency"
      )
    } else {
      return share
    }
    if hop.batch > 1, let batches = polledBatches(c) {
      if batches.value < slots { (slots, limit) = (batches.value, batches.id) }
    }
    slots = max(slots, 0)
    let need = executions * hop.residence
    let granted = min(need, slots)
    used[limit == "lambda.concurrency" ? "lambda.unreserved" : limit, default: 0] += granted
    let unit = hop.batch > 1 ? "msg/s" : "rps"
    return refuse(limit, c.name, unit, wanted, wanted * granted / need, share: share)
  }

  /// The ESM's batch limit of the queue `function` polls.
  private func polledBatches(_ function: Component) -> LimitRegistry.Entry? {
    let queue = load.hops.first { $0.consumer == function.name }?.component
    return queue.flatMap { limits["\($0).esm_batches"] }
  }

  private mutating func table(_ c: Component, visits: Double, share: Double) -> Double {
    let writeShare = min(max(c["write_share"]?.quantity?.value ?? 0, 0), 1)
    let (readUnits, writeUnits) = LimitRegistry.dynamoDBUnits(c)
    let wanted = visits * share
    var admittedShare = 1.0
    for (kind, perVisit, part) in [
      ("read_units", readUnits, 1 - writeShare), ("write_units", writeUnits, writeShare),
    ] where part > 0 && perVisit > 0 {
      guard let limit = limits["\(c.name).\(kind)"] else { continue }
      let units = wanted * part * perVisit
      let granted = take(limit.id, units, capacity: limit.value)
      let unitName = kind == "read_units" ? "read units/s" : "write units/s"
      let cut = refuse(limit.id, c.name, unitName, units, granted, share: 1)
      admittedShare -= part * (1 - cut)
    }
    return share * max(admittedShare, 0)
  }
}

// MARK: - For the commands

extension AdmittedLoad {
  /// The notes naming the limits that shape `model`'s load at `rate` (default: the
  /// workload's), for `latency`, `cache` and `cost`; none when nothing is refused.
  ///
  /// - Parameters:
  ///   - model: the path model.
  ///   - quotas: AWS's quotas, or nil for the built-in figures.
  ///   - rate: requests per second entering the path; nil: `workload.rate`.
  /// - Returns: one line per limit, `API Gateway admits 10,000 of 255,000 rps …`.
  public static func notes(_ model: PathModel, quotas: QuotaCatalog?, rate: Double? = nil)
    -> [String]
  {
    guard let rate = rate ?? model.workload.rate?.value, rate > 0,
      let load = try? CapacityLoad.of(model),
      let admitted = try? of(
        model, load: load, limits: LimitRegistry(model: model, quotas: quotas), rate: rate)
    else { return [] }
    return admitted.notes
  }

  /// `load` with each hop's visits cut to what the limits upstream admit, so that usage
  /// (and its cost) counts only the calls that happen.
  ///
  /// - Parameter load: the `CapacityLoad` this pass was computed from.
  /// - Returns: the admitted load per request entering the path.
  public func scaled(_ load: CapacityLoad) -> CapacityLoad {
    guard rate > 0, hopAdmitted.count == load.hops.count else { return load }
    var scaled = load
    for index in scaled.hops.indices where scaled.hops[index].visits > 0 {
      scaled.hops[index].visits = hopAdmitted[index] / rate
    }
    return scaled
  }
}
