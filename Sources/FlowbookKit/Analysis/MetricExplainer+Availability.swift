import Quantities

/// `explain availability.*`: each component's figure with its source, composed along the
/// path, from `AvailabilityAnalysis.report`, the call the registry's `evaluate` makes.
enum AvailabilityExplainer {
  static func explain(_ metric: String, _ model: PathModel, _ out: inout MetricExplanation)
    throws(Diagnostic)
  {
    let report = try AvailabilityAnalysis.report(
      model, catalog: try AvailabilityAnalysis.catalog())
    for part in report.parts {
      out.input(
        "\(part.name).availability", AvailabilityAnalysis.percent(part.fraction),
        source(of: part, model))
    }
    out.formula = [
      "A(path) by the path's structure: series and fan-outs multiply, a branch is the "
        + "share-weighted mean of its arms, a retry of n attempts is 1 − (1 − A)^n "
        + "(failures taken as independent, so correlated ones make it optimistic)",
      "downtime = (1 − A(path)) × \(Quantity.formatNumber(report.monthMinutes)) min "
        + "(a 730-hour month, the month cost bills)",
    ]
    out.step(
      "end-to-end availability", AvailabilityAnalysis.percent(report.availability),
      report.availability, "composed over \(report.parts.count) components")
    out.step(
      "expected downtime", AvailabilityAnalysis.minutes(report.downtimeMinutes),
      report.downtimeMinutes, "a month")
    if !report.unconfirmed.isEmpty {
      out.notes.append(
        "counted as 100 % (no confirmed SLA): " + report.unconfirmed.joined(separator: ", ")
          + "; the end-to-end figure is an upper bound")
    }
    switch metric {
    case "path": out.value = Quantity(exactly: report.availability, .none)
    case "downtime": out.value = Quantity(exactly: report.downtimeMinutes * 60, .time)
    default:
      out.text = report.unconfirmed.isEmpty ? "none" : report.unconfirmed.joined(separator: ", ")
    }
  }

  /// Where a part's figure came from, as `explain` names sources.
  private static func source(of part: AvailabilityAnalysis.Part, _ model: PathModel) -> String {
    switch part.source {
    case .parameter:
      let component = model.component(named: part.name)
      return ExplainSource.origin(
        component?.parameter("availability"), kind: component?.kind.rawValue ?? "component",
        file: model.file)
    case .catalog(let entry):
      return "SLA \(entry.id): " + ExplainSource.catalog(entry.provenance)
    case .unconfirmed(let id, _):
      return "unconfirmed: no AWS page confirms an SLA for \(id); counted as 100 %"
    }
  }
}
