import Foundation
import Testing

@testable import FlowbookKit

/// Capacity in two regions, against hand-computed loads, and `failover region`'s survivors
/// against `capacity`'s.
@Suite struct RegionCapacityTests {
  private static let quotas = try? QuotaCatalog.load(
    datasets: URL(fileURLWithPath: ModelFixtures.datasets))

  /// The small model at 10,000 rps: 10% of it misses the CDN and reaches the gateway.
  ///
  /// us-east-1 keeps AWS's 10,000 rps throttle; eu-west-1 sets its own 500 rps.
  static let text =
    RegionLoaderTests.twoRegions + """

      workload:
        rate: 10k rps
      """

  private func model() throws -> PathModel {
    try ModelLoader.load(text: Self.text, name: "small.yaml")
  }

  @Test func eachRegionIsCheckedAtItsShare() throws {
    let quotas = try #require(Self.quotas)
    let loads = try RegionCapacity.loads(of: try model(), quotas: quotas)
    #expect(loads.map(\.region) == ["us-east-1", "eu-west-1"])
    // us-east-1: 60% of 10,000 = 6,000 rps, 600 reach the gateway, of 10,000.
    let us = try #require(loads[0].firstLimit)
    #expect(us.name == "apigateway.throttle")
    #expect(abs(us.need(at: 6_000) - 600) < 1e-6)
    #expect(us.limit == 10_000)
    // eu-west-1: 40% = 4,000 rps, 400 at the gateway, of its own 500.
    let eu = try #require(loads[1].firstLimit)
    #expect(eu.name == "apigateway.throttle")
    #expect(eu.limit == 500)
    #expect(abs(eu.need(at: 4_000) - 400) < 1e-6)
    // It breaks when the whole path sends 500 / 10% / 40% = 12,500 rps.
    #expect(abs((loads[1].pathBreakRate ?? 0) - 12_500) < 1e-6)
  }

  @Test func losingTheLargerRegionPutsEverythingOnTheOther() throws {
    let quotas = try #require(Self.quotas)
    let model = try model()
    let survivors = try RegionCapacity.survivors(of: model, losing: "us-east-1", quotas: quotas)
    #expect(survivors.map(\.load.region) == ["eu-west-1"])
    let eu = try #require(survivors.first)
    #expect(eu.load.share == 1)
    #expect(eu.previousShare == 0.4)
    // 10,000 rps, 1,000 at the gateway against 500: it breaks, first, ×2, at 5,000 rps.
    let limit = try #require(eu.load.firstLimit)
    #expect(limit.name == "apigateway.throttle")
    #expect(abs(limit.need(at: 10_000) - 1_000) < 1e-6)
    #expect(abs((eu.load.pathBreakRate ?? 0) - 5_000) < 1e-6)
    let back = try RegionCapacity.survivors(of: model, losing: "eu-west-1", quotas: quotas)
    #expect(back.first?.load.share == 1)
    #expect(abs((back.first?.load.pathBreakRate ?? 0) - 100_000) < 1e-6)
  }

  @Test func aGlobalTableTakesEveryRegionsWrites() throws {
    let quotas = try #require(Self.quotas)
    // Half the 4 queries per miss write: 10,000 × 10% × 4 × 50% = 2,000 WRU/s in all.
    let text = Self.text.replacingOccurrences(
      of: "    parallel_queries: 4",
      with: "    parallel_queries: 4\n    write_share: 50%\n    replication_lag: 1 s")
    let model = try ModelLoader.load(text: text, name: "small.yaml")
    for load in try RegionCapacity.loads(of: model, quotas: quotas) {
      let report = try #require(load.report)
      let writes = try #require(report.limits.first { $0.name == "db.write_units" })
      #expect(abs(writes.need(at: report.rate) - 2_000) < 1e-6, "\(load.region)")
    }
    // Without replication_lag each region writes only its own share.
    let local = try ModelLoader.load(
      text: text.replacingOccurrences(of: "\n    replication_lag: 1 s", with: ""),
      name: "small.yaml")
    let us = try #require(try RegionCapacity.loads(of: local, quotas: quotas).first?.report)
    let writes = try #require(us.limits.first { $0.name == "db.write_units" })
    #expect(abs(writes.need(at: us.rate) - 1_200) < 1e-6)
  }

  @Test func theLostShareMovesInProportion() {
    let regions = [
      Region(name: "a", share: 0.5), Region(name: "b", share: 0.3), Region(name: "c", share: 0.2),
    ]
    var model = PathModel(name: "m", components: [], path: .series([]))
    model.regions = regions
    let shares = model.survivorShares(losing: "a").map(\.share)
    #expect(shares.count == 2)
    #expect(abs(shares[0] - 0.6) < 1e-12 && abs(shares[1] - 0.4) < 1e-12)
    model.regions = [
      Region(name: "a", share: 1), Region(name: "b", share: 0), Region(name: "c", share: 0),
    ]
    #expect(model.survivorShares(losing: "a").map(\.share) == [0.5, 0.5])
    #expect(model.survivorShares(losing: "z").isEmpty)
  }

  @Test func capacityAndFailoverRegionShowTheSameSurvivors() throws {
    let session = ModelFixtures.session()
    let path = ModelFixtures.datasets + "/golden-path-active-active.yaml"
    #expect(session.execute("load \"\(path)\"").succeeded)
    for lost in ["us-east-1", "eu-west-1"] {
      let capacity = session.execute("capacity --without \(lost)")
      #expect(capacity.succeeded, "\(capacity.plainOutput)")
      let summary = session.execute("capacity").plainOutput
      let failover = session.execute("failover region \(lost)").plainOutput
      // The N+1 row of capacity's summary, and failover's survivor row, byte for byte.
      let rows = failover.split(separator: "\n").filter { $0.hasPrefix(lost + " ") }
      #expect(rows.count == 1, "\(failover)")
      for row in rows {
        #expect(summary.contains(row), "capacity lacks failover's row \(row)")
      }
      // And the figures underneath are the same survivors.
      let model = try session.workspace.requireModel()
      let quotas = try #require(Self.quotas)
      let survivors = try RegionCapacity.survivors(of: model, losing: lost, quotas: quotas)
      let survivor = try #require(survivors.first)
      let first = try #require(survivor.load.firstLimit)
      #expect(capacity.plainOutput.contains(first.name))
      #expect(failover.contains(first.name))
    }
  }

  @Test func failoverRegionUsesTheLostRegionsShare() throws {
    let model = try ModelLoader.load(
      file: ModelFixtures.datasets + "/golden-path-active-active.yaml")
    let whole = try FailoverAnalysis.region(model, options: .init(lost: "eu-west-1"))
    let passive = try FailoverAnalysis.region(
      ModelFixtures.golden(), options: .init(share: 0.6))
    #expect(whole.lostRegion == "eu-west-1")
    #expect(whole.timeline.failedRequests == passive.timeline.failedRequests)
    #expect(throws: Diagnostic.self) {
      try FailoverAnalysis.region(model, options: .init(lost: "us-west-2"))
    }
  }

  @Test func badRegionArgumentsAreErrorsWithPlaces() {
    let session = ModelFixtures.session()
    let cell = session.execute("capacity --without us-east-1")
    #expect(!cell.succeeded)
    #expect(cell.plainOutput.contains("declares no regions"), "\(cell.plainOutput)")
    _ = session.execute(
      "load \"\(ModelFixtures.datasets)/golden-path-active-active.yaml\"")
    let unknown = session.execute("capacity --region eu-west-2")
    #expect(unknown.plainOutput.contains("no region 'eu-west-2'"), "\(unknown.plainOutput)")
    #expect(unknown.plainOutput.contains("did you mean eu-west-1?"), "\(unknown.plainOutput)")
    let share = session.execute("failover region share 50%")
    #expect(share.plainOutput.contains("declares regions:"), "\(share.plainOutput)")
    let max = session.execute("capacity --max")
    #expect(max.plainOutput.contains("--max --region NAME"), "\(max.plainOutput)")
    #expect(session.execute("capacity --max --without us-east-1").succeeded)
    let set = session.execute("set lambda.concurrency_limit = 3000").plainOutput
    #expect(set.contains("eu-west-1 keeps its own (regions: overrides)"), "\(set)")
  }
}
