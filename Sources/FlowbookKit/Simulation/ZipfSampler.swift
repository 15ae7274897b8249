import Foundation

/// Draws key ranks 1…N with P(k) ∝ k^{−s} in O(1) time and memory, for N up to billions.
///
/// The simulator needs Zipf keys for 40 M products, where an inverse-CDF table would take
/// 320 MB and its setup O(N). Rejection-inversion (W. Hörmann & G. Derflinger, "Rejection-
/// inversion to generate variates from monotone discrete distributions", *ACM TOMACS* 6(3),
/// 1996) inverts the integral of the hat function h(x) = x^{−s} in closed form and accepts
/// with an expected number of trials below 1.1 for every s ≥ 0 and N; this follows the
/// formulation in Apache Commons Math 3.6 (`ZipfDistribution.ZipfRejectionInversionSampler`),
/// with `expm1`/`log1p` helpers so s = 1 needs no special case. Every draw comes from the
/// caller's `SeededGenerator`, so a seed fixes the sequence on every machine.
public struct ZipfSampler: Sendable, Hashable {
  /// N.
  public let keyCount: Int
  /// s ≥ 0.
  public let exponent: Double
  private let hIntegralX1: Double
  private let hIntegralN: Double
  private let squeeze: Double

  /// - Parameters:
  ///   - keys: N ≥ 1 (at most 2⁵⁰).
  ///   - exponent: s in [0, 8].
  /// - Throws: `AnalysisInputError` for a value outside those ranges.
  /// - Complexity: O(1).
  public init(keys: Int, exponent: Double) throws(AnalysisInputError) {
    try Check.count(keys, "keys", atLeast: 1, atMost: ZipfPopularity.maximumKeys)
    guard exponent >= 0, exponent <= ZipfPopularity.maximumExponent else {
      throw AnalysisInputError(
        parameter: "exponent", value: exponent, requirement: "a Zipf exponent in [0, 8]")
    }
    keyCount = keys
    self.exponent = exponent
    hIntegralX1 = Self.hIntegral(1.5, exponent) - 1
    hIntegralN = Self.hIntegral(Double(keys) + 0.5, exponent)
    squeeze =
      2 - Self.hIntegralInverse(Self.hIntegral(2.5, exponent) - Self.h(2, exponent), exponent)
  }

  /// One rank in 1…N.
  /// - Complexity: O(1) expected (fewer than 1.1 trials on average).
  public func sample(using generator: inout SeededGenerator) -> Int {
    while true {
      // u is uniform on (hIntegralX1, hIntegralN].
      let u = hIntegralN + generator.uniform() * (hIntegralX1 - hIntegralN)
      let x = Self.hIntegralInverse(u, exponent)
      let k = min(max((x + 0.5).rounded(.down), 1), Double(keyCount))
      if k - x <= squeeze || u >= Self.hIntegral(k + 0.5, exponent) - Self.h(k, exponent) {
        return Int(k)
      }
    }
  }

  /// h(x) = x^{−s}.
  private static func h(_ x: Double, _ s: Double) -> Double { exp(-s * log(x)) }

  /// H(x) = ∫₁^x h, written as log(x)·helper2((1 − s)·log(x)) ( = (x^{1−s} − 1)/(1 − s) ).
  private static func hIntegral(_ x: Double, _ s: Double) -> Double {
    let logX = log(x)
    return helper2((1 - s) * logX) * logX
  }

  /// The inverse of H.
  private static func hIntegralInverse(_ x: Double, _ s: Double) -> Double {
    var t = x * (1 - s)
    if t < -1 { t = -1 }  // rounding guard: the true value is never below −1
    return exp(helper1(t) * x)
  }

  /// log1p(x)/x, 1 at x = 0.
  private static func helper1(_ x: Double) -> Double {
    abs(x) > 1e-8 ? log1p(x) / x : 1 - x * (0.5 - x * (1.0 / 3 - 0.25 * x))
  }

  /// expm1(x)/x, 1 at x = 0.
  private static func helper2(_ x: Double) -> Double {
    abs(x) > 1e-8 ? expm1(x) / x : 1 + x * 0.5 * (1 + x * (1.0 / 3) * (1 + 0.25 * x))
  }
}
