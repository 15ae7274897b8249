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
    return try evaluator.evaluate(expression).parameterValue
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
