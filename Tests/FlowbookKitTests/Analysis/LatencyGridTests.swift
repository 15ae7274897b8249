import Foundation
import Testing

@testable import FlowbookKit

/// The smallest x in [low, high] with cdf(x) ≥ p, by bisection: closed-form quantiles.
private func invert(_ p: Double, _ low: Double, _ high: Double, _ cdf: (Double) -> Double)
  -> Double
{
  var (low, high) = (low, high)
  for _ in 0..<200 {
    let middle = (low + high) / 2
    if cdf(middle) >= p { high = middle } else { low = middle }
  }
  return high
}

private let tailQuantiles = [0.5, 0.9, 0.99, 0.999]

// MARK: - Discretisation

@Test func discretisationIsExactAtCellEdges() {
  for distribution in [
    Distribution.exponential(mean: 3 * ms), .lognormal(p50: 12 * ms, p99: 20 * ms),
    .uniform(lower: 1 * ms, upper: 4 * ms),
  ] {
    let grid = distribution.discretised(step: 0.1 * ms)
    var below = 0.0
    for (index, mass) in grid.mass.enumerated() {
      below += mass
      let edge = grid.lowerEdge + Double(index + 1) * grid.step
      #expect(abs(below - distribution.cdf(edge)) < 1e-12, "\(distribution) at \(edge)")
    }
    #expect(abs(grid.probability - 1) < 1e-12)
    #expect(grid.overflow <= 1e-9)
  }
}

@Test func aFixedDelayIsOnePointAndAShift() {
  let dns = Distribution.fixed(5 * ms).discretised(step: 0.0037 * ms)
  #expect(dns.mass == [1] && dns.origin == 5 * ms)
  #expect(dns.quantile(0.5) == 5 * ms)
  let service = Distribution.exponential(mean: 2 * ms).discretised(step: 0.0037 * ms)
  let both = service.convolved(with: dns)
  #expect(both.mass == service.mass)
  #expect(both.origin == service.origin + 5 * ms)
  expectRelative(both.mean, service.mean + 5 * ms, 1e-12, "mean shifts by the delay")
}

// MARK: - Series

@Test func twoUniformsMakeATriangle() {
  // U(0, 1) + U(0, 1): F(x) = x²/2 below 1, 1 − (2 − x)²/2 above.
  let uniform = Distribution.uniform(lower: 0, upper: 1).discretised(step: 1e-3)
  let sum = uniform.convolved(with: uniform)
  for (x, expected) in [(0.5, 0.125), (1.0, 0.5), (1.5, 0.875), (1.9, 0.995)] {
    #expect(abs(sum.cdf(x) - expected) < 2e-6, "F(\(x))")
  }
  expectRelative(sum.quantile(0.125), 0.5, 2e-3, "quantile(0.125)")
  expectRelative(sum.mean, 1, 1e-12, "mean")
}

@Test(arguments: [2, 3, 8])
func sumOfExponentialsIsErlang(_ stages: Int) {
  // Erlang(k, λ): F(x) = 1 − e^(−λx) Σ_{n<k} (λx)ⁿ/n!  (Feller vol. 2, §I.3).
  let mean = 4 * ms
  let single = Distribution.exponential(mean: mean).discretised(step: 0.01 * ms)
  var sum = single
  for _ in 1..<stages { sum = sum.convolved(with: single) }
  func erlang(_ x: Double) -> Double {
    let rate = x / mean
    var term = 1.0
    var series = 1.0
    for n in 1..<stages {
      term *= rate / Double(n)
      series += term
    }
    return 1 - exp(-rate) * series
  }
  let values = sum.quantiles(tailQuantiles)
  for (p, value) in zip(tailQuantiles, values) {
    let exact = invert(p, 0, 100 * mean, erlang)
    expectRelative(value, exact, 2e-4, "Erlang(\(stages)) p\(p)")
  }
  expectRelative(sum.mean, Double(stages) * mean, 1e-6, "Erlang(\(stages)) mean")
}

@Test func fftAndDirectConvolutionAgree() {
  var generator = SeededGenerator(seed: 3)
  let a = (0..<700).map { _ in generator.uniform() }
  let b = (0..<900).map { _ in generator.uniform() }
  let direct = LatencyConvolution.direct(a, b)
  let viaFFT = LatencyConvolution.viaFFT(a, b, size: 2_048, length: 1_599)
  let largest = direct.max() ?? 1
  for (x, y) in zip(direct, viaFFT) { #expect(abs(x - y) <= 1e-12 * largest) }
}

// MARK: - Branch and parallel

@Test func mixtureOfGridsHasMixtureQuantiles() {
  let step = 0.01 * ms
  let hit = Distribution.fixed(0.8 * ms).discretised(step: step)
  let miss = Distribution.uniform(lower: 4 * ms, upper: 12 * ms).discretised(step: step)
  let cache = LatencyGrid.mixture([(0.85, hit), (0.15, miss)])
  expectRelative(cache.probability, 1, 1e-12, "probability")
  // F = 0.85 at 0.8 ms, then 0.85 + 0.15·(x − 4)/8.
  #expect(abs(cache.quantile(0.5) - 0.8 * ms) <= step / 2)
  expectRelative(cache.quantile(0.9), 4 * ms + 8 * ms / 3, 1e-3, "p90")
  expectRelative(cache.quantile(0.99), 4 * ms + 8 * ms * 14 / 15, 1e-3, "p99")
  expectRelative(cache.mean, 0.85 * 0.8 * ms + 0.15 * 8 * ms, 1e-9, "mean")
}

@Test(arguments: [1, 5, 40])
func maximumOfExponentials(_ count: Int) {
  // P(max ≤ x) = (1 − e^(−x/m))^N, so the p-quantile is −m·ln(1 − p^(1/N)).
  let mean = 8 * ms
  let grid = Distribution.exponential(mean: mean).discretised(step: 0.004 * ms)
  let fanOut = grid.maximum(copies: count)
  let viaList = LatencyGrid.maximum(of: Array(repeating: grid, count: min(count, 5)))
  for (p, value) in zip(tailQuantiles, fanOut.quantiles(tailQuantiles)) {
    let exact = -mean * log(1 - pow(p, 1 / Double(count)))
    expectRelative(value, exact, 5e-4, "max of \(count) p\(p)")
  }
  if count <= 5 {
    #expect(zip(fanOut.mass, viaList.mass).allSatisfy { abs($0 - $1) < 1e-12 })
  }
}

// MARK: - Retry

@Test func retriedExponentialMatchesTheRenewalFormula() {
  // Attempts X ~ Exp(m), timeout τ, n attempts, backoff b. An attempt times out with
  // q = e^(−τ/m); success at attempt k has latency (k − 1)(τ + b) + (X | X ≤ τ).
  let (mean, timeout, backoff, attempts) = (10 * ms, 15 * ms, 5 * ms, 3)
  let grid = Distribution.exponential(mean: mean).discretised(step: 0.005 * ms)
  let policy = RetryPolicy(timeout: timeout, attempts: attempts, backoff: .fixed(backoff))
  let (success, failure) = grid.retried(policy)
  let q = exp(-timeout / mean)
  expectRelative(failure.probability, pow(q, Double(attempts)), 1e-6, "P(fail)")
  expectRelative(failure.quantile(0.5), 3 * timeout + 2 * backoff, 1e-3, "time to give up")
  func cdf(_ x: Double) -> Double {
    var total = 0.0
    for k in 0..<attempts {
      let within = min(timeout, x - Double(k) * (timeout + backoff))
      if within > 0 { total += pow(q, Double(k)) * (1 - exp(-within / mean)) }
    }
    return total / (1 - pow(q, Double(attempts)))
  }
  for (p, value) in zip(tailQuantiles, success.quantiles(tailQuantiles)) {
    expectRelative(value, invert(p, 0, 100 * timeout, cdf), 1e-3, "retried p\(p)")
  }
}

@Test func timeoutWithoutRetryFailsTheSlowTail() {
  let grid = Distribution.uniform(lower: 0, upper: 10 * ms).discretised(step: 0.01 * ms)
  let (success, failure) = grid.retried(RetryPolicy(timeout: 8 * ms, attempts: 1))
  expectRelative(failure.probability, 0.2, 1e-9, "P(fail)")
  expectRelative(success.quantile(1), 8 * ms, 1e-6, "successes end at the timeout")
  expectRelative(failure.quantile(0.5), 8 * ms, 1e-9, "failures are known at the timeout")
}

// MARK: - Edge cases: no NaN, no infinity

@Test func degenerateGridsStayFinite() {
  let step = 0.1 * ms
  let impossible = LatencyGrid.empty(step: step)
  let zero = Distribution.fixed(0).discretised(step: step)
  #expect(zero.quantile(0) == 0 && zero.quantile(1) == step / 2 && zero.mean == 0)
  #expect(impossible.convolved(with: zero).probability == 0)
  #expect(LatencyGrid.maximum(of: [zero, impossible]).probability == 0)
  // Every attempt times out: the successes are impossible, not NaN.
  let (success, failure) = Distribution.fixed(5 * ms).discretised(step: step)
    .retried(RetryPolicy(timeout: 1 * ms, attempts: 2, backoff: .fixed(1 * ms)))
  #expect(success.probability == 0)
  expectRelative(failure.probability, 1, 1e-12, "P(fail)")
  expectRelative(failure.quantile(0.5), 3 * ms, 1e-9, "1 + 1 + 1 ms")
  let spilled = LatencyGrid(origin: 0, step: step, mass: [0.5], overflow: 0.5)
  #expect(spilled.quantile(0.9) == spilled.upperEdge && spilled.mean.isFinite)
}
