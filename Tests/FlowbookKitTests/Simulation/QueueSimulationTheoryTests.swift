import Foundation
import Testing

@testable import FlowbookKit

/// The kernel against queueing theory.
///
/// Each case is replicated until its 95 % interval is within ±1 % of the estimate, and
/// the estimate must then be within 2 % of the formula. The queues run at ρ = 0.7, where
/// waiting dominates; the replication length needed for ±1 % grows like 1/(1 − ρ)², so
/// these take a few million customers each (seconds with FlowbookKit's optimised debug
/// build). Sizes were chosen from release runs, which give bit-identical results.
/// Expected values come from the analytical model (`Queueing`, in `Analysis/`), so the
/// simulator and the formulas the shell shows beside it are checked against each other.
@Suite struct QueueSimulationTheoryTests {
  private static let replications = 20

  private static func expectClose(
    _ interval: ConfidenceInterval, to expected: Double, _ what: String,
    maximumRelativeHalfWidth: Double = 0.01, sourceLocation: SourceLocation = #_sourceLocation
  ) {
    let error = abs(interval.mean - expected) / expected
    let relativeHalfWidth = interval.relativeHalfWidth ?? .infinity
    print(
      "\(what): simulated \(interval), theory \(expected), error \(error * 100) %, "
        + "CI ±\(relativeHalfWidth * 100) %")
    #expect(
      relativeHalfWidth < maximumRelativeHalfWidth,
      "\(what): interval \(interval) wider than ±\(maximumRelativeHalfWidth * 100) %",
      sourceLocation: sourceLocation)
    #expect(
      error < 0.02, "\(what): \(interval.mean) is \(error * 100) % from \(expected)",
      sourceLocation: sourceLocation)
  }

  @Test func mm1MeanWaitWaitProbabilityAndP99() throws {
    let (lambda, mu) = (0.7, 1.0)
    let report = try QueueSimulation.replicate(
      .mmc(
        arrivalRate: lambda, serviceRate: mu, servers: 1, customers: 200_000,
        warmUpCustomers: 5_000),
      seed: 1, replications: Self.replications)
    let theory = try #require(
      try Queueing.mm1(arrivalRate: lambda, meanServiceTime: 1 / mu).stable)
    Self.expectClose(report.meanWait, to: theory.meanWait, "M/M/1 Wq")
    Self.expectClose(report.waitProbability, to: theory.probabilityOfWait, "M/M/1 P(wait)")
    // Response time in M/M/1 is exponential with rate μ − λ: p99 = ln 100 / (μ − λ).
    // A tail quantile converges more slowly than a mean: its interval may be ±2 %.
    #expect(abs(try theory.responsePercentile(0.99) - log(100) / (mu - lambda)) < 1e-6)
    Self.expectClose(
      report.p99Response, to: try theory.responsePercentile(0.99), "M/M/1 p99",
      maximumRelativeHalfWidth: 0.02)
  }

  @Test func mmcMeanWaitAndWaitProbabilityMatchErlangC() throws {
    let (lambda, mu, servers) = (2.1, 1.0, 3)
    let report = try QueueSimulation.replicate(
      .mmc(
        arrivalRate: lambda, serviceRate: mu, servers: servers, customers: 240_000,
        warmUpCustomers: 5_000),
      seed: 2, replications: Self.replications)
    let theory = try #require(
      try Queueing.mmc(arrivalRate: lambda, meanServiceTime: 1 / mu, servers: servers).stable)
    Self.expectClose(report.meanWait, to: theory.meanWait, "M/M/3 Wq")
    Self.expectClose(report.waitProbability, to: theory.probabilityOfWait, "M/M/3 P(wait)")
    Self.expectClose(report.meanResponse, to: theory.meanResponse, "M/M/3 W")
    Self.expectClose(
      report.p99Response, to: try theory.responsePercentile(0.99), "M/M/3 p99",
      maximumRelativeHalfWidth: 0.02)
  }

  @Test func mmccBlockingMatchesErlangB() throws {
    let report = try QueueSimulation.replicate(
      .mmcc(
        arrivalRate: 5, serviceRate: 1, servers: 5, customers: 30_000, warmUpCustomers: 1_000),
      seed: 3, replications: Self.replications)
    let theory = try Queueing.lossSystem(arrivalRate: 5, meanServiceTime: 1, servers: 5)
    Self.expectClose(report.blockingProbability, to: theory.blocking, "M/M/5/5 blocking")
    #expect(report.merged.queued == 0)
    #expect(report.merged.totalWait == 0)
  }

  @Test func md1MeanWaitMatchesPollaczekKhinchine() throws {
    let (lambda, service) = (0.7, 1.0)
    let report = try QueueSimulation.replicate(
      .md1(
        arrivalRate: lambda, serviceTime: service, customers: 150_000, warmUpCustomers: 5_000),
      seed: 4, replications: Self.replications)
    let theory = try #require(
      try Queueing.md1(arrivalRate: lambda, serviceTime: service).stable)
    Self.expectClose(report.meanWait, to: theory.meanWait, "M/D/1 Wq")
    Self.expectClose(report.waitProbability, to: theory.probabilityOfWait, "M/D/1 P(wait)")
  }

  /// Twenty independent replication sets with warm-up: a valid 95 % interval covers the
  /// true mean wait in about 19 of 20; fewer than 17 would mean biased estimates or a
  /// broken interval.
  @Test func confidenceIntervalsCoverErlangC() throws {
    let (lambda, mu, servers) = (1.2, 1.0, 2)
    let wait = try #require(
      try Queueing.mmc(arrivalRate: lambda, meanServiceTime: 1 / mu, servers: servers).stable
    ).meanWait
    var covered = 0
    for seed in UInt64(1)...20 {
      let report = try QueueSimulation.replicate(
        .mmc(
          arrivalRate: lambda, serviceRate: mu, servers: servers, customers: 3_000,
          warmUpCustomers: 500),
        seed: seed, replications: 5)
      if report.meanWait.contains(wait) { covered += 1 }
    }
    print("M/M/2 Wq intervals covering Erlang C: \(covered) of 20")
    #expect(covered >= 17, "only \(covered) of 20 intervals contain Wq = \(wait)")
  }
}
