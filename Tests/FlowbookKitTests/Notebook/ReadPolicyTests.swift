import Foundation
import Testing

@testable import FlowbookKit

/// A copy of the small model in `directory`, with a samples file beside it.
private func writeModel(in directory: String, samples: String = "samples.csv") throws {
  try writeFile(ModelFixtures.small, to: directory + "/m.yaml")
  try writeFile("ms\n10\n20\n", to: directory + "/samples.csv")
  let sampled = """
    flowbook: 1
    name: sampled
    components:
      api:
        kind: gateway
        latency: {samples_file: \(samples)}
    path:
      - api
    """
  try writeFile(sampled, to: directory + "/sampled.yaml")
}

/// Replays `cells` from a notebook in `folder`.
private func replay(_ cells: [String], in folder: String, allowRead: [String] = [])
  throws -> NotebookReplay
{
  let text =
    "<!-- flowbook-notebook format=1 seed=1 dir=. -->\n```flowbook\n"
    + cells.map { "fb> " + $0 + "\n" }.joined() + "```\n"
  try writeFile(text, to: folder + "/r.md")
  return NotebookReplay(
    try parseNotebook(text, name: "r.md"), path: folder + "/r.md", displayPath: "r.md",
    allowRead: allowRead)
}

@Test func replayReadsNothingOutsideItsFolderAndTheDatasets() throws {
  let layout = try SandboxLayout("read")
  try writeModel(in: layout.outside)
  try writeFile("1\n2\n", to: layout.outside + "/rates.csv")
  let result = try replay(
    [
      "load /etc/passwd", "load ../outside/m.yaml", "load link/m.yaml",
      "load y/../link/m.yaml", "open link/r.md",
      "simulate 50 ms csv \"../outside/rates.csv\"",
    ], in: layout.folder)
  #expect(result.failures.count == 6)
  for (cell, failure) in zip(result.cells, result.failures) {
    #expect(failure.message.contains("cannot read"), "\(cell.cell.command): \(failure.message)")
    #expect(failure.notes.joined().contains("--allow-read"), "\(failure.notes)")
  }
  #expect(!result.updated.rendered().contains("root:"), "no line of /etc/passwd")
  // The datasets folder stays readable.
  let datasets = try replay(["load golden-path"], in: layout.folder)
  #expect(datasets.failures.isEmpty, "\(datasets.failures.map(\.message))")
}

@Test func allowReadOpensOneMoreFolder() throws {
  let layout = try SandboxLayout("allow-read")
  try writeModel(in: layout.outside)
  let result = try replay(
    ["load ../outside/m.yaml", "load ../outside/sampled.yaml"], in: layout.folder,
    allowRead: [layout.outside])
  #expect(result.failures.isEmpty, "\(result.failures.map(\.message))")
}

@Test func aModelsSamplesFileIsReadOnlyWhereAllowed() throws {
  let layout = try SandboxLayout("samples")
  try writeModel(in: layout.folder, samples: "../outside/samples.csv")
  try writeFile("ms\n10\n", to: layout.outside + "/samples.csv")
  let result = try replay(["load sampled.yaml"], in: layout.folder)
  #expect(result.failures.count == 1)
  let message = result.failures.first?.message ?? ""
  #expect(message.contains("cannot read '../outside/samples.csv'"), "\(message)")
  // The shell reads where its user says.
  let shell = Session(environment: SessionEnvironment(workingDirectory: layout.folder))
  #expect(shell.execute("load sampled.yaml").succeeded)
}

@Test func aHeaderFileOutsideIsNotHashed() throws {
  let zeros = String(repeating: "0", count: 64)
  let layout = try SandboxLayout("header")
  let text =
    "<!-- flowbook-notebook format=1 seed=1 dir=. sha256:/etc/passwd=\(zeros) -->\n"
    + "```flowbook\nfb> 1 + 1\n2\n```\n"
  try writeFile(text, to: layout.folder + "/h.md")
  let result = NotebookReplay(
    try parseNotebook(text, name: "h.md"), path: layout.folder + "/h.md", displayPath: "h.md")
  #expect(result.warnings.contains { $0.contains("/etc/passwd was not checked") })
  #expect(result.updated.header.files.first?.sha256 == zeros)
}
