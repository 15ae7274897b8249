import Quantities

/// The `queue` analysis: every component with a pool of servers (Lambda concurrency, ECS
/// tasks × requests per task) as a queueing station, and SQS under a burst
/// (`QueueBurstAnalysis.swift`).
///
/// A station's arrivals are the workload rate × its visits per request (from the path), and
/// its holding time is its own hop plus the synchronous calls after it (`TrafficAnalysis
/// .hold`). Three textbook models then answer three questions (Kleinrock, *Queueing
/// Systems* vol. 1, 1975; Gross & Harris, *Fundamentals of Queueing Theory*, 1998):
/// - M/M/c, Erlang C: with a buffer in front (SQS, a request queue), how likely and how long
///   a request waits for a free server;
/// - M/M/c/c, Erlang B: with no buffer, the share a concurrency limit rejects — Lambda
///   answering 429 when invocations exceed its concurrency; insensitive to the holding-time
///   distribution beyond its mean;
/// - M/D/1 and M/G/1 by Pollaczek–Khinchine, per server with λ/c each: the single-threaded
///   view, and how much the holding time's variability (cold starts, cache misses) adds.
public enum QueueAnalysis {
  /// AWS's default concurrency quota per account and region, used for a function that states
  /// no `reserved_concurrency` or `concurrency_limit` (AWS Lambda quotas page, "Concurrent
  /// executions: 1,000").
  static let defaultLambdaConcurrency = 1_000

  /// One component as a queueing station.
  public struct Station: Sendable, Hashable {
    public var component: String
    /// Requests per second arriving (visits × rate), or batches for an SQS consumer.
    public var arrivalRate: Double
    /// Messages per invocation: the batch size when the component drains a queue on the
    /// path (one execution holds a whole batch), else 1.
    public var batchSize: Double
    /// Mean holding time, seconds, and its squared coefficient of variation.
    public var holdTime: Double
    public var holdSCV: Double
    /// c as the model states it (before the formulas' cap).
    public var servers: Int
    /// Where c came from: `lambda.concurrency_limit`, `AWS default`, an argument.
    public var serversSource: String
    /// A = λ × hold, erlangs: the mean number of busy servers.
    public var offeredLoad: Double
    public var mmc: QueueOutcome<MMcQueue>
    public var loss: LossSystem
    /// One server of c, λ/c each, constant holding time.
    public var md1: QueueOutcome<MG1Queue>
    /// One server of c, λ/c each, the holding time's own variability.
    public var mg1: QueueOutcome<MG1Queue>

    /// c used in the formulas: capped at `Queueing.maximumServers` (above that, at any load
    /// the model can carry, waiting and blocking are 0 to double precision).
    public var modelledServers: Int { min(servers, Queueing.maximumServers) }
  }

  /// Overrides for one station, from the command's arguments.
  public struct StationOverrides: Sendable, Hashable {
    public var servers: Int?
    public var holdTime: Double?

    public init(servers: Int? = nil, holdTime: Double? = nil) {
      self.servers = servers
      self.holdTime = holdTime
    }
  }

  /// c for a component: a function's `reserved_concurrency`, else its `concurrency_limit`,
  /// else AWS's default quota; a service's `tasks` × `concurrency_per_task`.
  /// - Returns: nil for a component without servers (then it is not a station).
  static func servers(of component: Component) -> (count: Int, source: String)? {
    func whole(_ name: String) -> Int? {
      guard let value = TrafficAnalysis.number(component, name), value >= 0,
        value <= 1e15
      else { return nil }
      return Int(value.rounded())
    }
    switch component.kind {
    case .function:
      for name in ["reserved_concurrency", "concurrency_limit"] {
        if let c = whole(name) { return (c, "\(component.name).\(name)") }
      }
      return (defaultLambdaConcurrency, "AWS default quota")
    case .service:
      guard let tasks = whole("tasks"), let each = whole("concurrency_per_task") else {
        return nil
      }
      return (tasks * each, "\(component.name).tasks × concurrency_per_task")
    default:
      return nil
    }
  }

  /// The stations of the path at `rate` (default: the workload's), in model order, and the
  /// components that could be stations but lack a server count.
  /// - Throws: a diagnostic when the model has no rate or a formula rejects a value.
  /// - Complexity: one latency composition per station visit.
  public static func stations(_ model: PathModel, rate: Double? = nil) throws(Diagnostic)
    -> (stations: [Station], missing: [String])
  {
    let lambda = try TrafficAnalysis.given(rate) { () throws(Diagnostic) in
      try TrafficAnalysis.requestRate(model)
    }
    let visits = try TrafficAnalysis.visitsPerRequest(model)
    var out: [Station] = []
    var missing: [String] = []
    for component in model.components where (visits[component.name] ?? 0) > 0 {
      guard component.kind == .function || component.kind == .service else { continue }
      guard servers(of: component) != nil else {
        missing.append(component.name)
        continue
      }
      out.append(try station(model, component: component.name, rate: lambda))
    }
    return (out, missing)
  }

  /// One component as a station at `rate`, with optional overrides.
  /// - Throws: a diagnostic naming what is missing (servers, a place on the path).
  public static func station(
    _ model: PathModel, component name: String, rate: Double,
    overrides: StationOverrides = StationOverrides()
  ) throws(Diagnostic) -> Station {
    guard let component = model.component(named: name) else {
      throw Diagnostic(
        "no component named '\(name)' in model \(model.name)",
        suggestions: Suggestion.nearest(
          to: name,
          among: model.components.map(\.name)))
    }
    let visits = try TrafficAnalysis.visitsPerRequest(model)[name] ?? 0
    let hold = try TrafficAnalysis.hold(of: name, in: model)
    guard let holdTime = overrides.holdTime ?? hold?.mean, holdTime > 0 else {
      throw Diagnostic(
        "\(name) is not on the request path, so it has no arrivals or holding "
          + "time; give both: queue \(name) service 20 ms at 1000 rps")
    }
    let pool: (count: Int, source: String)
    if let given = overrides.servers {
      pool = (given, "argument")
    } else if let stated = servers(of: component) {
      pool = stated
    } else {
      throw Diagnostic(
        "\(name) states no servers; set \(name).tasks and "
          + "\(name).concurrency_per_task, or write queue \(name) servers N")
    }
    guard pool.count >= 1 else {
      throw Diagnostic("\(name) has 0 servers (\(pool.source)): every request is throttled")
    }
    let batch = try batchSize(consuming: name, in: model)
    let lambda = rate * (visits > 0 ? visits : 1) / batch
    let c = min(pool.count, Queueing.maximumServers)
    let perServer = lambda / Double(c)
    return try CacheAnalysis.checked { () throws(AnalysisInputError) in
      Station(
        component: name, arrivalRate: lambda, batchSize: batch, holdTime: holdTime,
        holdSCV: overrides.holdTime == nil ? hold?.scv ?? 1 : 0, servers: pool.count,
        serversSource: pool.source, offeredLoad: lambda * holdTime,
        mmc: try Queueing.mmc(arrivalRate: lambda, meanServiceTime: holdTime, servers: c),
        loss: try Queueing.lossSystem(arrivalRate: lambda, meanServiceTime: holdTime, servers: c),
        md1: try Queueing.md1(arrivalRate: perServer, serviceTime: holdTime),
        mg1: try Queueing.mg1(
          arrivalRate: perServer, meanServiceTime: holdTime,
          serviceSCV: overrides.holdTime == nil ? hold?.scv ?? 1 : 0))
    }
  }

  /// The batch size of the queue on the path that `name` consumes, else 1.
  ///
  /// A Lambda event source mapping hands one execution a batch of messages, and the path
  /// model's per-request latency of a consumer is the batch's time, so its executions are
  /// the request rate / batch size × that time (Little). A queue off the path (a DLQ) does
  /// not change how its consumer serves the path.
  static func batchSize(consuming name: String, in model: PathModel) throws(Diagnostic)
    -> Double
  {
    let visits = try TrafficAnalysis.visitsPerRequest(model)
    let queue = model.components.first {
      $0.kind == .queue && TrafficAnalysis.text($0, "consumer") == name
        && (visits[$0.name] ?? 0) > 0
    }
    guard let queue, let size = TrafficAnalysis.number(queue, "batch_size"), size >= 1 else {
      return 1
    }
    return size
  }

  /// The registry entry: the SQS burst's numbers, and the worst throttling of any station.
  static let definition = AnalysisDefinition(
    name: "queue",
    summary: "SQS backlog under the workload's burst, and throttling at concurrency limits",
    metrics: [
      MetricSpec(
        "peak_depth", .none, "most messages waiting in the SQS queue during the burst",
        display: TrafficAnalysis.plainCount),
      MetricSpec(
        "oldest_age", .time, "age of the oldest waiting message at its worst",
        display: TrafficAnalysis.seconds),
      MetricSpec(
        "drain_time", .time, "time from the peak until the queue is empty",
        display: TrafficAnalysis.seconds),
      MetricSpec(
        "empty_at", .time, "time from the burst's start until the queue is empty",
        display: TrafficAnalysis.seconds),
      MetricSpec(
        "throttled", .none,
        "share a concurrency limit rejects with no buffer (Erlang "
          + "B), worst station", display: .percent),
    ],
    evaluate: { model in
      let burst = try QueueAnalysis.burst(model)
      guard let drain = burst.drainFromPeak, let empty = burst.emptyAt else {
        throw Diagnostic(
          "the backlog of \(burst.setup.queue) never drains: its inflow after "
            + "the burst is at or above the consumers' most")
      }
      let throttled = try QueueAnalysis.stations(model).stations.map(\.loss.blocking).max() ?? 0
      return [
        Quantity.count(burst.outcome.peakBacklog),
        Quantity.seconds(burst.outcome.maximumOldestAge),
        Quantity.seconds(drain), Quantity.seconds(empty), Quantity.fraction(throttled),
      ]
    })
}
