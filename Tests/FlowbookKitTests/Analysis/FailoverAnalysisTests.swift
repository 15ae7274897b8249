import Quantities
import Testing

@testable import FlowbookKit

/// The failover glue: the golden path's Route 53 settings (seed line 129: every 30 s by 3
/// checkers; threshold 3; TTL 60 s) give detection (3 − 1)·30 + 4 + 3/4·30 = 86.5 s, and
/// `set` on any of them moves it by the order-statistic formula.
@Suite struct FailoverAnalysisTests {
  private func setting(_ model: PathModel, _ address: String, _ value: Quantity) throws
    -> PathModel
  {
    let parts = address.split(separator: ".").map(String.init)
    return try model.setting(
      ParameterAddress(component: parts[0], parameter: parts[1]),
      to: .quantity(value))
  }

  struct Case: Sendable, CustomTestStringConvertible {
    var name: String
    var address: String
    var value: Quantity
    /// Mean detection: (threshold − 1)·interval + 4 s + k/(n + 1)·interval.
    var detection: Double
    var testDescription: String { name }
  }

  static let cases: [Case] = [
    Case(name: "seed settings", address: "dns.ttl", value: .seconds(60), detection: 86.5),
    Case(
      name: "fast checks", address: "dns.health_check_interval", value: .seconds(10),
      detection: 2 * 10 + 4 + 7.5),
    Case(
      name: "threshold 1", address: "dns.failure_threshold", value: .count(1),
      detection: 4 + 22.5),
    Case(
      name: "15 checkers", address: "dns.health_checkers", value: .count(15),
      detection: 64 + 13.0 / 16 * 30),
  ]

  @Test(arguments: cases)
  func detectionFollowsTheRoute53Settings(_ test: Case) throws {
    let model = try setting(try ModelFixtures.golden(), test.address, test.value)
    let report = try FailoverAnalysis.region(model)
    #expect(abs((report.detection ?? 0) - test.detection) < 1e-9)
    #expect(abs(report.timeline.rtoMean - (test.detection + 30)) < 1e-9)
    let marked = report.timeline.events.first { $0.event.contains("unhealthy (mean)") }
    #expect(abs((marked?.offset ?? 0) - test.detection) < 1e-9)
  }

  @Test func regionLossReportsTheSeedsLagAsItsRPO() throws {
    let report = try FailoverAnalysis.region(try ModelFixtures.golden())
    #expect(report.timeline.rpo == 1)
    #expect(report.timeline.rtoWorst == 94 + 60)
    // The CDN still answers its 95 % hits while their 3,600 s copies last.
    let served = 0.95 * (116.5 - 116.5 * 116.5 / 7_200)
    #expect(abs(report.timeline.failedRequests - 850_000 * (116.5 - served)) < 1e-3)
    #expect(report.inputs.contains { $0.contains("AWS publishes no typical Global Tables lag") })
    #expect(report.timeline.notes.contains { $0.contains("below the earliest detection") })
    let half = try FailoverAnalysis.region(
      try ModelFixtures.golden(),
      options: .init(share: 0.5, writeRate: 100))
    #expect(abs(half.timeline.failedRequests - 425_000 * (116.5 - served)) < 1e-3)
    #expect(half.timeline.notes.contains { $0.contains("about 100 writes (at 100 rps)") })
  }

  @Test func aMissingTTLIsNamed() throws {
    let model = try ModelLoader.load(
      text: """
        flowbook: 1
        name: no-ttl
        components:
          dns: {kind: dns, latency: 5 ms}
        workload: {rate: 100 rps}
        path: [dns]
        """, name: "no-ttl.yaml")
    do {
      _ = try FailoverAnalysis.region(model)
      Issue.record("no TTL in the model")
    } catch {
      #expect(error.message.contains("needs dns.ttl"), "\(error.message)")
    }
  }

  @Test func zoneCacheAndDependencyReadTheModel() throws {
    let model = try ModelFixtures.golden()
    let zone = try FailoverAnalysis.zone(model)
    #expect(abs(zone.rate - 42_500) < 1e-6)
    #expect(zone.timeline.rtoMean == 30 + 2 + 15)
    let cache = try FailoverAnalysis.cache(model)
    #expect(cache.timeline.rtoMean == 60)
    #expect(cache.inputs.contains { $0.contains("UNCONFIRMED") })
    let dependency = try FailoverAnalysis.dependency(model, options: .init())
    #expect(abs(dependency.rate - 5_525) < 1e-6)
    #expect(dependency.inputs.contains { $0.contains("lambda") && $0.contains("ecs") })
    let burst = try ModelLoader.load(file: ModelFixtures.datasets + "/serverless-burst.yaml")
    #expect(throws: Diagnostic.self) { try FailoverAnalysis.cache(burst) }
    #expect(throws: Diagnostic.self) { try FailoverAnalysis.zone(burst) }
  }

  @Test func registryMetricsMoveWithSet() throws {
    let session = ModelFixtures.session()
    let names = ["failover.detection", "failover.rto", "failover.rpo"]
    let before = try AnalysisRegistry.standard.evaluate(names, try session.workspace.requireModel())
    #expect(before.map(\.value.value) == [86.5, 116.5, 1])
    #expect(session.execute("set dns.health_check_interval = 10 s").succeeded)
    let after = try AnalysisRegistry.standard.evaluate(names, try session.workspace.requireModel())
    #expect(after[0].value.value == 31.5)
  }
}
