import Foundation
import Testing

@testable import FlowbookKit

/// The SQS event source mapping scales up from 5 batches by 300 a minute and back down
/// when its queue is empty, in both engines; failures return whole batches by default.
@Suite struct EventSourceMappingTests {
  /// Batches of 10 that take 1 s each: 2,000 messages/s need 200 concurrent batches.
  static let slowConsumer = """
    flowbook: 1
    name: esm
    components:
      q: {kind: queue, latency: 1 ms, batch_size: 10, visibility_timeout: 30 s}
      worker:
        kind: function
        latency: 1 s
        warm_start: 0 ms
        cold_start: 0 ms
        timeout: 3 s
        reserved_concurrency: 1000
    path: [q, worker]
    """

  /// A quiet minute, a 2-minute step to 2,000 messages/s, a quiet hour, and the same
  /// step again.
  static let twoSteps: [(start: Double, rate: Double)] = [
    (0, 0), (60, 2_000), (180, 0), (3_780, 2_000), (3_900, 0),
  ]

  @Test func secondBurstAfterAQuietHourStartsFromFiveBatchesInTheSimulator() throws {
    let model = try SimulationFixtures.load(Self.slowConsumer)
    let traffic = TrafficProfile(
      rate: Self.twoSteps[0].rate,
      steps: Self.twoSteps.dropFirst().map { TrafficProfile.Step(start: $0.start, rate: $0.rate) })
    let scenario = SimulationScenario(duration: 3_960, traffic: traffic, seed: 5)
    let result = try PathSimulation.run(model: model, scenario: scenario)
    func peak(_ range: Range<Double>) -> Int {
      let series = result.series
      var top = 0
      for index in 0..<series.bucketCount
      where range.contains(Double(index) * series.bucketWidth) {
        top = max(top, series.maxConcurrency[index])
      }
      return top
    }
    let firstStart = peak(60..<62)
    let firstLater = peak(120..<180)
    let secondStart = peak(3_780..<3_782)
    let secondLater = peak(3_840..<3_900)
    print(
      "batches: first step \(firstStart) → \(firstLater), second \(secondStart) → \(secondLater)")
    // Starts at 5, adds 5 a second: at most 15 in the first two seconds of each step.
    #expect(firstStart <= 15)
    #expect(secondStart <= 15)
    #expect(firstLater >= 190)
    #expect(secondLater >= 190)
  }

  @Test func secondBurstAfterAQuietHourStartsFromFiveBatchesInTheFluidModel() throws {
    let input = try BurstBacklog.InputProfile(
      steps: Self.twoSteps.map { BurstBacklog.InputProfile.Step(start: $0.start, rate: $0.rate) })
    let outcome = try BurstBacklog.analyse(
      input: input, consumers: BurstBacklog.Consumers(batchSize: 10, batchDuration: 1),
      sampleStep: 1, horizon: 3_960)
    func concurrency(at time: Double) -> Double {
      outcome.samples.first { $0.time >= time }?.concurrency ?? .nan
    }
    print(
      "fluid batches: \(concurrency(at: 60)) at 60 s, \(concurrency(at: 160)) at 160 s, "
        + "\(concurrency(at: 3_780)) at 3,780 s, \(concurrency(at: 3_781)) at 3,781 s")
    #expect(concurrency(at: 60) == 5)
    #expect(concurrency(at: 3_780) == 5)
    #expect(abs(concurrency(at: 3_781) - 10) < 1e-9)
    #expect(concurrency(at: 160) >= 199)
  }

  /// A consumer that fails 1 call in 5: with whole-batch retry (the default) every message
  /// of a failed batch comes back, so far more are processed again than with
  /// `batch_failure: item`, where only the failed ones do.
  @Test func wholeBatchFailureReturnsTheBatchItemFailureOnlyTheMessage() throws {
    func run(_ failure: String) throws -> (reprocessed: UInt64, ok: UInt64) {
      let model = try SimulationFixtures.load(
        """
        flowbook: 1
        name: failing
        components:
          q: {kind: queue, latency: 1 ms, batch_size: 10, visibility_timeout: 5 s, \
        batch_failure: \(failure)}
          worker: {kind: function, latency: 20 ms, timeout: 2 s, reserved_concurrency: 100}
          db: {kind: database, latency: 2 ms}
        path: [q, worker, db]
        """)
      let scenario = SimulationScenario(
        duration: 60, traffic: TrafficProfile(rate: 200),
        faults: [FaultSpec(component: "db", kind: .errors(rate: 0.2), start: 0)],
        seed: 9)
      let result = try PathSimulation.run(model: model, scenario: scenario)
      return (result.usage.reprocessed["q"] ?? 0, result.counts.ok)
    }
    let whole = try run("whole")
    let item = try run("item")
    print("reprocessed: whole batch \(whole.reprocessed), per item \(item.reprocessed)")
    #expect(item.reprocessed == 0)
    #expect(whole.reprocessed > 1_000)
    #expect(throws: Diagnostic.self) { _ = try run("some") }
  }
}
