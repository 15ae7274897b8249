/// The AWS prices of one Region, each with its source, date and confidence, looked up by id.
///
/// Prices are data, not code: `Billing` reads every rate from a catalog, so a what-if ("what if
/// Lambda cost 20 % less?") or an old pricing-page example is a different catalog, not a code
/// change. The shipped catalog is `datasets/pricing/aws-us-east-1.yaml`; its schema is described
/// in `PriceCatalog+Loading.swift`.
///
/// ```swift
/// let catalog = try PriceCatalog.load(datasets: DatasetDirectory.locate())
/// let request = catalog["lambda.request"]   // USD 0.20 per 1M requests, free 1M a month
/// ```
public struct PriceCatalog: Sendable {
  /// The AWS Region code the prices apply to, for example `us-east-1`.
  public var region: String
  /// The currency of every price; the loader accepts only `USD`.
  public var currency: String
  /// The entries in file order.
  public private(set) var entries: [PriceEntry]
  private var positions: [String: Int]

  /// Creates a catalog; when two entries share an id the later one wins (a what-if override).
  public init(region: String, currency: String = "USD", entries: [PriceEntry]) {
    self.region = region
    self.currency = currency
    self.entries = []
    self.positions = [:]
    for entry in entries { upsert(entry) }
  }

  /// The entry with this id, if any.
  ///
  /// - Complexity: O(1).
  public subscript(id: String) -> PriceEntry? {
    positions[id].map { entries[$0] }
  }

  /// Every id, in file order.
  public var ids: [String] { entries.map(\.id) }

  /// Adds `entry`, or replaces the entry with the same id in place.
  public mutating func upsert(_ entry: PriceEntry) {
    if let position = positions[entry.id] {
      entries[position] = entry
    } else {
      positions[entry.id] = entries.count
      entries.append(entry)
    }
  }
}

/// The unit a price is quoted in, for example `USD per 1M requests`: a scale and a basis.
///
/// A price applies to `scale` units of `basis`, so the cost of `q` basis units is
/// `q / scale × price`. Keeping AWS's own quoting (per 1M, per 10,000, per 1,000) lets a reader
/// compare the catalog with the pricing page at a glance.
public struct PriceUnit: Sendable, Hashable, CustomStringConvertible {
  /// The text as written, for example `USD per 10,000 requests`.
  public var text: String
  /// How many basis units one price covers (1,000,000 for "per 1M").
  public var scale: Double
  /// What is counted, for example `requests`, `GB-s`, `GB-month`.
  public var basis: String

  /// Parses `USD per [N] basis`, where N is a number such as `1M`, `10,000`, `128` or absent.
  public init?(_ text: String) {
    let prefix = "USD per "
    guard text.hasPrefix(prefix) else { return nil }
    let rest = text.dropFirst(prefix.count).split(separator: " ", maxSplits: 1)
    guard let first = rest.first else { return nil }
    if rest.count == 2, let scale = Self.count(String(first)) {
      self.scale = scale
      self.basis = String(rest[1])
    } else {
      self.scale = 1
      self.basis = String(text.dropFirst(prefix.count))
    }
    guard !basis.isEmpty, scale > 0 else { return nil }
    self.text = text
  }

  /// The unit text as written.
  public var description: String { text }

  /// `1M` → 1e6, `10,000` → 1e4, `1B` → 1e9, `128` → 128; nil when not a count.
  private static func count(_ token: String) -> Double? {
    let multipliers: [Character: Double] = ["K": 1e3, "M": 1e6, "B": 1e9]
    var digits = token.replacingOccurrences(of: ",", with: "")
    var multiplier = 1.0
    if let last = digits.last, let factor = multipliers[last] {
      multiplier = factor
      digits.removeLast()
    }
    guard let value = Double(digits), value.isFinite else { return nil }
    return value * multiplier
  }
}

/// One volume tier: from `from` basis units used this month on, each `scale` units cost `price`.
public struct PriceTier: Sendable, Hashable {
  /// The lower bound of the tier in basis units per month (the first tier starts at 0).
  public var from: Double
  /// The price in the entry's unit, or nil when this tier's price is unconfirmed.
  public var price: Double?
  /// Set when this tier is less certain than the entry as a whole.
  public var confidence: Confidence?
  /// A caveat or derivation for this tier.
  public var note: String?

  /// Creates a tier.
  public init(from: Double, price: Double?, confidence: Confidence? = nil, note: String? = nil) {
    self.from = from
    self.price = price
    self.confidence = confidence
    self.note = note
  }
}

/// What a price entry holds: one rate, volume tiers, or no confirmed figure.
public enum PriceValue: Sendable, Hashable {
  /// One rate for any volume.
  case flat(Double)
  /// Rates by monthly volume; the first tier starts at 0 and bounds increase.
  case tiered([PriceTier])
  /// No sourced figure; billing reports the usage as unpriced.
  case unconfirmed
}

/// Which kind of AWS free-tier offer an allowance belongs to.
public enum FreeTierOffer: String, Sendable, Hashable, CaseIterable {
  /// Applies every month to every account ("always free").
  case alwaysFree = "always"
  /// Only for the first 12 months of a new account (before the Jul 2025 credit scheme).
  case twelveMonths = "12 months"
}

/// A monthly allowance billed at zero before the price applies.
public struct FreeTier: Sendable, Hashable {
  /// The allowance in basis units per month (for example 1,000,000 requests, 400,000 GB-s).
  public var quantity: Double
  /// Always free, or for the first 12 months only.
  public var offer: FreeTierOffer
  /// What the allowance is shared with, and other caveats.
  public var note: String?

  /// Creates an allowance.
  public init(quantity: Double, offer: FreeTierOffer, note: String? = nil) {
    self.quantity = quantity
    self.offer = offer
    self.note = note
  }
}

/// One price: an id such as `lambda.request`, a value, its unit, allowance and provenance.
public struct PriceEntry: Sendable, Hashable, Identifiable {
  /// Dotted id, service first: `lambda.duration.x86`, `apigateway.rest.request`.
  public var id: String
  /// One line saying what is charged.
  public var description: String
  /// The rate, the tiers, or unconfirmed.
  public var value: PriceValue
  /// The unit the rate is quoted in.
  public var unit: PriceUnit
  /// The free allowance, if AWS gives one.
  public var freeTier: FreeTier?
  /// Source, date, confidence and status.
  public var provenance: Provenance

  /// Creates an entry.
  public init(
    id: String, description: String, value: PriceValue, unit: PriceUnit,
    freeTier: FreeTier? = nil, provenance: Provenance
  ) {
    self.id = id
    self.description = description
    self.value = value
    self.unit = unit
    self.freeTier = freeTier
    self.provenance = provenance
  }

  /// The service part of the id: `lambda` for `lambda.duration.x86`.
  public var service: String {
    String(id.prefix { $0 != "." })
  }

  /// True when some usage of this entry cannot be priced (entry or a tier unconfirmed).
  public var hasUnconfirmedFigures: Bool {
    switch value {
    case .flat: return false
    case .unconfirmed: return true
    case .tiered(let tiers): return tiers.contains { $0.price == nil }
    }
  }
}
