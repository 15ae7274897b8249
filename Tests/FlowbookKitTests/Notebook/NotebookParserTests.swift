import Testing

@testable import FlowbookKit

private let sample = """
  <!-- flowbook-notebook format=1 flowbook=0.1.0 seed=7 dir=.. model=none -->
  # Little's law

  Prose with `fb> not a command` inline.

  ```flowbook
  fb> let peak = 2.5M rps
  peak = 2.5M rps
  fb> peak * \\
  ..> 45 ms  # at 2024-05-01T12:03:04Z
  112,500
  ```

  ```text
  fb> this is prose, never run
  ```
  The end.

  """

@Test func parsesHeaderCellsAndProse() throws {
  let notebook = try parseNotebook(sample)
  #expect(notebook.header.seed == 7)
  #expect(notebook.header.directory == "..")
  #expect(notebook.header.model == nil)
  #expect(
    notebook.cells.map(\.command) == ["let peak = 2.5M rps", "peak * 45 ms"],
    "a continuation joins as in the shell (ScriptReader adds a space)")
  #expect(notebook.cells.map(\.line) == [7, 9])
  #expect(notebook.cells[1].stamp == "2024-05-01T12:03:04Z")
  #expect(notebook.cells[1].output == "112,500")
  #expect(notebook.cells[1].outputLine == 11)
  #expect(notebook.prose.contains("fb> this is prose, never run"))
}

/// Whatever the file looks like, parsing and rendering give back the same bytes.
@Test(arguments: [
  sample,
  sample.replacingOccurrences(of: "\n", with: "\r\n"),
  String(sample.dropLast()),
  "no header, no cells\n",
  "```flowbook\nfb> 1 ms\n1 ms\n```",
  "````flowbook\n\nfb> 1 ms\n1 ms\n\n````\ntext\n",
  "~~~ flowbook extra info\nfb> vars\n~~~\n",
  "```flowbook\nfb> 1 ms\n1 ms\n```\n```flowbook\nfb> 2 ms\n```\n",
  "```\nunclosed other fence runs to the end\n```flowbook\n",
])
func renderingIsByteIdentical(_ text: String) throws {
  #expect(try parseNotebook(text).rendered() == text)
}

@Test func replacedOutputsLengthenTheFenceWhenNeeded() throws {
  let notebook = try parseNotebook("```flowbook\nfb> 1 ms\n1 ms\n```\n")
  let updated = notebook.replacingOutputs(["```\nnot a fence end"])
  #expect(updated.rendered() == "````flowbook\nfb> 1 ms\n```\nnot a fence end\n````\n")
  #expect(try parseNotebook(updated.rendered()).cells[0].output == "```\nnot a fence end")
}

struct BadNotebook: CustomTestStringConvertible, Sendable {
  var name: String
  var bytes: [UInt8]
  var line: Int
  var message: String
  var testDescription: String { name }

  init(_ name: String, _ text: String, line: Int, _ message: String) {
    self.init(name, Array(text.utf8), line: line, message)
  }

  init(_ name: String, _ bytes: [UInt8], line: Int, _ message: String) {
    self.name = name
    self.bytes = bytes
    self.line = line
    self.message = message
  }
}

@Test(arguments: [
  BadNotebook(
    "truncated fence", "# T\n\n```flowbook\nfb> 1 ms\n1 ms\n", line: 3,
    "never closed"),
  BadNotebook(
    "binary garbage", [0x23, 0x20, 0x54, 0x0A, 0x00, 0x01, 0xFF], line: 2,
    "NUL byte"),
  BadNotebook(
    "invalid UTF-8", Array("# T\nok\n".utf8) + [0xC3, 0x28, 0x0A], line: 3,
    "not valid UTF-8"),
  BadNotebook(
    "newer format", "<!-- flowbook-notebook format=2 seed=1 -->\n# T\n", line: 1,
    "format 2, newer"),
  BadNotebook(
    "header without format", "<!-- flowbook-notebook seed=1 -->\n", line: 1,
    "no format=N"),
  BadNotebook(
    "bad seed", "<!-- flowbook-notebook format=1 seed=-3 -->\n", line: 1,
    "seed must be"),
  BadNotebook("unclosed header", "<!-- flowbook-notebook format=1\n", line: 1, "not closed"),
  BadNotebook(
    "bad hash", "<!-- flowbook-notebook format=1 sha256:a.yaml=xyz -->\n", line: 1,
    "64 hex digits"),
  BadNotebook(
    "output with no command", "```flowbook\n112,500\nfb> 1 ms\n```\n", line: 2,
    "output with no command"),
  BadNotebook(
    "cell with no command", "text\n```flowbook\n\n```\n", line: 2,
    "cell with no command"),
  BadNotebook(
    "empty command", "```flowbook\nfb> \n1 ms\n```\n", line: 2,
    "cell with no command"),
  BadNotebook(
    "comment only", "```flowbook\nfb> # just a comment\n```\n", line: 2,
    "cell with no command"),
  BadNotebook(
    "indented block", "- list\n   ```flowbook\n   fb> 1 ms\n   ```\n", line: 2,
    "indented"),
  BadNotebook(
    "two commands", "```flowbook\nfb> 1 ms; 2 ms\n1 ms\n```\n", line: 2,
    "one command per"),
])
func badNotebooksNameFileAndLine(_ bad: BadNotebook) {
  do {
    _ = try NotebookParser.parse(bad.bytes, path: "plan.md")
    Issue.record("\(bad.name) parsed without an error")
  } catch {
    #expect(error.line == bad.line)
    #expect(error.message.contains(bad.message), "message: \(error.message)")
    #expect(error.rendered.hasPrefix("error: "))
    #expect(error.rendered.contains("plan.md:\(bad.line)"), "rendered: \(error.rendered)")
  }
}

@Test func headerRoundTripsPathsWithSpaces() throws {
  let header = NotebookHeader(
    seed: 42, directory: "my work", model: "../data sets/golden=path.yaml",
    files: [
      .init(
        path: "../data sets/golden=path.yaml",
        sha256: String(repeating: "ab", count: 32))
    ])
  let parsed = try #require(try NotebookHeader.parse(header.rendered))
  #expect(parsed == header)
  #expect(!header.rendered.contains("my work"))
}

@Test func unknownHeaderKeysAreIgnored() throws {
  let notebook = try parseNotebook("<!-- flowbook-notebook format=1 colour=blue seed=3 -->\n")
  #expect(notebook.header.seed == 3)
}
