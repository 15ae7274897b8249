import Foundation
import Quantities

/// Builds a capacity report's demands and limits, kind by kind.
///
/// Every limit's value and source come from `LimitRegistry`, the one list the simulator
/// enforces too; this builder only pairs each with the demand the load puts on it. A
/// limit whose quota is missing from the catalog still appears when the model gives a
/// figure, and otherwise is left out (never guessed).
struct CapacityBuilder {
  let model: PathModel
  let load: CapacityLoad
  let quotas: QuotaCatalog
  let registry: LimitRegistry
  let rate: Double
  let peak: Double?
  var demands: [CapacityAnalysis.Demand] = []
  var limits: [CapacityAnalysis.Limit] = []
  var scaling: [CapacityAnalysis.Scaling] = []
  var notes: [String] = []

  init(
    model: PathModel, load: CapacityLoad, quotas: QuotaCatalog, rate: Double,
    peak: Double?
  ) {
    self.model = model
    self.load = load
    self.quotas = quotas
    self.registry = LimitRegistry(model: model, quotas: quotas)
    self.rate = rate
    self.peak = peak
    notes += registry.notes
  }

  mutating func build() {
    let visited = model.components.filter { load.visits(to: $0.name) > 0 }
    for component in visited {
      switch component.kind {
      case .function: function(component)
      case .service: service(component)
      case .cache:
        demand(component, "ops/s", load.visits(to: component.name))
        notes.append(
          "\(component.name): the quota dataset has no ElastiCache throughput "
            + "limit; size nodes for the ops/s above")
      case .cdn: cdn(component)
      case .storage: storage(component)
      case .database: database(component)
      case .queue: queue(component)
      case .stream: stream(component)
      case .bus: bus(component)
      case .topic: topic(component)
      default: demand(component, "requests/s", load.visits(to: component.name))
      }
    }
    accountLimits(visited)
  }

  // MARK: - Helpers

  mutating func demand(
    _ c: Component, _ measure: String, _ perRate: Double,
    whole: Bool = false
  ) {
    demands.append(
      CapacityAnalysis.Demand(
        component: c.name, measure: measure,
        perRate: perRate, whole: whole))
  }

  /// The registry's limit `id` against `perRate` of demand per request/s; nothing when
  /// the model has no such limit.
  mutating func limit(_ id: String, perRate: Double) {
    guard let entry = registry[id], entry.value > 0 else { return }
    limits.append(
      CapacityAnalysis.Limit(
        name: entry.id, meaning: entry.meaning, perRate: perRate, limit: entry.value,
        limitSource: entry.source, quota: entry.quota))
  }

  // MARK: - Kinds

  /// Lambda: concurrent executions (Little's law) and, when reserved, its own cap; the
  /// time to scale from the average to the peak at 1,000 environments per 10 s.
  mutating func function(_ c: Component) {
    let perRate = load.busyTime(at: c.name)
    demand(c, "concurrent executions", perRate, whole: true)
    demand(c, "invocations/s", load.executions(at: c.name))
    limit("\(c.name).reserved_concurrency", perRate: perRate)
    if let peak, let fromRate = registry.scaleOutSeconds(from: perRate * rate, to: perRate * peak),
      let fromZero = registry.scaleOutSeconds(from: 0, to: perRate * peak)
    {
      scaling.append(
        CapacityAnalysis.Scaling(function: c.name, fromRate: fromRate, fromZero: fromZero))
    }
  }

  /// A container service: requests in flight, and tasks when their concurrency is given.
  mutating func service(_ c: Component) {
    let perRate = load.busyTime(at: c.name)
    demand(c, "requests in flight", perRate)
    guard let perTask = c["concurrency_per_task"]?.quantity?.value, perTask > 0 else {
      notes.append(
        "\(c.name): set \(c.name).concurrency_per_task (requests one task serves "
          + "at once) to turn requests in flight into tasks")
      return
    }
    demand(c, "tasks", perRate / perTask, whole: true)
    limit("\(c.name).tasks", perRate: perRate)
  }

  /// CloudFront: requests/s and bytes on the wire against the distribution's quotas.
  ///
  /// The defaults are 250,000 rps and 150 Gbps, both adjustable. Bytes on the wire are
  /// `workload.response_size` less what `workload.compression` saves.
  mutating func cdn(_ c: Component) {
    let visits = load.visits(to: c.name)
    demand(c, "requests/s", visits)
    limit("\(c.name).requests", perRate: visits)
    guard let bytes = model.workload.wireResponseBytes, bytes > 0 else { return }
    let gigabits = visits * bytes * 8 / 1e9
    demand(c, "Gbps to viewers", gigabits)
    limit("\(c.name).bandwidth", perRate: gigabits)
  }

  /// S3: GET/HEAD and PUT requests/s per partitioned prefix against S3's per-prefix rates,
  /// over `prefixes` prefixes (1 when not given: S3 partitions a busy prefix by itself, over
  /// 30-60 minutes, so a sudden peak meets one partition).
  mutating func storage(_ c: Component) {
    let visits = load.visits(to: c.name)
    let writeShare = c["write_share"]?.quantity?.value ?? 0
    let prefixes = max(1, c["prefixes"]?.quantity?.value ?? 1)
    demand(c, "requests/s", visits)
    if writeShare < 1 {
      limit("\(c.name).get_rate", perRate: visits * (1 - writeShare) / prefixes)
    }
    if writeShare > 0 {
      limit("\(c.name).put_rate", perRate: visits * writeShare / prefixes)
    }
  }

  /// DynamoDB: request units per second; partitions at 3,000 RRU and 1,000 WRU each (a
  /// linear mix); on demand, the table's default throughput quota and a new table's ramp.
  mutating func database(_ c: Component) {
    let visits = load.visits(to: c.name)
    let writeShare = c["write_share"]?.quantity?.value ?? 0
    let units = LimitRegistry.dynamoDBUnits(c)
    let reads = visits * (1 - writeShare) * units.read
    let writes = visits * writeShare * units.write
    demand(c, "queries/s", visits)
    if reads > 0 { demand(c, "read units/s", reads) }
    if writes > 0 { demand(c, "write units/s", writes) }
    let perPartitionRead = quotas["dynamodb.partition.read_units_max"]?.value ?? 3_000
    let perPartitionWrite = quotas["dynamodb.partition.write_units_max"]?.value ?? 1_000
    demand(c, "partitions", reads / perPartitionRead + writes / perPartitionWrite, whole: true)
    if reads > 0 { limit("\(c.name).read_units", perRate: reads) }
    if writes > 0 { limit("\(c.name).write_units", perRate: writes) }
    var mode: String?
    if case .text(let text)? = c["capacity_mode"] { mode = text.lowercased() }
    guard mode != "provisioned" else { return }
    rampNote(c, reads: reads, writes: writes)
  }

  /// How long a new on-demand table takes to reach the peak: it serves 12,000 RRU and
  /// 4,000 WRU at once, then up to twice its previous peak per 30 minutes.
  private mutating func rampNote(_ c: Component, reads: Double, writes: Double) {
    let target = peak ?? rate
    guard let initialRead = quotas["dynamodb.ondemand.new_table.read_units"]?.value,
      let initialWrite = quotas["dynamodb.ondemand.new_table.write_units"]?.value
    else { return }
    let ratio = max(reads * target / initialRead, writes * target / initialWrite)
    guard ratio > 1 else { return }
    let window = quotas["dynamodb.ondemand.growth_window"]?.value ?? 30
    let doublings = log2(ratio).rounded(.up)
    notes.append(
      "\(c.name): a new on-demand table serves 12,000 RRU and 4,000 WRU at once "
        + "and doubles every \(Quantity.formatNumber(window)) min, so reaching the peak takes "
        + "\(Quantity.formatNumber(doublings)) doubling\(doublings == 1 ? "" : "s") "
        + "(\(Quantity.formatNumber(doublings * window)) min) unless pre-warmed")
  }

  /// SQS: messages per second, the model's throughput limit, and for a polled queue the
  /// messages in flight (received, not deleted) and the event source's concurrent batches.
  mutating func queue(_ c: Component) {
    var sends = 0.0
    for hop in load.hops(of: c.name) where !hop.continuesQueue { sends += hop.visits }
    if sends > 0 { demand(c, "messages/s", sends) }
    limit("\(c.name).throughput", perRate: sends)
    // The consumer may poll it after a wait hop: the limits are the receiving queue's.
    guard let consumer = load.hops.first(where: { $0.receivedFrom == c.name })?.consumer
    else { return }
    let batches = load.busyTime(at: consumer)
    let batch = load.hops(of: consumer).first?.batch ?? 1
    demand(c, "messages in flight", batches * batch)
    limit("\(c.name).inflight", perRate: batches * batch)
    limit("\(c.name).esm_batches", perRate: batches)
  }

  /// A stream by its service: Kinesis records and MB/s in and out against its shards,
  /// Firehose records and MB/s against the per-stream quotas, DynamoDB Streams records
  /// and readers (whose per-shard figure is unconfirmed).
  ///
  /// Bytes are records × `record_size` (else the request size), in MB of 1,048,576 bytes,
  /// as Kinesis's per-shard rates count them; out is in × `consumers` (default 1), the
  /// standard consumers sharing each shard's 2 MB/s.
  mutating func stream(_ c: Component) {
    let visits = load.visits(to: c.name)
    demand(c, "records/s", visits)
    let megabytes = c.recordBytes(model.workload).map { visits * $0 / 1_048_576 }
    switch c.streamService {
    case "firehose":
      if let megabytes { demand(c, "MB/s in", megabytes) }
      guard !model.readsFromKinesis(c.name) else {
        notes.append(
          "\(c.name): reads from a Kinesis stream, so it takes no PutRecord calls: "
            + "Firehose's per-stream Direct PUT quotas (\(registryText("\(c.name).records")) "
            + "records/s, \(registryText("\(c.name).bytes")) MB/s, stated for PutRecord) are "
            + "not checked; the Kinesis stream's shards bound its "
            + "\(CostUsageBuilder.plain(visits * (peak ?? rate))) records/s at the "
            + (peak == nil ? "rate" : "peak"))
        return
      }
      limit("\(c.name).records", perRate: visits)
      if let megabytes { limit("\(c.name).bytes", perRate: megabytes) }
      notes.append(
        "\(c.name): Firehose's per-stream Direct PUT quotas are AWS's generic defaults, "
          + "not confirmed for this Region")
    case "dynamodb_streams":
      let readers = max(1, c["consumers"]?.quantity?.value ?? 1)
      notes.append(
        "\(c.name): \(Quantity.formatNumber(readers)) reader\(readers == 1 ? "" : "s") per "
          + "shard; AWS's readers-per-shard limit for DynamoDB Streams is unconfirmed in the "
          + "quota dataset, so it is not checked")
    default:
      limit("\(c.name).shards", perRate: visits)
      guard let megabytes else { return }
      let readers = max(1, c["consumers"]?.quantity?.value ?? 1)
      demand(c, "MB/s in", megabytes)
      demand(c, "MB/s out", megabytes * readers)
      limit("\(c.name).write_bytes", perRate: megabytes)
      limit("\(c.name).read_bytes", perRate: megabytes * readers)
    }
  }

  /// A registry limit's value as text, `?` when the model has none.
  private func registryText(_ id: String) -> String {
    registry[id].map { Quantity.formatNumber($0.value) } ?? "?"
  }

  /// EventBridge: PutEvents (one event per call, the most calls) against the bus's
  /// throughput, and rule target invocations (events × rules × targets) against the
  /// account's invocation quota.
  mutating func bus(_ c: Component) {
    let events = load.visits(to: c.name)
    let rules = c["rules"]?.quantity?.value ?? 1
    let targets = c["targets"]?.quantity?.value ?? 1
    demand(c, "events/s", events)
    limit("\(c.name).throughput", perRate: events)
    guard rules * targets > 0 else { return }
    demand(c, "target invocations/s", events * rules * targets)
    limit("eventbridge.invocations", perRate: events * rules * targets)
  }

  /// SNS: publishes/s against the account's publish quota, and deliveries/s (publishes ×
  /// subscribers); without a confirmed quota the publishes are named, not checked.
  mutating func topic(_ c: Component) {
    let publishes = load.visits(to: c.name)
    demand(c, "publishes/s", publishes)
    if let subscribers = c["subscribers"]?.quantity?.value, subscribers > 0 {
      demand(c, "deliveries/s", publishes * subscribers)
    }
    if registry["sns.publish"] != nil {
      limit("sns.publish", perRate: publishes)
    } else {
      notes.append(
        "\(c.name): SNS's publish quota (sns.publish.tps) is unconfirmed in the quota "
          + "dataset, so \(CostUsageBuilder.plain(publishes * (peak ?? rate))) publishes/s "
          + "at the \(peak == nil ? "rate" : "peak") are not checked")
    }
  }

  /// Account-wide quotas shared by every function and every API in the Region.
  mutating func accountLimits(_ visited: [Component]) {
    let functions = visited.filter { $0.kind == .function }
    if !functions.isEmpty {
      let perRate = functions.reduce(0) { $0 + load.busyTime(at: $1.name) }
      limit("lambda.concurrency", perRate: perRate)
    }
    let gateways = visited.filter { $0.kind == .gateway }
    guard !gateways.isEmpty else { return }
    let perRate = gateways.reduce(0) { $0 + load.visits(to: $1.name) }
    limit("apigateway.throttle", perRate: perRate)
    burstNote(perRate: perRate)
  }

  /// What the token bucket buys at the peak: bucket / (need − throttle) seconds.
  private mutating func burstNote(perRate: Double) {
    guard let throttle = limits.last, throttle.name == "apigateway.throttle",
      let bucket = registry["apigateway.burst"]?.value
    else { return }
    let need = perRate * (peak ?? rate)
    let excess = need - throttle.limit
    let size = Quantity.formatNumber(bucket)
    if excess > 0 {
      notes.append(
        "apigateway.burst: the \(size)-request burst bucket (not adjustable) "
          + "absorbs \(CostUsageBuilder.plain(bucket / excess)) s of the "
          + "\(CostUsageBuilder.plain(excess)) rps above the throttle, then API Gateway "
          + "answers 429")
    } else {
      notes.append(
        "apigateway.burst: the \(size)-request burst bucket covers spikes above "
          + "the throttle for a moment; the \(peak == nil ? "rate" : "peak") stays under it")
    }
  }
}
