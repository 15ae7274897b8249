import Foundation
import Testing

/// A broken `expect` exits 1 from every entry point, as `replay` does; later commands still
/// run, and an error (65) still stops a script and wins.

private let script = "let a = 40\nexpect a > 50\na + 2\n"

private func scriptFile() throws -> String {
  let path = FileManager.default.temporaryDirectory.path + "/fb-expect-\(getpid()).fb"
  try Data(script.utf8).write(to: URL(fileURLWithPath: path))
  return path
}

private func checkBroken(_ outcome: BinaryRunner.Outcome, place: String) {
  #expect(outcome.status == 1, "\(outcome)")
  #expect(outcome.stdout.contains("broken: a > 50 (actual 40; expected > 50)\n"), "\(outcome)")
  #expect(outcome.stdout.hasSuffix("42\n"), "the commands after it ran: \(outcome.stdout)")
  #expect(
    outcome.stderr == "\(place): expectation broken: a > 50 (actual 40; expected > 50)\n",
    "\(outcome.stderr)")
}

@Test func aBrokenExpectExits1UnderDashE() throws {
  let outcome = try BinaryRunner.run(["-e", script.replacingOccurrences(of: "\n", with: "; ")])
  checkBroken(outcome, place: "-e:1")
}

@Test func aBrokenExpectExits1UnderRun() throws {
  let file = try scriptFile()
  checkBroken(try BinaryRunner.run(["run", file]), place: "\(file):2")
}

@Test func aBrokenExpectExits1OnPipedInput() throws {
  checkBroken(try BinaryRunner.run([], input: script), place: "<stdin>:2")
}

@Test func aBrokenExpectIsOnlyInTheJSONDocumentUnderJSON() throws {
  let outcome = try BinaryRunner.run(["--json", "-e", "expect 1 > 2"])
  #expect(outcome.status == 1)
  #expect(outcome.stdout.contains("\"held\":false"), "\(outcome.stdout)")
  #expect(outcome.stderr.isEmpty)
}

@Test func anErrorAfterABrokenExpectStillExits65() throws {
  let outcome = try BinaryRunner.run(["-e", "expect 1 > 2; 1 ms + 1 GB; 3 + 4"])
  #expect(outcome.status == 65, "\(outcome)")
  #expect(!outcome.stdout.contains("7"), "the script stopped at the error")
}

@Test func heldExpectationsExit0() throws {
  let outcome = try BinaryRunner.run([], input: "let a = 40\nexpect a < 50\n")
  #expect(outcome.status == 0, "\(outcome)")
  #expect(outcome.stderr.isEmpty)
}
