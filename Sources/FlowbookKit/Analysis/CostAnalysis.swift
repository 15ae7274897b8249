import Quantities

/// Dollars per million requests and per month, per component and for the whole path, from
/// the model's load and AWS's billing rules.
///
/// How: `CapacityLoad` gives each component's visits per request (weighted by the path's
/// branch shares, so only CDN misses reach the origin and only resolver-cache misses reach
/// Route 53) and the time each visit holds it; `CostUsageBuilder` turns those into monthly
/// usage at `workload.rate` (730-hour month); usage of one price is pooled across
/// components and billed by `Billing.usage` at the month's total volume, so volume tiers
/// and free allowances apply once per account, as AWS applies them; each component gets
/// its share. Usage the catalog cannot price, or the model does not describe, is reported
/// as unpriced and left out of the totals, never counted as $0.
///
/// ```swift
/// let model = try ModelLoader.load(file: "datasets/golden-path.yaml")
/// let report = try CostAnalysis.report(model, prices: CostCatalogs.load().prices)
/// report.perMillion        // $ per 1M requests, fixed costs spread over the month
/// ```
public enum CostAnalysis {
  /// What to bill.
  public struct Options: Sendable, Hashable {
    /// Free allowances: none by default (they are the account's, used up elsewhere).
    public var freeTier: FreeTierPolicy
    /// A request rate (per second) replacing `workload.rate`, for crossovers.
    public var rate: Double?
    /// Price only the load the limits admit (`AdmittedLoad`), with these quotas.
    public var admitted: Bool
    public var quotas: QuotaCatalog?

    /// Creates options.
    ///
    /// - Parameters:
    ///   - freeTier: which free allowances to subtract.
    ///   - rate: a request rate replacing `workload.rate`.
    ///   - admitted: price the admitted load rather than the offered one.
    ///   - quotas: AWS's quotas for `admitted`; nil: the built-in figures.
    public init(
      freeTier: FreeTierPolicy = .excluded, rate: Double? = nil, admitted: Bool = false,
      quotas: QuotaCatalog? = nil
    ) {
      self.freeTier = freeTier
      self.rate = rate
      self.admitted = admitted
      self.quotas = quotas
    }
  }

  /// One component's part of the month.
  public struct ComponentCost: Sendable, Hashable {
    public var name: String
    public var kind: ComponentKind
    /// Expected visits per request entering the path (its share of traffic).
    public var visits: Double
    /// Dollars a month that grow with traffic.
    public var variableMonthly: Double
    /// Dollars a month paid for time and configuration.
    public var fixedMonthly: Double
    /// What could not be priced, and why.
    public var unpriced: [CostGap]

    public var monthly: Double { variableMonthly + fixedMonthly }
  }

  /// One route's variable cost per million requests that take it.
  public struct RouteCost: Sendable, Hashable {
    public var name: String
    public var share: Double
    public var perMillion: Double
    /// True when some of the route's usage is unpriced (then `perMillion` is a lower bound).
    public var isIncomplete: Bool
  }

  /// Everything `cost` shows.
  public struct Report: Sendable {
    public var model: String
    /// Requests per second entering the path.
    public var rate: Double
    public var requestsPerMonth: Double
    public var options: Options
    /// Components with usage or gaps, in model order.
    public var components: [ComponentCost]
    public var routes: [RouteCost]
    /// The month's bill: pooled line items by price, plus unpriced catalog usage.
    public var bill: Bill
    /// Usage the model does not describe well enough to price.
    public var gaps: [CostGap]
    /// Assumptions made for missing parameters and model prices used.
    public var notes: [String]

    public var variableMonthly: Double { components.reduce(0) { $0 + $1.variableMonthly } }
    public var fixedMonthly: Double { components.reduce(0) { $0 + $1.fixedMonthly } }
    public var monthly: Double { variableMonthly + fixedMonthly }
    /// Millions of requests a month.
    public var millions: Double { requestsPerMonth / 1e6 }
    /// Variable dollars per million requests.
    public var variablePerMillion: Double { variableMonthly / millions }
    /// All dollars per million requests, fixed costs spread over the month's requests.
    public var perMillion: Double { monthly / millions }
    /// Components with something unpriced, in model order.
    public var unpricedComponents: [String] {
      components.filter { !$0.unpriced.isEmpty }.map(\.name)
    }

    /// Refuses a bill with a figure beyond a `Double`, naming the first line that overflowed.
    ///
    /// Why here and not per formula: a month's usage multiplies several settings (rate,
    /// visits, fan-out, payload, duration), each within its own bound, and their product
    /// can still pass 1.8 × 10^308; every `cost` figure (lines, components, routes, totals)
    /// comes out of this report, so one check keeps `inf` and `nan` off the screen.
    /// - Throws: a diagnostic naming the line and the settings that feed it.
    func checkFinite() throws(Diagnostic) {
      func refuse(_ what: String) -> Diagnostic {
        Diagnostic(
          "cost: \(what) is beyond what can be priced (more than 10^308 dollars or units, "
            + "or a rate too small to spread a bill over); check the settings that feed it "
            + "(workload.rate, visits, payload sizes, durations)")
      }
      for item in bill.items where !item.quantity.isFinite || !item.cost.isFinite {
        throw refuse("the line '\(item.description)'")
      }
      for component in components where !component.monthly.isFinite {
        throw refuse("\(component.name)'s month")
      }
      for route in routes where !route.perMillion.isFinite {
        throw refuse("route \(route.name)'s cost per 1M requests")
      }
      guard requestsPerMonth.isFinite, monthly.isFinite, perMillion.isFinite,
        variablePerMillion.isFinite
      else { throw refuse("the month's total") }
    }
  }

  /// The cost of `model` at its workload rate (or `options.rate`).
  /// - Throws: a diagnostic when the model has no rate, or a catalog entry is missing.
  /// - Complexity: O(path size × components + prices × tiers), plus one latency
  ///   composition per fan-out or retry block.
  public static func report(_ model: PathModel, prices: PriceCatalog, options: Options = .init())
    throws(Diagnostic) -> Report
  {
    try report(
      model, load: CapacityLoad.of(model), prices: prices, options: options,
      routes: true)
  }

  /// The report from a load computed once (crossovers price one model at many rates).
  static func report(
    _ model: PathModel, load: CapacityLoad, prices: PriceCatalog, options: Options,
    routes withRoutes: Bool
  ) throws(Diagnostic) -> Report {
    let rate = try requestRate(model, options)
    var load = load
    var admission: [String] = []
    if options.admitted {
      let pass = try AdmittedLoad.of(
        model, load: load, limits: LimitRegistry(model: model, quotas: options.quotas),
        rate: rate)
      if !pass.shaping.isEmpty {
        load = pass.scaled(load)
        admission = pass.notes
      }
    }
    // Side paths are fed by what the main path admitted.
    load = try load.addingSidePaths(of: model)
    var builder = CostUsageBuilder(
      model: model, load: load, rate: rate,
      sizingRate: max(rate, model.workload.peak?.value ?? 0),
      prices: prices)
    builder.build()
    var catalog = prices
    for entry in builder.modelPrices { catalog.upsert(entry) }
    let pooled = try pool(builder.usages, catalog, options)
    var components: [ComponentCost] = []
    for component in model.components {
      let mine = builder.usages.filter { $0.component == component.name }
      let gaps = builder.gaps.filter { $0.component == component.name }
      guard !mine.isEmpty || !gaps.isEmpty else { continue }
      components.append(
        pooled.attribute(
          mine, to: component,
          visits: load.visits(to: component.name), gaps: gaps))
    }
    var report = Report(
      model: model.name, rate: rate, requestsPerMonth: rate * CostUsageBuilder.month,
      options: options, components: components, routes: [], bill: pooled.bill,
      gaps: builder.gaps, notes: admission + builder.notes)
    if withRoutes {
      report.routes = try routeCosts(model, rate: rate, prices: catalog, pooled: pooled)
    }
    try report.checkFinite()
    return report
  }

  /// The rate the cost is computed at.
  static func requestRate(_ model: PathModel, _ options: Options) throws(Diagnostic) -> Double {
    if let rate = options.rate { return rate }
    guard let rate = model.workload.rate, rate.value > 0 else {
      throw Diagnostic(
        "the request rate is not set: set workload.rate (e.g. set "
          + "workload.rate = 850k rps)")
    }
    return rate.value
  }

  // MARK: - Pooling

  /// The month's usage billed price by price, and what each price's rows cost.
  struct Pooled {
    var bill = Bill()
    /// Total basis units per price id.
    var quantity: [String: Double] = [:]
    /// Dollars billed per price id.
    var cost: [String: Double] = [:]
    /// Why part of a price's usage is unpriced.
    var unpricedReason: [String: String] = [:]

    /// A component's dollars: its share of each price's bill, by its share of the usage.
    func attribute(
      _ usages: [CostUsage], to component: Component, visits: Double,
      gaps: [CostGap]
    ) -> ComponentCost {
      var result = ComponentCost(
        name: component.name, kind: component.kind, visits: visits,
        variableMonthly: 0, fixedMonthly: 0, unpriced: gaps)
      for usage in usages {
        let total = quantity[usage.priceID] ?? 0
        let share = total > 0 ? usage.quantity / total : 0
        let dollars = share * (cost[usage.priceID] ?? 0)
        if usage.kind == .variable {
          result.variableMonthly += dollars
        } else {
          result.fixedMonthly += dollars
        }
        if let reason = unpricedReason[usage.priceID] {
          result.unpriced.append(
            CostGap(
              component: component.name,
              description: usage.description, kind: usage.kind,
              reason: "\(usage.priceID): \(reason)"))
        }
      }
      return result
    }

    /// Dollars per basis unit of a price, over the pooled month (tiers blended).
    func blendedRate(_ id: String) -> Double {
      guard let q = quantity[id], q > 0 else { return 0 }
      return (cost[id] ?? 0) / q
    }
  }

  static func pool(_ usages: [CostUsage], _ catalog: PriceCatalog, _ options: Options)
    throws(Diagnostic) -> Pooled
  {
    var order: [String] = []
    var first: [String: CostUsage] = [:]
    var pooled = Pooled()
    for usage in usages {
      if first[usage.priceID] == nil {
        order.append(usage.priceID)
        first[usage.priceID] = usage
      }
      pooled.quantity[usage.priceID, default: 0] += usage.quantity
    }
    for id in order {
      guard let usage = first[id], let quantity = pooled.quantity[id] else { continue }
      let bill: Bill
      do {
        bill = try Billing.usage(
          id, quantity: quantity, kind: usage.kind,
          description: usage.description, prices: catalog,
          options: BillingOptions(freeTier: options.freeTier))
      } catch {
        throw Diagnostic("cost: \(error.description)")
      }
      pooled.bill += bill
      pooled.cost[id] = bill.total
      if let unpriced = bill.unpriced.first {
        pooled.unpricedReason[id] = unpriced.reason
      }
    }
    return pooled
  }

  // MARK: - Routes

  /// Each route's variable dollars per million of its requests, at the pooled month's
  /// blended rates (so the routes' share-weighted sum is the path's variable cost).
  static func routeCosts(_ model: PathModel, rate: Double, prices: PriceCatalog, pooled: Pooled)
    throws(Diagnostic) -> [RouteCost]
  {
    let routes: [Route]
    do {
      routes = try model.routes()
    } catch {
      throw error.diagnostic(in: model.file)
    }
    var out: [RouteCost] = []
    for route in routes {
      let load = try CapacityLoad.of(route.node, in: model)
      var builder = CostUsageBuilder(
        model: model, load: load, rate: rate, sizingRate: rate,
        prices: prices)
      builder.build()
      let variable = builder.usages.filter { $0.kind == .variable }
      let dollars = variable.reduce(0) { $0 + $1.quantity * pooled.blendedRate($1.priceID) }
      let incomplete =
        variable.contains { pooled.unpricedReason[$0.priceID] != nil }
        || builder.gaps.contains { $0.kind == .variable }
      out.append(
        RouteCost(
          name: route.name, share: route.share,
          perMillion: dollars / (rate * CostUsageBuilder.month / 1e6),
          isIncomplete: incomplete))
    }
    return out
  }
}
