import Foundation
import Testing

@testable import FlowbookKit

/// The path simulator against the analytical model and queueing theory, and its AWS
/// behaviours one at a time on small models.
///
/// Runs are sized so that each check's noise is well inside its tolerance (the debug
/// build optimises FlowbookKit, so a few million requests take seconds). Every run is
/// seeded; a failure prints the figures.
@Suite struct PathSimulationTests {
  // MARK: - Against the analytical model

  /// The acceptance check: the golden path in steady state (no limit binding, no fault)
  /// within 3 % of the analytical p50 and p99.
  ///
  /// 2.2 M measured requests put the p99's own
  /// sampling error near 0.3 %.
  @Test func goldenPathSteadyStateMatchesAnalyticalLatency() throws {
    let model = try SimulationFixtures.golden()
    let scenario = SimulationScenario(
      duration: 120, warmUp: 10, traffic: TrafficProfile(rate: 20_000), seed: 11)
    let result = try PathSimulation.run(model: model, scenario: scenario)
    let analytical = try #require(try PathLatency.report(model, perRoute: false).endToEnd.summary)
    for (name, simulated, expected) in [
      ("p50", result.percentile(50), analytical.p50),
      ("p99", result.percentile(99), analytical.p99),
    ] {
      let error = abs(simulated - expected) / expected
      print("golden path \(name): simulated \(simulated), analytical \(expected), \(error * 100) %")
      #expect(error < 0.03, "\(name): simulated \(simulated) vs analytical \(expected)")
    }
    #expect(result.counts.arrived > 2_000_000)
    #expect(result.counts.throttled == 0 && result.counts.errored == 0)
  }

  /// An ECS service with c workers and exponential handling is M/M/c: the mean latency
  /// (wait + service) within 2 % of Erlang C over 10 replications.
  @Test func serviceWorkersQueueLikeErlangC() throws {
    let model = try SimulationFixtures.load(SimulationFixtures.service)
    let scenario = SimulationScenario(
      duration: 20_000, warmUp: 1_000, traffic: TrafficProfile(rate: 7), seed: 3,
      bucketWidth: 100)
    let runs = try PathSimulation.replicate(model: model, scenario: scenario, replications: 10)
    let mean = ConfidenceInterval(estimates: runs.map(\.latency.mean))
    let theory = try #require(
      try Queueing.mmc(arrivalRate: 7, meanServiceTime: 1, servers: 10).stable)
    print("M/M/10 mean response: simulated \(mean), Erlang C \(theory.meanResponse)")
    #expect(abs(mean.mean - theory.meanResponse) / theory.meanResponse < 0.02)
  }

  /// A function with reserved concurrency c and fixed 100 ms handlers is a loss system:
  /// its throttled share is Erlang B's blocking (insensitive to the service distribution).
  @Test func reservedConcurrencyThrottlesLikeErlangB() throws {
    let model = try SimulationFixtures.load(SimulationFixtures.function)
    let scenario = SimulationScenario(
      duration: 600, warmUp: 20, traffic: TrafficProfile(rate: 200), seed: 5)
    let result = try PathSimulation.run(model: model, scenario: scenario)
    let blocking = try Queueing.erlangB(servers: 10, offeredLoad: 20)
    let share = result.counts.share(result.counts.throttled)
    print("throttled \(share), Erlang B \(blocking)")
    #expect(abs(share - blocking) < 0.015)
  }

  // MARK: - Components

  /// API Gateway's token bucket passes its rate plus its burst, and 429s the rest.
  @Test func gatewayTokenBucketThrottlesAboveItsRate() throws {
    let model = try SimulationFixtures.load(SimulationFixtures.gateway)
    let scenario = SimulationScenario(
      duration: 60, traffic: TrafficProfile(rate: 200, spacing: .constant), seed: 1)
    let result = try PathSimulation.run(model: model, scenario: scenario)
    let admitted = Double(result.counts.ok)
    #expect(abs(admitted - (100 * 60 + 50)) <= 2, "admitted \(admitted)")
    #expect(result.counts.ok + result.counts.throttled == result.counts.arrived)
  }

  /// Messages whose processing always fails are received max_receive_count times, one
  /// visibility timeout apart, then go to the DLQ.
  @Test func failingMessagesGoToTheDeadLetterQueue() throws {
    let model = try SimulationFixtures.load(SimulationFixtures.queue)
    let fault = FaultSpec(component: "db", kind: .errors(rate: 1), start: 0)
    let scenario = SimulationScenario(
      duration: 30, traffic: TrafficProfile(rate: 20), faults: [fault], seed: 2)
    let result = try PathSimulation.run(model: model, scenario: scenario)
    #expect(result.counts.deadLettered == result.counts.arrived)
    #expect(result.counts.ok == 0)
    #expect(result.usage.calls["db"] == 3 * result.counts.arrived)
    #expect(result.latency.count == 0)
  }

  /// The same messages, processed normally, are durable within a second.
  @Test func queueConsumersDrainMessages() throws {
    let model = try SimulationFixtures.load(SimulationFixtures.queue)
    let scenario = SimulationScenario(duration: 60, traffic: TrafficProfile(rate: 200), seed: 2)
    let result = try PathSimulation.run(model: model, scenario: scenario)
    #expect(result.counts.ok == result.counts.arrived)
    #expect(result.percentile(99) < 1)
  }

  /// A function that sends to a queue is done when SendMessage returns: at 50 rps of
  /// 10 ms sends its environments stay near 50 × 10 ms, though the consumer takes 1 s.
  @Test func aSendingFunctionIsFreeOnceTheMessageIsQueued() throws {
    let model = try SimulationFixtures.load(
      """
      flowbook: 1
      name: producer
      components:
        fn: {kind: function, latency: 10 ms, warm_start: 0 ms, cold_start: 0 ms, memory: 1024 MB}
        q: {kind: queue, latency: 5 ms, visibility_timeout: 30 s}
        worker: {kind: function, latency: 1 s, reserved_concurrency: 10, timeout: 10 s}
      path: [fn, q, worker]
      """)
    let scenario = SimulationScenario(duration: 20, traffic: TrafficProfile(rate: 50), seed: 1)
    let result = try PathSimulation.run(model: model, scenario: scenario)
    let sending = try #require(result.usage.gigabyteSeconds["fn"])
    let arrived = Double(result.counts.arrived)
    #expect(result.counts.ok == result.counts.arrived)
    #expect(abs(sending - arrived * 0.010) < 0.05 * arrived * 0.010)
    #expect(result.peakConcurrency <= 16)
    #expect(result.percentile(50) > 1)
  }

  /// The same when the queue is one arm of a branch inside the function's call: the
  /// function is billed 10 ms per request plus its 5 ms table call or its 5 ms send, and
  /// messages processed again after a timed-out batch do not give its environment back
  /// twice.
  @Test func aFunctionSendingFromABranchIsFreeAtTheSend() throws {
    let model = try SimulationFixtures.load(
      """
      flowbook: 1
      name: branch-producer
      components:
        fn: {kind: function, latency: 10 ms, warm_start: 0 ms, cold_start: 0 ms, memory: 1024 MB}
        q: {kind: queue, latency: 5 ms, visibility_timeout: 10 s, batch_size: 10}
        worker: {kind: function, latency: 10 ms, timeout: 1 s, reserved_concurrency: 2}
        archive: {kind: storage, latency: {p50: 20 ms, p99: 3 s}}
        db: {kind: database, latency: 5 ms}
      path:
        - fn
        - branch:
            - {name: async, p: 50%, path: [q, worker, archive]}
            - {name: sync, p: rest, path: [db]}
      """)
    let scenario = SimulationScenario(duration: 30, traffic: TrafficProfile(rate: 100), seed: 4)
    let result = try PathSimulation.run(model: model, scenario: scenario)
    let billed = try #require(result.usage.gigabyteSeconds["fn"])
    let sends = try #require(result.usage.calls["q"])
    let calls = Double(try #require(result.usage.calls["db"]) + sends)
    let arrived = Double(result.counts.arrived)
    #expect(abs(billed - (0.010 * arrived + 0.005 * calls)) < 1e-6 * arrived)
    #expect(try #require(result.usage.reprocessed["q"]) > 0)
    #expect(result.counts.ok == result.counts.arrived)
  }

  /// While the breaker is open the dependency sees no calls: far fewer calls than
  /// requests during a total outage, and every request fails.
  @Test func circuitBreakerFailsFastWhileOpen() throws {
    let model = try SimulationFixtures.load(SimulationFixtures.service)
    let fault = FaultSpec(component: "svc", kind: .errors(rate: 1), start: 0)
    let scenario = SimulationScenario(
      duration: 100, traffic: TrafficProfile(rate: 5), faults: [fault], breakers: ["svc"],
      seed: 4)
    let result = try PathSimulation.run(model: model, scenario: scenario)
    let calls = result.usage.calls["svc"] ?? 0
    print("breaker: \(calls) calls for \(result.counts.arrived) requests")
    #expect(result.counts.errored == result.counts.arrived)
    #expect(calls < 40 && calls >= 10)
  }

  /// A keyed TTL cache under Zipf keys hits as the renewal formula says.
  @Test func keyedTTLCacheMatchesTheRenewalFormula() throws {
    let model = try SimulationFixtures.load(SimulationFixtures.keyed)
    let scenario = SimulationScenario(
      duration: 300, warmUp: 20, traffic: TrafficProfile(rate: 1_000), seed: 9)
    let result = try PathSimulation.run(model: model, scenario: scenario)
    let hits = 1 - Double(result.usage.calls["db"] ?? 0) / Double(result.usage.calls["cache"] ?? 1)
    let theory = try CacheModel.ttl(
      popularity: try ZipfPopularity(keys: 10_000, exponent: 0.8), requestRate: 1_000, ttl: 10)
    print("keyed TTL hit ratio: simulated \(hits), renewal formula \(theory.hitRatio)")
    #expect(abs(hits - theory.hitRatio) < 0.02)
  }

  // MARK: - Traffic and faults

  @Test func spikesStepsAndReplaysShapeArrivals() throws {
    let model = try SimulationFixtures.load(SimulationFixtures.gateway)
    var traffic = TrafficProfile(rate: 50, spacing: .constant)
    traffic.spikes = [.init(factor: 4, start: 10, duration: 5)]
    traffic.steps = [.init(start: 20, rate: 20)]
    let result = try PathSimulation.run(
      model: model, scenario: SimulationScenario(duration: 30, traffic: traffic, seed: 1))
    let arrivals = result.series.arrivals.map { Int($0) }
    #expect(abs(arrivals[5] - 50) <= 1 && abs(arrivals[12] - 200) <= 1, "\(arrivals)")
    #expect(abs(arrivals[25] - 20) <= 1, "\(arrivals)")
    let replay = TrafficProfile(rate: 0, replay: [10, 30, 0, 40], replayName: "r.csv")
    let replayed = try PathSimulation.run(
      model: model, scenario: SimulationScenario(duration: 6, traffic: replay, seed: 1))
    let counts = replayed.series.arrivals.map { Double($0) }
    #expect(counts[2] == 0)
    #expect(counts[3] > 20 && counts[5] > 20 && counts[0] < 25, "\(counts)")
  }

  /// Region failover: requests to the origin fail from the failure until Route 53's mean
  /// detection plus up to one TTL, then succeed in the standby region.
  @Test func regionFailoverFollowsRoute53Timing() throws {
    let model = try SimulationFixtures.golden()
    let scenario = SimulationScenario(
      duration: 200, traffic: TrafficProfile(rate: 2_000),
      faults: [FaultSpec(component: nil, kind: .regionFailover, start: 20)], seed: 6)
    let result = try PathSimulation.run(model: model, scenario: scenario)
    let plan = FaultPlan.failover(at: 20, model: model)
    let errors = result.series.errors
    #expect(errors[..<20].allSatisfy { $0 == 0 })
    #expect(errors[25] > 0)
    let clear = Int((plan.switched + plan.ttl).rounded(.up)) + 1
    #expect(errors[clear...].allSatisfy { $0 == 0 }, "errors after \(clear) s")
    // CloudFront is global: it keeps its copies through the switch, so while resolvers
    // switch only the misses and the few copies expired since the failure (2 % of a
    // 3,600 s TTL by then) fail: about 7 % of requests, not the 95 % a flushed edge sent
    // to the dead primary.
    let switching = Int(plan.switched.rounded(.up))..<(clear - 10)
    let failedShare =
      Double(errors[switching].reduce(0, +))
      / Double(result.series.arrivals[switching].reduce(0, +))
    #expect(failedShare > 0.01 && failedShare < 0.1, "failed while switching: \(failedShare)")
    #expect(
      result.counts.ok + result.counts.errored + result.counts.blocked
        == result.counts.arrived)
  }

  // MARK: - Retry storms

  /// With client retries, a 10 s slowdown of the ECS tier's database leaves it overloaded
  /// after the fault ends (a metastable failure); with one attempt the backlog drains.
  @Test func clientRetriesTurnASlowdownIntoAMetastableFailure() throws {
    var results: [Int: RecoveryReport] = [:]
    for attempts in [1, 3] {
      var model = try SimulationFixtures.load(SimulationFixtures.storm)
      model = try model.setting(
        try #require(ParameterAddress("workload.client_attempts")),
        to: .quantity(.init(exactly: Double(attempts))))
      let scenario = SimulationScenario(
        duration: 90, traffic: TrafficProfile(rate: 160),
        faults: [FaultSpec(component: "db", kind: .latency(factor: 5), start: 20, duration: 10)],
        seed: 8)
      let result = try PathSimulation.run(model: model, scenario: scenario)
      results[attempts] = try #require(RecoveryReport(result))
    }
    let once = try #require(results[1])
    let thrice = try #require(results[3])
    print("one attempt: \(once)\nthree attempts: \(thrice)")
    #expect(once.recovered)
    #expect(!thrice.recovered)
    #expect(thrice.attemptsAfter > 1.5)
  }

  // MARK: - Determinism and conservation

  /// Same seed, same result, in parallel or serial; another seed differs.
  @Test func sameSeedSameResultWhateverTheThreads() throws {
    let model = try SimulationFixtures.golden()
    let scenario = SimulationScenario(
      duration: 20, traffic: TrafficProfile(rate: 50_000),
      faults: [FaultSpec(component: "dynamodb", kind: .latency(factor: 5), start: 5, duration: 5)],
      seed: 42)
    let parallel = try PathSimulation.run(model: model, scenario: scenario, parallel: true)
    let serial = try PathSimulation.run(model: model, scenario: scenario, parallel: false)
    #expect(parallel.counts == serial.counts)
    #expect(parallel.latency == serial.latency)
    #expect(parallel.series == serial.series)
    #expect(parallel.calls == serial.calls)
    #expect(parallel.events == serial.events)
    var other = scenario
    other.seed = 43
    #expect(try PathSimulation.run(model: model, scenario: other).latency != parallel.latency)
  }

  /// Every measured request ends one way or another.
  @Test func everyRequestIsCountedOnce() throws {
    let model = try SimulationFixtures.load(SimulationFixtures.storm)
    let scenario = SimulationScenario(
      duration: 60, warmUp: 5, traffic: TrafficProfile(rate: 300),
      faults: [FaultSpec(component: "db", kind: .errors(rate: 0.3), start: 10, duration: 20)],
      seed: 12)
    let result = try PathSimulation.run(model: model, scenario: scenario)
    let c = result.counts
    let ended = c.ok + c.throttled + c.errored + c.timedOut + c.blocked + c.deadLettered
    #expect(ended + c.unfinished == c.arrived)
    #expect(c.errored > 0 || c.timedOut > 0)
  }
}
