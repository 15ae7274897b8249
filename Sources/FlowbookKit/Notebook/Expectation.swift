import Foundation
import Quantities

/// A claim a notebook makes about a value: `p99 ≈ 87 ms ± 10%`, `cost < $5`,
/// `capacity.first_limit == "lambda.concurrency"`.
///
/// Why expectations and not only output comparison: `replay --update` rewrites outputs on
/// purpose when a model changes, and then output comparison proves nothing. An
/// expectation states what must stay true whatever the output looks like, so a notebook
/// remains a check after every update. Both sides are expressions evaluated with the
/// session's names (variables, model parameters, analysis metrics), so `expect` works for
/// every analysis without knowing any of them.
public struct Expectation: Sendable {
  public enum Comparison: String, Sendable, CaseIterable {
    case approximately = "≈"
    case less = "<"
    case lessOrEqual = "<="
    case greater = ">"
    case greaterOrEqual = ">="
    case equal = "=="
    case notEqual = "!="
  }

  public var actual: Expression
  public var comparison: Comparison
  public var expected: Expression
  /// For `≈`: the tolerance, a quantity like the expected value, or a percentage of it.
  public var tolerance: Expression?
  /// The expectation as written, for reports.
  public var text: String
  let sourceText: String

  static let usage = "expect VALUE ≈ VALUE ± TOLERANCE, or expect VALUE (< <= > >= == !=) VALUE"

  /// Reads `ACTUAL OP EXPECTED [± TOLERANCE]` from a command's arguments.
  public static func parse(_ arguments: inout Arguments) throws(Diagnostic) -> Expectation {
    guard !arguments.isAtEnd else {
      throw Diagnostic("expected a value to check; usage: \(usage)", span: arguments.currentSpan)
    }
    let actual = try arguments.expression()
    let operatorSpan = arguments.currentSpan
    guard let comparison = takeComparison(&arguments) else {
      throw Diagnostic(
        "expected a comparison (≈ < <= > >= == !=) here; usage: \(usage)", span: operatorSpan)
    }
    let expected = try arguments.expression()
    var tolerance: Expression?
    if comparison == .approximately {
      guard arguments.takeSymbol("±") else {
        throw Diagnostic(
          "≈ needs a tolerance: add ± and an amount or a percentage, as in ≈ 87 ms ± 10%",
          span: arguments.currentSpan)
      }
      tolerance = try arguments.expression()
    }
    try arguments.expectEnd(usage: usage)
    let end = (tolerance ?? expected).span.end
    let text = Expression(.number(0), Span(actual.span.start, end)).text(in: arguments.source.text)
    return Expectation(
      actual: actual, comparison: comparison, expected: expected, tolerance: tolerance,
      text: text, sourceText: arguments.source.text)
  }

  private static func takeComparison(_ arguments: inout Arguments) -> Comparison? {
    if arguments.takeSymbol("=") { return .equal }
    return Comparison.allCases.first { arguments.takeSymbol($0.rawValue) }
  }

  /// Evaluates both sides and says whether the claim holds.
  /// - Throws: a diagnostic for an unknown name, text compared with a number, or
  ///   quantities of different dimensions (those are mistakes, not broken expectations).
  public func check(with evaluator: Evaluator) throws(Diagnostic) -> ExpectationReport {
    let actualValue = try evaluator.evaluate(actual)
    let expectedValue = try evaluator.evaluate(expected)
    switch (actualValue, expectedValue) {
    case (.text(let a), .text(let e)):
      guard comparison == .equal || comparison == .notEqual else {
        throw Diagnostic("text can only be compared with == or !=", span: expected.span)
      }
      let held = (a == e) == (comparison == .equal)
      return report(held, actualValue.formatted, expected: describe(expectedValue.formatted))
    case (.quantity(let a), .quantity(let e)):
      guard a.dimension == e.dimension else {
        throw Diagnostic(
          "cannot compare \(a.dimension.name) (\(a.formatted)) with \(e.dimension.name) "
            + "(\(e.formatted))", span: actual.span.union(expected.span))
      }
      return try compare(a, e, evaluator)
    default:
      throw Diagnostic(
        "cannot compare text with a number", span: actual.span.union(expected.span))
    }
  }

  private func compare(_ a: Quantity, _ e: Quantity, _ evaluator: Evaluator) throws(Diagnostic)
    -> ExpectationReport
  {
    let slack = 1e-12 * max(abs(a.value), abs(e.value))
    switch comparison {
    case .approximately:
      let allowed = try allowance(for: e, evaluator)
      let held = abs(a.value - e.value) <= allowed + slack
      return report(held, a.formatted, expected: range(e, allowed))
    case .less: return report(a.value < e.value, a.formatted, expected: "< " + e.formatted)
    case .lessOrEqual:
      return report(a.value <= e.value + slack, a.formatted, expected: "<= " + e.formatted)
    case .greater: return report(a.value > e.value, a.formatted, expected: "> " + e.formatted)
    case .greaterOrEqual:
      return report(a.value >= e.value - slack, a.formatted, expected: ">= " + e.formatted)
    case .equal, .notEqual:
      let equal = abs(a.value - e.value) <= slack
      return report(equal == (comparison == .equal), a.formatted, expected: describe(e.formatted))
    }
  }

  /// The absolute tolerance in base units: `± 10%` is relative to the expected value,
  /// anything else must have the expected value's dimension.
  private func allowance(for e: Quantity, _ evaluator: Evaluator) throws(Diagnostic) -> Double {
    guard let tolerance else { return 0 }
    let amount = try evaluator.quantity(tolerance)
    guard amount.value >= 0 else {
      throw Diagnostic("a tolerance cannot be negative", span: tolerance.span)
    }
    let written = tolerance.text(in: sourceText).trimmingCharacters(in: .whitespaces)
    if written.hasSuffix("%") && amount.dimension.isDimensionless {
      return amount.value * abs(e.value)
    }
    guard amount.dimension == e.dimension else {
      throw Diagnostic(
        "the tolerance must be \(e.dimension.name) like the expected value, or a percentage "
          + "(± 10%), not \(amount.dimension.name) (\(amount.formatted))", span: tolerance.span)
    }
    return amount.value
  }

  private func range(_ e: Quantity, _ allowed: Double) -> String {
    guard let low = try? Quantity(e.value - allowed, e.dimension, display: e.display),
      let high = try? Quantity(e.value + allowed, e.dimension, display: e.display)
    else { return e.formatted }
    return "\(low.formatted) to \(high.formatted)"
  }

  private func describe(_ expected: String) -> String {
    comparison == .notEqual ? "anything but " + expected : expected
  }

  private func report(_ held: Bool, _ actual: String, expected: String) -> ExpectationReport {
    ExpectationReport(text: text, held: held, actual: actual, expected: expected)
  }
}

/// Whether an expectation held, with the actual and expected values in their units.
public struct ExpectationReport: Sendable, Hashable {
  public var text: String
  public var held: Bool
  public var actual: String
  public var expected: String

  public init(text: String, held: Bool, actual: String, expected: String) {
    self.text = text
    self.held = held
    self.actual = actual
    self.expected = expected
  }

  /// `held: p99 ≈ 87 ms ± 10% (actual 87 ms; expected 78.3 ms to 95.7 ms)`.
  public var summary: String {
    "\(held ? "held" : "broken"): \(text) (actual \(actual); expected \(expected))"
  }

  /// The cell's JSON; replay reads expectations back from it.
  var json: JSONValue {
    .object([
      ("expectation", .string(text)), ("held", .bool(held)), ("actual", .string(actual)),
      ("expected", .string(expected)),
    ])
  }

  /// The report a cell carries, if it is an `expect` cell that ran.
  public init?(_ cell: Cell) {
    guard case .success(let result) = cell.outcome,
      case .string(let text)? = result.data["expectation"],
      case .bool(let held)? = result.data["held"],
      case .string(let actual)? = result.data["actual"],
      case .string(let expected)? = result.data["expected"]
    else { return nil }
    self.init(text: text, held: held, actual: actual, expected: expected)
  }
}
