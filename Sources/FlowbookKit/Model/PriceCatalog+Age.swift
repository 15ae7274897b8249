import Foundation

/// How old the catalog's prices are: AWS changes prices, and a bill built on a year-old
/// figure should say so.
extension PriceCatalog {
  /// Entries whose `as_of` date is more than `days` days before `today`, oldest first.
  ///
  /// A date written as a year or a month counts from its first day, so `2025-11` is older
  /// than `2025-11-20`: the check errs towards warning. Superseded entries (a price before
  /// a cut, kept to reproduce old bills) are old by design and are not counted.
  ///
  /// - Parameters:
  ///   - today: the date to measure from, `YYYY-MM-DD`.
  ///   - days: the age beyond which a price is stale (365: a year).
  /// - Returns: the stale entries' ids and dates, oldest first; empty when `today` is not a
  ///   date.
  public func stale(today: String, olderThan days: Int = 365) -> [(id: String, asOf: String)] {
    guard let now = Self.day(today) else { return [] }
    return entries.compactMap { entry -> (id: String, asOf: String, day: Int)? in
      guard entry.provenance.status != .superseded, let day = Self.day(entry.provenance.asOf),
        now - day > days
      else { return nil }
      return (entry.id, entry.provenance.asOf, day)
    }
    .sorted { ($0.day, $0.id) < ($1.day, $1.id) }
    .map { ($0.id, $0.asOf) }
  }

  /// One line warning that prices are more than a year old, or nil when none is.
  ///
  /// - Parameter today: the date to measure from, `YYYY-MM-DD`.
  /// - Returns: the warning naming how many prices are stale and the oldest.
  public func ageWarning(today: String) -> String? {
    let old = stale(today: today)
    guard let oldest = old.first else { return nil }
    return "warning: \(old.count) price\(old.count == 1 ? " is" : "s are") dated more than a "
      + "year before today (\(today)); the oldest, \(oldest.id), is as of \(oldest.asOf): "
      + "check AWS's pricing pages and update datasets/pricing"
  }

  /// Days since 1970-01-01 of `YYYY`, `YYYY-MM` or `YYYY-MM-DD` (first day of a year or a
  /// month), in the proleptic Gregorian calendar; nil for anything else.
  static func day(_ text: String) -> Int? {
    let parts = text.split(separator: "-").map { Int($0) }
    guard (1...3).contains(parts.count), parts.allSatisfy({ $0 != nil }) else { return nil }
    let y = parts[0] ?? 0
    let m = parts.count > 1 ? parts[1] ?? 1 : 1
    let d = parts.count > 2 ? parts[2] ?? 1 : 1
    guard (1...9999).contains(y), (1...12).contains(m), (1...31).contains(d) else { return nil }
    // Howard Hinnant's days_from_civil.
    let yy = m <= 2 ? y - 1 : y
    let era = (yy >= 0 ? yy : yy - 399) / 400
    let yoe = yy - era * 400
    let doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
    return era * 146_097 + doe - 719_468
  }
}
