import Foundation
import Testing

@testable import Quantities

/// The edges of `Double` and `Int` that trapped in formatting and conversions (issue 13):
/// each case printed nothing and ended the process before these fixes.
@Suite struct NumberEdgeTests {
  @Test(
    arguments: [
      (
        "a data rate under 1 KB/s", Quantity(exactly: 1e9 / (730 * 3_600), .dataRate), "380.518 B/s"
      ),
      ("500 B/s", Quantity(exactly: 500, .dataRate), "500 B/s"),
      ("1 B/s", Quantity(exactly: 1, .dataRate), "1 B/s"),
      ("a subnormal data rate", Quantity(exactly: 5e-324, .dataRate), "4.94066e-324 B/s"),
      ("the smallest subnormal", Quantity(exactly: 5e-324), "4.94066e-324"),
      ("a subnormal time", Quantity(exactly: 1e-320, .time), "9.99989e-312 ns"),
      ("the largest Double", Quantity(exactly: .greatestFiniteMagnitude), "1.79769e308"),
      ("the largest money", Quantity(exactly: .greatestFiniteMagnitude, .money), "$1.79769e308"),
      ("a huge time", Quantity(exactly: 1e308, .time), "1.15741e303 day"),
      ("negative zero", Quantity(exactly: -0.0), "0"),
    ] as [(String, Quantity, String)])
  func printsEveryFiniteValue(_ name: String, _ quantity: Quantity, _ expected: String) {
    #expect(quantity.formatted == expected, "\(name)")
  }

  /// A value too large for the unit asked for prints in the base unit instead.
  @Test func aDisplayUnitThatWouldOverflowFallsBackToTheBaseUnit() throws {
    let nanoseconds = try #require(UnitTable.lookup("ns"))
    let shown = Quantity(exactly: 1e308, .time, display: DisplayUnit(unit: nanoseconds))
    #expect(shown.formatted == "1e308 s")
    let cents = Quantity(
      exactly: -1e307, .money, display: DisplayUnit(text: "cent", factor: 0.01, dimension: .money))
    #expect(cents.formatted == "-$1e307")
  }

  @Test func nonFiniteNumbersPrintInsteadOfTrapping() {
    #expect(Quantity.formatNumber(.nan) == "NaN")
    #expect(Quantity.formatNumber(.infinity) == "∞")
    #expect(Quantity.formatNumber(-.infinity) == "-∞")
  }

  @Test func checkedConversionsRefuseWhatIntCannotHold() {
    #expect(Int.checked(1e19) == nil)
    #expect(Int.checked(-1e19) == nil)
    #expect(Int.checked(.nan) == nil)
    #expect(Int.checked(.infinity) == nil)
    #expect(Int.checked(0x1p63) == nil)
    #expect(Int.checked(-0x1p63) == Int.min)
    #expect(Int.checked(9.2e18) == 9_200_000_000_000_000_000)
    #expect(Int.checked(2.7) == 2)
    #expect(Int.checked(2.5, rounding: .up) == 3)
    #expect(Int.checked(1e12, in: 1...100_000) == nil)
    #expect(Int.checked(5e-324, in: 1...10) == nil)
    #expect(Int.checked(-0.0, in: 0...10) == 0)
  }

  @Test func clampedConversionsStayInTheirRange() {
    #expect(Int.clamped(1e19, to: 0...10) == 10)
    #expect(Int.clamped(-1e300, to: 0...10) == 0)
    #expect(Int.clamped(.nan, to: 3...10) == 3)
    #expect(Int.clamped(.infinity, to: 0...Int.max) == Int.max)
    #expect(Int.clamped(4.2, rounding: .up, to: 0...10) == 5)
  }

  /// Rounding to significant digits agrees with the one-step formula where that formula
  /// works, and still works at the ends of the range.
  @Test func significantDigitsMatchTheOneStepFormulaAndReachTheEdges() {
    var generator = SplitMix(seed: 13)
    for _ in 0..<10_000 {
      let x = generator.double(exponents: -200...200)
      for digits in [3, 4, 6] {
        let e = Int(floor(log10(abs(x))))
        let scale = pow(10.0, Double(digits - 1 - e))
        #expect(x.rounded(toSignificantDigits: digits) == (x * scale).rounded() / scale, "\(x)")
      }
    }
    #expect(5e-324.rounded(toSignificantDigits: 3) == 5e-324)
    #expect(abs(1.23456e-310.rounded(toSignificantDigits: 3) - 1.23e-310) <= 1e-323)
    // 1.8e308 is past the largest Double: the value stays as it is.
    let largest = Double.greatestFiniteMagnitude
    #expect(largest.rounded(toSignificantDigits: 3) == largest)
    #expect(Double.nan.rounded(toSignificantDigits: 3).isNaN)
  }

  /// Units' powers are `Int8`: past ±127 arithmetic throws instead of trapping.
  @Test func unitPowersPast127Throw() throws {
    let second = Quantity.seconds(1)
    let sixteen = try second.raised(to: .count(16))
    #expect(throws: QuantityError.dimensionOutOfRange) { try sixteen.raised(to: .count(16)) }
    var product = second
    for _ in 1..<127 { product = try product * second }
    #expect(product.dimension.time == 127)
    #expect(throws: QuantityError.dimensionOutOfRange) { try product * second }
    #expect(throws: QuantityError.dimensionOutOfRange) {
      try Quantity.count(1) / product / second / second
    }
  }
}

extension SplitMix {
  /// A random Double with a decimal exponent in `exponents` and either sign.
  mutating func double(exponents: ClosedRange<Int>) -> Double {
    let mantissa = 1 + Double(next() % 1_000_000) / 1_000_000 * 9
    let span = UInt64(exponents.upperBound - exponents.lowerBound + 1)
    let exponent = exponents.lowerBound + Int(next() % span)
    let sign = next() % 2 == 0 ? 1.0 : -1.0
    return sign * mantissa * pow(10, Double(exponent))
  }
}
