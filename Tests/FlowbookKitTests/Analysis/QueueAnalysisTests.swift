import Quantities
import Testing

@testable import FlowbookKit

/// The queue glue: arrivals and holding times from the path, Erlang figures equal to
/// `Queueing` called directly, and the SQS burst equal to `BurstBacklog` on the same inputs.
@Suite struct QueueAnalysisTests {
  private func set(_ model: PathModel, _ component: String, _ parameter: String, _ value: Double)
    throws -> PathModel
  {
    try model.setting(
      ParameterAddress(component: component, parameter: parameter),
      to: .quantity(.count(value)))
  }

  @Test func lambdaArrivalsAndHoldComeFromThePath() throws {
    let model = try ModelFixtures.golden()
    let (stations, missing) = try QueueAnalysis.stations(model)
    #expect(stations.map(\.component) == ["lambda"])
    #expect(missing == ["ecs"])
    let lambda = try #require(stations.first)
    #expect(abs(lambda.arrivalRate - 25_500) < 1e-6)
    #expect(lambda.servers == 15_000_000)
    // The hold covers start-up, the handler, Redis and a share of DynamoDB: above the
    // handler's own mean and below the 45 ms Lambda budget.
    let handler = try #require(model.component(named: "lambda")?["latency"]?.distribution).mean
    #expect(lambda.holdTime > handler && lambda.holdTime < 0.045, "\(lambda.holdTime)")
    #expect(lambda.loss.blocking == 0)
  }

  @Test func aReservedConcurrencyBelowTheLoadThrottles() throws {
    // Structural cold starts are rare at 850k rps, so the offered load is about 550
    // erlangs (it was 840 with a typed 14 % cold share): 300 servers are far below it.
    let model = try set(try ModelFixtures.golden(), "lambda", "reserved_concurrency", 300)
    let station = try QueueAnalysis.station(model, component: "lambda", rate: 850_000)
    #expect(station.servers == 300)
    #expect(station.mmc.stable == nil, "A ≈ 550 erlangs cannot queue on 300 servers")
    let expected = try Queueing.erlangB(servers: 300, offeredLoad: station.offeredLoad)
    #expect(abs(station.loss.blocking - expected) < 1e-12)
    #expect(station.loss.blocking > 0.3)
  }

  @Test func overridesGiveTheTextbookQueues() throws {
    let model = try ModelFixtures.golden()
    let station = try QueueAnalysis.station(
      model, component: "lambda", rate: 850_000,
      overrides: .init(servers: 1_000, holdTime: 0.03))
    let lambda = station.arrivalRate
    #expect(abs(lambda - 25_500) < 1e-6)
    let direct = try Queueing.mmc(arrivalRate: lambda, meanServiceTime: 0.03, servers: 1_000)
    #expect(station.mmc == direct)
    #expect(station.md1 == (try Queueing.md1(arrivalRate: lambda / 1_000, serviceTime: 0.03)))
    do {
      _ = try QueueAnalysis.station(model, component: "ecs", rate: 850_000)
      Issue.record("ecs states no servers")
    } catch {
      #expect(error.message.contains("set ecs.tasks"), "\(error.message)")
    }
  }

  @Test func goldenPathDLQIsFedByLambdaFailures() throws {
    let setup = try QueueAnalysis.burstSetup(try ModelFixtures.golden())
    #expect(setup.queue == "dlq")
    // API Gateway admits 10,000 rps at the rate and the peak; 60 % go to Lambda, 1 % of
    // whose invocations fail into the DLQ.
    #expect(abs(setup.baseRate - 10_000 * 0.6 * 0.01) < 1e-9)
    #expect(abs(setup.burstRate - 10_000 * 0.6 * 0.01) < 1e-9)
    #expect(setup.duration == 3_600)
    #expect(setup.processingTime == 0.2)
    #expect(setup.maximumConcurrency == 1_000)
  }

  @Test func burstMatchesTheFluidModelAndFindsTheEmptyMoment() throws {
    let model = try ModelLoader.load(file: ModelFixtures.datasets + "/serverless-burst.yaml")
    let report = try QueueAnalysis.burst(model)
    let setup = report.setup
    // API Gateway admits 10,000 of the 50,000 rps peak, after its 5,000-request bucket
    // let the first 125 ms through whole; 80 % of requests send a message.
    #expect(abs(setup.burstRate - 8_000) < 1e-9)
    #expect(abs(setup.openingRate - 40_000) < 1e-9)
    #expect(abs(setup.openingDuration - 0.125) < 1e-12)
    let consumers = BurstBacklog.Consumers(
      batchSize: setup.batchSize, batchDuration: setup.processingTime,
      maximumConcurrency: setup.maximumConcurrency)
    let input = try BurstBacklog.InputProfile(steps: [
      .init(start: 0, rate: setup.baseRate), .init(start: 7, rate: setup.openingRate),
      .init(start: 7 + setup.openingDuration, rate: setup.burstRate),
      .init(start: 7 + setup.duration, rate: setup.baseRate),
    ])
    let direct = try BurstBacklog.analyse(input: input, consumers: consumers, sampleStep: 1)
    #expect(abs(report.outcome.peakBacklog - direct.peakBacklog) < 1e-6 * direct.peakBacklog)
    #expect(abs(report.peakTime - (direct.peakTime - 7)) < 1e-6)
    let empty = try #require(report.emptyAt)
    func backlog(at t: Double) throws -> Double {
      try BurstBacklog.analyse(
        input: input, consumers: consumers, sampleStep: t + 7,
        horizon: t + 7
      ).samples.last?.backlog ?? -1
    }
    #expect(try backlog(at: empty - 0.01) > 0)
    #expect(try backlog(at: empty + 0.01) == 0)
    #expect(report.drainFromPeak == empty - report.peakTime)
  }

  @Test func argumentsReplaceTheModelsBurst() throws {
    var overrides = QueueAnalysis.BurstOverrides(
      burstRate: 100_000, duration: 60,
      processingTime: 0.1, concurrency: 100)
    overrides.unit = .messages
    let report = try QueueAnalysis.burst(try ModelFixtures.golden(), overrides: overrides)
    // 100 batches of 10 in 0.1 s drain 10,000 msg/s: the backlog outlives the burst.
    #expect(report.setup.maximumConcurrency == 100)
    #expect((report.drainAfterBurst ?? 0) > 0)
    #expect(report.outcome.peakBacklog > 1_000_000)
  }

  @Test func aModelWithoutAQueueSaysWhatToLoad() throws {
    let model = try ModelLoader.load(text: ModelFixtures.small, name: "small.yaml")
    do {
      _ = try QueueAnalysis.burstSetup(model)
      Issue.record("the small model has no queue")
    } catch {
      #expect(error.message.contains("load datasets/serverless-burst.yaml"), "\(error.message)")
    }
  }
}
