import Quantities

extension Quantity {
  /// Parses a constant quantity such as `15 ms`, `95%`, `1,769 MB` or `$3.50 / 1M req`,
  /// with the same lexer, parser and evaluator as the shell, so a model file and the shell
  /// accept exactly the same spellings.
  ///
  /// Errors carry spans into `text`.
  public static func parse(_ text: String) throws(Diagnostic) -> Quantity {
    var parser = Parser(tokens: try Lexer.tokenize(text))
    let expression = try parser.parseExpression()
    try parser.expectEnd()
    return try Evaluator(resolver: NoNames(), sourceText: text).quantity(expression)
  }
}

/// A resolver that knows no names: constants only.
struct NoNames: NameResolver {
  func value(named name: String) -> Value? { nil }
  var knownNames: [String] { [] }
}
