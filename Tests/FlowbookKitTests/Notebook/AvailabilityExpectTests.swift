import Testing

@testable import FlowbookKit

/// `expect` reads the availability analysis by its full metric names and by its bare name.
struct AvailabilityExpectTests {
  @Test(arguments: [
    ("expect availability.path >= 99.9%", "held: availability.path >= 99.9%"),
    ("expect availability >= 99.95%", "held: availability >= 99.95%"),
    ("expect availability >= 99.99%", "broken: availability >= 99.99%"),
    ("expect availability.downtime < 20 min", "held: availability.downtime < 20 min"),
    ("expect availability.unconfirmed == \"dns, lambda\"", "held: availability.unconfirmed"),
  ])
  func expectLinesReadTheAnalysis(line: String, output: String) {
    let session = ModelFixtures.session()
    let cell = session.execute(line)
    #expect(cell.plainOutput.hasPrefix(output), "\(cell.plainOutput)")
  }

  @Test func aMeasuredFigureMovesTheExpectation() {
    let session = ModelFixtures.session()
    #expect(session.execute("set cdn.availability = 99%").succeeded)
    let cell = session.execute("expect availability >= 99.95%")
    #expect(cell.plainOutput.hasPrefix("broken"), "\(cell.plainOutput)")
  }
}
