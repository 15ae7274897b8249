import ArgumentParser
import FlowbookKit
import Foundation

/// `flowbook report NOTEBOOK -o FILE`: replay a notebook in a fresh session, then write
/// its report in the format FILE's extension names.
///
/// Exit codes: 0 written; 64 an output name with no known extension; 65 the notebook is
/// malformed or one of its commands failed (the report is still written, showing the
/// error); 74 a file could not be read or written.
struct ReportCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "report",
    abstract: "Replay a notebook and write its report (.html, .md, .csv or .json).",
    discussion: """
      The notebook runs in a fresh session with its recorded seed, so the same notebook \
      gives a byte-identical report. The report holds the model's latency, budget and \
      cost as they stand after the last cell, the last simulation, sweep and failover \
      results, and the notebook's prose and cells. Commands in the notebook may write \
      only inside its folder unless --allow-write names another, and read only there and \
      in the datasets folder unless --allow-read names another; -o is yours to choose.
      """)

  @Argument(help: "The notebook (a Markdown file with ```flowbook cells).")
  var notebook: String

  @Option(
    name: [.customShort("o"), .customLong("output")],
    help: "The report file: .html, .md, .csv or .json.")
  var output: String

  @Option(help: "The report's title (default: the notebook's first heading).")
  var title: String?

  @Option(name: .customLong("allow-write"), help: "Also allow writes inside DIR (repeatable).")
  var allowWrite: [String] = []

  @Option(name: .customLong("allow-read"), help: "Also allow reads inside DIR (repeatable).")
  var allowRead: [String] = []

  func validate() throws {
    guard ReportFormat(path: output) != nil else {
      throw ValidationError(
        "cannot tell the format of '\(output)'; name it with one of "
          + ReportFormat.extensions.joined(separator: ", "))
    }
  }

  func run() throws {
    guard let format = ReportFormat(path: output) else { throw FlowbookExit.usage }
    let parsed = try read()
    let here = FileManager.default.currentDirectoryPath
    let file = PathResolver.canonical(notebook, relativeTo: here)
    let folder = (file as NSString).deletingLastPathComponent
    var directory = PathResolver.canonical(parsed.header.directory, relativeTo: folder)
    var isDirectory: ObjCBool = false
    if !FileManager.default.fileExists(atPath: directory, isDirectory: &isDirectory)
      || !isDirectory.boolValue
    {
      directory = folder
    }
    let allowed = [folder] + allowWrite.map { PathResolver.canonical($0, relativeTo: here) }
    let readable = [folder] + allowRead.map { PathResolver.canonical($0, relativeTo: here) }
    let session = Session(
      environment: SessionEnvironment(
        workingDirectory: directory, seed: parsed.header.seed, writePolicy: .within(allowed),
        readPolicy: .within(readable)))
    let failures = session.open(parsed, at: file).compactMap(\.failure)
    for failure in failures { Output.error(failure.rendered) }
    let report = ReportBuilder(session: session)
      .build(title: title, notebookPath: notebook, modelFile: parsed.header.model)
    do {
      try writeResolved(format.render(report), to: output)
    } catch {
      Output.error("error: " + error.message)
      throw FlowbookExit.ioError
    }
    let charts = format == .html ? ", \(report.charts.count) charts" : ""
    Output.standard("wrote \(output): \(format.title), \(report.tables.count) tables\(charts)")
    if !failures.isEmpty {
      Output.error(
        "error: \(failures.count) command(s) in \(notebook) failed; "
          + "the report shows their errors")
      throw FlowbookExit.badInput
    }
  }

  private func read() throws -> Notebook {
    try readNotebook(at: notebook)
  }
}
