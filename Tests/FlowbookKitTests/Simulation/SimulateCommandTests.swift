import Foundation
import Testing

@testable import FlowbookKit

/// The `simulate` command as the shell runs it: its output, its JSON, its mistakes, the
/// session state it leaves, and the `simulate` analysis that sweeps re-run.
@Suite struct SimulateCommandTests {
  private static func run(
    _ session: Session, _ line: String,
    sourceLocation: SourceLocation = #_sourceLocation
  ) -> CommandResult? {
    let cell = session.execute(line)
    guard case .success(let result) = cell.outcome else {
      Issue.record("\(line) failed:\n\(cell.plainOutput)", sourceLocation: sourceLocation)
      return nil
    }
    return result
  }

  /// The benchmark invocation's keys, with numbers near Erlang C's.
  @Test func mmcJSONHasTheScriptKeys() throws {
    let session = ModelFixtures.session()
    let result = try #require(
      Self.run(session, "simulate mmc arrival 9/s service 1/s servers 10 customers 200k seed 1"))
    for key in [
      "mean_wait_s", "p_wait", "p99_response_s", "customers", "events",
      "events_per_second",
    ] {
      guard case .number? = result.data[key] else {
        Issue.record("no number under \(key): \(result.data.serialized())")
        continue
      }
    }
    guard case .number(let wait)? = result.data["mean_wait_s"],
      case .number(let customers)? = result.data["customers"]
    else { return }
    #expect(abs(wait - 0.6687) / 0.6687 < 0.15, "mean wait \(wait)")
    #expect(customers == 200_000)
    #expect(!PlainTextRenderer.render(result).contains("per second"))
  }

  /// Same seed, same text, twice in a row (the notebook promise), and the text holds no
  /// wall-clock figure.
  @Test func sameSeedSameText() {
    let line = "simulate 20 s rate 20k rps spike 5x at 5 s for 5 s fault redis flush at 12 s seed 7"
    let first = ModelFixtures.session().execute(line).plainOutput
    let second = ModelFixtures.session().execute(line).plainOutput
    #expect(first == second)
    #expect(first.contains("spike 5x at 5 s for 5 s"))
    #expect(first.contains("p99.9"))
    #expect(first.contains("sent to DLQ"))
    #expect(first.contains("cost of the run: $"))
  }

  @Test func compareAddsTheAnalyticalRow() throws {
    let session = ModelFixtures.session()
    let output = session.execute("simulate 10 s rate 5k rps seed 3 --compare").plainOutput
    #expect(output.contains("analytical"), "\(output)")
    let result = try #require(Self.run(session, "simulate --compare 5 s rate 1k rps"))
    guard case .object? = result.data["analytical"] else {
      Issue.record("no analytical object")
      return
    }
  }

  @Test func lastRunIsKeptForShowSeriesAndReports() throws {
    let session = ModelFixtures.session()
    #expect(session.simulation.last == nil)
    _ = Self.run(session, "simulate 12 s rate 4k rps seed 2")
    let last = try #require(session.simulation.last)
    #expect(last.result.series.bucketCount == 12)
    #expect(session.workspace.current?.simulation?.seed == 2)
    let series = session.execute("show series every 3 s dynamodb").plainOutput
    #expect(series.contains("dynamodb calls"), "\(series)")
    #expect(series.split(separator: "\n").count == 3 + 4)
    let table = last.seriesTable(every: 1)
    #expect(table.columns.map(\.key).starts(with: ["t", "rate", "ok", "throttles", "errors"]))
  }

  @Test func replicationsReportIntervalsBesideTheAnalyticalAnswer() {
    let output = ModelFixtures.session().execute(
      "simulate 20 s rate 10k rps warmup 5 s replications 4 seed 1"
    ).plainOutput
    #expect(output.contains("4 replications"), "\(output)")
    #expect(output.contains("inside"))
    #expect(output.contains("p99"))
  }

  /// Sweeping a parameter re-runs the remembered scenario: the analysis is the mechanism.
  @Test func sweepRunsTheSimulateAnalysis() {
    let session = ModelFixtures.session()
    let before = session.execute(
      "sweep workload.rate from 1k rps to 2k rps steps 2 show simulate.ok")
    #expect(before.diagnostic?.message.contains("run simulate first") == true)
    _ = Self.run(session, "simulate 5 s rate 1k rps seed 4")
    let output = session.execute(
      "sweep lambda.reserved_concurrency from 1 to 50 steps 2 show simulate.throttled"
    ).plainOutput
    #expect(output.contains("simulate.throttled"), "\(output)")
    #expect(!session.execute("diff").plainOutput.contains("simulate."))
  }

  /// The series' time axis keeps one unit: seconds, or minutes when rows are whole
  /// minutes (never `250 s, 5 min, 350 s`).
  @Test func theSeriesTimeAxisKeepsOneUnit() {
    let session = ModelFixtures.session()
    _ = Self.run(session, "simulate 400 s rate 100 rps seed 2")
    let times = { (every: String) in
      session.execute("show series every \(every)").plainOutput.split(separator: "\n")
        .dropFirst(3).map { $0.split(separator: " ").prefix(2).joined(separator: " ") }
    }
    #expect(times("50 s") == (0..<8).map { "\($0 * 50) s" })
    #expect(times("1 min") == (0..<7).map { "\($0) min" })
  }

  /// A fault past the run's end is reported at the fault as typed.
  @Test func aMomentAfterTheEndIsPlacedWhereItWasTyped() throws {
    let line = "simulate 30 s fault redis flush at 50 s"
    let cell = ModelFixtures.session().execute(line)
    let diagnostic = try #require(cell.diagnostic)
    let span = try #require(diagnostic.span)
    #expect(diagnostic.message.contains("the run ends at 30 s"))
    #expect(span.start == line.distance(of: "redis"), "\(cell.plainOutput)")
  }

  /// Mistakes name the place and suggest the fix.
  @Test(
    arguments: [
      ("simulate 10 s rat 2k rps", "unknown simulate option 'rat'", "rate"),
      ("simulate 10 s fault redsi flush at 3 s", "no component named 'redsi'", "redis"),
      ("simulate 10 s fault dynamodb flush at 3 s", "only a cache or CDN", nil),
      ("simulate 10 s rate 20 ms", "must be a rate", nil),
      ("simulate 10 s spike 3x at 5 s", "expected 'for'", nil),
      ("simulate 10 s warmup 20 s", "leaves nothing of a 10 s run", nil),
      ("simulate 10 s spike 3x at 15 s for 1 s", "the spike at 15 s would never happen", nil),
      ("simulate 10 s fault lambda down at 10 s", "the fault at 10 s would never happen", nil),
      ("simulate step to 2k rps at 2 min", "the step at 2 min would never happen", nil),
      ("simulate 10 s --comapre", "unknown flag --comapre", nil),
      ("simulate mmc arrival 9/s service 1/s servers 5 customers 10k", "utilisation", nil),
      (
        "simulate 10 s shard \"/nonexistent/flowbook/0.shard\"",
        "there is no folder /nonexistent/flowbook", nil
      ),
      (
        "simulate mmc arrival 1/s service 2/s servers 1 customers 1k shard \"/nonexistent/0\"",
        "there is no folder /nonexistent", nil
      ),
    ] as [(String, String, String?)])
  func mistakesAreDiagnosed(_ line: String, _ message: String, _ suggestion: String?) {
    let cell = ModelFixtures.session().execute(line)
    let diagnostic = cell.diagnostic
    #expect(diagnostic?.message.contains(message) == true, "\(line): \(cell.plainOutput)")
    if let suggestion {
      #expect(diagnostic?.suggestions.contains(suggestion) == true, "\(cell.plainOutput)")
    }
  }
}

extension String {
  /// The offset of `part`'s first occurrence, in characters.
  fileprivate func distance(of part: String) -> Int? {
    range(of: part).map { distance(from: startIndex, to: $0.lowerBound) }
  }
}
