import Testing

@testable import FlowbookKit

/// `failover` in a session: timelines, the summary, and `set` moving the detection.
@Suite struct FailoverCommandTests {
  @Test func regionTimelineMovesWithTheHealthCheckInterval() {
    let session = ModelFixtures.session()
    let before = session.execute("failover region").plainOutput
    #expect(
      before.contains("t+86.5 s      Route 53 marks the endpoint unhealthy (mean)"),
      "\(before)")
    #expect(before.contains("RTO 1 min 57 s mean, 2 min 34 s worst; RPO 1 s"), "\(before)")
    #expect(session.execute("set dns.health_check_interval = 10 s").succeeded)
    let after = session.execute("failover region").plainOutput
    #expect(after.contains("t+31.5 s  Route 53 marks the endpoint unhealthy (mean)"), "\(after)")
    #expect(after.contains("from dns.health_check_interval = 10 s (set)"), "\(after)")
  }

  @Test func everyScenarioHasATimeline() {
    let session = ModelFixtures.session()
    for scenario in [
      "region share 50% writes 2k rps", "zone", "cache redis",
      "dependency dynamodb errors 60% for 2 min",
    ] {
      let cell = session.execute("failover " + scenario)
      guard case .success(let result) = cell.outcome else {
        Issue.record("failover \(scenario): \(cell.plainOutput)")
        continue
      }
      guard case .array(let events)? = result.data["events"] else {
        Issue.record("failover \(scenario) has no events")
        continue
      }
      #expect(events.count >= 2)
      #expect(cell.plainOutput.contains("t+0 s"))
    }
    let summary = session.execute("failover").plainOutput
    for name in ["region", "zone", "cache", "dependency"] {
      #expect(summary.contains("\n" + name), "\(summary)")
    }
  }

  @Test func mistakesAreNamed() {
    let session = ModelFixtures.session()
    let typo = session.execute("failover regoin")
    #expect(typo.diagnostic?.headline.contains("did you mean region") == true)
    let share = session.execute("failover region share 150%")
    #expect(share.diagnostic?.message.contains("from 0% to 100%") == true)
    #expect(session.execute("load datasets/serverless-burst.yaml").succeeded)
    let summary = session.execute("failover").plainOutput
    #expect(summary.contains("zone: model serverless-burst has no load balancer"), "\(summary)")
  }
}
