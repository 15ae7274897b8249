import Foundation
import Testing

@testable import FlowbookKit

@Suite struct ZipfPopularityTests {
  /// Σ_{i=1}^{n} g(i), smallest terms first so rounding stays near 1e-16 per term.
  static func direct(_ n: Int, _ g: (Double) -> Double) -> Double {
    var sum = 0.0
    for i in stride(from: n, through: 1, by: -1) { sum += g(Double(i)) }
    return sum
  }

  @Test(arguments: [0.0, 0.5, 0.8, 0.999_999_9, 1.0, 1.2, 2.0])
  func harmonicNumberMatchesDirectSum(s: Double) {
    let n = 300_000  // ≫ the exact head of 4,096, so the Euler–Maclaurin tail is exercised
    let expected = Self.direct(n) { pow($0, -s) }
    let got = ZipfPopularity.harmonicNumber(n, exponent: s)
    #expect(abs(got - expected) <= 1e-12 * expected, "s=\(s): \(got) vs \(expected)")
  }

  @Test func harmonicNumberAtFortyMillionMatchesAsymptotics() {
    // H(n, 1) = ln n + γ + 1/(2n) − 1/(12n²) + O(n⁻⁴) (Knuth, TAOCP vol. 1, eq. 1.2.7–3).
    let n = 40_000_000.0
    let gamma = 0.577_215_664_901_532_9
    let expected = log(n) + gamma + 1 / (2 * n) - 1 / (12 * n * n)
    let got = ZipfPopularity.harmonicNumber(40_000_000, exponent: 1)
    #expect(abs(got - expected) <= 1e-13 * expected)
    // s = 0.5: H(n, ½) = 2√n + ζ(½) + 1/(2√n) + O(n^{−3/2}), ζ(½) = −1.4603545088095868.
    let half = ZipfPopularity.harmonicNumber(40_000_000, exponent: 0.5)
    let expectedHalf = 2 * n.squareRoot() - 1.460_354_508_809_586_8 + 1 / (2 * n.squareRoot())
    #expect(abs(half - expectedHalf) <= 1e-12 * expectedHalf)
  }

  @Test(arguments: [0.6, 0.8, 1.0, 1.3])
  func sumOverKeysMatchesDirectSum(s: Double) throws {
    let n = 200_000
    let zipf = try ZipfPopularity(keys: n, exponent: s)
    let h = ZipfPopularity.harmonicNumber(n, exponent: s)
    for tau in [1e3, 1e5, 1e6] {
      let occupancy = { (q: Double) -> Double in -expm1(-q * tau) }
      let expected = Self.direct(n) { occupancy(pow($0, -s) / h) }
      let got = zipf.sumOverKeys(occupancy)
      #expect(abs(got - expected) <= 1e-9 * expected, "s=\(s) τ=\(tau)")
      let ttlHit = { (q: Double) -> Double in q * (q * tau) / (1 + q * tau) }
      let expectedHit = Self.direct(n) { ttlHit(pow($0, -s) / h) }
      #expect(abs(zipf.sumOverKeys(ttlHit) - expectedHit) <= 1e-9 * expectedHit)
    }
  }

  @Test func sharesAndProbabilities() throws {
    let zipf = try ZipfPopularity(keys: 40_000_000, exponent: 0.8)
    expectClose(zipf.sumOverKeys { $0 }, 1, within: 1e-12)
    #expect(zipf.probability(rank: 1) > zipf.probability(rank: 2))
    #expect(zipf.probability(rank: 0) == 0 && zipf.probability(rank: 40_000_001) == 0)
    let top = zipf.share(ofTop: 400_000)
    #expect(top > 0.3 && top < 0.5)
    #expect(zipf.share(ofTop: 40_000_000) == 1)
  }

  @Test func explicitPopularityNormalises() throws {
    let p = try ExplicitPopularity(weights: [3, 1])
    #expect(p.shares == [0.75, 0.25])
    #expect(throws: AnalysisInputError.self) { try ExplicitPopularity(weights: [0, 0]) }
    #expect(throws: AnalysisInputError.self) { try ZipfPopularity(keys: 0, exponent: 1) }
  }
}
