import Foundation
import Testing

@testable import FlowbookKit

/// One line of an AWS worked example: the catalog price it uses and the dollars AWS printed.
struct ExpectedLine: Sendable {
  var priceID: String
  var dollars: Double
  /// The billable quantity AWS printed (requests, GB-s…), when it printed one.
  var quantity: Double?

  init(_ priceID: String, _ dollars: Double, quantity: Double? = nil) {
    self.priceID = priceID
    self.dollars = dollars
    self.quantity = quantity
  }
}

/// Dollars to whole cents, half away from zero (how AWS's examples print 0.125 as $0.13).
func cents(_ dollars: Double) -> Int {
  Int((dollars * 100).rounded(.toNearestOrAwayFromZero))
}

/// Checks a bill against an AWS worked example, to the cent.
///
/// How cents are compared: AWS rounds each line of an example to the cent and adds the rounded
/// lines. So each priced line (zero-cost free-tier rows skipped, lines in the order the billing
/// rule emits them) must round to AWS's printed line; the sum of the rounded lines must equal
/// AWS's printed total; and the unrounded total must lie within half a cent per line of it.
/// Billable quantities AWS printed are compared to within 1e-6 relative.
func expectBill(
  _ bill: Bill, lines: [ExpectedLine], total: Double,
  sourceLocation: SourceLocation = #_sourceLocation
) {
  let priced = bill.items.filter { $0.unitPrice > 0 }
  #expect(bill.isComplete, "unpriced usage: \(bill.unpriced)", sourceLocation: sourceLocation)
  #expect(
    priced.count == lines.count,
    "expected \(lines.count) priced lines, got \(priced.map(\.description))",
    sourceLocation: sourceLocation)
  for (item, line) in zip(priced, lines) {
    #expect(item.priceID == line.priceID, sourceLocation: sourceLocation)
    #expect(
      cents(item.cost) == cents(line.dollars),
      "\(item.description): \(item.cost) is not $\(line.dollars)", sourceLocation: sourceLocation)
    if let quantity = line.quantity {
      #expect(
        abs(item.quantity - quantity) <= 1e-6 * max(1, quantity),
        "\(item.description): quantity \(item.quantity), AWS says \(quantity)",
        sourceLocation: sourceLocation)
    }
  }
  let roundedSum = priced.reduce(0) { $0 + cents($1.cost) }
  #expect(roundedSum == cents(total), "sum of rounded lines", sourceLocation: sourceLocation)
  #expect(
    abs(bill.total - total) <= 0.005 * Double(max(1, lines.count)),
    "unrounded total \(bill.total) vs $\(total)", sourceLocation: sourceLocation)
}

extension BillingLineItem {
  var described: String { "\(priceID) \(description): \(quantity) \(basis) = \(cost)" }
}

/// Shortcuts used by every billing test.
let alwaysFree = BillingOptions(freeTier: .alwaysFree)

@Suite("Billing rules")
struct BillingTests {
  /// Rows carry what a cost table needs: the rate as quoted, its scale, the tier label.
  @Test func lineItemsCarryRateScaleAndTier() throws {
    let bill = try Billing.apiGatewayHTTP(
      requests: 432_000_000, prices: PricingTestData.prices())
    #expect(
      bill.items.map(\.description) == [
        "HTTP API calls (tier 1, from 0)", "HTTP API calls (tier 2, from 300M)",
      ])
    #expect(bill.items.map(\.unitPrice) == [1.00, 0.90])
    #expect(bill.items.allSatisfy { $0.unitScale == 1_000_000 && $0.kind == .variable })
    #expect(bill.items.first?.priceUnit == "USD per 1M requests")
    #expect(bill.items.first?.confidence == .aws)
  }

  /// Free tier is off by default; `.alwaysFree` skips the 12-month API Gateway offer.
  @Test func freeTierPolicyChoosesWhichAllowancesApply() throws {
    let prices = try PricingTestData.prices()
    let calls = { (options: BillingOptions) throws -> Double in
      try Billing.apiGatewayREST(requests: 5_000_000, prices: prices, options: options).total
    }
    #expect(cents(try calls(.init())) == 17_50)
    #expect(cents(try calls(alwaysFree)) == 17_50)
    #expect(cents(try calls(.init(freeTier: .allOffers))) == 14_00)
    let lambda = try Billing.lambda(
      .init(requests: 500_000, durationMilliseconds: 100, memoryMB: 128), prices: prices,
      options: alwaysFree)
    #expect(lambda.total == 0)
    #expect(lambda.items.allSatisfy { $0.description.hasSuffix("(free tier)") })
  }

  /// Provisioned Concurrency is paid for time configured, so it is reported as fixed.
  @Test func fixedAndVariableCostsAreReportedApart() throws {
    let usage = Billing.LambdaUsage(
      requests: 3_000_000, durationMilliseconds: 120, memoryMB: 1536,
      provisioned: .init(
        concurrency: 100, enabledSeconds: 8 * 3600, requests: 500_000, durationMilliseconds: 100))
    let bill = try Billing.lambda(usage, prices: PricingTestData.prices(), options: alwaysFree)
    #expect(cents(bill.fixedCost) == 18_00)
    #expect(cents(bill.variableCost) == 1_96)
    #expect(abs(bill.fixedCost + bill.variableCost - bill.total) < 1e-12)
  }

  /// No guessing: usage whose price is unconfirmed comes back unpriced, and the bill says so.
  @Test func unconfirmedPricesLeaveUsageUnpriced() throws {
    let prices = try PricingTestData.prices()
    let arm = try Billing.lambda(
      .init(
        requests: 1_000_000, durationMilliseconds: 50, memoryMB: 1024, architecture: .arm,
        provisioned: .init(
          concurrency: 10, enabledSeconds: 3600, requests: 1_000_000, durationMilliseconds: 50)),
      prices: prices)
    #expect(!arm.isComplete)
    #expect(arm.unpriced.map(\.priceID) == ["lambda.provisioned_duration.arm"])
    #expect(arm.unpriced.first?.quantity == 50_000)
    let sns = try Billing.sns(
      publishes: 2_000_000, deliveries: [.sqs: 2_000_000, .http: 1_000_000], prices: prices)
    #expect(sns.unpriced.map(\.priceID) == ["sns.delivery.sqs"])
    #expect(cents(sns.total) == 1_60)
    let fifo = try Billing.sqs(apiCalls: 150e9, queue: .fifo, prices: prices)
    #expect(fifo.unpriced.map(\.quantity) == [50e9])
    #expect(cents(fifo.total) == cents(100e9 / 1e6 * 0.50))
  }

  @Test func invalidUsageAndUnknownPricesAreErrors() throws {
    let prices = try PricingTestData.prices()
    #expect(
      throws: BillingError.invalidUsage(
        "Lambda requests must be a finite number ≥ 0, not -1.0")
    ) {
      try Billing.lambda(
        .init(requests: -1, durationMilliseconds: 1, memoryMB: 128),
        prices: prices)
    }
    #expect(throws: BillingError.unknownPrice("nope.nothing")) {
      try Billing.usage(
        "nope.nothing", quantity: 1, kind: .fixed, description: "x",
        prices: prices)
    }
    #expect(throws: BillingError.self) {
      try Billing.sqs(apiCalls: .nan, prices: prices)
    }
  }

  /// Tier labels stay short and never trap on absurd inputs.
  @Test func compactLabels() throws {
    #expect(Billing.compact(333_000_000) == "333M")
    #expect(Billing.compact(20e9) == "20B")
    #expect(Billing.compact(1_500_000) == "1500K")
    #expect(Billing.compact(12.5) == "12.5")
    #expect(Billing.compact(1e30) == "1e+30")
    let huge = try Billing.apiGatewayHTTP(
      requests: 1, meteredKB: 1e30, prices: PricingTestData.prices())
    #expect(huge.total > 0)
  }

  /// A what-if is a catalog edit, not a code change.
  @Test func billingReadsRatesFromTheCatalog() throws {
    var prices = try PricingTestData.prices()
    let usage = Billing.LambdaUsage(requests: 10_000_000, durationMilliseconds: 1, memoryMB: 128)
    let before = try Billing.lambda(usage, prices: prices).total
    var request = try #require(prices["lambda.request"])
    request.value = .flat(0.10)
    prices.upsert(request)
    let after = try Billing.lambda(usage, prices: prices).total
    #expect(cents(before - after) == 1_00)
  }
}
