import Foundation
import Testing

@testable import FlowbookKit

/// Poisson requests for Zipf keys, fed to a keyed cache.
struct CacheWorkload {
  var sampler: ZipfSampler
  var rate: Double
  var generator: SeededGenerator
  var time = 0.0

  init(keys: Int, exponent: Double, rate: Double, seed: UInt64) throws {
    sampler = try ZipfSampler(keys: keys, exponent: exponent)
    self.rate = rate
    generator = SeededGenerator(seed: seed)
  }

  /// Runs `requests` requests and returns how many hit.
  mutating func run<C: KeyedCache>(_ cache: inout C, requests: Int) -> Int where C.Key == Int {
    var hits = 0
    for _ in 0..<requests {
      time += -log(generator.uniformPositive()) / rate
      if cache.access(sampler.sample(using: &generator), at: time) { hits += 1 }
    }
    return hits
  }

  /// Runs until `duration` seconds have passed; returns (hits, requests).
  mutating func run<C: KeyedCache>(_ cache: inout C, for duration: Double) -> (Int, Int)
  where C.Key == Int {
    let end = time + duration
    var hits = 0
    var requests = 0
    while true {
      let next = time + -log(generator.uniformPositive()) / rate
      guard next < end else { break }
      time = next
      requests += 1
      if cache.access(sampler.sample(using: &generator), at: time) { hits += 1 }
    }
    time = end
    return (hits, requests)
  }
}

@Suite struct KeyedCacheTests {
  @Test func lruEvictsTheLeastRecentlyUsed() {
    var cache = KeyedLRUCache<String>(capacity: 2)
    var hits: [Bool] = []
    for key in ["a", "b", "a", "c"] { hits.append(cache.access(key)) }
    #expect(hits == [false, false, true, false])  // "c" evicts "b", the least recent
    #expect(cache.contains("a") && cache.contains("c") && !cache.contains("b"))
    #expect(cache.count == 2)
    cache.removeAll()
    let afterFlush = cache.access("a")
    #expect(cache.count == 1 && !afterFlush)
    var none = KeyedLRUCache<Int>(capacity: 0)
    hits = [none.access(1), none.access(1)]
    #expect(hits == [false, false] && none.count == 0)
  }

  @Test func ttlExpiresFromTheStoringMiss() {
    var cache = KeyedTTLCache<String>(ttl: 10)
    var hits: [Bool] = []
    for (key, time) in [("a", 0.0), ("a", 9.9), ("a", 10), ("a", 19), ("b", 100)] {
      hits.append(cache.access(key, at: time))
    }
    // Hits do not extend the lifetime: the miss at 10 stores "a" again until 20.
    #expect(hits == [false, true, false, true, false])
    #expect(cache.count == 1)  // "a" was purged once time passed 20
    cache.removeAll()
    #expect(!cache.contains("b", at: 100) && cache.count == 0)
  }

  @Test(arguments: [(0.8, UInt64(11)), (1.1, 12)])
  func ttlFormulaMatchesSimulation(exponent: Double, seed: UInt64) throws {
    let (keys, rate, ttl) = (5_000, 1_000.0, 1.0)
    var workload = try CacheWorkload(keys: keys, exponent: exponent, rate: rate, seed: seed)
    var cache = KeyedTTLCache<Int>(ttl: ttl)
    _ = workload.run(&cache, requests: 20_000)  // warm-up: 20 TTLs
    let measured = Double(workload.run(&cache, requests: 200_000)) / 200_000
    let model = try CacheModel.ttl(
      popularity: try ZipfPopularity(keys: keys, exponent: exponent), requestRate: rate,
      ttl: ttl)
    #expect(
      abs(measured - model.hitRatio) <= 0.02 * model.hitRatio,
      "seed \(seed): simulated \(measured), formula \(model.hitRatio)")
  }

  @Test(arguments: [(0.8, UInt64(21)), (1.1, 22)])
  func cheMatchesLRUSimulation(exponent: Double, seed: UInt64) throws {
    let (keys, capacity) = (5_000, 500)
    var workload = try CacheWorkload(keys: keys, exponent: exponent, rate: 1, seed: seed)
    var cache = KeyedLRUCache<Int>(capacity: capacity)
    _ = workload.run(&cache, requests: 30_000)
    let measured = Double(workload.run(&cache, requests: 200_000)) / 200_000
    let model = try CacheModel.lru(
      popularity: try ZipfPopularity(keys: keys, exponent: exponent), requestRate: 1,
      capacity: Double(capacity))
    #expect(
      abs(measured - model.hitRatio) <= 0.02 * model.hitRatio,
      "seed \(seed): simulated \(measured), formula \(model.hitRatio)")
  }

  /// Flushes a cache 300 times and counts misses until the model's warm time (5 %).
  ///
  /// The misses per flush vary (standard deviation 18–23 here), so the mean of 300 has a
  /// standard error near 0.3 % of the misses and near 1.2 % of the extra misses; the
  /// tolerances are about four of those.
  @Test(arguments: [CachePolicy.lru(capacity: 500), .ttl(seconds: 2)])
  func flushRecoveryMatchesSimulation(policy: CachePolicy) throws {
    let (keys, exponent, rate, seed) = (5_000, 0.8, 1_000.0, UInt64(31))
    let zipf = try ZipfPopularity(keys: keys, exponent: exponent)
    let model = try CacheModel.flushRecovery(
      policy: policy, popularity: zipf, requestRate: rate, tolerance: 0.05)
    var workload = try CacheWorkload(keys: keys, exponent: exponent, rate: rate, seed: seed)
    var misses = 0
    var requests = 0
    let rounds = 300
    for _ in 0..<rounds {
      var cache: any KeyedCache<Int> =
        switch policy {
        case .lru(let capacity): KeyedLRUCache<Int>(capacity: Int(capacity))
        case .ttl(let seconds): KeyedTTLCache<Int>(ttl: seconds)
        }
      let (hits, total) = workload.run(&cache, for: model.warmTime)
      misses += total - hits
      requests += total
    }
    // Before the first expiry or eviction the misses are the distinct keys requested.
    let meanMisses = Double(misses) / Double(rounds)
    let modelMisses = CacheModel.cheOccupancy(zipf, rate * model.warmTime)
    #expect(
      abs(meanMisses - modelMisses) <= 0.01 * modelMisses,
      "seed \(seed): misses per flush simulated \(meanMisses), formula \(modelMisses)")
    let steadyMisses = rate * model.warmTime * (1 - model.steadyHitRatio)
    let extra = meanMisses - steadyMisses
    #expect(
      abs(extra - model.extraOriginRequests) <= 0.05 * model.extraOriginRequests,
      "seed \(seed): extra misses simulated \(extra), formula \(model.extraOriginRequests)")
    // The hit ratio over [0, warm time] is the time average of h(t).
    let meanHit =
      try (0..<64).map { i in
        try CacheModel.hitRatioAfterFlush(
          popularity: zipf, requestRate: rate, time: (Double(i) + 0.5) / 64 * model.warmTime)
      }.reduce(0, +) / 64
    let simulatedHit = 1 - Double(misses) / Double(requests)
    #expect(
      abs(simulatedHit - meanHit) <= 0.02 * meanHit,
      "seed \(seed): warm-up hit ratio simulated \(simulatedHit), formula \(meanHit)")
  }
}
