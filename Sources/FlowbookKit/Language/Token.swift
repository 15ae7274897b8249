/// A lexical token with its span.
public struct Token: Sendable, Hashable {
  public enum Kind: Sendable, Hashable {
    /// A number, SI multiplier and thousands separators already applied.
    case number(Double)
    /// `$3.50`: a number of dollars.
    case money(Double)
    /// A name: a unit, variable, parameter address (`cdn.hit_rate`), keyword or `$`.
    case identifier(String)
    /// A quoted string.
    case string(String)
    /// An operator or punctuation, spelled canonically (`->`, `*`, `<=`, `≈`, `±`).
    case symbol(String)
    case end
  }

  public var kind: Kind
  public var span: Span

  public init(_ kind: Kind, _ span: Span) {
    self.kind = kind
    self.span = span
  }

  /// True for an identifier spelled `word`.
  public func isWord(_ word: String) -> Bool {
    if case .identifier(let name) = kind { return name == word }
    return false
  }

  /// True for the symbol `text`.
  public func isSymbol(_ text: String) -> Bool {
    if case .symbol(let s) = kind { return s == text }
    return false
  }

  public var identifier: String? {
    if case .identifier(let name) = kind { return name }
    return nil
  }
}
