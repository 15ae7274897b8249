import Foundation
import Quantities

/// Latency figures as reports print them: milliseconds to three significant digits.
///
/// The engine is accurate to well under 1 %, so six digits would print noise; three keep
/// tables narrow and stable from machine to machine.
enum TimeFormat {
  /// `23.1 ms`, `145 ms`, `0.812 ms`.
  static func ms(_ seconds: Double) -> String {
    Quantity.formatNumber(rounded(seconds * 1e3)) + " ms"
  }

  /// A signed change: `+12.4 ms`, `-3.05 ms`, `0 ms`.
  static func signedMs(_ seconds: Double) -> String {
    let value = rounded(seconds * 1e3)
    return (value > 0 ? "+" : "") + Quantity.formatNumber(value) + " ms"
  }

  /// A share: `95%`, `2.55%`, `0.05%`.
  static func share(_ p: Double) -> String {
    Quantity.formatNumber(rounded(p * 100)) + "%"
  }

  /// A value to three significant digits.
  static func rounded(_ x: Double) -> Double {
    guard x != 0, x.isFinite else { return 0 }
    let digits = 2 - Int(floor(log10(abs(x))))
    let scale = pow(10.0, Double(digits))
    // Below about 1e-305 the scale overflows (and 0 × inf is NaN): such a value prints in
    // scientific notation anyway, so it is returned as it is.
    let rounded = (x * scale).rounded() / scale
    return scale.isFinite && rounded.isFinite ? rounded : x
  }
}
