import Quantities

/// `explain queue.*`: the SQS backlog through the workload's burst (a fluid model) and the
/// worst Erlang B station, from `QueueAnalysis.burst` and `QueueAnalysis.stations`, the
/// calls the registry's `evaluate` makes.
enum QueueExplainer {
  static func explain(_ metric: String, _ model: PathModel, _ out: inout MetricExplanation)
    throws(Diagnostic)
  {
    if metric == "throttled" {
      try throttled(model, &out)
      return
    }
    let burst = try QueueAnalysis.burst(model)
    for name in ["rate", "peak", "peak_duration"] {
      ExplainSource.addWorkload(name, model, to: &out)
    }
    if let queue = model.component(named: burst.setup.queue) {
      for name in ["batch_size", "consumer", "maximum_concurrency", "visibility_timeout"] {
        ExplainSource.add(queue, name, model, to: &out)
      }
    }
    if let name = burst.setup.consumer, let consumer = model.component(named: name) {
      for parameter in ["latency", "reserved_concurrency", "concurrency_limit"] {
        ExplainSource.add(consumer, parameter, model, to: &out)
      }
    }
    out.formula = [
      "backlog(t) = ∫ (inflow − drain) dt, drain = min(backlog's need, batches × batch size ÷ "
        + "batch time); batches start at 5 and grow by 300 a minute while messages wait, "
        + "up to the consumer's concurrency (AWS's SQS event source mapping)",
      formula(metric),
    ]
    let setup = burst.setup
    for line in setup.basis { out.step("basis", "", nil, line) }
    out.step(
      "inflow during the burst", messages(setup.burstRate), setup.burstRate,
      "for \(IncidentFormat.duration(setup.duration)), over a base of "
        + messages(setup.baseRate))
    let drainRate = setup.maximumConcurrency * setup.batchSize / setup.processingTime
    out.step(
      "most the consumers drain", messages(drainRate), drainRate,
      "\(Quantity.formatNumber(TimeFormat.rounded(setup.maximumConcurrency))) batches × "
        + "\(Quantity.formatNumber(setup.batchSize)) ÷ \(TimeFormat.ms(setup.processingTime))")
    let outcome = burst.outcome
    out.step(
      "peak backlog", Quantity.formatNumber(outcome.peakBacklog.rounded()), outcome.peakBacklog,
      "at " + IncidentFormat.offset(burst.peakTime) + " from the burst's start")
    guard let drain = burst.drainFromPeak, let empty = burst.emptyAt else {
      throw Diagnostic(
        "the backlog of \(setup.queue) never drains: its inflow after "
          + "the burst is at or above the consumers' most")
    }
    out.step(
      "empty at", IncidentFormat.offset(empty), empty,
      "drained \(IncidentFormat.duration(drain)) after the peak")
    switch metric {
    case "peak_depth": out.value = Quantity.count(outcome.peakBacklog)
    case "oldest_age":
      out.step(
        "oldest message at its worst", IncidentFormat.duration(outcome.maximumOldestAge),
        outcome.maximumOldestAge, "first in, first out through the fluid backlog")
      out.value = Quantity.seconds(outcome.maximumOldestAge)
    case "drain_time": out.value = Quantity.seconds(drain)
    default: out.value = Quantity.seconds(empty)
    }
  }

  private static func formula(_ metric: String) -> String {
    switch metric {
    case "peak_depth": return "peak_depth = the largest backlog(t)"
    case "oldest_age": return "oldest_age = the longest any message waits"
    case "drain_time": return "drain_time = empty_at − the time of the peak"
    default: return "empty_at = the first t after the burst's start with backlog(t) = 0"
    }
  }

  private static func messages(_ x: Double) -> String {
    Quantity.formatNumber(TimeFormat.rounded(x)) + " msg/s"
  }

  private static func throttled(_ model: PathModel, _ out: inout MetricExplanation)
    throws(Diagnostic)
  {
    ExplainSource.addWorkload("rate", model, to: &out)
    out.formula = [
      "Erlang B: B(c, A) = (A^c / c!) ÷ Σ_{k=0..c} A^k / k!, A = λ × hold time (erlangs), "
        + "c = the concurrency limit (Erlang 1917; Kleinrock, Queueing Systems I, §3.10)",
      "throttled = the worst station's B",
    ]
    var worst = 0.0
    for station in try QueueAnalysis.stations(model).stations {
      worst = max(worst, station.loss.blocking)
      if let component = model.component(named: station.component) {
        ExplainSource.add(component, "latency", model, to: &out)
      }
      out.input(
        "\(station.component) servers", Quantity.formatNumber(Double(station.servers)),
        station.serversSource)
      out.step(
        station.component, TimeFormat.share(station.loss.blocking), station.loss.blocking,
        "A = \(Quantity.formatNumber(TimeFormat.rounded(station.arrivalRate))) /s × "
          + "\(TimeFormat.ms(station.holdTime)) = "
          + "\(Quantity.formatNumber(TimeFormat.rounded(station.offeredLoad))) erlangs, "
          + "c = \(station.modelledServers)")
    }
    out.value = Quantity.fraction(worst)
  }
}
