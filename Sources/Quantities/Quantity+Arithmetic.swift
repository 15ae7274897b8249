import Foundation

/// PhysicalDimension-checked arithmetic. Sums keep the left operand's display unit (so
/// `1 s + 500 ms` prints in seconds); scaling by a plain number keeps the display unit;
/// other products and quotients print in the preferred unit of their new dimension.
extension Quantity {
  public static func + (lhs: Quantity, rhs: Quantity) throws(QuantityError) -> Quantity {
    guard lhs.dimension == rhs.dimension else {
      throw .incompatibleAddition(lhs.dimension, rhs.dimension)
    }
    return try Quantity(lhs.value + rhs.value, lhs.dimension, display: lhs.display ?? rhs.display)
  }

  public static func - (lhs: Quantity, rhs: Quantity) throws(QuantityError) -> Quantity {
    guard lhs.dimension == rhs.dimension else {
      throw .incompatibleAddition(lhs.dimension, rhs.dimension)
    }
    return try Quantity(lhs.value - rhs.value, lhs.dimension, display: lhs.display ?? rhs.display)
  }

  public static prefix func - (operand: Quantity) -> Quantity {
    Quantity(exactly: -operand.value, operand.dimension, display: operand.display)
  }

  public static func * (lhs: Quantity, rhs: Quantity) throws(QuantityError) -> Quantity {
    guard let dimension = lhs.dimension.checkedProduct(rhs.dimension) else {
      throw .dimensionOutOfRange
    }
    return try Quantity(lhs.value * rhs.value, dimension, display: scaledDisplay(lhs, rhs))
  }

  public static func / (lhs: Quantity, rhs: Quantity) throws(QuantityError) -> Quantity {
    guard rhs.value != 0 else { throw .divisionByZero }
    // Dividing by a plain number keeps the unit (`1769 MB / 1024`); dividing by a count of
    // something (`$20 / 1M req`) is a per-request figure, printed in its preferred unit.
    guard let dimension = lhs.dimension.checkedQuotient(rhs.dimension) else {
      throw .dimensionOutOfRange
    }
    let display: DisplayUnit? =
      rhs.dimension.isDimensionless && rhs.display == nil
      ? lhs.display : perTime(lhs, rhs, dimension)
    return try Quantity(lhs.value / rhs.value, dimension, display: display)
  }

  /// `$0.04937/h` or `2 GB/s`: an amount shown in a unit, divided by one time unit, is
  /// shown per that unit, as typed; nil for anything else (such as `$20 / 1M req`).
  private static func perTime(_ lhs: Quantity, _ rhs: Quantity, _ dimension: PhysicalDimension)
    -> DisplayUnit?
  {
    guard let top = lhs.display, let bottom = rhs.display, rhs.dimension == .time,
      !lhs.dimension.isDimensionless, rhs.value == bottom.factor,
      !top.text.contains("/"), UnitTable.lookup(bottom.text) != nil
    else { return nil }
    let factor = top.factor / bottom.factor
    guard factor.isFinite, factor > 0 else { return nil }
    return DisplayUnit(text: top.text + "/" + bottom.text, factor: factor, dimension: dimension)
  }

  /// Raises to a power: any real power of a plain number, whole powers of anything else.
  public func raised(to exponent: Quantity) throws(QuantityError) -> Quantity {
    guard exponent.dimension.isDimensionless else {
      throw .dimensionedExponent(exponent.dimension)
    }
    let p = exponent.value
    if dimension.isDimensionless {
      return try Quantity(Foundation.pow(value, p))
    }
    guard p == p.rounded(), abs(p) <= 16 else { throw .nonIntegerPower(p) }
    if value == 0 && p < 0 { throw .divisionByZero }
    guard let raised = dimension.checkedPower(Int(p)) else { throw .dimensionOutOfRange }
    return try Quantity(Foundation.pow(value, p), raised)
  }

  /// Orders two quantities of one dimension.
  public func compare(_ other: Quantity) throws(QuantityError) -> ComparisonResult {
    guard dimension == other.dimension else {
      throw .incompatibleComparison(dimension, other.dimension)
    }
    if value < other.value { return .orderedAscending }
    if value > other.value { return .orderedDescending }
    return .orderedSame
  }

  /// A product keeps a display unit only when one side is a plain scale factor.
  private static func scaledDisplay(_ lhs: Quantity, _ rhs: Quantity) -> DisplayUnit? {
    let lhsPlain = lhs.dimension.isDimensionless && lhs.display?.text != "%"
    let rhsPlain = rhs.dimension.isDimensionless && rhs.display?.text != "%"
    // `95 %` is ninety-five percent, shown as a percentage.
    if lhsPlain && rhs.display?.text == "%" && lhs.display == nil { return rhs.display }
    if rhsPlain && !lhs.dimension.isDimensionless { return lhs.display }
    if lhsPlain && !rhs.dimension.isDimensionless { return rhs.display }
    if lhsPlain && rhsPlain { return lhs.display ?? rhs.display }
    return nil
  }
}
