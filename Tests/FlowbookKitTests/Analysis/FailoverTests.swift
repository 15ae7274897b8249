import Testing

@testable import FlowbookKit

@Test func route53DefaultsTakeAboutNinetySecondsToDetect() {
  let settings = HealthCheckSettings()
  #expect(settings.checkersNeeded == 13)
  let detection = settings.detection
  #expect(detection.earliest == 64)
  #expect(abs(detection.mean - 88.375) < 1e-9)
  #expect(detection.latest == 94)
}

/// The order-statistic formula against a Monte Carlo of independent checker phases.
@Test func detectionMeanMatchesMonteCarlo() {
  let settings = HealthCheckSettings(interval: 30, failureThreshold: 3, checkers: 15)
  var generator = SeededGenerator(seed: 5)
  var total = 0.0
  let trials = 200_000
  var phases = [Double](repeating: 0, count: settings.checkers)
  for _ in 0..<trials {
    for i in phases.indices { phases[i] = generator.uniform() * settings.interval }
    phases.sort()
    total += phases[settings.checkersNeeded - 1]
  }
  let simulated = total / Double(trials) + 2 * 30 + 4
  #expect(abs(simulated - settings.detection.mean) / settings.detection.mean < 0.002)
}

@Test func fasterChecksAndShorterTTLShrinkTheRegionRTO() {
  let standard = Failover.regionLoss(
    healthCheck: HealthCheckSettings(), dnsTTL: 60, regionShare: 0.5, rate: 1_000,
    replicationLag: 1, writeRate: 100)
  #expect(abs(standard.rtoMean - 118.375) < 1e-9)
  #expect(abs(standard.failedRequests - 500 * 118.375) < 1e-6)
  #expect(standard.rpo == 1)
  let fast = Failover.regionLoss(
    healthCheck: HealthCheckSettings(interval: 10, failureThreshold: 1), dnsTTL: 5,
    regionShare: 0.5, rate: 1_000, replicationLag: nil)
  #expect(fast.rtoMean < 20)
  #expect(fast.rtoMean < standard.rtoMean)
  #expect(fast.events.map(\.offset) == fast.events.map(\.offset).sorted())
}

@Test func zoneLossOverloadsSurvivorsAboveTwoThirdsUtilisation() {
  let calm = Failover.zoneLoss(utilization: 0.5, rate: 900)
  #expect(abs(calm.rtoMean - 50) < 1e-9)
  #expect(abs(calm.failedRequests - 300 * 50) < 1e-6)
  #expect(calm.notes.contains { $0.contains("75% of capacity") })
  let hot = Failover.zoneLoss(utilization: 0.8, rate: 900)
  #expect(hot.notes.contains { $0.contains("overloaded") })
}

@Test func breakerTimelineFollowsTheSeedRules() {
  let timeline = Failover.dependencyFailure(
    errorRate: 1, outage: 60, breaker: CircuitBreakerSettings(), retries: RetrySettings(),
    rate: 1_000, instances: 100)
  let opened = timeline.events.first { $0.event.hasPrefix("breakers open") }
  #expect(abs((opened?.offset ?? 0) - 1.0 / 3.0) < 1e-9)
  #expect(abs(timeline.rtoMean - (60 + 1.0 / 3.0 + 4 * 30)) < 1e-9)
}

@Test func breakerStaysClosedBelowItsThreshold() {
  let timeline = Failover.dependencyFailure(
    errorRate: 0.2, outage: 60, breaker: CircuitBreakerSettings(), retries: RetrySettings(),
    rate: 1_000, instances: 10)
  #expect(timeline.rtoMean == 60)
  #expect(timeline.notes.contains { $0.contains("never opens") })
  #expect(abs(timeline.failedRequests - 60_000 * 0.008) < 1e-6)
}

@Test func retryAmplificationIsAGeometricSum() {
  let retries = RetrySettings(attempts: 3, base: 0.1, cap: 20)
  #expect(abs(retries.amplification(errorRate: 0.5) - 1.75) < 1e-12)
  #expect(abs(retries.failureRate(errorRate: 0.5) - 0.125) < 1e-12)
  #expect(abs(retries.meanBackoff - (0.05 + 0.1)) < 1e-12)
}

@Test func cacheFailoverMultipliesDatabaseLoad() {
  let timeline = Failover.cacheNodeLoss(failoverTime: 20, hitRatio: 0.85, cacheRate: 10_000)
  #expect(timeline.notes[0].contains("6.67×"))
  #expect(timeline.degradedRequests == 200_000)
}
