import Quantities

/// Parses expressions with units by precedence climbing (Pratt), from a token array.
///
/// Grammar (lowest precedence first):
///
///     statement   = "let" NAME "=" expression | expression ;
///     expression  = sum { ("->" | "in") sum } ;
///     sum         = product { ("+" | "-") product } ;
///     product     = unary { ("*" | "/" | "per") unary } ;
///     unary       = "-" unary | juxtaposed ;
///     juxtaposed  = power { power }            (* `2.5M rps`: implicit ×, binds tighter than / *)
///     power       = primary [ "^" unary ] ;
///     primary     = NUMBER | MONEY | STRING | NAME [ "(" [ expression { "," expression } ] ")" ]
///                 | "(" expression ")" ;
///
/// Implicit multiplication binds tighter than `/`, so `$3.50 / 1M req` is 3.50 dollars per
/// million requests, as a person means it. A call needs its `(` right after the name.
/// Parsing stops, without error, at a token no rule takes (`<`, `≈`, `,`) or at a word in
/// `stopWords`, so commands can read `from A to B steps N` around expressions.
///
/// Bounds: an expression nests at most `maximumDepth` levels (parentheses, signs, powers
/// and calls, each of which is a level of recursion here and in the evaluator), and a line
/// holds at most `maximumTerms` terms. Both end in an error with a caret, so 7,000
/// parentheses or a 20,000-term sum cannot exhaust the stack.
public struct Parser {
  /// The deepest nesting of parentheses, signs, powers and calls an expression may have.
  public static let maximumDepth = 100
  /// The most terms (numbers, names, strings, calls) one line's expressions may hold.
  public static let maximumTerms = 1_000

  /// Infix operators by precedence; one row per operator, the only place precedence lives.
  private static let infix: [String: (precedence: Int, op: BinaryOperator?)] = [
    "->": (1, nil), "in": (1, nil),
    "+": (2, .add), "-": (2, .subtract),
    "*": (3, .multiply), "/": (3, .divide), "per": (3, .divide),
  ]
  private static let juxtapositionPrecedence = 5
  private static let reserved: Set<String> = ["let", "in", "per"]

  private var tokens: [Token]
  private(set) var index = 0
  /// The current nesting depth (see `maximumDepth`).
  private var depth = 0
  /// Terms read so far (see `maximumTerms`).
  private var terms = 0
  /// Words that end an expression instead of multiplying it (`from`, `to`, `steps`).
  public var stopWords: Set<String>

  public init(tokens: [Token], stopWords: Set<String> = []) {
    self.tokens = tokens
    self.stopWords = stopWords
  }

  public var current: Token { tokens[min(index, tokens.count - 1)] }
  public var isAtEnd: Bool { current.kind == .end }
  /// The span of the token read last (the current one before anything is read).
  public var previous: Token { tokens[max(0, min(index, tokens.count) - 1)] }

  public mutating func advance() -> Token {
    let token = current
    if index < tokens.count - 1 { index += 1 }
    return token
  }

  /// Parses a whole line as one statement; anything left over is an error.
  public static func statement(_ text: String) throws(Diagnostic) -> Statement {
    var parser = Parser(tokens: try Lexer.tokenize(text))
    let statement = try parser.parseStatement()
    try parser.expectEnd()
    return statement
  }

  public mutating func parseStatement() throws(Diagnostic) -> Statement {
    if current.isWord("let") {
      _ = advance()
      let nameToken = advance()
      guard let name = nameToken.identifier, !Parser.reserved.contains(name) else {
        throw Diagnostic(
          "expected a name after 'let', as in: let peak = 2.5M rps",
          span: nameToken.span)
      }
      guard current.isSymbol("=") else {
        throw Diagnostic("expected '=' after 'let \(name)'", span: current.span)
      }
      _ = advance()
      return .bind(name: name, nameSpan: nameToken.span, value: try parseExpression())
    }
    return .evaluate(try parseExpression())
  }

  public func expectEnd() throws(Diagnostic) {
    guard isAtEnd else {
      throw Diagnostic("unexpected \(describe(current)) here", span: current.span)
    }
  }

  /// Parses one expression, stopping before the first token that cannot continue it.
  public mutating func parseExpression(minimum: Int = 1) throws(Diagnostic) -> Expression {
    var left = try parseUnary()
    while let (precedence, op) = infixRule(), precedence >= minimum {
      let operatorToken = advance()
      let right = try parseExpression(minimum: precedence + 1)
      let span = left.span.union(right.span)
      if let op {
        left = Expression(.binary(op, left, right), span)
      } else {
        _ = operatorToken
        left = Expression(.convert(left, target: right), span)
      }
    }
    return left
  }

  private func infixRule() -> (Int, BinaryOperator?)? {
    switch current.kind {
    case .symbol(let s): return Parser.infix[s].map { ($0.precedence, $0.op) }
    case .identifier(let word) where word == "in" || word == "per":
      return Parser.infix[word].map { ($0.precedence, $0.op) }
    default: return nil
    }
  }

  private mutating func parseUnary() throws(Diagnostic) -> Expression {
    if current.isSymbol("-") || current.isSymbol("+") {
      try enterLevel()
      defer { depth -= 1 }
      let sign = advance()
      let operand = try parseUnary()
      let span = sign.span.union(operand.span)
      return sign.isSymbol("-") ? Expression(.negate(operand), span) : operand
    }
    return try parseJuxtaposed()
  }

  private mutating func parseJuxtaposed() throws(Diagnostic) -> Expression {
    var left = try parsePower()
    while startsJuxtaposedOperand() {
      let right = try parsePower()
      left = Expression(.binary(.multiply, left, right), left.span.union(right.span))
    }
    return left
  }

  private func startsJuxtaposedOperand() -> Bool {
    guard case .identifier(let word) = current.kind else { return false }
    return !Parser.reserved.contains(word) && !stopWords.contains(word)
  }

  private mutating func parsePower() throws(Diagnostic) -> Expression {
    let base = try parsePrimary()
    guard current.isSymbol("^") else { return base }
    try enterLevel()
    defer { depth -= 1 }
    _ = advance()
    let exponent = try parseUnary()
    return Expression(.binary(.power, base, exponent), base.span.union(exponent.span))
  }

  private mutating func parsePrimary() throws(Diagnostic) -> Expression {
    if !current.isSymbol("(") {
      terms += 1
      guard terms <= Parser.maximumTerms else {
        throw Diagnostic(
          "a line may hold at most \(Quantity.formatNumber(Double(Parser.maximumTerms))) terms; "
            + "split the expression with let",
          span: current.span)
      }
    }
    let token = advance()
    switch token.kind {
    case .number(let value): return Expression(.number(value), token.span)
    case .money(let value): return Expression(.money(value), token.span)
    case .string(let text): return Expression(.string(text), token.span)
    case .identifier(let name) where !Parser.reserved.contains(name):
      if current.isSymbol("("), current.span.start == token.span.end {
        return try parseCall(name, token.span)
      }
      return Expression(.name(name), token.span)
    case .symbol("("):
      try enterLevel(at: token.span)
      defer { depth -= 1 }
      let inner = try parseExpression()
      guard current.isSymbol(")") else {
        throw Diagnostic("expected ')' to close the '(' opened here", span: token.span)
      }
      let close = advance()
      return Expression(inner.kind, token.span.union(close.span))
    default:
      throw Diagnostic(
        "expected a number, unit or name, found \(describe(token))",
        span: token.span)
    }
  }

  private mutating func parseCall(_ name: String, _ nameSpan: Span) throws(Diagnostic)
    -> Expression
  {
    try enterLevel(at: nameSpan)
    defer { depth -= 1 }
    _ = advance()
    var arguments: [Expression] = []
    if !current.isSymbol(")") {
      repeat {
        if current.isSymbol(",") { _ = advance() }
        arguments.append(try parseExpression())
      } while current.isSymbol(",")
    }
    guard current.isSymbol(")") else {
      throw Diagnostic("expected ')' to close the call to \(name)()", span: current.span)
    }
    let close = advance()
    return Expression(.call(name, arguments), nameSpan.union(close.span))
  }

  /// Goes one level deeper, or fails at `maximumDepth` with a caret at `span` (by
  /// default the current token).
  private mutating func enterLevel(at span: Span? = nil) throws(Diagnostic) {
    guard depth < Parser.maximumDepth else {
      throw Diagnostic(
        "expressions may nest at most \(Parser.maximumDepth) levels deep "
          + "(parentheses, signs, powers and calls); simplify this one or split it with let",
        span: span ?? current.span)
    }
    depth += 1
  }

  func describe(_ token: Token) -> String {
    switch token.kind {
    case .number: return "a number"
    case .money: return "an amount of money"
    case .string: return "a string"
    case .identifier(let name): return "'\(name)'"
    case .symbol(let s): return "'\(s)'"
    case .end: return "the end of the line"
    }
  }
}
