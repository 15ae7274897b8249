/// A finite number with a dimension, held in base units (s, B, USD), plus how to show it.
///
/// Invariant: `value` is always finite. Arithmetic that would produce NaN or an infinity
/// throws instead, because a capacity plan built on a silent NaN is worse than an error.
public struct Quantity: Sendable, Hashable {
  /// The magnitude in base units of `dimension`.
  public private(set) var value: Double
  public private(set) var dimension: PhysicalDimension
  /// The unit the person asked to see (by typing it or converting with `->`), if any.
  public var display: DisplayUnit?

  /// Creates a quantity; `value` must be finite.
  public init(_ value: Double, _ dimension: PhysicalDimension = .none, display: DisplayUnit? = nil)
    throws(QuantityError)
  {
    guard value.isFinite else { throw .notFinite }
    self.value = value
    self.dimension = dimension
    self.display = display
  }

  /// A quantity from a known-good literal, for tables and tests.
  public init(
    exactly value: Double, _ dimension: PhysicalDimension = .none, display: DisplayUnit? = nil
  ) {
    precondition(value.isFinite, "Quantity(exactly:) given non-finite \(value)")
    self.value = value
    self.dimension = dimension
    self.display = display
  }

  /// `value` of one `unit`, shown in that unit.
  public init(_ value: Double, unit: NamedUnit) throws(QuantityError) {
    try self.init(value * unit.factor, unit.dimension, display: DisplayUnit(unit: unit))
  }

  public static func seconds(_ s: Double) -> Quantity { Quantity(exactly: s, .time) }
  public static func count(_ n: Double) -> Quantity { Quantity(exactly: n) }
  public static func dollars(_ d: Double) -> Quantity { Quantity(exactly: d, .money) }
  public static func perSecond(_ r: Double) -> Quantity { Quantity(exactly: r, .rate) }
  public static func bytes(_ b: Double) -> Quantity { Quantity(exactly: b, .data) }
  public static func fraction(_ f: Double) -> Quantity {
    Quantity(exactly: f, .none, display: DisplayUnit.percent)
  }

  /// The value expressed in `unit`, which must have the same dimension.
  public func value(in unit: NamedUnit) throws(QuantityError) -> Double {
    guard unit.dimension == dimension else {
      throw .incompatibleConversion(from: dimension, to: unit.dimension)
    }
    return value / unit.factor
  }

  /// The same quantity, shown in `target`.
  public func converted(to target: DisplayUnit) throws(QuantityError) -> Quantity {
    guard target.dimension == dimension else {
      throw .incompatibleConversion(from: dimension, to: target.dimension)
    }
    var copy = self
    copy.display = target
    return copy
  }

  /// Equality of magnitude and dimension, ignoring how each is shown.
  public func isSameQuantity(as other: Quantity) -> Bool {
    value == other.value && dimension == other.dimension
  }
}

/// How to print a quantity: a unit text and how many base units one of it is.
///
/// The text can be any unit expression the person typed after `->`, such as `$/month`,
/// `k rps` or `GB`; a leading `$` is printed before the number, as people write money.
public struct DisplayUnit: Sendable, Hashable {
  public var text: String
  public var factor: Double
  public var dimension: PhysicalDimension

  public init(text: String, factor: Double, dimension: PhysicalDimension) {
    precondition(factor.isFinite && factor > 0, "display unit \(text) has factor \(factor)")
    self.text = text
    self.factor = factor
    self.dimension = dimension
  }

  public init(unit: NamedUnit) {
    self.init(text: unit.symbol, factor: unit.factor, dimension: unit.dimension)
  }

  public static let percent = DisplayUnit(text: "%", factor: 0.01, dimension: .none)
}
