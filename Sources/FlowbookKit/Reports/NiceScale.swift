import Quantities

/// Axis ticks on 1-2-5 steps, and locale-free number text for charts.
///
/// Readers compare bars against gridlines, so ticks must fall on round numbers
/// (Heckbert, "Nice numbers for graph labels", Graphics Gems, 1990). The step is the
/// smallest of 1, 2 or 5 × 10ᵏ that covers the range in at most `maxTicks` intervals.
public struct NiceScale: Sendable, Hashable {
  public var lower: Double
  public var upper: Double
  public var step: Double

  /// Ticks covering `[min, max]`; a range that crosses no integer step is widened.
  /// - Complexity: O(1).
  public init(min: Double, max: Double, maxTicks: Int = 6) {
    // Within ±1e307 the range's width stays finite.
    var low = min.isFinite ? Swift.min(Swift.max(min, -1e307), 1e307) : 0
    var high = max.isFinite ? Swift.min(Swift.max(max, -1e307), 1e307) : 1
    if high < low { swap(&low, &high) }
    if high == low {
      let pad = high == 0 ? 1 : abs(high) * 0.1
      low -= low == 0 ? 0 : pad
      high += pad
    }
    let step = NiceScale.niceStep((high - low) / Double(Swift.max(1, maxTicks - 1)))
    self.step = step
    self.lower = (low / step).rounded(.down) * step
    self.upper = (high / step).rounded(.up) * step
  }

  /// The tick values from `lower` to `upper`, computed by index so none drifts.
  public var ticks: [Double] {
    let count = Int.clamped(((upper - lower) / step).rounded(), to: 0...1_000)
    return (0...count).map { lower + Double($0) * step }
  }

  /// Digits after the point that tell every tick apart (0 for a step of 1 or more).
  public var decimals: Int {
    var digits = 0
    var scaled = step
    while scaled < 0.999_999 && digits < 9 {
      scaled *= 10
      digits += 1
    }
    return digits
  }

  /// 1, 2 or 5 × 10ᵏ, the smallest not below `raw`.
  static func niceStep(_ raw: Double) -> Double {
    guard raw > 0, raw.isFinite else { return 1 }
    // Below 1e-300 the powers of ten run into subnormals; no chart needs such a step.
    guard raw >= 1e-300 else { return 1e-300 }
    var power = 1.0
    while power * 10 <= raw { power *= 10 }
    while power > raw { power /= 10 }
    for factor in [1.0, 2, 5, 10] where factor * power >= raw * (1 - 1e-12) {
      return factor * power
    }
    return 10 * power
  }
}

/// Numbers as text without a locale: the same digits on every machine.
public enum NumberText {
  /// `value` with exactly `decimals` digits after the point (no grouping): `12.50`.
  public static func fixed(_ value: Double, decimals: Int) -> String {
    guard value.isFinite else { return "0" }
    var scale = 1.0
    for _ in 0..<decimals { scale *= 10 }
    let scaled = (abs(value) * scale).rounded()
    guard scaled < 9e15 else { return Quantity.formatNumber(value) }
    let integer = UInt64(scaled)
    let sign = value < 0 && integer != 0 ? "-" : ""
    let factor = UInt64(scale)
    var text = String(integer / factor)
    if decimals > 0 {
      let fraction = String(integer % factor)
      text += "." + String(repeating: "0", count: decimals - fraction.count) + fraction
    }
    return sign + text
  }

  /// An SVG coordinate: one decimal, trailing `.0` dropped (`12`, `12.5`).
  public static func coordinate(_ value: Double) -> String {
    let text = fixed(value, decimals: 1)
    return text.hasSuffix(".0") ? String(text.dropLast(2)) : text
  }
}

extension NumberText {
  /// `value` to `digits` significant digits, trailing zeros dropped: `87.3`, `1450`, `0.05`.
  public static func significant(_ value: Double, digits: Int = 3) -> String {
    guard value != 0, value.isFinite else { return "0" }
    var magnitude = abs(value)
    var exponent = 0
    while magnitude >= 10 {
      magnitude /= 10
      exponent += 1
    }
    while magnitude < 1 {
      magnitude *= 10
      exponent -= 1
    }
    var text = fixed(value, decimals: max(0, digits - 1 - exponent))
    if text.contains(".") {
      while text.hasSuffix("0") { text.removeLast() }
      if text.hasSuffix(".") { text.removeLast() }
    }
    return text
  }
}
