import Quantities

/// `cost --month`: the month's bill as AWS would itemise it — one row per price and tier,
/// usage, rate and dollars — followed by what could not be priced.
enum CostBillView {
  static func render(_ report: CostAnalysis.Report) -> CommandResult {
    var table = ResultTable(
      title: "monthly bill: \(report.model) at \(CapacityCommand.rate(report.rate)) "
        + "(730 h), "
        + (report.options.freeTier == .excluded
          ? "no free tier"
          : "always-free allowances subtracted"),
      columns: [
        .init("service", alignment: .left), .init("line item", alignment: .left),
        .init("usage"), .init("rate", alignment: .left), .init("kind", alignment: .left),
        .init("$/month", key: "cost"),
      ])
    for item in report.bill.items {
      table.append([
        .init(service(item.priceID), tag: .keyword), .init(item.description),
        .init(usage(item.quantity, item.basis), number: item.quantity),
        .init(rate(item.unitPrice, item.priceUnit)), .init(item.kind.rawValue),
        .init(CostFormat.dollars(item.cost), tag: .value, number: item.cost),
      ])
    }
    for item in report.bill.unpriced {
      table.append([
        .init(service(item.priceID), tag: .keyword), .init(item.description),
        .init(usage(item.quantity, item.basis), number: item.quantity),
        .init("unconfirmed"), .init(item.kind.rawValue), .init("unpriced", tag: .warning),
      ])
    }
    for gap in report.gaps {
      table.append([
        .init(gap.component, tag: .keyword), .init(gap.description), .init("?"), .init("-"),
        .init(gap.kind.rawValue), .init("unpriced", tag: .warning),
      ])
    }
    let variable = report.bill.variableCost
    let fixed = report.bill.fixedCost
    table.append([
      .init("total", tag: .keyword), .init("variable + fixed"), .init(""),
      .init(""), .init(""),
      .init(
        CostFormat.dollars(variable + fixed), tag: .value,
        number: variable + fixed),
    ])
    table.notes =
      [
        "variable \(CostFormat.dollars(variable)) + fixed \(CostFormat.dollars(fixed)); each line "
          + "is billed at the month's pooled volume, tiers and allowances as AWS applies them"
      ] + unpricedNotes(report) + [
        "rates: datasets/pricing/aws-us-east-1.yaml; `cost` splits these lines by component"
      ]
    return .table(
      table,
      data: .object([
        ("model", .string(report.model)), ("rate_rps", .number(report.rate)),
        ("free_tier", .bool(report.options.freeTier != .excluded)),
        ("variable", .number(CostFormat.rounded(variable))),
        ("fixed", .number(CostFormat.rounded(fixed))),
        ("total", .number(CostFormat.rounded(variable + fixed))),
        ("complete", .bool(report.bill.unpriced.isEmpty && report.gaps.isEmpty)),
        ("items", table.json),
      ]))
  }

  private static func unpricedNotes(_ report: CostAnalysis.Report) -> [String] {
    let catalog = report.bill.unpriced.map { "\($0.priceID): \($0.reason)" }
    let model = report.gaps.map { "\($0.component): \($0.reason)" }
    guard !(catalog + model).isEmpty else { return [] }
    return ["unpriced (not in the total):"] + Set(catalog).sorted().map { "  " + $0 }
      + model.map { "  " + $0 }
  }

  /// `lambda.duration.x86` → `lambda`; a model price `model.ecs.price` → `ecs`.
  static func service(_ priceID: String) -> String {
    let parts = priceID.split(separator: ".")
    if parts.first == "model", parts.count > 1 { return String(parts[1]) }
    return String(parts.first ?? "")
  }

  /// `2.2338T requests`, `140,000 GB-s`.
  static func usage(_ quantity: Double, _ basis: String) -> String {
    Quantity.formatNumber(quantity, compact: quantity >= 1e7) + " " + basis
  }

  /// `$3.50 per 1M requests`, `$0.0000166667 per GB-s`.
  static func rate(_ price: Double, _ unit: String) -> String {
    let per = unit.hasPrefix("USD ") ? String(unit.dropFirst(4)) : unit
    return "$" + CostFormat.cents(Quantity.formatNumber(price)) + " " + per
  }
}
