import Foundation
import Quantities

/// `cost crossover A B [from RATE to RATE] [--free-tier]`.
enum CostCrossoverCommand {
  static let usage = "cost crossover A B [from RATE to RATE] [--free-tier]"
  static let models: Set<String> = ["baseline", "current"]

  static func run(
    _ arguments: inout Arguments, _ session: Session, _ model: PathModel,
    _ catalogs: CostCatalogs.Loaded
  ) throws(Diagnostic) -> CommandResult {
    guard let (first, firstSpan) = arguments.word(), let (second, secondSpan) = arguments.word()
    else {
      throw Diagnostic(
        "name two components of the model (lambda ecs) or baseline current; "
          + "usage: \(usage)", span: arguments.currentSpan,
        suggestions: model.components.filter { [.function, .service].contains($0.kind) }
          .map(\.name))
    }
    var range: (Double, Double)?
    if arguments.take("from") {
      let start = arguments.currentSpan
      let low = try arguments.quantity(.rate, named: "the lowest rate", stopAt: ["to"])
      try arguments.expect("to", usage: usage)
      let high = try arguments.quantity(.rate, named: "the highest rate", stopAt: ["-"])
      guard low.value > 0, high.value > low.value else {
        throw Diagnostic(
          "the range must go from a positive rate up to a higher one",
          span: start.union(arguments.previousSpan))
      }
      guard CostCrossover.rates.contains(low.value), CostCrossover.rates.contains(high.value)
      else {
        throw Diagnostic(
          "the range must lie within 1e-6 rps and 1T rps (flowbook's bound)",
          span: start.union(arguments.previousSpan))
      }
      range = (low.value, high.value)
    }
    let freeTier = CostCommand.takeFreeTier(&arguments)
    try arguments.expectEnd(usage: usage)
    let options = CostAnalysis.Options(freeTier: freeTier ? .alwaysFree : .excluded)
    let busiest = max(model.workload.rate?.value ?? 1, model.workload.peak?.value ?? 0)
    switch (models.contains(first), models.contains(second)) {
    case (true, true):
      let sides = try modelSides(first, second, session, catalogs.prices, options)
      return try compare(
        sides.0, sides.1, range: range ?? CostCrossover.clamped((1, 100 * busiest)),
        reference: model.workload.rate?.value, unit: "path rate")
    case (false, false):
      let a = try CostCrossover.component(
        first, of: model, prices: catalogs.prices,
        options: options)
      let b = try CostCrossover.component(
        second, of: model, prices: catalogs.prices,
        options: options)
      let load = try CapacityLoad.of(model)
      let into = max(load.visits(to: first), load.visits(to: second)) * busiest
      return try compare(
        a, b, range: range ?? CostCrossover.clamped((0.01, max(1, 100 * into))), reference: nil,
        unit: "rate into each")
    default:
      let span = models.contains(first) ? secondSpan : firstSpan
      throw Diagnostic(
        "compare two components, or baseline with current, not one of each",
        span: span)
    }
  }

  private static func modelSides(
    _ first: String, _ second: String, _ session: Session, _ prices: PriceCatalog,
    _ options: CostAnalysis.Options
  ) throws(Diagnostic) -> (CostCrossover.Side, CostCrossover.Side) {
    func side(_ name: String) throws(Diagnostic) -> CostCrossover.Side {
      let model =
        name == "baseline"
        ? try session.workspace.requireBaseline()
        : try session.workspace.requireModel()
      return try CostCrossover.model(name, model, prices: prices, options: options)
    }
    return (try side(first), try side(second))
  }

  // MARK: - Comparing

  static func compare(
    _ a: CostCrossover.Side, _ b: CostCrossover.Side,
    range: (Double, Double), reference: Double?, unit: String
  )
    throws(Diagnostic) -> CommandResult
  {
    let probe = reference ?? (range.0 * range.1).squareRoot()
    let priceA = try a.price(probe)
    let priceB = try b.price(probe)
    let comparingModels = unit == "path rate"
    if !comparingModels, !priceA.gaps.isEmpty || !priceB.gaps.isEmpty {
      if let result = try breakEven(a, b, priceA, priceB, range: range) { return result }
      let gaps = priceA.gaps + priceB.gaps
      throw Diagnostic(
        "cannot compare \(a.name) and \(b.name): some of their usage has no price",
        notes: gaps.map { "\($0.component) \($0.description.lowercased()): \($0.reason)" })
    }
    let found = try CostCrossover.crossings(a, b, from: range.0, to: range.1)
    var table = ResultTable(
      title: "cost crossover: \(a.name) vs \(b.name), \(unit) from "
        + CapacityCommand.rate(range.0) + " to " + CapacityCommand.rate(range.1),
      columns: [
        .init("rate", key: "rate_rps"), .init("\(a.name) $/month", key: "a_monthly"),
        .init("\(b.name) $/month", key: "b_monthly"),
        .init("cheaper", alignment: .left),
      ])
    for rate in sampleRates(range, found.map(\.rate) + (reference.map { [$0] } ?? [])) {
      let x = try a.price(rate).monthly
      let y = try b.price(rate).monthly
      table.append([
        .init(CapacityCommand.rate(rate), number: rate),
        .init(CostFormat.dollars(x), tag: .value, number: x),
        .init(CostFormat.dollars(y), tag: .value, number: y),
        .init(x == y ? "same" : (x < y ? a.name : b.name), tag: .keyword),
      ])
    }
    table.notes = crossingNotes(a, b, found, range)
    if comparingModels, !(priceA.gaps + priceB.gaps).isEmpty {
      let names = { (gaps: [CostGap]) in
        Set(gaps.map(\.component)).sorted().joined(separator: ", ")
      }
      table.notes.append(
        "priced usage only: \(a.name) leaves \(names(priceA.gaps)) unpriced, "
          + "\(b.name) \(names(priceB.gaps)); the comparison holds if those cost the same in both")
    }
    return .table(
      table,
      data: .object([
        ("a", .string(a.name)), ("b", .string(b.name)),
        (
          "crossings",
          .array(
            found.map { crossing in
              .object([
                ("rate_rps", .number(CapacityCommand.rounded(crossing.rate))),
                ("cheaper_below", .string(crossing.cheaperBelow)),
                ("cheaper_above", .string(crossing.cheaperAbove)),
                ("monthly", .number(CostFormat.rounded(crossing.monthly))),
              ])
            })
        ),
        ("points", table.json),
      ]))
  }

  private static func crossingNotes(
    _ a: CostCrossover.Side, _ b: CostCrossover.Side,
    _ found: [CostCrossover.Crossing], _ range: (Double, Double)
  )
    -> [String]
  {
    guard !found.isEmpty else {
      return [
        "no crossover between \(CapacityCommand.rate(range.0)) and "
          + "\(CapacityCommand.rate(range.1)): the cheaper side is the same throughout"
      ]
    }
    var notes = found.prefix(3).map { crossing in
      "crossover at \(CapacityCommand.rate(crossing.rate)) "
        + "(\(CostFormat.dollars(crossing.monthly)) a month each): \(crossing.cheaperBelow) is "
        + "cheaper below, \(crossing.cheaperAbove) above"
    }
    if found.count > 3 {
      notes.append("… and \(found.count - 3) more (a service's cost steps with whole tasks)")
    }
    return notes
  }

  /// Powers of ten inside the range, with the range's ends and the marked rates.
  static func sampleRates(_ range: (Double, Double), _ marked: [Double]) -> [Double] {
    var rates = [range.0, range.1] + marked.filter { $0 >= range.0 && $0 <= range.1 }
    var decade = pow(10, log10(range.0).rounded(.up))
    while decade < range.1 {
      rates.append(decade)
      decade *= 10
    }
    var out: [Double] = []
    for rate in rates.sorted() where !out.contains(where: { abs($0 - rate) <= 1e-9 * rate }) {
      out.append(rate)
    }
    return out
  }
}
