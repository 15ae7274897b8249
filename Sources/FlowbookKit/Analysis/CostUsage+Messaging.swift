// Usage of the asynchronous kinds: SQS sends and a Lambda consumer's receives and deletes,
// SNS publishes, EventBridge events, Kinesis shards and payload units, Step Functions, and
// Cognito (which bills users, not requests).

extension CostUsageBuilder {
  /// SQS: a send per message (per 64 KB chunk), and for a queue a function polls, the
  /// consumer's `ReceiveMessage` (at most 10 messages a call, billed per 64 KB returned)
  /// and one `DeleteMessageBatch` per receive, as `Billing.sqsLambdaConsumer` counts them.
  ///
  /// A queue hop right after another queue hop (the wait until polled) is the same
  /// message, so it adds no send. Message size: `message_size`, else the workload's
  /// `request_size`, else one chunk.
  mutating func queue(_ c: Component) {
    let fifo = text(c, "type") == "fifo"
    let id = "sqs.\(fifo ? "fifo" : "standard").request"
    let bytes = bytes(c, "message_size") ?? model.workload.requestSize?.value ?? 0
    let kb = bytes / Self.kilobyte
    let perMessage = BillingRules.chunks(kb, of: BillingRules.sqsChunkKB)
    var sends = 0.0
    var consumed = 0.0
    for hop in load.hops(of: c.name) {
      if !hop.continuesQueue { sends += hop.visits }
      if hop.consumer != nil { consumed += hop.visits }
    }
    add(c, id, monthly(sends * perMessage), .variable, "SendMessage requests")
    guard consumed > 0 else { return }
    let batch = min(max(1, count(c, "batch_size") ?? 10), BillingRules.sqsMaxMessagesPerCall)
    let calls = consumed / batch
    let perReceive = BillingRules.chunks(batch * kb, of: BillingRules.sqsChunkKB)
    add(
      c, id, monthly(calls * (perReceive + 1)), .variable,
      "ReceiveMessage + DeleteMessageBatch requests")
  }

  /// SNS: a publish per visit, and a delivery per subscriber by the topic's `delivery`
  /// protocol (deliveries to Lambda and SQS have no confirmed price, so they show as
  /// unpriced); without `delivery` the deliveries are named, not priced.
  mutating func topic(_ c: Component) {
    let publishes = load.visits(to: c.name)
    add(c, "sns.publish.standard", monthly(publishes), .variable, "Publishes")
    guard let subscribers = count(c, "subscribers"), subscribers > 0 else { return }
    guard let protocolName = text(c, "delivery") else {
      gap(
        c, "Deliveries", .variable,
        "\(Billing.compact(subscribers)) deliveries per publish: set \(c.name).delivery "
          + "(lambda, sqs, http or email) to price them")
      return
    }
    let deliveries = monthly(publishes * subscribers)
    if protocolName == "email" {
      add(c, "sns.delivery.email", deliveries, .variable, "Deliveries (email)")
    } else {
      add(c, "sns.delivery.\(protocolName)", deliveries, .variable, "Deliveries (\(protocolName))")
    }
  }

  /// EventBridge: a custom event per visit, per 64 KB chunk of the request.
  mutating func bus(_ c: Component) {
    let kb = (model.workload.requestSize?.value ?? 0) / Self.kilobyte
    let perEvent = BillingRules.chunks(kb, of: BillingRules.eventBridgeChunkKB)
    add(
      c, "eventbridge.custom_event", monthly(load.visits(to: c.name) * perEvent), .variable,
      "Custom events")
  }

  /// A stream by its service: Kinesis (provisioned) shard-hours and a PUT payload unit per
  /// 25 KB of each record; Firehose GB ingested, each record rounded up to 5 KB; DynamoDB
  /// Streams read request units, one per `GetRecords` call of its consumer.
  ///
  /// A stream whose service is not known (no `service`, no `shards`) is unpriced.
  mutating func stream(_ c: Component) {
    let records = load.visits(to: c.name)
    let kb = (c.recordBytes(model.workload) ?? 0) / Self.kilobyte
    switch c.streamService {
    case "kinesis":
      guard let shards = count(c, "shards") else {
        gap(c, "Shard-hours", .fixed, "set \(c.name).shards for a provisioned Kinesis stream")
        return
      }
      let units = BillingRules.chunks(kb, of: BillingRules.kinesisPutPayloadUnitKB)
      add(c, "kinesis.shard_hour", shards * Self.month / 3_600, .fixed, "Shard-hours")
      add(c, "kinesis.put_payload_unit", monthly(records * units), .variable, "PUT payload units")
    case "firehose":
      let billedKB =
        BillingRules.chunks(kb, of: BillingRules.firehoseRecordKB)
        * BillingRules.firehoseRecordKB
      add(
        c, "firehose.ingest", monthly(records * billedKB) * Self.kilobyte / Self.gigabyte,
        .variable, "GB ingested (records rounded up to 5 KB)")
    case "dynamodb_streams":
      streamReads(c)
    default:
      gap(
        c, "Stream", .variable,
        "set \(c.name).service (kinesis, dynamodb_streams or firehose) to price it")
    }
  }

  /// DynamoDB Streams: one read request unit per `GetRecords` call, one call per batch
  /// its consumers take (the function after it on a side path, full batches).
  private mutating func streamReads(_ c: Component) {
    let consumers = load.hops.filter { hop in
      model.component(named: hop.component)?.kind == .function && hop.sidePath != nil
        && load.hops.contains { $0.component == c.name && $0.sidePath == hop.sidePath }
    }
    let calls = consumers.reduce(0) { $0 + $1.executions }
    guard calls > 0 else {
      gap(c, "Read request units", .variable, "no consumer reads \(c.name) on a side path")
      return
    }
    add(c, "dynamodb.streams.read", monthly(calls), .variable, "Read request units (GetRecords)")
    notes.append(
      "\(c.name): one read request unit per GetRecords call of its consumer, priced at "
        + "dynamodb.streams.read; AWS is believed not to bill reads by Lambda triggers, "
        + "which the price catalog has not confirmed")
  }

  /// Step Functions: Express pays per request plus GB-hours (its mean latency rounded up to
  /// 100 ms, at its billed memory: `memory`, the definition and payloads, rounded up to 64
  /// MB, at least 64 MB); Standard pays per state transition.
  mutating func workflow(_ c: Component) {
    let visits = load.visits(to: c.name)
    if text(c, "type") == nil {
      notes.append("\(c.name).type is not set: billed as an Express workflow (set it)")
    }
    guard text(c, "type") == "standard" else {
      let seconds =
        load.hops(of: c.name).first.map {
          BillingRules.roundUp($0.ownTime * 1000, toMultipleOf: 100) / 1000
        } ?? 0
      let chunk = BillingRules.expressMemoryChunkMB
      let memoryMB = max(
        chunk, BillingRules.roundUp((bytes(c, "memory") ?? 0) / 1e6, toMultipleOf: chunk))
      let gigabyteHours = seconds * memoryMB / 1024 / 3_600
      add(c, "stepfunctions.express.request", monthly(visits), .variable, "Express requests")
      add(
        c, "stepfunctions.express.duration", monthly(visits * gigabyteHours), .variable,
        "Express duration (\(Self.plain(memoryMB)) MB)")
      return
    }
    guard let transitions = count(c, "state_transitions") else {
      gap(c, "State transitions", .variable, "set \(c.name).state_transitions")
      return
    }
    add(
      c, "stepfunctions.standard.transition", monthly(visits * transitions), .variable,
      "State transitions")
  }

  /// Cognito bills monthly active users, which a request rate does not give.
  mutating func auth(_ c: Component) {
    gap(
      c, "Monthly active users", .fixed,
      "Cognito bills monthly active users, not "
        + "requests, and its per-user prices are unconfirmed in the dataset")
  }
}
