import Foundation
import Testing

@testable import FlowbookKit

@Suite struct CacheModelTests {
  @Test func documentationExample() throws {
    let products = try ZipfPopularity(keys: 40_000_000, exponent: 0.8)
    let redis = try CacheModel.lru(popularity: products, requestRate: 850_000, capacity: 4e6)
    let ttl = try CacheModel.ttl(forHitRatio: 0.9, popularity: products, requestRate: 850_000)
    #expect(redis.hitRatio > 0.5 && redis.hitRatio < 1)
    #expect(ttl > 0 && ttl.isFinite)
  }

  @Test func ttlOnUniformKeysIsTheSingleKeyFormula() throws {
    // Uniform popularity: every key has Λ = λ/N, so h = (λT/N)/(1 + λT/N) exactly.
    let uniform = try ZipfPopularity(keys: 1_000, exponent: 0)
    let e = try CacheModel.ttl(popularity: uniform, requestRate: 50, ttl: 30)
    let x = 50.0 * 30 / 1_000
    expectClose(e.hitRatio, x / (1 + x), within: 1e-14)
    expectClose(e.expectedEntries, 1_000 * x / (1 + x), within: 1e-10)
    expectClose(e.originRate, 50 * (1 - x / (1 + x)), within: 1e-12)
  }

  @Test func lruOnUniformKeysHoldsItsShare() throws {
    // Che on uniform keys: N(1 − e^{−τ/N}) = C gives hit ratio C/N, LRU's exact answer.
    let uniform = try ZipfPopularity(keys: 10_000, exponent: 0)
    let e = try CacheModel.lru(popularity: uniform, requestRate: 100, capacity: 2_500)
    expectClose(e.hitRatio, 0.25, within: 1e-12)
    let tC = try #require(e.characteristicTime)
    expectClose(10_000 * -expm1(-tC * 100 / 10_000), 2_500, within: 1e-8)
    let all = try CacheModel.lru(popularity: uniform, requestRate: 100, capacity: 10_000)
    #expect(all.hitRatio == 1 && all.characteristicTime == nil)
  }

  @Test(arguments: [0.6, 0.8, 1.0])
  func inversesRoundTripOnFortyMillionProducts(s: Double) throws {
    let catalogue = try ZipfPopularity(keys: 40_000_000, exponent: s)
    let clock = ContinuousClock()
    let start = clock.now
    let ttl = try CacheModel.ttl(popularity: catalogue, requestRate: 850_000, ttl: 300)
    let back = try CacheModel.ttl(
      forHitRatio: ttl.hitRatio, popularity: catalogue, requestRate: 850_000)
    #expect(abs(back - 300) <= 1e-8 * 300, "s=\(s): TTL \(back)")
    let lru = try CacheModel.lru(popularity: catalogue, requestRate: 850_000, capacity: 2e6)
    let size = try CacheModel.lruCapacity(forHitRatio: lru.hitRatio, popularity: catalogue)
    #expect(abs(size - 2e6) <= 1e-6 * 2e6, "s=\(s): capacity \(size)")
    // Four solves over 40 M keys: well under a second even in a debug build.
    #expect(clock.now - start < .seconds(2))
  }

  @Test func hitRatioGrowsWithTTLAndCapacity() throws {
    let zipf = try ZipfPopularity(keys: 1_000_000, exponent: 0.8)
    var last = 0.0
    for ttl in [1.0, 10, 300, 3_600] {
      let h = try CacheModel.ttl(popularity: zipf, requestRate: 10_000, ttl: ttl).hitRatio
      #expect(h > last)
      last = h
    }
    last = 0
    for capacity in [1e3, 1e4, 1e5, 9e5] {
      let h = try CacheModel.lru(popularity: zipf, requestRate: 10_000, capacity: capacity)
      #expect(h.hitRatio > last)
      last = h.hitRatio
    }
  }

  @Test func layeredChainOfTheGoldenPath() throws {
    // Seed figures: 2.5 M rps peak, CloudFront 95 %, Redis 85 %, 847 KB responses.
    let load = try CacheModel.layered(
      requestRate: 2.5e6,
      tiers: [CacheTier(name: "cdn", hitRatio: 0.95), CacheTier(name: "redis", hitRatio: 0.85)],
      responseSize: 847_000)
    expectClose(load.tiers[1].arrivalRate, 125_000, within: 1e-6)
    expectClose(load.originRate, 18_750, within: 1e-6)
    expectClose(load.overallHitRatio, 0.9925, within: 1e-12)
    expectClose(load.bytesSavedPerSecond, (2.5e6 - 18_750) * 847_000, within: 1)
    expectClose(load.tiers[0].servedBytesPerSecond, 2.375e6 * 847_000, within: 1)
    #expect(throws: AnalysisInputError.self) {
      try CacheModel.layered(requestRate: 1, tiers: [CacheTier(name: "x", hitRatio: 1.5)])
    }
  }

  @Test func lruWarmsUpExactlyAtTheCharacteristicTime() throws {
    let zipf = try ZipfPopularity(keys: 1_000_000, exponent: 0.8)
    let lru = try CacheModel.lru(popularity: zipf, requestRate: 1_000, capacity: 50_000)
    let tC = try #require(lru.characteristicTime)
    let recovery = try CacheModel.flushRecovery(
      policy: .lru(capacity: 50_000), popularity: zipf, requestRate: 1_000, tolerance: 1e-9)
    #expect(abs(recovery.warmTime - tC) <= 1e-4 * tC)
    // Misses until t_C are the C distinct keys fetched, less t_C·λ·(1 − h) steady misses.
    let extra = 50_000 - tC * 1_000 * (1 - lru.hitRatio)
    #expect(abs(recovery.extraOriginRequests - extra) <= 1e-3 * extra)
    let loose = try CacheModel.flushRecovery(
      policy: .lru(capacity: 50_000), popularity: zipf, requestRate: 1_000, tolerance: 0.05)
    #expect(loose.warmTime < recovery.warmTime)
    #expect(loose.extraOriginRequests < recovery.extraOriginRequests)
  }

  @Test func ttlWarmsUpWithinOneTTL() throws {
    let zipf = try ZipfPopularity(keys: 1_000_000, exponent: 0.8)
    let recovery = try CacheModel.flushRecovery(
      policy: .ttl(seconds: 300), popularity: zipf, requestRate: 1_000, tolerance: 0.01)
    #expect(recovery.warmTime > 0 && recovery.warmTime < 300)
    let h = try CacheModel.hitRatioAfterFlush(
      popularity: zipf, requestRate: 1_000, time: recovery.warmTime)
    expectClose(h, 0.99 * recovery.steadyHitRatio, within: 1e-9)
    #expect(recovery.extraOriginRequests > 0)
  }
}
