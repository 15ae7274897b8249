import Foundation

/// The request rates at which one design becomes cheaper than another.
///
/// Two kinds of comparison, both honest about what they cannot price:
/// - **two components** of one model (`lambda` and `ecs`): each carries the same request
///   rate alone, billed at that volume; a Lambda function costs in proportion to its
///   traffic, a service in whole tasks (Little's law sizes them), so they cross;
/// - **two models** (the baseline and the current what-if): the whole path's monthly
///   cost at the same path rate.
///
/// Monthly cost is found on a logarithmic grid (24 points per decade), and each change of
/// sign of the difference is refined by bisection, which is exact for step costs (tasks)
/// as for smooth ones. When one side is a container service with no task price (Fargate's
/// rates are unconfirmed in the dataset), the answer is instead the **break-even task
/// price** at each rate: the hourly price per task below which the service is cheaper.
public enum CostCrossover {
  /// One side's cost at a rate: priced dollars a month, what is unpriced, and for a
  /// service the task-hours it needs.
  public struct Priced: Sendable {
    public var monthly: Double
    public var gaps: [CostGap]
    public var taskHours: Double?
  }

  /// A design priced as a function of the request rate (per second).
  public struct Side: Sendable {
    public var name: String
    public var price: @Sendable (Double) throws(Diagnostic) -> Priced
  }

  /// A rate where the cheaper side changes.
  public struct Crossing: Sendable, Hashable {
    public var rate: Double
    /// The side cheaper just below `rate`, and just above.
    public var cheaperBelow: String
    public var cheaperAbove: String
    /// Either side's monthly cost there.
    public var monthly: Double
  }

  /// Points per decade of the scan.
  static let resolution = 24.0
  /// The request rates a scan may cover, per second (flowbook's bound: 18 decades).
  public static let rates = 1e-6...1e12

  /// `range` moved inside `rates` (a workload of 1e300 rps has no meaningful scan).
  public static func clamped(_ range: (Double, Double)) -> (Double, Double) {
    let low = min(max(range.0, rates.lowerBound), rates.upperBound / 10)
    return (low, min(max(range.1, low * 10), rates.upperBound))
  }

  /// Every crossing of `a` and `b` between `low` and `high` requests per second.
  /// - Complexity: O(resolution × decades + 60 × crossings) evaluations of each side.
  public static func crossings(_ a: Side, _ b: Side, from low: Double, to high: Double)
    throws(Diagnostic) -> [Crossing]
  {
    guard rates.contains(low), rates.contains(high), high > low else {
      throw Diagnostic("a crossover scan covers rates from 1e-6 rps to 1T rps, increasing")
    }
    let decades = log10(high / low)
    let steps = max(2, Int((decades * resolution).rounded(.up)))
    func difference(_ rate: Double) throws(Diagnostic) -> Double {
      try a.price(rate).monthly - b.price(rate).monthly
    }
    var out: [Crossing] = []
    var previousRate = low
    var previous = try difference(low)
    for index in 1...steps {
      let rate = low * pow(10, decades * Double(index) / Double(steps))
      let current = try difference(rate)
      if (previous < 0) != (current < 0), previous != 0 || current != 0 {
        out.append(try refine(a, b, previousRate, rate, belowSign: previous < 0))
      }
      previousRate = rate
      previous = current
    }
    return out
  }

  private static func refine(
    _ a: Side, _ b: Side, _ low: Double, _ high: Double,
    belowSign: Bool
  ) throws(Diagnostic) -> Crossing {
    var low = low
    var high = high
    for _ in 0..<60 {
      let middle = (low * high).squareRoot()
      let below = try a.price(middle).monthly - b.price(middle).monthly < 0
      if below == belowSign { low = middle } else { high = middle }
    }
    let cheaperBelow = belowSign ? a.name : b.name
    let cheaperAbove = belowSign ? b.name : a.name
    return Crossing(
      rate: high, cheaperBelow: cheaperBelow, cheaperAbove: cheaperAbove,
      monthly: try a.price(high).monthly)
  }

  // MARK: - Sides

  /// Component `name` of `model` carrying `rate` requests/s alone, billed at that volume.
  /// - Throws: a diagnostic if the component is not on the path.
  public static func component(
    _ name: String, of model: PathModel, prices: PriceCatalog,
    options: CostAnalysis.Options = .init()
  ) throws(Diagnostic) -> Side {
    let load = try CapacityLoad.of(model)
    let visits = load.visits(to: name)
    guard let component = model.component(named: name) else {
      throw Diagnostic(
        "no component named '\(name)' in model \(model.name)",
        suggestions: Suggestion.nearest(
          to: name,
          among: model.components.map(\.name)))
    }
    guard visits > 0 else {
      throw Diagnostic("\(name) is not on the path of \(model.name), so it carries no requests")
    }
    return Side(name: name) { (rate: Double) throws(Diagnostic) -> Priced in
      let pathRate = rate / visits
      var builder = CostUsageBuilder(
        model: model, load: load, rate: pathRate,
        sizingRate: pathRate, prices: prices)
      builder.build()
      var catalog = prices
      for entry in builder.modelPrices { catalog.upsert(entry) }
      let mine = builder.usages.filter { $0.component == name }
      let pooled = try CostAnalysis.pool(mine, catalog, options)
      var gaps = builder.gaps.filter { $0.component == name }
      gaps += pooled.bill.unpriced.map {
        CostGap(
          component: name, description: $0.description, kind: $0.kind,
          reason: "\($0.priceID): \($0.reason)")
      }
      let tasks = component.kind == .service ? builder.taskCount(component) : nil
      return Priced(
        monthly: pooled.bill.total, gaps: gaps,
        taskHours: tasks.map { $0 * CostUsageBuilder.month / 3_600 })
    }
  }

  /// The whole path of `model` at a path rate.
  public static func model(
    _ label: String, _ model: PathModel, prices: PriceCatalog,
    options: CostAnalysis.Options = .init()
  ) throws(Diagnostic) -> Side {
    let load = try CapacityLoad.of(model)
    let freeTier = options.freeTier
    return Side(name: label) { (rate: Double) throws(Diagnostic) -> Priced in
      let report = try CostAnalysis.report(
        model, load: load, prices: prices,
        options: CostAnalysis.Options(freeTier: freeTier, rate: rate), routes: false)
      return Priced(
        monthly: report.monthly, gaps: report.components.flatMap(\.unpriced),
        taskHours: nil)
    }
  }
}
