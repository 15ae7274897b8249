import Quantities

/// Turns an expression into a parameter value: a quantity, text, or a distribution written
/// as a call (`lognormal(5 ms, 12 ms)`).
///
/// Model files and `set` both go through here, so a value can be copied from `show` into
/// either and mean the same thing.
public enum ValueExpression {
  /// Evaluates `expression` (parsed from `sourceText`) with `evaluator`.
  /// - Throws: a diagnostic with the span of the offending part.
  public static func evaluate(_ expression: Expression, with evaluator: Evaluator)
    throws(Diagnostic) -> ParameterValue
  {
    if case .call(let name, let arguments) = expression.kind,
      DistributionSyntax.constructors[name] != nil
    {
      var seconds: [Double] = []
      for argument in arguments {
        let q = try evaluator.quantity(argument)
        try checkNormal(q.value, at: argument.span)
        guard q.dimension == .time else {
          throw Diagnostic(
            "\(name)() takes times, not \(q.dimension.name) (\(q.formatted))",
            span: argument.span)
        }
        seconds.append(q.value)
      }
      do {
        return .distribution(try DistributionSyntax.make(name, seconds))
      } catch {
        throw Diagnostic(error.message, span: expression.span, suggestions: error.suggestions)
      }
    }
    let value = try evaluator.evaluate(expression).parameterValue
    if let q = value.quantity { try checkNormal(q.value, at: expression.span) }
    return value
  }

  /// Refuses a subnormal number (0 < |x| < 2.2e-308): it has lost precision already, and
  /// its reciprocal, or a step a grid derives from it, is infinite.
  /// - Throws: a diagnostic at `span` naming the bound.
  static func checkNormal(_ value: Double, at span: Span?) throws(Diagnostic) {
    guard value != 0, abs(value) < Double.leastNormalMagnitude else { return }
    throw Diagnostic(
      "this number is too close to 0 to compute with (a parameter is 0 or at least "
        + "2.2e-308 in base units); write 0 or a larger number", span: span)
  }

  /// Parses and evaluates a constant value such as `15 ms`, `95%` or `lognormal(5 ms, 12 ms)`.
  public static func parse(_ text: String) throws(Diagnostic) -> ParameterValue {
    var parser = Parser(tokens: try Lexer.tokenize(text))
    let expression = try parser.parseExpression()
    try parser.expectEnd()
    return try evaluate(expression, with: Evaluator(resolver: NoNames(), sourceText: text))
  }
}

extension Value {
  /// The value as a parameter value.
  var parameterValue: ParameterValue {
    switch self {
    case .quantity(let q): return .quantity(q)
    case .text(let t): return .text(t)
    }
  }
}
