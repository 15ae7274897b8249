import Foundation
import Testing

@testable import FlowbookKit

/// Cold starts from new environments, in both engines: the analytical estimate
/// (`ColdStartEstimate`) against the simulator's function pool, and what provisioned
/// concurrency does to `latency`.
@Suite struct ColdStartModelTests {
  /// One function whose start-up is 100 ms cold and nothing warm, at `rate`.
  private static func model(
    rate: String, idle: String, lifetime: String, provisioned: Int = 0,
    latency: String = "{p50: 40 ms, p99: 120 ms}"
  ) throws -> PathModel {
    try SimulationFixtures.load(
      """
      flowbook: 1
      name: cold
      components:
        fn:
          kind: function
          latency: \(latency)
          cold_start: 100 ms
          warm_start: 0 ms
          idle_lifetime: \(idle)
          environment_lifetime: \(lifetime)
          provisioned_concurrency: \(provisioned)
          reserved_concurrency: 1000
      workload: {rate: \(rate)}
      path: [fn]
      """)
  }

  /// The simulator's share of cold starts over `duration` seconds at the model's rate.
  private static func simulatedShare(_ model: PathModel, duration: Double, seed: UInt64)
    throws -> Double
  {
    let rate = try #require(model.workload.rate?.value)
    let scenario = SimulationScenario(
      duration: duration, traffic: TrafficProfile(rate: rate), seed: seed)
    let result = try PathSimulation.run(model: model, scenario: scenario)
    let invocations = try #require(result.usage.invocations["fn"])
    let cold = try #require(result.usage.coldStarts["fn"])
    return Double(cold) / Double(invocations)
  }

  /// Both engines, in regimes where idle reaping, recycling and scale-out each dominate.
  ///
  /// Tolerance: the larger of 20 % of the analytical share and 0.3 percentage points (the
  /// Poisson-visit step of the estimate, and the runs' sampling noise of a few hundred cold
  /// starts).
  @Test(arguments: [
    ("0.05 rps", "20 s", "2 h", 0, 100_000.0),  // reaping: one call every 20 s
    ("2 rps", "10 s", "60 s", 0, 14_400.0),  // recycling and the second environment's reaping
    ("40 rps", "2 s", "10 min", 0, 3_600.0),  // scale-out past the environments kept
    ("2 rps", "10 s", "60 s", 5, 7_200.0),  // provisioned: never cold
  ])
  func simulatorAgreesWithTheEstimate(
    rate: String, idle: String, lifetime: String, provisioned: Int, duration: Double
  ) throws {
    let model = try Self.model(
      rate: rate, idle: idle, lifetime: lifetime, provisioned: provisioned)
    let estimate = try #require(try model.coldStartEstimates()["fn"])
    let simulated = try Self.simulatedShare(model, duration: duration, seed: 3)
    print(
      "cold starts at \(rate), idle \(idle), lifetime \(lifetime), PC \(provisioned): "
        + "estimate \(estimate.fraction) (idle \(estimate.fromIdle), recycling "
        + "\(estimate.fromRecycling)), simulated \(simulated)")
    let tolerance = max(0.2 * estimate.fraction, 0.003)
    #expect(abs(simulated - estimate.fraction) <= tolerance)
    if provisioned > 0 { #expect(estimate.fraction < 1e-6) }
  }

  /// At the golden path's steady 850k rps the Lambda tier keeps its environments: a
  /// structural model gives almost no cold starts, so provisioned concurrency has nothing
  /// to remove there and `latency` does not move.
  @Test func goldenPathSteadyLoadHasAlmostNoColdStarts() throws {
    let session = ModelFixtures.session()
    let model = try session.workspace.requireModel()
    let lambda = try #require(try model.coldStartEstimates()["lambda"])
    #expect(lambda.fraction < 1e-4, "\(lambda)")
    #expect(lambda.concurrency > 100, "\(lambda)")
    #expect(session.execute("set lambda.provisioned_concurrency = 3000").succeeded)
    let provisioned = try #require(
      try session.workspace.requireModel().coldStartEstimates()["lambda"])
    #expect(provisioned.fraction < lambda.fraction || lambda.fraction == 0)
  }

  /// Where cold starts are frequent (a function called every few seconds, idle lifetime
  /// 5 s), provisioned concurrency lowers `latency`'s p99.9.
  @Test func provisionedConcurrencyLowersTheTailWhereColdStartsHappen() throws {
    let cold = try Self.model(
      rate: "0.2 rps", idle: "5 s", lifetime: "2 h", latency: "{p50: 40 ms, p99: 60 ms}")
    let warm = try Self.model(
      rate: "0.2 rps", idle: "5 s", lifetime: "2 h", provisioned: 3,
      latency: "{p50: 40 ms, p99: 60 ms}")
    let before = try #require(try PathLatency.report(cold, perRoute: false).endToEnd.summary)
    let after = try #require(try PathLatency.report(warm, perRoute: false).endToEnd.summary)
    print("p99.9 \(before.p999) → \(after.p999) with 3 provisioned")
    #expect(after.p999 < before.p999 - 0.05)
  }

  @Test func retiredColdStartRateSaysWhatReplacedIt() {
    #expect(throws: Diagnostic.self) {
      _ = try SimulationFixtures.load(
        """
        flowbook: 1
        name: old
        components:
          fn: {kind: function, latency: 5 ms, cold_start_rate: 10%}
        path: [fn]
        """)
    }
    do {
      _ = try SimulationFixtures.load(
        """
        flowbook: 1
        name: old
        components:
          fn: {kind: function, latency: 5 ms, cold_start_rate: 10%}
        path: [fn]
        """)
    } catch {
      #expect(Diagnostic.from(error).headline.contains("idle_lifetime"))
    }
  }

  /// Edge settings stay finite: no rate, a zero lifetime, a zero idle lifetime.
  @Test func edgeSettingsStayFinite() {
    let none = ColdStartEstimate.steadyState(
      rate: 0, holdTime: 0.1, provisioned: 0, idleLifetime: 300, lifetime: 7200)
    #expect(none.fraction == 0)
    let always = ColdStartEstimate.steadyState(
      rate: 10, holdTime: 0.1, provisioned: 0, idleLifetime: 300, lifetime: 0)
    #expect(always.fraction == 1)
    let noIdle = ColdStartEstimate.steadyState(
      rate: 10, holdTime: 0.1, provisioned: 0, idleLifetime: 0, lifetime: .infinity)
    #expect(noIdle.fraction == 1)
    // 10M invocations/s held 20 ms: 200,000 environments, each replaced every 2 h.
    let huge = ColdStartEstimate.steadyState(
      rate: 1e7, holdTime: 0.02, provisioned: 0, idleLifetime: 300, lifetime: 7200)
    #expect(huge.fraction.isFinite && huge.fraction < 1e-4)
    #expect(abs(huge.fromRecycling - 0.02 / 7200) < 1e-7)
  }

  /// A concurrency of 7.6 × 10¹¹ is quick, and blocks of levels agree with the exact sum.
  ///
  /// The fuzzer's slowest model (10¹² million requests a month held 2 s) walked ten million
  /// busy levels per evaluation, 15 s a command.
  @Test func aHugeConcurrencyIsQuickAndAgreesWithTheExactSum() {
    let started = ContinuousClock.now
    let vast = ColdStartEstimate.steadyState(
      rate: 3.8e11, holdTime: 2, provisioned: 0, idleLifetime: 300, lifetime: 7200)
    #expect(ContinuousClock.now - started < .seconds(1))
    #expect(vast.fraction.isFinite)
    #expect(abs(vast.fromRecycling - 2.0 / 7200) < 1e-9)
    #expect(abs(vast.environments / 7.6e11 - 1) < 1e-6)
    // Just past the level-by-level limit (blocks of 2 levels), against the sum level by
    // level written out here.
    let (rate, idle) = (3e6, 0.002)
    let blocked = ColdStartEstimate.steadyState(
      rate: rate, holdTime: 1, provisioned: 0, idleLifetime: idle, lifetime: 7200)
    let n = rate
    let spread = 12 * n.squareRoot() + 40
    let (low, high) = (Int(n - spread), Int(n + spread))
    var idleRate = 0.0
    for busy in low...high {
      let visits = rate * exp(-n + Double(busy) * log(n) - lgamma(Double(busy) + 1))
      idleRate += visits * exp(-visits * idle)
    }
    #expect(abs(blocked.fromIdle - idleRate / rate) <= 1e-3 * idleRate / rate + 1e-15)
  }
}
