import Foundation
import Testing

@testable import FlowbookKit

@Suite struct ZipfSamplerTests {
  static func counts(
    keys: Int, exponent: Double, draws: Int, seed: UInt64, limit: Int
  ) throws -> [Int] {
    let sampler = try ZipfSampler(keys: keys, exponent: exponent)
    var generator = SeededGenerator(seed: seed)
    var counts = [Int](repeating: 0, count: limit + 1)
    for _ in 0..<draws {
      let k = sampler.sample(using: &generator)
      #expect(k >= 1 && k <= keys)
      counts[min(k, limit)] += 1
    }
    return counts
  }

  @Test(arguments: [(0.7, UInt64(1)), (1.0, 2), (1.4, 3)])
  func chiSquareAgainstThePMF(exponent: Double, seed: UInt64) throws {
    let keys = 1_000
    let draws = 200_000
    let counts = try Self.counts(
      keys: keys, exponent: exponent, draws: draws, seed: seed, limit: keys)
    let zipf = try ZipfPopularity(keys: keys, exponent: exponent)
    // Pool adjacent ranks until each bin expects at least 200 draws.
    var statistic = 0.0
    var bins = 0
    var expected = 0.0
    var observed = 0
    for rank in 1...keys {
      expected += Double(draws) * zipf.probability(rank: rank)
      observed += counts[rank]
      if expected >= 200 || rank == keys {
        statistic += (Double(observed) - expected) * (Double(observed) - expected) / expected
        bins += 1
        expected = 0
        observed = 0
      }
    }
    // Mean df, sd √(2df): reject beyond 4 sd (p ≈ 1e-4).
    let df = Double(bins - 1)
    #expect(statistic < df + 4 * (2 * df).squareRoot(), "seed \(seed): χ²=\(statistic), df=\(df)")
  }

  @Test func fortyMillionKeysHeadAndShare() throws {
    let keys = 40_000_000
    let draws = 200_000
    let counts = try Self.counts(keys: keys, exponent: 0.8, draws: draws, seed: 40, limit: 11)
    let zipf = try ZipfPopularity(keys: keys, exponent: 0.8)
    for rank in 1...10 {
      let p = zipf.probability(rank: rank)
      let sd = (Double(draws) * p * (1 - p)).squareRoot()
      #expect(abs(Double(counts[rank]) - Double(draws) * p) < 4.5 * sd, "rank \(rank)")
    }
    // Everything beyond rank 10 as one bin: the tail mass must match 1 − H(10)/H(N).
    let tail = 1 - zipf.share(ofTop: 10)
    let sd = (Double(draws) * tail * (1 - tail)).squareRoot()
    #expect(abs(Double(counts[11]) - Double(draws) * tail) < 4.5 * sd)
  }

  @Test func sameSeedSameRanks() throws {
    let sampler = try ZipfSampler(keys: 40_000_000, exponent: 1)
    var a = SeededGenerator(seed: 9)
    var b = SeededGenerator(seed: 9)
    for _ in 0..<1_000 { #expect(sampler.sample(using: &a) == sampler.sample(using: &b)) }
  }

  @Test func degenerateShapes() throws {
    var g = SeededGenerator(seed: 5)
    let one = try ZipfSampler(keys: 1, exponent: 1.2)
    for _ in 0..<100 { #expect(one.sample(using: &g) == 1) }
    let uniform = try Self.counts(keys: 10, exponent: 0, draws: 50_000, seed: 6, limit: 10)
    for rank in 1...10 { #expect(abs(uniform[rank] - 5_000) < 4 * 67, "rank \(rank)") }
    #expect(throws: AnalysisInputError.self) { try ZipfSampler(keys: 10, exponent: -1) }
  }
}
