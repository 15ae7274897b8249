import Foundation
import Testing

@testable import FlowbookKit

@Suite struct MMcQueueTests {
  @Test func mm1AgreesWithPollaczekKhinchineAtSCVOne() throws {
    for rho in [0.1, 0.5, 0.9, 0.999] {
      let s = 0.045
      let lambda = rho / s
      let mm1 = try #require(try Queueing.mm1(arrivalRate: lambda, meanServiceTime: s).stable)
      let pk = try #require(
        try Queueing.mg1(arrivalRate: lambda, meanServiceTime: s, serviceSCV: 1).stable)
      // Both must equal the textbook M/M/1 wait ρ·S/(1 − ρ) (Kleinrock 1975 eq. 3.26).
      let closed = rho * s / (1 - rho)
      #expect(abs(mm1.meanWait - closed) <= 1e-12 * closed)
      #expect(abs(pk.meanWait - closed) <= 1e-12 * closed)
      #expect(abs(mm1.meanQueueLength - pk.meanQueueLength) <= 1e-12 * pk.meanQueueLength)
      #expect(abs(mm1.probabilityOfWait - pk.probabilityOfWait) <= 1e-15)
    }
  }

  @Test func md1WaitsHalfAsLongAsMM1() throws {
    for rho in [0.2, 0.6, 0.95] {
      let md1 = try #require(try Queueing.md1(arrivalRate: rho / 0.01, serviceTime: 0.01).stable)
      let mm1 = try #require(
        try Queueing.mm1(arrivalRate: rho / 0.01, meanServiceTime: 0.01).stable)
      #expect(abs(md1.meanWait * 2 - mm1.meanWait) <= 1e-12 * mm1.meanWait)
      // M/D/1 Lq = ρ²/(2(1 − ρ)) (Kleinrock 1975 eq. 5.76).
      let lq = rho * rho / (2 * (1 - rho))
      #expect(abs(md1.meanQueueLength - lq) <= 1e-12 * lq)
    }
  }

  @Test func littlesLawHoldsInsideTheModel() throws {
    let q = try #require(
      try Queueing.mmc(arrivalRate: 900, meanServiceTime: 0.045, servers: 45).stable)
    expectClose(q.meanQueueLength, q.arrivalRate * q.meanWait, within: 1e-12)
    expectClose(q.meanInSystem, q.meanQueueLength + q.offeredLoad, within: 1e-9)
    expectClose(
      try Queueing.concurrency(arrivalRate: 2.5e6, timeInSystem: 0.045), 112_500,
      within: 1e-6)
    expectClose(
      try Queueing.throughput(concurrency: 1_000, timeInSystem: 0.045), 22_222.2222,
      within: 1e-3)
  }

  @Test(arguments: [0.5, 0.9, 0.99, 0.999])
  func waitPercentileInvertsTheTail(p: Double) throws {
    let q = try #require(
      try Queueing.mmc(arrivalRate: 40, meanServiceTime: 0.2, servers: 10).stable)
    let t = try q.waitPercentile(p)
    if q.probabilityOfWait <= 1 - p {
      #expect(t == 0)
    } else {
      expectClose(q.probabilityWaitExceeds(t), 1 - p, within: 1e-12)
    }
  }

  @Test(arguments: [0.5, 0.9, 0.99, 0.999])
  func mm1ResponseIsExponential(p: Double) throws {
    // M/M/1 sojourn time is Exp(μ − λ) (Kleinrock 1975 eq. 3.29): a closed-form quantile.
    let q = try #require(try Queueing.mm1(arrivalRate: 60, meanServiceTime: 0.01).stable)
    let expected = -log(1 - p) / (100 - 60)
    let got = try q.responsePercentile(p)
    #expect(abs(got - expected) <= 1e-9 * expected)
  }

  @Test func responseTailIsContinuousWhereDecayRatesMeet() throws {
    // c = 2, λ = μ: θ = 2μ − λ = μ, the removable singularity of the hypoexponential tail.
    let at = try #require(
      try Queueing.mmc(arrivalRate: 10, meanServiceTime: 0.1, servers: 2).stable)
    let near = try #require(
      try Queueing.mmc(arrivalRate: 10.001, meanServiceTime: 0.1, servers: 2).stable)
    for t in [0.01, 0.1, 0.5, 2.0] {
      let a = at.probabilityResponseExceeds(t)
      let b = near.probabilityResponseExceeds(t)
      #expect(a.isFinite && abs(a - b) < 1e-3, "t=\(t)")
    }
    #expect(try at.responsePercentile(0.99) > at.waitPercentile(0.99))
  }

  @Test func overloadIsExplicit() throws {
    let outcome = try Queueing.mmc(arrivalRate: 1_200, meanServiceTime: 1, servers: 1_000)
    guard case .unstable(let overload) = outcome else {
      Issue.record("expected unstable, got \(outcome)")
      return
    }
    expectClose(overload.utilisation, 1.2, within: 1e-12)
    expectClose(overload.backlogGrowthRate, 200, within: 1e-9)
    #expect(try Queueing.mmc(arrivalRate: 10, meanServiceTime: 0.1, servers: 1).stable == nil)
    #expect(try Queueing.md1(arrivalRate: 100, serviceTime: 0.01).stable == nil)
  }

  @Test func lossSystemConservesTraffic() throws {
    let s = try Queueing.lossSystem(arrivalRate: 1_000, meanServiceTime: 0.9, servers: 1_000)
    expectClose(s.throughput + s.rejectedRate, 1_000, within: 1e-9)
    expectClose(s.carriedLoad, s.throughput * 0.9, within: 1e-9)
    expectClose(s.blocking, try Queueing.erlangB(servers: 1_000, offeredLoad: 900), within: 0)
    #expect(s.utilisation < 0.9)
  }

  @Test func percentileOutsideUnitIntervalThrows() throws {
    let q = try #require(try Queueing.mm1(arrivalRate: 1, meanServiceTime: 0.1).stable)
    #expect(throws: AnalysisInputError.self) { try q.waitPercentile(1) }
    #expect(throws: AnalysisInputError.self) { try q.responsePercentile(0) }
  }
}
