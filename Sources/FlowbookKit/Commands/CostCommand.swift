import Quantities

/// `cost [--month] [--free-tier]`, `cost crossover A B`: dollars per million requests and
/// per month, per component and route, from the price catalog.
enum CostCommand {
  static let usage =
    "cost [--month] [--free-tier] | cost [for DURATION] at RATE|peak "
    + "| cost crossover A B [from RATE to RATE]"

  static let command = Command(
    name: "cost",
    synopsis: usage,
    summary: "$ per 1M requests per component and route, $/month, variable and fixed apart",
    discussion: """
      Each component's usage follows from its visits per request (branch shares applied: \
      only CDN misses reach the origin, only resolver-cache misses reach Route 53, set by \
      dns.resolver_hit_rate) at workload.rate over a 730-hour month, metered by AWS's \
      rules (Lambda GB-s at MB/1024, each invocation rounded up to 1 ms: half a ms on \
      average for a spread-out duration; REST or HTTP calls, HTTP per 512 \
      KB; SQS per 64 KB with a consumer's receives and deletes; DynamoDB units by item \
      size and consistency; CloudFront per 10,000 requests plus data out at the edge). \
      Usage of one price is pooled across components and billed at the month's volume, \
      so tiers apply as AWS applies them. Fixed costs (nodes, web ACL and rules, health \
      checks, hosted zones, ALB hours and LCUs, task-hours) are listed apart; the $/1M \
      column is variable cost. Free tiers are off (they belong to the whole account); \
      --free-tier subtracts the always-free allowances. Usage without a confirmed price, \
      or that the model does not describe, is listed as unpriced and marks the figures \
      it leaves out with "+ ?", never as $0. Prices come from the catalog: a price \
      written in the model file (api_gateway.price) is a quote, noted if it differs; one \
      you set replaces the catalog's list rate (its first tier), keeping its free tier and \
      later tiers (a what-if); a container service's task \
      price can only come from the model. --month shows the bill's line items. cost \
      crossover A B \
      compares two components of the model (each carrying the same request rate alone, \
      e.g. lambda and ecs) or baseline and current (the whole path) and finds the rates \
      where the cheaper one changes. cost at peak and cost for 1 h at 2.5M rps price an \
      event: its usage at the blended rates of a month at workload.rate, plus its hours \
      of fixed costs.
      """,
    example: "cost\ncost --month --free-tier\ncost for 1 h at 2.5M rps\n"
      + "set ecs.concurrency_per_task = 50\n"
      + "cost crossover lambda ecs",
    completion: .words([
      "--month", "--free-tier", "crossover", "baseline", "current", "at", "for", "peak",
    ]),
    run: { arguments, session in
      let model = try session.workspace.requireModel()
      let catalogs = try CostCatalogs.load(directory: session.workspace.datasetsDirectory)
      if arguments.take("crossover") {
        return try CostCrossoverCommand.run(&arguments, session, model, catalogs)
      }
      var month = false
      var freeTier = false
      while !arguments.isAtEnd {
        if arguments.takeFlag("month") {
          month = true
        } else if takeFreeTier(&arguments) {
          freeTier = true
        } else if ["at", "for"].contains(arguments.peekWord() ?? "") {
          return try CostEventCommand.run(&arguments, model, catalogs, freeTier: freeTier)
        } else {
          try arguments.expectEnd(usage: usage)
        }
      }
      let options = CostAnalysis.Options(
        freeTier: freeTier ? .alwaysFree : .excluded, admitted: true, quotas: catalogs.quotas)
      let report = try CostAnalysis.report(model, prices: catalogs.prices, options: options)
      return month ? CostBillView.render(report) : render(report)
    })

  /// Consumes `--free-tier` (lexed as `-`, `-`, `free`, `-`, `tier`).
  static func takeFreeTier(_ arguments: inout Arguments) -> Bool {
    let saved = arguments
    guard arguments.takeSymbol("-"), arguments.takeSymbol("-"), arguments.take("free"),
      arguments.takeSymbol("-"), arguments.take("tier")
    else {
      arguments = saved
      return false
    }
    return true
  }

  // MARK: - cost

  static func render(_ report: CostAnalysis.Report) -> CommandResult {
    var table = ResultTable(
      title: "cost: \(report.model) at \(CapacityCommand.rate(report.rate)), "
        + "\(Quantity.formatNumber(report.requestsPerMonth, compact: true)) requests a month "
        + "(730 h), "
        + (report.options.freeTier == .excluded
          ? "no free tier"
          : "always-free allowances subtracted"),
      columns: [
        .init("component", alignment: .left), .init("share"),
        .init("$/1M req", key: "variable_per_million"),
        .init("variable $/month", key: "variable"), .init("fixed $/month", key: "fixed"),
        .init("$/month", key: "monthly"), .init("unpriced", alignment: .left),
      ])
    for component in report.components {
      let perMillion = component.variableMonthly / report.millions
      let variableGap = component.unpriced.contains { $0.kind == .variable }
      let fixedGap = component.unpriced.contains { $0.kind == .fixed }
      table.append([
        .init(component.name, tag: .keyword),
        .init(TimeFormat.share(component.visits), number: component.visits),
        .init(shown(perMillion, variableGap), tag: .value, number: perMillion),
        .init(shown(component.variableMonthly, variableGap), number: component.variableMonthly),
        .init(shown(component.fixedMonthly, fixedGap), number: component.fixedMonthly),
        .init(
          shown(component.monthly, variableGap || fixedGap), tag: .value,
          number: component.monthly),
        .init(component.unpriced.map(\.description).joined(separator: ", "), tag: .warning),
      ])
    }
    let gaps = report.components.flatMap(\.unpriced)
    let variableGap = gaps.contains { $0.kind == .variable }
    let fixedGap = gaps.contains { $0.kind == .fixed }
    table.append([
      .init("total", tag: .keyword), .init(""),
      .init(
        shown(report.variablePerMillion, variableGap), tag: .value,
        number: report.variablePerMillion),
      .init(shown(report.variableMonthly, variableGap), number: report.variableMonthly),
      .init(shown(report.fixedMonthly, fixedGap), number: report.fixedMonthly),
      .init(shown(report.monthly, !gaps.isEmpty), tag: .value, number: report.monthly),
      .init(gaps.isEmpty ? "" : "see below", tag: .warning),
    ])
    table.notes = summaryNotes(report)
    var routes = ResultTable(
      title: "per route (variable cost of the requests that take it)",
      columns: [
        .init("route", alignment: .left), .init("share"),
        .init("$/1M req", key: "per_million"),
        .init("note", alignment: .left, key: "incomplete"),
      ])
    for route in report.routes {
      routes.append([
        .init(route.name, tag: .keyword), .init(TimeFormat.share(route.share), number: route.share),
        .init(CostFormat.dollars(route.perMillion), tag: .value, number: route.perMillion),
        .init(route.isIncomplete ? "+ unpriced" : "", tag: .warning),
      ])
    }
    return CommandResult(blocks: [.table(table), .table(routes)], data: json(report))
  }

  /// Dollars, marked `+ ?` when unpriced usage is left out (`?` alone when nothing is
  /// priced), so a partial figure is never read as the whole, nor a gap as $0.
  static func shown(_ dollars: Double, _ unpriced: Bool) -> String {
    guard unpriced else { return CostFormat.dollars(dollars) }
    return dollars == 0 ? "?" : CostFormat.dollars(dollars) + " + ?"
  }

  private static func summaryNotes(_ report: CostAnalysis.Report) -> [String] {
    let priced = report.unpricedComponents.isEmpty ? "" : " of priced usage"
    var notes = [
      "all-in: \(CostFormat.dollars(report.perMillion)) per 1M requests\(priced) (fixed costs "
        + "spread over the month's requests); \(CostFormat.dollars(report.monthly)) a month"
    ]
    let gaps = report.components.flatMap(\.unpriced)
    if gaps.isEmpty {
      notes.append("every usage is priced")
    } else {
      notes.append(
        "? = unpriced, not in the totals: "
          + report.unpricedComponents.joined(separator: ", "))
      notes += gaps.map { "  \($0.component) \($0.description.lowercased()): \($0.reason)" }
    }
    return notes + report.notes
  }

  // MARK: - JSON

  static func json(_ report: CostAnalysis.Report) -> JSONValue {
    let components: [JSONValue] = report.components.map { c in
      .object([
        ("component", .string(c.name)), ("kind", .string(c.kind.rawValue)),
        ("share", .number(CostFormat.rounded(c.visits))),
        ("per_million", .number(CostFormat.rounded(c.monthly / report.millions))),
        ("variable_per_million", .number(CostFormat.rounded(c.variableMonthly / report.millions))),
        ("fixed_monthly", .number(CostFormat.rounded(c.fixedMonthly))),
        ("monthly", .number(CostFormat.rounded(c.monthly))),
        (
          "unpriced",
          .array(
            c.unpriced.map {
              .object([
                ("item", .string($0.description)), ("kind", .string($0.kind.rawValue)),
                ("reason", .string($0.reason)),
              ])
            })
        ),
      ])
    }
    let routes: [JSONValue] = report.routes.map { r in
      .object([
        ("route", .string(r.name)), ("share", .number(CostFormat.rounded(r.share))),
        ("per_million", .number(CostFormat.rounded(r.perMillion))),
        ("complete", .bool(!r.isIncomplete)),
      ])
    }
    return .object([
      ("model", .string(report.model)), ("rate_rps", .number(report.rate)),
      ("requests_per_month", .number(report.requestsPerMonth)),
      ("free_tier", .bool(report.options.freeTier != .excluded)),
      ("per_million", .number(CostFormat.rounded(report.perMillion))),
      ("variable_per_million", .number(CostFormat.rounded(report.variablePerMillion))),
      ("monthly", .number(CostFormat.rounded(report.monthly))),
      ("fixed_monthly", .number(CostFormat.rounded(report.fixedMonthly))),
      ("complete", .bool(report.unpricedComponents.isEmpty)),
      ("unpriced", .array(report.unpricedComponents.map(JSONValue.string))),
      ("components", .array(components)), ("routes", .array(routes)),
      ("notes", .array(report.notes.map(JSONValue.string))),
    ])
  }
}

/// Dollars as bills print them.
enum CostFormat {
  /// `$1,234.56` from a dollar up (to the cent), `$0.50` or `$0.0836` below (three
  /// significant digits, at least cents), `$0` for nothing.
  static func dollars(_ x: Double) -> String {
    guard x != 0 else { return "$0" }
    let sign = x < 0 ? "-" : ""
    let magnitude = abs(x)
    guard magnitude >= 1 else {
      return sign + "$" + cents(Quantity.formatNumber(TimeFormat.rounded(magnitude)))
    }
    // Cents stop mattering long before 10^13 dollars (and ×100 may overflow).
    guard magnitude < 1e13 else { return sign + "$" + Quantity.formatNumber(magnitude) }
    let cents = (magnitude * 100).rounded()
    let whole = (cents / 100).rounded(.down)
    let fraction = Int(cents - whole * 100)
    return sign + "$" + Quantity.formatNumber(whole) + "." + (fraction < 10 ? "0" : "")
      + String(fraction)
  }

  /// A number written with at least two decimals: `5` → `5.00`, `0.5` → `0.50`.
  static func cents(_ number: String) -> String {
    guard !number.contains("e") else { return number }
    guard let dot = number.firstIndex(of: ".") else { return number + ".00" }
    let decimals = number.distance(from: dot, to: number.endIndex) - 1
    return decimals >= 2 ? number : number + String(repeating: "0", count: 2 - decimals)
  }

  /// A dollar figure for JSON: to a millionth of a dollar.
  static func rounded(_ x: Double) -> Double { (x * 1e6).rounded() / 1e6 }
}
