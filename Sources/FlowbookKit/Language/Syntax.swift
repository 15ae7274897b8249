/// An expression tree; every node knows the span it was parsed from.
public struct Expression: Sendable, Hashable {
  public indirect enum Kind: Sendable, Hashable {
    case number(Double)
    case money(Double)
    case name(String)
    case string(String)
    case negate(Expression)
    case binary(BinaryOperator, Expression, Expression)
    /// `value -> unit` (also `value in unit`): show `value` in the unit `target` denotes.
    case convert(Expression, target: Expression)
    case call(String, [Expression])
  }

  public var kind: Kind
  public var span: Span

  public init(_ kind: Kind, _ span: Span) {
    self.kind = kind
    self.span = span
  }

  /// The source text this expression was parsed from.
  public func text(in source: String) -> String {
    let bytes = Array(source.utf8)
    let end = min(span.end, bytes.count)
    let start = min(span.start, end)
    return String(decoding: bytes[start..<end], as: UTF8.self)
  }
}

public enum BinaryOperator: String, Sendable, Hashable {
  case add = "+"
  case subtract = "-"
  case multiply = "*"
  case divide = "/"
  case power = "^"
}

/// A top-level statement: a binding or a bare expression to print.
public enum Statement: Sendable, Hashable {
  case bind(name: String, nameSpan: Span, value: Expression)
  case evaluate(Expression)
}
