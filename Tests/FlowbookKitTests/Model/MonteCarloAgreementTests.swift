import Testing

@testable import FlowbookKit

/// `latency`'s numerical composition against a Monte Carlo of the same `LatencyTree`
/// (10^7 requests, seeded): p50, p99 and p99.9 must agree within 1 %.
@Suite struct MonteCarloAgreementTests {
  static let samples = 10_000_000

  /// Parallel fan-out of 8, a branch inside it, and a timeout with three attempts and a
  /// jittered backoff, so every composition rule is exercised.
  static let fanOutAndRetries = """
    flowbook: 1
    name: fan-out-and-retries
    components:
      front: {kind: gateway, latency: {p50: 4 ms, p99: 15 ms}}
      cache: {kind: cache, latency: {p50: 0.5 ms, p99: 2 ms}, hit_rate: 70%}
      db: {kind: database, latency: {p50: 6 ms, p99: 40 ms}, parallel_queries: 8,
           timeout: 20 ms, attempts: 3}
      fn: {kind: function, latency: {mean: 5 ms}, cold_start: 90 ms, warm_start: 1 ms,
           idle_lifetime: 20 s}
    workload:
      rate: 0.05 rps    # one call every 20 s on average: about a third start cold
    path:
      - front
      - fn
      - parallel:
          count: db.parallel_queries
          path:
            - cache
            - branch:
                - {name: hit, p: cache.hit_rate}
                - name: miss
                  p: rest
                  path:
                    - retry: {timeout: db.timeout, attempts: db.attempts,
                              backoff: {lower: 0 ms, upper: 10 ms}, path: [db]}
    """

  @Test func goldenPathMatchesMonteCarlo() throws {
    try expectAgreement(try ModelFixtures.golden())
  }

  @Test func fanOutAndRetriesMatchMonteCarlo() throws {
    let model = try ModelLoader.load(text: Self.fanOutAndRetries, name: "fan-out.yaml")
    try expectAgreement(model)
  }

  private func expectAgreement(
    _ model: PathModel,
    sourceLocation: SourceLocation = #_sourceLocation
  ) throws {
    let tree = try model.latencyTree()
    let exact = try #require(tree.compose().summary)
    let simulated = try #require(tree.monteCarlo(samples: Self.samples, seed: 20_261_127).summary)
    for (name, a, b) in [
      ("p50", exact.p50, simulated.p50), ("p99", exact.p99, simulated.p99),
      ("p99.9", exact.p999, simulated.p999),
    ] {
      #expect(
        abs(a - b) / b < 0.01,
        "\(model.name) \(name): composed \(a * 1e3) ms, Monte Carlo \(b * 1e3) ms",
        sourceLocation: sourceLocation)
    }
  }
}
