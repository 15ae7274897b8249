import Foundation
import Quantities
import Testing

@testable import FlowbookKit

/// Every chart's value axis is in the unit of what it plots, holds one quantity, carries an
/// objective only beside that objective's percentile, and scales its numbers once.
@Suite struct ChartUnitTests {
  /// A session that runs each command a report charts, on the real analyses, with a sweep
  /// that asks for a latency and a failover time at once and a what-if that changes both.
  static func session() -> Session {
    let session = ModelFixtures.session()
    for line in [
      "set cdn.hit_rate = 80%", "diff", "failover region",
      "sweep cdn.hit_rate from 80% to 99% steps 4 show latency.p99, failover.rto, "
        + "cache.origin_rate",
      "simulate 4 s rate 2k rps seed 5",
    ] {
      let cell = session.execute(line)
      precondition(cell.succeeded, "\(line): \(cell.plainOutput)")
    }
    return session
  }

  /// Each chart with the table it came from, for every topic, plus a stacked chart of the
  /// cost table (no topic stacks any more, but the kind is kept).
  static let built: [(Chart, ReportTable)] = {
    let report = ReportBuilder(session: session()).build()
    var out: [(Chart, ReportTable)] = []
    for section in report.sections {
      guard let topic = ReportTopic.standard.first(where: { $0.command == section.id }) else {
        continue
      }
      for table in section.tables {
        for spec in topic.charts {
          // The report's own copy: it carries what the builder adds (a shared objective).
          for chart in spec.charts(from: table) {
            let drawn = section.charts.first { $0.title == chart.title && $0.kind == chart.kind }
            out.append((drawn ?? chart, table))
          }
        }
      }
    }
    if let cost = report.sections.first(where: { $0.id == "cost" })?.tables.first {
      let stacked = ChartSpec.stackedBars(
        "Fixed and variable", label: "component", values: ["fixed", "variable"],
        axis: "cost per month")
      out += stacked.charts(from: cost).map { ($0, cost) }
    }
    return out
  }()

  static func charts() -> [(Chart, ReportTable)] { built }

  @Test func everyChartKindIsCovered() {
    let kinds = Set(Self.charts().map(\.0.kind))
    #expect(kinds == Set(Chart.Kind.allCases), "covered: \(kinds)")
  }

  /// The unit of every plotted cell, as the table shows it, is the axis's unit.
  @Test func everyPlottedValueIsInTheAxisUnit() throws {
    for (chart, table) in Self.charts() {
      for (row, column) in plottedCells(chart, table) {
        let unit = table.unit(row: row, column: column)
        let text = table.table.rows[row][column].text
        #expect(
          unit == chart.y.unit || (chart.kind == .timeline && unit == .seconds),
          "\(chart.title): \(text) is \(String(describing: unit)), the axis \(chart.y.unit)")
      }
      if chart.kind == .timeline { #expect(chart.x.unit == .seconds, "\(chart.title)") }
    }
  }

  /// A line chart's series are one analysis's metrics: a p99 never shares its axis with
  /// an RTO.
  @Test func noAxisMixesQuantities() {
    for (chart, _) in Self.charts() where chart.kind == .line {
      let analyses = Set(
        chart.series.map { series in
          (try? AnalysisRegistry.standard.metric(named: series.name))?.0.name ?? series.name
        })
      #expect(analyses.count <= 1 || chart.series.count == 1, "\(chart.title): \(analyses)")
    }
    let latency = Self.charts().first { $0.0.title.hasPrefix("Latency: baseline") }?.0
    #expect(latency?.categories.allSatisfy { $0.hasPrefix("latency.") } == true)
  }

  /// An objective line sits on a time axis, and on a line chart only beside the
  /// percentile it is about.
  @Test func objectivesOnlyOnTheirAxis() {
    var seen = 0
    for (chart, _) in Self.charts() {
      guard let reference = chart.reference else { continue }
      seen += 1
      #expect(chart.y.unit == .seconds, "\(chart.title)")
      if chart.kind == .line {
        #expect(ReportBuilder.plots(reference, chart), "\(chart.title): \(reference.label)")
      }
    }
    #expect(seen >= 2, "the latency chart and the sweep's p99 carry the objective")
    let rto = Chart(
      kind: .line, title: "rto", x: .init("hit", unit: .fraction), y: .init("", unit: .seconds),
      series: [.init(name: "failover.rto", x: [0, 1], values: [100, 120])])
    let objective = Chart.Reference(label: "objective p99 < 100 ms", value: 0.1)
    #expect(!ReportBuilder.plots(objective, rto))
  }

  /// Tick labels carry the multiple (200k, $1.5M); the title names only the unit.
  @Test func axesScaleOnce() {
    for (chart, _) in Self.charts() where chart.kind != .timeline {
      let axis = SVGChart.ValueAxis(values: chart.plottedValues, unit: chart.y.unit)
      let title = axis.title(chart.y.label)
      #expect(!title.contains("×"), "\(chart.title): \(title)")
      if ["k", "M", "G"].contains(axis.scale.suffix) {
        for letter in ["k", "M", "G"] {
          #expect(!axis.scale.name.hasPrefix(letter), "\(chart.title): \(title)")
        }
      }
    }
    for unit in ReportUnit.allCases {
      let scale = AxisScale.choose(unit, magnitude: 250_000)
      #expect(!scale.name.contains("×") && !scale.name.hasPrefix("k"), "\(unit): \(scale.name)")
    }
  }

  /// All-zero counts (an empty queue) tick at whole numbers.
  @Test func zeroCountsTickAtWholeNumbers() {
    let axis = SVGChart.ValueAxis(values: [0, 0, 0], unit: .count)
    #expect(axis.ticks.ticks == [0, 1])
    let small = SVGChart.ValueAxis(values: [0, 2, 3], unit: .count)
    #expect(small.ticks.ticks.allSatisfy { $0 == $0.rounded() }, "\(small.ticks.ticks)")
  }

  /// Unpriced components are bars of their own, labelled, never $0.
  @Test func unpricedIsLabelledNotZero() throws {
    let monthly = try #require(
      Self.charts().first { $0.0.title == "Monthly cost per component" }?.0)
    let ecs = try #require(monthly.categories.firstIndex(of: "ecs"))
    #expect(monthly.annotations[ecs]?.hasPrefix("unpriced") == true)
    #expect(monthly.series[0].values[ecs] == nil)
    let svg = SVGChart.render(monthly)
    #expect(svg.contains("unpriced: Task-hours"), "the reason is drawn")
    #expect(!svg.contains("$0M"))
    let fixed = try #require(Self.charts().first { $0.0.title.hasPrefix("Fixed cost") }?.0)
    let top = fixed.series[0].values.compactMap { $0 }.max() ?? 0
    let cdn = monthly.series.flatMap { $0.values.compactMap { $0 } }.max() ?? 0
    #expect(top > 0 && top < cdn / 10, "fixed costs have their own axis, not the CDN's (\(top))")
  }

  /// The cells a chart draws: (row, column) of its table.
  private func plottedCells(_ chart: Chart, _ table: ReportTable) -> [(Int, Int)] {
    let rows = table.table.rows
    let label = table.column("route") ?? table.column("metric") ?? table.labelColumn
    func row(named name: String) -> Int? { rows.firstIndex { $0[label].text == name } }
    func column(titled title: String) -> Int? {
      table.table.columns.firstIndex { $0.title == title }
    }
    var out: [(Int, Int)] = []
    switch chart.kind {
    case .percentiles:
      for series in chart.series {
        guard let r = row(named: series.name) ?? (rows.count == 1 ? 0 : nil) else { continue }
        for title in chart.categories { if let c = column(titled: title) { out.append((r, c)) } }
      }
    case .bars, .stackedBars:
      let key = table.column(ChartUnitTests.barLabel(chart, table)) ?? table.labelColumn
      for series in chart.series {
        guard let c = column(titled: series.name) else { continue }
        for (index, category) in chart.categories.enumerated()
        where index < series.values.count && series.values[index] != nil {
          if let r = rows.firstIndex(where: { $0[key].text == category }) { out.append((r, c)) }
        }
      }
    case .line:
      for series in chart.series {
        guard let c = column(titled: series.name) else { continue }
        for r in rows.indices where rows[r][c].number != nil { out.append((r, c)) }
      }
    case .timeline:
      if let c = table.column("at") {
        for r in rows.indices where rows[r][c].number != nil { out.append((r, c)) }
      }
    }
    return out
  }

  private static func barLabel(_ chart: Chart, _ table: ReportTable) -> String {
    table.table.columns.first { $0.title == chart.x.label }?.key ?? ""
  }
}
