import Foundation
import Testing

@testable import FlowbookKit

/// Amazon API Gateway's own pricing-page examples, reproduced to the cent.
///
/// Source: https://aws.amazon.com/api-gateway/pricing/ (us-east-1), read through a markdown
/// copy of the page whose front matter says last_updated 2025-11-02. The examples price data
/// transfer at a flat $0.09/GB and count 1 GB as 1,048,576 KB (3 KB × 5M = 14.3 GB). None of
/// them subtracts the free tier.
@Suite("Billing: API Gateway pricing-page examples")
struct BillingAPIGatewayTests {
  /// HTTP APIs "Pricing Example 1": 10,000 page loads a minute for a 30-day month (432M requests of
  /// 12 KB).
  ///
  /// AWS: 300M × $1.00/M = $300; 132M × $0.90/M = $118.8; total $418.8.
  @Test func httpServerlessWebApplication() throws {
    let bill = try Billing.apiGatewayHTTP(
      requests: 10_000 * 60 * 24 * 30, meteredKB: 12, prices: PricingTestData.prices())
    expectBill(
      bill,
      lines: [
        ExpectedLine("apigateway.http.request", 300.00, quantity: 300_000_000),
        ExpectedLine("apigateway.http.request", 118.80, quantity: 132_000_000),
      ], total: 418.80)
  }

  /// HTTP APIs "Pricing Example 2": 25 uploads a minute of 4.5 MB documents, metered in 512 KB
  /// increments (9 requests each).
  ///
  /// AWS: 9,720,000 requests × $1/M = $9.72.
  @Test func httpDocumentUploadsMeteredIn512KBIncrements() throws {
    let bill = try Billing.apiGatewayHTTP(
      requests: 25 * 60 * 24 * 30, meteredKB: 4.5 * 1024, prices: PricingTestData.prices())
    expectBill(
      bill,
      lines: [
        ExpectedLine("apigateway.http.request", 9.72, quantity: 9_720_000)
      ], total: 9.72)
  }

  /// REST "Edge Optimized and Regional APIs", 5M calls returning 3 KB.
  ///
  /// AWS: calls $17.50; 14.3 GB × $0.09 = $1.29; total $18.79.
  @Test func restFiveMillionCalls() throws {
    let bill = try Billing.apiGatewayREST(
      requests: 5_000_000, dataOutGB: 3.0 * 5_000_000 / 1_048_576,
      prices: PricingTestData.prices())
    expectBill(
      bill,
      lines: [
        ExpectedLine("apigateway.rest.request", 17.50),
        ExpectedLine("apigateway.data_transfer_out", 1.29),
      ], total: 18.79)
  }

  /// REST, 15B calls returning 4 KB.
  ///
  /// AWS: 333M × $3.50 = $1,165.50; 667M × $2.80 = $1,867.60; 14B × $2.38 = $33,320.00;
  /// 57,220.46 GB × $0.09 = $5,149.84; total $41,502.94.
  @Test func restFifteenBillionCallsAcrossTiers() throws {
    let bill = try Billing.apiGatewayREST(
      requests: 15_000_000_000, dataOutGB: 4.0 * 15_000_000_000 / 1_048_576,
      prices: PricingTestData.prices())
    expectBill(
      bill,
      lines: [
        ExpectedLine("apigateway.rest.request", 1_165.50, quantity: 333_000_000),
        ExpectedLine("apigateway.rest.request", 1_867.60, quantity: 667_000_000),
        ExpectedLine("apigateway.rest.request", 33_320.00, quantity: 14_000_000_000),
        ExpectedLine("apigateway.data_transfer_out", 5_149.84, quantity: 57_220.458984375),
      ], total: 41_502.94)
  }

  /// "Private APIs": 5M calls (0.3 KB in, 3 KB out), a VPC endpoint in one AZ for 720 hours.
  ///
  /// AWS: calls $17.50; endpoint 720 × $0.01 = $7.20; 15.7 GB processed × $0.01 = $0.16; total
  /// $24.86. There is no data-transfer-out charge for private APIs.
  @Test func privateAPIWithVPCEndpoint() throws {
    let prices = try PricingTestData.prices()
    let processedGB = (3 + 0.3) * 5_000_000 / 1_048_576
    let bill =
      try Billing.apiGatewayREST(requests: 5_000_000, prices: prices)
      + Billing.usage(
        "privatelink.endpoint", quantity: 720, kind: .fixed, description: "VPC endpoint (1 AZ)",
        prices: prices)
      + Billing.usage(
        "privatelink.data_processed", quantity: processedGB, kind: .variable,
        description: "VPC endpoint data processed", prices: prices)
    expectBill(
      bill,
      lines: [
        ExpectedLine("apigateway.rest.request", 17.50),
        ExpectedLine("privatelink.endpoint", 7.20),
        ExpectedLine("privatelink.data_processed", 0.16),
      ], total: 24.86)
    #expect(cents(bill.fixedCost) == 7_20)
  }

  /// "Pricing Example with Caching Required": a 1.6 GB cache at $0.038/hr costs
  /// $0.912 a day (AWS prints the tenth of a cent, so this compares dollars to 1e-9).
  @Test func restCacheForADay() throws {
    let bill = try Billing.apiGatewayCache(
      priceID: "apigateway.cache.1_6gb", hours: 24, prices: PricingTestData.prices())
    #expect(abs(bill.total - 0.912) < 1e-9)
    #expect(bill.items.allSatisfy { $0.kind == .fixed })
  }

  /// WebSocket "Chat Application": 1,000 users connected 12 hours a day for 30 days, each sending
  /// 100 and receiving 500 messages of 3 KB a day.
  ///
  /// AWS: 18M messages = $18; 21.6M connection minutes × $0.25/M = $5.40; total $23.40.
  @Test func webSocketChatApplication() throws {
    let bill = try Billing.apiGatewayWebSocket(
      messages: (100 + 500) * 1000 * 30, messageKB: 3, connectionMinutes: 1000 * 12 * 60 * 30,
      prices: PricingTestData.prices())
    expectBill(
      bill,
      lines: [
        ExpectedLine("apigateway.websocket.message", 18.00, quantity: 18_000_000),
        ExpectedLine("apigateway.websocket.connection_minute", 5.40, quantity: 21_600_000),
      ], total: 23.40)
  }

  /// Metering rules: 513 KB is two HTTP requests; 33 KB is two WebSocket messages
  /// (both stated on the pricing page and in the AWS whitepaper).
  @Test func meteringIncrements() throws {
    let prices = try PricingTestData.prices()
    let http = try Billing.apiGatewayHTTP(requests: 1, meteredKB: 513, prices: prices)
    #expect(http.items.first?.quantity == 2)
    let exact = try Billing.apiGatewayHTTP(requests: 1, meteredKB: 512, prices: prices)
    #expect(exact.items.first?.quantity == 1)
    let ws = try Billing.apiGatewayWebSocket(
      messages: 1, messageKB: 33, connectionMinutes: 0, prices: prices)
    #expect(ws.items.first?.quantity == 2)
  }
}
