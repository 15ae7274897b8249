/// A parameter outside the domain of an analytical formula: which one, its value, and the rule.
///
/// The queueing, burst and cache formulas are called with numbers a user typed, so a bad
/// value must come back as an error the shell can print (the evaluator adds the span), not
/// as a crash or a NaN. The message is worded as the rule to follow.
public struct AnalysisInputError: Error, Equatable, Sendable, CustomStringConvertible {
  /// The argument's name as the API spells it, such as `offeredLoad`.
  public var parameter: String
  /// The rejected value (integers are converted).
  public var value: Double
  /// What the value must be, such as `a finite number ≥ 0`.
  public var requirement: String

  public init(parameter: String, value: Double, requirement: String) {
    self.parameter = parameter
    self.value = value
    self.requirement = requirement
  }

  public var description: String {
    "\(parameter) is \(value); use \(requirement)"
  }
}

/// Domain checks shared by `Queueing`, `BurstBacklog` and `CacheModel`.
enum Check {
  static func finiteNonNegative(
    _ value: Double, _ name: String
  ) throws(AnalysisInputError) {
    guard value.isFinite, value >= 0 else {
      throw AnalysisInputError(parameter: name, value: value, requirement: "a finite number ≥ 0")
    }
  }

  static func finitePositive(_ value: Double, _ name: String) throws(AnalysisInputError) {
    guard value.isFinite, value > 0 else {
      throw AnalysisInputError(parameter: name, value: value, requirement: "a finite number > 0")
    }
  }

  /// A probability strictly between 0 and 1: a percentile or a target.
  static func openUnit(_ value: Double, _ name: String) throws(AnalysisInputError) {
    guard value > 0, value < 1 else {
      throw AnalysisInputError(
        parameter: name, value: value, requirement: "a fraction strictly between 0 and 1")
    }
  }

  /// A probability in [0, 1]: a tier's hit ratio.
  static func closedUnit(_ value: Double, _ name: String) throws(AnalysisInputError) {
    guard value >= 0, value <= 1 else {
      throw AnalysisInputError(parameter: name, value: value, requirement: "a fraction in [0, 1]")
    }
  }

  /// A product such as λ × T that must stay finite (each factor already checked).
  static func finiteProduct(
    _ a: Double, _ b: Double, _ name: String, _ product: String
  ) throws(AnalysisInputError) {
    guard (a * b).isFinite else {
      throw AnalysisInputError(
        parameter: name, value: a, requirement: "a value whose product \(product) is finite")
    }
  }

  static func count(
    _ value: Int, _ name: String, atLeast lower: Int, atMost upper: Int
  ) throws(AnalysisInputError) {
    guard value >= lower, value <= upper else {
      throw AnalysisInputError(
        parameter: name, value: Double(value),
        requirement: "a whole number from \(lower) to \(upper)")
    }
  }
}
