import Foundation

/// The base unit of a column of numbers: what CSV and JSON state beside every value.
///
/// A `ResultTable` cell holds its number in base units (seconds, dollars, per second) and
/// shows its unit only in its text (`87 ms`, `$3.50`, `2.5M rps`). Reports infer the unit
/// from that text once, here, so a new analysis needs no report-side declaration.
public enum ReportUnit: String, Sendable, Hashable, CaseIterable {
  case seconds = "s"
  case dollars = "USD"
  case perSecond = "1/s"
  /// A share: 0.95 for 95 %.
  case fraction = "1"
  case bytes = "B"
  /// A plain number: requests, instances, events.
  case count = "count"
  /// Text, or a column without numbers.
  case none = ""

  /// The unit a cell's text shows, or nil when its text names none we know.
  static func infer(text: String) -> ReportUnit? {
    let t = text.trimmingCharacters(in: .whitespaces).lowercased()
    guard !t.isEmpty, t != "-" else { return nil }
    if t.hasPrefix("$") || t.hasPrefix("-$") || t.hasPrefix("+$") { return .dollars }
    if t.hasSuffix("%") { return .fraction }
    for rate in ["rps", "/s", "/min", "/h", "per second", "req/s"] where t.hasSuffix(rate) {
      return .perSecond
    }
    let words = t.split(separator: " ")
    let last = words.last.map(String.init) ?? t
    if ["ns", "µs", "us", "ms", "s", "min", "h", "hours", "days", "d"].contains(last),
      words.count > 1
    {
      return .seconds
    }
    if ["b", "kb", "mb", "gb", "tb", "kib", "mib", "gib"].contains(last), words.count > 1 {
      return .bytes
    }
    guard let first = t.unicodeScalars.first,
      ("0"..."9").contains(first) || first == "-" || first == "+"
    else { return nil }
    // `12ms`, `3s`: a unit glued to the number.
    for suffix in ["ns", "µs", "ms", "s"] where t.hasSuffix(suffix) && t.count > suffix.count {
      let number = t.dropLast(suffix.count)
      if number.allSatisfy({ $0.isNumber || $0 == "." || $0 == "," || $0 == "-" }) {
        return .seconds
      }
    }
    return .count
  }

  /// The unit most of a column's numeric cells show (the first seen wins a tie).
  static func infer(column: Int, of table: ResultTable) -> ReportUnit {
    var tally: [(ReportUnit, Int)] = []
    for row in table.rows where column < row.count && row[column].number != nil {
      guard let unit = infer(text: row[column].text) else { continue }
      if let index = tally.firstIndex(where: { $0.0 == unit }) {
        tally[index].1 += 1
      } else {
        tally.append((unit, 1))
      }
    }
    var best: (ReportUnit, Int) = (.none, 0)
    for entry in tally where entry.1 > best.1 { best = entry }
    return best.0
  }
}

/// How an axis shows numbers of a base unit: a scale and a name, chosen from the largest
/// value so tick labels stay short (`40 ms`, not `0.04 s`; `2.5 M rps`, not `2500000`).
public struct AxisScale: Sendable, Hashable {
  /// Displayed = base value / divisor.
  public var divisor: Double
  /// The unit as the axis title shows it: `ms`, `k req/s`, `$`.
  public var name: String
  /// Written before each tick label (`$`) rather than after the number.
  public var prefix: String
  /// Written after each tick label (`%`, ` ms`).
  public var suffix: String

  public init(divisor: Double, name: String, prefix: String = "", suffix: String = "") {
    self.divisor = divisor
    self.name = name
    self.prefix = prefix
    self.suffix = suffix
  }

  /// The scale for numbers of `unit` up to `magnitude` (the largest absolute value).
  ///
  /// The multiple (k, M, G) is written once, on each tick (`200k`, `$1.5M`), and the axis
  /// title names only the unit (`req/s`, `$`): a title saying "× 1,000" above ticks saying
  /// "200k" would scale twice.
  ///
  /// - Parameters:
  ///   - unit: the base unit of the numbers.
  ///   - magnitude: the largest absolute value.
  /// - Returns: the divisor, the title's unit and the ticks' prefix and suffix.
  public static func choose(_ unit: ReportUnit, magnitude: Double) -> AxisScale {
    switch unit {
    case .seconds:
      if magnitude == 0 { return AxisScale(divisor: 1, name: "s", suffix: " s") }
      if magnitude < 1e-3 {
        return AxisScale(divisor: 1e-6, name: "µs", suffix: " µs")
      }
      if magnitude < 1 { return AxisScale(divisor: 1e-3, name: "ms", suffix: " ms") }
      if magnitude < 600 { return AxisScale(divisor: 1, name: "s", suffix: " s") }
      if magnitude < 36_000 { return AxisScale(divisor: 60, name: "min", suffix: " min") }
      return AxisScale(divisor: 3_600, name: "h", suffix: " h")
    case .dollars:
      let (divisor, letter) = thousands(magnitude)
      return AxisScale(divisor: divisor, name: "$", prefix: "$", suffix: letter)
    case .perSecond:
      let (divisor, letter) = thousands(magnitude)
      return AxisScale(divisor: divisor, name: "req/s", suffix: letter)
    case .fraction:
      return AxisScale(divisor: 0.01, name: "%", suffix: "%")
    case .bytes:
      let (divisor, letter) = thousands(magnitude)
      return AxisScale(divisor: divisor, name: "B", suffix: " " + letter + "B")
    case .count, .none:
      let (divisor, letter) = thousands(magnitude)
      return AxisScale(divisor: divisor, name: "", suffix: letter)
    }
  }

  /// The SI step (1, 10³, 10⁶, 10⁹) that keeps `magnitude` under a thousand of it.
  private static func thousands(_ magnitude: Double) -> (Double, String) {
    if magnitude >= 1e9 { return (1e9, "G") }
    if magnitude >= 1e6 { return (1e6, "M") }
    if magnitude >= 1e4 { return (1e3, "k") }
    return (1, "")
  }

  /// A value in this scale, with `decimals` digits after the point.
  public func label(_ value: Double, decimals: Int) -> String {
    prefix + NumberText.fixed(value / divisor, decimals: decimals) + suffix
  }
}
