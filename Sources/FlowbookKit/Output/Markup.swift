/// Text with semantic tags, rendered differently per medium (plain, ANSI, HTML).
///
/// Commands say what a piece of text *is* (a value, a unit, a warning); the renderers
/// decide how it looks. The plain renderer ignores tags, which keeps notebooks
/// byte-identical whatever the terminal.
public struct Markup: Sendable, Hashable {
  public enum Tag: String, Sendable, Hashable {
    case plain, value, unit, keyword, heading, dimmed, good, warning, error
  }

  public struct Piece: Sendable, Hashable {
    public var text: String
    public var tag: Tag
  }

  public var pieces: [Piece]

  public init(_ pieces: [Piece] = []) {
    self.pieces = pieces
  }

  public init(_ text: String, _ tag: Tag = .plain) {
    self.pieces = [Piece(text: text, tag: tag)]
  }

  public var plainText: String { pieces.map(\.text).joined() }

  public static func + (lhs: Markup, rhs: Markup) -> Markup {
    Markup(lhs.pieces + rhs.pieces)
  }

  public mutating func append(_ text: String, _ tag: Tag = .plain) {
    pieces.append(Piece(text: text, tag: tag))
  }
}

extension Markup: ExpressibleByStringLiteral {
  public init(stringLiteral value: String) {
    self.init(value)
  }
}
