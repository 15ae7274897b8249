/// AWS billing rules as pure functions of usage and a `PriceCatalog`.
///
/// Each function turns one service's monthly usage into a `Bill` of line items, applying the
/// service's metering rules (rounding, chunking, tiers, free allowances) as AWS's pricing pages
/// describe them, and reading every rate from the catalog, never from code. So a what-if price
/// or an old pricing-page example is just another catalog.
///
/// Money is `Double` dollars throughout and is never rounded here: rounding to cents is for
/// display. (AWS's worked examples round each line to the cent and add the rounded lines; the
/// tests compare each line rounded half away from zero to the cent with AWS's printed line,
/// and the total of those rounded lines with AWS's printed total.)
///
/// Free allowances are off unless asked for (`BillingOptions(freeTier: .alwaysFree)`), because
/// they are per account per month: apply them once, to the account's aggregated usage.
///
/// ```swift
/// let prices = try PriceCatalog.load(datasets: DatasetDirectory.locate())
/// let usage = Billing.LambdaUsage(requests: 3e6, durationMilliseconds: 120, memoryMB: 1536)
/// let bill = try Billing.lambda(usage, prices: prices, options: .init(freeTier: .alwaysFree))
/// bill.total   // ≈ 2.7333 (AWS: $2.33 compute + $0.40 requests = $2.73)
/// ```
public enum Billing {}

/// Whether a cost scales with traffic or is paid for time and configuration.
public enum CostKind: String, Sendable, Hashable {
  /// Per request, per GB moved, per GB-second of work: grows with traffic.
  case variable
  /// Per hour or per month provisioned or stored: paid at zero traffic too.
  case fixed
}

/// Which free-tier allowances billing subtracts.
public enum FreeTierPolicy: String, Sendable, Hashable {
  /// None: the bill of an account whose allowances are used up elsewhere (the default).
  case excluded
  /// The "always free" monthly allowances only.
  case alwaysFree
  /// Always-free and 12-month new-account offers.
  case allOffers

  /// Whether an allowance of this kind is subtracted under this policy.
  public func includes(_ offer: FreeTierOffer) -> Bool {
    switch self {
    case .excluded: return false
    case .alwaysFree: return offer == .alwaysFree
    case .allOffers: return true
    }
  }
}

/// Options shared by every billing function.
public struct BillingOptions: Sendable, Hashable {
  /// Which free allowances to subtract; none by default.
  public var freeTier: FreeTierPolicy

  /// Creates options.
  public init(freeTier: FreeTierPolicy = .excluded) {
    self.freeTier = freeTier
  }
}

/// One row of a bill: what was charged, how much of it, at what rate, for what cost.
public struct BillingLineItem: Sendable, Hashable {
  /// The service, for example `lambda`, `apigateway`.
  public var component: String
  /// What the row is, for example `Requests (tier from 300M)`.
  public var description: String
  /// The catalog id the rate came from.
  public var priceID: String
  /// The usage charged, in `basis` units (requests, GB-s, GB…).
  public var quantity: Double
  /// What `quantity` counts.
  public var basis: String
  /// The rate in the catalog's quoting: dollars per `unitScale` basis units.
  public var unitPrice: Double
  /// How many basis units `unitPrice` covers (1,000,000 for "per 1M requests").
  public var unitScale: Double
  /// The catalog unit text, for example `USD per 1M requests`.
  public var priceUnit: String
  /// `quantity / unitScale × unitPrice`, unrounded dollars.
  public var cost: Double
  /// Variable (per request) or fixed (per hour or month).
  public var kind: CostKind
  /// How the rate was confirmed.
  public var confidence: Confidence
}

/// Usage that could not be priced because the catalog has no confirmed rate for it.
public struct UnpricedUsage: Sendable, Hashable {
  /// The service.
  public var component: String
  /// What the usage is.
  public var description: String
  /// The catalog id that has no confirmed figure.
  public var priceID: String
  /// The usage in basis units.
  public var quantity: Double
  /// What `quantity` counts.
  public var basis: String
  /// Variable or fixed.
  public var kind: CostKind
  /// Why it is unpriced (the catalog note).
  public var reason: String
}

/// A month's charges: priced line items, plus usage no confirmed price covers.
public struct Bill: Sendable, Hashable {
  /// Priced rows, in the order the rules produced them.
  public var items: [BillingLineItem]
  /// Usage left unpriced; a bill with any is incomplete and says so rather than guessing.
  public var unpriced: [UnpricedUsage]

  /// Creates a bill.
  public init(items: [BillingLineItem] = [], unpriced: [UnpricedUsage] = []) {
    self.items = items
    self.unpriced = unpriced
  }

  /// The sum of variable (per-request) rows, in dollars.
  public var variableCost: Double { cost(of: .variable) }
  /// The sum of fixed (per hour or month) rows, in dollars.
  public var fixedCost: Double { cost(of: .fixed) }
  /// Everything priced, in dollars.
  public var total: Double { items.reduce(0) { $0 + $1.cost } }
  /// True when every bit of usage was priced.
  public var isComplete: Bool { unpriced.isEmpty }

  /// The sum of rows of one kind.
  public func cost(of kind: CostKind) -> Double {
    items.filter { $0.kind == kind }.reduce(0) { $0 + $1.cost }
  }

  /// Both bills' rows, `lhs` first.
  public static func + (lhs: Bill, rhs: Bill) -> Bill {
    Bill(items: lhs.items + rhs.items, unpriced: lhs.unpriced + rhs.unpriced)
  }

  /// Appends `other`'s rows.
  public static func += (lhs: inout Bill, rhs: Bill) { lhs = lhs + rhs }
}

/// Why a billing function refused its input.
public enum BillingError: Error, Sendable, Hashable, CustomStringConvertible {
  /// The catalog has no entry with this id (a catalog from another Region or an old schema).
  case unknownPrice(String)
  /// A usage figure is negative, not finite, or inconsistent with another.
  case invalidUsage(String)

  /// What went wrong and what to do.
  public var description: String {
    switch self {
    case .unknownPrice(let id):
      return "the price catalog has no '\(id)'; add it to the catalog or load the shipped one"
    case .invalidUsage(let message):
      return message
    }
  }
}

extension Billing {
  /// Prices `quantity` basis units of catalog entry `priceID`, tier by tier.
  ///
  /// The building block of every service rule, public so a caller can bill anything the
  /// catalog lists (an ALB-hour, a VPC endpoint) without a dedicated function. When the options
  /// allow the entry's free allowance, the first units of the month are shown as a zero-cost
  /// row and the rest start at the allowance's position in the tiers.
  ///
  /// - Parameters:
  ///   - priceID: The catalog id, for example `alb.hour`.
  ///   - quantity: The month's usage in the entry's basis units.
  ///   - kind: Whether this usage is variable or fixed.
  ///   - description: The row label.
  ///   - prices: The price catalog.
  ///   - options: Which free allowances to subtract.
  ///   - freeUnits: Overrides the catalog allowance (0 disables it for this usage).
  /// - Returns: The bill: one row per tier slice (and the free allowance), and its total.
  /// - Throws: `BillingError` for an unknown id or an invalid quantity.
  /// - Complexity: O(number of tiers).
  public static func usage(
    _ priceID: String, quantity: Double, kind: CostKind, description: String,
    prices: PriceCatalog, options: BillingOptions = .init(), freeUnits: Double? = nil
  ) throws(BillingError) -> Bill {
    try check(quantity, "\(description) quantity")
    guard let entry = prices[priceID] else { throw .unknownPrice(priceID) }
    let allowance =
      freeUnits ?? entry.freeTier.map {
        options.freeTier.includes($0.offer) ? $0.quantity : 0
      } ?? 0
    let free = min(allowance, quantity)
    var bill = Bill()
    if free > 0 {
      bill.items.append(
        row(entry, quantity: free, price: 0, kind: kind, description: "\(description) (free tier)"))
    }
    let slices = entry.tierCharges(from: free, to: quantity)
    for slice in slices {
      var label = description
      if let tier = slice.tier, case .tiered(let tiers) = entry.value, tiers.count > 1 {
        label += " (tier \(tier.index + 1), from \(compact(tier.from)))"
      }
      if let price = slice.unitPrice {
        bill.items.append(
          row(
            entry, quantity: slice.quantity, price: price, kind: kind,
            description: label))
      } else {
        bill.unpriced.append(
          UnpricedUsage(
            component: entry.service, description: label, priceID: entry.id,
            quantity: slice.quantity, basis: entry.unit.basis, kind: kind,
            reason: entry.provenance.note ?? "no confirmed price"))
      }
    }
    return bill
  }

  private static func row(
    _ entry: PriceEntry, quantity: Double, price: Double, kind: CostKind, description: String
  ) -> BillingLineItem {
    BillingLineItem(
      component: entry.service, description: description, priceID: entry.id,
      quantity: quantity, basis: entry.unit.basis, unitPrice: price, unitScale: entry.unit.scale,
      priceUnit: entry.unit.text, cost: quantity / entry.unit.scale * price, kind: kind,
      confidence: entry.provenance.confidence)
  }

  /// Throws unless `value` is finite and not negative.
  static func check(_ value: Double, _ name: String) throws(BillingError) {
    guard value.isFinite, value >= 0 else {
      throw .invalidUsage("\(name) must be a finite number ≥ 0, not \(value)")
    }
  }

  /// `333000000` → `333M`, for tier labels.
  static func compact(_ value: Double) -> String {
    let steps: [(Double, String)] = [(1e9, "B"), (1e6, "M"), (1e3, "K")]
    // Whole numbers below 1e15 print without a fraction; anything else prints as Double does
    // (converting a huge Double to Int would trap).
    func whole(_ x: Double) -> String? {
      guard x.rounded() == x, abs(x) < 1e15, let n = Int.checked(x) else { return nil }
      return "\(n)"
    }
    for (size, suffix) in steps where value >= size {
      if let text = whole(value / size) { return text + suffix }
    }
    return whole(value) ?? "\(value)"
  }
}
