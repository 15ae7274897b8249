import Foundation
import Testing

@testable import FlowbookKit

/// Mutations of the shipped notebooks, replayed: every case must end in an answer or an
/// `error:` line, never a trap (which would end this process) nor a hang.
///
/// The corpus is the notebooks under notebooks/, whole and cut into one block each, with
/// their `simulate` and `sweep` cells replaced (`NotebookFuzz.withoutSlowCells`), so a
/// few thousand replays fit in CI's budget. Each case takes one to three
/// mutations: a byte changed to one that matters to the format, a line dropped,
/// duplicated or swapped, a header field replaced, or a fence changed.
enum NotebookFuzz {
  /// The shipped notebooks, their slow cells replaced by a quick one.
  static func notebooks() throws -> [String] {
    let folder = ModelFixtures.packageRoot + "/notebooks"
    let names = try FileManager.default.contentsOfDirectory(atPath: folder)
      .filter { $0.hasSuffix(".md") }.sorted()
    return try names.map { name in
      withoutSlowCells(try String(contentsOfFile: folder + "/" + name, encoding: .utf8))
    }
  }

  /// Each notebook cut into excerpts of one flowbook block each.
  ///
  /// An excerpt is the header line, then one flowbook block with the prose before it.
  /// Most cases mutate an excerpt (a few milliseconds to replay); whole
  /// notebooks, which take a tenth of a second each, are mixed in.
  static func excerpts(of notebooks: [String]) -> [String] {
    notebooks.flatMap { text -> [String] in
      let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
      // Excerpts keep the header but its file hashes, which cost more to check than
      // the rest of a small case; whole notebooks keep them.
      guard let first = lines.first else { return [] }
      let header = first.split(separator: " ").filter { !$0.hasPrefix("sha256:") }
        .joined(separator: " ")
      var excerpts: [String] = []
      var current: [Substring] = []
      var inBlock = false
      for line in lines.dropFirst() {
        current.append(line)
        if line.hasPrefix("```flowbook") {
          inBlock = true
        } else if inBlock, line.hasPrefix("```") {
          inBlock = false
          excerpts.append(([header[...]] + current).joined(separator: "\n") + "\n")
          current = []
        }
      }
      return excerpts
    }
  }

  /// `text` with each `simulate` and `sweep` cell (command and output) replaced by
  /// `1 + 1`: they take seconds each, and their inputs are fuzzed by the simulator's suite.
  static func withoutSlowCells(_ text: String) -> String {
    var kept: [Substring] = []
    var skipping = false
    for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
      if line.hasPrefix("fb> ") || line.hasPrefix("```") {
        skipping = line.hasPrefix("fb> simulate") || line.hasPrefix("fb> sweep")
        if skipping { kept += ["fb> 1 + 1", "2"] }
      }
      if !skipping { kept.append(line) }
    }
    return kept.joined(separator: "\n")
  }

  static let bytes: [UInt8] = Array("`~>\n\r \t0123456789-.e%=/#\\\"".utf8) + [0, 0x1B, 0xC3, 0xFF]

  static let headerValues = [
    "seed=-1", "seed=18446744073709551616", "seed=0", "seed=", "format=0", "format=2",
    "format=999999999999999999999", "dir=/", "dir=../../../../..", "dir=", "dir=%zz",
    "dir=/etc", "model=/etc/passwd", "model=none", "model=%00",
    "sha256:/etc/passwd=" + String(repeating: "a", count: 64), "sha256:x=12",
    "sha256:../datasets/golden-path.yaml=" + String(repeating: "0", count: 64),
    "flowbook=\u{1B}[2J", "unknown=1", "-->", "<!--", "", "format=1 format=1",
  ]

  static let fenceLines = [
    "```", "````", "~~~", "```flowbook", "````flowbook", "~~~flowbook", "   ```flowbook",
    "    ```flowbook", "```flowbook extra", "```Flowbook", "``` flowbook", "```text", "fb>",
    "fb> ", "..> 1", "fb> 1 \\", "```flowbook`", "\\```",
  ]

  /// One to three mutations of `text`.
  static func mutate(_ text: String, _ generator: inout SeededGenerator) -> [UInt8] {
    var bytes = Array(text.utf8)
    for _ in 0..<(1 + Int(generator.next() % 3)) {
      bytes = mutateOnce(bytes, &generator)
    }
    return bytes
  }

  private static func pick<T>(_ items: [T], _ generator: inout SeededGenerator) -> T {
    items[Int(generator.next() % UInt64(items.count))]
  }

  private static func mutateOnce(_ bytes: [UInt8], _ generator: inout SeededGenerator)
    -> [UInt8]
  {
    var lines = bytes.split(separator: 0x0A, omittingEmptySubsequences: false).map(Array.init)
    let index = lines.isEmpty ? 0 : Int(generator.next() % UInt64(lines.count))
    switch generator.next() % 6 {
    case 0:
      var flipped = bytes
      if !flipped.isEmpty {
        flipped[Int(generator.next() % UInt64(flipped.count))] = pick(Self.bytes, &generator)
      }
      return flipped
    case 1: if !lines.isEmpty { lines.remove(at: index) }
    case 2: if !lines.isEmpty { lines.insert(lines[index], at: index) }
    case 3:
      let other = lines.isEmpty ? 0 : Int(generator.next() % UInt64(lines.count))
      if !lines.isEmpty { lines.swapAt(index, other) }
    case 4:
      guard let header = lines.first else { break }
      var words = String(decoding: header, as: UTF8.self).split(separator: " ").map(String.init)
      let position = words.isEmpty ? 0 : Int(generator.next() % UInt64(words.count))
      let value = pick(headerValues, &generator)
      if words.isEmpty || generator.next() % 3 == 0 {
        words.insert(value, at: position)
      } else {
        words[position] = value
      }
      lines[0] = Array(words.joined(separator: " ").utf8)
    default:
      let fence = Array(pick(fenceLines, &generator).utf8)
      let fences = lines.indices.filter { lines[$0].starts(with: Array("```".utf8)) }
      if !fences.isEmpty, generator.next() % 2 == 0 {
        lines[pick(fences, &generator)] = fence
      } else {
        lines.insert(fence, at: index)
      }
    }
    return Array(lines.joined(separator: [0x0A]))
  }

  /// Parses and replays one case in `folder`; returns a problem, or nil when every cell
  /// answered or failed with an `error:` line.
  static func run(
    _ bytes: [UInt8], name: String, in folder: String, workspace: ModelWorkspace? = nil
  ) -> String? {
    let notebook: Notebook
    do {
      notebook = try NotebookParser.parse(bytes, path: name)
    } catch {
      return error.rendered.hasPrefix("error: ") ? nil : "parse: \(error.rendered)"
    }
    let replay = NotebookReplay(
      notebook, path: folder + "/" + name, displayPath: name, workspace: workspace)
    for failure in replay.failures where !failure.rendered.hasPrefix("error: ") {
      return "replay: \(failure.rendered)"
    }
    return nil
  }
}

@Test func mutatedShippedNotebooksAnswerOrErr() throws {
  // The datasets beside the notebooks, as in the repository, so `dir=..` and
  // `load datasets/…` find them; each case replays in this scratch folder.
  let root = try makeTemporaryDirectory("fuzz-notebooks")
  try FileManager.default.createSymbolicLink(
    atPath: root + "/datasets", withDestinationPath: ModelFixtures.datasets)
  let folder = root + "/notebooks"
  try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
  // The default model, loaded once: loading it is most of a small case's time.
  let workspace = ModelWorkspace.startingDefault(workingDirectory: root)
  let notebooks = try NotebookFuzz.notebooks()
  let excerpts = NotebookFuzz.excerpts(of: notebooks)
  var generator = SeededGenerator(seed: 13)
  var cases = 0
  let budget = ContinuousClock.now + .seconds(30)
  var inputs = NotebookCrashCorpus.cases.map { Array($0.utf8) }
  while cases < 20_000 {
    let bytes: [UInt8]
    if !inputs.isEmpty {
      bytes = inputs.removeFirst()
    } else {
      // At least 300 cases however loaded the machine; more while the 30 s last.
      guard cases < 300 || ContinuousClock.now < budget else { break }
      let base =
        cases % 40 == 0
        ? notebooks[cases / 40 % notebooks.count] : excerpts[cases % excerpts.count]
      bytes = NotebookFuzz.mutate(base, &generator)
    }
    cases += 1
    let started = ContinuousClock.now
    if let problem = NotebookFuzz.run(
      bytes, name: "case.md", in: folder, workspace: workspace)
    {
      Issue.record("case \(cases): \(problem)\n\(String(decoding: bytes, as: UTF8.self))")
    }
    let took = ContinuousClock.now - started
    if took > .seconds(10) {
      Issue.record("case \(cases) took \(took):\n\(String(decoding: bytes, as: UTF8.self))")
    }
  }
  print("fuzz notebooks: \(cases) cases, 0 traps")
}
