/// What can go wrong in quantity arithmetic.
///
/// These carry no source position: the
/// evaluator, which knows the span of the offending expression, attaches it.
public enum QuantityError: Error, Sendable, Equatable {
  case incompatibleAddition(PhysicalDimension, PhysicalDimension)
  case incompatibleComparison(PhysicalDimension, PhysicalDimension)
  case incompatibleConversion(from: PhysicalDimension, to: PhysicalDimension)
  case divisionByZero
  case notFinite
  case nonIntegerPower(Double)
  case dimensionedExponent(PhysicalDimension)
  case dimensionedArgument(function: String, PhysicalDimension)
  /// A unit's power beyond ±127 (`s^128`): the exponents are `Int8`.
  case dimensionOutOfRange

  /// A sentence telling the user what is wrong and, where possible, what to do.
  public var message: String {
    switch self {
    case .incompatibleAddition(let a, let b):
      return "cannot add \(a.name) [\(a.baseUnits)] and \(b.name) [\(b.baseUnits)]"
    case .incompatibleComparison(let a, let b):
      return "cannot compare \(a.name) [\(a.baseUnits)] with \(b.name) [\(b.baseUnits)]"
    case .incompatibleConversion(let from, let to):
      return "cannot convert \(from.name) [\(from.baseUnits)] to \(to.name) [\(to.baseUnits)]"
    case .divisionByZero:
      return "division by zero"
    case .notFinite:
      return "the result is too large to represent (overflow); check the magnitudes"
    case .nonIntegerPower(let p):
      return "a quantity with units can only be raised to a whole power, not \(p)"
    case .dimensionedExponent(let d):
      return "an exponent must be a plain number, not \(d.name)"
    case .dimensionOutOfRange:
      return "the units' powers would pass 127 (such as s^128); no capacity figure needs that"
    case .dimensionedArgument(let f, let d):
      return "\(f)() takes a plain number, not \(d.name)"
    }
  }
}
