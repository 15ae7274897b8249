import Foundation
import Quantities
import Testing

@testable import FlowbookKit

/// Runs command lines through a `Session` (no terminal) and checks what every fuzz case
/// must give: an answer with no NaN or infinity in it, or an `error:` line with a caret.
///
/// A trap ends the test process, so reaching the end of a run is the "0 traps"; the
/// harness also times each case against `caseLimit` (an unbounded loop shows up as a case
/// that ignores its stop request) and stops a long but finite command after `stopAfter`,
/// as Ctrl-C would, so that a valid million-request `simulate` costs the suite half a
/// second instead of a minute.
final class CommandFuzzHarness {
  /// No case may take longer than this, stop request included.
  static let caseLimit: Duration = .seconds(10)
  /// When the harness asks a running command to stop (the shell's Ctrl-C).
  static let stopAfter: Duration = .milliseconds(500)
  /// A fresh session after this many cases, so `set`s do not pile up without end.
  static let casesPerSession = 150
  /// A case still running after this is a hang: the harness prints it, with the lines the
  /// session ran before it, and ends the test process rather than let CI wait out its hour.
  static let hangLimit: TimeInterval = 120

  let scratch: String
  private(set) var session: Session
  private var sinceReset = 0
  /// The lines this session has run, so a slow case can be reproduced from a fresh session.
  private var history: [String] = []
  private(set) var cases = 0
  private(set) var answers = 0
  private(set) var errors = 0
  private(set) var stopped = 0
  private(set) var slowest: (Duration, String) = (.zero, "")
  private(set) var problems: [String] = []
  /// Cases and seconds by first word, to see where the suite's time goes.
  private(set) var costs: [String: (cases: Int, seconds: Double)] = [:]

  init() throws {
    scratch = NSTemporaryDirectory() + "flowbook-fuzz-" + UUID().uuidString
    try FileManager.default.createDirectory(atPath: scratch, withIntermediateDirectories: true)
    let tiny = "<!-- flowbook-notebook format=1 -->\n# tiny\n\n```flowbook\nfb> 1 + 1\n2\n```\n"
    try tiny.write(toFile: scratch + "/tiny.md", atomically: true, encoding: .utf8)
    try "time,rate\n0,100\n1,200\n".write(
      toFile: scratch + "/r.csv", atomically: true, encoding: .utf8)
    session = Self.newSession(scratch)
  }

  deinit { try? FileManager.default.removeItem(atPath: scratch) }

  static func newSession(_ scratch: String) -> Session {
    Session(
      environment: SessionEnvironment(
        workingDirectory: ModelFixtures.packageRoot, writePolicy: .within([scratch])))
  }

  /// The settable addresses of the default model, for the generators.
  var addresses: [String] { session.workspace.current?.settableAddresses ?? [] }

  /// Runs one line and records anything wrong with its outcome.
  func run(_ input: String) {
    if sinceReset >= Self.casesPerSession {
      session = Self.newSession(scratch)
      sinceReset = 0
      history = []
    }
    sinceReset += 1
    history.append(input)
    cases += 1
    // FLOWBOOK_FUZZ_TRACE=FILE keeps the case being run in FILE, so a trap names it.
    if let trace = ProcessInfo.processInfo.environment["FLOWBOOK_FUZZ_TRACE"] {
      try? input.write(toFile: trace, atomically: false, encoding: .utf8)
    }
    let stop = Interruption(deadline: .now + Self.stopAfter)
    session.environment.interruption = stop
    let start = ContinuousClock.now
    let watchdog = Self.watch(history)
    let cell = session.execute(input)
    watchdog.cancel()
    let elapsed = ContinuousClock.now - start
    session.environment.interruption = nil
    if elapsed > slowest.0 { slowest = (elapsed, input) }
    let word = String(input.prefix { $0 != " " }.prefix(12))
    let seconds =
      Double(elapsed.components.attoseconds) * 1e-18 + Double(elapsed.components.seconds)
    costs[word, default: (0, 0)].cases += 1
    costs[word, default: (0, 0)].seconds += seconds
    if ProcessInfo.processInfo.environment["FLOWBOOK_FUZZ_TRACE"] != nil, cases % 1_000 == 0 {
      print("fuzz progress: \(cases) cases")
    }
    if elapsed > Self.caseLimit {
      problems.append(
        "\(input.debugDescription) took \(elapsed) after \(Self.replay(history.dropLast()))")
    }
    if let problem = Self.problem(with: cell, input: input, stopped: stop.isRequested) {
      problems.append(problem)
    }
    switch cell.outcome {
    case .success: answers += 1
    case .failure(let diagnostic):
      if diagnostic.message.hasPrefix("interrupted:") { stopped += 1 } else { errors += 1 }
    }
  }

  /// Ends the process if the case whose session ran `lines` is still running after
  /// `hangLimit`: a hang cannot be stopped from outside the thread that runs it.
  static func watch(_ lines: [String]) -> DispatchWorkItem {
    let item = DispatchWorkItem {
      FileHandle.standardError.write(
        Data(
          "fuzz hang: \(lines.last?.debugDescription ?? "") ran \(Int(hangLimit)) s after \(replay(lines.dropLast()))\n"
            .utf8))
      exit(70)
    }
    DispatchQueue.global().asyncAfter(deadline: .now() + hangLimit, execute: item)
    return item
  }

  /// The lines a fresh session must run first to reproduce a case.
  static func replay(_ lines: ArraySlice<String>) -> String {
    lines.isEmpty
      ? "a fresh session"
      : "\(lines.count) lines: \(lines.map(\.debugDescription).joined(separator: "; "))"
  }

  /// What is wrong with `cell`, if anything.
  static func problem(with cell: Cell, input: String, stopped: Bool) -> String? {
    switch cell.outcome {
    case .success(let result):
      let printed = PlainTextRenderer.render(result)
      if let bad = nonFinite(in: printed, input: input) {
        return "\(input.debugDescription) printed \(bad): \(printed)"
      }
      // JSON prints a NaN as null; serialising checks only that it does not trap.
      let json = cell.json.serialized()
      if let bad = nonFinite(in: json, input: input) {
        return "\(input.debugDescription) gave \(bad) in JSON \(json)"
      }
      return nil
    case .failure(let diagnostic):
      let output = CaretRenderer.render(diagnostic)
      guard output.hasPrefix("error: ") else {
        return "\(input.debugDescription) failed without an error line: \(output)"
      }
      if stopped && diagnostic.message.hasPrefix("interrupted:") { return nil }
      guard diagnostic.span != nil, diagnostic.source != nil, output.contains("^") else {
        return "\(input.debugDescription) gave an error without a caret: \(output)"
      }
      // An error quotes names (`unknown name 'inf'`, a variable once called Inf), so
      // only answers are checked for NaN and infinity.
      return nil
    }
  }

  /// A NaN or infinity as it would be printed, if `text` has one that `input` did not
  /// have (an error may quote `inf` as an unknown name; a note may hold any word).
  static func nonFinite(in text: String, input: String) -> String? {
    func words(_ text: String) -> [String] {
      text.lowercased().split(whereSeparator: { !$0.isLetter }).map(String.init)
    }
    let typed = Set(words(input))
    if text.contains("∞"), !input.contains("∞") { return "∞" }
    return words(text).first { ["nan", "inf", "infinity"].contains($0) && !typed.contains($0) }
  }

  /// Fails the test with the problems found, a few at a time.
  func report(_ surface: String, sourceLocation: SourceLocation = #_sourceLocation) {
    for problem in problems.prefix(40) {
      Issue.record(Comment(rawValue: problem), sourceLocation: sourceLocation)
    }
    if problems.count > 40 {
      Issue.record("… and \(problems.count - 40) more", sourceLocation: sourceLocation)
    }
    if ProcessInfo.processInfo.environment["FLOWBOOK_FUZZ_TRACE"] != nil {
      for (word, cost) in costs.sorted(by: { $0.value.seconds > $1.value.seconds }).prefix(12) {
        print("fuzz cost: \(word) \(cost.cases) cases \(cost.seconds) s")
      }
    }
    print(
      "fuzz \(surface): \(cases) cases, 0 traps (\(answers) answers, \(errors) errors, "
        + "\(stopped) stopped after \(Self.stopAfter), \(problems.count) problems; slowest "
        + "\(slowest.0) for \(slowest.1.debugDescription))")
  }
}
