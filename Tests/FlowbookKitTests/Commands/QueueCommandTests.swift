import Testing

@testable import FlowbookKit

/// `queue` and `queue sqs` in a session.
@Suite struct QueueCommandTests {
  private func data(
    _ session: Session, _ line: String,
    sourceLocation: SourceLocation = #_sourceLocation
  ) -> JSONValue? {
    let cell = session.execute(line)
    guard case .success(let result) = cell.outcome else {
      Issue.record("\(line) failed: \(cell.plainOutput)", sourceLocation: sourceLocation)
      return nil
    }
    return result.data
  }

  private func number(_ value: JSONValue?, _ key: String) -> Double? {
    if case .number(let x)? = value?[key] { return x }
    return nil
  }

  @Test func sqsGivesPeakDepthAndDrainTimeAsNumbers() throws {
    let session = ModelFixtures.session()
    let golden = data(session, "queue sqs")
    #expect((number(golden, "peak_depth") ?? -1) > 0)
    #expect((number(golden, "drain_time_s") ?? -1) > 0)
    #expect(session.execute("load datasets/serverless-burst.yaml").succeeded)
    let burst = data(session, "queue sqs")
    let peak = try #require(number(burst, "peak_depth"))
    // API Gateway admits 8,000 msg/s of the 40,000 offered: tens of thousands wait, not
    // the million a 40,000 msg/s inflow would pile up.
    #expect(peak > 1e4 && peak < 1e5, "8,000 msg/s against a 12-batch start: \(peak)")
    let empty = try #require(number(burst, "empty_at_s"))
    let drain = try #require(number(burst, "drain_time_s"))
    let peakTime = try #require(number(burst, "peak_time_s"))
    #expect(abs(empty - peakTime - drain) < 1e-9)
  }

  @Test func sqsTableStartsAtTheBurstAndEndsEmpty() throws {
    let session = ModelFixtures.session()
    #expect(session.execute("load datasets/serverless-burst.yaml").succeeded)
    let cell = session.execute("queue sqs intake_queue step 5 s")
    guard case .success(let result) = cell.outcome, case .table(let table) = result.blocks[0]
    else {
      Issue.record("queue sqs failed: \(cell.plainOutput)")
      return
    }
    #expect(table.rows.first?[0].text == "t+0 s")
    #expect(table.rows.first?[4].number == 0)
    #expect(table.rows.last?[4].number == 0)
    #expect(table.rows.dropFirst().contains { ($0[4].number ?? 0) > 0 })
    #expect(table.notes.contains { $0.hasPrefix("empty at t+") })
  }

  @Test func sqsArgumentsOverrideTheWorkload() throws {
    let session = ModelFixtures.session()
    let never = data(
      session,
      "queue sqs dlq burst 100k msg/s for 1 min base 60k msg/s "
        + "processing 1 s concurrency 50")
    #expect(never?["never_drains"] == .bool(true))
    #expect(never?["drain_time_s"] == .null)
    let cell = session.execute("queue sqs burst 5 ms")
    #expect(cell.diagnostic?.message.contains("must be a rate") == true, "\(cell.plainOutput)")
    let unknown = session.execute("queue sqs dlqq")
    #expect(unknown.diagnostic != nil)
  }

  @Test func stationsShowErlangCAndB() throws {
    let session = ModelFixtures.session()
    #expect(session.execute("set lambda.reserved_concurrency = 500").succeeded)
    let output = session.execute("queue").plainOutput
    #expect(output.contains("unstable"), "\(output)")
    #expect(output.contains("lambda: 500 servers from lambda.reserved_concurrency"), "\(output)")
    let detail = session.execute("queue lambda at peak").plainOutput
    #expect(detail.contains("M/M/c/c, Erlang B"), "\(detail)")
    #expect(detail.contains("M/D/1, one server"), "\(detail)")
    let json = data(session, "queue lambda servers 2000 service 30 ms")
    #expect(number(json, "servers") == 2_000)
    #expect(number(json, "hold_s") == 0.03)
    #expect(json?["stable"] == .bool(true))
  }

  @Test func aQueueThatGetsNothingHasAnEmptyBurst() throws {
    let session = ModelFixtures.session()
    let cell = session.execute("sweep cdn.hit_rate from 90% to 100% steps 3 show queue.peak_depth")
    guard case .success(let result) = cell.outcome, case .table(let table) = result.blocks[0]
    else {
      Issue.record("sweep failed: \(cell.plainOutput)")
      return
    }
    let depths = table.rows.compactMap(\.[1].number)
    #expect(depths.count == 3 && depths.last == 0, "\(depths)")
    #expect(depths == depths.sorted(by: >), "fewer edge misses, fewer DLQ messages: \(depths)")
  }

  @Test func anOverloadedPoolSaysByHowMuch() {
    let session = ModelFixtures.session()
    #expect(session.execute("set lambda.reserved_concurrency = 300").succeeded)
    let output = session.execute("queue").plainOutput
    #expect(output.contains("lambda: unstable with a buffer, ×1.81"), "\(output)")
  }
}
