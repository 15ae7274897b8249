import Quantities
import Testing

@testable import FlowbookKit

/// The cache glue against hand arithmetic on the golden path (seed lines 32, 57, 75, 78) and
/// against `CacheModel` called directly, so a mapping slip shows as a wrong number.
@Suite struct CacheAnalysisTests {
  @Test func goldenPathTiersAreWeightedByTraffic() throws {
    let report = try CacheAnalysis.report(try ModelFixtures.golden())
    #expect(report.tiers.map(\.component) == ["cdn", "redis"])
    #expect(abs(report.tiers[0].hitRatio - 0.95) < 1e-12)
    // Redis: 85 % of Lambda's 3 % and 90 % of ECS's 2 % of requests.
    #expect(abs(report.tiers[1].hitRatio - (0.03 * 0.85 + 0.02 * 0.9) / 0.05) < 1e-12)
    #expect(abs(report.load.originRate - 5_525) < 1e-6)
    let dynamodb = report.backends.first { $0.name == "dynamodb" }?.rate ?? 0
    // A Lambda miss is one query, an ECS miss a BatchGetItem of five.
    #expect(abs(dynamodb - 850_000 * (0.03 * 0.15 + 0.02 * 0.1 * 5)) < 1e-6)
    #expect(report.chainNote == nil)
    #expect(abs(report.edgeBytesPerSecond - 807_500 * 847_000) < 1)
  }

  @Test func sixtyPercentAtTheEdgeIsEightTimesTheOrigin() throws {
    let model = try ModelFixtures.golden()
    let storm = try model.setting(
      ParameterAddress(component: "cdn", parameter: "hit_rate"),
      to: .quantity(.fraction(0.6)))
    let before = try CacheAnalysis.report(model).load.originRate
    let after = try CacheAnalysis.report(storm).load.originRate
    #expect(abs(after / before - 8) < 1e-9)
  }

  @Test func aCacheHopWithoutABranchUsesItsHitRate() throws {
    let model = try ModelLoader.load(file: ModelFixtures.datasets + "/serverless-burst.yaml")
    let report = try CacheAnalysis.report(model)
    #expect(report.tiers.map(\.component) == ["cloudfront"])
    #expect(report.tiers[0].fromParameter)
    #expect(abs(report.load.originRate - 2_000) < 1e-9)
  }

  @Test func tierWorkloadFeedsTheFormulasTheTiersRate() throws {
    let tier = try CacheAnalysis.tierWorkload(try ModelFixtures.golden(), tier: nil)
    #expect(tier.component.name == "redis")
    #expect(abs(tier.requestRate - 42_500) < 1e-9)
    #expect(tier.keys == 40_000_000)
    let viaGlue = try CacheAnalysis.ttl(tier, seconds: 300)
    let direct = try CacheModel.ttl(
      popularity: ZipfPopularity(keys: 40_000_000, exponent: tier.exponent),
      requestRate: 42_500, ttl: 300)
    #expect(viaGlue == direct)
    // The exponent is calibrated so that the seed's 300 s TTL gives the path's 87 %.
    #expect(abs(viaGlue.hitRatio - 0.87) < 0.002, "\(viaGlue.hitRatio)")
  }

  @Test func sizingInvertsTheTTLAndCheFormulas() throws {
    let tier = try CacheAnalysis.tierWorkload(try ModelFixtures.golden(), tier: "redis")
    let (ttl, entries) = try CacheAnalysis.sizing(tier, target: 0.9)
    #expect(abs(try CacheAnalysis.ttl(tier, seconds: ttl).hitRatio - 0.9) < 1e-6)
    #expect(abs(try CacheAnalysis.lru(tier, entries: entries).hitRatio - 0.9) < 1e-6)
  }

  @Test func flushUsesTheTTLUnlessTheMemoryIsKnown() throws {
    let model = try ModelFixtures.golden()
    let tier = try CacheAnalysis.tierWorkload(model, tier: "redis")
    #expect(try CacheAnalysis.policy(tier) == .ttl(seconds: 300))
    let (recovery, curve) = try CacheAnalysis.flush(
      tier, policy: .ttl(seconds: 300),
      tolerance: 0.01
    ) { [0, $0.warmTime] }
    #expect(recovery.warmTime > 0 && recovery.warmTime <= 300)
    #expect(recovery.extraOriginRequests > 0)
    #expect(curve.first?.hitRatio == 0)
    #expect(abs((curve.last?.hitRatio ?? 0) - 0.99 * recovery.steadyHitRatio) < 1e-6)
    var sized = model
    for (name, value) in [("capacity", 8e9), ("item_size", 4e3)] {
      sized = try sized.setting(
        ParameterAddress(component: "redis", parameter: name),
        to: .quantity(.bytes(value)))
    }
    let lru = try CacheAnalysis.tierWorkload(sized, tier: "redis")
    #expect(try CacheAnalysis.policy(lru) == .lru(capacity: 2e6))
  }

  @Test func missingPopularityNamesTheParameter() throws {
    let model = try ModelFixtures.golden()
    do {
      _ = try CacheAnalysis.tierWorkload(model, tier: "cdn")
      Issue.record("cdn has no keys in the golden path")
    } catch {
      #expect(error.message.contains("cdn.keys is not set"), "\(error.message)")
    }
    #expect(throws: Diagnostic.self) { try CacheAnalysis.tierWorkload(model, tier: "redsi") }
  }

  @Test func registeredMetricsFollowSet() throws {
    let session = ModelFixtures.session()
    let before = try AnalysisRegistry.standard.evaluate(
      ["cache.origin_rate", "cache.hit_ratio"], try session.workspace.requireModel())
    #expect(abs(before[0].value.value - 5_525) < 1e-6)
    #expect(session.execute("set cdn.hit_rate = 60%").succeeded)
    let after = try AnalysisRegistry.standard.evaluate(
      ["cache.origin_rate"], try session.workspace.requireModel())
    #expect(abs(after[0].value.value - 44_200) < 1e-6)
  }
}
