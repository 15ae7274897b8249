import Foundation
import Testing

@testable import FlowbookKit

/// The header words for the datasets a session outside any checkout finds (the
/// repository's, from the test binary's folder): the default model and both catalogs,
/// named by their place in the datasets folder.
func datasetsProvenance() -> String {
  let files = [
    ModelWorkspace.defaultModelFile, PriceCatalog.defaultRelativePath,
    QuotaCatalog.defaultRelativePath, AvailabilityCatalog.defaultRelativePath,
  ]
  let hashes = files.map { name in
    "sha256:@datasets/\(name)="
      + (NotebookWriter.fileDigest(ModelFixtures.datasets + "/" + name) ?? "unreadable")
  }
  return "model=@datasets/golden-path.yaml " + hashes.joined(separator: " ")
}

private func shell(in directory: String) -> Session {
  let session = Session(environment: SessionEnvironment(workingDirectory: directory, seed: 9))
  session.notebook.clock = { Date(timeIntervalSince1970: 1_714_564_984) }
  return session
}

@Test func saveWritesNotesCommandsAndOutputs() throws {
  let directory = try makeTemporaryDirectory("save")
  let session = shell(in: directory)
  for line in [
    "note --title Prime Day concurrency", "note Isn't 2.5M rps a lot? (It's the peak.)",
    "let peak = 2.5M rps", "peak * 45 ms", "1 ms + 1 GB", "note --section Cost",
    "$3.50 / 1M req * 10B req/month -> $/month", "save plan.md --all",
  ] {
    session.execute(line)
  }
  #expect(session.cells.last?.plainOutput == "saved 4 commands to plan.md")
  let text = try readFile(directory + "/plan.md")
  #expect(
    text == """
      <!-- flowbook-notebook format=1 flowbook=\(FlowbookVersion.current) seed=9 dir=. \
      \(datasetsProvenance()) -->

      # Prime Day concurrency

      Isn't 2.5M rps a lot? (It's the peak.)

      ```flowbook
      fb> let peak = 2.5M rps
      peak = 2.5M rps
      fb> peak * 45 ms
      112,500
      fb> 1 ms + 1 GB
      error: cannot add a time [s] and a data size [B]
        | 1 ms + 1 GB
        | ^^^^^^^^^^^
      ```

      ## Cost

      ```flowbook
      fb> $3.50 / 1M req * 10B req/month -> $/month
      $35,000/month
      ```

      """)
}

@Test func stampedSaveAddsTimesThatReplayIgnores() throws {
  let directory = try makeTemporaryDirectory("stamped")
  let session = shell(in: directory)
  session.execute("87 ms * 2")
  session.execute("save timeline.md --stamped")
  let text = try readFile(directory + "/timeline.md")
  #expect(text.contains("# timeline\n"), "the title defaults to the file name")
  #expect(text.contains("fb> 87 ms * 2  # at 2024-05-01T12:03:04Z\n174 ms\n"))
  let notebook = try parseNotebook(text)
  #expect(notebook.cells[0].stamp == "2024-05-01T12:03:04Z")
  let replay = NotebookReplay(notebook, path: directory + "/timeline.md", displayPath: "t.md")
  #expect(replay.passes)
}

@Test func openThenSaveGivesBackTheSameFile() throws {
  let directory = try makeTemporaryDirectory("reopen")
  let original = """
    <!-- flowbook-notebook format=1 flowbook=\(FlowbookVersion.current) seed=3 dir=. \
    \(datasetsProvenance()) -->
    # Kept as written

    Some *prose*, then cells in an unusual fence.

    ````flowbook
    fb> let lag = 45 ms  # at 2024-05-01T12:03:04Z
    lag = 45 ms
    fb> lag * \\
    ..> 3
    135 ms
    ````
    Trailing prose without a blank line.
    """
  try writeFile(original, to: directory + "/story.md")
  let session = shell(in: directory)
  session.execute("open story.md")
  #expect(session.cells.last?.plainOutput == "opened story.md: 2 commands, all outputs as recorded")
  #expect(session.environment.seed == 3)
  session.execute("save story.md")
  #expect(try readFile(directory + "/story.md") == original)
  session.execute("lag * 4")
  session.execute("save story.md")
  let extended = try readFile(directory + "/story.md")
  #expect(extended == original + "\n\n```flowbook\nfb> lag * 4\n180 ms\n```\n")
}

@Test func saveKeepsFilesItDidNotWrite() throws {
  let directory = try makeTemporaryDirectory("keep")
  try writeFile("precious\n", to: directory + "/notes.md")
  let session = shell(in: directory)
  session.execute("1 ms")
  let refused = session.execute("save notes.md")
  #expect(refused.diagnostic?.message.contains("--force") == true)
  #expect(try readFile(directory + "/notes.md") == "precious\n")
  #expect(session.execute("save notes.md --force").succeeded)
  #expect(try readFile(directory + "/notes.md").contains("fb> 1 ms"))
  let folder = session.execute("save .")
  #expect(folder.diagnostic?.message.contains("is a directory") == true)
}

@Test func aNotebookCannotOpenItself() throws {
  let directory = try makeTemporaryDirectory("loop")
  try writeFile("```flowbook\nfb> open loop.md\nx\n```\n", to: directory + "/loop.md")
  let session = shell(in: directory)
  let cell = session.execute("open loop.md")
  #expect(cell.plainOutput.contains("line 2: loop.md is already being opened"))
}

@Test func openReportsBadNotebooksAtTheirLine() throws {
  let directory = try makeTemporaryDirectory("open-bad")
  try writeFile("# T\n\n```flowbook\nfb> 1 ms\n", to: directory + "/cut.md")
  let cell = shell(in: directory).execute("open cut.md")
  #expect(cell.plainOutput.contains(" --> cut.md:3:1"))
  #expect(cell.plainOutput.contains("never closed"))
}

/// A notebook beside its own datasets lists the default model and both catalogs it may
/// have read; when the price file changes, replay says so, so drift comes with its cause.
@Test func savedNotebooksHashTheDefaultModelAndCatalogsInsideTheirTree() throws {
  let directory = try makeTemporaryDirectory("implicit")
  for name in [
    ModelWorkspace.defaultModelFile, PriceCatalog.defaultRelativePath,
    QuotaCatalog.defaultRelativePath, AvailabilityCatalog.defaultRelativePath,
  ] {
    let target = directory + "/datasets/" + name
    try FileManager.default.createDirectory(
      atPath: (target as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
    try FileManager.default.copyItem(atPath: ModelFixtures.datasets + "/" + name, toPath: target)
  }
  let session = shell(in: directory)
  session.execute("cost")
  session.execute("save plan.md")
  let text = try readFile(directory + "/plan.md")
  let header = String(text.prefix { $0 != "\n" })
  #expect(header.contains("model=@datasets/golden-path.yaml "), "\(header)")
  for name in ["golden-path.yaml", "pricing/aws-us-east-1.yaml", "quotas/aws.yaml"] {
    #expect(header.contains("sha256:@datasets/\(name)="), "\(name) missing from \(header)")
  }
  let prices = directory + "/datasets/" + PriceCatalog.defaultRelativePath
  try writeFile(try readFile(prices) + "# edited\n", to: prices)
  let replay = NotebookReplay(
    try parseNotebook(text, name: "plan.md"), path: directory + "/plan.md",
    displayPath: "plan.md", allowWrite: [])
  #expect(replay.passes, "a comment changes no output")
  #expect(replay.warnings.count == 1)
  #expect(
    replay.warnings.first?.contains(
      "datasets/pricing/aws-us-east-1.yaml changed since the notebook was recorded") == true)
}

/// Datasets found elsewhere (an installation's, named by FLOWBOOK_DATASETS) are listed by
/// their place in the datasets folder, which means the same files on every machine.
@Test func datasetsFoundElsewhereAreListedByName() throws {
  let directory = try makeTemporaryDirectory("installed")
  let session = Session(
    environment: SessionEnvironment(workingDirectory: directory, seed: 9))
  session.workspace = .startingDefault(
    workingDirectory: directory, environment: ["FLOWBOOK_DATASETS": ModelFixtures.datasets])
  session.execute("cost")
  session.execute("save plan.md")
  let header = try readFile(directory + "/plan.md").prefix { $0 != "\n" }
  #expect(header.hasSuffix("dir=. \(datasetsProvenance()) -->"), "\(header)")
  #expect(!header.contains(ModelFixtures.datasets), "no absolute path: \(header)")
}

@Test func saveLeavesOutHelpVarsAndFailuresUnlessAll() throws {
  let directory = try makeTemporaryDirectory("save-hygiene")
  let session = shell(in: directory)
  for line in ["help", "let peak = 2.5M rps", "vars", "peak + 1 GB", "peak * 45 ms", "help sweep"] {
    session.execute(line)
  }
  session.execute("save plain.md")
  #expect(session.cells.last?.plainOutput == "saved 2 commands to plain.md")
  let plain = try readFile(directory + "/plain.md")
  #expect(
    plain.contains("fb> let peak = 2.5M rps\npeak = 2.5M rps\nfb> peak * 45 ms\n112,500\n```"))
  for left in ["fb> help", "fb> vars", "fb> peak + 1 GB", "error:"] {
    #expect(!plain.contains(left), "\(left) saved: \(plain)")
  }
  session.execute("save all.md --all")
  #expect(session.cells.last?.plainOutput == "saved 6 commands to all.md")
  let all = try readFile(directory + "/all.md")
  for kept in ["fb> help\n", "fb> vars\n", "fb> peak + 1 GB\nerror:", "fb> help sweep\n"] {
    #expect(all.contains(kept), "\(kept) missing: \(all)")
  }
}

@Test func aContinuedCommandIsSavedAsTypedAndReplays() throws {
  let directory = try makeTemporaryDirectory("save-continued")
  let session = shell(in: directory)
  var reader = ScriptReader()
  let typed = [
    "let peak = \\", "  2.5M rps", "sweep cdn.hit_rate from 90% to 99% \\", "  steps 4 \\",
    "  show p99",
  ]
  for line in typed {
    for statement in reader.feed(line) {
      session.execute(statement.text, typedLines: statement.typedLines)
    }
  }
  session.execute("save continued.md")
  let text = try readFile(directory + "/continued.md")
  #expect(text.contains("fb> let peak = \\\n..>   2.5M rps\npeak = 2.5M rps\n"), "\(text)")
  #expect(
    text.contains(
      "fb> sweep cdn.hit_rate from 90% to 99% \\\n..>   steps 4 \\\n..>   show p99\nsweep cdn.hit_rate"
    ),
    "\(text)")
  let notebook = try parseNotebook(text, name: "continued.md")
  let replayed = Session(environment: SessionEnvironment(workingDirectory: directory, seed: 9))
  let results = replayed.open(notebook, at: directory + "/continued.md")
  #expect(results.count == 2)
  #expect(results.allSatisfy { !$0.drifted }, "\(results)")
  #expect(
    replayed.cells.map(\.input) == [
      "let peak = 2.5M rps", "sweep cdn.hit_rate from 90% to 99% steps 4 show p99",
    ])
}

@Test func oneLineThatHoldsSeveralCommandsIsSavedCommandByCommand() {
  var reader = ScriptReader()
  #expect(reader.feed("let a = 1; \\").isEmpty)
  let statements = reader.feed("a * 2")
  #expect(statements.map(\.text) == ["let a = 1", "a * 2"])
  #expect(statements.allSatisfy { $0.typedLines == nil })
  #expect(reader.feed("a * 3").first?.typedLines == nil, "a single line keeps nothing extra")
}
