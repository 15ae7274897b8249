import Foundation

/// Checked conversions from `Double`: the one place a floating-point figure becomes a
/// whole number, and the one way to round to significant digits.
///
/// `Int(x)` traps when `x` is NaN, infinite or beyond ±9.2e18, and user input reaches
/// such conversions (`servers 1e100`, a fault lasting `1e19 s`). Every conversion of a
/// figure that input can reach goes through these instead: they return nil (the caller
/// turns that into an error naming the limit) or clamp where clamping is the meaning.
extension Int {
  /// The whole number `value` rounds to, or nil when it is not finite or outside `bounds`.
  ///
  /// - Parameters:
  ///   - value: any `Double`, including NaN and infinities.
  ///   - rule: how to round first (toward zero by default, as `Int(_:)` does).
  ///   - bounds: the accepted range; the whole `Int` range by default.
  /// - Returns: The rounded value, or nil when it is NaN, infinite or outside `bounds`.
  public static func checked(
    _ value: Double, rounding rule: FloatingPointRoundingRule = .towardZero,
    in bounds: ClosedRange<Int> = Int.min...Int.max
  ) -> Int? {
    let rounded = value.rounded(rule)
    // 2^63 is exactly representable; every Double below it (and at or above -2^63)
    // converts without trapping.
    guard rounded.isFinite, rounded >= -0x1p63, rounded < 0x1p63 else { return nil }
    let whole = Int(rounded)
    return bounds.contains(whole) ? whole : nil
  }

  /// The whole number `value` rounds to, clamped into `bounds`; NaN becomes the lower bound.
  ///
  /// For indexes and sizes where the nearest end of the range is the right answer (a
  /// time past the end of a series falls in its last bucket).
  /// - Parameters:
  ///   - value: any `Double`.
  ///   - rule: how to round first (toward zero by default).
  ///   - bounds: the range the result is clamped into.
  /// - Returns: The rounded value, clamped into `bounds`.
  public static func clamped(
    _ value: Double, rounding rule: FloatingPointRoundingRule = .towardZero,
    to bounds: ClosedRange<Int>
  ) -> Int {
    let rounded = value.rounded(rule)
    guard !rounded.isNaN else { return bounds.lowerBound }
    if rounded <= Double(bounds.lowerBound) { return bounds.lowerBound }
    if rounded >= Double(bounds.upperBound) { return bounds.upperBound }
    return Int(rounded)
  }
}

extension Double {
  /// The value rounded to `digits` significant digits; zero, NaN and infinities unchanged.
  ///
  /// Safe for every finite value, subnormals (`5e-324`) and `Double.greatestFiniteMagnitude`
  /// included: the scale is split so that it never overflows or underflows to zero.
  /// - Parameter digits: significant digits to keep, 1 to 17.
  /// - Returns: The rounded value, or `self` when rounding cannot be represented.
  public func rounded(toSignificantDigits digits: Int) -> Double {
    guard self != 0, isFinite else { return self }
    let exponent = Int(Foundation.floor(Foundation.log10(Swift.abs(self))))
    let shift = digits - 1 - exponent
    let scale = Foundation.pow(10.0, Double(shift))
    if scale.isFinite, scale > 0, (self * scale).isFinite {
      // Rounding up past the largest Double (1.797… to 1.8e308) keeps the value.
      let result = (self * scale).rounded() / scale
      return result.isFinite ? result : self
    }
    // Subnormal or near the top of the range: one power of ten would leave the Double
    // range, so scale in two steps.
    let half = shift / 2
    let first = Foundation.pow(10.0, Double(half))
    let second = Foundation.pow(10.0, Double(shift - half))
    let scaled = self * first * second
    guard scaled.isFinite, first.isFinite, second.isFinite, first > 0, second > 0 else {
      return self
    }
    let result = scaled.rounded() / second / first
    return result.isFinite ? result : self
  }
}
