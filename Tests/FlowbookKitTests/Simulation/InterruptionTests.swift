import Foundation
import Testing

@testable import FlowbookKit

/// Ctrl-C's library side: a requested stop ends the long loops cleanly, leaves the
/// session as it was and keeps the stopped command out of the notebook.
@Suite struct InterruptionTests {
  /// A session on the golden path whose interruption has already been requested.
  private static func interruptedSession() -> (Session, Interruption) {
    let session = ModelFixtures.session()
    let interruption = Interruption()
    session.environment.interruption = interruption
    interruption.request()
    return (session, interruption)
  }

  @Test(arguments: [
    ("simulate 600 s rate 20k rps seed 3", "interrupted: simulate stopped at "),
    (
      "simulate 600 s rate 20k rps replications 4 seed 3",
      "interrupted: simulate's replications stopped at 0%"
    ),
    (
      "simulate mmc arrival 9/s service 1/s servers 10 customers 100M seed 1",
      "interrupted: simulate stopped"
    ),
    (
      "simulate mmc arrival 9/s service 1/s servers 10 customers 100M replications 4 seed 1",
      "interrupted: simulate stopped"
    ),
    // A stop before they start keeps queued replications from starting at all (each used
    // to run 2^16 events before looking: 1,000 of them ignored Ctrl-C for seconds).
    (
      "simulate mmc arrival 9/s service 1/s servers 10 customers 10M replications 1000 seed 1",
      "interrupted: simulate stopped"
    ),
    ("sweep cdn.hit_rate from 50% to 100% steps 50 show latency.p99", "interrupted: sweep"),
    ("diff", "interrupted: diff"),
  ])
  func aRequestedStopEndsTheCommand(_ command: String, _ message: String) {
    let (session, _) = Self.interruptedSession()
    let started = ContinuousClock.now
    let cell = session.execute(command)
    #expect(cell.diagnostic?.message.hasPrefix(message) == true, "\(cell.plainOutput)")
    #expect(ContinuousClock.now - started < .seconds(2), "the stop came late")
    #expect(session.cells.isEmpty, "an interrupted command is not recorded")
  }

  @Test func theSessionIsAsBeforeAndRunsOnAfterClear() throws {
    let (session, interruption) = Self.interruptedSession()
    interruption.clear()
    session.execute("simulate 2 s rate 1k rps seed 1")
    let before = try #require(session.simulation.last)
    interruption.request()
    session.execute("simulate 600 s rate 20k rps seed 2")
    #expect(session.simulation.last?.result.scenario.seed == before.result.scenario.seed)
    interruption.clear()
    let cell = session.execute("simulate 2 s rate 1k rps seed 5")
    #expect(cell.succeeded)
    #expect(session.cells.count == 2)
    #expect(session.simulation.last?.result.scenario.seed == 5)
  }

  @Test func withoutARequestNothingChanges() {
    let session = ModelFixtures.session()
    let plain = session.execute("simulate 2 s rate 1k rps seed 4").plainOutput
    let watched = ModelFixtures.session()
    watched.environment.interruption = Interruption()
    #expect(watched.execute("simulate 2 s rate 1k rps seed 4").plainOutput == plain)
  }
}
