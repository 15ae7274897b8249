import Foundation
import Testing

@testable import FlowbookKit

// MARK: - Standard normal

@Test func normalQuantileInvertsTheCDF() {
  for p in [1e-12, 1e-6, 0.001, 0.02, 0.3, 0.5, 0.7, 0.975, 0.99, 0.999_999, 1 - 1e-12] {
    let z = StandardNormal.quantile(p)
    expectRelative(StandardNormal.cdf(z), p, 1e-12, "Φ(Φ⁻¹(\(p)))")
  }
  // Φ⁻¹(0.99) to 16 digits (Abramowitz & Stegun, table 26.5).
  expectRelative(StandardNormal.z99, 2.326_347_874_040_840_8, 1e-15, "z99")
  #expect(StandardNormal.quantile(0) == -38.5 && StandardNormal.quantile(1) == 38.5)
}

// MARK: - Closed forms

struct ClosedFormCase: CustomStringConvertible, Sendable {
  var description: String
  var distribution: Distribution
  var mean: Double
  var quantiles: [(p: Double, x: Double)]
}

private let closedFormCases: [ClosedFormCase] = [
  ClosedFormCase(
    description: "fixed", distribution: .fixed(5 * ms), mean: 5 * ms,
    quantiles: [(0, 5 * ms), (0.5, 5 * ms), (0.999, 5 * ms)]),
  ClosedFormCase(
    description: "uniform", distribution: .uniform(lower: 2 * ms, upper: 10 * ms),
    mean: 6 * ms, quantiles: [(0, 2 * ms), (0.25, 4 * ms), (0.5, 6 * ms), (0.9, 9.2 * ms)]),
  ClosedFormCase(
    description: "exponential", distribution: .exponential(mean: 8 * ms), mean: 8 * ms,
    quantiles: [
      (0.5, 8 * ms * log(2)), (0.99, 8 * ms * log(100)),
      (0.999, 8 * ms * log(1000)),
    ]),
  ClosedFormCase(
    description: "lognormal", distribution: .lognormal(p50: 8 * ms, p99: 12 * ms),
    // mean = p50·exp(σ²/2), σ = ln(1.5)/z99.
    mean: 8 * ms * exp(pow(log(1.5) / 2.326_347_874_040_840_8, 2) / 2),
    quantiles: [(0.5, 8 * ms), (0.99, 12 * ms), (0.01, 8 * ms / 1.5)]),
  ClosedFormCase(
    description: "cold/warm mixture",
    distribution: .mixture([
      WeightedDistribution(weight: 0.02, distribution: .fixed(87 * ms)),
      WeightedDistribution(weight: 0.98, distribution: .fixed(3 * ms)),
    ]),
    mean: 0.02 * 87 * ms + 0.98 * 3 * ms,
    quantiles: [(0.5, 3 * ms), (0.979, 3 * ms), (0.981, 87 * ms), (0.999, 87 * ms)]),
  ClosedFormCase(
    description: "mixture of uniforms",
    // ½·U(0, 10) + ½·U(10, 30): F(10) = ½, F(20) = ¾.
    distribution: .mixture([
      WeightedDistribution(weight: 0.5, distribution: .uniform(lower: 0, upper: 10 * ms)),
      WeightedDistribution(weight: 0.5, distribution: .uniform(lower: 10 * ms, upper: 30 * ms)),
    ]),
    mean: 0.5 * 5 * ms + 0.5 * 20 * ms,
    quantiles: [(0.25, 5 * ms), (0.5, 10 * ms), (0.75, 20 * ms), (0.95, 28 * ms)]),
  ClosedFormCase(
    description: "empirical samples",
    distribution: .empirical(EmpiricalDistribution(samples: [4, 1, 3, 2].map { $0 * ms })),
    mean: 2.5 * ms, quantiles: [(0.1, 1 * ms), (0.5, 2 * ms), (0.51, 3 * ms), (0.9, 4 * ms)]),
  ClosedFormCase(
    description: "empirical histogram",
    distribution: .empirical(
      EmpiricalDistribution(bins: [
        EmpiricalBin(lower: 0, upper: 10 * ms, weight: 3),
        EmpiricalBin(lower: 10 * ms, upper: 20 * ms, weight: 1),
      ])),
    mean: 0.75 * 5 * ms + 0.25 * 15 * ms, quantiles: [(0.375, 5 * ms), (0.875, 15 * ms)]),
]

@Test(arguments: closedFormCases)
func closedFormsMatch(_ testCase: ClosedFormCase) {
  let distribution = testCase.distribution
  expectRelative(distribution.mean, testCase.mean, 1e-12, "\(testCase) mean")
  for (p, x) in testCase.quantiles {
    expectRelative(distribution.quantile(p), x, 1e-9, "\(testCase) quantile(\(p))")
    // cdf(quantile(p)) ≥ p: the quantile is the generalised inverse.
    #expect(distribution.cdf(distribution.quantile(p)) >= p - 1e-12, "\(testCase) cdf")
  }
}

@Test func lognormalRoundTripsItsPercentiles() {
  for (p50, p99) in [(0.8 * ms, 1.2 * ms), (12 * ms, 20 * ms), (87 * ms, 300 * ms), (1, 1e5)] {
    let distribution = Distribution.lognormal(p50: p50, p99: p99)
    expectRelative(distribution.quantile(0.5), p50, 1e-13, "p50 of (\(p50), \(p99))")
    expectRelative(distribution.quantile(0.99), p99, 1e-13, "p99 of (\(p50), \(p99))")
    expectRelative(distribution.cdf(p99), 0.99, 1e-13, "cdf(p99)")
    expectRelative(distribution.survival(p99), 0.01, 1e-12, "survival(p99)")
  }
}

// MARK: - Sampling

/// Sample mean within 5 standard errors, and sample quantiles near the closed form.
@Test(arguments: closedFormCases)
func samplesFollowTheDistribution(_ testCase: ClosedFormCase) {
  let distribution = testCase.distribution
  var generator = SeededGenerator(seed: 11)
  let count = 100_000
  var draws = [Double](repeating: 0, count: count)
  for index in 0..<count { draws[index] = distribution.sample(using: &generator) }
  let mean = draws.reduce(0, +) / Double(count)
  let variance = draws.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(count - 1)
  let standardError = (variance / Double(count)).squareRoot()
  let slack = 5 * standardError + 1e-12 * testCase.mean  // rounding of the sum itself
  #expect(abs(mean - testCase.mean) <= slack, "\(testCase) sample mean")
  draws.sort()
  for (p, x) in testCase.quantiles where p > 0.05 && p < 0.95 {
    // Only away from atoms' edges: compare P(X ≤ x) instead of the quantile itself.
    let below = Double(draws.prefix { $0 <= x }.count) / Double(count)
    #expect(abs(below - distribution.cdf(x)) < 0.01, "\(testCase) empirical cdf at \(x)")
  }
}

@Test func samplingIsDeterministicPerSeed() {
  let distribution = Distribution.lognormal(p50: 12 * ms, p99: 20 * ms)
  var first = SeededGenerator(seed: 5)
  var second = SeededGenerator(seed: 5)
  for _ in 0..<1_000 {
    #expect(distribution.sample(using: &first) == distribution.sample(using: &second))
  }
}

// MARK: - Validation

struct ValidationCase: CustomStringConvertible, Sendable {
  var description: String
  var distribution: Distribution
  var mentions: String?
}

private let validationCases: [ValidationCase] = [
  ValidationCase(description: "valid lognormal", distribution: .lognormal(p50: 1, p99: 2)),
  ValidationCase(description: "negative fixed", distribution: .fixed(-1), mentions: "-1.0"),
  ValidationCase(description: "NaN fixed", distribution: .fixed(.nan), mentions: "nan"),
  ValidationCase(
    description: "reversed uniform", distribution: .uniform(lower: 3, upper: 2),
    mentions: "swap"),
  ValidationCase(
    description: "zero exponential", distribution: .exponential(mean: 0), mentions: "mean"),
  ValidationCase(
    description: "p99 below p50", distribution: .lognormal(p50: 2, p99: 1), mentions: "p50"),
  ValidationCase(
    description: "absurd spread", distribution: .lognormal(p50: 1e-3, p99: 1e4),
    mentions: "units"),
  ValidationCase(
    description: "weights not summing to 1",
    distribution: .mixture([
      WeightedDistribution(weight: 0.95, distribution: .fixed(1)),
      WeightedDistribution(weight: 0.5, distribution: .fixed(2)),
    ]), mentions: "sum to 1.45"),
  ValidationCase(
    description: "bad arm inside a mixture",
    distribution: .mixture([WeightedDistribution(weight: 1, distribution: .fixed(-2))]),
    mentions: "mixture arm 0"),
  ValidationCase(
    description: "empty empirical", distribution: .empirical(EmpiricalDistribution(bins: [])),
    mentions: "at least one bin"),
]

@Test(arguments: validationCases)
func validationNamesTheProblem(_ testCase: ValidationCase) {
  do {
    try testCase.distribution.validate()
    #expect(testCase.mentions == nil, "\(testCase) should not validate")
  } catch {
    guard let expected = testCase.mentions else {
      Issue.record("\(testCase): unexpected \(error)")
      return
    }
    #expect(error.message.contains(expected), "\(testCase): \(error.message)")
  }
}
