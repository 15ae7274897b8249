import FlowbookKit
import Foundation
import Testing

/// README's transcripts are real output: every ```text or ```flowbook block whose lines
/// start `fb> ` is run in a fresh session at the repository's root and compared line by
/// line, so the tour cannot drift from what the shell prints.
///
/// A line holding only `…`
/// stands for lines of output the README leaves out.
enum ReadmeTranscripts {
  struct Step: Sendable, CustomStringConvertible {
    var command: String
    var expected: [String]
    var line: Int
    var description: String { "README.md:\(line): \(command)" }
  }

  /// The blocks with commands, in README order; each a list of steps.
  static var blocks: [[Step]] {
    guard
      let text = try? String(
        contentsOfFile: BinaryRunner.repositoryRoot + "/README.md", encoding: .utf8)
    else { return [] }
    var blocks: [[Step]] = []
    var current: [Step]?
    for (offset, line) in text.components(separatedBy: "\n").enumerated() {
      if current == nil {
        if line == "```text" || line == "```flowbook" { current = [] }
        continue
      }
      if line == "```" {
        if let steps = current, !steps.isEmpty { blocks.append(steps) }
        current = nil
      } else if line.hasPrefix("fb> ") {
        current?.append(Step(command: String(line.dropFirst(4)), expected: [], line: offset + 1))
      } else if let last = current?.indices.last {
        current?[last].expected.append(line)
      }
    }
    return blocks
  }
}

@Test func readmeHasTranscripts() {
  #expect(ReadmeTranscripts.blocks.count >= 4)
}

@Test(arguments: ReadmeTranscripts.blocks.indices)
func readmeTranscriptIsWhatTheShellPrints(_ index: Int) {
  let session = Session(environment: .init(workingDirectory: BinaryRunner.repositoryRoot))
  for step in ReadmeTranscripts.blocks[index] {
    let cell = session.execute(step.command)
    let actual = cell.plainOutput.split(separator: "\n", omittingEmptySubsequences: false)
      .map(String.init).filter { !$0.isEmpty }
    #expect(
      ReadmeTranscripts.matches(actual, shown: step.expected), "\(step)\n\(cell.plainOutput)")
  }
}

extension ReadmeTranscripts {
  /// Whether `shown` is `actual` with some runs of lines replaced by a `…` line each:
  /// the lines between the `…`s must appear in order and unbroken, and the first and
  /// last must sit at the ends unless a `…` stands there.
  static func matches(_ actual: [String], shown: [String]) -> Bool {
    let segments = shown.split(separator: "…", omittingEmptySubsequences: false).map(Array.init)
    var position = 0
    for (index, segment) in segments.enumerated() {
      let isFirst = index == 0
      let isLast = index == segments.count - 1
      if segment.isEmpty { continue }
      if isFirst {
        guard actual.starts(with: segment) else { return false }
        position = segment.count
        continue
      }
      if isLast {
        guard actual.count - segment.count >= position,
          Array(actual.suffix(segment.count)) == segment
        else { return false }
        return true
      }
      guard
        let found = (position...max(position, actual.count - segment.count)).first(where: {
          $0 + segment.count <= actual.count && Array(actual[$0..<$0 + segment.count]) == segment
        })
      else { return false }
      position = found + segment.count
    }
    return segments.count > 1 || position == actual.count
  }
}

@Test func elisionMatchesOnlyWhatItShould() {
  let lines = ["a", "b", "c", "d"]
  #expect(ReadmeTranscripts.matches(lines, shown: ["a", "b", "c", "d"]))
  #expect(ReadmeTranscripts.matches(lines, shown: ["a", "…"]))
  #expect(ReadmeTranscripts.matches(lines, shown: ["a", "…", "d"]))
  #expect(ReadmeTranscripts.matches(lines, shown: ["…", "c", "…"]))
  #expect(!ReadmeTranscripts.matches(lines, shown: ["a", "b"]))
  #expect(!ReadmeTranscripts.matches(lines, shown: ["a", "…", "c"]))
  #expect(!ReadmeTranscripts.matches(lines, shown: ["b", "…"]))
  #expect(!ReadmeTranscripts.matches(lines, shown: ["a", "…", "c", "b", "…"]))
}
