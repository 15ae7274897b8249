import Quantities

/// Catalog prices as names in expressions: `price.lambda.request * 3M` is $0.60.
///
/// A price is named `price.` and its catalog id, so the name is the one `cost` prints beside
/// each bill row and the one the catalog file holds. Its value is the entry's list rate (the
/// first tier) per one basis unit, with the basis turned into a unit: requests and other
/// things counted are plain numbers (so the price is money), hours and months are times, GB
/// is the binary gigabyte AWS bills data in (GiB), and GB-s, GB-hour and GB-month are the
/// billing units of `help units`. So `price.lambda.duration.x86 * 1769 MB * 45 ms` is the
/// price of one such invocation.
extension Session {
  /// The prefix every price name starts with.
  static let pricePrefix = "price."

  /// The catalog of the session's datasets folder, if it loads.
  private var priceCatalog: PriceCatalog? {
    try? CostCatalogs.load(directory: workspace.datasetsDirectory).prices
  }

  /// The list price named `name` (`price.lambda.request`), or nil when it is not one.
  /// - Parameter name: the name as typed.
  /// - Returns: the price per basis unit, or nil for a name that is not a confirmed price.
  func priceValue(named name: String) -> Value? {
    guard name.hasPrefix(Self.pricePrefix), let catalog = priceCatalog,
      let entry = catalog[String(name.dropFirst(Self.pricePrefix.count))],
      let quantity = Self.listPrice(entry)
    else { return nil }
    return .quantity(quantity)
  }

  /// Every price name, for suggestions and completion.
  var priceNames: [String] {
    (priceCatalog?.ids ?? []).map { Self.pricePrefix + $0 }
  }

  /// Why a `price.` name has no value: not in the catalog (with the nearest names), or in it
  /// with no confirmed figure (with the catalog's note).
  /// - Parameter name: the name as typed.
  /// - Returns: the diagnostic, or nil for a name that does not start with `price.`.
  func priceProblem(named name: String) -> Diagnostic? {
    guard name.hasPrefix(Self.pricePrefix) else { return nil }
    guard let catalog = priceCatalog else {
      return Diagnostic("'\(name)': the price catalog did not load")
    }
    let id = String(name.dropFirst(Self.pricePrefix.count))
    guard let entry = catalog[id] else {
      return Diagnostic(
        "unknown price '\(name)': the catalog has no '\(id)'",
        suggestions: Suggestion.nearest(to: name, among: priceNames))
    }
    return Diagnostic(
      "'\(name)' has no confirmed figure in the catalog",
      notes: [entry.provenance.note ?? "its value is null (unconfirmed)"])
  }

  /// An entry's first-tier rate per one basis unit, as a quantity in its unit.
  /// - Parameter entry: the catalog entry.
  /// - Returns: the rate, or nil when the first tier is unconfirmed.
  static func listPrice(_ entry: PriceEntry) -> Quantity? {
    let first: Double?
    switch entry.value {
    case .flat(let price): first = price
    case .tiered(let tiers): first = tiers.first?.price
    case .unconfirmed: first = nil
    }
    guard let first, let basis = basisUnit(entry.unit.basis) else { return nil }
    let perUnit = first / entry.unit.scale / basis.factor
    guard perUnit.isFinite else { return nil }
    let dimension = .money / basis.dimension
    // A price per thing counted is money: shown in dollars, so that `× 3M` shows dollars
    // too. A price per time or per GB-s keeps its catalog quoting ($/GB-s, $/h).
    guard !basis.dimension.isDimensionless else { return Quantity(exactly: perUnit, .money) }
    let text =
      "$/" + (entry.unit.scale == 1 ? "" : Billing.compact(entry.unit.scale) + " ")
      + basis.text
    return Quantity(
      exactly: perUnit, dimension,
      display: DisplayUnit(
        text: text, factor: 1 / entry.unit.scale / basis.factor, dimension: dimension))
  }

  /// The unit a catalog basis counts in: its factor in base units, its dimension, its text.
  /// - Parameter basis: the basis of a catalog unit (`requests`, `GB-s`, `ALB-hour`).
  /// - Returns: the unit; a basis of counted things is a plain number.
  static func basisUnit(_ basis: String) -> (
    factor: Double, dimension: PhysicalDimension, text: String
  )? {
    let named: [String: String] = [
      "GB-s": "GB-s", "GB-hour": "GB-h", "GB-month": "GB-month", "month": "month",
    ]
    if let spelling = named[basis], let unit = UnitTable.lookup(spelling) {
      return (unit.factor, unit.dimension, spelling)
    }
    switch basis {
    case "GB": return (1_073_741_824, .data, "GiB")
    case "MB-s": return (1e6, .dataTime, "MB-s")
    default: break
    }
    if basis == "GB-second" { return (1_073_741_824, .dataTime, "GiB-s") }
    if basis.hasSuffix("-second") { return (1, .time, "s") }
    if basis.hasSuffix("-hour") || basis.hasSuffix("-hours") {
      return (UnitTable.hourSeconds, .time, "h")
    }
    if basis.hasSuffix("-month") { return (UnitTable.monthSeconds, .time, "month") }
    if basis.hasSuffix("-minutes") || basis.hasSuffix("-minute") { return (60, .time, "min") }
    return (1, .none, basis)
  }
}
