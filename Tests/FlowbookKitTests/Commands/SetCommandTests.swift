import Testing

@testable import FlowbookKit

/// A `set` that must fail: the line, where the caret goes, and what the message says.
struct BadSetCase: CustomTestStringConvertible, Sendable {
  var line: String
  /// The text the caret must start under (its first occurrence in `line`).
  var caretAt: String
  var message: String
  var testDescription: String { line }
}

@Suite struct SetCommandTests {
  static let badSets: [BadSetCase] = [
    BadSetCase(
      line: "set cdn.hit_rate = 80 ms", caretAt: "80 ms",
      message: "cdn.hit_rate must be a fraction (0–100%), not a time (80 ms)"),
    BadSetCase(
      line: "set cdn.hit_rate = 120%", caretAt: "120%",
      message: "cdn.hit_rate must be between 0% and 100%, not 120%"),
    BadSetCase(
      line: "set cdn.hit_rat = 80%", caretAt: "cdn.hit_rat",
      message: "cdn (cdn) has no parameter 'hit_rat'; did you mean cdn.hit_rate?"),
    BadSetCase(
      line: "set cnd.hit_rate = 80%", caretAt: "cnd",
      message: "no component named 'cnd' in model golden-path; did you mean cdn.hit_rate"),
    BadSetCase(
      line: "set lambda.memory = 30 ms", caretAt: "30 ms",
      message: "lambda.memory must be a data size, not a time (30 ms)"),
    BadSetCase(
      line: "set dynamodb.latency = -2 ms", caretAt: "-2 ms",
      message: "cannot be negative"),
    BadSetCase(
      line: "set dynamodb.latency.p99 = 3 ms", caretAt: "3 ms",
      message: "a lognormal's p99 (3 ms) must be above its p50 (5 ms)"),
    BadSetCase(
      line: "set dynamodb.latency.p98 = 30 ms", caretAt: "dynamodb",
      message: "which has no field 'p98'; did you mean p99?"),
    BadSetCase(
      line: "set dynamodb.parallel_queries = 2.5", caretAt: "2.5",
      message: "a fan-out count must be a whole number from 1 to 10,000"),
    BadSetCase(
      line: "set dynamodb.latency = lognormal(5 ms, 2%)", caretAt: "2%",
      message: "lognormal() takes times, not a count"),
    BadSetCase(line: "set cdn.hit_rate 80%", caretAt: "80%", message: "expected '=' after"),
    BadSetCase(
      line: "set cdn = 80%", caretAt: "cdn",
      message: "'cdn' is not a parameter address"),
    BadSetCase(
      line: "set cdn.hit_rate = cdn.hitrate", caretAt: "cdn.hitrate",
      message: "unknown name 'cdn.hitrate'; did you mean cdn.hit_rate?"),
  ]

  @Test(arguments: badSets)
  func badSetIsRefusedWithACaret(_ bad: BadSetCase) throws {
    let session = ModelFixtures.session()
    let before = session.workspace.current
    let cell = session.execute(bad.line)
    let diagnostic = try #require(cell.diagnostic, "\(bad.line) should fail")
    #expect(diagnostic.headline.contains(bad.message), "\(diagnostic.headline)")
    let expected = try #require(bad.line.range(of: bad.caretAt))
    let column = bad.line.distance(from: bad.line.startIndex, to: expected.lowerBound) + 1
    let place = try #require(
      diagnostic.span.flatMap { span in
        diagnostic.source?.location(ofByte: span.start)
      })
    #expect(place.column == column, "caret at \(place.column), wanted \(column)")
    #expect(session.workspace.current == before, "a refused set must not change the model")
  }

  @Test func lowerCDNHitRateRaisesTheTail() throws {
    let session = ModelFixtures.session()
    let before = try p99(session.execute("latency"))
    #expect(session.execute("set cdn.hit_rate = 50%").succeeded)
    let after = try p99(session.execute("latency"))
    // 45 % more requests go to the origin, whose p99 is over 100 ms: the end-to-end p99
    // must rise well beyond the hit path's.
    #expect(after > before + 15, "p99 \(before) ms → \(after) ms")
    #expect(session.execute("reset").succeeded)
    #expect(abs(try p99(session.execute("latency")) - before) < 1e-9)
  }

  @Test func setReroutesBranchesThatNameTheParameter() throws {
    let session = ModelFixtures.session()
    #expect(session.execute("set cdn.hit_rate = 60%").succeeded)
    let model = try #require(session.workspace.current)
    let routes = try model.routes()
    #expect(abs(routes[0].share - 0.6) < 1e-12)
    #expect(abs(routes[1].share - 0.4 * 0.6 * 0.85) < 1e-12)
  }

  @Test func parametersAreNamesInExpressions() throws {
    let session = ModelFixtures.session()
    let cell = session.execute("workload.peak * 45 ms")
    #expect(cell.plainOutput == "112,500")
    #expect(session.execute("set lambda.idle_lifetime = lambda.idle_lifetime / 2").succeeded)
    #expect(session.execute("lambda.idle_lifetime").plainOutput == "150 s")
    // The retired coin toss says what replaced it.
    let retired = session.execute("set lambda.cold_start_rate = 1%")
    #expect(retired.diagnostic?.headline.contains("environment_lifetime") == true)
  }

  @Test func resetOneParameter() throws {
    let session = ModelFixtures.session()
    #expect(session.execute("set cdn.hit_rate = 50%").succeeded)
    #expect(session.execute("set redis.hit_rate = 50%").succeeded)
    #expect(session.execute("reset cdn.hit_rate").succeeded)
    let model = try #require(session.workspace.current)
    let cdn = try #require(ParameterAddress("cdn.hit_rate"))
    let redis = try #require(ParameterAddress("redis.hit_rate"))
    #expect(abs(try model.quantity(at: cdn).value - 0.95) < 1e-12)
    #expect(abs(try model.quantity(at: redis).value - 0.5) < 1e-12)
  }

  @Test func loadFindsDatasetsByNameAndReportsBadFiles() throws {
    let session = ModelFixtures.session()
    let loaded = session.execute("load serverless-burst")
    #expect(loaded.succeeded, "\(loaded.plainOutput)")
    #expect(session.workspace.current?.name == "serverless-burst")
    let missing = session.execute("load no-such-model")
    #expect(missing.diagnostic?.message.contains("no model file 'no-such-model'") == true)
    #expect(session.workspace.current?.name == "serverless-burst")
  }

  @Test func withoutDatasetsModelCommandsSaySo() throws {
    let session = Session(environment: SessionEnvironment(workingDirectory: "/"))
    session.workspace = .startingDefault(
      workingDirectory: "/", environment: ["FLOWBOOK_DATASETS": "/no/such/datasets"])
    #expect(session.workspace.current == nil)
    #expect(session.execute("2 ms * 3").plainOutput == "6 ms")
    let cell = session.execute("latency")
    #expect(cell.diagnostic?.message.hasPrefix("no model is loaded") == true)
  }

  private func p99(_ cell: Cell) throws -> Double {
    guard case .success(let result) = cell.outcome, case .number(let value)? = result.data["p99_ms"]
    else {
      throw Diagnostic("no p99_ms in \(cell.plainOutput)")
    }
    return value
  }
}
