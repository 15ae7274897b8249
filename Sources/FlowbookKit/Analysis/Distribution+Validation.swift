/// Why a `Distribution` cannot be used: a span-less user error, worded as an instruction.
///
/// The model layer validates what it parsed from YAML with `Distribution.validate()` and
/// attaches the source span; the numerical engine only `precondition`s, so a value that
/// reaches it unvalidated is a programming error, never a silent NaN.
public struct DistributionError: Error, Hashable, CustomStringConvertible {
  public let message: String

  public init(_ message: String) {
    self.message = message
  }

  public var description: String { message }
}

extension Distribution {
  /// Checks that every number is finite and in range, recursively through mixtures.
  ///
  /// Rules: values are non-negative seconds; `uniform` needs lower ≤ upper; `exponential`
  /// a positive mean; `lognormal` 0 < p50 < p99; a mixture at least one arm, weights ≥ 0
  /// summing to 1 (± 1e-6); an empirical distribution at least one bin with
  /// 0 ≤ lower ≤ upper and weights ≥ 0 of positive total.
  /// - Throws: `DistributionError` naming the first offending value.
  /// - Complexity: O(n) in the number of arms and bins.
  public func validate() throws(DistributionError) {
    if let problem = problem { throw DistributionError(problem) }
  }

  /// The first reason this distribution is unusable, or nil.
  var problem: String? {
    switch self {
    case .fixed(let value):
      return nonNegative(value, "fixed value")
    case .uniform(let lower, let upper):
      if let bad = nonNegative(lower, "uniform lower") ?? nonNegative(upper, "uniform upper") {
        return bad
      }
      return lower <= upper
        ? nil : "uniform lower \(lower) exceeds upper \(upper); swap them"
    case .exponential(let mean):
      return mean.isFinite && mean > 0
        ? nil : "exponential mean \(mean) must be a positive number of seconds"
    case .lognormal(let p50, let p99):
      guard p50.isFinite, p99.isFinite, p50 > 0, p99 > p50 else {
        return "lognormal needs 0 < p50 < p99 (got p50 \(p50), p99 \(p99))"
      }
      // Beyond this spread (σ > 5.9) the 1e-9 tail overflows any useful horizon.
      return p99 <= 1e6 * p50
        ? nil : "lognormal p99 \(p99) is over 10⁶ × p50 \(p50); check the units"
    case .mixture(let arms):
      return mixtureProblem(arms)
    case .empirical(let empirical):
      return empiricalProblem(empirical.bins)
    }
  }

  /// Stops with the validation message: the engine's guard against unvalidated input.
  func checkUsable(file: StaticString = #file, line: UInt = #line) {
    if let problem = problem {
      preconditionFailure("invalid distribution: \(problem)", file: file, line: line)
    }
  }

  private func nonNegative(_ value: Double, _ name: String) -> String? {
    value.isFinite && value >= 0 ? nil : "\(name) \(value) must be a finite number ≥ 0"
  }

  private func mixtureProblem(_ arms: [WeightedDistribution]) -> String? {
    guard !arms.isEmpty else { return "a mixture needs at least one arm" }
    var total = 0.0
    for (index, arm) in arms.enumerated() {
      guard arm.weight.isFinite, arm.weight >= 0 else {
        return "mixture arm \(index) has weight \(arm.weight); use a number in [0, 1]"
      }
      if let inner = arm.distribution.problem { return "mixture arm \(index): \(inner)" }
      total += arm.weight
    }
    return abs(total - 1) <= 1e-6 ? nil : "mixture weights sum to \(total); make them sum to 1"
  }

  private func empiricalProblem(_ bins: [EmpiricalBin]) -> String? {
    guard !bins.isEmpty else { return "an empirical distribution needs at least one bin" }
    var total = 0.0
    for (index, bin) in bins.enumerated() {
      guard bin.lower.isFinite, bin.upper.isFinite, bin.lower >= 0, bin.lower <= bin.upper
      else { return "empirical bin \(index) [\(bin.lower), \(bin.upper)] needs 0 ≤ lower ≤ upper" }
      guard bin.weight.isFinite, bin.weight >= 0 else {
        return "empirical bin \(index) has weight \(bin.weight); use a finite weight ≥ 0"
      }
      total += bin.weight
    }
    return total > 0 ? nil : "empirical weights sum to 0; give at least one bin a weight"
  }
}
