import Foundation

/// Deterministic, locale-free printing: six significant digits, thousands separators,
/// `k`-free SI compaction (`2.5M`, `10B`) only for counts and rates of a million or more,
/// and a unit chosen for the magnitude when the person did not ask for one.
///
/// Notebooks compare printed output byte for byte, so nothing here may depend on the
/// locale, the platform's `printf`, or the shortest-representation algorithm of `Double`.
extension Quantity {
  /// How many significant digits printed quantities carry.
  public static let significantDigits = 6

  /// The quantity as a person reads it, such as `87 ms`, `2.5M rps`, `$35,000/month`.
  ///
  /// A value too large for the unit it is shown in (`1e308 s -> ns`) is shown in the
  /// dimension's base unit instead, so every finite quantity prints.
  public var formatted: String {
    var unit = display ?? Quantity.preferredDisplay(for: dimension, value: value)
    if !(value / unit.factor).isFinite {
      unit = Quantity.baseDisplay(for: dimension)
    }
    let shown = value / unit.factor
    let compact = unit.text != "%" && (dimension == .none || dimension == .rate)
    return Quantity.render(shown, unitText: unit.text, compact: compact)
  }

  /// The unit a quantity of `dimension` and size `value` is printed in by default.
  public static func preferredDisplay(for dimension: PhysicalDimension, value: Double)
    -> DisplayUnit
  {
    let magnitude = abs(value)
    func unit(_ symbol: String) -> DisplayUnit {
      guard let unit = UnitTable.lookup(symbol) else {
        preconditionFailure("preferred unit \(symbol) missing from UnitTable")
      }
      return DisplayUnit(unit: unit)
    }
    func ladder(_ steps: [(String, Double)], suffix: String = "", factorScale: Double = 1)
      -> DisplayUnit
    {
      var chosen = steps[0]
      for step in steps where magnitude >= step.1 * factorScale { chosen = step }
      let base = unit(chosen.0)
      return DisplayUnit(
        text: base.text + suffix, factor: base.factor * factorScale, dimension: dimension)
    }
    switch dimension {
    case .none: return DisplayUnit(text: "", factor: 1, dimension: .none)
    case .time:
      return ladder([
        ("ns", 0), ("µs", 1e-6), ("ms", 1e-3), ("s", 1), ("min", 120),
        ("h", 7_200), ("day", 172_800),
      ])
    case .rate: return unit("rps")
    case .money: return unit("$")
    case .moneyRate:
      return DisplayUnit(text: "$/month", factor: 1 / UnitTable.monthSeconds, dimension: dimension)
    case .data:
      return ladder(dataSteps)
    case .dataRate:
      // Below 1 KB/s the ladder's first rung is bytes per second (factor 1, not 0).
      var chosen = ("B", 1.0)
      for step in dataSteps where magnitude >= step.1 && step.1 > 0 { chosen = step }
      return DisplayUnit(text: chosen.0 + "/s", factor: chosen.1, dimension: dimension)
    case .dataTime: return unit("GB-s")
    case .money / .data:
      return DisplayUnit(text: "$/GB", factor: 1e-9, dimension: dimension)
    case .money / .dataTime:
      return DisplayUnit(
        text: "$/GB-s", factor: 1 / UnitTable.billingGigabyte, dimension: dimension)
    default:
      return DisplayUnit(text: dimension.baseUnits, factor: 1, dimension: dimension)
    }
  }

  /// The dimension's base unit (`s`, `B`, `$`, `USD s^-1`) with factor 1.
  static func baseDisplay(for dimension: PhysicalDimension) -> DisplayUnit {
    switch dimension {
    case .none: return DisplayUnit(text: "", factor: 1, dimension: dimension)
    case .money: return DisplayUnit(text: "$", factor: 1, dimension: dimension)
    default: return DisplayUnit(text: dimension.baseUnits, factor: 1, dimension: dimension)
    }
  }

  private static let dataSteps: [(String, Double)] = [
    ("B", 0), ("KB", 1e3), ("MB", 1e6), ("GB", 1e9), ("TB", 1e12), ("PB", 1e15),
  ]

  /// Joins a number and a unit text the way people write them.
  static func render(_ number: Double, unitText: String, compact: Bool) -> String {
    if unitText.hasPrefix("$") {
      let digits = formatNumber(abs(number), compact: false, money: true)
      return (number < 0 ? "-$" : "$") + digits + unitText.dropFirst()
    }
    if unitText == "%" { return formatNumber(number, keepNines: true) + "%" }
    let digits = formatNumber(number, compact: compact)
    if unitText.isEmpty { return digits }
    return digits + " " + unitText
  }

  /// Formats a plain number with `significantDigits`, grouping thousands with commas.
  ///
  /// - Parameters:
  ///   - x: the number, finite.
  ///   - compact: write a million or more as `2.5M`, `10B`, `1.2T` (the same suffixes the
  ///     parser reads back).
  ///   - money: show cents (`3.50`) whenever there is a fractional part, and always to the
  ///     cent, however large (`41,502.94`, not `41,502.9`): a bill is read to the cent.
  ///   - keepNines: add digits, up to 12 decimals, rather than let rounding carry into the
  ///     next power of ten, so `99.9999999` (an availability) never prints as `100`.
  /// - Returns: The digits as printed, such as `2,500,000` or `2.5M`.
  ///
  /// Quantities are always finite; a NaN or an infinity from a caller's own arithmetic
  /// prints as `NaN`, `∞` or `-∞` rather than ending the process (the fuzz tests fail on
  /// any of them, so each is a bug to fix at its source, never a crash during an incident).
  public static func formatNumber(
    _ x: Double, compact: Bool = false, money: Bool = false, keepNines: Bool = false
  ) -> String {
    guard x.isFinite else { return x.isNaN ? "NaN" : (x < 0 ? "-∞" : "∞") }
    if x == 0 { return "0" }
    let sign = x < 0 ? "-" : ""
    var magnitude = abs(x)
    var suffix = ""
    if compact {
      // Past 10^27 a suffix would only prefix an exponent (`1.8e296T`): print it plainly.
      for (limit, letter) in [(1e12, "T"), (1e9, "B"), (1e6, "M")]
      where magnitude >= limit && magnitude < 1e27 {
        magnitude /= limit
        suffix = letter
        break
      }
    }
    if magnitude >= 1e15 || magnitude < 1e-6 {
      return sign + scientific(magnitude) + suffix
    }
    let exponent = Int(floor(log10(magnitude)))
    var decimals = max(0, min(12, significantDigits - 1 - exponent))
    if money { decimals = max(decimals, 2) }
    if keepNines {
      // Rounding carried into the next power of ten (99.99999 → 100): show more digits.
      let next = pow(10.0, Double(exponent + 1))
      while decimals < 12, magnitude < next,
        (magnitude * pow(10.0, Double(decimals))).rounded() / pow(10.0, Double(decimals)) >= next
      {
        decimals += 1
      }
    }
    let scale = pow(10.0, Double(decimals))
    var scaled = UInt64((magnitude * scale).rounded())
    var digits = decimals
    while digits > 0 && scaled % 10 == 0 {
      scaled /= 10
      digits -= 1
    }
    let divisor = UInt64(pow(10.0, Double(digits)))
    let integerPart = grouped(scaled / divisor)
    var text = integerPart
    if digits > 0 {
      var fraction = String(scaled % divisor)
      fraction = String(repeating: "0", count: digits - fraction.count) + fraction
      if money && digits == 1 { fraction += "0" }
      text += "." + fraction
    }
    return sign + text + suffix
  }

  private static func grouped(_ n: UInt64) -> String {
    let raw = String(n)
    var out = ""
    for (index, character) in raw.enumerated() {
      if index > 0 && (raw.count - index) % 3 == 0 { out += "," }
      out.append(character)
    }
    return out
  }

  private static func scientific(_ magnitude: Double) -> String {
    var exponent = Int(floor(log10(magnitude)))
    // 10^exponent underflows to 0 below 1e-308 (subnormal magnitudes such as 5e-324):
    // scale up first, so the mantissa stays finite.
    var mantissa =
      exponent < -300
      ? magnitude * 1e300 / pow(10.0, Double(exponent + 300))
      : magnitude / pow(10.0, Double(exponent))
    if mantissa >= 9.999995 {
      mantissa /= 10
      exponent += 1
    }
    return formatNumber(mantissa) + "e" + String(exponent)
  }
}
