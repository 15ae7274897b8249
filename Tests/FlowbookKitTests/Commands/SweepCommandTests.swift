import Foundation
import Quantities
import Testing

@testable import FlowbookKit

/// `sweep`: undefined points print `-` and the sweep goes on, objective crossings are
/// interpolated and named, and `by` gives a two-way table with its grid as data.
@Suite struct SweepCommandTests {
  /// A cache in front of a throttled gateway: at a 100 % hit rate nothing limits the path,
  /// so `capacity.max_rate` is undefined there (the golden path's CDN quotas always apply).
  static let cachedModel = """
    flowbook: 1
    name: cached
    objective: p99 < 40 ms
    workload:
      rate: 20k rps
    components:
      front:
        kind: cache
        latency: {p50: 10 ms, p99: 30 ms}
        hit_rate: 90%
      api:
        kind: gateway
        latency: 3 ms
        rate_limit: 10k rps
      db:
        kind: database
        latency: {p50: 5 ms, p99: 12 ms}
    path:
      - front
      - branch:
          - {name: hit, p: front.hit_rate}
          - name: miss
            p: rest
            path: [api, db]
    """

  private func cachedSession() throws -> Session {
    let folder = try makeTemporaryDirectory("sweep")
    try writeFile(Self.cachedModel, to: folder + "/cached.yaml")
    let session = Session(
      environment: SessionEnvironment(workingDirectory: folder),
      workspace: .startingDefault(workingDirectory: ModelFixtures.packageRoot))
    let loaded = session.execute("load cached.yaml")
    #expect(loaded.succeeded, "\(loaded.plainOutput)")
    return session
  }

  private func tables(_ cell: Cell, sourceLocation: SourceLocation = #_sourceLocation)
    -> [ResultTable]
  {
    guard case .success(let result) = cell.outcome else {
      Issue.record("failed: \(cell.plainOutput)", sourceLocation: sourceLocation)
      return []
    }
    return result.blocks.compactMap { block in
      if case .table(let table) = block { return table }
      return nil
    }
  }

  @Test func theIssuesSweepCompletesOnTheGoldenPath() throws {
    let session = ModelFixtures.session()
    let cell = session.execute(
      "sweep cdn.hit_rate from 80% to 100% steps 11 show latency.p99, capacity.max_rate")
    let table = try #require(tables(cell).first)
    #expect(table.rows.count == 11)
    #expect(table.rows.last?[0].text == "100%")
  }

  @Test func anUndefinedPointPrintsADashAndTheSweepGoesOn() throws {
    let session = try cachedSession()
    let cell = session.execute(
      "sweep front.hit_rate from 80% to 100% steps 11 show latency.p99, capacity.max_rate")
    let table = try #require(tables(cell).first)
    #expect(table.rows.count == 11)
    let last = try #require(table.rows.last)
    #expect(last[0].text == "100%")
    #expect(last[1].number != nil, "latency is defined at 100%")
    #expect(last[2].text == "-", "max_rate is undefined at 100%: \(last)")
    #expect(table.rows.dropLast().allSatisfy { $0[2].number != nil })
    #expect(
      table.notes.contains {
        $0.hasPrefix("capacity.max_rate is undefined (-) at front.hit_rate = 100%:")
          && $0.contains("no limit applies")
      }, "\(table.notes)")
  }

  @Test func aSweepWhereNothingIsDefinedIsAnError() {
    let session = ModelFixtures.session()
    let cell = session.execute("sweep cdn.hit_rate from 80% to 90% steps 3 show simulate.ok")
    #expect(cell.diagnostic?.message.contains("no simulation to re-run") == true)
    #expect(cell.diagnostic?.notes.first == "at cdn.hit_rate = 80%")
  }

  @Test func theObjectiveCrossingIsInterpolatedBetweenTheTwoPointsAroundIt() throws {
    let session = ModelFixtures.session()
    let cell = session.execute("sweep cdn.hit_rate from 60% to 95% steps 8 show latency.p99")
    let table = try #require(tables(cell).first)
    let values = table.rows.map { ($0[0].number ?? .nan, $0[1].number ?? .nan) }
    // The objective is p99 < 100 ms: find the pair around it and interpolate by hand.
    let index = try #require(
      values.indices.dropLast().first { values[$0].1 >= 0.1 && values[$0 + 1].1 < 0.1 })
    let (x0, y0) = values[index]
    let (x1, y1) = values[index + 1]
    let expected = x0 + (x1 - x0) * (0.1 - y0) / (y1 - y0)
    let shown = Quantity(exactly: expected, display: .percent)
    let note = try #require(table.notes.first { $0.contains("crosses its objective") })
    #expect(
      note
        == "latency.p99 crosses its objective (p99 < 100 ms) at cdn.hit_rate ≈ "
        + "\(DiffCommand.format(shown)), interpolated between \(table.rows[index][0].text) "
        + "(missed) and \(table.rows[index + 1][0].text) (met)")
  }

  @Test func aMetricThatNeverCrossesSaysSo() throws {
    let session = ModelFixtures.session()
    let cell = session.execute("sweep cdn.hit_rate from 90% to 99% steps 4 show p99")
    let table = try #require(tables(cell).first)
    #expect(table.notes == ["p99 meets its objective (p99 < 100 ms) at every point"])
  }

  @Test func maxRateCrossesTheWorkloadRateWhereTheThrottleBinds() throws {
    let session = try cachedSession()
    // 10k rps of throttle at 10 % misses: the path sustains 100k rps.
    let cell = session.execute(
      "sweep workload.rate from 50k rps to 150k rps steps 3 show capacity.max_rate")
    let table = try #require(tables(cell).first)
    #expect(
      table.notes == [
        "capacity.max_rate crosses its objective (at least workload.rate) at workload.rate ≈ "
          + "100,000 rps, interpolated between 100,000 rps (met) and 150,000 rps (missed)"
      ])
  }

  @Test func twoWaySweepsGiveATableAndAGridPerMetric() throws {
    let session = try cachedSession()
    let cell = session.execute(
      "sweep front.hit_rate from 80% to 100% steps 5 by workload.rate from 50k rps to "
        + "150k rps steps 3 show capacity.max_rate, capacity.first_limit")
    let found = tables(cell)
    #expect(found.count == 2)
    let table = try #require(found.first)
    #expect(
      table.columns.map(\.title) == ["front.hit_rate", "50,000 rps", "100,000 rps", "150,000 rps"])
    #expect(table.rows.map(\.[0].text) == ["80%", "85%", "90%", "95%", "100%"])
    #expect(table.rows[2].map(\.text) == ["90%", "100,000 rps", "100,000 rps", "100,000 rps"])
    #expect(table.rows[4].dropFirst().allSatisfy { $0.text == "-" })
    #expect(
      table.notes.contains(
        "capacity.max_rate meets its objective (at least workload.rate) at 7 of 12 defined points"),
      "\(table.notes)")
    #expect(
      table.notes.contains { $0.hasPrefix("at front.hit_rate = 80%: capacity.max_rate crosses") })
    guard case .success(let result) = cell.outcome, case .array(let grids)? = result.data["grids"]
    else {
      Issue.record("no grids in \(cell.json.serialized())")
      return
    }
    let grid = try #require(SweepGrid(json: grids[0]))
    #expect(grid.metric == "capacity.max_rate")
    #expect(grid.rows.address == "front.hit_rate")
    #expect(grid.columns.values == [50_000, 100_000, 150_000])
    #expect(grid.numbers[2].allSatisfy { abs(($0 ?? 0) - 100_000) < 1e-6 }, "\(grid.numbers)")
    #expect(grid.numbers[4] == [nil, nil, nil])
    #expect(grid.objective == "at least workload.rate")
    #expect(SweepGrid(json: grid.json) == grid, "the grid survives its JSON")
    let names = try #require(SweepGrid(json: grids[1]))
    #expect(names.cells[0][0] == "apigateway.throttle")
    #expect(names.numbers[0][0] == nil)
  }

  @Test func twoWaySweepsAreBoundedAndNeedTwoParameters() {
    let session = ModelFixtures.session()
    let big = session.execute(
      "sweep cdn.hit_rate from 80% to 90% steps 60 by workload.rate from 1k rps to 2k rps "
        + "steps 50 show p99")
    #expect(
      big.diagnostic?.message
        == "a two-way sweep has at most 2,500 points (steps × steps), not 60 × 50 = 3,000")
    let twice = session.execute(
      "sweep cdn.hit_rate from 80% to 90% by cdn.hit_rate from 80% to 90% show p99")
    #expect(twice.diagnostic?.message.contains("named twice") == true)
  }

  @Test func endsThatTheParameterCannotTakeAreRefusedWithTheirPlace() {
    let session = ModelFixtures.session()
    let cell = session.execute("sweep cdn.hit_rate from 80% to 120% steps 3 show p99")
    let diagnostic = cell.diagnostic
    #expect(diagnostic != nil)
    let span = diagnostic?.span
    #expect(
      span.map { String(cell.input.utf8.dropFirst($0.start).prefix($0.end - $0.start)) } == "120%")
  }

  @Test func gridJSONWithTheWrongShapeIsRefused() {
    #expect(SweepGrid(json: .object([("metric", .string("p99"))])) == nil)
    let axis = JSONValue.object([
      ("address", .string("a")), ("values", .array([.number(1)])),
      ("labels", .array([.string("1")])),
    ])
    let ragged = JSONValue.object([
      ("metric", .string("p99")), ("rows", axis), ("columns", axis),
      ("numbers", .array([.array([.number(1), .number(2)])])),
      ("cells", .array([.array([.string("1")])])),
    ])
    #expect(SweepGrid(json: ragged) == nil)
  }
}
