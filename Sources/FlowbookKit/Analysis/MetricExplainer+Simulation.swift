import Quantities

/// `explain simulate.*`: the last `simulate`'s scenario, run again with its seed.
///
/// The value is `SimulationAnalysis.metrics`'s, the registry's own `evaluate`; the counts
/// shown beside it come from a second run of the same seeded scenario, which is
/// deterministic, so they are that run's counts.
enum SimulationExplainer {
  static func explain(_ metric: String, _ model: PathModel, _ out: inout MetricExplanation)
    throws(Diagnostic)
  {
    let metrics = SimulationAnalysis.definition.metrics
    guard let index = metrics.firstIndex(where: { $0.name == metric }) else { return }
    let values: [Quantity]
    let result: PathSimulationResult
    do {
      values = try SimulationAnalysis.metrics(model)
      guard let scenario = model.simulation else { return }
      result = try PathSimulation.run(model: model, scenario: scenario, parallel: false)
    } catch {
      throw Diagnostic.from(error)
    }
    let scenario = result.scenario
    out.formula = [
      "the discrete-event simulator runs the path model under the scenario; "
        + formula(metric)
    ]
    out.input("scenario", SimulateCommand.title(result), "the last simulate of this session")
    out.input("seed", String(scenario.seed), "the last simulate's seed (same seed, same run)")
    ExplainSource.addPath(model.path, model, to: &out)
    let counts = result.counts
    for (name, count) in [
      ("arrived", counts.arrived), ("ok", counts.ok), ("throttled", counts.throttled),
      ("errored", counts.errored), ("timed out", counts.timedOut),
      ("sent to a DLQ", counts.deadLettered),
    ] {
      out.step(
        name, Quantity.formatNumber(Double(count)), Double(count),
        name == "arrived" ? "requests in the run" : TimeFormat.share(counts.share(count)))
    }
    out.step(
      "p50 / p99",
      TimeFormat.ms(result.percentile(50)) + " / " + TimeFormat.ms(result.percentile(99)),
      result.percentile(99), "from the run's streaming histogram of successful requests")
    var value = values[index]
    if value.display == nil { value.display = metrics[index].display }
    out.value = value
  }

  private static func formula(_ metric: String) -> String {
    switch metric {
    case "latency_p50", "latency_p99":
      return "\(metric) = the percentile of successful requests' latencies"
    case "ok", "throttled", "errored", "timed_out", "dead_lettered":
      return "\(metric) = requests with that outcome ÷ requests arrived"
    case "amplification", "attempts", "recovered", "recovery_time":
      return "\(metric): the run's series after the fault against before it (RecoveryReport)"
    default:
      return "\(metric) = the count over the run"
    }
  }
}
