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
    return x.rounded(toSignificantDigits: 3)
  }
}
