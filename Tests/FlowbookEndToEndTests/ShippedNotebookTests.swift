import FlowbookKit
import Foundation
import Testing

/// Every notebook under notebooks/ is replayed byte for byte, so a notebook added later is
/// covered with no change here, and a change that alters any shipped output fails CI.
enum ShippedNotebooks {
  static var directory: String { BinaryRunner.repositoryRoot + "/notebooks" }

  static var names: [String] {
    let names = (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []
    return names.filter { $0.hasSuffix(".md") }.sorted()
  }
}

@Test func notebooksAreShipped() {
  #expect(!ShippedNotebooks.names.isEmpty, "no notebooks found in \(ShippedNotebooks.directory)")
}

@Test(arguments: ShippedNotebooks.names)
func shippedNotebookReplaysByteForByte(_ name: String) throws {
  let outcome = try BinaryRunner.run(["replay", "--check", "notebooks/" + name])
  #expect(outcome.status == 0, "\(outcome.stdout)\n\(outcome.stderr)")
  #expect(!outcome.stderr.contains("warning:"), "provenance: \(outcome.stderr)")
}

/// A shipped notebook copied into an empty folder, run from there, replays as it does in
/// the checkout, against the datasets the binary finds, with no provenance warning.
@Test(arguments: ShippedNotebooks.names)
func shippedNotebookReplaysInAnyFolder(_ name: String) throws {
  let original = try String(
    contentsOfFile: ShippedNotebooks.directory + "/" + name, encoding: .utf8)
  let copy = try copyIntoEmptyFolder(original, name: name)
  let folder = (copy as NSString).deletingLastPathComponent
  defer { try? FileManager.default.removeItem(atPath: folder) }
  let outcome = try BinaryRunner.run(["replay", "--check", name], directory: folder)
  #expect(outcome.status == 0, "\(outcome.stdout)\n\(outcome.stderr)")
  #expect(!outcome.stderr.contains("warning:"), "provenance: \(outcome.stderr)")
  #expect(!original.split(separator: "\n")[0].contains(" dir=.."), "dir= leaves the folder")
}

/// The acceptance test on a copy of each shipped notebook: one digit changed in an output
/// makes `--check` exit 1 with a diff, and `--update` restores the file byte for byte.
@Test(arguments: ShippedNotebooks.names)
func aChangedDigitIsCaughtAndUpdateRestoresIt(_ name: String) throws {
  let original = try String(
    contentsOfFile: ShippedNotebooks.directory + "/" + name,
    encoding: .utf8)
  let copy = try copyIntoEmptyFolder(original, name: name)
  defer {
    try? FileManager.default.removeItem(atPath: (copy as NSString).deletingLastPathComponent)
  }
  let (changed, line) = try #require(try changingOneDigit(original, name: name))
  try Data(changed.utf8).write(to: URL(fileURLWithPath: copy))
  let check = try BinaryRunner.run(["replay", "--check", copy])
  #expect(check.status == 1)
  #expect(check.stdout.contains("drift at \(copy):"))
  // The diff shows the drifted line as recorded (a hunk may start earlier, with context).
  let drifted = changed.components(separatedBy: "\n")[line - 1]
  #expect(check.stdout.contains("\n-" + drifted + "\n"), "diff: \(check.stdout)")
  let update = try BinaryRunner.run(["replay", "--update", copy])
  #expect(update.status == 0, "\(update.stdout)\n\(update.stderr)")
  #expect(try String(contentsOfFile: copy, encoding: .utf8) == original)
}

/// `--json` spreads each command's data beside `command` and `ok` (`Cell.json`), so no
/// command may use those names (or `error`) itself, and no key may appear twice: checked
/// on every command of every shipped notebook, run in a scratch copy.
@Test(arguments: ShippedNotebooks.names)
func everyCommandsJSONHasDistinctTopLevelKeys(_ name: String) throws {
  let original = try String(
    contentsOfFile: ShippedNotebooks.directory + "/" + name, encoding: .utf8)
  let copy = try copyIntoEmptyFolder(original, name: name)
  defer {
    try? FileManager.default.removeItem(atPath: (copy as NSString).deletingLastPathComponent)
  }
  let notebook = try NotebookParser.parse(Array(original.utf8), path: copy)
  let session = Session(
    environment: .init(workingDirectory: (copy as NSString).deletingLastPathComponent))
  _ = session.open(notebook, at: copy)
  #expect(session.cells.count == notebook.cells.count)
  for cell in session.cells {
    guard case .object(let pairs) = cell.json else {
      Issue.record("\(cell.input): not an object")
      continue
    }
    let keys = pairs.map(\.0)
    #expect(Set(keys).count == keys.count, "\(cell.input): keys \(keys)")
    let reserved = keys.dropFirst(2).filter { ["command", "ok"].contains($0) }
    #expect(reserved.isEmpty, "\(cell.input) uses \(reserved)")
    #expect(keys.starts(with: ["command", "ok"]))
    #expect(!cell.succeeded || !keys.contains("error"), "\(cell.input) uses error")
  }
}

/// A scratch copy of a notebook in an empty folder outside the checkout: shipped notebooks
/// name their datasets `@datasets/…` and load them by name, so they need nothing beside them.
func copyIntoEmptyFolder(_ text: String, name: String) throws -> String {
  // A folder of its own per call: the tests of one notebook run at once, and a folder
  // shared by name was emptied by one while another replayed in it (an I/O error, 74).
  let root =
    FileManager.default.temporaryDirectory.path
    + "/fb-shipped-\(getpid())-\(UUID().uuidString)-\(name)"
  try FileManager.default.createDirectory(atPath: root, withIntermediateDirectories: true)
  let copy = root + "/" + name
  try Data(text.utf8).write(to: URL(fileURLWithPath: copy))
  return copy
}

/// The text with the first digit of the first output that has one changed, and the
/// line it is on.
private func changingOneDigit(_ text: String, name: String) throws -> (String, Int)? {
  let notebook = try NotebookParser.parse(Array(text.utf8), path: name)
  for cell in notebook.cells {
    let lines = cell.output.split(separator: "\n", omittingEmptySubsequences: false)
    guard let offset = lines.firstIndex(where: { $0.contains(where: \.isNumber) }) else {
      continue
    }
    let lineNumber = cell.outputLine + offset
    var fileLines = text.components(separatedBy: "\n")
    var target = Array(fileLines[lineNumber - 1])
    guard let index = target.firstIndex(where: \.isNumber),
      let digit = target[index].wholeNumberValue
    else { continue }
    target[index] = Character(String((digit + 1) % 10))
    fileLines[lineNumber - 1] = String(target)
    return (fileLines.joined(separator: "\n"), lineNumber)
  }
  return nil
}
