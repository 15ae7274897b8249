import Foundation
import Testing

@testable import FlowbookKit

/// Two commands held to the same number on the same model: the limits `capacity` reports
/// are the ones the simulator enforces and the admitted-load pass applies.
@Suite struct OneModelOneAnswerTests {
  private static let quotas = try? QuotaCatalog.load(
    datasets: URL(fileURLWithPath: ModelFixtures.datasets))
  private static let limits = SimulationLimits.load(datasets: ModelFixtures.datasets)

  private func session(_ lines: [String], sourceLocation: SourceLocation = #_sourceLocation)
    -> Session
  {
    coherenceSession(lines, sourceLocation: sourceLocation)
  }

  private func model(_ session: Session) throws -> PathModel {
    try session.workspace.requireModel()
  }

  private func capacity(_ model: PathModel) throws -> CapacityAnalysis.Report {
    try CapacityAnalysis.report(model, quotas: try #require(Self.quotas))
  }

  // MARK: - Lambda

  @Test func reservedConcurrencyFiftyIsFiftyInBothEngines() throws {
    let model = try model(session(["set lambda.reserved_concurrency = 50"]))
    let limit = try #require(
      try capacity(model).limits.first { $0.name == "lambda.reserved_concurrency" })
    #expect(limit.limit == 50)
    var compiler = PathCompiler(
      model: model, scenario: SimulationScenario(duration: 1, traffic: TrafficProfile(rate: 1)),
      limits: Self.limits)
    let (program, _) = try compiler.compile()
    let reserved = program.pools.compactMap { pool -> Int? in
      if case .function(let settings) = pool { return settings.reserved }
      return nil
    }
    #expect(reserved == [50])
  }

  @Test func anAccountQuotaUnderOneHundredIsNotRaised() throws {
    let model = try model(session(["set lambda.concurrency_limit = 50"]))
    let limit = try #require(try capacity(model).limits.first { $0.name == "lambda.concurrency" })
    #expect(limit.limit == 50)
    var compiler = PathCompiler(
      model: model, scenario: SimulationScenario(duration: 1, traffic: TrafficProfile(rate: 1)),
      limits: Self.limits)
    let (_, account) = try compiler.compile()
    #expect(account.unreserved == 50)
  }

  @Test func aReservationAWSWouldRefuseIsCutTheSameInBothEngines() throws {
    // serverless-burst reserves 1,000 of a 1,000 account; AWS keeps 100 unreserved.
    let model = try model(session(["load datasets/serverless-burst.yaml"]))
    let limit = try #require(
      try capacity(model).limits.first { $0.name == "consumer.reserved_concurrency" })
    #expect(limit.limit == 900)
    var compiler = PathCompiler(
      model: model, scenario: SimulationScenario(duration: 1, traffic: TrafficProfile(rate: 1)),
      limits: Self.limits)
    let (program, account) = try compiler.compile()
    #expect(account.unreserved == 100)
    let reserved = program.pools.compactMap { pool -> Int? in
      if case .function(let settings) = pool { return settings.reserved }
      return nil
    }
    #expect(reserved.contains(900))
  }

  /// 1 s handlers at 2,500 rps need 2,500 environments: the first 1,000 at once, then 100
  /// a second, so requests are throttled for 15 s in both engines.
  @Test func scaleOutFromZeroTakesTheSameTimeInBothEngines() throws {
    let text = """
      flowbook: 1
      name: scale
      components:
        fn: {kind: function, latency: 1 s, timeout: 30 s, concurrency_limit: 10000}
      workload: {rate: 1 rps, peak: 2500 rps}
      path: [fn]
      """
    let model = try SimulationFixtures.load(text)
    let report = try capacity(model)
    let scaling = try #require(report.scaling.first)
    #expect(abs(scaling.fromZero - 15) < 1e-9, "capacity: \(scaling.fromZero) s")
    let run = try PathSimulation.run(
      model: model,
      scenario: SimulationScenario(
        duration: 25, traffic: TrafficProfile(rate: 2_500), seed: 3, limits: Self.limits),
      parallel: false)
    let throttled = (0..<run.series.bucketCount).filter { run.series[$0].throttles > 0 }
    let last = try #require(throttled.last)
    // Poisson arrivals: the last throttle falls in the second where 2,500 are reached.
    #expect((14...16).contains(last), "simulator's last throttle in second \(last)")
  }

  // MARK: - DynamoDB

  /// `capacity --max` puts the golden path's table at its on-demand quota near 220,690
  /// rps; at 400k rps (API Gateway raised) the simulator refuses the calls above it.
  @Test func dynamoDBThrottlesWhereCapacitySaysItBreaks() throws {
    let model = try model(session(["set api_gateway.rate_limit = 10M rps"]))
    let report = try capacity(model)
    let table = try #require(report.limits.first { $0.name == "dynamodb.read_units" })
    let onset = table.breakRate
    #expect(abs(onset - 220_690) < 1, "capacity: \(onset)")
    let rate = 400_000.0
    let run = try PathSimulation.run(
      model: model,
      scenario: SimulationScenario(
        duration: 4, warmUp: 2, traffic: TrafficProfile(rate: rate), seed: 5,
        limits: Self.limits))
    let refused = try #require(run.usage.throttles["dynamodb.read_units"])
    let admitted = run.usage.readUnits["dynamodb"] ?? 0
    let perCall = LimitRegistry.dynamoDBUnits(try #require(model.component(named: "dynamodb")))
    let offeredUnits = admitted + Double(refused) * perCall.read
    // Over 4 s the table admits 40,000 units a second plus its one-second bucket.
    let expected = 40_000 * 5 / offeredUnits
    #expect(abs(admitted / offeredUnits - expected) < 0.02, "admitted share")
    #expect(run.usage.throttles["apigateway.throttle"] == nil)
    // Below the onset, no call is refused.
    let below = try PathSimulation.run(
      model: model,
      scenario: SimulationScenario(
        duration: 2, traffic: TrafficProfile(rate: onset * 0.8), seed: 5, limits: Self.limits))
    #expect(below.usage.throttles["dynamodb.read_units"] == nil)
  }

  /// An on-demand table with a previous peak (`read_capacity` 10,000 units/s) admits
  /// twice it at once, in `capacity` and in the simulator (which used to admit 20,000
  /// while `capacity` said 40,000): the onset falls to a quarter of the quota's.
  @Test func anOnDemandTablesPreviousPeakIsOneLimitInBothEngines() throws {
    let model = try model(
      session(["set api_gateway.rate_limit = 10M rps", "set dynamodb.read_capacity = 10k /s"]))
    let report = try capacity(model)
    let table = try #require(report.limits.first { $0.name == "dynamodb.read_units" })
    #expect(table.limit == 20_000, "capacity's limit \(table.limit)")
    #expect(abs(table.breakRate - 220_690 / 2) < 1, "capacity: \(table.breakRate)")
    let run = try PathSimulation.run(
      model: model,
      scenario: SimulationScenario(
        duration: 4, warmUp: 2, traffic: TrafficProfile(rate: 200_000), seed: 5,
        limits: Self.limits))
    // Over 4 s the table admits 20,000 units a second plus its one-second bucket.
    let admitted = run.usage.readUnits["dynamodb"] ?? 0
    #expect(abs(admitted - 20_000 * 5) < 0.02 * 20_000 * 5, "admitted \(admitted)")
    #expect(run.usage.throttles["dynamodb.read_units"] != nil)
  }

  // MARK: - SQS

  /// A queue's in-flight limit (`QUEUE.inflight`, 120,000 messages for a standard queue)
  /// is the registry's in `capacity`, `queue sqs`'s ceiling and the simulator's polls:
  /// with the quota cut to 30 messages, the mapping never has more than 30 received and
  /// undeleted, polls are held back by name, and the backlog grows where it did not.
  @Test func aQueuesInFlightLimitHoldsBackTheMapping() throws {
    let model = try model(session(["load serverless-burst"]))
    var tight = Self.limits
    var values = tight.quotaValues
    values["sqs.inflight.standard"] = 30
    tight.quotaFigures = QuotaFigure.sorted(values)
    // The polled queue (`queue_wait`, which the consumer's mapping reads).
    let capacityLimit = try #require(
      try capacity(model).limits.first { $0.name.hasSuffix(".inflight") })
    #expect(capacityLimit.limit == 120_000)
    let registry = LimitRegistry(model: model, quotaValues: values)
    #expect(registry[capacityLimit.name]?.value == 30)
    var compiler = PathCompiler(
      model: model, scenario: SimulationScenario(duration: 1, traffic: TrafficProfile(rate: 1)),
      limits: tight)
    let (program, _) = try compiler.compile()
    #expect(program.queues.map(\.inflightLimit) == [30])
    func run(_ limits: SimulationLimits) throws -> PathSimulationResult {
      try PathSimulation.run(
        model: model,
        scenario: SimulationScenario(
          duration: 8, traffic: TrafficProfile(rate: 2_000), seed: 3, limits: limits))
    }
    let free = try run(Self.limits)
    let held = try run(tight)
    #expect(free.usage.heldBack.isEmpty)
    #expect((held.usage.heldBack[capacityLimit.name] ?? 0) > 0, "\(held.usage.heldBack)")
    #expect(held.peakQueueDepth > free.peakQueueDepth)
  }

  // MARK: - Admitted load

  /// At a 70 % CDN hit rate API Gateway admits 10,000 of the 254,000 rps that reach it.
  ///
  /// 255,000 rps miss the CDN and WAF blocks 0.3 %; `cost` prices only the admitted calls
  /// downstream.
  @Test func latencyCacheAndCostNameTheGatewayThatShapesTheLoad() throws {
    let session = session(["set cdn.hit_rate = 70%"])
    for command in ["latency", "cache", "cost"] {
      let output = session.execute(command).plainOutput
      #expect(
        output.contains("api_gateway admits 10,000 of 254,000 rps (apigateway.throttle)"),
        "\(command)")
    }
    let model = try model(session)
    let quotas = try #require(Self.quotas)
    let admitted = try #require(try AdmittedLoad.ofWorkload(model, quotas: quotas))
    #expect(abs(admitted.admitted["lambda", default: 0] - 6_000) < 1, "60 % of 10,000")
    let offered = try CostAnalysis.report(
      model, prices: try CostCatalogs.load(directory: ModelFixtures.datasets).prices)
    let priced = try CostAnalysis.report(
      model, prices: try CostCatalogs.load(directory: ModelFixtures.datasets).prices,
      options: .init(admitted: true, quotas: quotas))
    let visits = { (report: CostAnalysis.Report) in
      report.components.first { $0.name == "lambda" }?.visits ?? 0
    }
    #expect(abs(visits(priced) / visits(offered) - 10_000 / 255_000) < 1e-9)
    #expect(priced.monthly < offered.monthly)
  }
}

/// `failover region` with a CDN in front, and the circuit breaker's settings as model
/// parameters read by `failover dependency` and `simulate` alike.
@Suite struct FailoverCoherenceTests {
  private func session(_ lines: [String], sourceLocation: SourceLocation = #_sourceLocation)
    -> Session
  {
    coherenceSession(lines, sourceLocation: sourceLocation)
  }

  @Test func regionLossDoesNotCountTheEdgesCacheHitsAsFailed() throws {
    let model = try session([]).workspace.requireModel()
    let report = try FailoverAnalysis.region(model)
    let rto = report.timeline.rtoMean
    let rate = report.rate
    // golden path: 95 % hits, TTL 3,600 s; a hit at t still finds a copy with p = 1 − t/TTL.
    let served = 0.95 * (rto - rto * rto / 7_200)
    #expect(abs(report.timeline.failedRequests - rate * (rto - served)) < 1e-6 * rate * rto)
    let missesOnly = try FailoverAnalysis.region(
      session(["set cdn.hit_rate = 0%"]).workspace.requireModel())
    #expect(abs(missesOnly.timeline.failedRequests - rate * missesOnly.timeline.rtoMean) < 1)
    #expect(report.timeline.failedRequests < 0.1 * missesOnly.timeline.failedRequests)
  }

  @Test func edgeCopiesRunOutAfterTheirTTL() {
    let edge = EdgeCache(hitShare: 1, ttl: 10)
    #expect(edge.servedSeconds(over: 100) == 5)
    #expect(edge.servedSeconds(over: 10) == 5)
    #expect(abs(edge.servedSeconds(over: 5) - 3.75) < 1e-12)
    #expect(EdgeCache(hitShare: .nan, ttl: .infinity).servedSeconds(over: 5) == 0)
  }

  @Test func breakerSettingsAreTheWorkloadsInBothEngines() throws {
    let session = session([
      "set workload.breaker_open_time = 10 s", "set workload.breaker_successes = 2",
      "set workload.breaker_window = 20",
    ])
    let model = try session.workspace.requireModel()
    let settings = try CircuitBreakerSettings(model: model)
    #expect(settings.openDuration == 10 && settings.successesToClose == 2)
    #expect(settings.window == 20 && settings.errorThreshold == 0.5)
    let report = try FailoverAnalysis.dependency(
      model, options: .init(name: "dynamodb", errorRate: 1, outage: 60))
    #expect(report.inputs.contains { $0.contains("10 s open") && $0.contains("2 successes") })
    let opened = try #require(report.timeline.events.first { $0.event.contains("open") })
    let probe = try #require(report.timeline.events.first { $0.event.contains("probe fails") })
    #expect(abs(probe.offset - opened.offset - 10) < 1e-9)
    var compiler = PathCompiler(
      model: model,
      scenario: SimulationScenario(
        duration: 1, traffic: TrafficProfile(rate: 1), breakers: ["dynamodb"]),
      limits: SimulationLimits())
    let (program, _) = try compiler.compile()
    #expect(program.breakerSettings == settings)
  }

  @Test func aBreakerSettingOutOfRangeIsRefusedByName() throws {
    let session = session(["set workload.breaker_window = 100"])
    let cell = session.execute("failover dependency dynamodb")
    #expect(!cell.succeeded)
    #expect(
      cell.plainOutput.contains("workload.breaker_window must be a whole number from 1 to 64"))
  }

  @Test func theSimulatorsBreakerReopensForTheOpenTimeAfterAFailedProbe() {
    var breaker = CircuitBreaker(
      settings: CircuitBreakerSettings(
        window: 2, errorThreshold: 0.5, openDuration: 10, probeInterval: 3, successesToClose: 2))
    for time in [0.0, 0.1] {
      _ = breaker.permit(at: time)
      breaker.record(failed: true, probe: false, at: time)
    }
    #expect(breaker.permit(at: 5) == nil)
    #expect(breaker.permit(at: 10.1) == true)
    breaker.record(failed: true, probe: true, at: 10.2)
    #expect(breaker.permit(at: 19) == nil)
    #expect(breaker.permit(at: 20.3) == true)
    breaker.record(failed: false, probe: true, at: 20.4)
    #expect(breaker.permit(at: 21) == nil)
    #expect(breaker.permit(at: 23.4) == true)
    breaker.record(failed: false, probe: true, at: 23.5)
    #expect(breaker.permit(at: 23.6) == false)
  }
}

/// `queue sqs` takes what API Gateway admits, in requests or messages as written.
@Suite struct QueueAdmissionTests {
  private func peak(_ session: Session, _ line: String) -> Double? {
    guard case .success(let result) = session.execute(line).outcome,
      case .number(let peak)? = result.data["peak_depth"]
    else { return nil }
    return peak
  }

  @Test func aBurstInRequestsPassesTheGatewayAndOneInMessagesDoesNot() throws {
    let session = ModelFixtures.session()
    #expect(session.execute("load datasets/serverless-burst.yaml").succeeded)
    let requests = session.execute("queue sqs burst 50k rps for 30 s base 0 rps").plainOutput
    #expect(requests.contains("api admits 10,000 of 50,000 rps (apigateway.throttle)"))
    #expect(requests.contains("burst 8,000 msg/s for 30 s"))
    let messages = session.execute("queue sqs burst 8k msg/s for 30 s base 0 msg/s").plainOutput
    #expect(messages.contains("burst 8,000 msg/s as given (messages)"))
    #expect(!messages.contains("admits"))
    // The same 8,000 msg/s, but requests also pass the bucket's first 125 ms whole.
    let fromRequests = try #require(peak(session, "queue sqs burst 50k rps for 30 s base 0 rps"))
    let fromMessages = try #require(peak(session, "queue sqs burst 8k msg/s for 30 s base 0 msg/s"))
    #expect(abs(fromRequests - fromMessages - 4_000) < 1)
  }
}

/// The fluid model and the simulator give the same peak backlog for the same burst.
@Suite struct QueueBacklogAgreementTests {
  /// From a cold start both engines ramp the event source mapping the same way.
  ///
  /// Both start at 5 batches and add 300 a minute; API Gateway (lowered to 4,000 rps to
  /// keep the run short) admits 3,200 msg/s of the 16,000 offered. Measured: fluid 13,800,
  /// simulated 15,243 (seed 1).
  @Test func queueSQSAndSimulateAgreeOnThePeakBacklog() throws {
    let session = ModelFixtures.session()
    for line in ["load datasets/serverless-burst.yaml", "set api.rate_limit = 4k rps"] {
      #expect(session.execute(line).succeeded)
    }
    guard
      case .success(let fluid) = session.execute(
        "queue sqs burst 20k rps for 20 s base 0 rps"
      ).outcome,
      case .success(let simulated) = session.execute("simulate 20 s rate 20k rps seed 1").outcome,
      case .number(let analytic)? = fluid.data["peak_depth"],
      case .number(let measured)? = simulated.data["peak_queue_depth"]
    else {
      Issue.record("queue sqs or simulate failed")
      return
    }
    #expect(abs(analytic / measured - 1) < 0.3, "fluid \(analytic), simulated \(measured)")
  }
}

/// A session on the default model after `lines`, each of which must succeed.
private func coherenceSession(
  _ lines: [String], sourceLocation: SourceLocation = #_sourceLocation
) -> Session {
  let session = ModelFixtures.session()
  for line in lines {
    let cell = session.execute(line)
    #expect(cell.succeeded, "\(line): \(cell.plainOutput)", sourceLocation: sourceLocation)
  }
  return session
}
