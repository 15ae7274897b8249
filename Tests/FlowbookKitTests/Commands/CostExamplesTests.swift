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
  var testDescription: String { file }
}

/// AWS's pricing-page examples reproduced through `cost`, from model files, to the cent.
///
/// Each file's header names its page and AWS's arithmetic. The bill is the one `cost --month`
/// prints (same report), compared line by line and in total as `expectBill` does.
@Suite("cost: AWS pricing examples as model files")
struct CostExamplesTests {
  static let examples: [CostExample] = [
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
  ]

  @Test(arguments: examples)
  func reproducesTheExample(_ example: CostExample) throws {
    let model = try ModelLoader.load(
      file: ModelFixtures.datasets + "/examples/\(example.file).yaml",
      displayName: example.file)
    let report = try CostAnalysis.report(
      model, prices: PricingTestData.prices(),
      options: .init(freeTier: example.freeTier ? .alwaysFree : .excluded))
    expectBill(report.bill, lines: example.lines, total: example.total)
    #expect(report.gaps.isEmpty, "\(report.gaps)")
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
    let tested = Set(Self.examples.map { $0.file + ".yaml" })
    #expect(Set(files.filter { $0.hasSuffix(".yaml") }) == tested)
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
