import Quantities

/// An SQS queue of a path model under a burst, by `BurstBacklog`'s fluid model of a Lambda
/// event source mapping (5 batches at first, +300 per minute, at most 1,000).
///
/// Everything comes from the model unless an argument overrides it:
/// - inflow: messages per request × the workload's `rate` before and after the burst and its
///   `peak` during it, for `workload.peak_duration`. Messages per request are the visits to
///   the queue on the path, or, for a queue off the path such as a dead-letter queue, the
///   visits to its `source` × its `inflow_share`;
/// - consumers: the queue's `batch_size`, its `processing_time` per batch (else the
///   `consumer` function's holding time: its latency and the calls it makes), and at most
///   min(1,000, the consumer's reserved concurrency or concurrency limit) batches at once.
extension QueueAnalysis {
  /// The ESM's most concurrent batches per event source mapping (`BurstBacklog`).
  static let esmMaximumConcurrency = 1_000.0

  /// What the burst analysis runs on, with where each figure came from.
  public struct BurstSetup: Sendable, Hashable {
    public var queue: String
    public var consumer: String?
    /// Messages per second before and after the burst, and during it.
    public var baseRate: Double
    public var burstRate: Double
    /// Seconds.
    public var duration: Double
    public var batchSize: Double
    /// Seconds per batch.
    public var processingTime: Double
    public var maximumConcurrency: Double
    /// One line per figure: `burst 40,000 msg/s = workload.peak × 0.8 per request`.
    public var basis: [String]
    /// Messages per second during the burst's first `openingDuration` seconds, while API
    /// Gateway's bucket still passes more than its throttle (0 s when nothing throttles).
    public var openingRate: Double = 0
    public var openingDuration: Double = 0
  }

  /// What a burst rate on the command line counts.
  public enum RateUnit: Sendable, Hashable {
    /// Requests entering the path: the gateway's throttle and the model's messages per
    /// request turn them into messages.
    case requests
    /// Messages reaching the queue, as given.
    case messages
  }

  /// Values given on the command line, each replacing the model's.
  public struct BurstOverrides: Sendable, Hashable {
    public var baseRate: Double?
    public var burstRate: Double?
    public var duration: Double?
    public var batchSize: Double?
    public var processingTime: Double?
    public var concurrency: Double?
    /// What `baseRate` and `burstRate` count (requests unless told messages).
    public var unit: RateUnit = .requests

    public init(
      baseRate: Double? = nil, burstRate: Double? = nil, duration: Double? = nil,
      batchSize: Double? = nil, processingTime: Double? = nil, concurrency: Double? = nil
    ) {
      self.baseRate = baseRate
      self.burstRate = burstRate
      self.duration = duration
      self.batchSize = batchSize
      self.processingTime = processingTime
      self.concurrency = concurrency
    }
  }

  /// The burst's outcome, with times measured from the burst's start.
  public struct BurstReport: Sendable, Hashable {
    public var setup: BurstSetup
    public var outcome: BurstBacklog.Outcome
    /// When the burst starts in `outcome`'s clock (its samples before are the steady state).
    public var lead: Double
    /// Seconds from the burst's start until the queue is empty; nil if it never empties.
    public var emptyAt: Double?
    /// Seconds from the peak until empty: how long the backlog takes to drain.
    public var drainFromPeak: Double? {
      emptyAt.map { max(0, $0 - peakTime) }
    }
    /// Seconds from the burst's end until empty (0 when the consumers caught up during it).
    public var drainAfterBurst: Double? {
      emptyAt.map { max(0, $0 - setup.duration) }
    }
    /// Seconds from the burst's start to the peak.
    public var peakTime: Double { max(0, outcome.peakTime - lead) }
  }

  /// The queue `queue sqs` analyses by default: the first with a `consumer`.
  /// - Throws: a diagnostic saying what to load or set when there is none.
  static func defaultQueue(_ model: PathModel) throws(Diagnostic) -> Component {
    let queues = model.components.filter { $0.kind == .queue }
    guard !queues.isEmpty else {
      throw Diagnostic(
        "model \(model.name) has no SQS queue (kind queue); "
          + "load datasets/serverless-burst.yaml for the asynchronous path")
    }
    guard let queue = queues.first(where: { $0["consumer"] != nil }) else {
      throw Diagnostic(
        "no queue of \(model.name) names its consumer; set "
          + "\(queues[0].name).consumer = FUNCTION")
    }
    return queue
  }

  /// The figures for `queue` (default: `defaultQueue`), each from the model or `overrides`.
  /// - Throws: a diagnostic naming the parameter or argument that is missing.
  public static func burstSetup(
    _ model: PathModel, queue name: String? = nil, overrides: BurstOverrides = BurstOverrides(),
    quotas: QuotaCatalog? = nil
  ) throws(Diagnostic) -> BurstSetup {
    let queue: Component
    if let name { queue = try queueNamed(name, model) } else { queue = try defaultQueue(model) }
    var basis: [String] = []
    let limits = LimitRegistry(model: model, quotas: quotas)
    var admission = try Admission(model: model, queue: queue, limits: limits)
    let (base, burst, duration) = try inflow(model, queue, overrides, &admission, &basis)
    let batch = overrides.batchSize ?? TrafficAnalysis.number(queue, "batch_size") ?? 10
    let consumer = TrafficAnalysis.text(queue, "consumer").flatMap(model.component(named:))
    let processing = try processingTime(model, queue, consumer, overrides, &basis)
    var ceiling = limits["\(queue.name).esm_batches"]?.value ?? esmMaximumConcurrency
    var ceilingSource = "the ESM's maximum"
    // Full batches in flight may not pass the queue's in-flight messages (the simulator
    // counts the messages themselves; at a backlog its batches are full).
    if let inflight = limits["\(queue.name).inflight"], batch > 0,
      (inflight.value / batch).rounded(.down) < ceiling
    {
      ceiling = max(1, (inflight.value / batch).rounded(.down))
      ceilingSource = inflight.id
    }
    if let consumer, let pool = servers(of: consumer), Double(pool.count) < ceiling {
      ceiling = Double(pool.count)
      ceilingSource = pool.source
    }
    if let consumer, let reserved = limits["\(consumer.name).reserved_concurrency"],
      reserved.value < ceiling
    {
      (ceiling, ceilingSource) = (reserved.value, reserved.id)
    }
    if let (cap, why) = admission.drainCap(), processing > 0,
      cap * processing / batch < ceiling
    {
      ceiling = cap * processing / batch
      ceilingSource = why
    }
    if let given = overrides.concurrency { (ceiling, ceilingSource) = (given, "argument") }
    basis.append(
      "at most \(Quantity.formatNumber(ceiling.rounded(.down))) concurrent batches "
        + "(\(ceilingSource))"
        + " of \(Quantity.formatNumber(batch)) messages")
    if TrafficAnalysis.text(queue, "type")?.lowercased() == "fifo" {
      basis.append(
        "FIFO: Lambda scales by message group; the standard-queue ramp is an "
          + "upper bound")
    }
    var setup = BurstSetup(
      queue: queue.name, consumer: consumer?.name, baseRate: base, burstRate: burst,
      duration: duration, batchSize: batch, processingTime: processing,
      maximumConcurrency: ceiling, basis: basis)
    if let (rate, seconds) = admission.opening, seconds > 0 {
      setup.openingRate = rate
      setup.openingDuration = min(seconds, duration)
    }
    return setup
  }

  private static func queueNamed(_ name: String, _ model: PathModel) throws(Diagnostic)
    -> Component
  {
    let queues = model.components.filter { $0.kind == .queue }
    guard let queue = queues.first(where: { $0.name == name }) else {
      throw Diagnostic(
        "'\(name)' is not a queue of \(model.name) (queues: "
          + queues.map(\.name).joined(separator: ", ") + ")",
        suggestions: Suggestion.nearest(to: name, among: queues.map(\.name)))
    }
    return queue
  }

  /// Messages per second before/after and during the burst, and its length.
  private static func inflow(
    _ model: PathModel, _ queue: Component, _ overrides: BurstOverrides,
    _ admission: inout Admission, _ basis: inout [String]
  ) throws(Diagnostic) -> (Double, Double, Double) {
    let source = TrafficAnalysis.text(queue, "source") ?? queue.name
    let share = TrafficAnalysis.number(queue, "inflow_share") ?? 1
    let visits = try TrafficAnalysis.visitsPerRequest(model)[source] ?? 0
    let perRequest = visits * share
    let via = source == queue.name ? "" : " via \(source)"
    let shareText = share == 1 ? "" : " × \(TimeFormat.share(share)) inflow_share"
    // A queue wired to the path (directly or through its source) that gets nothing at these
    // hit rates has an empty burst, not an error: `sweep cdn.hit_rate … to 100%` stays whole.
    let wired = TrafficAnalysis.appears(source, in: model.path)
    guard let duration = overrides.duration ?? model.workload["peak_duration"]?.quantity?.value
    else {
      throw Diagnostic(
        "the burst has no length: set workload.peak_duration (e.g. 5 min) or "
          + "write queue sqs burst RATE for TIME")
    }
    /// Messages per second reaching the queue when `requests` per second enter the path.
    func admitted(_ requests: Double, burst: Bool) throws(Diagnostic) -> Double {
      try admission.messages(
        requests: requests, source: source, share: share, burst: burst ? duration : nil,
        &basis)
    }
    func fromWorkload(_ peak: Bool) throws(Diagnostic) -> Double {
      guard perRequest > 0 || wired else {
        throw Diagnostic(
          "\(queue.name) receives no messages: it is not on the request path; "
            + "set \(queue.name).source = COMPONENT (what feeds it), or give the burst: "
            + "queue sqs \(queue.name) burst 40k rps for 5 min")
      }
      let requests = try TrafficAnalysis.requestRate(model, peak: peak)
      let offered = requests * perRequest
      let rate = try admitted(requests, burst: peak)
      basis.append(
        "\(peak ? "burst" : "base") \(messageRate(offered)) offered = "
          + "workload.\(peak ? "peak" : "rate") × \(Quantity.formatNumber(visits)) "
          + (via.isEmpty ? "messages" : "visits") + " per request\(via)\(shareText)"
          + (rate < offered * (1 - 1e-9) ? "; \(messageRate(rate)) admitted" : ""))
      return rate
    }
    /// A rate from the command line: messages as given, requests through the path.
    func given(_ rate: Double, _ what: String, burst: Bool) throws(Diagnostic) -> Double {
      guard overrides.unit == .requests, perRequest > 0 else {
        basis.append("\(what) \(messageRate(rate)) as given (messages)")
        return rate
      }
      let messages = try admitted(rate, burst: burst)
      basis.append(
        "\(what) \(Quantity.formatNumber(rate)) rps (requests) × "
          + "\(Quantity.formatNumber(perRequest)) messages per request"
          + (messages < rate * perRequest * (1 - 1e-9)
            ? " after the limits upstream = \(messageRate(messages))"
            : " = \(messageRate(messages))"))
      return messages
    }
    let burst: Double
    if let rate = overrides.burstRate {
      burst = try given(rate, "burst", burst: true)
    } else {
      burst = try fromWorkload(true)
    }
    let burstOpening = admission.opening
    let base: Double
    if let rate = overrides.baseRate {
      base = try given(rate, "base", burst: false)
    } else {
      base = overrides.burstRate != nil && perRequest == 0 ? 0 : try fromWorkload(false)
    }
    admission.opening = burstOpening
    if overrides.duration == nil {
      basis.append("for \(IncidentFormat.duration(duration)) = workload.peak_duration")
    }
    return (base, burst, duration)
  }

  /// `40,000 msg/s`: message rates read apart from request rates.
  static func messageRate(_ rate: Double) -> String {
    Quantity.formatNumber(TimeFormat.rounded(rate)) + " msg/s"
  }

  /// Seconds per batch: the argument, the queue's `processing_time`, else the consumer's
  /// holding time on the path, else its latency's mean.
  private static func processingTime(
    _ model: PathModel, _ queue: Component, _ consumer: Component?,
    _ overrides: BurstOverrides, _ basis: inout [String]
  ) throws(Diagnostic) -> Double {
    if let given = overrides.processingTime { return given }
    if let stated = TrafficAnalysis.number(queue, "processing_time", .time) {
      basis.append(
        "\(IncidentFormat.duration(stated)) per batch = "
          + TrafficAnalysis.provenance(queue, "processing_time"))
      return stated
    }
    guard let consumer else {
      throw Diagnostic(
        "\(queue.name) has no consumer or processing_time; set "
          + "\(queue.name).consumer = FUNCTION or write processing 200 ms")
    }
    let batch = overrides.batchSize ?? TrafficAnalysis.number(queue, "batch_size") ?? 10
    if let time = try batchTime(of: consumer.name, batch: batch, in: model) {
      basis.append(
        "\(IncidentFormat.duration(time)) per batch = \(consumer.name)'s latency, then the "
          + "slowest of its \(Quantity.formatNumber(batch)) messages' calls (mean; the batch "
          + "ends when its last message does)")
      return time
    }
    guard let latency = consumer["latency"]?.distribution else {
      throw Diagnostic("\(consumer.name) has no latency; set \(queue.name).processing_time")
    }
    basis.append(
      "\(IncidentFormat.duration(latency.mean)) per batch = \(consumer.name).latency "
        + "(mean)")
    return latency.mean
  }

  /// Mean seconds a batch of `batch` messages holds its consumer: the consumer's hop once,
  /// then each message's calls at once, until the slowest ends: E[X] + E[max of `batch`
  /// copies of Y] (CDF^n of the calls' latency), as the simulator runs a batch.
  private static func batchTime(of consumer: String, batch: Double, in model: PathModel)
    throws(Diagnostic) -> Double?
  {
    var weights = 0.0
    var total = 0.0
    let copies = Int(min(max(batch, 1), 10_000))
    for visit in try TrafficAnalysis.hopVisits(model) where visit.hop.component == consumer {
      let own: LatencyTree
      let calls: LatencyTree
      do {
        own = try model.latencyTree(of: .hop(visit.hop))
        calls = try model.latencyTree(of: .series(visit.downstream))
      } catch {
        throw error.diagnostic(in: model.file)
      }
      if let problem = own.problem ?? calls.problem {
        throw Diagnostic("the latency engine cannot compose \(consumer)'s calls: \(problem)")
      }
      let hop = own.compose().success
      guard hop.probability > 0 else { continue }
      let slowest =
        visit.downstream.isEmpty ? 0 : calls.compose().success.maximum(copies: copies).mean
      weights += visit.weight
      total += visit.weight * (hop.mean + slowest)
    }
    return weights > 0 ? total / weights : nil
  }

  /// The burst's backlog, its peak and when the queue is empty again.
  /// - Parameters:
  ///   - model: the path model whose queue, consumer and workload are read.
  ///   - queue: the queue's component name, or nil for `defaultQueue`.
  ///   - overrides: values that replace the model's.
  ///   - step: seconds between samples; nil picks one giving about `rows` samples from the
  ///     burst's start until the queue is empty (or twice the burst if it never is).
  ///   - rows: the number of samples to aim for when `step` is nil.
  ///   - quotas: AWS's quotas for the limits around the queue; nil: `LimitRegistry.builtIn`.
  /// - Returns: the samples, the peak and the moment the queue is empty again.
  /// - Throws: a diagnostic for a missing figure or one the fluid model rejects.
  /// - Complexity: two fluid runs plus a bisection of about 60 short ones.
  public static func burst(
    _ model: PathModel, queue: String? = nil, overrides: BurstOverrides = BurstOverrides(),
    step: Double? = nil, rows: Int = 12, quotas: QuotaCatalog? = nil
  ) throws(Diagnostic) -> BurstReport {
    let setup = try burstSetup(model, queue: queue, overrides: overrides, quotas: quotas)
    let consumers = BurstBacklog.Consumers(
      batchSize: setup.batchSize, batchDuration: setup.processingTime,
      maximumConcurrency: setup.maximumConcurrency)
    return try CacheAnalysis.checked { () throws(AnalysisInputError) in
      let probe = try run(setup, consumers, lead: 1, step: nil)
      let emptyAt = try emptyTime(probe, setup, consumers)
      // Show the episode: from the burst's start until the queue is empty (the whole burst
      // when no backlog forms, twice it when the backlog never drains).
      let span = emptyAt.map { $0 > 0 ? $0 : setup.duration } ?? 2 * setup.duration
      let chosen = step ?? IncidentFormat.niceStep(span / Double(max(rows, 2)))
      let end = (span / chosen - 1e-9).rounded(.up) * chosen
      var report = try run(
        setup, consumers, lead: chosen, step: chosen,
        horizon: chosen + max(end, chosen))
      report.emptyAt = emptyAt
      return report
    }
  }

  private static func run(
    _ setup: BurstSetup, _ consumers: BurstBacklog.Consumers, lead: Double, step: Double?,
    horizon: Double? = nil
  ) throws(AnalysisInputError) -> BurstReport {
    var steps: [BurstBacklog.InputProfile.Step] = [.init(start: 0, rate: setup.baseRate)]
    if setup.openingDuration > 0, setup.openingDuration < setup.duration {
      steps.append(.init(start: lead, rate: setup.openingRate))
      steps.append(.init(start: lead + setup.openingDuration, rate: setup.burstRate))
    } else {
      steps.append(.init(start: lead, rate: setup.burstRate))
    }
    steps.append(.init(start: lead + setup.duration, rate: setup.baseRate))
    let input = try BurstBacklog.InputProfile(steps: steps)
    let outcome = try BurstBacklog.analyse(
      input: input, consumers: consumers, sampleStep: step ?? (lead + setup.duration),
      horizon: horizon)
    return BurstReport(setup: setup, outcome: outcome, lead: lead, emptyAt: nil)
  }

  /// Seconds from the burst's start until the backlog is gone: from the drain when it
  /// outlasts the burst, else by bisection after the peak (the backlog only falls there).
  private static func emptyTime(
    _ probe: BurstReport, _ setup: BurstSetup, _ consumers: BurstBacklog.Consumers
  ) throws(AnalysisInputError) -> Double? {
    guard case .drained(let after) = probe.outcome.drain else { return nil }
    if after > 0 { return setup.duration + after }
    guard probe.outcome.peakBacklog > 0 else { return 0 }
    var low = probe.outcome.peakTime
    var high = probe.lead + setup.duration
    for _ in 0..<64 where high - low > 1e-9 * max(high, 1) {
      let middle = (low + high) / 2
      let state = try run(setup, consumers, lead: probe.lead, step: middle, horizon: middle)
      if (state.outcome.samples.last?.backlog ?? 0) > 0 { low = middle } else { high = middle }
    }
    return high - probe.lead
  }
}

/// How the limits around a queue shape its burst: what the path upstream admits into it
/// (`AdmittedLoad`), API Gateway's bucket at the burst's start, and how fast the tables its
/// consumer writes to let it drain.
struct Admission {
  let model: PathModel
  let queue: Component
  let limits: LimitRegistry
  let load: CapacityLoad
  /// The first hop of the queue in `load`.
  let queueHop: Int?
  /// The burst's first seconds at the rate API Gateway's full bucket lets through.
  var opening: (rate: Double, seconds: Double)?
  /// The admitted load during the burst, for the tables' share left to the consumer.
  private var burstLoad: AdmittedLoad?

  init(model: PathModel, queue: Component, limits: LimitRegistry) throws(Diagnostic) {
    self.model = model
    self.queue = queue
    self.limits = limits
    load = try CapacityLoad.of(model)
    queueHop = load.hops.firstIndex { $0.component == queue.name }
  }

  /// Messages per second reaching the queue (from `source`, × `share`) when `requests`
  /// per second enter the path; notes the limits upstream that cut them.
  mutating func messages(
    requests: Double, source: String, share: Double, burst: Double?, _ basis: inout [String]
  ) throws(Diagnostic) -> Double {
    let pass = try AdmittedLoad.of(model, load: load, limits: limits, rate: requests)
    let messages = (pass.admitted[source] ?? 0) * share
    let before = Set(load.hops[..<(queueHop ?? load.hops.count)].map(\.component))
    for shaping in pass.shaping where before.contains(shaping.component) {
      basis.append(shaping.sentence)
    }
    guard burst != nil else { return messages }
    burstLoad = pass
    opening = nil
    if let gate = pass.shaping.first(where: { $0.limit == "apigateway.throttle" }),
      gate.admitted > 0, gate.offered > gate.admitted,
      let bucket = limits["apigateway.burst"]?.value
    {
      let seconds = bucket / (gate.offered - gate.admitted)
      opening = (messages * gate.offered / gate.admitted, seconds)
      basis.append(
        "API Gateway's \(Quantity.formatNumber(bucket))-request bucket (apigateway.burst) "
          + "lets the first \(IncidentFormat.duration(seconds)) of the burst through whole")
    }
    return messages
  }

  /// The most messages per second the consumer can drain before a table it writes to
  /// throttles: the table's units left by the rest of the path at the burst (all of them
  /// when the burst is given in messages), over the units one message costs; nil when no
  /// table downstream limits it.
  func drainCap() -> (Double, String)? {
    guard let queueHop else { return nil }
    let admitted = burstLoad?.hopAdmitted ?? []
    let queueVisits = load.hops.filter { $0.component == queue.name && !$0.continuesQueue }
      .reduce(0) { $0 + $1.visits }
    guard queueVisits > 0 else { return nil }
    var best: (Double, String)?
    for table in model.components where table.kind == .database {
      let units = LimitRegistry.dynamoDBUnits(table)
      let writeShare = min(max(table["write_share"]?.quantity?.value ?? 0, 0), 1)
      for (kind, perVisit, part) in [
        ("read_units", units.read, 1 - writeShare), ("write_units", units.write, writeShare),
      ] where part > 0 {
        guard let limit = limits["\(table.name).\(kind)"] else { continue }
        var perMessage = 0.0
        var others = 0.0
        for (index, hop) in load.hops.enumerated() where hop.component == table.name {
          if index > queueHop {
            perMessage += hop.visits / queueVisits * perVisit * part
          } else if index < admitted.count {
            others += admitted[index] * perVisit * part
          }
        }
        guard perMessage > 0 else { continue }
        let cap = max(limit.value - others, 0) / perMessage
        if best.map({ cap < $0.0 }) ?? true {
          best = (
            cap,
            "\(limit.id): \(Quantity.formatNumber(limit.value)) units/s, "
              + (others > 0
                ? "less \(Quantity.formatNumber(TimeFormat.rounded(others))) the rest of the path uses, "
                : "")
              + "at \(Quantity.formatNumber(perMessage)) per message"
          )
        }
      }
    }
    return best
  }
}
