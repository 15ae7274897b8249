import Foundation
import Testing

@testable import FlowbookKit

/// Prints how long `compose` takes; asserts nothing, since timing depends on the machine.
///
/// Meaningful only in a release build (`swift test -c release --filter LatencyBenchmark`);
/// a debug build runs a few iterations so the test stays cheap.
@Test func latencyCompositionBenchmark() {
  #if DEBUG
  let (runs, sweepPoints) = (3, 10)
  #else
  let (runs, sweepPoints) = (300, 1_000)
  #endif
  let clock = ContinuousClock()
  for (name, tree) in [
    ("golden path", LatencyFixtures.goldenPath),
    ("fan-out + retries", LatencyFixtures.fanOutWithRetries),
  ] {
    var times: [Duration] = []
    for _ in 0..<runs { times.append(clock.measure { _ = tree.compose() }) }
    times.sort()
    print("compose \(name): min \(times[0]), median \(times[runs / 2]) over \(runs) runs")
  }
  // A what-if sweep: the CloudFront hit rate from 50 % to 99 %.
  let sweep = clock.measure {
    for point in 0..<sweepPoints {
      let hit = 0.5 + 0.49 * Double(point) / Double(max(1, sweepPoints - 1))
      _ = LatencyFixtures.goldenPath(cdnHitRate: hit).compose()
    }
  }
  print("sweep of \(sweepPoints) golden-path compositions: \(sweep)")
}
