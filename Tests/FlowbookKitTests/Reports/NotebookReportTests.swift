import Foundation
import Testing

@testable import FlowbookKit

/// A real notebook (`Notebooks/slo-incident.md`), replayed with the real latency, budget
/// and sweep commands, as `flowbook report` does it.
@Suite struct NotebookReportTests {
  static let path: String = {
    let folder = (#filePath as NSString).deletingLastPathComponent
    return folder + "/Notebooks/slo-incident.md"
  }()

  static func report() throws -> Report {
    let text = try String(contentsOfFile: path, encoding: .utf8)
    let notebook = try NotebookParser.parse(text, path: path)
    let folder = (path as NSString).deletingLastPathComponent
    let session = Session(
      environment: SessionEnvironment(
        workingDirectory: folder, seed: notebook.header.seed, writePolicy: .within([folder])))
    let replays = session.open(notebook, at: path)
    #expect(replays.allSatisfy { $0.failure == nil })
    return ReportBuilder(session: session)
      .build(notebookPath: "slo-incident.md", modelFile: notebook.header.model)
  }

  @Test func theNotebooksAnalysesBecomeCharts() throws {
    let report = try Self.report()
    #expect(report.title == "Golden path: does p99 hold when the CDN hit rate falls?")
    // `cost` runs on the model as it stands when the report is made (ReportTopic), so its
    // section appears although the notebook never asked: monthly bars, fixed costs on
    // their own axis, and the routes' cost per million.
    #expect(
      report.sections.map(\.id) == ["latency", "budget", "diff", "cost", "sweep", "notebook"])
    #expect(
      report.charts.map(\.kind)
        == [.percentiles, .bars, .bars, .bars, .bars, .bars, .line])
    let diff = try #require(report.charts.first { $0.title.hasPrefix("Latency: baseline") })
    #expect(diff.series.map(\.name) == ["baseline", "now"])
    #expect(!diff.categories.contains("latency.failure"), "a share is not drawn as a time")
    let sweep = try #require(report.charts.last)
    #expect(sweep.reference?.value == 0.1, "the sweep shows the model's objective")
    #expect(sweep.x.unit == .fraction)
    #expect(sweep.series.map(\.name) == ["p50", "p99", "p999"])
  }

  @Test func itsHTMLIsWellFormedAndTheSameEveryTime() throws {
    let html = HTMLReport.render(try Self.report())
    let xml = XMLCheck.parse(html)
    #expect(xml.counts["svg"] == 7)
    #expect(xml.counts["pre"] == 3, "three runs of cells between prose")
    #expect(html.contains("<h3>Where the time goes</h3>"), "prose headings sit under h2")
    #expect(html.contains("<strong>p99 &lt; 100 ms</strong>"))
    #expect(HTMLReport.render(try Self.report()) == html)
  }
}
