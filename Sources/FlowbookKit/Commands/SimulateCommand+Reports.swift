import Quantities

/// `simulate`'s JSON document and its replications table.
extension SimulateCommand {
  /// Seconds and shares in base units; `events_per_second` is the one wall-clock figure.
  static func json(
    _ run: SimulationRun, analytical: LatencySummary?, recovery: RecoveryReport?
  ) -> JSONValue {
    let result = run.result
    let counts = result.counts
    let latency = result.latency
    func seconds(_ value: Double) -> JSONValue { .number(value) }
    var pairs: [(String, JSONValue)] = [
      ("model", .string(result.model)), ("seed", .number(Double(result.scenario.seed))),
      ("duration_s", .number(result.scenario.duration)),
      ("warmup_s", .number(result.scenario.warmUp)),
      ("p50_s", seconds(latency.percentile(50))), ("p90_s", seconds(latency.percentile(90))),
      ("p99_s", seconds(latency.percentile(99))), ("p999_s", seconds(latency.percentile(99.9))),
      ("mean_s", seconds(latency.mean)),
      ("arrived", .number(Double(counts.arrived))), ("succeeded", .number(Double(counts.ok))),
      ("throttled", .number(Double(counts.throttled))),
      ("errored", .number(Double(counts.errored))),
      ("timed_out", .number(Double(counts.timedOut))),
      ("dead_lettered", .number(Double(counts.deadLettered))),
      ("blocked", .number(Double(counts.blocked))),
      ("unfinished", .number(Double(counts.unfinished))),
      ("peak_concurrency", .number(Double(result.peakConcurrency))),
      ("peak_queue_depth", .number(Double(result.peakQueueDepth))),
      ("cold_starts", .number(Double(result.usage.coldStarts.values.reduce(0, &+)))),
      (
        "function_timeouts",
        .number(Double(result.usage.functionTimeouts.values.reduce(0, &+)))
      ),
      ("reprocessed", .number(Double(result.usage.reprocessed.values.reduce(0, &+)))),
      (
        "refused_by_limit",
        .object(
          result.usage.throttles.sorted { $0.key < $1.key }.map {
            ($0.key, .number(Double($0.value)))
          })
      ),
      (
        "held_back_by_limit",
        .object(
          result.usage.heldBack.sorted { $0.key < $1.key }.map {
            ($0.key, .number(Double($0.value)))
          })
      ),
      ("cost_usd", run.cost.map { .number($0.total) } ?? .null),
      ("events", .number(Double(result.events))),
      ("events_per_second", .number(result.eventsPerSecond.rounded())),
    ]
    if let analytical {
      pairs.append(
        (
          "analytical",
          .object([
            ("p50_s", seconds(analytical.p50)), ("p90_s", seconds(analytical.p90)),
            ("p99_s", seconds(analytical.p99)), ("p999_s", seconds(analytical.p999)),
            ("mean_s", seconds(analytical.mean)),
          ])
        ))
    }
    if let recovery {
      pairs.append(
        (
          "recovery",
          .object([
            ("recovered", .bool(recovery.recovered)),
            ("recovery_time_s", recovery.recoveryTime.map(JSONValue.number) ?? .null),
            ("goodput_before", .number(recovery.goodputBefore)),
            ("goodput_after", .number(recovery.goodputAfter)),
            ("amplification", .number(recovery.amplification)),
            ("attempts_per_request", .number(recovery.attemptsAfter)),
          ])
        ))
    }
    pairs.append(("series", run.seriesTable(every: result.series.bucketWidth).json))
    return .object(pairs)
  }

  // MARK: - Replications

  /// One figure per row: mean ± half-width of the 95 % interval over replications, the
  /// analytical value and whether the interval contains it.
  static func renderReplications(
    _ results: [PathSimulationResult], model: PathModel, scenario: SimulationScenario
  ) -> CommandResult {
    let analytical = try? PathLatency.report(model, perRoute: false).endToEnd.summary
    var table = ResultTable(
      title: "simulate \(model.name): \(results.count) replications of "
        + "\(SimulationText.seconds(scenario.duration)), warm-up "
        + "\(SimulationText.seconds(scenario.warmUp)) discarded, seed \(scenario.seed)",
      columns: [
        .init("figure", alignment: .left), .init("simulated (95% CI)", key: "mean"),
        .init("±", key: "half_width"), .init("analytical"),
        .init("inside", alignment: .left),
      ])
    let latency: [(String, Double, Double?)] = [
      ("p50", 50, analytical?.p50), ("p90", 90, analytical?.p90), ("p99", 99, analytical?.p99),
      ("p99.9", 99.9, analytical?.p999),
    ]
    var data: [(String, JSONValue)] = []
    var pooled = StreamingHistogram()
    for result in results { pooled.merge(result.latency) }
    for (name, percentile, theory) in latency {
      // Sectioning: the pooled percentile, with the replications' spread about it.
      var interval = ConfidenceInterval(
        sectioning: results.map { $0.percentile(percentile) }, pooled: pooled.percentile(percentile)
      )
      // A percentile is read as the top of an HDR bucket 0.1 % wide (three significant
      // digits): replications that land in one bucket agree exactly, yet the value is
      // known only to the bucket's width. An interval is never narrower than that.
      interval = interval.widened(toResolution: StreamingHistogram.relativeResolution)
      table.append(row(name, interval, theory, format: TimeFormat.ms))
      // JSON keys are those of a single run (`p999_s`…), each holding its interval.
      data.append(
        (name.replacingOccurrences(of: ".", with: "") + "_s", intervalJSON(interval, theory)))
    }
    let mean = ConfidenceInterval(estimates: results.map(\.latency.mean))
    table.append(row("mean", mean, analytical?.mean, format: TimeFormat.ms))
    data.append(("mean_s", intervalJSON(mean, analytical?.mean)))
    let shares: [(String, (OutcomeCounts) -> UInt64)] = [
      ("ok", \.ok), ("throttled", \.throttled), ("errored", \.errored),
      ("timed out", \.timedOut),
    ]
    for (name, count) in shares {
      let interval = ConfidenceInterval(
        estimates: results.map { $0.counts.share(count($0.counts)) })
      table.append(row(name, interval, nil, format: TimeFormat.share))
      data.append(
        (
          (name == "ok" ? "succeeded" : name.replacingOccurrences(of: " ", with: "_"))
            + "_share",
          intervalJSON(interval, nil)
        ))
    }
    let peak = ConfidenceInterval(estimates: results.map { Double($0.peakConcurrency) })
    table.append(
      row("peak concurrency", peak, nil) { SimulationText.number(TimeFormat.rounded($0)) })
    data.append(("peak_concurrency", intervalJSON(peak, nil)))
    table.notes = [
      "95% intervals: mean ± t(0.975, n−1)·s/√n over independent replications (Law, "
        + "Simulation Modeling and Analysis, §9.4.1); percentiles by sectioning (the pooled "
        + "percentile ± t·s/√n, s the spread about it), at least ±0.1% (the histogram's "
        + "resolution); analytical: the model composed in steady state; inside: "
        + "whether the interval contains it"
    ]
    return .table(table, data: .object(data))
  }

  private static func row(
    _ name: String, _ interval: ConfidenceInterval, _ theory: Double?,
    format: (Double) -> String
  ) -> [ResultTable.Cell] {
    let inside = theory.map { interval.contains($0) ? "yes" : "no" } ?? "-"
    return [
      .init(name, tag: .keyword), .init(format(interval.mean), tag: .value, number: interval.mean),
      .init(format(interval.halfWidth), number: interval.halfWidth),
      theory.map { .init(format($0), number: $0) } ?? .init("-"),
      .init(inside, tag: inside == "no" ? .warning : .plain),
    ]
  }

  private static func intervalJSON(_ interval: ConfidenceInterval, _ theory: Double?)
    -> JSONValue
  {
    var pairs: [(String, JSONValue)] = [
      ("mean", .number(interval.mean)), ("half_width", .number(interval.halfWidth)),
    ]
    if let theory {
      pairs += [("analytical", .number(theory)), ("inside", .bool(interval.contains(theory)))]
    }
    return .object(pairs)
  }
}
