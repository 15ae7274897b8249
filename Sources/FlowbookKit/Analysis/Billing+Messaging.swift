// Billing of the asynchronous path: SQS (64 KB chunks, and the calls a Lambda consumer
// makes), SNS publishes and deliveries, EventBridge events (64 KB chunks) and Kinesis Data
// Streams (shard-hours and 25 KB PUT payload units, or on-demand GB).

extension Billing {
  /// The kind of SQS queue; FIFO send/receive/delete/visibility calls have their own rate.
  public enum QueueType: String, Sendable, Hashable {
    case standard
    case fifo
  }

  /// SQS API calls, each billed as one request per 64 KB chunk of its payload.
  ///
  /// - Parameters:
  ///   - apiCalls: Calls made (one `SendMessageBatch` of up to 10 messages is one call).
  ///   - payloadKB: The payload of each call; a 256 KB call is billed as 4 requests.
  ///   - queue: Standard or FIFO (FIFO calls have their own rate).
  ///   - prices: The price catalog.
  ///   - options: Which free allowances to subtract.
  /// - Returns: The bill, one row per tier slice, and its total.
  /// - Throws: `BillingError` for a negative or non-finite figure or a missing price.
  public static func sqs(
    apiCalls: Double, payloadKB: Double = 0, queue: QueueType = .standard,
    prices: PriceCatalog, options: BillingOptions = .init()
  ) throws(BillingError) -> Bill {
    try check(payloadKB, "SQS payload")
    let perCall = BillingRules.chunks(payloadKB, of: BillingRules.sqsChunkKB)
    return try Billing.usage(
      "sqs.\(queue.rawValue).request", quantity: apiCalls * perCall, kind: .variable,
      description: "SQS requests (\(queue.rawValue))", prices: prices, options: options)
  }

  /// The SQS calls a Lambda event source mapping makes to consume `messages`.
  ///
  /// The mapping receives with `ReceiveMessage` (at most 10 messages per call, so a batch
  /// size above 10 takes several calls) and deletes each successful group with one
  /// `DeleteMessageBatch`; each receive is billed per 64 KB chunk of the messages it returns.
  /// Empty receives of long polling are billed too, so pass what CloudWatch's
  /// `NumberOfEmptyReceives` shows. The producer's sends are billed separately with `sqs(…)`.
  ///
  /// - Parameters:
  ///   - messages: Messages consumed this month.
  ///   - messageKB: Size of each message.
  ///   - batchSize: The mapping's batch size (messages per invocation).
  ///   - emptyReceives: Receive calls that returned nothing.
  ///   - queue: Standard or FIFO (FIFO calls have their own rate).
  ///   - prices: The price catalog.
  ///   - options: Which free allowances to subtract.
  /// - Returns: The bill, one row per tier slice, and its total.
  /// - Throws: `BillingError` for a negative or non-finite figure or a missing price.
  public static func sqsLambdaConsumer(
    messages: Double, messageKB: Double, batchSize: Double = 10, emptyReceives: Double = 0,
    queue: QueueType = .standard, prices: PriceCatalog, options: BillingOptions = .init()
  ) throws(BillingError) -> Bill {
    for (value, name) in [
      (messages, "messages"), (messageKB, "message size"), (emptyReceives, "empty receives"),
    ] { try check(value, name) }
    guard batchSize >= 1, batchSize.isFinite else {
      throw .invalidUsage("batch size must be at least 1, not \(batchSize)")
    }
    let perCall = min(batchSize, BillingRules.sqsMaxMessagesPerCall)
    let calls = BillingRules.roundUp(messages / perCall)
    let chunksPerReceive = BillingRules.chunks(perCall * messageKB, of: BillingRules.sqsChunkKB)
    let id = "sqs.\(queue.rawValue).request"
    let receives = calls * chunksPerReceive + emptyReceives
    return try Billing.usage(
      id, quantity: receives + calls, kind: .variable,
      description: "SQS ReceiveMessage + DeleteMessageBatch (\(queue.rawValue))",
      prices: prices, options: options)
  }

  /// Where an SNS message is delivered.
  public enum SNSDelivery: String, Sendable, Hashable, CaseIterable {
    case http
    case email
    case sqs
    case lambda
  }

  /// SNS publishes and deliveries by protocol.
  ///
  /// The facts sheet gives no chunking rule for SNS payloads, so each publish counts once.
  /// Deliveries to SQS and Lambda are believed free but unsourced, so they come back unpriced.
  public static func sns(
    publishes: Double, deliveries: [SNSDelivery: Double] = [:], fifo: Bool = false,
    prices: PriceCatalog, options: BillingOptions = .init()
  ) throws(BillingError) -> Bill {
    var bill = try Billing.usage(
      fifo ? "sns.publish.fifo" : "sns.publish.standard", quantity: publishes, kind: .variable,
      description: "SNS publishes", prices: prices, options: options)
    for target in SNSDelivery.allCases {
      guard let count = deliveries[target] else { continue }
      bill += try Billing.usage(
        "sns.delivery.\(target.rawValue)", quantity: count, kind: .variable,
        description: "SNS deliveries to \(target.rawValue)", prices: prices, options: options)
    }
    return bill
  }

  /// EventBridge custom events, each 64 KB chunk of an event counting as one event.
  public static func eventBridge(
    events: Double, payloadKB: Double = 0, prices: PriceCatalog,
    options: BillingOptions = .init()
  ) throws(BillingError) -> Bill {
    try check(payloadKB, "event size")
    let perEvent = BillingRules.chunks(payloadKB, of: BillingRules.eventBridgeChunkKB)
    return try Billing.usage(
      "eventbridge.custom_event", quantity: events * perEvent, kind: .variable,
      description: "EventBridge custom events", prices: prices, options: options)
  }

  /// Kinesis Data Streams, provisioned: shard-hours (fixed) and PUT payload units, each
  /// record counted in 25 KB chunks (a 5 KB record is 1 unit, 45 KB is 2).
  public static func kinesisProvisioned(
    shardHours: Double, records: Double, recordKB: Double, prices: PriceCatalog
  ) throws(BillingError) -> Bill {
    try check(recordKB, "record size")
    let units = records * BillingRules.chunks(recordKB, of: BillingRules.kinesisPutPayloadUnitKB)
    return try Billing.usage(
      "kinesis.shard_hour", quantity: shardHours, kind: .fixed, description: "Shard-hours",
      prices: prices)
      + Billing.usage(
        "kinesis.put_payload_unit", quantity: units, kind: .variable,
        description: "PUT payload units", prices: prices)
  }

  /// Kinesis Data Streams, on-demand: stream-hours (fixed), GB ingested (each record rounded
  /// up to 1 KB) and GB retrieved.
  public static func kinesisOnDemand(
    streamHours: Double, records: Double, recordKB: Double, retrievedGB: Double,
    prices: PriceCatalog
  ) throws(BillingError) -> Bill {
    try check(recordKB, "record size")
    let perRecord = BillingRules.chunks(recordKB, of: BillingRules.kinesisOnDemandRecordKB)
    let kilobytes = records * perRecord
    return try Billing.usage(
      "kinesis.ondemand.stream_hour", quantity: streamHours, kind: .fixed,
      description: "Stream-hours", prices: prices)
      + Billing.usage(
        "kinesis.ondemand.ingest", quantity: kilobytes / 1_048_576, kind: .variable,
        description: "Data ingested", prices: prices)
      + Billing.usage(
        "kinesis.ondemand.retrieval", quantity: retrievedGB, kind: .variable,
        description: "Data retrieved", prices: prices)
  }
}
