import Foundation
import Testing

@testable import FlowbookKit

/// Expects |actual − expected| ≤ tolerance, reporting at the caller's line.
func expectClose(
  _ actual: Double, _ expected: Double, within tolerance: Double,
  _ comment: Comment? = nil, sourceLocation: SourceLocation = #_sourceLocation
) {
  #expect(
    abs(actual - expected) <= tolerance,
    "\(actual) vs \(expected) (±\(tolerance)) \(comment?.description ?? "")",
    sourceLocation: sourceLocation)
}

/// Erlang B by its definition, A^c/c! / Σ A^k/k!, summed in log space: an independent check
/// of Jagerman's recursion that works for a million servers.
func erlangBDirect(servers c: Int, offeredLoad a: Double) -> Double {
  let logA = log(a)
  let logTop = Double(c) * logA - lgamma(Double(c) + 1)
  var logTerms: [Double] = []
  logTerms.reserveCapacity(c + 1)
  for k in 0...c { logTerms.append(Double(k) * logA - lgamma(Double(k) + 1)) }
  let peak = logTerms.max() ?? 0
  let sum = logTerms.reduce(0) { $0 + exp($1 - peak) }
  return exp(logTop - peak - log(sum))
}

@Suite struct ErlangBTests {
  struct TableCase: CustomTestStringConvertible, Sendable {
    var servers: Int
    var offeredLoad: Double
    var decimals: Int
    var testDescription: String { "c=\(servers) A=\(offeredLoad)" }
  }

  /// The 1 % grade-of-service column of the standard three-decimal Erlang B table: the
  /// offered erlangs c trunks carry at B = 0.01.
  ///
  /// c = 15 → 8.108 is the worked example of the erlang.com calculator manual ("How much
  /// traffic can a trunk group handle?"); the other entries are the commonly printed
  /// three-decimal values, and every one agrees with `collinsTable` to its one decimal.
  static let onePercentColumn: [TableCase] = [
    TableCase(servers: 1, offeredLoad: 0.0101, decimals: 4),
    TableCase(servers: 2, offeredLoad: 0.153, decimals: 3),
    TableCase(servers: 5, offeredLoad: 1.361, decimals: 3),
    TableCase(servers: 10, offeredLoad: 4.461, decimals: 3),
    TableCase(servers: 15, offeredLoad: 8.108, decimals: 3),
    TableCase(servers: 20, offeredLoad: 12.031, decimals: 3),
    TableCase(servers: 50, offeredLoad: 37.901, decimals: 3),
    TableCase(servers: 100, offeredLoad: 84.064, decimals: 3),
  ]

  struct CollinsRow: CustomTestStringConvertible, Sendable {
    var servers: Int
    var erlangs: [Double]
    var testDescription: String { "c=\(servers)" }
  }

  /// The grades of service (blocking) heading the columns of `collinsTable`.
  static let collinsGrades = [
    0.0001, 0.0005, 0.001, 0.002, 0.003, 0.004, 0.005, 0.006, 0.007, 0.008, 0.009, 0.01,
    0.02, 0.03, 0.04, 0.05,
  ]

  /// The printed Erlang B table of Collins, offered erlangs by channels and blocking.
  ///
  /// Daniel Collins, *Carrier Grade Voice Over IP* (2nd ed., McGraw-Hill, 2003), Appendix A,
  /// "Table of Erlang B" (https://www.globalspec.com/reference/55139/203279/
  /// appendix-a-table-of-erlang-b): offered erlangs by channels and blocking, one decimal.
  static let collinsTable: [CollinsRow] = [
    CollinsRow(servers: 1, erlangs: [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0.1]),
    CollinsRow(
      servers: 2,
      erlangs: [0, 0, 0, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.2, 0.2, 0.3, 0.3, 0.4]),
    CollinsRow(
      servers: 3,
      erlangs: [0.1, 0.2, 0.2, 0.2, 0.3, 0.3, 0.3, 0.4, 0.4, 0.4, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9]),
    CollinsRow(
      servers: 4,
      erlangs: [0.2, 0.4, 0.4, 0.5, 0.6, 0.7, 0.7, 0.7, 0.8, 0.8, 0.8, 0.9, 1.1, 1.3, 1.4, 1.5]),
    CollinsRow(
      servers: 5,
      erlangs: [0.5, 0.6, 0.8, 0.9, 1.0, 1.1, 1.1, 1.2, 1.2, 1.3, 1.3, 1.4, 1.7, 1.9, 2.1, 2.2]),
    CollinsRow(
      servers: 6,
      erlangs: [0.7, 1.0, 1.1, 1.3, 1.4, 1.5, 1.6, 1.7, 1.8, 1.8, 1.9, 1.9, 2.3, 2.5, 2.8, 3.0]),
    CollinsRow(
      servers: 7,
      erlangs: [1.1, 1.4, 1.6, 1.8, 1.9, 2.1, 2.2, 2.2, 2.3, 2.4, 2.4, 2.5, 2.9, 3.2, 3.5, 3.7]),
    CollinsRow(
      servers: 8,
      erlangs: [1.4, 1.8, 2.1, 2.3, 2.5, 2.6, 2.7, 2.8, 2.9, 3.0, 3.1, 3.1, 3.6, 4.0, 4.3, 4.5]),
    CollinsRow(
      servers: 9,
      erlangs: [1.8, 2.3, 2.6, 2.9, 3.1, 3.2, 3.3, 3.4, 3.5, 3.6, 3.7, 3.8, 4.3, 4.7, 5.1, 5.4]),
  ]

  @Test(arguments: collinsTable)
  func offeredLoadMatchesCollinsTable(_ row: CollinsRow) throws {
    for (grade, printed) in zip(Self.collinsGrades, row.erlangs) {
      let load = try Queueing.offeredLoad(servers: row.servers, blocking: grade)
      expectClose(load, printed, within: 0.05 + 1e-9, "B=\(grade)")
    }
  }

  @Test(arguments: onePercentColumn)
  func offeredLoadMatchesOnePercentTable(_ row: TableCase) throws {
    let load = try Queueing.offeredLoad(servers: row.servers, blocking: 0.01)
    let unit = pow(10, -Double(row.decimals))
    expectClose(load, row.offeredLoad, within: unit / 2 + 1e-12)
    expectClose(
      try Queueing.erlangB(servers: row.servers, offeredLoad: load), 0.01, within: 1e-12)
  }

  @Test(arguments: onePercentColumn)
  func sizingRoundTripsThroughTheTable(_ row: TableCase) throws {
    let exact = try Queueing.offeredLoad(servers: row.servers, blocking: 0.01)
    #expect(try Queueing.servers(forBlocking: 0.01, offeredLoad: exact * (1 - 1e-9)) == row.servers)
    #expect(
      try Queueing.servers(forBlocking: 0.01, offeredLoad: exact * (1 + 1e-6)) == row.servers + 1)
  }

  @Test func documentationExample() throws {
    expectClose(try Queueing.erlangB(servers: 10, offeredLoad: 5), 0.01838, within: 5e-6)
    let c = try Queueing.servers(forBlocking: 0.001, offeredLoad: 900)
    #expect(try Queueing.erlangB(servers: c, offeredLoad: 900) <= 0.001)
    #expect(try Queueing.erlangB(servers: c - 1, offeredLoad: 900) > 0.001)
  }

  @Test func pointValues() throws {
    // Erlang B table entry quoted in most texts: 10 trunks, 5 erlangs → 1.838 %.
    expectClose(try Queueing.erlangB(servers: 10, offeredLoad: 5), 0.018385, within: 5e-7)
    // Exact small cases: B(1, A) = A/(1+A); B(2, 1) = (1/2)/(1 + 1 + 1/2) = 0.2.
    expectClose(try Queueing.erlangB(servers: 1, offeredLoad: 1), 0.5, within: 1e-15)
    expectClose(try Queueing.erlangB(servers: 2, offeredLoad: 1), 0.2, within: 1e-15)
    #expect(try Queueing.erlangB(servers: 0, offeredLoad: 3) == 1)
    #expect(try Queueing.erlangB(servers: 5, offeredLoad: 0) == 0)
  }

  @Test(arguments: [0.5, 0.99, 1.0, 1.2])
  func millionServersStayFiniteAndMatchTheDefinition(loadPerServer: Double) throws {
    let c = 1_000_000
    let a = Double(c) * loadPerServer
    let b = try Queueing.erlangB(servers: c, offeredLoad: a)
    #expect(b.isFinite && b >= 0 && b <= 1)
    // lgamma(10⁶) ≈ 1.3e7 carries an absolute error near 1e-9, so the log-space definition
    // is only good to about 1e-8 relative here; the recursion is the more accurate of the two.
    let direct = erlangBDirect(servers: c, offeredLoad: a)
    #expect(abs(b - direct) <= 1e-7 * direct)
  }

  @Test func rejectsBadInput() {
    #expect(throws: AnalysisInputError.self) {
      try Queueing.erlangB(servers: 3, offeredLoad: .nan)
    }
    #expect(throws: AnalysisInputError.self) {
      try Queueing.erlangB(servers: -1, offeredLoad: 1)
    }
    #expect(throws: AnalysisInputError.self) {
      try Queueing.servers(forBlocking: 0, offeredLoad: 1)
    }
  }
}

@Suite struct ErlangCTests {
  struct PointCase: CustomTestStringConvertible, Sendable {
    var name: String
    var servers: Int
    var offeredLoad: Double
    var expected: Double
    var tolerance: Double
    var testDescription: String { name }
  }

  static let points: [PointCase] = [
    // M/M/1: C = ρ (Kleinrock 1975 §3.2).
    PointCase(
      name: "M/M/1 at ρ=0.7", servers: 1, offeredLoad: 0.7, expected: 0.7, tolerance: 1e-15),
    // M/M/2: C = A²/(2 + A) (Kleinrock 1975 §3.5 with c = 2); A = 1 gives 1/3.
    PointCase(
      name: "M/M/2 at A=1", servers: 2, offeredLoad: 1, expected: 1.0 / 3, tolerance: 1e-15),
    // Wolfram ErlangC documentation, application 2: two 1 Mbps lines, 150 packets/s of mean
    // 10 kbit → A = 1.5; exact value 1.5²/3.5 = 9/14.
    PointCase(
      name: "Wolfram two lines", servers: 2, offeredLoad: 1.5, expected: 9.0 / 14,
      tolerance: 1e-15),
    // Inputs of the widely reprinted "Erlang-C formula" worked example (360 calls per half
    // hour, 240 s, 55 agents → A = 48). 0.23870 is the value independent implementations
    // pin for it; the original page's printed figure was not re-read.
    PointCase(
      name: "call centre 48 erl, 55 agents", servers: 55, offeredLoad: 48,
      expected: 0.23870, tolerance: 5e-6),
    // Inputs of Wolfram's application 1 (30 calls/h, 5 min each → A = 2.5) at 6 agents;
    // 0.047445 is computed here from C = cB/(c − A + AB) by hand-checked recursion.
    PointCase(
      name: "Wolfram support desk, 6 agents", servers: 6, offeredLoad: 2.5,
      expected: 0.047445, tolerance: 5e-6),
  ]

  @Test(arguments: points)
  func publishedValues(_ point: PointCase) throws {
    let c = try Queueing.erlangC(servers: point.servers, offeredLoad: point.offeredLoad)
    expectClose(c, point.expected, within: point.tolerance)
  }

  @Test func callCentreWaitAndServiceLevel() throws {
    let outcome = try Queueing.mmc(arrivalRate: 360.0 / 1800, meanServiceTime: 240, servers: 55)
    let queue = try #require(outcome.stable)
    expectClose(queue.meanWait, 8.184, within: 5e-4)  // average speed of answer, s
    expectClose(1 - queue.probabilityWaitExceeds(15), 0.8459, within: 5e-5)
  }

  @Test func definitionAgreesForLargePools() throws {
    for (c, a) in [(10, 8.0), (200, 180.0), (100_000, 99_500.0)] {
      let b = erlangBDirect(servers: c, offeredLoad: a)
      let expected = Double(c) * b / (Double(c) - a + a * b)
      let got = try Queueing.erlangC(servers: c, offeredLoad: a)
      #expect(abs(got - expected) <= 1e-9 * expected, "c=\(c) A=\(a)")
    }
  }

  @Test func sizingForWaitProbability() throws {
    // Wolfram application 1 asks for P(no delay) ≥ 90 % at A = 2.5: C(5) = 0.130 > 0.1 and
    // C(6) = 0.047, so the smallest pool is 6.
    #expect(try Queueing.servers(forWaitProbability: 0.1, offeredLoad: 2.5) == 6)
    for (c, a) in [(7, 5.0), (55, 48.0), (1_200, 1_150.0)] {
      let target = try Queueing.erlangC(servers: c, offeredLoad: a)
      #expect(try Queueing.servers(forWaitProbability: target * (1 + 1e-9), offeredLoad: a) == c)
    }
  }

  @Test func overloadGivesOne() throws {
    #expect(try Queueing.erlangC(servers: 4, offeredLoad: 4) == 1)
    #expect(try Queueing.erlangC(servers: 4, offeredLoad: 9) == 1)
  }
}
