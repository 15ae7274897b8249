import Foundation
import Quantities
import Testing

@testable import FlowbookKit

/// One AWS worked example as a model file under `datasets/examples/`, and what AWS printed.
struct CostExample: CustomTestStringConvertible, Sendable {
  var file: String
  var freeTier: Bool
  var lines: [ExpectedLine]
  var total: Double
  /// Compare only the bill's lines whose price id starts with this (an example that prices
  /// one service of a path, such as X-Ray's).
  var only: String? = nil
  var testDescription: String { file }
}

/// AWS's pricing-page examples reproduced through `cost`, from model files, to the cent.
///
/// Each file's header names its page and AWS's arithmetic. The bill is the one `cost --month`
/// prints (same report), compared line by line and in total as `expectBill` does.
@Suite("cost: AWS pricing examples as model files")
struct CostExamplesTests {
  static let examples: [CostExample] =
    [
      CostExample(
        file: "aws-lambda-mobile-backend", freeTier: true,
        lines: [
          ExpectedLine("lambda.request", 0.40, quantity: 2_000_000),
          ExpectedLine("lambda.duration.x86", 2.33, quantity: 140_000),
        ], total: 2.73),
      CostExample(
        file: "aws-lambda-streaming-telemetry", freeTier: false,
        lines: [
          ExpectedLine("lambda.request", 1.49),
          ExpectedLine("lambda.duration.x86", 248.00, quantity: 14_880_000),
        ], total: 249.49),
      CostExample(
        file: "aws-lambda-ml-ephemeral-storage", freeTier: true,
        lines: [
          ExpectedLine("lambda.request", 1.00, quantity: 5_000_000),
          ExpectedLine("lambda.duration.x86", 105.33, quantity: 6_320_000),
          ExpectedLine("lambda.ephemeral_storage", 0.08, quantity: 2_520_000),
        ], total: 106.41),
      CostExample(
        file: "aws-apigateway-rest", freeTier: false,
        lines: [
          ExpectedLine("apigateway.rest.request", 17.50),
          ExpectedLine("apigateway.data_transfer_out", 1.29),
        ], total: 18.79),
      CostExample(
        file: "aws-apigateway-rest-tiers", freeTier: false,
        lines: [
          ExpectedLine("apigateway.rest.request", 1_165.50, quantity: 333_000_000),
          ExpectedLine("apigateway.rest.request", 1_867.60, quantity: 667_000_000),
          ExpectedLine("apigateway.rest.request", 33_320.00, quantity: 14_000_000_000),
          ExpectedLine("apigateway.data_transfer_out", 5_149.84, quantity: 57_220.458984375),
        ], total: 41_502.94),
      CostExample(
        file: "aws-apigateway-http-web", freeTier: false,
        lines: [
          ExpectedLine("apigateway.http.request", 300.00, quantity: 300_000_000),
          ExpectedLine("apigateway.http.request", 118.80, quantity: 132_000_000),
        ], total: 418.80),
      CostExample(
        file: "aws-apigateway-http-uploads", freeTier: false,
        lines: [ExpectedLine("apigateway.http.request", 9.72, quantity: 9_720_000)],
        total: 9.72),
      CostExample(
        file: "aws-stepfunctions-express", freeTier: false,
        lines: [
          ExpectedLine("stepfunctions.express.request", 100.00),
          ExpectedLine("stepfunctions.express.duration", 60.00, quantity: 1_000),
          ExpectedLine("stepfunctions.express.duration", 120.00, quantity: 4_000),
          ExpectedLine("stepfunctions.express.duration", 202.97, quantity: 12_361.111111111),
        ], total: 482.97),
    ] + lambdaFeatureExamples + apiGatewayFeatureExamples + [
      CostExample(
        file: "aws-xray", freeTier: true,
        lines: [
          ExpectedLine("xray.trace_recorded", 0.24, quantity: 48_800),
          ExpectedLine("xray.insights_trace", 0.15, quantity: 148_800),
        ], total: 0.39, only: "xray.")
    ]

  /// Lambda's Provisioned Concurrency, SnapStart, Lambda@Edge and event-poller examples.
  static let lambdaFeatureExamples: [CostExample] = [
    CostExample(
      file: "aws-lambda-provisioned-launch", freeTier: true,
      lines: [
        ExpectedLine("lambda.request", 0.40, quantity: 2_000_000),
        ExpectedLine("lambda.provisioned_concurrency.x86", 18.00, quantity: 4_320_000),
        ExpectedLine("lambda.provisioned_duration.x86", 0.73, quantity: 75_000),
        ExpectedLine("lambda.duration.x86", 0.83, quantity: 50_000),
      ], total: 19.96),
    CostExample(
      file: "aws-lambda-provisioned-cyber-monday", freeTier: false,
      lines: [
        ExpectedLine("lambda.request", 0.40, quantity: 2_000_000),
        ExpectedLine("lambda.provisioned_concurrency.x86", 10.08, quantity: 2_419_200),
        ExpectedLine("lambda.provisioned_duration.x86", 21.78, quantity: 2_240_000),
      ], total: 32.26),
    CostExample(
      file: "aws-lambda-snapstart", freeTier: false,
      lines: [
        ExpectedLine("lambda.request", 1.49, quantity: 7_440_000),
        ExpectedLine("lambda.duration.x86", 248.00, quantity: 14_880_000),
        ExpectedLine("lambda.snapstart.cache", 4.03, quantity: 2_678_400),
        ExpectedLine("lambda.snapstart.restore", 10.40, quantity: 74_400),
      ], total: 263.92),
    CostExample(
      file: "aws-lambda-edge", freeTier: false,
      lines: [
        ExpectedLine("lambda_edge.request", 6.00, quantity: 10_000_000),
        ExpectedLine("lambda_edge.duration", 0.63),
      ], total: 6.63),
    CostExample(
      file: "aws-lambda-esm-sqs", freeTier: false,
      lines: [
        ExpectedLine("lambda.request", 6.00, quantity: 30_000_000),
        ExpectedLine("lambda.duration.x86", 500.00, quantity: 30_000_000),
        ExpectedLine("lambda.esm.provisioned.sqs", 74.00, quantity: 8_000),
      ], total: 580.00),
    CostExample(
      file: "aws-lambda-esm-kafka-group", freeTier: false,
      lines: [
        ExpectedLine("lambda.request", 60.00, quantity: 300_000_000),
        ExpectedLine("lambda.duration.x86", 1_000.00, quantity: 60_000_000),
        ExpectedLine("lambda.esm.provisioned.kafka", 133.20, quantity: 720),
      ], total: 1_193.20),
  ]

  /// API Gateway's WebSocket and private-API examples.
  static let apiGatewayFeatureExamples: [CostExample] = [
    CostExample(
      file: "aws-apigateway-websocket", freeTier: false,
      lines: [
        ExpectedLine("apigateway.websocket.message", 18.00, quantity: 18_000_000),
        ExpectedLine("apigateway.websocket.connection_minute", 5.40, quantity: 21_600_000),
      ], total: 23.40),
    CostExample(
      file: "aws-apigateway-private", freeTier: false,
      lines: [
        ExpectedLine("apigateway.rest.request", 17.50, quantity: 5_000_000),
        ExpectedLine("privatelink.endpoint", 7.20, quantity: 720),
        ExpectedLine("privatelink.data_processed", 0.16),
      ], total: 24.86),
  ]

  /// Examples priced for a span of time rather than a month, through `cost for D`.
  static let eventExamples: [String] = ["aws-apigateway-cache"]

  @Test(arguments: examples)
  func reproducesTheExample(_ example: CostExample) throws {
    let model = try ModelLoader.load(
      file: ModelFixtures.datasets + "/examples/\(example.file).yaml",
      displayName: example.file)
    let report = try CostAnalysis.report(
      model, prices: PricingTestData.prices(),
      options: .init(freeTier: example.freeTier ? .alwaysFree : .excluded))
    var bill = report.bill
    if let prefix = example.only {
      bill.items = bill.items.filter { $0.priceID.hasPrefix(prefix) }
    }
    expectBill(bill, lines: example.lines, total: example.total)
    #expect(report.gaps.isEmpty, "\(report.gaps)")
    guard example.only == nil else { return }
    let session = CostCommandTests.session(loading: example.file)
    let cell = session.execute("cost --month" + (example.freeTier ? " --free-tier" : ""))
    #expect(
      CostCommandTests.number(CostCommandTests.data(cell)["total"]).map(cents)
        == cents(example.total), "\(cell.plainOutput)")
  }

  /// Every model file under `datasets/examples/` is one of the reproduced examples.
  @Test func everyExampleFileIsTested() throws {
    let files = try FileManager.default.contentsOfDirectory(
      atPath: ModelFixtures.datasets + "/examples")
    let tested = Set((Self.examples.map(\.file) + Self.eventExamples).map { $0 + ".yaml" })
    #expect(Set(files.filter { $0.hasSuffix(".yaml") }) == tested)
  }

  /// API Gateway's caching example: a 1.6 GB cache at $0.038 an hour is $0.912 a day, the
  /// fixed part of `cost for 24 h`.
  @Test func aDayOfTheRESTCacheCostsWhatAWSSays() throws {
    let model = try ModelLoader.load(
      file: ModelFixtures.datasets + "/examples/aws-apigateway-cache.yaml",
      displayName: "aws-apigateway-cache")
    let event = try CostAnalysis.event(
      model, rate: 1_000_000 / CostUsageBuilder.month, duration: 86_400,
      prices: PricingTestData.prices())
    #expect(abs(event.fixed - 0.912) < 1e-9, "\(event.components)")
    let session = CostCommandTests.session(loading: "aws-apigateway-cache")
    let cell = session.execute("cost --month")
    #expect(cell.plainOutput.contains("API cache (1.6 GB)"), "\(cell.plainOutput)")
  }

  /// Response streaming bills the bytes beyond 6 MB of each invocation: AWS's streaming
  /// example's 1M responses of 7 MB are 976.56 GB (its 2M responses of 100 KB are free).
  ///
  /// AWS's example itself is not a model file: it applies Lambda's free requests and GB-s
  /// while assuming the 100 GB streaming allowance is already used, and flowbook's free-tier
  /// policy applies every allowance of the account or none.
  @Test func streamingBillsTheBytesBeyondSixMegabytes() throws {
    let session = CostCommandTests.session(loading: "aws-lambda-streaming-telemetry")
    #expect(session.execute("set enrich.streamed_size = 7 MiB").succeeded)
    let report = try CostAnalysis.report(
      session.workspace.requireModel(), prices: PricingTestData.prices())
    let streamed = report.bill.items.filter { $0.priceID == "lambda.response_streaming" }
    let gigabytes = 7_440_000.0 / 1024
    #expect(
      abs(streamed.map(\.quantity).reduce(0, +) - gigabytes) < 1e-6,
      "\(streamed.map(\.described))")
    #expect(cents(streamed.reduce(0) { $0 + $1.cost }) == cents(gigabytes * 0.008))
    #expect(session.execute("set enrich.streamed_size = 100 KiB").succeeded)
    let small = try CostAnalysis.report(
      session.workspace.requireModel(), prices: PricingTestData.prices())
    #expect(!small.bill.items.contains { $0.priceID == "lambda.response_streaming" })
  }

  /// SnapStart is not charged on Java managed runtimes: the bill says so instead.
  @Test func snapStartOnJavaIsNotCharged() throws {
    let session = CostCommandTests.session(loading: "aws-lambda-snapstart")
    #expect(session.execute("set enrich.runtime = \"java17\"").succeeded)
    let report = try CostAnalysis.report(
      session.workspace.requireModel(), prices: PricingTestData.prices())
    #expect(!report.bill.items.contains { $0.priceID.hasPrefix("lambda.snapstart") })
    #expect(report.notes.contains { $0.contains("not charged for Java") }, "\(report.notes)")
  }

  /// Setting one price keeps the free tier and the other tiers: Lambda's duration at a
  /// negotiated $0.000015 per GB-s still subtracts the 400,000 free GB-s.
  @Test func settingOnePriceKeepsTheFreeTier() throws {
    let session = CostCommandTests.session(loading: "aws-lambda-mobile-backend")
    #expect(session.execute("set backend.duration_price = $0.000015 / GB-s").succeeded)
    let report = try CostAnalysis.report(
      session.workspace.requireModel(), prices: PricingTestData.prices(),
      options: .init(freeTier: .alwaysFree))
    let duration = report.bill.items.filter { $0.priceID == "model.backend.duration_price" }
    #expect(duration.map(\.quantity) == [400_000, 140_000], "\(duration.map(\.described))")
    #expect(cents(duration.reduce(0) { $0 + $1.cost }) == 2_10)
  }
}
