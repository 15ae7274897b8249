import Foundation
import Testing

@testable import FlowbookKit

/// AWS Lambda's own pricing-page examples, reproduced through `Billing.lambda` to the cent.
///
/// Source of every example here unless a test says otherwise:
/// https://aws.amazon.com/lambda/pricing/ (us-east-1), read through a verbatim markdown copy
/// of the current page held in a public GitHub repository (undated; late 2025 or 2026). The
/// page applies the free tier in some examples and not in others; each test follows its
/// example.
@Suite("Billing: Lambda pricing-page examples")
struct BillingLambdaTests {
  /// "Example 1: Mobile application backend": 3M requests, 120 ms, 1,536 MB, x86, free tier.
  ///
  /// AWS: 140,000 GB-s × $0.0000166667 = $2.33; 2M × $0.2/M = $0.40; total $2.73.
  @Test func mobileApplicationBackend() throws {
    let bill = try Billing.lambda(
      .init(requests: 3_000_000, durationMilliseconds: 120, memoryMB: 1536),
      prices: PricingTestData.prices(), options: alwaysFree)
    expectBill(
      bill,
      lines: [
        ExpectedLine("lambda.request", 0.40, quantity: 2_000_000),
        ExpectedLine("lambda.duration.x86", 2.33, quantity: 140_000),
      ], total: 2.73)
  }

  /// "Example 2: Enriching streaming telemetry": 7.44M requests, 2 s, 1,024 MB, no free tier.
  ///
  /// AWS: 7.44M × $0.20/M = $1.49; 14.88M GB-s × $0.0000166667 = $248.00; total $249.49.
  @Test func enrichingStreamingTelemetry() throws {
    let bill = try Billing.lambda(
      .init(requests: 10_000 * 24 * 31, durationMilliseconds: 2000, memoryMB: 1024),
      prices: PricingTestData.prices())
    expectBill(
      bill,
      lines: [
        ExpectedLine("lambda.request", 1.49, quantity: 7_440_000),
        ExpectedLine("lambda.duration.x86", 248.00, quantity: 14_880_000),
      ], total: 249.49)
  }

  /// "Example 3: Performing ML on customer support tickets": 6M requests, 280 ms, 4,096 MB, 2,048
  /// MB ephemeral storage, free tier.
  ///
  /// AWS: compute $105.33, requests $1, ephemeral 2,520,000 GB-s × $0.0000000309 = $0.08; total
  /// $106.41.
  @Test func customerSupportMLWithEphemeralStorage() throws {
    let bill = try Billing.lambda(
      .init(
        requests: 6_000_000, durationMilliseconds: 280, memoryMB: 4096,
        ephemeralStorageMB: 2048),
      prices: PricingTestData.prices(), options: alwaysFree)
    expectBill(
      bill,
      lines: [
        ExpectedLine("lambda.request", 1.00, quantity: 5_000_000),
        ExpectedLine("lambda.duration.x86", 105.33, quantity: 6_320_000),
        ExpectedLine("lambda.ephemeral_storage", 0.08, quantity: 2_520_000),
      ], total: 106.41)
  }

  /// Provisioned Concurrency "Example 1: Mobile application launch": PC 100 for 8 hours at 1,536
  /// MB; 500,000 requests at 100 ms with PC, 2.5M at 120 ms without; free tier.
  ///
  /// AWS: PC 4.32M GB-s = $18; requests $0.40; PC compute 75,000 GB-s = $0.73; on-demand 50,000
  /// GB-s = $0.83; total $19.96.
  @Test func provisionedConcurrencyMobileLaunch() throws {
    let bill = try Billing.lambda(
      .init(
        requests: 3_000_000, durationMilliseconds: 120, memoryMB: 1536,
        provisioned: .init(
          concurrency: 100, enabledSeconds: 8 * 3600, requests: 500_000,
          durationMilliseconds: 100)),
      prices: PricingTestData.prices(), options: alwaysFree)
    expectBill(
      bill,
      lines: [
        ExpectedLine("lambda.request", 0.40, quantity: 2_000_000),
        ExpectedLine("lambda.duration.x86", 0.83, quantity: 50_000),
        ExpectedLine("lambda.provisioned_concurrency.x86", 18.00, quantity: 4_320_000),
        ExpectedLine("lambda.provisioned_duration.x86", 0.73, quantity: 75_000),
      ], total: 19.96)
  }

  /// Provisioned Concurrency "Example 2: … Cyber Monday": PC 7 for 24 hours at 4,096 MB, 2M
  /// requests at 280 ms all with PC, no free tier.
  ///
  /// AWS: PC 2,419,200 GB-s = $10.08; compute 2,240,000 GB-s = $21.78; requests $0.40; total
  /// $32.26.
  @Test func provisionedConcurrencyCyberMonday() throws {
    let bill = try Billing.lambda(
      .init(
        requests: 2_000_000, durationMilliseconds: 280, memoryMB: 4096,
        provisioned: .init(
          concurrency: 7, enabledSeconds: 24 * 3600, requests: 2_000_000,
          durationMilliseconds: 280)),
      prices: PricingTestData.prices())
    expectBill(
      bill,
      lines: [
        ExpectedLine("lambda.request", 0.40),
        ExpectedLine("lambda.provisioned_concurrency.x86", 10.08, quantity: 2_419_200),
        ExpectedLine("lambda.provisioned_duration.x86", 21.78, quantity: 2_240_000),
      ], total: 32.26)
  }

  /// Durable-functions example, its compute and request lines only (durable operations are not
  /// modelled): 1M claims, 2 invocations each (30 s + 2 s), 1 GB, Arm, free tier.
  ///
  /// AWS: 31,600,000 GB-s × $0.0000133334 = $421.34; 1M billable requests = $0.20.
  @Test func durableFunctionsComputeOnArm() throws {
    let bill = try Billing.lambda(
      .init(
        requests: 2_000_000, durationMilliseconds: 16_000, memoryMB: 1024,
        architecture: .arm),
      prices: PricingTestData.prices(), options: alwaysFree)
    expectBill(
      bill,
      lines: [
        ExpectedLine("lambda.request", 0.20, quantity: 1_000_000),
        ExpectedLine("lambda.duration.arm", 421.34, quantity: 31_600_000),
      ], total: 421.54)
  }

  /// HTTP response streaming example: 3M requests, 500 ms, 1,536 MB; 2M responses of 100 KB and 1M
  /// of 7 MB, the 100 GB streaming allowance already used up.
  ///
  /// AWS: compute $30.83, requests $0.40, 976.56 GB streamed beyond 6 MB × $0.008 = $7.81; total
  /// $39.04.
  @Test func responseStreamingServerSideRendering() throws {
    let prices = try PricingTestData.prices()
    let bill =
      try Billing.lambda(
        .init(requests: 3_000_000, durationMilliseconds: 500, memoryMB: 1536), prices: prices,
        options: alwaysFree)
      + Billing.lambdaResponseStreaming(
        requests: 2_000_000, megabytesPerRequest: 100.0 / 1024, prices: prices)
      + Billing.lambdaResponseStreaming(
        requests: 1_000_000, megabytesPerRequest: 7, prices: prices)
    expectBill(
      bill,
      lines: [
        ExpectedLine("lambda.request", 0.40),
        ExpectedLine("lambda.duration.x86", 30.83, quantity: 1_850_000),
        ExpectedLine("lambda.response_streaming", 7.81, quantity: 976.5625),
      ], total: 39.04)
  }

  /// SnapStart example: the telemetry workload plus SnapStart on one version active all of a 31-day
  /// month, 1 % of requests restoring.
  ///
  /// AWS: requests $1.49, compute $248.00, cache 2,678,400 GB-s = $4.03, restores 74,400 GB =
  /// $10.40; total $263.92.
  @Test func snapStartTelemetry() throws {
    let prices = try PricingTestData.prices()
    let bill =
      try Billing.lambda(
        .init(requests: 7_440_000, durationMilliseconds: 2000, memoryMB: 1024), prices: prices)
      + Billing.lambdaSnapStart(
        memoryMB: 1024, activeSeconds: 24 * 31 * 3600, restores: 74_400, prices: prices)
    expectBill(
      bill,
      lines: [
        ExpectedLine("lambda.request", 1.49),
        ExpectedLine("lambda.duration.x86", 248.00),
        ExpectedLine("lambda.snapstart.cache", 4.03, quantity: 2_678_400),
        ExpectedLine("lambda.snapstart.restore", 10.40, quantity: 74_400),
      ], total: 263.92)
  }

  /// Provisioned-mode ESM "Pricing Example 2" (SQS): 1M invocations a day for 30 days, 1 s, 1,024
  /// MB, 8,000 EPU-hours, no free tier.
  ///
  /// AWS: $500 + $6 + $74 = $580.
  @Test func provisionedPollersForSQS() throws {
    let prices = try PricingTestData.prices()
    let bill =
      try Billing.lambda(
        .init(requests: 30_000_000, durationMilliseconds: 1000, memoryMB: 1024), prices: prices)
      + Billing.lambdaProvisionedPollers(epuHours: 8000, source: .sqs, prices: prices)
    expectBill(
      bill,
      lines: [
        ExpectedLine("lambda.request", 6.00),
        ExpectedLine("lambda.duration.x86", 500.00, quantity: 30_000_000),
        ExpectedLine("lambda.esm.provisioned.sqs", 74.00),
      ], total: 580.00)
  }

  /// Provisioned-mode ESM "Pricing Example 3" (ten Kafka ESMs in one poller group): 300M requests,
  /// 200 ms, 1,024 MB, 720 EPU-hours.
  ///
  /// AWS: $1,000 + $60 + $133.2 = $1,193.2. (Example 1 is not reproduced: it subtracts the free
  /// tier from compute but not from requests, so no single free-tier setting gives its total.)
  @Test func provisionedPollersForKafka() throws {
    let prices = try PricingTestData.prices()
    let bill =
      try Billing.lambda(
        .init(requests: 300_000_000, durationMilliseconds: 200, memoryMB: 1024), prices: prices)
      + Billing.lambdaProvisionedPollers(epuHours: 720, source: .kafka, prices: prices)
    expectBill(
      bill,
      lines: [
        ExpectedLine("lambda.request", 60.00),
        ExpectedLine("lambda.duration.x86", 1000.00, quantity: 60_000_000),
        ExpectedLine("lambda.esm.provisioned.kafka", 133.20),
      ], total: 1193.20)
  }

  /// Lambda@Edge example: 10M executions of 10 ms (128 MB).
  ///
  /// AWS: 100,000 s × $0.00000625125 per 128 MB-s = $0.63; 10M × $0.6/M = $6.00; total $6.63.
  @Test func lambdaAtEdge() throws {
    let bill = try Billing.lambdaAtEdge(
      requests: 10_000_000, durationMilliseconds: 10, memoryMB: 128,
      prices: PricingTestData.prices())
    expectBill(
      bill,
      lines: [
        ExpectedLine("lambda_edge.request", 6.00),
        ExpectedLine("lambda_edge.duration", 0.63, quantity: 12_800_000),
      ], total: 6.63)
  }

  /// The pre-Dec-2020 page's "Example 1" (512 MB, 3M runs of 1 s, free tier) used $0.00001667 per
  /// GB-s: AWS: 1,100,000 GB-s = $18.34, requests $0.40, total $18.74.
  ///
  /// Source: https://aws.amazon.com/lambda/pricing/ as archived before 1 Dec 2020 (the copy still
  /// quotes 128–3,008 MB in 64 MB steps). Billing takes that era's rate from a catalog that
  /// overrides one entry, which is how any historical or what-if price is modelled.
  @Test func oldPageExampleWithItsOwnRate() throws {
    var prices = try PricingTestData.prices()
    var duration = try #require(prices["lambda.duration.x86"])
    duration.value = .flat(0.00001667)
    duration.provenance.status = .superseded
    prices.upsert(duration)
    let bill = try Billing.lambda(
      .init(requests: 3_000_000, durationMilliseconds: 1000, memoryMB: 512), prices: prices,
      options: alwaysFree)
    expectBill(
      bill,
      lines: [
        ExpectedLine("lambda.request", 0.40),
        ExpectedLine("lambda.duration.x86", 18.34, quantity: 1_100_000),
      ], total: 18.74)
  }

  /// Duration is rounded up to the next 1 ms per invocation before GB-s are computed.
  @Test func durationRoundsUpToTheMillisecond() throws {
    let prices = try PricingTestData.prices()
    let bill = try Billing.lambda(
      .init(requests: 1000, durationMilliseconds: 1.2, memoryMB: 1024), prices: prices)
    let duration = try #require(bill.items.first { $0.priceID == "lambda.duration.x86" })
    #expect(abs(duration.quantity - 2.0) < 1e-12)
  }

  /// Monthly GB-s beyond 6B are priced on the second x86 tier (AWS Compute Blog tiers).
  @Test func durationTiersApplyAboveSixBillionGBSeconds() throws {
    let bill = try Billing.lambda(
      .init(requests: 7_000_000_000, durationMilliseconds: 1000, memoryMB: 1024),
      prices: PricingTestData.prices())
    let tiers = bill.items.filter { $0.priceID == "lambda.duration.x86" }
    #expect(tiers.map(\.quantity) == [6e9, 1e9])
    #expect(tiers.map(\.unitPrice) == [0.0000166667, 0.000015])
  }

  /// Asynchronous events: 1 request for the first 256 KB, +1 per further 64 KB, up to 1 MB.
  @Test(arguments: [(1.0, 1.0), (256, 1), (257, 2), (320, 2), (321, 3), (1024, 13)])
  func asyncEventRequestUnits(payloadKB: Double, units: Double) throws {
    #expect(try Billing.lambdaAsyncRequestUnits(payloadKB: payloadKB) == units)
  }
}
