import Quantities

/// `explain cost.*`: the month's bill, line by line, each rate with its AWS page and date.
///
/// It reads `CostAnalysis.totals`, the report the registry's `evaluate` reads, so its lines
/// are the lines the metric adds up.
enum CostExplainer {
  static func explain(_ metric: String, _ model: PathModel, _ out: inout MetricExplanation)
    throws(Diagnostic)
  {
    let report = try CostAnalysis.totals(model)
    let prices = try CostCatalogs.load().prices
    let months = UnitTable.monthSeconds
    out.formula = formula(metric)
    ExplainSource.addWorkload("rate", model, to: &out)
    for name in ["response_size", "compression"] {
      ExplainSource.addWorkload(name, model, to: &out)
    }
    out.input(
      "month", "730 h", "AWS: the pricing calculator bills a month as 730 hours")
    out.step(
      "requests a month", Quantity.formatNumber(TimeFormat.rounded(report.requestsPerMonth)),
      report.requestsPerMonth, "workload.rate × 730 h × 3,600 s")
    let fixedOnly = metric == "fixed_monthly"
    let variableOnly = metric == "variable_per_million"
    var variable = 0.0
    var fixed = 0.0
    for item in report.bill.items {
      if item.kind == .fixed { fixed += item.cost } else { variable += item.cost }
      if (fixedOnly && item.kind != .fixed) || (variableOnly && item.kind == .fixed) {
        continue
      }
      addPrice(item.priceID, prices, model, &out)
      out.step(
        "\(item.component) · \(item.description)", CostFormat.dollars(item.cost), item.cost,
        "\(Quantity.formatNumber(TimeFormat.rounded(item.quantity))) \(item.basis) × "
          + "\(CostFormat.dollars(item.unitPrice)) per "
          + "\(Quantity.formatNumber(item.unitScale)) (\(item.priceID), "
          + (item.kind == .fixed ? "fixed" : "variable") + ")")
    }
    for gap in report.components.flatMap(\.unpriced) {
      out.step(
        "\(gap.component) · \(gap.description)", "unpriced", nil, gap.reason)
    }
    if !report.unpricedComponents.isEmpty {
      out.notes.append(
        "unpriced usage (\(report.unpricedComponents.joined(separator: ", "))) is left out "
          + "of the totals, never counted as $0")
    }
    out.notes += report.notes.filter { $0.contains("admits") }
    totals(metric, report, variable: variable, fixed: fixed, months: months, &out)
  }

  private static func formula(_ metric: String) -> [String] {
    let lines =
      "a line = usage in the month × the rate (tiers applied to the month's pooled "
      + "usage, as AWS applies them); usage from the admitted load at workload.rate"
    switch metric {
    case "per_million":
      return ["per_million = (Σ variable lines + Σ fixed lines) ÷ (requests a month ÷ 1M)", lines]
    case "variable_per_million":
      return ["variable_per_million = Σ variable lines ÷ (requests a month ÷ 1M)", lines]
    case "fixed_monthly":
      return ["fixed_monthly = Σ fixed lines (paid at any traffic: hours, configurations)"]
    case "unpriced":
      return ["unpriced = the components with usage that no confirmed price covers"]
    default:
      return ["monthly = Σ variable lines + Σ fixed lines", lines]
    }
  }

  private static func addPrice(
    _ id: String, _ prices: PriceCatalog, _ model: PathModel, _ out: inout MetricExplanation
  ) {
    if let entry = prices[id] {
      let value: String
      switch entry.value {
      case .flat(let price): value = CostFormat.dollars(price) + " " + entry.unit.text
      case .tiered: value = "tiered, " + entry.unit.text
      case .unconfirmed: value = "no confirmed value"
      }
      out.input(id, value, ExplainSource.catalog(entry.provenance))
    } else if id.hasPrefix("model.") {
      let address = String(id.dropFirst("model.".count))
      if let parsed = ParameterAddress(address) {
        ExplainSource.addAddress(parsed.parameterAddress, model, to: &out)
      }
    }
  }

  private static func totals(
    _ metric: String, _ report: CostAnalysis.Report, variable: Double, fixed: Double,
    months: Double, _ out: inout MetricExplanation
  ) {
    let millions = report.millions
    out.step(
      "Σ variable lines", CostFormat.dollars(variable) + "/month", variable,
      "traffic-driven usage")
    out.step("Σ fixed lines", CostFormat.dollars(fixed) + "/month", fixed, "hours, configuration")
    switch metric {
    case "per_million":
      out.step(
        "per 1M requests", CostFormat.dollars(report.perMillion), report.perMillion,
        "(\(CostFormat.dollars(report.monthly))) ÷ \(Quantity.formatNumber(TimeFormat.rounded(millions))) M"
      )
      out.value = Quantity(exactly: report.perMillion / 1e6, .money)
    case "variable_per_million":
      out.step(
        "variable per 1M requests", CostFormat.dollars(report.variablePerMillion),
        report.variablePerMillion,
        "\(CostFormat.dollars(report.variableMonthly)) ÷ "
          + "\(Quantity.formatNumber(TimeFormat.rounded(millions))) M")
      out.value = Quantity(exactly: report.variablePerMillion / 1e6, .money)
    case "fixed_monthly":
      out.value = Quantity(exactly: report.fixedMonthly / months, .moneyRate)
    case "unpriced":
      let names = report.unpricedComponents
      out.text = names.isEmpty ? "none" : names.joined(separator: ", ")
    default:
      out.step(
        "monthly", CostFormat.dollars(report.monthly) + "/month", report.monthly,
        "Σ variable + Σ fixed, attributed to components by their share of each price's usage")
      out.value = Quantity(exactly: report.monthly / months, .moneyRate)
    }
  }
}
