import Foundation
import Testing

@testable import FlowbookKit

/// Timings of `latency` and a 1,000-point sweep, printed, not asserted (timings on a shared
/// machine are not a test).
///
/// Run with FLOWBOOK_BENCHMARK=1.
@Suite(.enabled(if: ProcessInfo.processInfo.environment["FLOWBOOK_BENCHMARK"] != nil))
struct PathModelBenchmarks {
  @Test func latencyAndSweep() throws {
    let model = try ModelFixtures.golden()
    let clock = ContinuousClock()
    let tree = try model.latencyTree()
    let composeTime = clock.measure { for _ in 0..<100 { _ = tree.compose() } }
    print("compose whole tree: \(composeTime / 100)")
    let step = tree.compose().step
    let fixed = clock.measure {
      for _ in 0..<100 { _ = tree.compose(options: LatencyCompositionOptions(step: step)) }
    }
    print("compose, fixed step: \(fixed / 100)")
    let report = clock.measure { for _ in 0..<20 { _ = try? PathLatency.report(model) } }
    print("latency report: \(report / 20)")
    let session = ModelFixtures.session()
    let sweep = clock.measure {
      _ = session.execute("sweep cdn.hit_rate from 50% to 100% steps 1000 show p50, p99, p999")
    }
    print("sweep 1000: \(sweep)")
  }
}
