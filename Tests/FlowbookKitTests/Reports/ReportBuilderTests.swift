import Testing

@testable import FlowbookKit

@Suite struct ReportBuilderTests {
  @Test func sectionsFollowTheTopicTableThenTheSession() {
    let report = ReportBuilder(session: ReportFixtures.session()).build()
    #expect(
      report.sections.map(\.id) == [
        "latency", "budget", "cost", "simulate", "failover",
        "session",
      ])
    #expect(report.title == "Prime Day at 2.5M rps")
    #expect(report.provenance.seed == 7)
    #expect(report.charts.count >= 4)
  }

  @Test func chartsComeFromTheMappingTable() {
    let report = ReportBuilder(session: ReportFixtures.session()).build()
    func kinds(_ id: String) -> [Chart.Kind] {
      report.sections.first { $0.id == id }?.charts.map(\.kind) ?? []
    }
    #expect(kinds("latency") == [.percentiles])
    #expect(kinds("budget") == [.bars])
    #expect(kinds("cost") == [.bars, .bars])
    #expect(kinds("simulate") == [.percentiles] + Array(repeating: .line, count: 5))
    #expect(kinds("failover") == [.timeline])
    let budget = report.charts.first { $0.kind == .bars }
    #expect(budget?.categories.contains("end to end") == false, "totals are not bars")
    #expect(budget?.markers.count == budget?.categories.count)
  }

  @Test func currentModelCommandsRunWithoutAddingCells() {
    let session = ReportFixtures.session()
    let before = session.cells.count
    let entries = session.notebook.entries.count
    _ = ReportBuilder(session: session).build()
    #expect(session.cells.count == before)
    #expect(session.notebook.entries.count == entries)
  }

  @Test func lastCellTopicsNameTheCellTheyCameFrom() {
    let session = ReportFixtures.session()
    session.execute("failover")
    let report = ReportBuilder(session: session).build()
    let failover = report.sections.first { $0.id == "failover" }
    guard case .prose(let origin)? = failover?.blocks.first else {
      Issue.record("no origin line")
      return
    }
    #expect(origin == "From the `failover` cell: `failover`.")
  }

  @Test func withoutAnalysisCommandsOnlyTheSessionIsReported() {
    let registry = CommandRegistry([HelpCommand.command, VariablesCommand.command])
    let session = Session(registry: registry, environment: SessionEnvironment(seed: 3))
    session.execute("let peak = 2.5M rps")
    let report = ReportBuilder(session: session).build()
    #expect(report.sections.map(\.id) == ["session"])
    #expect(report.title == "flowbook report")
    #expect(report.charts.isEmpty)
  }

  @Test func tablesMissingAChartsColumnsGiveNoChart() {
    var table = ResultTable(columns: [.init("name", alignment: .left), .init("other")])
    table.append([.init("a"), .init("1 ms", number: 0.001)])
    let specs = ReportTopic.standard.flatMap(\.charts).filter { $0.kind != .line }
    for spec in specs {
      #expect(spec.charts(from: ReportTable(id: "x", table: table)).isEmpty, "\(spec.title)")
    }
  }

  @Test(arguments: [
    ("87 ms", ReportUnit.seconds), ("+12.4 ms", .seconds), ("2.5M rps", .perSecond),
    ("$3.50", .dollars), ("95%", .fraction), ("1,769 MB", .bytes), ("112,500", .count),
    ("12ms", .seconds), ("lambda", nil), ("-", nil),
  ])
  func unitsAreReadFromCellText(_ text: String, _ unit: ReportUnit?) {
    #expect(ReportUnit.infer(text: text) == unit)
  }

  @Test(arguments: [
    ("objective p99 < 100 ms: met (p99 87 ms)", 0.1),
    ("budget: p99.9 < 150 ms  (tail path: cdn hit)", 0.15),
    ("p99 <= 2 s", 2.0),
  ])
  func objectivesAreFoundInTitlesAndNotes(_ text: String, _ limit: Double) {
    #expect(ObjectiveText.parse(text)?.value == limit)
  }

  @Test func proseWithoutAnObjectiveHasNone() {
    #expect(ObjectiveText.parse("p99 is fine, top 5 < all") == nil)
  }
}
