import Foundation
import Testing

@testable import FlowbookKit

private let story = """
  <!-- flowbook-notebook format=1 flowbook=\(FlowbookVersion.current) seed=1 dir=. model=none -->
  # Concurrency

  Prose that must survive.

  ```flowbook
  fb> let peak = 2.5M rps
  peak = 2.5M rps
  fb> peak * 45 ms
  112,500
  fb> expect peak * 45 ms ≈ 112,500 ± 1%
  held: peak * 45 ms ≈ 112,500 ± 1% (actual 112,500; expected 111,375 to 113,625)
  ```

  More prose.

  """

private func replay(
  _ text: String, in directory: String, name: String = "story.md",
  allowWrite: [String] = []
) throws -> NotebookReplay {
  let path = directory + "/" + name
  try writeFile(text, to: path)
  return NotebookReplay(
    try parseNotebook(text, name: name), path: path, displayPath: name,
    allowWrite: allowWrite)
}

@Test func aFaithfulNotebookReplaysClean() throws {
  let result = try replay(story, in: try makeTemporaryDirectory("clean"))
  #expect(result.passes)
  #expect(result.warnings.isEmpty)
  #expect(result.updated.rendered() == story)
  #expect(result.summary == "story.md: 3 commands, all outputs as recorded; 1 expectation held")
}

@Test func aChangedDigitIsDriftWithAUnifiedDiff() throws {
  let drifted = story.replacingOccurrences(of: "\n112,500\n", with: "\n112,501\n")
  let result = try replay(drifted, in: try makeTemporaryDirectory("drift"))
  #expect(!result.passes)
  #expect(result.drifted.map(\.cell.line) == [9])
  #expect(
    result.diffs == [
      """
      drift at story.md:9: fb> peak * 45 ms
      --- story.md:9 (recorded)
      +++ story.md:9 (replayed)
      @@ -10 +10 @@
      -112,501
      +112,500
      """
    ])
  // What --update writes: the outputs fixed, the prose and commands byte-identical.
  #expect(result.updated.rendered() == story)
  #expect(result.updated.prose == result.notebook.prose)
}

@Test func aBrokenExpectationNamesBothValues() throws {
  let strict = story + "```flowbook\nfb> expect peak < 2M rps\nheld\n```\n"
  let result = try replay(strict, in: try makeTemporaryDirectory("broken"))
  let broken = result.brokenExpectations
  #expect(broken.count == 1)
  #expect(broken.first?.line == 17)
  #expect(broken.first?.report.actual == "2.5M rps")
  #expect(broken.first?.report.expected == "< 2M rps")
  #expect(
    result.expectationLines().last
      == "story.md:17: expectation broken: peak < 2M rps (actual 2.5M rps; expected < 2M rps)")
  // Even with outputs updated, the expectation still breaks.
  let again = try replay(result.updated.rendered(), in: try makeTemporaryDirectory("broken2"))
  #expect(again.drifted.isEmpty && !again.passes)
}

@Test func anUnknownCommandIsAnErrorAtItsLine() throws {
  let typo = "# T\n\n```flowbook\nfb> let lag = 45 ms\nlag = 45 ms\nfb> lagg * 2\n90 ms\n```\n"
  let result = try replay(typo, in: try makeTemporaryDirectory("typo"))
  let failure = try #require(result.failures.first)
  #expect(failure.line == 6)
  #expect(failure.rendered.hasPrefix("error: unknown command or name 'lagg'; did you mean lag?"))
  #expect(failure.rendered.contains(" --> story.md:6:5\n  | fb> lagg * 2\n  |     ^^^^"))
  #expect(result.drifted.isEmpty, "a failure is reported once, as a failure")
}

@Test func anErrorTheNotebookShowsOnPurposeMatches() throws {
  let shown = """
    ```flowbook
    fb> 1 ms + 1 GB
    error: cannot add a time [s] and a data size [B]
      | 1 ms + 1 GB
      | ^^^^^^^^^^^
    ```

    """
  #expect(try replay(shown, in: try makeTemporaryDirectory("shown")).passes)
}

@Test func changedOrMissingFilesAreNamedInWarnings() throws {
  let directory = try makeTemporaryDirectory("provenance")
  try FileManager.default.createDirectory(
    atPath: directory + "/datasets",
    withIntermediateDirectories: true)
  try writeFile("cdn: {hit_rate: 95%}\n", to: directory + "/datasets/model.yaml")
  let stale = String(repeating: "0", count: 64)
  let header =
    "<!-- flowbook-notebook format=1 flowbook=0.0.1 seed=1 dir=. "
    + "model=datasets/model.yaml sha256:datasets/model.yaml=\(stale) "
    + "sha256:datasets/gone.csv=\(stale) -->\n# T\n"
  let result = try replay(header, in: directory)
  #expect(result.warnings.count == 3)
  #expect(
    result.warnings[0].contains(
      "datasets/model.yaml changed since the notebook was recorded"))
  #expect(result.warnings[1].contains("datasets/gone.csv is missing"))
  #expect(result.warnings[2].contains("recorded with flowbook 0.0.1"))
  let digest = try #require(NotebookWriter.fileDigest(directory + "/datasets/model.yaml"))
  #expect(result.updated.header.files.first?.sha256 == digest, "--update records today's hash")
  #expect(result.updated.header.flowbookVersion == FlowbookVersion.current)
}

@Test func replayWritesNothingOutsideTheNotebookFolder() throws {
  let outer = try makeTemporaryDirectory("sandbox")
  let folder = outer + "/notebooks"
  try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
  let evil = "# Evil\n\n```flowbook\nfb> 1 ms\n1 ms\nfb> save ../outside.html\nsaved\n```\n"
  let result = try replay(evil, in: folder)
  let failure = try #require(result.failures.first)
  #expect(failure.line == 6)
  #expect(failure.message.contains("cannot write '../outside.html'"))
  #expect(failure.message.contains("outside the folders this notebook may write to"))
  #expect(!FileManager.default.fileExists(atPath: outer + "/outside.html"))
  #expect(try FileManager.default.contentsOfDirectory(atPath: outer) == ["notebooks"])
  // Inside the folder is fine, and --allow-write opens another folder.
  let inside = "```flowbook\nfb> save copy.md\nsaved 0 commands to copy.md\n```\n"
  #expect(try replay(inside, in: folder, name: "inside.md").passes)
  let allowed = try replay(evil, in: folder, name: "allowed.md", allowWrite: [outer])
  #expect(allowed.failures.isEmpty)
  #expect(FileManager.default.fileExists(atPath: outer + "/outside.html"))
}

@Test func aSymlinkOutOfTheFolderDoesNotEscape() throws {
  let outer = try makeTemporaryDirectory("symlink")
  let folder = outer + "/notebooks"
  try FileManager.default.createDirectory(
    atPath: outer + "/elsewhere",
    withIntermediateDirectories: true)
  try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
  try FileManager.default.createSymbolicLink(
    atPath: folder + "/link",
    withDestinationPath: "../elsewhere")
  let evil = "```flowbook\nfb> save link/x.md\nsaved\nfb> save link/../../x.md\nsaved\n```\n"
  let result = try replay(evil, in: folder)
  #expect(result.failures.count == 2)
  #expect(try FileManager.default.contentsOfDirectory(atPath: outer + "/elsewhere").isEmpty)
  #expect(!FileManager.default.fileExists(atPath: outer + "/x.md"))
}
