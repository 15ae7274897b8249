import Foundation
import Testing

@testable import FlowbookKit

/// Output that says what was typed: bits, percentages kept as typed, `set` echoing the
/// unit typed, `diff` in percentage points; and the state commands that used to disagree
/// with themselves (`reset`, `diff` of a reordered list, `failover cache`, quoted `load`).
@Suite struct EchoAndStateTests {
  private func output(_ line: String, in session: Session = ModelFixtures.session()) -> String {
    let cell = session.execute(line)
    #expect(cell.succeeded, "\(line): \(cell.plainOutput)")
    return cell.plainOutput
  }

  @Test(arguments: [
    ("10 Gbps -> GB/s", "1.25 GB/s"),
    ("150 Gbps -> GB/s", "18.75 GB/s"),
    ("1 Gbit -> MB", "125 MB"),
    ("8 bit -> B", "1 B"),
    ("1 GB/s -> Gbps", "8 Gbps"),
    ("100 Mbps * 1 s -> MB", "12.5 MB"),
    ("1 kbps -> bps", "1,000 bps"),
    ("99.9999999%", "99.9999999%"),
  ])
  func unitsPrintAsExpected(_ line: String, _ expected: String) {
    #expect(output(line) == expected)
  }

  @Test func setEchoesTheUnitTyped() {
    let session = ModelFixtures.session()
    #expect(output("set ecs.price = $0.04937/h", in: session) == "ecs.price = $0.04937/h")
    #expect(
      output("set ecs.price = $0.06/h", in: session)
        == "ecs.price = $0.06/h  (was $0.04937/h)")
    #expect(
      output("set dynamodb.latency.p99 = 30 ms", in: session)
        == "dynamodb.latency.p99 = 30 ms  (was 12 ms)")
    #expect(output("set cdn.hit_rate = 80%", in: session) == "cdn.hit_rate = 80%  (was 95%)")
    // The model holds the same figure whatever unit echoed it.
    #expect(output("ecs.price -> $/month", in: session) == "$43.80/month")
  }

  @Test func diffShowsPercentagePointsForPercentages() throws {
    let session = ModelFixtures.session()
    _ = output("set cdn.hit_rate = 80%", in: session)
    let cell = session.execute("diff")
    guard case .success(let result) = cell.outcome, case .table(let table) = result.blocks[0]
    else {
      Issue.record("diff failed: \(cell.plainOutput)")
      return
    }
    let row = try #require(table.rows.first { $0[0].text == "cache.hit_ratio" })
    #expect(row[3].text.hasSuffix(" pp"), "\(row.map(\.text))")
    #expect(row[3].text == "-1.95 pp")
    let time = try #require(table.rows.first { $0[0].text == "latency.p99" })
    #expect(time[3].text.hasSuffix(" ms"))
  }

  @Test func resetUnsetsAParameterTheModelLeftAtItsDefault() {
    let session = ModelFixtures.session()
    _ = output("set lambda.provisioned_concurrency = 5", in: session)
    #expect(
      output("reset lambda.provisioned_concurrency", in: session)
        == "lambda.provisioned_concurrency unset (the loaded model leaves it at its default)")
    #expect(session.workspace.current == session.workspace.baseline)
  }

  @Test func resetCountsEachParameterOnce() {
    let session = ModelFixtures.session()
    _ = output("set dynamodb.latency.p99 = 30 ms", in: session)
    #expect(
      output("reset", in: session) == "model reset to golden-path as loaded (1 parameter restored)")
    _ = output("set cdn.hit_rate = 60%", in: session)
    _ = output("set dynamodb.latency.p99 = 30 ms", in: session)
    #expect(
      output("reset", in: session)
        == "model reset to golden-path as loaded (2 parameters restored)")
  }

  @Test func aListInAnotherOrderIsNotAChange() {
    let session = ModelFixtures.session()
    _ = output(#"set cdn.geography = "india 25%, us 40%, europe 35%""#, in: session)
    let text = output("diff", in: session)
    #expect(text.contains("no parameters changed"), "\(text)")
    let verdicts = text.split(separator: "\n").filter { !$0.hasPrefix("no parameters") }
    #expect(!verdicts.contains { $0.contains(" changed ") }, "\(text)")
    #expect(DiffCommand.sameItems("a, b, c", "c, a, b"))
    #expect(!DiffCommand.sameItems("a, b", "a, c"))
    #expect(!DiffCommand.sameItems("a", "a"), "one item is no list")
  }

  @Test func failoverCacheSaysWhatIsLostWithoutContradictingItself() {
    let text = output("failover cache")
    #expect(text.contains("RPO none for data of record"))
    #expect(!text.contains("no acknowledged data lost"))
    #expect(!text.contains("may be lost"), "\(text)")
  }

  @Test func loadTakesAQuotedPathLikeEveryFileCommand() throws {
    let folder = try makeTemporaryDirectory("load-quoted")
    try FileManager.default.createDirectory(
      atPath: folder + "/my models", withIntermediateDirectories: true)
    try writeFile(SweepCommandTests.cachedModel, to: folder + "/my models/cached.yaml")
    let session = Session(
      environment: SessionEnvironment(workingDirectory: folder),
      workspace: .startingDefault(workingDirectory: ModelFixtures.packageRoot))
    #expect(output(#"load "my models/cached.yaml""#, in: session).hasPrefix("loaded cached"))
    #expect(output(#"load "serverless-burst""#, in: session).hasPrefix("loaded serverless-burst"))
    let two = session.execute("load a.yaml b.yaml")
    #expect(two.diagnostic?.message.contains("expected one file name") == true)
  }
}
