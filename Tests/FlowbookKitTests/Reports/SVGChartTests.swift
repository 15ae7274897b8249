import Testing

@testable import FlowbookKit

@Suite struct SVGChartTests {
  struct TickCase: Sendable, CustomTestStringConvertible {
    var min: Double
    var max: Double
    var step: Double
    var ticks: [Double]
    var testDescription: String { "\(min)…\(max)" }
  }

  @Test(arguments: [
    TickCase(min: 0, max: 87, step: 20, ticks: [0, 20, 40, 60, 80, 100]),
    TickCase(min: 0, max: 145, step: 50, ticks: [0, 50, 100, 150]),
    TickCase(min: 0, max: 1, step: 0.2, ticks: [0, 0.2, 0.4, 0.6, 0.8, 1]),
    TickCase(min: 80, max: 99, step: 5, ticks: [80, 85, 90, 95, 100]),
    TickCase(min: 0, max: 0, step: 0.2, ticks: [0, 0.2, 0.4, 0.6, 0.8, 1]),
    TickCase(min: -3, max: 7, step: 2, ticks: [-4, -2, 0, 2, 4, 6, 8]),
    TickCase(min: 0, max: 0.0004, step: 0.0001, ticks: [0, 0.0001, 0.0002, 0.0003, 0.0004]),
  ])
  func ticksFallOnOneTwoFiveSteps(_ c: TickCase) {
    let scale = NiceScale(min: c.min, max: c.max)
    #expect(abs(scale.step - c.step) < 1e-12)
    #expect(scale.ticks.count == c.ticks.count)
    for (tick, wanted) in zip(scale.ticks, c.ticks) { #expect(abs(tick - wanted) < 1e-9) }
  }

  @Test func numbersPrintWithoutALocale() {
    #expect(NumberText.fixed(12.345, decimals: 1) == "12.3")
    #expect(NumberText.fixed(-0.004, decimals: 2) == "0.00")
    #expect(NumberText.fixed(-2.5, decimals: 0) == "-3")
    #expect(NumberText.fixed(.nan, decimals: 2) == "0")
    #expect(NumberText.coordinate(40) == "40")
    #expect(NumberText.coordinate(40.04) == "40")
    #expect(NumberText.coordinate(12.25) == "12.3")
    #expect(NumberText.significant(87.25) == "87.3")
    #expect(NumberText.significant(0.000123) == "0.000123")
    #expect(NumberText.significant(1_450.2) == "1450")
    #expect(NumberText.significant(2.5) == "2.5")
  }

  @Test func axisScalesKeepLabelsShort() {
    #expect(AxisScale.choose(.seconds, magnitude: 0.145).name == "ms")
    #expect(AxisScale.choose(.seconds, magnitude: 95).name == "s")
    #expect(AxisScale.choose(.seconds, magnitude: 4_000).name == "min")
    // The multiple is on the ticks (`2.5M`), so the title names only the unit.
    #expect(AxisScale.choose(.perSecond, magnitude: 2.5e6).name == "req/s")
    #expect(AxisScale.choose(.perSecond, magnitude: 2.5e6).label(2e6, decimals: 0) == "2M")
    #expect(AxisScale.choose(.dollars, magnitude: 389_000).label(300_000, decimals: 0) == "$300k")
    #expect(AxisScale.choose(.fraction, magnitude: 0.95).label(0.9, decimals: 0) == "90%")
  }

  /// Every chart the fixtures make, by kind, for the tests below.
  static func fixtureCharts() -> [Chart] {
    let report = ReportBuilder(session: ReportFixtures.session()).build()
    // No topic stacks bars any more (fixed costs vanish beside a CDN's); the kind stays.
    let stacked = ChartSpec.stackedBars(
      "Fixed and variable cost per component", label: "component",
      values: ["fixed", "variable"], axis: "cost per month")
    let cost = ReportTable(id: "cost", table: ReportFixtures.cost)
    return report.charts + stacked.charts(from: cost)
  }

  @Test func everyChartKindIsWellFormedSVGWithTitleAndUnits() {
    let charts = Self.fixtureCharts()
    #expect(Set(charts.map(\.kind)) == Set(Chart.Kind.allCases))
    for chart in charts {
      let svg = SVGChart.render(chart)
      let xml = XMLCheck.parse(svg)
      #expect(xml.counts["svg"] == 1)
      #expect(xml.counts["title", default: 0] >= 1)
      #expect(xml.allText.contains(chart.title) || svg.contains(XMLText.escape(chart.title)))
      for bad in ["nan", "inf", "NaN"] {
        #expect(!svg.contains("\"\(bad)") && !svg.contains(">\(bad)<"), "\(chart.title)")
      }
      #expect(SVGChart.render(chart) == svg, "rendering is deterministic")
    }
  }

  @Test func percentileChartShowsTheObjectiveAndMillisecondAxis() throws {
    let chart = try #require(Self.fixtureCharts().first { $0.kind == .percentiles })
    #expect(chart.reference?.value == 0.1)
    #expect(chart.categories == ["p50", "p90", "p99", "p99.9"])
    #expect(chart.series.first?.name == "end to end")
    let svg = SVGChart.render(chart)
    #expect(svg.contains("latency (ms)"))
    #expect(svg.contains("objective p99 &lt; 100 ms"))
    #expect(svg.contains(">87 ms<"), "the end-to-end p99 is labelled")
  }

  @Test func degenerateChartsStillDraw() {
    let empty = Chart(
      kind: .line, title: "nothing", x: .init("t", unit: .seconds),
      y: .init("rate", unit: .perSecond))
    let flat = Chart(
      kind: .bars, title: "zeros", x: .init("c", unit: .none),
      y: .init("cost", unit: .dollars), categories: ["a", "b"],
      series: [.init(name: "cost", values: [0, 0])])
    let odd = Chart(
      kind: .line, title: "odd", x: .init("t", unit: .seconds),
      y: .init("v", unit: .count),
      series: [.init(name: "v", x: [0, 1, 2], values: [.nan, -5, .infinity])])
    for chart in [empty, flat, odd] {
      let svg = SVGChart.render(chart)
      XMLCheck.parse(svg)
      #expect(!svg.lowercased().contains("nan"))
      #expect(!svg.contains("inf\""))
    }
  }

  @Test func timelineLabelsEveryEventWithItsOffset() throws {
    let chart = try #require(Self.fixtureCharts().first { $0.kind == .timeline })
    #expect(chart.events.count == 6)
    let svg = SVGChart.render(chart)
    #expect(svg.contains("failure (t = 0)"))
    #expect(svg.contains("t+0 µs") == false, "zero prints in the axis unit, not µs")
    for event in chart.events {
      #expect(svg.contains(XMLText.escape(event.label)) || svg.contains("…"))
    }
  }

  @Test func aChartSnapshot() throws {
    let chart = try #require(Self.fixtureCharts().first { $0.kind == .bars })
    expectSnapshot(SVGChart.render(chart), named: "budget-bars.svg")
  }
}
