/// A named unit: how one of it relates to the base units of its dimension.
public struct NamedUnit: Sendable, Hashable {
  /// The canonical symbol, used when printing.
  public var symbol: String
  /// Other spellings accepted on input (plural words, ASCII forms of µ).
  public var aliases: [String]
  public var dimension: PhysicalDimension
  /// How many base units (s, B, USD) one of this unit is.
  public var factor: Double
  /// What the unit is, for `help units` and completion.
  public var summary: String

  public init(
    _ symbol: String, aliases: [String] = [], dimension: PhysicalDimension, factor: Double,
    summary: String
  ) {
    self.symbol = symbol
    self.aliases = aliases
    self.dimension = dimension
    self.factor = factor
    self.summary = summary
  }
}
