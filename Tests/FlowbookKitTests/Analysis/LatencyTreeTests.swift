import Foundation
import Testing

@testable import FlowbookKit

// MARK: - Semantics by closed form

@Test func fixedHopsAddExactly() {
  let tree = LatencyTree.series([.hop(.fixed(5 * ms)), .hop(.fixed(2 * ms)), .hop(.fixed(3 * ms))])
  let result = tree.compose()
  expectRelative(result.summary?.p50, 10 * ms, within: 1e-12, "p50")
  expectRelative(result.summary?.mean, 10 * ms, within: 1e-12, "mean")
  #expect(result.failureProbability == 0)
}

@Test func aFailureStopsTheSeries() {
  // 2 ms, then 10 % fail after 1 ms more, else 3 ms, then 4 ms.
  let tree = LatencyTree.series([
    .hop(.fixed(2 * ms)),
    .branch([
      .init(weight: 0.1, .failure(after: .fixed(1 * ms))),
      .init(weight: 0.9, .hop(.fixed(3 * ms))),
    ]),
    .hop(.fixed(4 * ms)),
  ])
  let result = tree.compose()
  expectRelative(result.failureProbability, 0.1, within: 1e-12, "P(fail)")
  expectRelative(result.failure.quantile(0.5), 3 * ms, within: 1e-3, "fails at 2 + 1 ms")
  expectRelative(result.summary?.p50, 9 * ms, within: 1e-3, "succeeds at 2 + 3 + 4 ms")
}

@Test func aParallelGroupFailsWhenItsLastBranchEnds() {
  let tree = LatencyTree.parallel(all: [
    .hop(.fixed(5 * ms)),
    .branch([
      .init(weight: 0.2, .failure(after: .fixed(1 * ms))),
      .init(weight: 0.8, .hop(.fixed(2 * ms))),
    ]),
  ])
  let result = tree.compose()
  expectRelative(result.failureProbability, 0.2, within: 1e-9, "P(fail)")
  expectRelative(result.failure.quantile(0.5), 5 * ms, within: 1e-3, "known at max(5, 1) ms")
  expectRelative(result.summary?.p50, 5 * ms, within: 1e-3, "success at max(5, 2) ms")
}

@Test func fanOutEqualsParallelCopies() {
  let query = LatencyTree.hop(.lognormal(p50: 8 * ms, p99: 12 * ms))
  let options = LatencyCompositionOptions(step: 0.01 * ms)
  let fanOut = LatencyTree.parallel(count: 5, query).compose(options: options)
  let copies = LatencyTree.parallel(all: Array(repeating: query, count: 5))
    .compose(options: options)
  expectRelative(fanOut.summary?.p99, copies.summary?.p99 ?? 0, within: 1e-9, "p99")
  expectRelative(fanOut.summary?.mean, copies.summary?.mean ?? 0, within: 1e-9, "mean")
}

@Test func retryCountsEarlyErrorsAndTimeouts() {
  // Each attempt: 30 % fail fast after 1 ms, else Exp(10 ms); timeout 15 ms; 3 attempts.
  // An attempt ends unsuccessfully with q = 0.3 + 0.7·e^(−1.5).
  let attempt = LatencyTree.branch([
    .init(weight: 0.3, .failure(after: .fixed(1 * ms))),
    .init(weight: 0.7, .hop(.exponential(mean: 10 * ms))),
  ])
  let result = LatencyTree.retry(attempt, timeout: 15 * ms, attempts: 3, backoff: .fixed(2 * ms))
    .compose()
  let q = 0.3 + 0.7 * exp(-1.5)
  expectRelative(result.failureProbability, q * q * q, within: 1e-5, "P(fail) = q³")
  expectRelative(result.successProbability, 1 - q * q * q, within: 1e-6, "P(success)")
  // The fastest give-up: three fast errors and two backoffs = 7 ms.
  #expect(abs(result.failure.quantile(0) - 7 * ms) <= result.step)
}

@Test func nestedRetryTreatsInnerGiveUpAsAnError() {
  let inner = LatencyTree.retry(
    .hop(.exponential(mean: 10 * ms)), timeout: 5 * ms, attempts: 2, backoff: .fixed(1 * ms))
  let outer = LatencyTree.retry(inner, timeout: 50 * ms, attempts: 2, backoff: .fixed(3 * ms))
  let composed = outer.compose()
  let q = exp(-0.5)  // one inner attempt times out
  expectRelative(composed.failureProbability, pow(q, 4), within: 1e-6, "P(fail) = q⁴")
  // Inner give-up is known at 5 + 1 + 5 = 11 ms < 50 ms: the outer retries at once.
  expectRelative(composed.failure.quantile(0.5), 25 * ms, within: 1e-3, "25 ms")
}

@Test func manyAttemptsStopOnceNothingIsLeftTrying() {
  // q = e^(−0.5) per attempt: after ~70 attempts under 1e-15 of requests still try.
  let tree = LatencyTree.retry(
    .hop(.exponential(mean: 10 * ms)), timeout: 5 * ms, attempts: 1_000, backoff: .fixed(1 * ms))
  let result = tree.compose()
  #expect(result.failureProbability < 1e-14)
  expectRelative(result.successProbability, 1, within: 1e-12, "P(success)")
  // Median: attempt k succeeds with probability q^(k−1)(1 − q); P(first) = 0.39 < ½.
  #expect(result.summary.map { $0.p50 > 6 * ms && $0.p50 < 11 * ms } == true)
}

@Test func anOffLatticePointMassAtTheMedianStaysWithinOneStep() {
  // The worst case for one shared lattice: the median sits on a point mass (a cache hit
  // at an arbitrary 9.1234 ms) that the dominant arm's lattice does not contain.
  let hit = Distribution.fixed(9.1234 * ms)
  let miss = Distribution.lognormal(p50: 10 * ms, p99: 20 * ms)
  let exact = Distribution.mixture([
    WeightedDistribution(weight: 0.4, distribution: hit),
    WeightedDistribution(weight: 0.6, distribution: miss),
  ])
  let result = LatencyTree.branch([.init(weight: 0.4, .hop(hit)), .init(weight: 0.6, .hop(miss))])
    .compose()
  guard let summary = result.summary else {
    Issue.record("no summary")
    return
  }
  let pairs = [(0.5, summary.p50), (0.9, summary.p90), (0.99, summary.p99), (0.999, summary.p999)]
  for (p, value) in pairs {
    // One step is 1/400 of the median: 0.25 %.
    expectRelative(value, exact.quantile(p), within: 0.0025, "p\(p)")
  }
}

@Test func aMixtureLeafEqualsABranchOfHops() {
  let cold = Distribution.lognormal(p50: 87 * ms, p99: 130 * ms)
  let warm = Distribution.fixed(3 * ms)
  let leaf = LatencyTree.hop(
    .mixture([
      WeightedDistribution(weight: 0.02, distribution: cold),
      WeightedDistribution(weight: 0.98, distribution: warm),
    ]))
  let branch = LatencyTree.branch([
    .init(weight: 0.02, .hop(cold)), .init(weight: 0.98, .hop(warm)),
  ])
  let options = LatencyCompositionOptions(step: 0.02 * ms)
  let (a, b) = (leaf.compose(options: options), branch.compose(options: options))
  for p in [0.5, 0.98, 0.99, 0.999] {
    expectRelative(a.success.quantile(p), b.success.quantile(p), within: 1e-3, "p\(p)")
  }
}

// MARK: - Against the reference sampler

@Test func composeAgreesWithPerRequestSampling() {
  let tree = LatencyFixtures.fanOutWithRetries
  let composed = tree.compose()
  var generator = SeededGenerator(seed: 17)
  let count = 100_000  // p99's sampling error is ~0.5 %, a quarter of the tolerance
  var latencies: [Double] = []
  latencies.reserveCapacity(count)
  var failures = 0
  for _ in 0..<count {
    let request = tree.sample(using: &generator)
    if request.succeeded { latencies.append(request.latency) } else { failures += 1 }
  }
  latencies.sort()
  for p in [0.5, 0.9, 0.99] {
    let drawn = latencies[Int(p * Double(latencies.count))]
    expectRelative(composed.success.quantile(p), drawn, within: 0.02, "p\(p)")
  }
  let p = composed.failureProbability
  let observed = Double(failures) / Double(count)
  #expect(abs(p - observed) < 5 * (p * (1 - p) / Double(count)).squareRoot(), "P(fail)")
}

@Test func monteCarloIsDeterministicPerSeedAndShards() {
  let tree = LatencyFixtures.goldenPath
  let first = tree.monteCarlo(samples: 100_000, seed: 3, shards: 2)
  let second = tree.monteCarlo(samples: 100_000, seed: 3, shards: 2)
  #expect(first.summary == second.summary && first.failures == second.failures)
  let other = tree.monteCarlo(samples: 100_000, seed: 4, shards: 2)
  #expect(first.summary != other.summary)
}

// MARK: - Grid choice and bounds

@Test func theHorizonLeavesAtMostTheTailBudget() {
  let result = LatencyFixtures.goldenPath.compose()
  #expect(result.unresolvedProbability <= 1e-7)
  let step = result.step
  let p50 = result.summary?.p50 ?? 0
  #expect(step <= p50 / 300 && step >= p50 / 600, "step \(step) for p50 \(p50)")
  expectRelative(result.successProbability, 1, within: 1e-12, "P(success)")
}

@Test func heavyTailsStayFinite() {
  // A 1 ms path with a rare 10 s stall: the horizon grows, the step follows maxCells.
  let tree = LatencyTree.series([
    .hop(.fixed(1 * ms)),
    .branch([
      .init(weight: 0.999, .hop(.exponential(mean: 0.5 * ms))),
      .init(weight: 0.001, .hop(.exponential(mean: 10))),
    ]),
  ])
  let result = tree.compose(options: .init(maxCells: 1 << 16))
  guard let summary = result.summary else {
    Issue.record("no summary")
    return
  }
  for value in [summary.p50, summary.p90, summary.p99, summary.p999, summary.mean] {
    #expect(value.isFinite && value > 0)
  }
  #expect(result.success.mass.count <= (1 << 16) + 16)
}

// MARK: - Validation

struct TreeProblemCase: CustomStringConvertible, Sendable {
  var description: String
  var tree: LatencyTree
  var mentions: String?
}

private let treeProblemCases: [TreeProblemCase] = [
  TreeProblemCase(description: "golden path", tree: LatencyFixtures.goldenPath),
  TreeProblemCase(description: "empty series", tree: .series([]), mentions: "at least one"),
  TreeProblemCase(
    description: "weights summing to 1.1",
    tree: .branch([.init(weight: 0.6, .hop(.fixed(0))), .init(weight: 0.5, .hop(.fixed(0)))]),
    mentions: "sum to 1.1"),
  TreeProblemCase(
    description: "bad leaf deep inside",
    tree: .series([.hop(.fixed(0)), .parallel(all: [.hop(.exponential(mean: -1))])]),
    mentions: "series[1]: parallel[0]: exponential mean -1.0"),
  TreeProblemCase(
    description: "zero fan-out", tree: .parallel(count: 0, .hop(.fixed(0))),
    mentions: "at least 1"),
  TreeProblemCase(
    description: "zero timeout", tree: .retry(.hop(.fixed(0)), timeout: 0, attempts: 2),
    mentions: "retry timeout 0.0"),
  TreeProblemCase(
    description: "backoffs missing",
    tree: .retry(.hop(.fixed(0)), RetryPolicy(timeout: 1, attempts: 3, backoffs: [])),
    mentions: "need 2 backoffs"),
]

@Test(arguments: treeProblemCases)
func treeProblemsNameThePath(_ testCase: TreeProblemCase) {
  let problem = testCase.tree.problem
  if let expected = testCase.mentions {
    #expect(problem?.contains(expected) == true, "\(testCase): \(problem ?? "nil")")
  } else {
    #expect(problem == nil, "\(testCase): \(problem ?? "")")
  }
}

@Test func fullJitterBackoffDoublesUpToTheCap() {
  let policy = RetryPolicy.fullJitter(timeout: 1, attempts: 5, base: 0.1, cap: 0.5)
  #expect(policy.backoffs == [0.1, 0.2, 0.4, 0.5].map { .uniform(lower: 0, upper: $0) })
  #expect(policy.problem == nil)
}
