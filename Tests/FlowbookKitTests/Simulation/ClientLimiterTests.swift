import Foundation
import Testing

@testable import FlowbookKit

/// WAF's rate-based rule per client IP: a trailing count over the evaluation window,
/// blocked requests included, re-decided every 10 s.
@Suite struct ClientLimiterTests {
  /// 1,000 requests a minute, decided every 10 s, for one client.
  private func limiter() -> ClientLimiter {
    ClientLimiter(
      ClientLimiterSpec(
        component: 0, limit: 1_000, window: 60, checkInterval: 10, clients: 1, skew: nil))
  }

  /// Sends evenly at `perMinute` from `start` for `seconds`; the times of admitted requests.
  private func send(
    _ limiter: inout ClientLimiter, perMinute: Double, from start: Double, for seconds: Double
  ) -> [Double] {
    let gap = 60 / perMinute
    var admitted: [Double] = []
    var time = start
    while time < start + seconds {
      if limiter.admit(client: 0, at: time) { admitted.append(time) }
      time += gap
    }
    return admitted
  }

  /// A client at twice the limit is blocked from the first check past the limit on.
  ///
  /// Its count crosses 1,000 at 30 s, the check at 40 s blocks it, and it stays blocked
  /// while it keeps sending: its blocked requests count. A fixed window would let half
  /// through.
  @Test func aClientAboveTheLimitStaysBlocked() {
    var waf = limiter()
    let admitted = send(&waf, perMinute: 2_000, from: 0, for: 600)
    #expect(admitted.count == 1_334)
    #expect((admitted.last ?? 0) < 40)
  }

  /// Below the limit nothing is blocked, across window boundaries.
  @Test func aClientBelowTheLimitPasses() {
    var waf = limiter()
    let admitted = send(&waf, perMinute: 900, from: 0, for: 600)
    #expect(admitted.count == 9_000)
    #expect(waf.blocked == 0)
  }

  /// When the client slows to half the limit, the trailing estimate falls below the limit
  /// 40 s later (2,000 → 500 a minute across a 60 s window) and the next check lets it
  /// through: within AWS's "usually below 30 seconds" plus one check interval.
  @Test func aClientThatSlowsDownIsLetThroughAgain() throws {
    var waf = limiter()
    _ = send(&waf, perMinute: 2_000, from: 0, for: 300)
    let after = send(&waf, perMinute: 500, from: 300, for: 120)
    let first = try #require(after.first)
    #expect(first >= 330 && first <= 350)
    #expect(after.count > 500 * 70 / 60 - 2)
  }

  /// On a path, only the clients over the limit are throttled.
  ///
  /// 100 clients with Zipf(1) activity at 100 rps and a limit of 800 a minute: only the
  /// busiest client (100/H₁₀₀ = 19.3 % of requests, 1,157 a minute) is over; it
  /// crosses 800 near 41.5 s and is blocked from the check at 40 or 50 s to the end, so
  /// 19.3 % × (300 − 45) / 300 ≈ 16.4 % of requests are throttled by WAF.
  @Test func theBusiestClientIsThrottledOnThePath() throws {
    let model = try SimulationFixtures.load(
      """
      flowbook: 1
      name: waf
      components:
        waf: {kind: waf, latency: 1 ms, rate_limit: 800 req / min}
      workload: {rate: 100 rps, clients: 100, client_skew: 1}
      path: [waf]
      """)
    let scenario = SimulationScenario(duration: 300, traffic: TrafficProfile(rate: 100), seed: 9)
    let result = try PathSimulation.run(model: model, scenario: scenario)
    let harmonic = (1...100).reduce(0.0) { $0 + 1 / Double($1) }
    let expected = (1 / harmonic) * (300 - 45) / 300
    let share = result.counts.share(result.counts.throttled)
    print("throttled \(share), expected \(expected)")
    #expect(abs(share - expected) < 0.01)
  }
}
