import Testing

@testable import FlowbookKit

/// `expect` reads the availability analysis by its full metric names and by its bare name.
struct AvailabilityExpectTests {
  @Test(arguments: [
    // The golden path composes to 99.8885 %: 48.9 min of a 730-hour month.
    ("expect availability.path >= 99.88%", "held: availability.path >= 99.88%"),
    ("expect availability >= 99.95%", "broken: availability >= 99.95%"),
    ("expect availability < 99.9%", "held: availability < 99.9%"),
    ("expect availability.downtime < 50 min", "held: availability.downtime < 50 min"),
    ("expect availability.unconfirmed == \"dns, lambda\"", "held: availability.unconfirmed"),
  ])
  func expectLinesReadTheAnalysis(line: String, output: String) {
    let session = ModelFixtures.session()
    let cell = session.execute(line)
    #expect(cell.plainOutput.hasPrefix(output), "\(cell.plainOutput)")
  }

  @Test func aMeasuredFigureMovesTheExpectation() {
    let session = ModelFixtures.session()
    #expect(session.execute("set cdn.availability = 99.99%").succeeded)
    #expect(session.execute("set lambda.availability = 99.99%").succeeded)
    let cell = session.execute("expect availability >= 99.95%")
    #expect(cell.plainOutput.hasPrefix("held"), "\(cell.plainOutput)")
  }
}
