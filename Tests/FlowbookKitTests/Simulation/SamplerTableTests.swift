import Foundation
import Testing

@testable import FlowbookKit

/// The simulator's prepared samplers draw from the model's distributions.
@Suite struct SamplerTableTests {
  /// The ziggurat's draws are standard normal: moments, tails and the CDF at fixed points,
  /// over 4 M draws (the Kolmogorov distance at 4 M draws is about 0.0007 at 99 %).
  @Test func zigguratDrawsAreStandardNormal() {
    let normal = NormalZiggurat()
    var generator = SeededGenerator(seed: 5)
    let count = 4_000_000
    var sum = 0.0
    var squares = 0.0
    let points = [-3.0, -2.0, -1.0, -0.5, 0.0, 0.5, 1.0, 2.0, 3.0, 3.5]
    var below = [Int](repeating: 0, count: points.count)
    for _ in 0..<count {
      let z = normal.sample(&generator)
      sum += z
      squares += z * z
      for (index, point) in points.enumerated() where z <= point { below[index] += 1 }
    }
    #expect(abs(sum / Double(count)) < 0.002)
    #expect(abs(squares / Double(count) - 1) < 0.003)
    for (index, point) in points.enumerated() {
      let empirical = Double(below[index]) / Double(count)
      #expect(abs(empirical - StandardNormal.cdf(point)) < 0.0008, "Φ(\(point)) = \(empirical)")
    }
  }

  /// Each kind of distribution keeps its mean, mixtures included.
  @Test(arguments: [
    Distribution.fixed(0.003), .uniform(lower: 0, upper: 0.02), .exponential(mean: 0.005),
    .lognormal(p50: 0.017, p99: 0.0255),
    .mixture([
      WeightedDistribution(weight: 0.89, distribution: .lognormal(p50: 0.017, p99: 0.0255)),
      WeightedDistribution(weight: 0.11, distribution: .lognormal(p50: 0.058, p99: 0.087)),
    ]),
    .empirical(EmpiricalDistribution(samples: [0.001, 0.002, 0.010])),
  ])
  func samplersKeepTheMean(_ distribution: Distribution) {
    var table = SamplerTable()
    let index = table.add(distribution)
    var generator = SeededGenerator(seed: 9)
    let count = 400_000
    var sum = 0.0
    for _ in 0..<count { sum += table.sample(index, &generator) }
    let mean = sum / Double(count)
    #expect(
      abs(mean - distribution.mean) <= 0.01 * distribution.mean + 1e-9,
      "\(distribution): \(mean) vs \(distribution.mean)")
  }
}
