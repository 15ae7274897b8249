import Quantities

/// The figures `validate` compares, each with its analytical value, how to read it from a
/// replication, its tolerance and the known reasons the engines may differ on it.
///
/// Latency is composed with the run's cold-start share, its empty start included.
/// Tolerances: latency percentiles 3 % (p50, mean), 5 % (p99) and 10 % (p99.9), the
/// composition's grid and the histogram's resolution being well inside them; the share
/// of requests that succeed 2 % of it; admitted throughput 5 %; cold starts 20 % or 0.3
/// points (the structural estimate's stated accuracy); the end of a scale-out 10 % or 1 s;
/// an SQS peak backlog 30 % (the fluid has no randomness and no batch-level timing).
extension Validation {
  static func metrics(
    _ model: PathModel, _ scenario: SimulationScenario, _ fluid: ScenarioFluid
  ) throws(Diagnostic) -> [Metric] {
    var out = try latency(model, scenario, fluid)
    out.append(succeeded(model, scenario, fluid))
    out += admitted(model, scenario, fluid)
    out += coldStarts(fluid)
    out += scaleOuts(fluid)
    if let queue = fluid.queue, let peak = fluid.peakBacklog {
      out.append(
        Metric(
          key: "\(queue).peak_backlog", label: "\(queue) peak backlog", format: .count,
          analytic: peak, tolerance: 0.3, floor: 100, percentile: nil,
          value: { Double($0.peakQueueDepth) },
          knownDifference: { results in
            hotMapping(fluid, results, memory: 120)
          }))
    }
    return out
  }

  /// Why the simulator's peak backlog is lower after a rise soon after the run's start.
  ///
  /// Both engines start the event source mapping at 5 batches, ramp it the same way and,
  /// when the queue empties, keep the most batches in flight over the last minute or two;
  /// but the fluid starts a rise from what the base keeps in steady state, while a run
  /// that started empty still holds the high-water mark of its first ramp for a minute or
  /// two. A rise within `memory` seconds of the start meets the simulator's mapping still
  /// scaled up.
  static func hotMapping(
    _ fluid: ScenarioFluid, _ results: [PathSimulationResult], memory: Double
  ) -> String? {
    guard let peak = fluid.peakBacklog, let first = fluid.segments.first, first.rate > 0,
      let rise = fluid.segments.dropFirst().first(where: { $0.rate > first.rate }),
      rise.start < memory,
      let measured = mean(results.map { Double($0.peakQueueDepth) }), measured < peak
    else { return nil }
    return "the run starts empty: the simulator's event source mapping ramps up under the "
      + "first \(SimulationText.seconds(rise.start)) of load and keeps the most batches of "
      + "the last minute or two, so it meets the rise already scaled up; the fluid starts "
      + "the rise from what the base keeps in steady state"
  }

  // MARK: - Latency

  private static func latency(
    _ model: PathModel, _ scenario: SimulationScenario, _ fluid: ScenarioFluid
  ) throws(Diagnostic) -> [Metric] {
    var steady = model
    steady.workload.set("rate", to: .quantity(Quantity(exactly: scenario.traffic.rate, .rate)))
    // The run's own cold-start share (its empty start included) in the composition.
    do {
      var shares = try steady.coldStartShares()
      // Requests of the warm-up are not measured: neither are its environments' starts.
      for (name, cold) in fluid.coldStarts {
        let kept = scenario.warmUp > 0 ? cold - (fluid.initialColdStarts[name] ?? 0) : cold
        if let total = fluid.invocations[name], total > 0 { shares[name] = max(0, kept) / total }
      }
      steady.fixedColdStarts = shares
    } catch {
      throw error.diagnostic(in: model.file)
    }
    guard let summary = try PathLatency.report(steady, perRoute: false).endToEnd.summary else {
      throw Diagnostic("\(model.name) has no route that succeeds: no latency to compare")
    }
    let varying = fluid.segments.count > 1 || !scenario.faults.isEmpty
    let explain: @Sendable ([PathSimulationResult]) -> String? = { results in
      if let depth = results.map(\.peakQueueDepth).max(), depth > 0 {
        return "requests waited in queues (peak depth \(SimulationText.number(Double(depth)))); "
          + "the composition has no waiting"
      }
      if varying {
        return "the composition is of steady load at "
          + "\(SimulationText.rate(scenario.traffic.rate)); the run's traffic or faults change"
      }
      return nil
    }
    let rows: [(String, String, Double, Double?, Double)] = [
      ("latency_p50", "p50", summary.p50, 50, 0.03),
      ("latency_p99", "p99", summary.p99, 99, 0.05),
      ("latency_p999", "p99.9", summary.p999, 99.9, 0.10),
      ("latency_mean", "mean", summary.mean, nil, 0.03),
    ]
    return rows.map { key, label, value, percentile, tolerance in
      Metric(
        key: key, label: label, format: .latency, analytic: value, tolerance: tolerance,
        floor: 1e-3, percentile: percentile, value: { $0.latency.mean },
        knownDifference: explain)
    }
  }

  // MARK: - Requests

  /// The share of requests measured that succeed: the fluid's refusals over the measured
  /// window (after the warm-up).
  private static func succeeded(
    _ model: PathModel, _ scenario: SimulationScenario, _ fluid: ScenarioFluid
  ) -> Metric {
    let from = scenario.warmUp
    let offered = fluid.offered(from: from, to: scenario.duration)
    let refused = fluid.refused(from: from, to: scenario.duration)
    let share = offered > 0 ? max(0, 1 - refused / offered) : 1
    let fanOut = tableFanOut(model, fluid)
    let loss = offered > 0 ? max(0, share - fluid.lossExtraRefused / offered) : share
    let pools = fluid.lossAdmitted.keys.sorted().joined(separator: ", ")
    return Metric(
      key: "succeeded", label: "succeeded", format: .share, analytic: share, tolerance: 0.02,
      floor: 0.05, percentile: nil, value: { $0.counts.okShare },
      knownDifference: { results in
        if !pools.isEmpty, let measured = mean(results.map(\.counts.okShare)),
          abs(measured - loss) <= 0.02 * loss
        {
          return lossReason(pools, loss, format: .share)
        }
        return fanOut
      })
  }

  /// Why a table's refusals fail a different share of requests in the simulator: a
  /// request makes several calls, retried, and fails when one is refused to the end.
  private static func tableFanOut(_ model: PathModel, _ fluid: ScenarioFluid) -> String? {
    guard let table = fluid.limits.first(where: { $0.unit.hasSuffix("units/s") }) else {
      return nil
    }
    return "requests that reach \(table.component) make several calls (fan-out, SDK "
      + "retries): which of them \(table.limit) refuses, and how retries spread the refusals "
      + "over requests, is not in a fluid, which counts one failed request per refused call"
  }

  /// Throughput admitted at each component a limit refused load at, averaged over the
  /// run: calls (or a table's units) that passed, in both engines.
  private static func admitted(
    _ model: PathModel, _ scenario: SimulationScenario, _ fluid: ScenarioFluid
  ) -> [Metric] {
    let duration = scenario.duration
    return fluid.limits.filter { !$0.limit.hasSuffix(".block_rate") }.compactMap { totals in
      let component = totals.component
      let kind = model.component(named: component)?.kind
      let visits = fluid.admittedVisits[component] ?? 0
      var analytic = visits
      let unit = totals.unit.hasSuffix("units/s") ? totals.unit : "rps"
      if totals.unit.hasSuffix("units/s"), let table = model.component(named: component) {
        let perCall = LimitRegistry.dynamoDBUnits(table)
        let writes = min(max(table["write_share"]?.quantity?.value ?? 0, 0), 1)
        analytic *=
          totals.unit.hasPrefix("read") ? perCall.read * (1 - writes) : perCall.write * writes
      }
      let value: @Sendable (PathSimulationResult) -> Double = { result in
        let usage = result.usage
        let admitted: Double
        if totals.unit.hasPrefix("read") {
          admitted = usage.readUnits[component] ?? 0
        } else if totals.unit.hasPrefix("write") {
          admitted = usage.writeUnits[component] ?? 0
        } else if kind == .function {
          admitted = Double(usage.invocations[component] ?? 0)
        } else {
          admitted = Double(usage.calls[component] ?? 0)
        }
        return admitted / duration
      }
      let loss = fluid.lossAdmitted[component].map { (visits + $0) / duration }
      return Metric(
        key: "\(totals.limit).admitted", label: "\(component) admitted (\(totals.limit))",
        format: .rate(unit), analytic: analytic / duration, tolerance: 0.05,
        floor: 1, percentile: nil, value: value,
        knownDifference: { results in
          guard let loss, let measured = mean(results.map(value)),
            abs(measured - loss) <= 0.05 * loss
          else { return nil }
          return lossReason(component, loss, format: .rate(unit))
        })
    }
  }

  /// Why a Lambda pool at its limit admits less than the fluid.
  private static func lossReason(_ pools: String, _ figure: Double, format: Format) -> String {
    "\(pools) at its concurrency limit is a loss system: random arrivals find it full more "
      + "often than the fluid's average load does; Erlang B's loss (Erlang 1917) gives "
      + ValidateCommand.format(figure, format) + ", as simulated"
  }

  private static func mean(_ values: [Double]) -> Double? {
    values.isEmpty ? nil : values.reduce(0, +) / Double(values.count)
  }

  // MARK: - Lambda

  private static func coldStarts(_ fluid: ScenarioFluid) -> [Metric] {
    fluid.coldStarts.keys.sorted().compactMap { name in
      guard let cold = fluid.coldStarts[name], let total = fluid.invocations[name], total > 0
      else { return nil }
      return Metric(
        key: "\(name).cold_start_share", label: "\(name) cold starts", format: .share,
        analytic: cold / total, tolerance: 0.2, floor: 0.015, percentile: nil,
        value: { result in
          let invocations = Double(result.usage.invocations[name] ?? 0)
          return invocations > 0 ? Double(result.usage.coldStarts[name] ?? 0) / invocations : 0
        }, knownDifference: { _ in nil })
    }
  }

  /// When each climb in environments ends: the end of the last time-series bucket with a
  /// throttle before the next change.
  private static func scaleOuts(_ fluid: ScenarioFluid) -> [Metric] {
    fluid.scaleOuts.map { climb in
      let segmentEnd =
        fluid.segments.first { $0.start <= climb.start && climb.start < $0.end }?.end
        ?? climb.start + climb.seconds
      return Metric(
        key: "\(climb.function).scale_out_s",
        label: "\(climb.function) throttled until", format: .seconds,
        analytic: climb.start + climb.seconds, tolerance: 0.1, floor: 10, percentile: nil,
        value: { result in
          let series = result.series
          var last = climb.start
          for bucket in 0..<series.bucketCount where series.throttles[bucket] > 0 {
            let start = Double(bucket) * series.bucketWidth
            guard start >= climb.start - 1e-9, start < segmentEnd else { continue }
            last = Double(bucket + 1) * series.bucketWidth
          }
          return last
        }, knownDifference: { _ in nil })
    }
  }
}
