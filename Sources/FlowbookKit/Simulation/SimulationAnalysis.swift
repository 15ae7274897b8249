import Quantities

/// The `simulate` analysis: a simulation's figures as named metrics, so that `sweep`,
/// `expect` and expressions can use them like any analysis's.
///
/// It re-runs the scenario the last `simulate` ran (`PathModel.simulation`) on the model
/// it is given: `sweep workload.client_attempts from 1 to 4 steps 4 show
/// simulate.recovered` runs the same run at each number of attempts, on all cores (sweep
/// points run concurrently; each run then keeps to one thread). One mechanism serves
/// both: the sweep sets the parameter, the analysis simulates. A simulation takes seconds,
/// not milliseconds, so `diff` leaves this analysis out (`evaluatedByDefault`).
public enum SimulationAnalysis {
  private static let milliseconds = UnitTable.lookup("ms").map(DisplayUnit.init)

  public static let definition = AnalysisDefinition(
    name: "simulate",
    summary: "re-runs the last simulate's scenario: latency, outcome shares, recovery",
    metrics: [
      MetricSpec(
        "latency_p50", .time, "median latency of successful requests",
        display: milliseconds),
      MetricSpec(
        "latency_p99", .time, "99th-percentile latency of successful requests",
        display: milliseconds),
      MetricSpec("ok", .none, "share of requests that succeeded", display: .percent),
      MetricSpec("throttled", .none, "share of requests throttled", display: .percent),
      MetricSpec("errored", .none, "share of requests that failed", display: .percent),
      MetricSpec("timed_out", .none, "share of requests that timed out", display: .percent),
      MetricSpec(
        "dead_lettered", .none, "share of requests sent to a dead-letter queue",
        display: .percent),
      MetricSpec("function_timeouts", .none, "Lambda invocations stopped at their timeout"),
      MetricSpec(
        "reprocessed", .none, "SQS messages processed twice after their batch timed out"),
      MetricSpec(
        "amplification", .none,
        "load on the faulted component at the end ÷ before the fault"),
      MetricSpec("attempts", .none, "end-client attempts per request at the end of the run"),
      MetricSpec("recovered", .none, "1 if the run was back to normal by its end, else 0"),
      MetricSpec(
        "recovery_time", .time,
        "seconds after the fault until normal (the rest of the run if never)"),
    ],
    evaluatedByDefault: false,
    evaluate: { model in try metrics(model) })

  /// Runs the model's remembered scenario and reduces it to the metrics above.
  ///
  /// - Throws: a diagnostic when no `simulate` has run yet on this model.
  /// - Complexity: one simulation run (single-threaded).
  static func metrics(_ model: PathModel) throws -> [Quantity] {
    guard var scenario = model.simulation else {
      throw Diagnostic(
        "no simulation to re-run: run simulate first; its scenario is what simulate.* "
          + "metrics repeat")
    }
    if scenario.followsWorkloadRate, let rate = model.workload.rate?.value {
      scenario.traffic.rate = rate
      if let problem = scenario.problem { throw Diagnostic(problem) }
    }
    let result = try PathSimulation.run(model: model, scenario: scenario, parallel: false)
    let counts = result.counts
    let recovery = RecoveryReport(result)
    let remaining = recovery.map { scenario.duration - $0.faultEnd } ?? 0
    return [
      Quantity(exactly: result.percentile(50), .time),
      Quantity(exactly: result.percentile(99), .time),
      Quantity(exactly: counts.okShare),
      Quantity(exactly: counts.share(counts.throttled)),
      Quantity(exactly: counts.share(counts.errored)),
      Quantity(exactly: counts.share(counts.timedOut)),
      Quantity(exactly: counts.share(counts.deadLettered)),
      Quantity(exactly: Double(result.usage.functionTimeouts.values.reduce(0, &+))),
      Quantity(exactly: Double(result.usage.reprocessed.values.reduce(0, &+))),
      Quantity(exactly: recovery?.amplification ?? 1),
      Quantity(exactly: recovery?.attemptsAfter ?? 1),
      Quantity(exactly: (recovery?.recovered ?? true) ? 1 : 0),
      Quantity(exactly: recovery?.recoveryTime ?? remaining, .time),
    ]
  }
}
