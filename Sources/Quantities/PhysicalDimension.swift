/// A physical dimension as exponents over flowbook's base quantities.
///
/// Capacity planning needs four: time (s), data (bytes), money (USD) and — deliberately
/// absent — count. Requests, calls and messages are dimensionless, so `2.5M rps * 45 ms`
/// is a plain count (concurrency) and `9/s` is the same kind of thing as `9 rps`; making
/// "request" a dimension would reject those everyday spellings for no safety gained.
public struct PhysicalDimension: Hashable, Sendable, CustomStringConvertible {
  public var time: Int8
  public var data: Int8
  public var money: Int8

  public init(time: Int8 = 0, data: Int8 = 0, money: Int8 = 0) {
    self.time = time
    self.data = data
    self.money = money
  }

  public static let none = PhysicalDimension()
  public static let time = PhysicalDimension(time: 1)
  public static let rate = PhysicalDimension(time: -1)
  public static let data = PhysicalDimension(data: 1)
  public static let money = PhysicalDimension(money: 1)
  public static let moneyRate = PhysicalDimension(time: -1, money: 1)
  public static let dataRate = PhysicalDimension(time: -1, data: 1)
  public static let dataTime = PhysicalDimension(time: 1, data: 1)

  public var isDimensionless: Bool { self == .none }

  public static func * (lhs: PhysicalDimension, rhs: PhysicalDimension) -> PhysicalDimension {
    PhysicalDimension(
      time: lhs.time + rhs.time, data: lhs.data + rhs.data, money: lhs.money + rhs.money)
  }

  public static func / (lhs: PhysicalDimension, rhs: PhysicalDimension) -> PhysicalDimension {
    PhysicalDimension(
      time: lhs.time - rhs.time, data: lhs.data - rhs.data, money: lhs.money - rhs.money)
  }

  /// Raises to an integer power.
  public func power(_ n: Int8) -> PhysicalDimension {
    PhysicalDimension(time: time * n, data: data * n, money: money * n)
  }

  /// The product, or nil when an exponent would leave the range of `Int8` (±127).
  public func checkedProduct(_ other: PhysicalDimension) -> PhysicalDimension? {
    combined(with: other) { $0.addingReportingOverflow($1) }
  }

  /// The quotient, or nil when an exponent would leave the range of `Int8` (±127).
  public func checkedQuotient(_ other: PhysicalDimension) -> PhysicalDimension? {
    combined(with: other) { $0.subtractingReportingOverflow($1) }
  }

  /// The `n`th power, or nil when an exponent would leave the range of `Int8` (±127).
  public func checkedPower(_ n: Int) -> PhysicalDimension? {
    guard let n = Int8(exactly: n) else { return isDimensionless ? self : nil }
    return combined(with: self) { a, _ in a.multipliedReportingOverflow(by: n) }
  }

  private func combined(
    with other: PhysicalDimension,
    _ operation: (Int8, Int8) -> (partialValue: Int8, overflow: Bool)
  ) -> PhysicalDimension? {
    let (t, d, m) = (
      operation(time, other.time), operation(data, other.data), operation(money, other.money)
    )
    guard !t.overflow, !d.overflow, !m.overflow else { return nil }
    return PhysicalDimension(time: t.partialValue, data: d.partialValue, money: m.partialValue)
  }

  /// What a person calls this dimension, for error messages ("a time", "a rate").
  public var name: String {
    switch self {
    case .none: return "a count"
    case .time: return "a time"
    case .rate: return "a rate"
    case .data: return "a data size"
    case .money: return "money"
    case .moneyRate: return "money per time"
    case .dataRate: return "a data rate"
    case .dataTime: return "data × time (e.g. GB-s)"
    default: return "a quantity of dimension \(baseUnits)"
    }
  }

  /// The dimension written in base units, such as `USD s^-1`.
  public var baseUnits: String {
    var parts: [String] = []
    for (symbol, exponent) in [("USD", money), ("B", data), ("s", time)] where exponent != 0 {
      parts.append(exponent == 1 ? symbol : "\(symbol)^\(exponent)")
    }
    return parts.isEmpty ? "1" : parts.joined(separator: " ")
  }

  public var description: String { baseUnits }
}
