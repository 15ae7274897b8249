import Testing

@testable import FlowbookKit

/// Helpers shared by the simulation tests.
enum SimulationTesting {
  /// Runs `body` for every seed and names the first seed that fails.
  ///
  /// After swift-collections' `withEvery`: a property test over seeded random inputs is
  /// only useful if a failure says which input, so that it can be replayed alone. The body
  /// signals failure by throwing, typically with `try #require(…)`; the sweep then records
  /// an issue naming the seed and stops.
  static func withEvery<Seeds: Sequence>(
    _ label: String, in seeds: Seeds, sourceLocation: SourceLocation = #_sourceLocation,
    _ body: (Seeds.Element) throws -> Void
  ) {
    for seed in seeds {
      do {
        try body(seed)
      } catch is ExpectationFailedError {
        // `#require` has already recorded what failed; add which input it failed for.
        Issue.record("failed for \(label) = \(seed)", sourceLocation: sourceLocation)
        return
      } catch {
        Issue.record("failed for \(label) = \(seed): \(error)", sourceLocation: sourceLocation)
        return
      }
    }
  }

  // MARK: - Queueing theory for the expected values
  //
  // Textbook formulas, computed here until Analysis/Queueing.swift (being written on
  // another branch) lands; then these should call it instead.

  /// Erlang B, the blocking probability of M/M/c/c with offered load a = λ/μ.
  ///
  /// By the stable recursion B(0) = 1, B(k) = a·B(k−1) / (k + a·B(k−1)) (Erlang 1917;
  /// Kleinrock, *Queueing Systems*, vol. 1, 1975, §3.7).
  static func erlangB(servers: Int, load a: Double) -> Double {
    var b = 1.0
    for k in 1...servers { b = a * b / (Double(k) + a * b) }
    return b
  }

  /// Erlang C, the probability of waiting in M/M/c: C = c·B / (c − a(1 − B)), a < c.
  static func erlangC(servers: Int, load a: Double) -> Double {
    let b = erlangB(servers: servers, load: a)
    let c = Double(servers)
    return c * b / (c - a * (1 - b))
  }

  /// Mean wait in queue of M/M/c, Wq = C / (cμ − λ) (Kleinrock 1975, §3.5).
  static func mmcMeanWait(arrivalRate: Double, serviceRate: Double, servers: Int) -> Double {
    let probability = erlangC(servers: servers, load: arrivalRate / serviceRate)
    return probability / (Double(servers) * serviceRate - arrivalRate)
  }

  /// Mean wait in queue of M/D/1 by Pollaczek–Khinchine: Wq = ρ·D / (2(1 − ρ)).
  static func md1MeanWait(arrivalRate: Double, serviceTime: Double) -> Double {
    let rho = arrivalRate * serviceTime
    return rho * serviceTime / (2 * (1 - rho))
  }
}

@Suite struct QueueingTheoryTests {
  // Published values, so the test-side formulas are themselves checked.
  @Test func erlangMatchesTables() {
    // Erlang B(10, 5) = 0.01838 (standard Erlang B table).
    #expect(abs(SimulationTesting.erlangB(servers: 10, load: 5) - 0.018385) < 1e-5)
    // M/M/1: C = ρ, Wq = ρ / (μ − λ).
    #expect(abs(SimulationTesting.erlangC(servers: 1, load: 0.5) - 0.5) < 1e-12)
    let wait = SimulationTesting.mmcMeanWait(arrivalRate: 0.5, serviceRate: 1, servers: 1)
    #expect(abs(wait - 1.0) < 1e-12)
    // M/M/2 with a = 1.2: C = 2ρ² / (1 + ρ) with ρ = 0.6.
    #expect(abs(SimulationTesting.erlangC(servers: 2, load: 1.2) - 0.72 / 1.6) < 1e-12)
  }
}
