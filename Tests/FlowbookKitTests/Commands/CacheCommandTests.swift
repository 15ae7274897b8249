import Testing

@testable import FlowbookKit

/// `cache` in a session: the table, the comparison with the baseline, the subcommands and
/// their errors.
@Suite struct CacheCommandTests {
  private func table(
    _ session: Session, _ line: String,
    sourceLocation: SourceLocation = #_sourceLocation
  ) -> ResultTable? {
    let cell = session.execute(line)
    guard case .success(let result) = cell.outcome, case .table(let table)? = result.blocks.first
    else {
      Issue.record("\(line) failed: \(cell.plainOutput)", sourceLocation: sourceLocation)
      return nil
    }
    return table
  }

  @Test func theStormMultipliesTheOriginByEight() throws {
    let session = ModelFixtures.session()
    let calm = try #require(table(session, "cache"))
    #expect(!calm.columns.contains { $0.key == "vs_baseline" }, "no baseline column unchanged")
    #expect(session.execute("set cdn.hit_rate = 60%").succeeded)
    let cell = session.execute("cache")
    let output = cell.plainOutput
    #expect(
      output.contains("origin load ×8 the baseline's (5,525 rps → 44,200 rps)"),
      "\(output)")
    let origin = output.split(separator: "\n").first { $0.hasPrefix("origin ") } ?? ""
    #expect(origin.hasSuffix("×8"), "\(origin)")
    guard case .success(let result) = cell.outcome,
      case .number(let multiplier)? = result.data["origin_multiplier"]
    else {
      Issue.record("no origin_multiplier in \(cell.outcome)")
      return
    }
    #expect(abs(multiplier - 8) < 1e-9)
  }

  @Test func atPeakScalesEveryTier() throws {
    let session = ModelFixtures.session()
    let peak = try #require(table(session, "cache at peak"))
    let origin = peak.rows.first { $0[0].text == "origin" }?[2].number ?? 0
    #expect(abs(origin - 5_525 * 2.5e6 / 850_000) < 1e-6)
    #expect(peak.title?.contains("2.5M rps") == true)
  }

  @Test func subcommandsAnswerFromFirstPrinciples() throws {
    let session = ModelFixtures.session()
    let ttl = try #require(table(session, "cache ttl redis 5 min"))
    #expect(ttl.rows.count == 5)
    #expect(ttl.rows[2][0].number == 300)
    let lru = try #require(table(session, "cache lru 1.5M keys 40M zipf 1.088"))
    let hits = lru.rows.compactMap(\.[1].number)
    #expect(hits == hits.sorted(), "more memory, more hits: \(hits)")
    let size = try #require(table(session, "cache size for 90%"))
    #expect(size.rows.map(\.[0].text) == ["TTL", "LRU"])
    let flush = try #require(table(session, "cache flush redis within 5%"))
    #expect(flush.rows.first?[1].text == "0%")
    #expect(flush.notes.first?.contains("within 5%") == true)
  }

  struct ErrorCase: Sendable, CustomTestStringConvertible {
    var line: String
    var message: String
    var testDescription: String { line }
  }

  static let errors: [ErrorCase] = [
    ErrorCase(line: "cache ttl cdn", message: "cdn.keys is not set"),
    ErrorCase(line: "cache ttl redis 5 GB", message: "a TTL is a time"),
    ErrorCase(line: "cache lru redis 16 GB", message: "needs redis.item_size"),
    ErrorCase(line: "cache size for 120%", message: "between 0% and 100%"),
    ErrorCase(line: "cache at 5 ms", message: "must be a rate"),
    ErrorCase(line: "cache ttl redis zipf 1 s", message: "a plain number"),
  ]

  @Test(arguments: errors)
  func badArgumentsAreNamed(_ test: ErrorCase) {
    let cell = ModelFixtures.session().execute(test.line)
    #expect(cell.diagnostic?.message.contains(test.message) == true, "\(cell.plainOutput)")
  }

  @Test func sweepTabulatesTheOriginRate() throws {
    let session = ModelFixtures.session()
    let sweep = try #require(
      table(
        session, "sweep cdn.hit_rate from 95% to 50% steps 10 show cache.origin_rate"))
    let rates = sweep.rows.compactMap(\.[1].number)
    #expect(rates.count == 10)
    #expect(abs((rates.first ?? 0) - 5_525) < 1e-6)
    #expect(abs((rates.last ?? 0) - 55_250) < 1e-6)
  }
}
