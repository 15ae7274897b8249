import Foundation
import Testing

@testable import FlowbookKit

@Suite struct ExportCommandTests {
  /// Also the fixture report to look at: `REPORT_PREVIEW_DIR=/tmp/p swift test --filter
  /// exportWritesEvery` leaves r.html there for `scripts/screenshot-report`.
  @Test func exportWritesEveryFormatAndAddsNothingButItsCell() throws {
    let preview = ProcessInfo.processInfo.environment["REPORT_PREVIEW_DIR"]
    let directory = try preview ?? ReportFixtures.temporaryDirectory()
    defer { if preview == nil { try? FileManager.default.removeItem(atPath: directory) } }
    let session = ReportFixtures.session(in: directory)
    for name in ["r.html", "r.md", "r.csv", "r.json"] {
      let before = session.cells.count
      let cell = session.execute("export \(name)")
      #expect(cell.succeeded, "\(cell.plainOutput)")
      #expect(session.cells.count == before + 1)
      #expect(FileManager.default.fileExists(atPath: directory + "/" + name))
    }
    #expect(session.cells.last?.plainOutput == "wrote r.json: JSON, 6 tables")
    let html = try String(contentsOfFile: directory + "/r.html", encoding: .utf8)
    XMLCheck.parse(html)
    #expect(!html.contains("export r.md"), "export cells are left out of reports")
  }

  @Test func twoSessionsGiveByteIdenticalFiles() throws {
    let directory = try ReportFixtures.temporaryDirectory()
    defer { try? FileManager.default.removeItem(atPath: directory) }
    for run in ["a", "b"] {
      ReportFixtures.session(in: directory).execute("export \(run).html")
    }
    let a = FileManager.default.contents(atPath: directory + "/a.html")
    let b = FileManager.default.contents(atPath: directory + "/b.html")
    #expect(a != nil && a == b)
  }

  @Test func anUnknownExtensionSaysWhichThereAre() {
    let cell = ReportFixtures.session().execute("export report.htm1")
    #expect(
      cell.diagnostic?.headline
        == "'.htm1' is not a report format; name the file with one of .md, .csv, .json, .html; "
        + "did you mean report.html?")
  }

  @Test func aReplayedNotebookExportsOnlyIntoItsFolder() throws {
    let directory = try ReportFixtures.temporaryDirectory()
    defer { try? FileManager.default.removeItem(atPath: directory) }
    let session = Session(
      registry: ReportFixtures.registry,
      environment: SessionEnvironment(
        workingDirectory: directory, writePolicy: .within([directory])))
    let cell = session.execute("export ../escaped.html")
    #expect(cell.diagnostic?.message.hasPrefix("cannot write '../escaped.html'") == true)
    #expect(session.execute("export inside.html").succeeded)
  }

  @Test func exportRefusesADirectory() throws {
    let directory = try ReportFixtures.temporaryDirectory()
    defer { try? FileManager.default.removeItem(atPath: directory) }
    try FileManager.default.createDirectory(
      atPath: directory + "/out.html",
      withIntermediateDirectories: true)
    let cell = ReportFixtures.session(in: directory).execute("export out.html")
    #expect(cell.diagnostic?.message.contains("is a directory") == true)
  }
}
