import Testing

@testable import FlowbookKit

/// Every price carries its as-of date, and the catalog says when some are over a year old.
@Suite("price catalog age")
struct PriceCatalogAgeTests {
  @Test(arguments: [
    ("1970-01-01", 0), ("2026-12-07", 20_794), ("2026-12", 20_788), ("2026", 20_454),
    ("2024-02-29", 19_782),
  ])
  func daysFromCivil(text: String, days: Int) {
    #expect(PriceCatalog.day(text) == days)
  }

  @Test(arguments: ["", "2026-13", "2026-02-32", "26-1-1-1", "x", "2026-ab"])
  func notADate(text: String) {
    #expect(PriceCatalog.day(text) == nil)
  }

  /// Every shipped price has an as-of date that reads as a date.
  @Test func everyPriceIsDated() throws {
    let prices = try PricingTestData.prices()
    for entry in prices.entries {
      #expect(PriceCatalog.day(entry.provenance.asOf) != nil, "\(entry.id)")
    }
  }

  /// On 2026-12-07 some figures (an August 2025 price list, a November 2024 post) are over a
  /// year old, oldest first; two years later every current figure is, and the warning names
  /// them.
  @Test func warnsWhenPricesAreOverAYearOld() throws {
    let prices = try PricingTestData.prices()
    let now = prices.stale(today: "2026-12-07")
    #expect(now.contains { $0.asOf == "2025-08-28" }, "\(now)")
    let days = now.compactMap { PriceCatalog.day($0.asOf) }
    #expect(days == days.sorted() && days.allSatisfy { $0 < 20_794 - 365 })
    // Superseded prices (before a cut, kept for old bills) are old by design.
    let superseded = prices.entries.filter { $0.provenance.status == .superseded }
    #expect(!superseded.isEmpty)
    #expect(!now.contains { stale in superseded.contains { $0.id == stale.id } }, "\(now)")
    let later = try #require(prices.ageWarning(today: "2028-01-01"))
    let counted = prices.entries.count - superseded.count
    #expect(later.hasPrefix("warning: \(counted) prices are dated more than a year"))
    #expect(prices.ageWarning(today: "2025-09-01") == nil)
    #expect(prices.ageWarning(today: "not a date") == nil)
  }
}
