import Quantities

/// What an expression evaluates to.
public enum Value: Sendable, Hashable {
  case quantity(Quantity)
  case text(String)

  /// How the value prints in a cell.
  public var formatted: String {
    switch self {
    case .quantity(let q): return q.formatted
    case .text(let s): return "\"\(s)\""
    }
  }

  /// The machine-readable form: base-unit value, base unit and the printed text.
  public var json: JSONValue {
    switch self {
    case .quantity(let q):
      return .object([
        ("value", .number(q.value)), ("unit", .string(q.dimension.baseUnits)),
        ("text", .string(q.formatted)),
      ])
    case .text(let s): return .object([("value", .string(s))])
    }
  }
}

/// Where the evaluator looks up names that are not units: variables, model parameters.
public protocol NameResolver {
  func value(named name: String) -> Value?
  /// Every name that `value(named:)` knows, for suggestions.
  var knownNames: [String] { get }
  /// Why `name` has no value, when the resolver can say more than "unknown name" (a price
  /// the catalog lists with no confirmed figure); nil otherwise.
  /// - Parameter name: the name that has no value.
  /// - Returns: the diagnostic to show instead of "unknown name", or nil.
  func problem(named name: String) -> Diagnostic?
}

extension NameResolver {
  /// No better explanation than "unknown name".
  /// - Parameter name: the name that has no value.
  /// - Returns: nil.
  public func problem(named name: String) -> Diagnostic? { nil }
}
