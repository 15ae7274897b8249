import Foundation
import Quantities

/// Numbers as incident tables print them: durations a person reads at a glance (`2 min 34 s`),
/// offsets from the failure (`t+86.5 s`), counts and multipliers to three digits.
///
/// The models behind `cache`, `queue` and `failover` are first estimates (Poisson arrivals,
/// fluid queues, uniform checker phases), so three significant digits say all they know;
/// flows computed by plain arithmetic on the model (rates at each tier) keep six, like
/// every other quantity.
enum IncidentFormat {
  /// `850 ms`, `4 s`, `86.5 s`, `2 min 34 s`, `1 h 5 min`, `3.5 days`.
  static func duration(_ seconds: Double) -> String {
    guard seconds.isFinite else { return "never" }
    let s = abs(seconds)
    let sign = seconds < 0 ? "-" : ""
    if s == 0 { return "0 s" }
    if s < 1 { return sign + TimeFormat.ms(s) }
    if s < 100 { return sign + Quantity.formatNumber(TimeFormat.rounded(s)) + " s" }
    if s < 3_600 {
      let total = Int(s.rounded())
      let (minutes, rest) = (total / 60, total % 60)
      return sign + "\(minutes) min" + (rest > 0 ? " \(rest) s" : "")
    }
    if s < 172_800 {
      let total = Int((s / 60).rounded())
      let (hours, rest) = (total / 60, total % 60)
      return sign + "\(hours) h" + (rest > 0 ? " \(rest) min" : "")
    }
    return sign + Quantity.formatNumber(TimeFormat.rounded(s / 86_400)) + " days"
  }

  /// `t+0 s`, `t+86.5 s`, `t+2 min 34 s`.
  static func offset(_ seconds: Double) -> String { "t+" + duration(seconds) }

  /// A count to three digits: `99.4M`, `12,300`, `0.5`.
  static func count(_ n: Double) -> String {
    Quantity.formatNumber(TimeFormat.rounded(n), compact: true)
  }

  /// `×8`, `×1.25`, `×0.5`.
  static func multiplier(_ x: Double) -> String {
    "×" + Quantity.formatNumber(TimeFormat.rounded(x))
  }

  /// A quantity to three significant digits in its usual unit (`684 GB/s`).
  static func rounded(_ q: Quantity) -> String {
    var shown = q
    if shown.display == nil {
      shown.display = Quantity.preferredDisplay(for: q.dimension, value: q.value)
    }
    return DiffCommand.format(shown)
  }

  /// A round sample step at or above `seconds` (1, 2, 5, 10, 15, 30 s, 1, 2, 5 min…).
  static func niceStep(_ seconds: Double) -> Double {
    let steps: [Double] = [
      0.1, 0.2, 0.5, 1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1_800, 3_600, 7_200, 14_400,
      21_600, 43_200, 86_400,
    ]
    return steps.first { $0 >= seconds } ?? 86_400 * (seconds / 86_400).rounded(.up)
  }
}
