/// One analysis a report can show: which command gives its tables, and how to chart them.
///
/// `ReportTopic.standard` is the report's whole knowledge of analyses. A report reads
/// nothing but the tables commands return and the column keys named here, so an analysis
/// added later (cost, capacity, a simulator) appears in reports by adding one row: its
/// command, a section title, and the charts its columns make. A chart whose columns a
/// table lacks is skipped, so a row can name a command before that command exists.
public struct ReportTopic: Sendable, Hashable {
  /// Where the topic's tables come from.
  public enum Source: Sendable, Hashable {
    /// Run the command (no arguments) on the session's current state when the report is
    /// made, without recording a cell: the figures of the model as it now stands. Only
    /// for commands that change nothing. Falls back to the last cell if it fails.
    case currentModel
    /// The last successful cell that ran the command (a simulation, a sweep): re-running
    /// it would repeat work and could change the session.
    case lastCell
  }

  /// The command's name, the first word of a cell (`latency`).
  public var command: String
  /// The section's title (`Latency`).
  public var title: String
  public var source: Source
  public var charts: [ChartSpec]

  public init(_ command: String, _ title: String, source: Source, charts: [ChartSpec]) {
    self.command = command
    self.title = title
    self.source = source
    self.charts = charts
  }

  private static let percentiles = ["p50", "p90", "p99", "p999"]

  /// The topics a report shows, in order: the chart mapping documented in README.
  public static let standard: [ReportTopic] = [
    ReportTopic(
      "latency", "Latency", source: .currentModel,
      charts: [
        .percentiles("Latency percentiles by route", label: "route", values: percentiles)
      ]),
    ReportTopic(
      "budget", "Latency budget", source: .currentModel,
      charts: [
        .bars(
          "Each hop's part of the tail path", label: "hop", value: "tail_path",
          marker: "budget", axis: "part of the percentile")
      ]),
    ReportTopic(
      "diff", "What-if against the baseline", source: .lastCell,
      charts: [
        .groupedBars(
          "Latency: baseline and what-if", label: "metric", values: ["baseline", "now"],
          axis: "latency", rows: "latency.")
      ]),
    ReportTopic(
      "cost", "Cost", source: .currentModel,
      charts: [
        .bars(
          "Monthly cost per component", label: "component", value: "monthly",
          axis: "cost per month"),
        .bars(
          "Fixed cost per component (hours, configuration)", label: "component",
          value: "fixed", axis: "fixed cost per month"),
        .bars(
          "Cost per million requests by route", label: "route", value: "per_million",
          axis: "cost per million requests"),
      ]),
    ReportTopic(
      "simulate", "Simulation", source: .lastCell,
      charts: [
        .percentiles("Simulated latency percentiles", label: nil, values: percentiles),
        .lines(
          "Simulated", x: "t",
          values: [
            "rate", "p99", "concurrency", "queue_depth",
            "throttles",
          ], onePerColumn: true),
      ]),
    ReportTopic(
      "sweep", "Sweep", source: .lastCell,
      charts: [
        .lines("Sweep", x: nil, values: [], onePerColumn: false)
      ]),
    ReportTopic(
      "failover", "Failover", source: .lastCell,
      charts: [
        .timeline("Failover timeline", offset: "at", label: "event")
      ]),
  ]
}

/// How to draw one chart from a table: the chart kind and the column keys it reads.
public struct ChartSpec: Sendable, Hashable {
  public var kind: Chart.Kind
  public var title: String
  /// The column naming each category (or holding x): nil means the table's label column
  /// (its first left-aligned one) for bars, its first column for lines.
  public var label: String?
  /// The columns plotted; empty means every numeric column except the label.
  public var values: [String]
  /// Bars: a column drawn as a mark across each bar (a hop's budget).
  public var marker: String?
  /// The value axis's label, before its unit.
  public var axis: String
  /// Lines: one chart per value column (units and scales differ), else one per unit.
  public var onePerColumn: Bool
  /// Bars: only rows whose label starts with this (`latency.` of a `diff`), so that one
  /// chart holds one kind of quantity.
  public var rows: String? = nil

  public static func percentiles(_ title: String, label: String?, values: [String])
    -> ChartSpec
  {
    ChartSpec(
      kind: .percentiles, title: title, label: label, values: values, marker: nil,
      axis: "latency", onePerColumn: false)
  }

  public static func bars(
    _ title: String, label: String, value: String,
    marker: String? = nil, axis: String
  ) -> ChartSpec {
    ChartSpec(
      kind: .bars, title: title, label: label, values: [value], marker: marker,
      axis: axis, onePerColumn: false)
  }

  /// Bars side by side per category, one per column (baseline and what-if).
  public static func groupedBars(
    _ title: String, label: String, values: [String], axis: String, rows: String? = nil
  ) -> ChartSpec {
    ChartSpec(
      kind: .bars, title: title, label: label, values: values, marker: nil, axis: axis,
      onePerColumn: false, rows: rows)
  }

  public static func stackedBars(
    _ title: String, label: String, values: [String],
    axis: String
  ) -> ChartSpec {
    ChartSpec(
      kind: .stackedBars, title: title, label: label, values: values, marker: nil,
      axis: axis, onePerColumn: false)
  }

  public static func lines(_ title: String, x: String?, values: [String], onePerColumn: Bool)
    -> ChartSpec
  {
    ChartSpec(
      kind: .line, title: title, label: x, values: values, marker: nil, axis: "",
      onePerColumn: onePerColumn)
  }

  public static func timeline(_ title: String, offset: String, label: String) -> ChartSpec {
    ChartSpec(
      kind: .timeline, title: title, label: label, values: [offset], marker: nil,
      axis: "time after the failure", onePerColumn: false)
  }
}
