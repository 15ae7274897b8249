import Quantities

/// What a parameter holds, so that a model file and `set` can be checked against it.
///
/// Fractions and counts are both dimensionless (requests are counts, see
/// `PhysicalDimension`), but they are kept apart here because a hit rate of 120 % or a
/// negative batch size is a mistake the checker should name.
public enum ParameterType: Sendable, Hashable {
  /// A quantity of one dimension: a time, a rate, a data size, money…
  case quantity(PhysicalDimension)
  /// A share between 0 and 1 (written `95%` or `0.95`).
  case fraction
  /// A non-negative plain number (servers, shards, a batch size).
  case count
  /// A latency (or size) distribution; a plain time is a fixed distribution.
  case distribution
  /// Free text (a runtime name, a queue type).
  case text

  /// How the type reads in messages and in `show`: "a time", "a fraction".
  public var name: String {
    switch self {
    case .quantity(let dimension): return dimension.name
    case .fraction: return "a fraction (0–100%)"
    case .count: return "a count"
    case .distribution: return "a latency distribution"
    case .text: return "text"
    }
  }
}

/// One parameter a component kind knows: the schema row.
public struct ParameterSpec: Sendable, Hashable {
  public var name: String
  public var type: ParameterType
  /// What the parameter means, for `show` and `help`.
  public var meaning: String
  /// The value used when a model file leaves the parameter out, if there is a sensible one.
  public var defaultValue: ParameterValue?
  /// The values flowbook supports, in lower case, for text naming one of a fixed set.
  ///
  /// An API type, an architecture: anything else is an error listing them, never a silent
  /// fallback to a default.
  public var choices: [String]?
  /// Whether several choices may be combined with `+` or `,` (`geolocation + latency`).
  public var combinable: Bool
  /// For text that splits traffic by name (`us 40%, europe 60%`): the names allowed.
  public var shares: [String]?

  public init(
    _ name: String, _ type: ParameterType, _ meaning: String, default value: ParameterValue? = nil,
    choices: [String]? = nil, combinable: Bool = false, shares: [String]? = nil
  ) {
    self.name = name
    self.type = type
    self.meaning = meaning
    self.defaultValue = value
    self.choices = choices
    self.combinable = combinable
    self.shares = shares
  }
}

/// A parameter's value: a quantity, a distribution or text.
public enum ParameterValue: Sendable, Hashable {
  case quantity(Quantity)
  case distribution(Distribution)
  case text(String)

  /// The value as `show` prints it.
  public var formatted: String {
    switch self {
    case .quantity(let q): return q.formatted
    case .distribution(let d): return DistributionSyntax.format(d)
    case .text(let s): return s
    }
  }

  public var quantity: Quantity? {
    if case .quantity(let q) = self { return q }
    return nil
  }

  public var distribution: Distribution? {
    switch self {
    case .distribution(let d): return d
    case .quantity(let q) where q.dimension == .time: return .fixed(q.value)
    default: return nil
    }
  }
}

/// A parameter as a model holds it: its value and the comment that says where it came from.
public struct Parameter: Sendable, Hashable {
  public var name: String
  public var value: ParameterValue
  /// The provenance written beside the figure in the model file (`# seed line 25`).
  public var origin: String?
  /// Where in the model file the value was written (nil for defaults and `set`).
  public var position: FilePosition?

  public init(
    name: String, value: ParameterValue, origin: String? = nil, position: FilePosition? = nil
  ) {
    self.name = name
    self.value = value
    self.origin = origin
    self.position = position
  }
}

/// A line and column in a model file (1-based), kept for notes such as "branch at 42:9".
public struct FilePosition: Sendable, Hashable, CustomStringConvertible {
  public var line: Int
  public var column: Int

  public init(line: Int, column: Int) {
    self.line = line
    self.column = column
  }

  public var description: String { "\(line):\(column)" }
}
