import Quantities

/// The cost of an event: a rate held for a while (Prime Day's 2.5M rps for an hour), not a
/// month.
///
/// AWS bills an event inside a month: its requests fall in the volume tiers the month
/// reaches, and fixed costs run by the hour. So the event is priced at the blended rates of a
/// month that runs at `workload.rate` except for the event (730 h − duration at the
/// workload's rate, plus the event), and its fixed costs are its hours of the capacity it
/// needs (tasks sized for the event's rate, nodes, ACLs).
extension CostAnalysis {
  /// One component's part of an event.
  public struct EventComponent: Sendable, Hashable {
    public var name: String
    /// Dollars for the event's traffic.
    public var variable: Double
    /// The event's hours of fixed costs.
    public var fixed: Double
    /// What could not be priced.
    public var unpriced: [CostGap]

    public var total: Double { variable + fixed }
  }

  /// What `cost for D at R` shows.
  public struct EventReport: Sendable {
    public var model: String
    /// The event's request rate, per second.
    public var rate: Double
    /// How long it lasts, in seconds.
    public var duration: Double
    /// The rate the rest of the month runs at.
    public var baseRate: Double
    public var components: [EventComponent]
    public var notes: [String]

    /// Requests in the event.
    public var requests: Double { rate * duration }
    public var variable: Double { components.reduce(0) { $0 + $1.variable } }
    public var fixed: Double { components.reduce(0) { $0 + $1.fixed } }
    public var total: Double { variable + fixed }
    /// Components with usage no confirmed price covers.
    public var unpricedComponents: [String] {
      components.filter { !$0.unpriced.isEmpty }.map(\.name)
    }
  }

  /// The cost of holding `rate` for `duration` inside a month at `workload.rate`.
  ///
  /// - Parameters:
  ///   - model: the path model.
  ///   - rate: the event's request rate, per second (> 0).
  ///   - duration: how long it lasts, in seconds (> 0, at most a 730-hour month).
  ///   - prices: the price catalog.
  ///   - options: free allowances (off by default).
  /// - Returns: each component's variable and fixed dollars for the event.
  /// - Throws: a diagnostic for a rate or duration out of range, or a model cost cannot read.
  /// - Complexity: two usage builds and one pooled bill: O(components × prices).
  public static func event(
    _ model: PathModel, rate: Double, duration: Double, prices: PriceCatalog,
    options: Options = .init()
  ) throws(Diagnostic) -> EventReport {
    let month = CostUsageBuilder.month
    guard rate.isFinite, rate > 0 else {
      throw Diagnostic("the event's rate must be above 0 rps")
    }
    guard duration.isFinite, duration >= 1e-3, duration <= month else {
      throw Diagnostic("the event must last at least 1 ms and at most a month (730 h)")
    }
    let baseRate = model.workload.rate?.value ?? 0
    let load = try CapacityLoad.of(model)
    var event = CostUsageBuilder(
      model: model, load: load, rate: rate, sizingRate: rate, prices: prices)
    event.build()
    var rest = CostUsageBuilder(
      model: model, load: load, rate: max(baseRate, 1e-9),
      sizingRate: max(baseRate, model.workload.peak?.value ?? 0, 1e-9), prices: prices)
    rest.build()
    var catalog = prices
    for entry in event.modelPrices + rest.modelPrices { catalog.upsert(entry) }
    let eventShare = duration / month
    let restShare = baseRate > 0 ? (month - duration) / month : 0
    let eventUsage = event.usages.map { scaled($0, by: eventShare) }
    let monthUsage = eventUsage + rest.usages.map { scaled($0, by: restShare) }
    let pooled = try pool(monthUsage, catalog, options)
    var components: [EventComponent] = []
    for component in model.components {
      let mine = eventUsage.filter { $0.component == component.name }
      let gaps = event.gaps.filter { $0.component == component.name }
      guard !mine.isEmpty || !gaps.isEmpty else { continue }
      let cost = pooled.attribute(mine, to: component, visits: 0, gaps: [])
      var part = EventComponent(
        name: component.name, variable: 0, fixed: 0, unpriced: gaps + cost.unpriced)
      for usage in mine {
        let dollars = usage.quantity * pooled.blendedRate(usage.priceID)
        if usage.kind == .variable { part.variable += dollars } else { part.fixed += dollars }
      }
      components.append(part)
    }
    var notes = event.notes
    notes.append(
      baseRate > 0
        ? "priced at the blended rates of a month at workload.rate "
          + "(\(CostUsageBuilder.plain(baseRate)) rps) for the other "
          + "\(hours(month - duration)): the event's usage falls in that "
          + "month's volume tiers"
        : "workload.rate is not set: priced as if the event were the month's only usage")
    notes.append(
      "fixed costs are the event's \(hours(duration)) of the capacity its rate "
        + "needs (tasks sized for it, nodes, web ACL), not a month")
    return EventReport(
      model: model.name, rate: rate, duration: duration, baseRate: baseRate,
      components: components, notes: notes)
  }

  /// A duration for notes: hours from an hour up (`729 h`), else as a time prints.
  static func hours(_ seconds: Double) -> String {
    seconds >= 3_600
      ? CostUsageBuilder.plain(seconds / 3_600) + " h" : Quantity.seconds(seconds).formatted
  }

  private static func scaled(_ usage: CostUsage, by share: Double) -> CostUsage {
    var copy = usage
    copy.quantity *= share
    return copy
  }
}
