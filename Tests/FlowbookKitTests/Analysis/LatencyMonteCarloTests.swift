import Foundation
import Testing

@testable import FlowbookKit

/// Trees shared by the acceptance tests and the benchmark.
enum LatencyFixtures {
  static let ms = 0.001

  /// The golden path of seeds/000: DNS → CloudFront (95 % hit) → WAF → ALB → API Gateway →
  /// 60 % Lambda (2 % cold starts) / 40 % ECS → Redis (85 % / 90 % hit) → DynamoDB, the
  /// ECS miss as BatchGetItem's 5 parallel queries.
  static let goldenPath = goldenPath(cdnHitRate: 0.95)

  static func goldenPath(cdnHitRate: Double) -> LatencyTree {
    let dynamo = LatencyTree.hop(.lognormal(p50: 8 * ms, p99: 12 * ms))
    let redisHit = LatencyTree.hop(.fixed(0.8 * ms))
    let startup = Distribution.mixture([
      WeightedDistribution(weight: 0.02, distribution: .lognormal(p50: 87 * ms, p99: 130 * ms)),
      WeightedDistribution(weight: 0.98, distribution: .fixed(3 * ms)),
    ])
    let lambda = LatencyTree.series([
      .hop(startup),
      .hop(.lognormal(p50: 6 * ms, p99: 20 * ms)),
      .branch([.init(weight: 0.85, redisHit), .init(weight: 0.15, dynamo)]),
    ])
    let ecs = LatencyTree.series([
      .hop(.lognormal(p50: 4 * ms, p99: 12 * ms)),
      .branch([.init(weight: 0.9, redisHit), .init(weight: 0.1, .parallel(count: 5, dynamo))]),
    ])
    let origin = LatencyTree.series([
      .hop(.lognormal(p50: 4 * ms, p99: 9 * ms)),  // CloudFront miss: edge to origin
      .hop(.fixed(2 * ms)),  // WAF
      .hop(.lognormal(p50: 1 * ms, p99: 2 * ms)),  // ALB
      .hop(.fixed(3 * ms)),  // API Gateway
      .branch([.init(weight: 0.6, lambda), .init(weight: 0.4, ecs)]),
    ])
    return .series([
      .hop(.fixed(5 * ms)),  // Route 53
      .branch([
        .init(weight: cdnHitRate, .hop(.lognormal(p50: 12 * ms, p99: 20 * ms))),
        .init(weight: 1 - cdnHitRate, origin),
      ]),
    ])
  }

  /// Fan-out and retries: a flaky dependency (3 % fast errors) retried with jittered
  /// backoff, beside a retried exponential call and a 4-way parallel query (exponential:
  /// the golden path already fans out lognormals, and these draw cheaper).
  static let fanOutWithRetries: LatencyTree = {
    let flaky = LatencyTree.branch([
      .init(weight: 0.97, .hop(.lognormal(p50: 20 * ms, p99: 60 * ms))),
      .init(weight: 0.03, .failure(after: .exponential(mean: 5 * ms))),
    ])
    return .series([
      .hop(.fixed(1 * ms)),
      .parallel(all: [
        .retry(flaky, timeout: 50 * ms, attempts: 3, backoff: .uniform(lower: 0, upper: 20 * ms)),
        .retry(
          .hop(.exponential(mean: 8 * ms)), timeout: 25 * ms, attempts: 2,
          backoff: .fixed(10 * ms)),
        .parallel(count: 4, .hop(.exponential(mean: 6 * ms))),
      ]),
    ])
  }()
}

/// Checks `compose` against 10⁷ Monte Carlo draws of the same tree: p50, p99 and p99.9
/// within 1 %, the failure probability within five standard errors.
///
/// The report also gives each quantile's Monte Carlo standard error, √(p(1 − p)/n) / f(x)
/// with the density f from the grid (Serfling, *Approximation Theorems of Mathematical
/// Statistics* (1980), §2.3.3): at p99.9 of the golden path it is ~0.15 %, so the 1 % bar
/// is about six of them, and any systematic error of the grid would show well before.
private func expectAgreement(
  _ tree: LatencyTree, name: String, seed: UInt64,
  sourceLocation: SourceLocation = #_sourceLocation
) {
  let samples = 10_000_000
  let clock = ContinuousClock()
  var composed: LatencyResult?
  let composeTime = clock.measure { composed = tree.compose() }
  var simulated: LatencyMonteCarlo?
  let simulateTime = clock.measure {
    simulated = tree.monteCarlo(samples: samples, seed: seed, shards: 2)
  }
  guard let composed, let simulated, let exact = composed.summary, let drawn = simulated.summary
  else {
    Issue.record("\(name): no successful requests", sourceLocation: sourceLocation)
    return
  }
  var report =
    "\(name): step \(composed.step * 1e6) µs, compose \(composeTime) (debug), "
    + "Monte Carlo of \(samples) \(simulateTime)\n"
  let rows = [
    (0.5, "p50", exact.p50, drawn.p50), (0.9, "p90", exact.p90, drawn.p90),
    (0.99, "p99", exact.p99, drawn.p99), (0.999, "p99.9", exact.p999, drawn.p999),
  ]
  for (p, label, grid, monteCarlo) in rows {
    let error = (grid - monteCarlo) / monteCarlo
    let width = grid * 1e-3
    let density =
      (composed.success.cdf(grid + width) - composed.success.cdf(grid - width))
      / (2 * width)
    let noise = (p * (1 - p) / Double(samples)).squareRoot() / max(density, 1e-300) / grid
    report +=
      "  \(label): grid \(grid * 1e3) ms, MC \(monteCarlo * 1e3) ms, "
      + "rel \(String(format: "%+.4f", error * 100)) % (MC s.e. "
      + "\(String(format: "%.4f", noise * 100)) %)\n"
    #expect(abs(error) < 0.01, "\(name) \(label)", sourceLocation: sourceLocation)
  }
  let meanError = (exact.mean - drawn.mean) / drawn.mean
  report +=
    "  mean: grid \(exact.mean * 1e3) ms, MC \(drawn.mean * 1e3) ms, "
    + "rel \(String(format: "%+.4f", meanError * 100)) %\n"
  #expect(abs(meanError) < 0.01, "\(name) mean", sourceLocation: sourceLocation)
  let p = composed.failureProbability
  let standardError = max((p * (1 - p) / Double(samples)).squareRoot(), 1e-7)
  report += "  P(fail): grid \(p), MC \(simulated.failureProbability)"
  print(report)
  #expect(
    abs(p - simulated.failureProbability) < 5 * standardError, "\(name) P(fail)",
    sourceLocation: sourceLocation)
}

@Test func goldenPathMatchesMonteCarlo() {
  expectAgreement(LatencyFixtures.goldenPath, name: "golden path", seed: 2024)
}

@Test func fanOutWithRetriesMatchesMonteCarlo() {
  expectAgreement(LatencyFixtures.fanOutWithRetries, name: "fan-out + retries", seed: 7)
}
