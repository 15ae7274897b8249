/// The part of a month's usage that falls in one price tier.
public struct TierCharge: Sendable, Hashable {
  /// Where this slice starts, in basis units of monthly usage.
  public var lower: Double
  /// Where this slice ends (exclusive).
  public var upper: Double
  /// The price of the tier in the entry's unit, or nil when that tier is unconfirmed.
  public var unitPrice: Double?
  /// The tier's position (0 for the first) and lower bound; nil for a flat or unconfirmed
  /// entry.
  public var tier: (index: Int, from: Double)? {
    tierIndex.map { ($0, tierFrom) }
  }
  var tierIndex: Int?
  var tierFrom: Double = 0
  /// `upper - lower`: the basis units charged at `unitPrice`.
  public var quantity: Double { upper - lower }
}

extension PriceEntry {
  /// Splits the usage slice `[lower, upper)` of a month across the entry's tiers.
  ///
  /// AWS prices volume by where usage falls in the month's running total: with REST API tiers
  /// of 333M and 667M requests, the 500,000,000th request costs the second tier's rate. Free
  /// allowances are applied by the caller, by starting the slice at the allowance (the free
  /// units occupy the bottom of the first tier), which is how AWS's worked examples subtract
  /// the free tier before pricing.
  ///
  /// - Parameters:
  ///   - lower: The first billable unit's position in the month (0 without a free tier).
  ///   - upper: The month's total usage in basis units.
  /// - Returns: One slice per tier touched, in order; empty when `upper <= lower`. A flat or
  ///   unconfirmed entry gives a single slice.
  /// - Complexity: O(number of tiers).
  public func tierCharges(from lower: Double, to upper: Double) -> [TierCharge] {
    guard upper > lower else { return [] }
    switch value {
    case .flat(let price):
      return [TierCharge(lower: lower, upper: upper, unitPrice: price)]
    case .unconfirmed:
      return [TierCharge(lower: lower, upper: upper, unitPrice: nil)]
    case .tiered(let tiers):
      var slices: [TierCharge] = []
      for (index, tier) in tiers.enumerated() {
        let tierEnd = index + 1 < tiers.count ? tiers[index + 1].from : Double.infinity
        let start = max(lower, tier.from)
        let end = min(upper, tierEnd)
        if end > start {
          slices.append(
            TierCharge(
              lower: start, upper: end, unitPrice: tier.price, tierIndex: index,
              tierFrom: tier.from))
        }
      }
      return slices
    }
  }

  /// The cost in dollars of `quantity` basis units used this month, or nil when any part of it
  /// falls where no price is confirmed.
  ///
  /// - Parameters:
  ///   - quantity: Monthly usage in basis units (requests, GB-s, GB…).
  ///   - freeUnits: Units at the bottom of the month that are free (0 without a free tier).
  /// - Returns: Dollars for the month, or nil when an unconfirmed tier is reached.
  /// - Complexity: O(number of tiers).
  public func cost(of quantity: Double, freeUnits: Double = 0) -> Double? {
    var total = 0.0
    for slice in tierCharges(from: min(freeUnits, quantity), to: quantity) {
      guard let price = slice.unitPrice else { return nil }
      total += slice.quantity / unit.scale * price
    }
    return total
  }
}
