import Foundation
import Testing

@testable import FlowbookKit

@Suite struct BurstBacklogTests {
  /// 10 batches of 10 messages taking 1 s: 100 messages/s, already fully scaled.
  static let fixedPool = BurstBacklog.Consumers(
    batchSize: 10, batchDuration: 1, maximumConcurrency: 10, initialConcurrency: 10)

  @Test func documentationExample() throws {
    let input = try BurstBacklog.InputProfile.burst(
      baseRate: 1_000, multiplier: 10, start: 60, duration: 300)
    let esm = BurstBacklog.Consumers(batchSize: 10, batchDuration: 0.5)
    let outcome = try BurstBacklog.analyse(input: input, consumers: esm, sampleStep: 10)
    // 10,000 msg/s against at most 1,000 × 20 = 20,000: a backlog, then a drain.
    #expect(outcome.peakBacklog > 0 && outcome.peakTime > 60 && outcome.peakTime < 360)
    guard case .drained(let after) = outcome.drain else {
      Issue.record("expected a drain, got \(outcome.drain)")
      return
    }
    #expect(after == 0)  // drained before the burst ended
  }

  @Test func constantOverloadThenRecoveryByHand() throws {
    // 50/s, ×3 = 150/s for 120 s from t = 60, against 100/s of capacity.
    let input = try BurstBacklog.InputProfile.burst(
      baseRate: 50, multiplier: 3, start: 60, duration: 120)
    let out = try BurstBacklog.analyse(input: input, consumers: Self.fixedPool, sampleStep: 10)
    // Peak = (in − out)·d = (150 − 100)·120 at the end of the burst.
    expectClose(out.peakBacklog, 6_000, within: 1e-9)
    expectClose(out.peakTime, 180, within: 1e-9)
    // Drain = peak / (out − in after) = 6,000 / (100 − 50).
    #expect(out.drain == .drained(afterLastChange: 120))
    // FIFO: at 180 s the 12,000 burst messages served arrived over 80 s from t = 60.
    expectClose(out.oldestAgeAtPeak, 40, within: 1e-9)
    expectClose(out.arrivedByLastChange, 50 * 60 + 150 * 120, within: 1e-9)
    // Samples: up to the drain at 300 s, linear in between.
    #expect(out.samples.count == 31)
    expectClose(out.samples[12].backlog, 50 * 60, within: 1e-9)  // t = 120
    expectClose(out.samples[24].backlog, 6_000 - 50 * 60, within: 1e-9)  // t = 240
    #expect(out.samples.last?.backlog == 0)
  }

  /// Idle for 10 s, then 2,000 msg/s for 100 s, then nothing.
  static let spike = Result {
    try BurstBacklog.InputProfile(steps: [
      .init(start: 0, rate: 0), .init(start: 10, rate: 2_000), .init(start: 110, rate: 0),
    ])
  }

  @Test func esmRampByHand() throws {
    // Batches of 10 take 2 s (k = 5 msg/s per batch); the ESM starts at 5 batches and adds
    // 300/min = 5/s: N = 5 + 5τ at τ = t − 10 s, so Q = 2000τ − 5(5τ + 2.5τ²) =
    // 1975τ − 12.5τ², peaking at τ = 79 s.
    let esm = BurstBacklog.Consumers(batchSize: 10, batchDuration: 2)
    let out = try BurstBacklog.analyse(input: try Self.spike.get(), consumers: esm, sampleStep: 1)
    expectClose(out.peakTime, 89, within: 1e-9)
    expectClose(out.peakBacklog, 1_975 * 79 - 12.5 * 79 * 79, within: 1e-6)
    // Head at the peak: D = A − Q = 158,000 − 78,012.5 served, so it arrived D / 2,000 s
    // after the burst began.
    expectClose(out.oldestAgeAtPeak, 79 - (158_000 - 78_012.5) / 2_000, within: 1e-9)
    expectClose(out.samples[60].backlog, 1_975 * 50 - 12.5 * 2_500, within: 1e-6)
    expectClose(out.samples[60].concurrency, 255, within: 1e-9)
    // After the burst: Q = 72,500 at N = 505, so 12.5s² + 2,525s − 72,500 = 0.
    let discriminant: Double = 2_525 * 2_525 + 4 * 12.5 * 72_500
    let s: Double = (discriminant.squareRoot() - 2_525) / 25
    guard case .drained(let after) = out.drain else {
      Issue.record("expected a drain, got \(out.drain)")
      return
    }
    expectClose(after, s, within: 1e-9)
  }

  @Test func rampHitsTheConcurrencyCeiling() throws {
    // As above but at most 100 batches (500 msg/s), reached 19 s into the burst.
    let esm = BurstBacklog.Consumers(batchSize: 10, batchDuration: 2, maximumConcurrency: 100)
    let out = try BurstBacklog.analyse(input: try Self.spike.get(), consumers: esm, sampleStep: 5)
    let atCeiling = 1_975 * 19 - 12.5 * 19 * 19
    expectClose(out.peakBacklog, atCeiling + 1_500 * 81, within: 1e-6)
    expectClose(out.peakTime, 110, within: 1e-9)
    #expect(out.drain == .drained(afterLastChange: (atCeiling + 1_500 * 81) / 500))
    expectClose(out.maximumDrainRate, 500, within: 0)
  }

  @Test func overloadThatNeverDrains() throws {
    let input = try BurstBacklog.InputProfile.burst(
      baseRate: 120, multiplier: 2, start: 10, duration: 10)
    let out = try BurstBacklog.analyse(input: input, consumers: Self.fixedPool, sampleStep: 1)
    #expect(out.drain == .never(backlogGrowthRate: 20))
    // Default horizon: twice the last change (40 s); still growing at its end.
    expectClose(out.samples.last?.time ?? 0, 40, within: 0)
    expectClose(out.peakBacklog, 20 * 10 + 140 * 10 + 20 * 20, within: 1e-9)
    for sample in out.samples {
      #expect(sample.backlog.isFinite && sample.oldestAge.isFinite)
    }
  }

  @Test func absorbedBurstNeverQueues() throws {
    let input = try BurstBacklog.InputProfile.burst(
      baseRate: 20, multiplier: 4, start: 5, duration: 5)
    let out = try BurstBacklog.analyse(input: input, consumers: Self.fixedPool, sampleStep: 1)
    #expect(out.peakBacklog == 0 && out.drain == .drained(afterLastChange: 0))
    #expect(out.samples.allSatisfy { $0.backlog == 0 && $0.oldestAge == 0 })
    expectClose(out.samples[7].drainRate, 80, within: 0)
  }

  @Test func rejectsBadInput() {
    #expect(throws: AnalysisInputError.self) {
      try BurstBacklog.InputProfile(steps: [.init(start: 1, rate: 1)])
    }
    #expect(throws: AnalysisInputError.self) {
      try BurstBacklog.InputProfile(steps: [.init(start: 0, rate: 1), .init(start: 0, rate: 2)])
    }
    #expect(throws: AnalysisInputError.self) {
      let input = try BurstBacklog.InputProfile(steps: [.init(start: 0, rate: 1)])
      _ = try BurstBacklog.analyse(input: input, consumers: Self.fixedPool, sampleStep: 0)
    }
    #expect(throws: AnalysisInputError.self) {
      let input = try BurstBacklog.InputProfile(steps: [.init(start: 0, rate: 1)])
      _ = try BurstBacklog.analyse(
        input: input, consumers: Self.fixedPool, sampleStep: 1e-6, horizon: 1e6)
    }
  }
}
