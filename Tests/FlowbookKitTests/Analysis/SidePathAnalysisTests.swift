import Foundation
import Testing

@testable import FlowbookKit

/// Capacity and cost of side paths, against hand arithmetic on `SidePathFixtures.events`
/// (1,000 requests/s; db visited once per request, half of the visits writes) and on
/// serverless-burst.
///
/// Per request on `events`: 0.5 stream records (one per write), 0.5 worker records in
/// batches of 100 (0.005 invocations), 0.1 bus events (20%), 0.2 rule invocations (2 rules ×
/// 1 target), 0.1 publishes and 0.4 deliveries (4 subscribers), 0.5 Kinesis records of 2 KB,
/// 0.25 Firehose records (50%), 0.00025 lake PUTs (one per 1,000 records).
@Suite struct SidePathAnalysisTests {
  static let month = 2_628_000.0  // 730 h
  /// One 2 KB record (2,000 bytes, as flowbook's units count KB) in the MB of 1,048,576
  /// bytes that Kinesis's and Firehose's per-shard and per-stream rates count.
  static let megabytes = 2_000.0 / 1_048_576

  static func near(
    _ actual: Double?, _ expected: Double, _ what: String,
    sourceLocation: SourceLocation = #_sourceLocation
  ) {
    guard let actual else {
      Issue.record("\(what): missing", sourceLocation: sourceLocation)
      return
    }
    #expect(
      abs(actual - expected) <= 1e-9 * max(1, abs(expected)),
      "\(what): \(actual), expected \(expected)", sourceLocation: sourceLocation)
  }

  @Test func loadFollowsTheFeeds() throws {
    let model = try SidePathFixtures.model()
    let load = try CapacityLoad.of(model).addingSidePaths(of: model)
    Self.near(load.visits(to: "changes"), 0.5, "stream records")
    Self.near(load.visits(to: "worker"), 0.5, "worker records")
    Self.near(load.executions(at: "worker"), 0.005, "worker invocations (batches of 100)")
    Self.near(load.visits(to: "bus"), 0.1, "bus events")
    Self.near(load.visits(to: "topic"), 0.1, "publishes")
    Self.near(load.visits(to: "kin"), 0.5, "Kinesis records")
    Self.near(load.visits(to: "hose"), 0.25, "Firehose records")
    Self.near(load.visits(to: "lake"), 0.00025, "lake PUTs")
    #expect(load.mainPath.hops.map(\.component) == ["api", "db"])
    #expect(try CapacityLoad.of(model).hops.count == 2, "the main load is unchanged")
  }

  @Test func capacityChecksEachSideLimit() throws {
    let model = try SidePathFixtures.model()
    let report = try CapacityAnalysis.report(model, quotas: PricingTestData.quotas())
    func limit(_ name: String) -> CapacityAnalysis.Limit? {
      report.limits.first { $0.name == name }
    }
    // Kinesis: 2 shards × 1,000 records/s, × 1 MB/s in, × 2 MB/s out shared by 2 readers.
    Self.near(limit("kin.shards")?.perRate, 0.5, "kin records per rps")
    Self.near(limit("kin.shards")?.limit, 2_000, "kin records limit")
    Self.near(limit("kin.write_bytes")?.perRate, 0.5 * Self.megabytes, "kin MB/s in per rps")
    Self.near(limit("kin.write_bytes")?.limit, 2, "kin MB/s in limit")
    Self.near(limit("kin.read_bytes")?.perRate, 2 * 0.5 * Self.megabytes, "kin MB/s out per rps")
    Self.near(limit("kin.read_bytes")?.limit, 4, "kin MB/s out limit")
    Self.near(
      limit("kin.write_bytes")?.breakRate, 2_097.152, "kin in breaks at 2 / (0.5 × 2,000 / 2²⁰)")
    // EventBridge: PutEvents per bus, invocations per account.
    Self.near(limit("bus.throughput")?.perRate, 0.1, "PutEvents per rps")
    Self.near(limit("bus.throughput")?.limit, 10_000, "PutEvents quota")
    Self.near(limit("eventbridge.invocations")?.perRate, 0.2, "invocations per rps")
    Self.near(limit("eventbridge.invocations")?.limit, 18_750, "invocation quota")
    // Firehose fed directly (not from Kinesis): the per-stream quotas apply.
    Self.near(limit("hose.records")?.perRate, 0.25, "Firehose records per rps")
    Self.near(limit("hose.records")?.limit, 5_000, "Firehose records quota")
    Self.near(limit("hose.bytes")?.perRate, 0.25 * Self.megabytes, "Firehose MB/s per rps")
    Self.near(limit("hose.bytes")?.limit, 5, "Firehose MB/s quota")
    // SNS's publish quota is unconfirmed: named in a note, not checked.
    #expect(limit("sns.publish") == nil)
    #expect(report.notes.contains { $0.contains("sns.publish.tps") && $0.contains("unconfirmed") })
    #expect(report.notes.contains { $0.hasPrefix("changes:") && $0.contains("unconfirmed") })
    let deliveries = report.demands.first {
      $0.component == "topic" && $0.measure == "deliveries/s"
    }
    Self.near(deliveries?.at(1_000), 400, "deliveries/s at 1,000 rps")
    let first = try #require(report.firstLimit)
    #expect(["kin.write_bytes", "kin.read_bytes"].contains(first.name))
  }

  @Test func costPricesEachSideLine() throws {
    let model = try SidePathFixtures.model()
    let report = try CostAnalysis.report(model, prices: PricingTestData.prices())
    // The bill pools usage by price (AWS tiers on account totals); each price here has one
    // component, so its pooled lines are that component's.
    func line(_ component: String, _ price: String) -> (quantity: Double, cost: Double)? {
      let items = report.bill.items.filter { $0.priceID == price }
      guard !items.isEmpty else { return nil }
      return (items.reduce(0) { $0 + $1.quantity }, items.reduce(0) { $0 + $1.cost })
    }
    let requests = 1_000 * Self.month
    // 0.005 GetRecords calls per request at $0.02 per 100,000 read request units.
    Self.near(line("changes", "dynamodb.streams.read")?.quantity, 0.005 * requests, "RRUs")
    Self.near(
      line("changes", "dynamodb.streams.read")?.cost, 0.005 * requests * 0.02 / 1e5, "RRU $")
    // 0.1 events per request (each under 64 KB) at $1.00 per 1M.
    Self.near(line("bus", "eventbridge.custom_event")?.cost, 0.1 * requests / 1e6, "PutEvents $")
    // 0.1 publishes at $0.50 per 1M; 0.4 HTTP deliveries at $0.60 per 1M.
    Self.near(line("topic", "sns.publish.standard")?.cost, 0.1 * requests * 0.5 / 1e6, "publish $")
    Self.near(line("topic", "sns.delivery.http")?.cost, 0.4 * requests * 0.6 / 1e6, "delivery $")
    // 2 shards × 730 h at $0.015; 0.5 records per request, one 25 KB unit each, $0.014 per 1M.
    Self.near(line("kin", "kinesis.shard_hour")?.cost, 2 * 730 * 0.015, "shard-hours $")
    Self.near(
      line("kin", "kinesis.put_payload_unit")?.cost, 0.5 * requests * 0.014 / 1e6, "PUT units $")
    // Firehose: 0.25 records of 2 KB, billed as 5 KB each, in binary GB; the rate is
    // unconfirmed, so the usage is unpriced, not $0.
    let hose = try #require(report.components.first { $0.name == "hose" })
    #expect(hose.unpriced.contains { $0.description.contains("GB ingested") })
    #expect(line("hose", "firehose.ingest") == nil)
    #expect(report.bill.unpriced.contains { $0.priceID == "firehose.ingest" })
    #expect(report.gaps.contains { $0.component == "hose" } || !hose.unpriced.isEmpty)
    let lake = try #require(line("lake", "s3.standard.put"))
    Self.near(lake.quantity, 0.00025 * requests, "lake PUTs")
  }

  @Test func serverlessBurstCapacityListsTheSideLimits() throws {
    let model = try ModelLoader.load(file: ModelFixtures.datasets + "/serverless-burst.yaml")
    let report = try CapacityAnalysis.report(model, quotas: PricingTestData.quotas())
    let writes = try CapacityLoad.of(model).writes(to: "table", in: model)
    // 0.2 sync writes + 0.8 × (0.8 × attempts + 0.05) async, attempts ≈ 1 (p99 15 ms ≪ 1 s).
    #expect(abs(writes - 0.88) < 1e-3, "table writes per request: \(writes)")
    func limit(_ name: String) -> CapacityAnalysis.Limit? {
      report.limits.first { $0.name == name }
    }
    Self.near(limit("analytics_stream.shards")?.perRate, writes, "Kinesis records per rps")
    Self.near(limit("analytics_stream.shards")?.limit, 10_000, "10 shards × 1,000")
    Self.near(
      limit("analytics_stream.write_bytes")?.perRate, writes * 1_000 / 1_048_576, "MB/s in (1 KB)")
    Self.near(limit("analytics_stream.read_bytes")?.limit, 20, "10 shards × 2 MB/s")
    Self.near(limit("event_bus.throughput")?.perRate, 0.1 * writes, "PutEvents (10%)")
    Self.near(limit("eventbridge.invocations")?.perRate, 0.3 * writes, "3 rules × 1 target")
    Self.near(limit("data_lake.put_rate")?.perRate, writes / 5_120, "one object per 5,120")
    #expect(
      report.notes.contains { $0.hasPrefix("notifications:") && $0.contains("sns.publish.tps") })
    #expect(report.notes.contains { $0.hasPrefix("firehose:") && $0.contains("Direct PUT") })
    let invocations = report.demands.first {
      $0.component == "stream_processor" && $0.measure == "invocations/s"
    }
    Self.near(invocations?.perRate, writes / 100, "batches of 100")
    #expect(report.firstLimit?.name == "apigateway.throttle")
  }

  @Test func serverlessBurstCostPricesEveryComponentOrSaysWhy() throws {
    let model = try ModelLoader.load(file: ModelFixtures.datasets + "/serverless-burst.yaml")
    let report = try CostAnalysis.report(model, prices: PricingTestData.prices())
    let named = Set(report.components.map(\.name))
    for component in model.components where component.name != "dlq" {
      #expect(named.contains(component.name), "\(component.name) is not in the bill")
    }
    let firehose = try #require(report.components.first { $0.name == "firehose" })
    #expect(!firehose.unpriced.isEmpty)
  }
}
