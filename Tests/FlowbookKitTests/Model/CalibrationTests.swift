import Testing

@testable import FlowbookKit

/// The default model must reproduce the golden-path seed's headline latencies (seed lines
/// 106-109) within 10 %; the calibrated figures are documented in the dataset.
@Suite struct CalibrationTests {
  static let headline: [(name: String, target: Double)] = [
    ("p50", 0.023), ("p90", 0.056), ("p99", 0.087), ("p999", 0.145),
  ]

  @Test func goldenPathReproducesTheSeedsHeadlinePercentiles() throws {
    let model = try ModelFixtures.golden()
    let summary = try #require(try PathLatency.report(model, perRoute: false).endToEnd.summary)
    for (name, target) in Self.headline {
      let value = try #require(summary.value(named: name))
      let error = abs(value - target) / target
      print("calibration \(name): \(value * 1e3) ms, seed \(target * 1e3) ms")
      #expect(error < 0.10, "\(name): \(value * 1e3) ms vs seed \(target * 1e3) ms")
      #expect(error < 0.02, "\(name) drifted from the calibration: \(value * 1e3) ms")
    }
  }
}
