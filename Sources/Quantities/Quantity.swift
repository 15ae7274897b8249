/// Placeholder replaced by the foundation work.
public struct Quantity: Sendable, Hashable {
  public var value: Double
  public init(_ value: Double) { self.value = value }
}
