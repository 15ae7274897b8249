import Foundation
import Testing

@testable import FlowbookKit

@Suite struct QueueSimulationTests {
  private static let small = QueueConfiguration.mmc(
    arrivalRate: 1.6, serviceRate: 1, servers: 2, customers: 4_000, warmUpCustomers: 500)

  @Test func sameSeedGivesIdenticalStatistics() throws {
    let first = try QueueSimulation.run(Self.small, seed: 7)
    let second = try QueueSimulation.run(Self.small, seed: 7)
    #expect(first.statistics == second.statistics)
    let other = try QueueSimulation.run(Self.small, seed: 8)
    #expect(other.statistics != first.statistics)
  }

  @Test func parallelReplicationsEqualSerialOnes() throws {
    let parallel = try QueueSimulation.replicate(Self.small, seed: 5, replications: 6)
    let serial = try QueueSimulation.replicate(
      Self.small, seed: 5, replications: 6, parallel: false)
    #expect(parallel.replications == serial.replications)
    #expect(parallel.merged == serial.merged)
    #expect(parallel.meanWait == serial.meanWait)
    // A single run is replication 0 of the same seed.
    let single = try QueueSimulation.run(Self.small, seed: 5)
    #expect(single.statistics == parallel.replications[0])
  }

  @Test func warmUpCustomersAreNotCounted() throws {
    let result = try QueueSimulation.run(Self.small, seed: 1)
    #expect(result.customers == 4_000)
    #expect(result.statistics.served == 4_000)
    #expect(result.statistics.response.count == 4_000)
    // Every one of the 4,500 customers arrives and departs: two events each.
    #expect(result.events == 9_000)
  }

  /// The shell's `simulate mmc arrival 9/s service 1/s servers 10 customers … seed 1`.
  @Test func mmcEntryPointReportsWhatTheShellShows() throws {
    let result = try QueueSimulation.mmc(
      arrivalRate: 9, serviceRate: 1, servers: 10, customers: 10_000, seed: 1)
    #expect(result.customers == 10_000)
    #expect(result.events == 22_000)  // a tenth more as warm-up, two events each
    #expect(result.meanWaitSeconds > 0)
    #expect(result.waitProbability > 0 && result.waitProbability < 1)
    #expect(result.p99ResponseSeconds > result.meanResponseSeconds)
    #expect(result.eventsPerSecond > 0)
    let again = try QueueSimulation.mmc(
      arrivalRate: 9, serviceRate: 1, servers: 10, customers: 10_000, seed: 1)
    #expect(again.statistics == result.statistics)
  }

  /// A custom sampler drawing exactly what the built-in exponential draws gives exactly
  /// the same run: the G/G/c path is the same kernel.
  @Test func customSamplersRunTheSameKernel() throws {
    let exponential: @Sendable (Double) -> TimeSampler = { rate in
      .custom(mean: 1 / rate) { generator in -log(generator.uniformPositive()) / rate }
    }
    let custom = QueueConfiguration(
      interarrival: exponential(1.6), service: exponential(1), servers: 2, customers: 4_000,
      warmUpCustomers: 500)
    let builtIn = try QueueSimulation.run(Self.small, seed: 3)
    let viaClosures = try QueueSimulation.run(custom, seed: 3)
    #expect(viaClosures.statistics == builtIn.statistics)
  }

  @Test func finiteWaitingRoomBlocksWhenFull() throws {
    let configuration = QueueConfiguration(
      interarrival: .exponential(rate: 2), service: .exponential(rate: 1), servers: 1,
      capacity: 3, customers: 5_000)
    let result = try QueueSimulation.run(configuration, seed: 2)
    #expect(result.statistics.blocked > 0)
    #expect(result.statistics.served + result.statistics.blocked == result.customers)
  }

  @Test func invalidConfigurationsSayWhatToChange() {
    #expect(throws: QueueSimulationError.unstable(utilisation: 1.1)) {
      try QueueSimulation.mmc(
        arrivalRate: 11, serviceRate: 1, servers: 10, customers: 10, seed: 1)
    }
    #expect(throws: QueueSimulationError.invalidCount("servers", 0, minimum: 1)) {
      try QueueSimulation.mmc(arrivalRate: 1, serviceRate: 1, servers: 0, customers: 10, seed: 1)
    }
    #expect(throws: QueueSimulationError.self) {
      try QueueSimulation.mmc(
        arrivalRate: -1, serviceRate: 1, servers: 1, customers: 10, seed: 1)
    }
    #expect(throws: QueueSimulationError.invalidCount("replications", 1, minimum: 2)) {
      try QueueSimulation.replicate(Self.small, seed: 1, replications: 1)
    }
    let message = QueueSimulationError.unstable(utilisation: 1.1).description
    #expect(message.contains("add servers"))
  }
}

@Suite struct ConfidenceIntervalTests {
  @Test func studentIntervalFromEstimates() {
    let interval = ConfidenceInterval(estimates: [1, 2, 3, 4, 5])
    #expect(interval.mean == 3)
    // s = √2.5, t(0.975, 4) = 2.776445105: half-width = 2.776445105 · √2.5 / √5.
    #expect(abs(interval.halfWidth - 2.776445105 * (2.5 / 5).squareRoot()) < 1e-9)
    #expect(interval.contains(1.1) && !interval.contains(0.9))
  }

  @Test func tQuantileIsContinuousFromTableToExpansion() {
    // Reference values from numerical integration of the t density.
    #expect(abs(StudentT.quantile975(degreesOfFreedom: 31) - 2.039513446) < 1e-6)
    #expect(abs(StudentT.quantile975(degreesOfFreedom: 120) - 1.979930405) < 1e-6)
    let normal = 1.959963985
    #expect(abs(StudentT.quantile975(degreesOfFreedom: 1_000_000) - normal) < 1e-5)
  }
}
