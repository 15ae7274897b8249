import Foundation
import Quantities

/// Every quota, throttle and concurrency limit of a model, each once, with its source.
///
/// `capacity` reports these limits, the simulator enforces them and the admitted-load pass
/// (`AdmittedLoad`) applies them, so a limit is never known to one engine and ignored by
/// another. An entry's value is the model's parameter when it sets one, else AWS's
/// default from the quota catalog (`datasets/quotas/aws.yaml`). Without a catalog the
/// built-in copies of the same figures (`builtIn`) stand in; with one, a quota it lacks is
/// left out, never guessed.
///
/// Ids are the names `capacity` prints: `apigateway.throttle`, `lambda.concurrency`,
/// `consumer.reserved_concurrency`, `dynamodb.read_units`, `intake_queue.inflight`.
///
/// ```swift
/// let limits = LimitRegistry(model: model, quotas: quotas)
/// limits["apigateway.throttle"]?.value   // 10000
/// ```
public struct LimitRegistry: Sendable {
  /// One limit.
  public struct Entry: Sendable, Hashable {
    /// The limit's name: `component.what`, or `service.what` for an account quota.
    public var id: String
    /// What it limits, for reports: `requests/s reaching API Gateway`.
    public var meaning: String
    /// The limit, in the unit `meaning` names.
    public var value: Double
    /// `model (seed line 48)`, `AWS default`, or how it was derived.
    public var source: String
    /// The AWS quota behind it, if any (for whether it can be raised).
    public var quota: QuotaEntry?
  }

  /// The entries, in the order they were found (model order, then account quotas).
  public private(set) var entries: [Entry] = []
  private var positions: [String: Int] = [:]
  /// Why a figure differs from what the model wrote (a reservation AWS would refuse).
  public private(set) var notes: [String] = []
  private let quotas: QuotaCatalog?
  /// The quota figures by id (the catalog's, or nil for `builtIn`).
  private let values: [String: Double]?

  /// The quota figures the registry uses when no catalog is found: the same values as
  /// `datasets/quotas/aws.yaml`, which gives each one's source.
  public static let builtIn: [String: Double] = [
    "lambda.concurrency.account": 1_000, "lambda.concurrency.unreserved_minimum": 100,
    "lambda.scaling.environments_per_10s": 1_000, "lambda.esm.sqs.initial_batches": 5,
    "lambda.esm.sqs.scale_up_per_minute": 300, "lambda.esm.sqs.max_batches": 1_000,
    "apigateway.throttle.account_rps": 10_000, "apigateway.throttle.account_burst": 5_000,
    "sqs.inflight.standard": 120_000, "sqs.inflight.fifo": 20_000,
    "dynamodb.ondemand.table.read_units_max": 40_000,
    "dynamodb.ondemand.table.write_units_max": 40_000,
    "dynamodb.partition.read_units_max": 3_000, "dynamodb.partition.write_units_max": 1_000,
    "kinesis.shard.write_records": 1_000,
    "cloudfront.distribution.requests_per_second": 250_000,
    "cloudfront.distribution.data_transfer_rate": 150, "s3.prefix.get_rps": 5_500,
    "s3.prefix.put_rps": 3_500, "eventbridge.put_events.tps": 10_000,
    "eventbridge.invocations.tps": 18_750, "kinesis.shard.write_bytes": 1,
    "kinesis.shard.read_bytes": 2, "firehose.stream.records_per_second": 5_000,
    "firehose.stream.bytes_per_second": 5,
  ]

  /// The entry named `id`, if the model has that limit.
  ///
  /// - Complexity: O(1).
  public subscript(id: String) -> Entry? {
    positions[id].map { entries[$0] }
  }

  /// AWS's figure for quota `id`: the catalog's, or without a catalog the built-in one.
  ///
  /// - Parameter id: a quota id of `datasets/quotas/aws.yaml`.
  /// - Returns: nil when the catalog lacks it (or gives null).
  public func aws(_ id: String) -> Double? {
    guard let values else { return Self.builtIn[id] }
    return values[id]
  }

  /// AWS's figure for quota `id` in `quotas`, or the built-in one when there is no catalog.
  ///
  /// - Parameters:
  ///   - id: a quota id.
  ///   - quotas: the catalog, or nil when none was found.
  /// - Returns: the figure, or nil when the catalog lacks it.
  public static func aws(_ id: String, _ quotas: QuotaCatalog?) -> Double? {
    guard let quotas else { return builtIn[id] }
    return quotas[id]?.value
  }

  /// Collects the limits of `model`.
  ///
  /// - Parameters:
  ///   - model: the path model whose parameters set or raise limits.
  ///   - quotas: AWS's defaults; nil uses `builtIn`.
  /// - Complexity: O(components).
  public init(model: PathModel, quotas: QuotaCatalog?) {
    self.init(model: model, quotas: quotas, values: quotas.map(Self.values(of:)))
  }

  /// Collects the limits of `model` from quota figures alone (what the simulator keeps:
  /// values, not where the file was read).
  ///
  /// - Parameters:
  ///   - model: the path model.
  ///   - quotaValues: AWS's figures by quota id; nil uses `builtIn`.
  public init(model: PathModel, quotaValues: [String: Double]?) {
    self.init(model: model, quotas: nil, values: quotaValues)
  }

  /// The catalog's figures for the quotas the registry reads (the ids of `builtIn`).
  ///
  /// - Parameter catalog: a quota catalog.
  /// - Returns: id → value, for those entries that have one.
  public static func values(of catalog: QuotaCatalog) -> [String: Double] {
    var values: [String: Double] = [:]
    for id in builtIn.keys { values[id] = catalog[id]?.value }
    return values
  }

  private init(model: PathModel, quotas: QuotaCatalog?, values: [String: Double]?) {
    self.quotas = quotas
    self.values = values
    for component in model.components {
      switch component.kind {
      case .database: database(component)
      case .queue: queue(component)
      case .service: service(component)
      case .stream: stream(component)
      case .bus:
        modelOrAWS(
          "\(component.name).throughput", "events/s at \(component.name)", component,
          "throughput_limit", quota: "eventbridge.put_events.tps")
        modelOrAWS(
          "eventbridge.invocations", "rule target invocations/s of all event buses", nil, "",
          quota: "eventbridge.invocations.tps")
      case .topic:
        modelOrAWS(
          "sns.publish", "publishes/s to standard topics", nil, "", quota: "sns.publish.tps")
      case .cdn: cdn(component)
      case .storage: storage(component)
      case .waf: modelOnly(component, "rate_limit", "rate_limit", "requests/s per client IP")
      default: break
      }
    }
    lambda(model.components.filter { $0.kind == .function })
    gateway(model.components.filter { $0.kind == .gateway })
  }

  // MARK: - Building

  private mutating func add(
    _ id: String, _ meaning: String, _ value: Double, source: String, quota: String? = nil,
    allowZero: Bool = false
  ) {
    guard value.isFinite, value > 0 || (allowZero && value == 0) else { return }
    let entry = Entry(
      id: id, meaning: meaning, value: value, source: source,
      quota: quota.flatMap { quotas?[$0] })
    if let position = positions[id] {
      entries[position] = entry
    } else {
      positions[id] = entries.count
      entries.append(entry)
    }
  }

  /// The model's `parameter` of `component`, else AWS's quota `id`, as an entry.
  private mutating func modelOrAWS(
    _ id: String, _ meaning: String, _ component: Component?, _ parameter: String,
    quota: String?, scale: Double = 1
  ) {
    if let component, let given = component.parameter(parameter),
      let value = given.value.quantity?.value
    {
      add(id, meaning, value * scale, source: Self.modelSource(given), quota: quota)
    } else if let quota, let value = aws(quota) {
      add(id, meaning, value * scale, source: "AWS default", quota: quota)
    }
  }

  private mutating func modelOnly(
    _ component: Component, _ parameter: String, _ what: String, _ unit: String
  ) {
    modelOrAWS(
      "\(component.name).\(what)", "\(unit) at \(component.name)", component, parameter,
      quota: nil)
  }

  /// `model (seed line 16, 116)`: where the model's figure came from.
  static func modelSource(_ parameter: Parameter) -> String {
    "model" + (parameter.origin.map { " (\(shortOrigin($0)))" } ?? "")
  }

  /// `seed line 16, 116 "15M concurrent…"` → `seed line 16, 116`.
  static func shortOrigin(_ origin: String) -> String {
    let cut = origin.firstIndex(where: { $0 == "\"" || $0 == ":" }) ?? origin.endIndex
    return origin[..<cut].trimmingCharacters(in: .whitespaces)
  }

  // MARK: - Kinds

  /// API Gateway's throttle and burst: one token bucket per account and Region, shared by
  /// every API (the first gateway that sets `rate_limit` or `burst_limit` sets it).
  private mutating func gateway(_ gateways: [Component]) {
    guard !gateways.isEmpty else { return }
    let rate = gateways.first { $0["rate_limit"] != nil }
    modelOrAWS(
      "apigateway.throttle", "requests/s reaching API Gateway", rate ?? gateways[0],
      "rate_limit", quota: "apigateway.throttle.account_rps")
    let burst = gateways.first { $0["burst_limit"] != nil }
    modelOrAWS(
      "apigateway.burst", "requests above the throttle API Gateway's bucket absorbs",
      burst ?? gateways[0], "burst_limit", quota: "apigateway.throttle.account_burst")
  }

  /// Lambda: the account's concurrency, each function's reservation, what stays
  /// unreserved, and the scaling rate.
  ///
  /// AWS keeps at least `lambda.concurrency.unreserved_minimum` (100) unreserved and refuses
  /// a reservation that would take it (PutFunctionConcurrency); reservations are granted in
  /// model order until that floor, and a function whose reservation would cross it gets
  /// what is left. Unreserved concurrency is the account's less the reservations granted,
  /// never raised to a floor: an account quota of 50 leaves 50.
  private mutating func lambda(_ functions: [Component]) {
    guard !functions.isEmpty else { return }
    let stated = functions.filter { $0["concurrency_limit"]?.quantity != nil }
      .max {
        ($0["concurrency_limit"]?.quantity?.value ?? 0)
          < ($1["concurrency_limit"]?.quantity?.value ?? 0)
      }
    modelOrAWS(
      "lambda.concurrency", "concurrent executions of all functions", stated, "concurrency_limit",
      quota: "lambda.concurrency.account")
    guard let account = self["lambda.concurrency"]?.value else { return }
    let floor = aws("lambda.concurrency.unreserved_minimum") ?? 0
    var reservable = max(account - floor, 0)
    var reserved = 0.0
    for function in functions {
      guard let given = function.parameter("reserved_concurrency"),
        let wanted = given.value.quantity?.value, wanted >= 0
      else { continue }
      let granted = min(wanted, reservable)
      reservable -= granted
      reserved += granted
      var source = Self.modelSource(given)
      if granted < wanted {
        source += ", cut to what AWS lets be reserved"
        notes.append(
          "\(function.name).reserved_concurrency \(Quantity.formatNumber(wanted)) would leave "
            + "less than the \(Quantity.formatNumber(floor)) unreserved executions AWS keeps "
            + "(of \(Quantity.formatNumber(account))): AWS refuses it, so both engines use "
            + Quantity.formatNumber(granted))
      }
      add(
        "\(function.name).reserved_concurrency", "concurrent executions at \(function.name)",
        granted, source: source, allowZero: true)
    }
    add(
      "lambda.unreserved", "concurrent executions of functions without a reservation",
      account - reserved,
      source: reserved > 0 ? "lambda.concurrency less reservations" : "lambda.concurrency",
      allowZero: true)
    if let step = aws("lambda.scaling.environments_per_10s") {
      add(
        "lambda.scaling", "new execution environments per function per 10 s", step,
        source: "AWS default", quota: "lambda.scaling.environments_per_10s")
    }
  }

  /// DynamoDB: provisioned read and write capacity, or an on-demand table's maximum
  /// throughput (AWS's default per-table quota).
  ///
  /// On demand, a model's `read_capacity` / `write_capacity` is the table's previous peak:
  /// AWS "instantly accommodates up to double the previous peak traffic" (Developer
  /// Guide, "On-demand capacity mode"), so the limit is twice it, at most the quota. The
  /// simulator starts from the same figure and, as AWS does, raises it 30 minutes after
  /// a new peak; `capacity` states the limit at the moment.
  private mutating func database(_ c: Component) {
    let provisioned = c["capacity_mode"]?.formatted.lowercased() == "provisioned"
    if provisioned {
      modelOrAWS(
        "\(c.name).read_units", "read capacity units/s provisioned for \(c.name)", c,
        "read_capacity", quota: nil)
      modelOrAWS(
        "\(c.name).write_units", "write capacity units/s provisioned for \(c.name)", c,
        "write_capacity", quota: nil)
      return
    }
    for (kind, parameter) in [("read", "read_capacity"), ("write", "write_capacity")] {
      let quota = "dynamodb.ondemand.table.\(kind)_units_max"
      let id = "\(c.name).\(kind)_units"
      let meaning = "\(kind) request units/s at \(c.name)"
      let maximum = aws(quota)
      if let given = c.parameter(parameter), let peak = given.value.quantity?.value,
        peak.isFinite, peak > 0, maximum.map({ 2 * peak < $0 }) ?? true
      {
        add(
          id, meaning, 2 * peak,
          source: "twice the previous peak, \(parameter) "
            + "\(Quantity.formatNumber(peak)) \(Self.modelSource(given))",
          quota: quota)
      } else {
        modelOrAWS(id, meaning, nil, "", quota: quota)
      }
    }
  }

  /// SQS: the model's send throughput, the messages in flight and the ESM's batches.
  private mutating func queue(_ c: Component) {
    modelOnly(c, "throughput_limit", "throughput", "messages/s")
    let fifo = c["type"]?.formatted.lowercased() == "fifo"
    modelOrAWS(
      "\(c.name).inflight", "messages in flight in \(c.name)", nil, "",
      quota: fifo ? "sqs.inflight.fifo" : "sqs.inflight.standard")
    modelOrAWS(
      "\(c.name).esm_batches", "batches its consumer processes at once from \(c.name)", nil, "",
      quota: "lambda.esm.sqs.max_batches")
  }

  /// CloudFront: requests/s and Gbps to viewers per distribution.
  ///
  /// The defaults are 250,000 rps and 150 Gbps, both adjustable. A model's `bandwidth_limit` is a data rate (bytes/s),
  /// kept here in Gbps like the quota.
  private mutating func cdn(_ c: Component) {
    modelOrAWS(
      "\(c.name).requests", "requests/s at the \(c.name) distribution", c, "rate_limit",
      quota: "cloudfront.distribution.requests_per_second")
    let id = "\(c.name).bandwidth"
    let meaning = "Gbps the \(c.name) distribution sends to viewers"
    let quota = "cloudfront.distribution.data_transfer_rate"
    if let given = c.parameter("bandwidth_limit"), let bytes = given.value.quantity?.value {
      add(id, meaning, bytes * 8 / 1e9, source: Self.modelSource(given), quota: quota)
    } else if let gigabits = aws(quota) {
      add(id, meaning, gigabits, source: "AWS default", quota: quota)
    }
  }

  /// S3: GET/HEAD and PUT requests/s per partitioned prefix (5,500 and 3,500).
  private mutating func storage(_ c: Component) {
    let writeShare = c["write_share"]?.quantity?.value ?? 0
    if writeShare < 1 {
      modelOrAWS(
        "\(c.name).get_rate", "GET/HEAD requests/s per prefix at \(c.name)", nil, "",
        quota: "s3.prefix.get_rps")
    }
    if writeShare > 0 {
      modelOrAWS(
        "\(c.name).put_rate", "PUT requests/s per prefix at \(c.name)", nil, "",
        quota: "s3.prefix.put_rps")
    }
  }

  /// A container service: tasks × requests per task.
  private mutating func service(_ c: Component) {
    guard let perTask = c["concurrency_per_task"]?.quantity?.value, perTask > 0 else { return }
    modelOrAWS(
      "\(c.name).tasks", "requests in flight at \(c.name) (tasks × concurrency_per_task)", c,
      "tasks", quota: nil, scale: perTask)
  }

  /// Kinesis: shards × the per-shard write rate, bytes in (1 MB/s) and out (2 MB/s, shared
  /// by standard consumers); Firehose: records and bytes per stream.
  ///
  /// A DynamoDB stream's readers per shard has no confirmed figure in the catalog, so it
  /// has no entry (capacity says so).
  private mutating func stream(_ c: Component) {
    if c.streamService == "firehose" {
      modelOrAWS(
        "\(c.name).records", "records/s into the \(c.name) Firehose stream", nil, "",
        quota: "firehose.stream.records_per_second")
      modelOrAWS(
        "\(c.name).bytes", "MB/s into the \(c.name) Firehose stream", nil, "",
        quota: "firehose.stream.bytes_per_second")
      return
    }
    guard c.streamService == "kinesis", let shards = c["shards"]?.quantity?.value else {
      return
    }
    if let perShard = aws("kinesis.shard.write_bytes") {
      add(
        "\(c.name).write_bytes", "MB/s into \(c.name) (shards × 1 MB/s)", shards * perShard,
        source: "model shards × AWS per-shard rate", quota: "kinesis.shard.write_bytes")
    }
    if let perShard = aws("kinesis.shard.read_bytes") {
      add(
        "\(c.name).read_bytes", "MB/s read from \(c.name) by standard consumers (shards × 2 MB/s)",
        shards * perShard, source: "model shards × AWS per-shard rate",
        quota: "kinesis.shard.read_bytes")
    }
    let perShard =
      c["shard_write_rate"]?.quantity?.value ?? aws("kinesis.shard.write_records") ?? 1_000
    add(
      "\(c.name).shards", "records/s into \(c.name) (shards × per-shard rate)", shards * perShard,
      source: "model", quota: "kinesis.shard.write_records")
  }
}

// MARK: - Lambda scaling

extension LimitRegistry {
  /// Seconds for a function to grow from `from` to `to` environments under Lambda's
  /// scaling rate.
  ///
  /// AWS: "your concurrency scaling rate is 1,000 execution environment instances every
  /// 10 seconds", refilled continuously, and unused rate does not accumulate ("at any
  /// given time, your scaling rate is always a maximum of 1,000 concurrency units")
  /// (Lambda Developer Guide, "Lambda scaling behavior"). That is a token bucket of 1,000
  /// refilled at 100 a second, full when the function has been steady: the first 1,000 new
  /// environments come at once, the rest at 100 a second. The simulator's `FunctionPool`
  /// runs the same bucket.
  ///
  /// - Parameters:
  ///   - from: environments running before the rise.
  ///   - to: environments needed after it.
  /// - Returns: 0 when `to` − `from` fits in the bucket; nil without a scaling entry.
  public func scaleOutSeconds(from: Double, to: Double) -> Double? {
    guard let step = self["lambda.scaling"]?.value, step > 0 else { return nil }
    return max(0, to - from - step) / (step / 10)
  }
}

// MARK: - DynamoDB units

extension LimitRegistry {
  /// Read and write request units one call to the table `c` consumes, as billed.
  ///
  /// An item up to 4 KB read is one unit (half when eventually consistent), up to 1 KB
  /// written is one, times `items_per_query`. `capacity`, the admitted-load pass and the
  /// simulator all convert calls to units here, so they throttle at the same call rate.
  ///
  /// - Parameter c: a database component.
  /// - Returns: units per read call and per write call.
  static func dynamoDBUnits(_ c: Component) -> (read: Double, write: Double) {
    let items = c["items_per_query"]?.quantity?.value ?? 1
    let itemKB = (c["item_size"]?.quantity?.value ?? 0) / CostUsageBuilder.kilobyte
    var consistency: String?
    if case .text(let text)? = c["consistent_read"] { consistency = text.lowercased() }
    let read =
      items
      * Billing.dynamoDBReadUnits(
        itemKB: itemKB, consistency: CostUsageBuilder.consistency(consistency))
    return (read, items * Billing.dynamoDBWriteUnits(itemKB: itemKB, mode: .standard))
  }
}
