import Foundation
import Quantities

/// Evaluates expression trees to values, attaching spans to every error.
///
/// Names resolve to units first (units are the language's vocabulary, and `let` refuses
/// to shadow them), then through the `NameResolver` (variables, then model parameters).
public struct Evaluator {
  public var resolver: any NameResolver
  /// The text the expressions were parsed from, to print conversion targets as typed.
  public var sourceText: String

  public init(resolver: any NameResolver, sourceText: String) {
    self.resolver = resolver
    self.sourceText = sourceText
  }

  public static let functions: [String: String] = [
    "min": "smallest of its arguments (same dimension)",
    "max": "largest of its arguments (same dimension)",
    "abs": "absolute value",
    "sqrt": "square root of a plain number",
    "ceil": "round a plain number up",
    "floor": "round a plain number down",
    "round": "round a plain number to the nearest whole",
  ]

  public func evaluate(_ expression: Expression) throws(Diagnostic) -> Value {
    switch expression.kind {
    case .number(let n): return .quantity(Quantity(exactly: n))
    case .money(let m): return .quantity(Quantity(exactly: m, .money, display: Self.dollars))
    case .string(let s): return .text(s)
    case .name(let name): return try resolve(name, expression.span)
    case .negate(let operand):
      return .quantity(-(try quantity(operand)))
    case .binary:
      return .quantity(try chain(expression))
    case .convert(let value, let target):
      return .quantity(try convert(value, to: target))
    case .call(let name, let arguments):
      return .quantity(try call(name, arguments, expression.span))
    }
  }

  /// Evaluates and insists on a quantity.
  public func quantity(_ expression: Expression) throws(Diagnostic) -> Quantity {
    switch try evaluate(expression) {
    case .quantity(let q): return q
    case .text: throw Diagnostic("expected a number, found a string", span: expression.span)
    }
  }

  /// Evaluates a left-leaning chain of binary operators (`a + b - c + …`, `2.5M rps * 2`)
  /// in a loop, so a long sum costs no stack per term; only the right operands recurse.
  private func chain(_ expression: Expression) throws(Diagnostic) -> Quantity {
    var links: [Expression] = []
    var node = expression
    while case .binary(_, let lhs, _) = node.kind {
      links.append(node)
      node = lhs
    }
    var value = try quantity(node)
    for link in links.reversed() {
      guard case .binary(let op, _, let rhs) = link.kind else { continue }
      value = try apply(op, value, try quantity(rhs), link.span, rhs.span)
    }
    return value
  }

  private static let dollars = DisplayUnit(text: "$", factor: 1, dimension: .money)

  private func resolve(_ name: String, _ span: Span) throws(Diagnostic) -> Value {
    if let unit = UnitTable.lookup(name) {
      return .quantity(
        Quantity(exactly: unit.factor, unit.dimension, display: DisplayUnit(unit: unit)))
    }
    if let value = resolver.value(named: name) { return value }
    if var problem = resolver.problem(named: name) {
      problem.span = span
      throw problem
    }
    let candidates = resolver.knownNames + UnitTable.spellings + Array(Self.functions.keys)
    throw Diagnostic(
      "unknown name '\(name)'", span: span,
      suggestions: Suggestion.nearest(to: name, among: candidates))
  }

  private func apply(
    _ op: BinaryOperator, _ a: Quantity, _ b: Quantity, _ span: Span, _ rhsSpan: Span
  ) throws(Diagnostic) -> Quantity {
    do {
      switch op {
      case .add: return try a + b
      case .subtract: return try a - b
      case .multiply: return try a * b
      case .divide: return try a / b
      case .power: return try a.raised(to: b)
      }
    } catch {
      let location = error == .divisionByZero ? rhsSpan : span
      throw Diagnostic(error.message, span: location)
    }
  }

  private func convert(_ value: Expression, to target: Expression) throws(Diagnostic) -> Quantity {
    let q = try quantity(value)
    let unit = try quantity(target)
    guard unit.value > 0 else {
      throw Diagnostic("a conversion target must be a positive unit", span: target.span)
    }
    let text = target.text(in: sourceText).trimmingCharacters(in: .whitespaces)
    let display = DisplayUnit(
      text: normalizedUnitText(text), factor: unit.value,
      dimension: unit.dimension)
    do {
      return try q.converted(to: display)
    } catch {
      throw Diagnostic(
        error.message, span: value.span.union(target.span),
        notes: ["the value is \(q.formatted)"])
    }
  }

  /// `$ / month` prints as `$/month`; `k rps` stays as typed.
  private func normalizedUnitText(_ text: String) -> String {
    text.replacingOccurrences(of: " / ", with: "/").replacingOccurrences(of: " per ", with: "/")
  }

  private func call(_ name: String, _ arguments: [Expression], _ span: Span) throws(Diagnostic)
    -> Quantity
  {
    guard Self.functions[name] != nil else {
      throw Diagnostic(
        "unknown function '\(name)'", span: span,
        suggestions: Suggestion.nearest(to: name, among: Array(Self.functions.keys)))
    }
    var values: [Quantity] = []
    for argument in arguments { values.append(try quantity(argument)) }
    let arity = (name == "min" || name == "max") ? values.count >= 1 : values.count == 1
    guard arity, let first = values.first else {
      throw Diagnostic(
        "\(name)() takes \(name == "min" || name == "max" ? "one or more arguments" : "one argument")",
        span: span)
    }
    do {
      switch name {
      case "min", "max":
        var best = first
        for v in values.dropFirst() {
          let order = try v.compare(best)
          if (name == "min" && order == .orderedAscending)
            || (name == "max" && order == .orderedDescending)
          {
            best = v
          }
        }
        return best
      case "abs": return first.value < 0 ? -first : first
      default:
        guard first.dimension.isDimensionless else {
          throw QuantityError.dimensionedArgument(function: name, first.dimension)
        }
        let x = first.value
        switch name {
        case "sqrt":
          guard x >= 0 else { throw Diagnostic("sqrt() of a negative number", span: span) }
          return try Quantity(x.squareRoot())
        case "ceil": return try Quantity(x.rounded(.up))
        case "floor": return try Quantity(x.rounded(.down))
        default: return try Quantity(x.rounded())
        }
      }
    } catch let error as QuantityError {
      throw Diagnostic(error.message, span: span)
    } catch let error as Diagnostic {
      throw error
    } catch {
      throw Diagnostic.from(error, span: span)
    }
  }
}
