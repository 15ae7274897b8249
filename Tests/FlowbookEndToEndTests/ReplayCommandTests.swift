import Foundation
import Testing

/// `flowbook replay` as CI and reviewers run it: exit codes, diffs, updates, the sandbox.
private let notebook = """
  <!-- flowbook-notebook format=1 flowbook=0.1.0 seed=1 dir=. model=none -->
  # Concurrency at the peak

  How many requests are in flight at 2.5M rps if each takes 45 ms?

  ```flowbook
  fb> let peak = 2.5M rps
  peak = 2.5M rps
  fb> peak * 45 ms
  112,500
  fb> expect peak * 45 ms ≈ 112,500 ± 1%
  held: peak * 45 ms ≈ 112,500 ± 1% (actual 112,500; expected 111,375 to 113,625)
  ```

  Answer: about 112,500 — Little's law, L = λW.

  """

private func scratch(_ name: String) throws -> String {
  let path = FileManager.default.temporaryDirectory.path + "/fb-e2e-\(name)-\(getpid())"
  try? FileManager.default.removeItem(atPath: path)
  try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
  return path
}

private func write(_ text: String, _ path: String) throws {
  try Data(text.utf8).write(to: URL(fileURLWithPath: path))
}

@Test func checkPassesThenCatchesADigitThenUpdateRestoresIt() throws {
  let directory = try scratch("check")
  let path = directory + "/nb.md"
  try write(notebook, path)
  let clean = try BinaryRunner.run(["replay", "--check", path])
  #expect(clean.status == 0, "stdout: \(clean.stdout) stderr: \(clean.stderr)")
  #expect(clean.stdout.contains("3 commands, all outputs as recorded; 1 expectation held"))

  try write(notebook.replacingOccurrences(of: "\n112,500\n", with: "\n112,600\n"), path)
  let drift = try BinaryRunner.run(["replay", "--check", path])
  #expect(drift.status == 1)
  #expect(drift.stdout.contains("drift at \(path):9: fb> peak * 45 ms"))
  #expect(drift.stdout.contains("@@ -10 +10 @@\n-112,600\n+112,500\n"))

  let update = try BinaryRunner.run(["replay", "--update", path])
  #expect(update.status == 0)
  #expect(update.stdout.contains("updated 1 output(s)"))
  #expect(
    try String(contentsOfFile: path, encoding: .utf8) == notebook,
    "outputs restored, prose and commands byte-identical")
  #expect(try BinaryRunner.run(["replay", "--check", path]).status == 0)
  let again = try BinaryRunner.run(["replay", "--update", path])
  #expect(again.stdout.contains("is up to date"))
}

@Test func plainReplayPrintsTheNotebook() throws {
  let directory = try scratch("print")
  try write(notebook, directory + "/nb.md")
  let outcome = try BinaryRunner.run(["replay", directory + "/nb.md"])
  #expect(outcome.status == 0)
  #expect(outcome.stdout == notebook)
  #expect(outcome.stderr.contains("expectation held"))
}

@Test func aBrokenExpectationFailsCheckNamingBothValues() throws {
  let directory = try scratch("expect")
  let broken = notebook.replacingOccurrences(
    of: "fb> expect peak * 45 ms ≈ 112,500 ± 1%\nheld: peak * 45 ms ≈ 112,500 ± 1% "
      + "(actual 112,500; expected 111,375 to 113,625)",
    with: "fb> expect peak * 45 ms < 100k\nheld")
  try write(broken, directory + "/nb.md")
  let check = try BinaryRunner.run(["replay", "--check", directory + "/nb.md"])
  #expect(check.status == 1)
  #expect(
    check.stdout.contains(
      "nb.md:11: expectation broken: peak * 45 ms < 100k (actual 112,500; expected < 100,000)"))
  // After --update the outputs match, and the expectation still fails the check.
  let update = try BinaryRunner.run(["replay", "--update", directory + "/nb.md"])
  #expect(update.status == 1)
  let recheck = try BinaryRunner.run(["replay", "--check", directory + "/nb.md"])
  #expect(recheck.status == 1)
  #expect(recheck.stdout.contains("1 of 1 expectation broken"))
}

@Test func writingOutsideTheNotebookFolderFailsAndWritesNothing() throws {
  let outer = try scratch("outside")
  try FileManager.default.createDirectory(atPath: outer + "/nb", withIntermediateDirectories: true)
  let evil = "# Export\n\n```flowbook\nfb> 2 ms\n2 ms\nfb> save ../outside.html\nsaved\n```\n"
  try write(evil, outer + "/nb/evil.md")
  let outcome = try BinaryRunner.run(["replay", "--check", outer + "/nb/evil.md"])
  #expect(outcome.status == 65)
  #expect(outcome.stderr.contains("error: cannot write '../outside.html'"))
  #expect(outcome.stderr.contains("evil.md:6:10"))
  #expect(outcome.stderr.contains("--allow-write DIR"))
  #expect(!FileManager.default.fileExists(atPath: outer + "/outside.html"))
  #expect(try FileManager.default.contentsOfDirectory(atPath: outer) == ["nb"])
  let update = try BinaryRunner.run(["replay", "--update", outer + "/nb/evil.md"])
  #expect(update.status == 65)
  #expect(try String(contentsOfFile: outer + "/nb/evil.md", encoding: .utf8) == evil)
}

@Test(arguments: [
  ("truncated", "# T\n\n```flowbook\nfb> 1 ms\n1 ms\n", ":3:1", "never closed"),
  ("unknown-command", "```flowbook\nfb> latncy\n87 ms\n```\n", ":2:5", "unknown command"),
  ("newer-format", "<!-- flowbook-notebook format=9 seed=1 -->\n", ":1:1", "format 9, newer"),
  ("no-command", "# T\n```flowbook\n112,500\n```\n", ":3:1", "output with no command"),
  ("binary", "# T\n\u{0}\u{1}PNG\n", ":2", "NUL byte"),
])
func badNotebooksExit65WithFileAndLine(
  _ name: String, _ text: String, _ place: String,
  _ message: String
) throws {
  let directory = try scratch("bad-\(name)")
  let path = directory + "/\(name).md"
  try write(text, path)
  let outcome = try BinaryRunner.run(["replay", "--check", path])
  #expect(outcome.status == 65)
  #expect(outcome.stderr.contains(path + place), "stderr: \(outcome.stderr)")
  #expect(outcome.stderr.contains(message))
}

@Test func replayUsageAndIOErrors() throws {
  let directory = try scratch("usage")
  try write(notebook, directory + "/nb.md")
  let both = try BinaryRunner.run(["replay", "--check", "--update", directory + "/nb.md"])
  #expect(both.status == 64)
  #expect(try BinaryRunner.run(["replay", directory + "/missing.md"]).status == 74)
}
