import Foundation
import Quantities

/// Builds a capacity report's demands and limits, kind by kind.
///
/// Quota ids are those of `datasets/quotas/aws.yaml`; a limit whose quota is missing from
/// the catalog still appears when the model gives a figure, and otherwise is left out
/// (never guessed).
struct CapacityBuilder {
  let model: PathModel
  let load: CapacityLoad
  let quotas: QuotaCatalog
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
    self.rate = rate
    self.peak = peak
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
      case .database: database(component)
      case .queue: queue(component)
      case .stream: stream(component)
      case .bus:
        demand(component, "events/s", load.visits(to: component.name))
        modelLimit(
          component, "throughput_limit", "throughput", "events/s",
          perRate: load.visits(to: component.name))
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

  /// A limit: the model's `parameter` if set, else the quota's default; nil if neither.
  mutating func limit(
    _ name: String, _ meaning: String, perRate: Double, model parameter: Parameter?,
    quota id: String?, scale: Double = 1
  ) {
    let quota = id.flatMap { quotas[$0] }
    let value: Double
    let source: String
    if let parameter, let q = parameter.value.quantity {
      value = q.value * scale
      source = "model" + (parameter.origin.map { " (\(Self.shortOrigin($0)))" } ?? "")
    } else if let quotaValue = quota?.value {
      value = quotaValue * scale
      source = "AWS default"
    } else {
      return
    }
    guard value > 0 else { return }
    limits.append(
      CapacityAnalysis.Limit(
        name: name, meaning: meaning, perRate: perRate, limit: value, limitSource: source,
        quota: quota))
  }

  /// A limit the model alone can set (no AWS quota behind it).
  mutating func modelLimit(
    _ c: Component, _ parameter: String, _ what: String,
    _ unit: String, perRate: Double
  ) {
    guard let p = c.parameter(parameter) else { return }
    limit("\(c.name).\(what)", "\(unit) at \(c.name)", perRate: perRate, model: p, quota: nil)
  }

  /// `seed line 16, 116 "15M concurrent…"` → `seed line 16, 116`.
  static func shortOrigin(_ origin: String) -> String {
    let cut = origin.firstIndex(where: { $0 == "\"" || $0 == ":" }) ?? origin.endIndex
    return origin[..<cut].trimmingCharacters(in: .whitespaces)
  }

  // MARK: - Kinds

  /// Lambda: concurrent executions (Little's law) and, when reserved, its own cap; the
  /// time to scale from the average to the peak at 1,000 environments per 10 s.
  mutating func function(_ c: Component) {
    let perRate = load.busyTime(at: c.name)
    demand(c, "concurrent executions", perRate, whole: true)
    demand(c, "invocations/s", load.executions(at: c.name))
    modelLimit(
      c, "reserved_concurrency", "reserved_concurrency", "concurrent executions",
      perRate: perRate)
    let step = quotas["lambda.scaling.environments_per_10s"]?.value ?? 1_000
    if let peak {
      let atPeak = perRate * peak
      scaling.append(
        CapacityAnalysis.Scaling(
          function: c.name, fromRate: max(0, atPeak - perRate * rate) / step * 10,
          fromZero: atPeak / step * 10))
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
    if let tasks = c.parameter("tasks") {
      limit(
        "\(c.name).tasks", "requests in flight at \(c.name) (tasks × concurrency_per_task)",
        perRate: perRate, model: tasks, quota: nil, scale: perTask)
    }
  }

  /// DynamoDB: request units per second; partitions at 3,000 RRU and 1,000 WRU each (a
  /// linear mix); on demand, the table's default throughput quota and a new table's ramp.
  mutating func database(_ c: Component) {
    let visits = load.visits(to: c.name)
    let items = c["items_per_query"]?.quantity?.value ?? 1
    let writeShare = c["write_share"]?.quantity?.value ?? 0
    let itemKB = (c["item_size"]?.quantity?.value ?? 0) / CostUsageBuilder.kilobyte
    var consistency: String?
    if case .text(let text)? = c["consistent_read"] { consistency = text.lowercased() }
    let reads =
      visits * (1 - writeShare) * items
      * Billing.dynamoDBReadUnits(
        itemKB: itemKB, consistency: CostUsageBuilder.consistency(consistency))
    let writes =
      visits * writeShare * items
      * Billing.dynamoDBWriteUnits(itemKB: itemKB, mode: .standard)
    demand(c, "queries/s", visits)
    if reads > 0 { demand(c, "read units/s", reads) }
    if writes > 0 { demand(c, "write units/s", writes) }
    let perPartitionRead = quotas["dynamodb.partition.read_units_max"]?.value ?? 3_000
    let perPartitionWrite = quotas["dynamodb.partition.write_units_max"]?.value ?? 1_000
    demand(c, "partitions", reads / perPartitionRead + writes / perPartitionWrite, whole: true)
    var mode: String?
    if case .text(let text)? = c["capacity_mode"] { mode = text.lowercased() }
    guard mode != "provisioned" else { return }
    if reads > 0 {
      limit(
        "\(c.name).read_units", "read request units/s at \(c.name)", perRate: reads,
        model: nil, quota: "dynamodb.ondemand.table.read_units_max")
    }
    if writes > 0 {
      limit(
        "\(c.name).write_units", "write request units/s at \(c.name)", perRate: writes,
        model: nil, quota: "dynamodb.ondemand.table.write_units_max")
    }
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
    var consumer: String?
    for hop in load.hops(of: c.name) {
      if !hop.continuesQueue { sends += hop.visits }
      consumer = consumer ?? hop.consumer
    }
    if sends > 0 { demand(c, "messages/s", sends) }
    modelLimit(c, "throughput_limit", "throughput", "messages/s", perRate: sends)
    guard let consumer else { return }
    let batches = load.busyTime(at: consumer)
    let batch = load.hops(of: consumer).first?.batch ?? 1
    var fifo = false
    if case .text(let type)? = c["type"] { fifo = type.lowercased() == "fifo" }
    demand(c, "messages in flight", batches * batch)
    limit(
      "\(c.name).inflight", "messages in flight in \(c.name)", perRate: batches * batch,
      model: nil, quota: fifo ? "sqs.inflight.fifo" : "sqs.inflight.standard")
    limit(
      "\(c.name).esm_batches", "batches \(consumer) processes at once from \(c.name)",
      perRate: batches, model: nil, quota: "lambda.esm.sqs.max_batches")
  }

  /// Kinesis: records per second against shards × 1,000 records/s.
  mutating func stream(_ c: Component) {
    let visits = load.visits(to: c.name)
    demand(c, "records/s", visits)
    guard let shards = c["shards"]?.quantity?.value else { return }
    let perShard =
      c["shard_write_rate"]?.quantity?.value
      ?? quotas["kinesis.shard.write_records"]?.value ?? 1_000
    limits.append(
      CapacityAnalysis.Limit(
        name: "\(c.name).shards", meaning: "records/s into \(c.name) (shards × per-shard rate)",
        perRate: visits, limit: shards * perShard, limitSource: "model",
        quota: quotas["kinesis.shard.write_records"]))
  }

  /// Account-wide quotas shared by every function and every API in the Region.
  mutating func accountLimits(_ visited: [Component]) {
    let functions = visited.filter { $0.kind == .function }
    if !functions.isEmpty {
      let perRate = functions.reduce(0) { $0 + load.busyTime(at: $1.name) }
      let modelled = functions.lazy.compactMap { $0.parameter("concurrency_limit") }.first
      limit(
        "lambda.concurrency", "concurrent executions of all functions", perRate: perRate,
        model: modelled, quota: "lambda.concurrency.account")
    }
    let gateways = visited.filter { $0.kind == .gateway }
    guard !gateways.isEmpty else { return }
    let perRate = gateways.reduce(0) { $0 + load.visits(to: $1.name) }
    let modelled = gateways.lazy.compactMap { $0.parameter("rate_limit") }.first
    limit(
      "apigateway.throttle", "requests/s reaching API Gateway", perRate: perRate,
      model: modelled, quota: "apigateway.throttle.account_rps")
    burstNote(gateways, perRate: perRate)
  }

  /// What the token bucket buys at the peak: bucket / (need − throttle) seconds.
  private mutating func burstNote(_ gateways: [Component], perRate: Double) {
    guard let throttle = limits.last, throttle.name == "apigateway.throttle" else { return }
    let bucket =
      gateways.lazy.compactMap { $0["burst_limit"]?.quantity?.value }.first
      ?? quotas["apigateway.throttle.account_burst"]?.value
    guard let bucket else { return }
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
