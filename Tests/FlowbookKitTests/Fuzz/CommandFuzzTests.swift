import Foundation
import Testing

@testable import FlowbookKit

/// Expressions and commands, generated from their grammar and mutated from the README
/// tour and the shipped notebooks, each run through a `Session`: every case gives an
/// answer or an `error:` with a caret, none traps and none takes 10 s (issue 13).
///
/// Sized for CI: 60,000 cases in all (55,000 expressions, 5,000 commands, which cost a
/// thousand times more each). A
/// failure names the seed and the input; inputs that ever crashed are kept in
/// `CrashCorpus+Commands.swift` and run first.
@Suite struct CommandFuzzTests {
  /// `FLOWBOOK_FUZZ_SCALE=10` runs ten times the cases (for a long hunt); 1 in CI.
  static let scale = Double(ProcessInfo.processInfo.environment["FLOWBOOK_FUZZ_SCALE"] ?? "") ?? 1

  static func cases(_ n: Int) -> Int { max(1, Int((Double(n) * scale).rounded())) }

  /// Generated expressions and `let`s, and mutations of them.
  @Test func expressions() throws {
    let harness = try CommandFuzzHarness()
    var fuzzer = CommandFuzzer(seed: 13, scratch: harness.scratch, addresses: harness.addresses)
    for _ in 0..<Self.cases(40_000) { harness.run(fuzzer.statement()) }
    for _ in 0..<Self.cases(15_000) { harness.run(fuzzer.mutate(fuzzer.statement())) }
    harness.report("expressions")
  }

  /// Every command, generated with random arguments and mutated from the shipped lines.
  @Test func commands() throws {
    let harness = try CommandFuzzHarness()
    var fuzzer = CommandFuzzer(seed: 1_300, scratch: harness.scratch, addresses: harness.addresses)
    for _ in 0..<Self.cases(3_000) { harness.run(fuzzer.command()) }
    let seeds = try Self.shippedCommands()
    #expect(seeds.count > 100, "found only \(seeds.count) commands to mutate")
    for index in 0..<Self.cases(2_000) {
      harness.run(fuzzer.mutate(seeds[index % seeds.count]))
    }
    harness.report("commands")
  }

  /// Every input that ever crashed flowbook still gives an answer or an error.
  @Test func crashCorpus() throws {
    let harness = try CommandFuzzHarness()
    for input in CrashCorpus.commands {
      let text = input.replacingOccurrences(of: "$SCRATCH", with: harness.scratch)
      harness.run(text)
    }
    harness.report("command crash corpus")
  }

  /// The `fb>` lines of the README and of every shipped notebook, with `simulate` runs
  /// shortened sixty-fold (so mutations that keep them valid stay quick).
  static func shippedCommands() throws -> [String] {
    let root = ModelFixtures.packageRoot
    var files = [root + "/README.md"]
    let notebooks = try FileManager.default.contentsOfDirectory(atPath: root + "/notebooks")
    files += notebooks.sorted().filter { $0.hasSuffix(".md") }.map { root + "/notebooks/" + $0 }
    var lines: [String] = []
    for file in files {
      let text = try String(contentsOfFile: file, encoding: .utf8)
      for line in text.split(separator: "\n") where line.hasPrefix("fb> ") {
        let command = String(line.dropFirst(4))
        guard !command.hasSuffix("\\") else { continue }
        lines.append(command.hasPrefix("simulate") ? shortened(command) : command)
      }
    }
    return lines
  }

  /// `simulate 120 s … at 30 s for 30 s` → `simulate 2 s … at 0.5 s for 0.5 s`.
  static func shortened(_ line: String) -> String {
    var words = line.split(separator: " ").map(String.init)
    for index in words.indices.dropLast() where words[index + 1] == "s" {
      if let seconds = Double(words[index]) { words[index] = "\(seconds / 60)" }
    }
    return words.joined(separator: " ")
  }
}
