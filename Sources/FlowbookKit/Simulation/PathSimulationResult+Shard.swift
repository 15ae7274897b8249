import Quantities

/// Shards of path simulations and the summary `flowbook merge` prints.
extension PathSimulationResult {
  /// The run as a shard: outcome counters, events and simulated seconds, and the
  /// latency histogram of successful requests.
  ///
  /// Peaks and time series are per run and do
  /// not add, so they stay out; cost is recomputed from counts by `cost`.
  public func shard() -> SimulationShard {
    let c = counts
    return SimulationShard(
      counters: [
        "arrived": c.arrived, "ok": c.ok, "throttled": c.throttled, "errored": c.errored,
        "timed_out": c.timedOut, "blocked": c.blocked, "dead_lettered": c.deadLettered,
        "unfinished": c.unfinished, "events": events, "runs": 1,
      ],
      sums: ["simulated_s": scenario.duration - scenario.warmUp],
      histograms: ["latency_s": latency])
  }
}

extension SimulationShard {
  /// The figures of a (merged) shard as a table: a classic queue's (customers, mean wait,
  /// P(wait), p99 response) or a path's (requests by outcome, latency percentiles).
  ///
  /// - Complexity: O(records + histogram buckets).
  public func summary(files: Int) -> CommandResult {
    var table = ResultTable(
      title: "merged \(files) shard\(files == 1 ? "" : "s")",
      columns: [.init("figure", alignment: .left), .init("value")])
    var data: [(String, JSONValue)] = []
    func add(_ name: String, _ key: String, _ value: Double, _ text: String) {
      table.append([.init(name, tag: .keyword), .init(text, tag: .value, number: value)])
      data.append((key, .number(value)))
    }
    if let statistics = try? QueueStatistics(shard: self) {
      add(
        "customers", "customers", Double(statistics.customers),
        SimulationText.count(statistics.customers))
      add("mean wait", "mean_wait_s", statistics.meanWait, QueueTheory.time(statistics.meanWait))
      add(
        "P(wait)", "p_wait", statistics.waitProbability,
        QueueTheory.share(statistics.waitProbability))
      add(
        "mean response", "mean_response_s", statistics.meanResponse,
        QueueTheory.time(statistics.meanResponse))
      add(
        "p99 response", "p99_response_s", statistics.p99Response,
        QueueTheory.time(statistics.p99Response))
      add(
        "blocking", "blocking_probability", statistics.blockingProbability,
        QueueTheory.share(statistics.blockingProbability))
      add("events", "events", Double(statistics.events), SimulationText.count(statistics.events))
    } else if let latency = histograms["latency_s"], let arrived = counters["arrived"] {
      for key in [
        "runs", "arrived", "ok", "throttled", "errored", "timed_out", "blocked",
        "dead_lettered", "unfinished", "events",
      ] {
        let value = counters[key] ?? 0
        // `ok` is the shard's counter; JSON says `succeeded`, as `simulate --json` does.
        add(
          key.replacingOccurrences(of: "_", with: " "), key == "ok" ? "succeeded" : key,
          Double(value),
          SimulationText.count(value)
            + (arrived > 0 && key != "events" && key != "runs"
              ? " (\(TimeFormat.share(Double(value) / Double(arrived))))" : ""))
      }
      for (name, percentile) in [("p50", 50.0), ("p90", 90), ("p99", 99), ("p99.9", 99.9)] {
        let value = latency.percentile(percentile)
        add(name, name.replacingOccurrences(of: ".", with: "") + "_s", value, TimeFormat.ms(value))
      }
      add("mean", "mean_s", latency.mean, TimeFormat.ms(latency.mean))
    } else {
      table.notes = ["no queue or path simulation records in these shards"]
    }
    if let run {
      table.notes.append("run: " + run)
      data.append(("run", .string(run)))
    }
    if let coverage = replicationCoverage() {
      table.notes.append(coverage.text)
      data.append(("replications", .number(Double(replications.count))))
      data.append(("missing_replications", .array(coverage.missing.map { .number(Double($0)) })))
    }
    return .table(table, data: .object(data))
  }

  /// Which replications the shard holds, and the gaps below the highest: a shard lost
  /// to a failed task shows here rather than as a quietly smaller sample.
  private func replicationCoverage() -> (text: String, missing: [Int])? {
    guard let last = replications.last else { return nil }
    let held = Set(replications)
    let missing = (0...last).filter { !held.contains($0) }
    var text = "replications: \(replications.count) of 0–\(last)"
    if !missing.isEmpty {
      let shown = missing.prefix(10).map(String.init).joined(separator: ", ")
      text += "; missing \(shown)\(missing.count > 10 ? ", … (\(missing.count) in all)" : "")"
    }
    return (text, missing)
  }
}
