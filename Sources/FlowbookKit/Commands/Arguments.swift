import Foundation
import Quantities

/// The words after a command name, read left to right with expressions in between.
///
/// Commands read their arguments with this instead of splitting strings, so every
/// argument error has a span and a caret, and expressions (`95%`, `2.5M rps * 2`) work
/// anywhere a number does.
public struct Arguments {
  public let source: Source
  private var parser: Parser
  private let resolver: any NameResolver

  public init(source: Source, tokens: [Token], startIndex: Int, resolver: any NameResolver) {
    self.source = source
    self.parser = Parser(tokens: tokens)
    self.resolver = resolver
    while parser.index < startIndex && !parser.isAtEnd { _ = parser.advance() }
  }

  public var isAtEnd: Bool { parser.isAtEnd }
  public var current: Token { parser.current }

  /// The span of the next token, for errors about what comes next.
  public var currentSpan: Span { parser.current.span }

  /// The span of the token read last, to end a span over what an argument took.
  public var previousSpan: Span { parser.previous.span }

  /// From the next token to the end of the line (trailing blanks left out), for errors
  /// about the arguments as a whole; the end of the line when nothing is left.
  public var restSpan: Span {
    let bytes = Array(source.text.utf8)
    var end = bytes.count
    while end > 0, bytes[end - 1] == UInt8(ascii: " ") || bytes[end - 1] == UInt8(ascii: "\t") {
      end -= 1
    }
    let start = min(parser.current.span.start, end)
    return Span(start, max(start, end))
  }

  /// The next word, if the next token is one.
  public mutating func word() -> (String, Span)? {
    guard let name = parser.current.identifier else { return nil }
    let token = parser.advance()
    return (name, token.span)
  }

  /// A name the lexer splits but the user wrote without spaces (`us-east-1`): the next
  /// token and every token touching it, as written.
  ///
  /// - Returns: the name and its span; nil at the end of the line.
  public mutating func touchingName() -> (String, Span)? {
    guard !parser.isAtEnd else { return nil }
    var span = parser.advance().span
    while !parser.isAtEnd, parser.current.span.start == span.end {
      span = span.union(parser.advance().span)
    }
    let bytes = Array(source.text.utf8)
    let end = min(span.end, bytes.count)
    let start = min(span.start, end)
    return (String(decoding: bytes[start..<end], as: UTF8.self), span)
  }

  /// Peeks at the next word without consuming it.
  public func peekWord() -> String? { parser.current.identifier }

  /// Consumes `keyword` if it comes next.
  public mutating func take(_ keyword: String) -> Bool {
    guard parser.current.isWord(keyword) else { return false }
    _ = parser.advance()
    return true
  }

  /// Consumes a `--flag` if it comes next (lexed as `-`, `-`, word).
  public mutating func takeFlag(_ flag: String) -> Bool {
    let saved = parser
    guard parser.current.isSymbol("-") else { return false }
    _ = parser.advance()
    guard parser.current.isSymbol("-") else {
      parser = saved
      return false
    }
    _ = parser.advance()
    guard parser.current.isWord(flag) else {
      parser = saved
      return false
    }
    _ = parser.advance()
    return true
  }

  /// Consumes a symbol such as `=` or `,` if it comes next.
  public mutating func takeSymbol(_ symbol: String) -> Bool {
    guard parser.current.isSymbol(symbol) else { return false }
    _ = parser.advance()
    return true
  }

  public mutating func expect(_ keyword: String, usage: String) throws(Diagnostic) {
    guard take(keyword) else {
      throw Diagnostic("expected '\(keyword)' here; usage: \(usage)", span: currentSpan)
    }
  }

  /// Parses an expression that ends at the end of the line or at one of `stopWords`.
  public mutating func expression(stopAt stopWords: Set<String> = []) throws(Diagnostic)
    -> Expression
  {
    guard !parser.isAtEnd else {
      throw Diagnostic("expected a value here", span: currentSpan)
    }
    parser.stopWords = stopWords
    defer { parser.stopWords = [] }
    return try parser.parseExpression()
  }

  /// Parses and evaluates an expression to a quantity.
  public mutating func quantity(stopAt stopWords: Set<String> = []) throws(Diagnostic)
    -> (Quantity, Span)
  {
    let expression = try expression(stopAt: stopWords)
    return (try evaluator.quantity(expression), expression.span)
  }

  /// Parses and evaluates a quantity that must have `dimension`.
  public mutating func quantity(
    _ dimension: PhysicalDimension, named what: String, stopAt stopWords: Set<String> = []
  ) throws(Diagnostic) -> Quantity {
    let (q, span) = try quantity(stopAt: stopWords)
    guard q.dimension == dimension else {
      throw Diagnostic(
        "\(what) must be \(dimension.name), not \(q.dimension.name) (\(q.formatted))",
        span: span)
    }
    return q
  }

  /// Parses and evaluates a whole number in `bounds` (a count of steps, servers…).
  ///
  /// Every count that sizes work or memory states its bound here, and the error names it:
  /// `servers must be at most 100,000`.
  /// - Parameters:
  ///   - what: the count's name in messages.
  ///   - bounds: the accepted range; its upper end is the stated limit.
  ///   - stopWords: words that end the expression.
  /// - Returns: The count.
  /// - Throws: a diagnostic at the value when it is not a whole number in `bounds`.
  public mutating func count(
    named what: String, in bounds: ClosedRange<Int>, stopAt stopWords: Set<String> = []
  ) throws(Diagnostic) -> Int {
    let (q, span) = try quantity(stopAt: stopWords)
    let lowest = Quantity.formatNumber(Double(bounds.lowerBound))
    guard q.dimension.isDimensionless, q.value == q.value.rounded(),
      q.value >= Double(bounds.lowerBound)
    else {
      throw Diagnostic(
        "\(what) must be a whole number of at least \(lowest), not \(q.formatted)", span: span)
    }
    guard let count = Int.checked(q.value, in: bounds) else {
      throw Diagnostic(
        "\(what) must be at most \(Quantity.formatNumber(Double(bounds.upperBound))), "
          + "not \(q.formatted)", span: span)
    }
    return count
  }

  /// The rest of the line as raw text (file names, prose).
  public mutating func rest() -> (String, Span) {
    let start = parser.current.span.start
    let bytes = Array(source.text.utf8)
    let text = String(decoding: bytes[min(start, bytes.count)...], as: UTF8.self)
    while !parser.isAtEnd { _ = parser.advance() }
    let trimmed = text.trimmingCharacters(in: .whitespaces)
    return (trimmed, Span(start, bytes.count))
  }

  /// Fails when anything is left, naming it.
  public func expectEnd(usage: String) throws(Diagnostic) {
    guard parser.isAtEnd else {
      throw Diagnostic(
        "unexpected \(parser.describe(parser.current)); usage: \(usage)",
        span: currentSpan)
    }
  }

  public var evaluator: Evaluator {
    Evaluator(resolver: resolver, sourceText: source.text)
  }
}
