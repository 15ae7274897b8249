import Foundation
import Testing

@testable import FlowbookKit

/// `capacity` and `capacity --max` on the golden path, and the text metric `expect` reads.
@Suite("capacity command")
struct CapacityCommandTests {
  /// A golden-path session whose CloudFront distribution has raised quotas, so that the
  /// limits behind the edge (API Gateway, DynamoDB) can be read.
  static func raisedEdge() -> Session {
    let session = ModelFixtures.session()
    _ = session.execute("set cdn.bandwidth_limit = 1 TB/s")
    _ = session.execute("set cdn.rate_limit = 10M rps")
    return session
  }

  /// The stock golden path: CloudFront's 150 Gbps per distribution breaks first, named with
  /// its source.
  @Test func maxNamesCloudFrontBandwidthWithItsSource() {
    let output = ModelFixtures.session().execute("capacity --max").plainOutput
    #expect(
      output.hasPrefix("capacity --max: golden-path sustains up to 81,989 rps; cdn.bandwidth"),
      "\(output)")
    #expect(
      output.contains(
        "quota cloudfront.distribution.data_transfer_rate: 150 Gbps per distribution, "
          + "adjustable: AWS raises it on request; "
          + "https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/"
          + "cloudfront-limits.html (2026-12-07, A)"))
  }

  /// The acceptance: at the 2.5M rps peak, the limits that break, by how much, with the
  /// seed's figure beside AWS's default and whether the quota is adjustable.
  @Test func namesTheLimitsThatBreakAndByHowMuch() {
    let output = Self.raisedEdge().execute("capacity").plainOutput
    #expect(output.contains("limits at the peak (2,500,000 rps)"), "\(output)")
    #expect(
      output.contains(
        "at the peak 2 limits break: apigateway.throttle needs 125,000 of "
          + "10,000 (×12.5, adjustable: AWS raises it on request); "
          + "dynamodb.read_units needs 453,125 of 40,000 (×11.3"))
    #expect(output.contains("BREAKS ×12.5") && output.contains("BREAKS ×11.3"))
    #expect(output.contains("model (seed line 48)"))
    #expect(output.contains("ok; ×1.59 AWS's default"))
    #expect(output.contains("quota apigateway.throttle.account_rps: 10,000 requests per second"))
    #expect(output.contains("apigateway.burst: the 5,000-request burst bucket"))
    #expect(output.contains("to scale from the rate's to the peak's concurrency"))
  }

  @Test func maxGivesARateWithItsReason() {
    let cell = Self.raisedEdge().execute("capacity --max")
    let output = cell.plainOutput
    #expect(
      output.hasPrefix(
        "capacity --max: golden-path sustains up to 200,000 rps; "
          + "apigateway.throttle breaks first"), "\(output)")
    #expect(
      output.contains(
        "reason: apigateway.throttle (requests/s reaching API Gateway) "
          + "reaches its 10,000"))
    guard case .success(let result) = cell.outcome else { return }
    #expect(result.data["max_rate_rps"] == .number(200_000))
    #expect(result.data["limit"] == .string("apigateway.throttle"))
    #expect(result.data["adjustable"] == .bool(true))
  }

  @Test func firstLimitIsATextMetric() {
    let session = Self.raisedEdge()
    let held = session.execute("expect capacity.first_limit == \"apigateway.throttle\"")
    #expect(held.plainOutput.hasPrefix("held"), "\(held.plainOutput)")
    #expect(session.execute("set api_gateway.rate_limit = 1M rps").succeeded)
    let moved = session.execute("expect capacity.first_limit == \"dynamodb.read_units\"")
    #expect(moved.plainOutput.hasPrefix("held"), "\(moved.plainOutput)")
    let diff = session.execute("diff").plainOutput
    #expect(diff.contains("capacity.first_limit") && diff.contains("changed"), "\(diff)")
    let wrong = session.execute("expect capacity.first_limit < 3")
    #expect(wrong.diagnostic != nil)
  }

  /// Raising the gateway quota moves the first limit to the table; sweep shows where.
  @Test func sweepShowsTheFirstLimitAtEachPoint() {
    let session = Self.raisedEdge()
    let cell = session.execute(
      "sweep api_gateway.rate_limit from 10k rps to 20k rps steps 3 "
        + "show capacity.first_limit, capacity.max_rate")
    guard case .success(let result) = cell.outcome, case .table(let table) = result.blocks[0]
    else {
      Issue.record("sweep failed: \(cell.plainOutput)")
      return
    }
    #expect(
      table.rows.map(\.[1].text)
        == ["apigateway.throttle", "dynamodb.read_units", "dynamodb.read_units"])
    #expect(table.rows.map(\.[2].text) == ["200,000 rps", "221,000 rps", "221,000 rps"])
  }

  @Test func jsonCarriesQuotaSources() {
    let cell = ModelFixtures.session().execute("capacity")
    guard case .success(let result) = cell.outcome, case .array(let limits)? = result.data["limits"]
    else {
      Issue.record("no limits: \(cell.plainOutput)")
      return
    }
    for limit in limits {
      guard limit["quota"] != .null else { continue }
      guard case .string(let source)? = limit["quota_source"], case .string? = limit["quota_as_of"]
      else {
        Issue.record("limit without a source: \(limit.serialized())")
        continue
      }
      #expect(source.hasPrefix("https://"))
    }
    #expect(
      result.data["broken"]
        == .array([
          .string("cdn.bandwidth"), .string("apigateway.throttle"),
          .string("dynamodb.read_units"), .string("cdn.requests"),
        ]))
  }

  @Test func rejectsUnknownFlags() {
    let cell = ModelFixtures.session().execute("capacity --maximum")
    #expect(cell.diagnostic?.message.contains("usage: capacity [--max]") == true)
  }
}
