import Foundation
import Testing

@testable import FlowbookKit

/// The month's error budget: one objective for `availability`, `failover` and `simulate`,
/// and the share of it a failure burns, against hand arithmetic.
@Suite struct ErrorBudgetTests {
  /// The golden path's region loss: 6.47M failed requests at 850,000 rps against 99.9 % of
  /// a 730-hour month, 0.001 × 850,000 × 2,628,000 = 2.2338 × 10⁹ allowed: 0.29 %.
  @Test func aRegionLossBurnsWhatTheArithmeticSays() throws {
    let session = ModelFixtures.session()
    let model = try session.workspace.requireModel()
    let budget = ErrorBudget.of(model)
    #expect(budget.objective == 0.999)
    #expect(budget.source.hasPrefix("assumed"))
    #expect(abs(budget.allowedRequests(rate: 850_000) - 2.2338e9) < 1e3)
    let report = try FailoverAnalysis.report(.region, model)
    let burn = try #require(budget.burn(failed: report.timeline.failedRequests, rate: 850_000))
    #expect(abs(burn - report.timeline.failedRequests / 2.2338e9) < 1e-12)
    guard case .success(let result) = session.execute("failover region").outcome,
      case .number(let printed)? = result.data["error_budget_burn"]
    else {
      Issue.record("failover region gave no error_budget_burn")
      return
    }
    #expect(printed == burn)
    // A zone's or a dependency's failures are clients' requests too: counted on
    // workload.rate, not on the traffic of the component that failed.
    let zone = try FailoverAnalysis.report(.zone, model)
    #expect(zone.rate < 850_000)
    guard case .success(let zoneResult) = session.execute("failover zone").outcome,
      case .number(let zoneBurn)? = zoneResult.data["error_budget_burn"]
    else {
      Issue.record("failover zone gave no error_budget_burn")
      return
    }
    #expect(abs(zoneBurn - zone.timeline.failedRequests / 2.2338e9) < 1e-9)
    let text = session.execute("failover region").plainOutput
    #expect(text.contains("failed requests burn 0.29% of a month's 2.23B at 99.9%"), "\(text)")
  }

  /// The command's objective wins over the model's, which wins over 99.9 %.
  @Test func theObjectiveComesFromTheCommandThenTheModel() throws {
    let session = ModelFixtures.session()
    #expect(session.execute("set workload.availability_objective = 99.95%").succeeded)
    let model = try session.workspace.requireModel()
    #expect(ErrorBudget.of(model).objective == 0.9995)
    #expect(ErrorBudget.of(model).source.hasPrefix("model"))
    #expect(ErrorBudget.of(model, objective: 0.99).objective == 0.99)
    let availability = session.execute("availability").plainOutput
    #expect(availability.contains("error budget at objective 99.95% (model"), "\(availability)")
    let failover = session.execute("failover region").plainOutput
    #expect(failover.contains("of a month's 1.12B at 99.95% (model"), "\(failover)")
  }

  /// A simulated region loss says what its failures burn, counted on the run's own rate;
  /// a run where nothing fails says nothing.
  @Test func simulateSaysWhatItsFailuresBurn() {
    let session = ModelFixtures.session()
    let faulty = session.execute("simulate 30 s rate 500 rps fault region at 5 s").plainOutput
    #expect(faulty.contains("failed requests burn"), "\(faulty)")
    #expect(faulty.contains("with the run's traffic all month"))
    let calm = session.execute("simulate 2 s rate 500 rps").plainOutput
    #expect(!calm.contains("error budget"), "\(calm)")
  }

  @Test func noRateNoBudget() {
    let budget = ErrorBudget(objective: 0.999, source: "given")
    #expect(budget.allowedRequests(rate: 0) == 0)
    #expect(budget.burn(failed: 10, rate: 0) == nil)
    #expect(budget.line(failed: 10, rate: .nan) == nil)
  }
}
