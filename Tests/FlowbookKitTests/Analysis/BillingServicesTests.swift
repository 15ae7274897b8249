import Foundation
import Testing

@testable import FlowbookKit

/// Step Functions, DynamoDB, SQS, Kinesis and the edge services: AWS's examples where a copy
/// of the page had them, otherwise the metering rules the pages state, each with its source.
@Suite("Billing: other services")
struct BillingServicesTests {
  /// Step Functions Express example: 100M workflows a month of 10 s at 64 MB billed memory.
  ///
  /// AWS: requests $100.00; 62,500,000 GB-s = 17,361.11 GB-hours priced $60.00 (1,000 at $0.06) +
  /// $120.00 (4,000 at $0.03) + $202.97 (12,361.11 at $0.01642); duration $382.97. Source:
  /// https://aws.amazon.com/step-functions/pricing/ read through the mirror
  /// https://mdsite.deno.dev/https://aws.amazon.com/step-functions/pricing
  @Test func stepFunctionsExpressHundredMillionWorkflows() throws {
    let bill = try Billing.stepFunctionsExpress(
      requests: 100_000_000, durationMilliseconds: 10_000, memoryMB: 64,
      prices: PricingTestData.prices())
    expectBill(
      bill,
      lines: [
        ExpectedLine("stepfunctions.express.request", 100.00),
        ExpectedLine("stepfunctions.express.duration", 60.00, quantity: 1_000),
        ExpectedLine("stepfunctions.express.duration", 120.00, quantity: 4_000),
        ExpectedLine("stepfunctions.express.duration", 202.97, quantity: 12_361.111111111),
      ], total: 482.97)
  }

  /// The same page's memory example: a 50 KB definition and 400 Map steps of 32 KB use about 62.85
  /// MB (AWS counts 1,000 KB per MB here), billed as one 64 MB chunk.
  ///
  /// Express duration is also rounded up to the next 100 ms.
  @Test func stepFunctionsExpressMemoryAndDurationRounding() throws {
    let memory = Billing.stepFunctionsExpressMemoryMB(
      definitionKB: 50, payloadKB: 32, mapOrParallelSteps: 400)
    #expect(memory > 62 && memory < 64)
    let prices = try PricingTestData.prices()
    let bill = try Billing.stepFunctionsExpress(
      requests: 3600, durationMilliseconds: 901, memoryMB: memory, prices: prices)
    let duration = try #require(bill.items.last)
    // 3,600 × 1.0 s × 64/1024 GB / 3,600 = 0.0625 GB-hours.
    #expect(abs(duration.quantity - 0.0625) < 1e-12)
  }

  /// Standard workflows bill each transition, retries included, after 4,000 free a month
  /// ($0.025 per 1,000 in US East, the page's Region table).
  @Test func stepFunctionsStandardTransitions() throws {
    let prices = try PricingTestData.prices()
    let bill = try Billing.stepFunctionsStandard(
      transitions: 400_000, prices: prices, options: alwaysFree)
    #expect(bill.items.map(\.quantity) == [4_000, 396_000])
    #expect(cents(bill.total) == 9_90)
  }

  /// Read and write units, from the examples on the DynamoDB provisioned-capacity pricing page
  /// (https://aws.amazon.com/dynamodb/pricing/provisioned/, read through a proxy mirror): a
  /// strongly consistent read of 8 KB takes 2 units, eventually consistent 1, transactional 4;
  /// a standard write of 1 KB takes 1, of 3 KB 3, a transactional write of 3 KB 6.
  @Test(arguments: [
    (8.0, Billing.ReadConsistency.strong, 2.0), (8, .eventual, 1), (8, .transactional, 4),
    (4, .eventual, 0.5), (4.1, .strong, 2), (0.5, .strong, 1),
  ])
  func dynamoDBReadUnits(itemKB: Double, consistency: Billing.ReadConsistency, units: Double) {
    #expect(Billing.dynamoDBReadUnits(itemKB: itemKB, consistency: consistency) == units)
  }

  @Test(arguments: [
    (1.0, Billing.WriteMode.standard, 1.0), (3, .standard, 3), (3, .transactional, 6),
    (0.2, .standard, 1), (1.5, .transactional, 4),
  ])
  func dynamoDBWriteUnits(itemKB: Double, mode: Billing.WriteMode, units: Double) {
    #expect(Billing.dynamoDBWriteUnits(itemKB: itemKB, mode: mode) == units)
  }

  /// On-demand: units × the catalog rate ($0.125 per 1M RRU, $0.625 per 1M WRU since the Nov 2024
  /// cut); provisioned: unit-hours, reported as fixed cost.
  ///
  /// Own arithmetic (no AWS DynamoDB example was captured).
  @Test func dynamoDBOnDemandAndProvisioned() throws {
    let prices = try PricingTestData.prices()
    let onDemand = try Billing.dynamoDBOnDemand(
      .init(
        reads: 100_000_000, readItemKB: 6, consistency: .eventual, writes: 10_000_000,
        writeItemKB: 3, writeMode: .transactional),
      storageGB: 10, prices: prices)
    #expect(onDemand.items.map(\.quantity) == [100_000_000, 60_000_000, 10])
    #expect(cents(onDemand.variableCost) == cents(100 * 0.125 + 60 * 0.625))
    #expect(cents(onDemand.fixedCost) == cents(10 * 0.25))
    let provisioned = try Billing.dynamoDBProvisioned(
      readCapacityUnits: 100, writeCapacityUnits: 100, hours: 720, prices: prices)
    #expect(cents(provisioned.fixedCost) == cents(72_000 * 0.00013 + 72_000 * 0.00065))
    #expect(provisioned.variableCost == 0)
  }

  /// "Each 64 KB chunk of a payload is billed as 1 request (for example, an API action with a 256
  /// KB payload is billed as 4 requests)"; a 1 MB message is 16 requests.
  ///
  /// Source: https://aws.amazon.com/sqs/pricing/ (quoted verbatim in several repositories).
  @Test(arguments: [(1.0, 1.0), (64, 1), (65, 2), (256, 4), (1024, 16)])
  func sqsChunking(payloadKB: Double, requests: Double) throws {
    let bill = try Billing.sqs(
      apiCalls: 1, payloadKB: payloadKB, prices: PricingTestData.prices())
    #expect(bill.items.first?.quantity == requests)
  }

  /// A Lambda consumer receives at most 10 messages per call and deletes each group with one
  /// batch call: 1M messages of 10 KB in batches of 10 are 100,000 receives (100 KB each, 2
  /// requests) + 100,000 deletes = 300,000 requests; plus empty receives.
  @Test func sqsLambdaConsumerCalls() throws {
    let prices = try PricingTestData.prices()
    let bill = try Billing.sqsLambdaConsumer(
      messages: 1_000_000, messageKB: 10, batchSize: 10, emptyReceives: 50_000, prices: prices)
    #expect(bill.items.map(\.quantity) == [350_000])
    let big = try Billing.sqsLambdaConsumer(
      messages: 1_000_000, messageKB: 1, batchSize: 100, prices: prices)
    #expect(big.items.map(\.quantity) == [200_000])
  }

  /// Kinesis PUT payload units: 5 KB is 1 unit, 45 KB is 2, "1 MB" is 40 (older AWS Kinesis pricing
  /// page, https://aws.amazon.com/kinesis/pricing/).
  ///
  /// AWS's 40 counts 1 MB as 1,000 KB; with 1,024 KB the record is 41 units.
  @Test(arguments: [(5.0, 1.0), (45, 2), (1024, 41), (1000, 40)])
  func kinesisPutPayloadUnits(recordKB: Double, units: Double) throws {
    let bill = try Billing.kinesisProvisioned(
      shardHours: 0, records: 1, recordKB: recordKB, prices: PricingTestData.prices())
    #expect(bill.items.first { $0.priceID == "kinesis.put_payload_unit" }?.quantity == units)
  }

  /// EventBridge counts each 64 KB chunk of an event as one event (Price List note, S).
  @Test func eventBridgeChunks() throws {
    let bill = try Billing.eventBridge(
      events: 1_000_000, payloadKB: 100, prices: PricingTestData.prices())
    #expect(bill.items.first?.quantity == 2_000_000)
    #expect(cents(bill.total) == 2_00)
  }

  /// The golden path's edge: Route 53 latency queries, CloudFront requests and tiered data out,
  /// WAF, and S3 requests, all from the catalog.
  ///
  /// Own arithmetic from the catalog rates.
  @Test func edgeServices() throws {
    let prices = try PricingTestData.prices()
    let dns = try Billing.route53(
      queries: 1_500_000_000, routing: .latency, hostedZones: 30, awsHealthChecks: 4,
      prices: prices)
    #expect(cents(dns.variableCost) == cents(1000 * 0.60 + 500 * 0.30))
    #expect(cents(dns.fixedCost) == cents(25 * 0.50 + 5 * 0.10 + 4 * 0.50))
    let cdn = try Billing.cloudFront(
      httpsRequests: 20_000_000, dataOutGB: 20_480, prices: prices, options: alwaysFree)
    #expect(cdn.items.map(\.quantity) == [10_000_000, 10_000_000, 1_024, 9_216, 10_240])
    #expect(cents(cdn.total) == cents(1000 * 0.01 + 9_216 * 0.085 + 10_240 * 0.080))
    let waf = try Billing.waf(requests: 10_000_000, webACLs: 1, rules: 5, prices: prices)
    #expect(cents(waf.fixedCost) == 10_00)
    #expect(cents(waf.variableCost) == 6_00)
    let s3 = try Billing.s3(getRequests: 1_000_000, putRequests: 100_000, prices: prices)
    #expect(cents(s3.total) == cents(1000 * 0.0004 + 100 * 0.005))
  }
}
