/// AWS's metering rules: how usage is rounded and chunked before a price applies.
///
/// These are rules of the services, not prices, so they live in code, once, each with the page
/// that states it (the rates themselves come from the `PriceCatalog`). Sizes are binary:
/// 1 KB = 1,024 bytes and 1 MB = 1,024 KB, as AWS's worked examples compute them.
public enum BillingRules {
  /// Lambda bills duration rounded up to the nearest 1 ms (since 1 Dec 2020; 100 ms before).
  ///
  /// Source: https://aws.amazon.com/lambda/pricing/ (A).
  public static let lambdaDurationIncrementMs = 1.0
  /// Lambda includes 512 MB of ephemeral storage; only storage above it is billed.
  ///
  /// Source: https://aws.amazon.com/lambda/pricing/ (A*).
  public static let lambdaIncludedEphemeralMB = 512.0
  /// Provisioned Concurrency time is rounded up to 5 minutes.
  ///
  /// Source: https://aws.amazon.com/lambda/pricing/ (A*).
  public static let lambdaProvisionedIncrementSeconds = 300.0
  /// An asynchronous event is 1 request for its first 256 KB and 1 more per further 64 KB, up to 1
  /// MB.
  ///
  /// Source: https://aws.amazon.com/lambda/pricing/ (A*).
  public static let lambdaAsyncFirstChunkKB = 256.0
  /// See `lambdaAsyncFirstChunkKB`.
  public static let lambdaAsyncChunkKB = 64.0
  /// The first 6 MB streamed per request are free.
  ///
  /// Source: https://aws.amazon.com/lambda/pricing/ (A*).
  public static let lambdaFreeStreamMBPerRequest = 6.0
  /// SnapStart caches are billed for at least 3 hours.
  ///
  /// Source: https://aws.amazon.com/lambda/pricing/ (A*).
  public static let lambdaSnapStartMinimumSeconds = 3.0 * 3600
  /// HTTP API calls are metered in 512 KB increments (a 513 KB request is 2 requests).
  ///
  /// Source: the AWS whitepaper "Best Practices for API Gateway Private APIs Integration", section
  /// Cost optimization (A), and https://aws.amazon.com/api-gateway/pricing/ example 2.
  public static let httpAPIMeteringKB = 512.0
  /// WebSocket messages are metered in 32 KB increments.
  ///
  /// Source: https://aws.amazon.com/api-gateway/pricing/ (A*).
  public static let webSocketMeteringKB = 32.0
  /// "Each 64 KB chunk of a payload is billed as 1 request" (SQS).
  ///
  /// Source: https://aws.amazon.com/sqs/pricing/ (A*).
  public static let sqsChunkKB = 64.0
  /// One SQS send, receive or delete call carries 1–10 messages.
  ///
  /// Source: https://aws.amazon.com/sqs/pricing/ (A*).
  public static let sqsMaxMessagesPerCall = 10.0
  /// Each 64 KB chunk of an EventBridge event counts as one event.
  ///
  /// Source: https://aws.amazon.com/eventbridge/pricing/ (S).
  public static let eventBridgeChunkKB = 64.0
  /// Step Functions Express duration is rounded up to the next 100 ms.
  ///
  /// Source: https://aws.amazon.com/step-functions/pricing/ (A).
  public static let expressDurationIncrementMs = 100.0
  /// Step Functions Express memory is billed in 64 MB chunks.
  ///
  /// Source: https://aws.amazon.com/step-functions/pricing/ (A).
  public static let expressMemoryChunkMB = 64.0
  /// Express memory = 50 MB + definition size + payload × number of Map/Parallel steps.
  ///
  /// Source: https://aws.amazon.com/step-functions/pricing/ (A).
  public static let expressBaseMemoryMB = 50.0
  /// One DynamoDB read unit covers 4 KB (item size rounded up to 4 KB).
  ///
  /// Source: https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/Constraints.html (A).
  public static let dynamoDBReadUnitKB = 4.0
  /// One DynamoDB write unit covers 1 KB.
  ///
  /// Source: same page (A).
  public static let dynamoDBWriteUnitKB = 1.0
  /// Firehose bills ingestion per record rounded up to 5 KB (a 3 KB record is 5 KB, 12 KB
  /// is 15 KB), summed per GB.
  ///
  /// Source: https://aws.amazon.com/firehose/pricing/, as quoted by
  /// https://www.shigemk2.com/entry/2022/01/12/210322 (S; read 2026-12-07).
  public static let firehoseRecordKB = 5.0
  /// Kinesis PUT payload units are 25 KB chunks of each record.
  ///
  /// Source: https://aws.amazon.com/kinesis/pricing/ (A).
  public static let kinesisPutPayloadUnitKB = 25.0
  /// Kinesis on-demand ingest rounds each record up to 1 KB.
  ///
  /// Source: https://aws.amazon.com/kinesis/data-streams/pricing/ (A).
  public static let kinesisOnDemandRecordKB = 1.0

  /// How many `chunk`-sized pieces `size` is billed as: at least one, rounded up.
  ///
  /// A tiny tolerance keeps an exact multiple that floating point nudged above (4.5 MB / 512 KB
  /// computed as 9.000000000000002) from becoming one chunk more.
  public static func chunks(_ size: Double, of chunk: Double) -> Double {
    max(1, roundUp(size / chunk))
  }

  /// `value` rounded up to a whole number, ignoring floating-point noise below 1e-9.
  public static func roundUp(_ value: Double) -> Double {
    (value - 1e-9).rounded(.up)
  }

  /// `value` rounded up to a multiple of `step`, ignoring floating-point noise.
  public static func roundUp(_ value: Double, toMultipleOf step: Double) -> Double {
    roundUp(value / step) * step
  }
}
