import Foundation
import Yams

// Schema of a price catalog file (`datasets/pricing/*.yaml`), schema `flowbook-prices/1`:
//
//   schema: flowbook-prices/1
//   region: us-east-1
//   currency: USD
//   prices:
//     - id: lambda.request                 # service.thing[.variant], lower case, unique
//       description: Invocation requests   # optional, one line
//       value: 0.20                        # a plain number, or null (then status: unconfirmed)
//       # …or instead of value, volume tiers (first from 0, bounds increasing):
//       # tiers:
//       #   - {from: 0, price: 3.50}
//       #   - {from: 333_000_000, price: 2.80, confidence: S, note: …}  # price may be null
//       unit: USD per 1M requests          # "USD per [count] basis"; tiers count in basis units
//       free_tier: {quantity: 1_000_000, offer: always, note: …}  # offer: always | 12 months
//       source: https://aws.amazon.com/lambda/pricing/
//       as_of: 2026-11                     # YYYY, YYYY-MM or YYYY-MM-DD
//       as_of_basis: read date             # page copy | read date | price list | publication
//       confidence: A*                     # A | A* | S | D | UNCONFIRMED
//       status: current                    # optional: current | unconfirmed | superseded
//       note: …                            # optional
//
// An entry with `status: unconfirmed` must have `value: null`: a believed but unsourced figure
// goes in the note, where no bill can pick it up.

extension PriceCatalog {
  /// The schema tag a price file must declare.
  public static let schema = "flowbook-prices/1"
  /// The shipped catalog, relative to the `datasets/` directory.
  public static let defaultRelativePath = "pricing/aws-us-east-1.yaml"

  /// Loads the shipped us-east-1 catalog from a `datasets/` directory.
  ///
  /// - Throws: `CatalogError` naming file, line and column of every mistake.
  public static func load(datasets: URL) throws(CatalogError) -> PriceCatalog {
    try load(contentsOf: datasets.appendingPathComponent(defaultRelativePath))
  }

  /// Loads a catalog file; problems are reported against `url.path`.
  ///
  /// - Throws: `CatalogError`, also when the file cannot be read.
  public static func load(contentsOf url: URL) throws(CatalogError) -> PriceCatalog {
    try PriceCatalog(yaml: readCatalogText(url), file: url.path)
  }

  /// Parses catalog text; `file` names the source in error messages.
  ///
  /// - Throws: `CatalogError` listing every problem with `file:line:column`.
  public init(yaml: String, file: String) throws(CatalogError) {
    let root = try CatalogReader.compose(yaml: yaml, file: file)
    var reader = CatalogReader(file: file)
    let header = reader.header(root, schema: Self.schema, listKey: "prices", what: "price file")
    let entries = reader.uniqueEntries(
      header?.list ?? [], read: { $0.priceEntry($1) }, id: \.id,
      location: \.provenance.location)
    try reader.throwIfProblems()
    self.init(
      region: header?.region ?? "", currency: header?.currency ?? "USD", entries: entries)
  }
}

/// Reads a catalog file as UTF-8, turning an I/O failure into a located problem.
func readCatalogText(_ url: URL) throws(CatalogError) -> String {
  do {
    return try String(contentsOf: url, encoding: .utf8)
  } catch {
    let location = CatalogLocation(file: url.path, line: 1, column: 1)
    throw CatalogError(problems: [
      CatalogProblem(location: location, message: "cannot read the file: \(error)")
    ])
  }
}

extension CatalogReader {
  /// The top of a catalog file: schema, region, currency and the list of entries.
  struct Header {
    var region: String
    var currency: String
    var list: [Node]
  }

  /// Reads and checks the header mapping shared by price and quota files.
  mutating func header(_ root: Node, schema: String, listKey: String, what: String) -> Header? {
    let keys = ["schema", "region", "currency", listKey]
    guard let fields = keyedFields(of: root, what: what, allowed: keys) else { return nil }
    if let found = requiredString(fields, "schema", owner: root, what: what), found != schema {
      fail(fields["schema"]?.value, "'schema' must be '\(schema)', not '\(found)'")
    }
    let region = requiredString(fields, "region", owner: root, what: what)
    let currency = optionalString(fields, "currency") ?? "USD"
    if currency != "USD" {
      fail(fields["currency"]?.value, "only 'USD' prices are supported, not '\(currency)'")
    }
    guard let listField = fields[listKey] else {
      fail(root, "\(what) has no '\(listKey)' list; add one")
      return nil
    }
    guard let list = listField.value.sequence else {
      fail(listField.value, "'\(listKey)' must be a list of entries, each starting with '- id:'")
      return nil
    }
    return Header(region: region ?? "", currency: currency, list: Array(list))
  }

  /// Checks an entry id: dotted lower-case words such as `lambda.duration.x86`.
  mutating func entryID(
    _ fields: [String: (key: Node, value: Node)], owner: Node, what: String
  ) -> String? {
    guard let id = requiredString(fields, "id", owner: owner, what: what) else { return nil }
    let words = id.split(separator: ".", omittingEmptySubsequences: false)
    let wordOK = { (word: Substring) in
      !word.isEmpty && word.allSatisfy { $0.isLowercase || $0.isNumber || $0 == "_" }
    }
    guard words.count >= 2, words.allSatisfy(wordOK) else {
      fail(fields["id"]?.value, "id '\(id)' must be dotted lower-case words, e.g. 'lambda.request'")
      return nil
    }
    return id
  }

  private static let priceKeys =
    ["id", "description", "value", "tiers", "unit", "free_tier"] + provenanceKeys

  /// Reads one price entry, or nil with its problems recorded.
  mutating func priceEntry(_ node: Node) -> PriceEntry? {
    guard let fields = keyedFields(of: node, what: "a price entry", allowed: Self.priceKeys) else {
      return nil
    }
    let id = entryID(fields, owner: node, what: "a price entry")
    let what = id.map { "price '\($0)'" } ?? "a price entry"
    let provenance = readProvenance(fields, owner: node, what: what)
    let value = priceValue(fields, owner: node, what: what, status: provenance?.status)
    let unit = priceUnit(fields, owner: node, what: what)
    let freeTier = fields["free_tier"].flatMap { readFreeTier($0.value) }
    guard let id, let provenance, let value, let unit else { return nil }
    return PriceEntry(
      id: id, description: optionalString(fields, "description") ?? "", value: value,
      unit: unit, freeTier: freeTier, provenance: provenance)
  }

  private mutating func priceUnit(
    _ fields: [String: (key: Node, value: Node)], owner: Node, what: String
  ) -> PriceUnit? {
    guard let text = requiredString(fields, "unit", owner: owner, what: what) else { return nil }
    guard let unit = PriceUnit(text) else {
      fail(
        fields["unit"]?.value,
        "'unit' must read 'USD per [count] basis', e.g. 'USD per 1M requests', not '\(text)'")
      return nil
    }
    return unit
  }

  /// `value` or `tiers`, exactly one; null only with `status: unconfirmed`.
  private mutating func priceValue(
    _ fields: [String: (key: Node, value: Node)], owner: Node, what: String,
    status: EntryStatus?
  ) -> PriceValue? {
    let tiersField = fields["tiers"]
    let value = numberOrNull(fields, "value")
    switch (value, tiersField) {
    case (.absent?, nil):
      fail(
        owner,
        "\(what) has neither 'value' nor 'tiers'; give a number, or null with "
          + "'status: unconfirmed' when no source has one")
      return nil
    case (.absent?, let tiers?):
      if status == .unconfirmed {
        fail(tiers.key, "an unconfirmed price has 'value: null', not tiers")
      }
      return readTiers(tiers.value).map { .tiered($0) }
    case (_, let tiers?):
      fail(tiers.key, "\(what) has both 'value' and 'tiers'; keep one")
      return nil
    case (.null?, nil):
      if status != .unconfirmed {
        fail(fields["value"]?.value, "'value: null' needs 'status: unconfirmed' (and a note)")
      }
      return .unconfirmed
    case (.number(let number)?, nil):
      if status == .unconfirmed {
        fail(
          fields["value"]?.value,
          "an unconfirmed price must have 'value: null'; "
            + "put the believed figure in the note")
      }
      return .flat(number)
    case (nil, _):
      return nil
    }
  }

  private mutating func readTiers(_ node: Node) -> [PriceTier]? {
    guard let list = node.sequence, !list.isEmpty else {
      fail(node, "'tiers' must be a non-empty list of {from:, price:}")
      return nil
    }
    var tiers: [PriceTier] = []
    for item in list {
      let keys = ["from", "price", "confidence", "note"]
      guard let fields = keyedFields(of: item, what: "a tier", allowed: keys) else { continue }
      guard let fromNode = fields["from"]?.value else {
        fail(item, "a tier has no 'from' (its lower bound per month); add one")
        continue
      }
      guard let from = number(fromNode, key: "from") else { continue }
      if let last = tiers.last, from <= last.from {
        fail(fromNode, "tier bounds must increase: \(from) is not above \(last.from)")
      } else if tiers.isEmpty, from != 0 {
        fail(fromNode, "the first tier must start 'from: 0'")
      }
      let price: Double?
      switch numberOrNull(fields, "price") {
      case .number(let value)?: price = value
      case .null?: price = nil
      case .absent?:
        fail(item, "a tier has no 'price'; give a number, or null when unconfirmed")
        continue
      case nil: continue
      }
      var confidence: Confidence?
      if fields["confidence"] != nil {
        confidence = choice(fields, "confidence", owner: item, what: "a tier")
      }
      tiers.append(
        PriceTier(
          from: from, price: price, confidence: confidence, note: optionalString(fields, "note")))
    }
    return tiers.count == list.count ? tiers : nil
  }

  private mutating func readFreeTier(_ node: Node) -> FreeTier? {
    let keys = ["quantity", "offer", "note"]
    guard let fields = keyedFields(of: node, what: "'free_tier'", allowed: keys) else { return nil }
    guard let quantityNode = fields["quantity"]?.value else {
      fail(node, "'free_tier' has no 'quantity' (in the price's basis units); add one")
      return nil
    }
    let quantity = number(quantityNode, key: "quantity")
    let offer: FreeTierOffer? = choice(fields, "offer", owner: node, what: "'free_tier'")
    guard let quantity, let offer else { return nil }
    return FreeTier(quantity: quantity, offer: offer, note: optionalString(fields, "note"))
  }
}
