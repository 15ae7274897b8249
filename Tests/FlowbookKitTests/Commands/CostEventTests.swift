import Foundation
import Testing

@testable import FlowbookKit

/// `cost at peak` and `cost for DURATION at RATE`: the cost of an event, not of a month.
@Suite("cost: events")
struct CostEventTests {
  /// `cost for 1 h at 2.5M rps`: the event's usage at the blended rates of the month it
  /// falls in; its variable dollars are its requests at the month's $ per request.
  @Test func costOfAnHourAtThePeak() throws {
    let session = ModelFixtures.session()
    let cell = session.execute("cost for 1 h at 2.5M rps")
    let data = CostCommandTests.data(cell)
    #expect(CostCommandTests.number(data["requests"]) == 9e9, "\(cell.plainOutput)")
    let variable = try #require(CostCommandTests.number(data["variable"]))
    let month = try CostAnalysis.event(
      session.workspace.requireModel(), rate: 2.5e6, duration: 3_600,
      prices: PricingTestData.prices())
    #expect(abs(month.variable - variable) < 1e-6)
    // A month of 729 h at 850,000 rps plus the event prices the event near the month's
    // blended $/request: within 2 % of cost.per_million. (API Gateway admits a smaller
    // share of 2.5M rps than of 850,000 rps, so the event's requests reach fewer priced
    // hops behind it: 1.1 % apart on the golden path.)
    let perMillion = try #require(
      CostCommandTests.number(
        CostCommandTests.data(session.execute("cost"))["variable_per_million"]))
    expectRelative(variable / 9e3, perMillion, 0.02, "$ per 1M requests of the event")
    #expect(cell.plainOutput.contains("cost of an event: golden-path at 2,500,000 rps for 1 h"))
    let peak = session.execute("cost at peak")
    #expect(CostCommandTests.data(peak)["total"] == data["total"], "\(peak.plainOutput)")
  }

  @Test(arguments: [
    ("cost for 1 h at 5 ms", "the event's rate must be a rate"),
    ("cost for 2 month at 1 rps", "at most a month"),
    ("cost at 2.5M rps", "say how long the event lasts"),
    ("cost for 1 h at 0 rps", "above 0 rps"),
    ("cost for 1e-300 s at 1 rps", "at least 1 ms"),
    ("cost for 1 h at 1e300 rps", "must be a finite number"),
  ])
  func eventMistakesAreErrors(input: String, message: String) {
    let cell = ModelFixtures.session().execute(input)
    #expect(cell.diagnostic?.message.contains(message) == true, "\(cell.plainOutput)")
  }

  /// Dollars too small for the three-digit rounding's scale print without trapping (a
  /// one-nanosecond event once crashed the table).
  @Test func tinyDollarsPrint() {
    #expect(TimeFormat.rounded(1e-310) == 1e-310)
    #expect(CostFormat.dollars(1e-310).hasPrefix("$1e-310"))
    #expect(ModelFixtures.session().execute("cost for 1 ms at 1 rps").succeeded)
  }
}
