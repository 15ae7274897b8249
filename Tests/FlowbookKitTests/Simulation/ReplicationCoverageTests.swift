import Foundation
import Testing

@testable import FlowbookKit

/// How often the printed 95 % p99 interval covers the true p99, over many seeds.
///
/// In M/M/1 the response time is exponential with rate μ − λ, so the true p99 is
/// ln 100 / (μ − λ). Where `p99Caution` is silent the sectioning interval must cover it at
/// least 90 % of the time (the t interval of replication p99s covered it 75 % of the time
/// at ρ = 0.7 with 1,000 customers, and 17 times in 40 in the report that raised it);
/// where runs are too short it must say so.
@Suite struct ReplicationCoverageTests {
  private static func coverage(
    rho: Double, customers: Int, seeds: Range<UInt64>, replications: Int = 10
  ) throws -> (covered: Int, cautions: Int) {
    let truth = log(100) / (1 - rho)
    var covered = 0
    var cautions = 0
    for seed in seeds {
      let report = try QueueSimulation.replicate(
        .mmc(
          arrivalRate: rho, serviceRate: 1, servers: 1, customers: customers,
          warmUpCustomers: customers / 10),
        seed: seed, replications: replications)
      let interval = report.p99Response.widened(
        toResolution: StreamingHistogram.relativeResolution)
      if interval.contains(truth) { covered += 1 }
      if report.p99Caution != nil { cautions += 1 }
    }
    return (covered, cautions)
  }

  @Test func p99IntervalCoversAtLeastNinetyPercentWhereNoCautionIsGiven() throws {
    // Sized for CI: 100 sets of 10 replications of 1,100 customers. (At ρ = 0.7 and
    // 4,000 customers, just above the caution's threshold, 400 sets covered 92.5 %.)
    let cases: [(rho: Double, customers: Int, seeds: Range<UInt64>)] = [
      (0.5, 1_000, 0..<100)
    ]
    for (rho, customers, seeds) in cases {
      let (covered, cautions) = try Self.coverage(rho: rho, customers: customers, seeds: seeds)
      let share = Double(covered) / Double(seeds.count)
      print("p99 coverage at ρ = \(rho), \(customers) customers: \(covered)/\(seeds.count)")
      #expect(cautions == 0, "ρ = \(rho), \(customers) customers: \(cautions) cautions")
      #expect(share >= 0.9, "ρ = \(rho), \(customers) customers: covered \(covered)/\(seeds.count)")
    }
  }

  @Test func shortRunsAtHighLoadAreFlagged() throws {
    let configuration = QueueConfiguration.mmc(
      arrivalRate: 0.7, serviceRate: 1, servers: 1, customers: 1_000, warmUpCustomers: 100)
    let caution = try #require(QueueSimulation.tailCaution(configuration))
    #expect(caution.contains("customers 3,936 or more"), "\(caution)")
    // Blocking systems print no p99; deterministic service halves the relaxation.
    let loss = QueueConfiguration.mmcc(
      arrivalRate: 5, serviceRate: 1, servers: 5, customers: 1_000)
    #expect(QueueSimulation.tailCaution(loss) == nil)
  }

  @Test func sectioningCentresOnThePooledEstimate() {
    let interval = ConfidenceInterval(sectioning: [9, 10, 11, 12], pooled: 11)
    #expect(interval.mean == 11)
    // s² = (4 + 1 + 0 + 1) / 3 = 2; half-width = t(0.975, 3)·√(2/4).
    #expect(abs(interval.halfWidth - 3.182446305 * (0.5).squareRoot()) < 1e-9)
  }
}
