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
  /// One figure of a shard's summary: its label, JSON key, value and printed text.
  struct Figure {
    var name: String
    var key: String
    var value: Double
    var text: String
    /// Whether the figure is an estimate replications can be compared on (a rate, a
    /// percentile), rather than a total (customers, events) that only adds up.
    var isEstimate: Bool
    /// Whether the figure is read from a histogram (a percentile), and so known only to
    /// the histogram's resolution.
    var isPercentile = false
  }

  /// The figures of a classic queue's shard (customers, mean wait, P(wait), p99
  /// response…) or a path's (requests by outcome, latency percentiles); empty for
  /// neither.
  ///
  /// - Complexity: O(records + histogram buckets).
  func figures() -> [Figure] {
    if let statistics = try? QueueStatistics(shard: self) {
      return [
        Figure(
          name: "customers", key: "customers", value: Double(statistics.customers),
          text: SimulationText.count(statistics.customers), isEstimate: false),
        Figure(
          name: "mean wait", key: "mean_wait_s", value: statistics.meanWait,
          text: QueueTheory.time(statistics.meanWait), isEstimate: true),
        Figure(
          name: "P(wait)", key: "p_wait", value: statistics.waitProbability,
          text: QueueTheory.share(statistics.waitProbability), isEstimate: true),
        Figure(
          name: "mean response", key: "mean_response_s", value: statistics.meanResponse,
          text: QueueTheory.time(statistics.meanResponse), isEstimate: true),
        Figure(
          name: "p99 response", key: "p99_response_s", value: statistics.p99Response,
          text: QueueTheory.time(statistics.p99Response), isEstimate: true, isPercentile: true),
        Figure(
          name: "blocking", key: "blocking_probability", value: statistics.blockingProbability,
          text: QueueTheory.share(statistics.blockingProbability), isEstimate: true),
        Figure(
          name: "events", key: "events", value: Double(statistics.events),
          text: SimulationText.count(statistics.events), isEstimate: false),
      ]
    }
    guard let latency = histograms["latency_s"], let arrived = counters["arrived"] else {
      return []
    }
    var figures: [Figure] = []
    for key in [
      "runs", "arrived", "ok", "throttled", "errored", "timed_out", "blocked",
      "dead_lettered", "unfinished", "events",
    ] {
      let value = counters[key] ?? 0
      let isShare = arrived > 0 && key != "events" && key != "runs" && key != "arrived"
      let share = isShare ? Double(value) / Double(arrived) : 0
      // `ok` is the shard's counter; JSON says `succeeded`, as `simulate --json` does.
      figures.append(
        Figure(
          name: key.replacingOccurrences(of: "_", with: " "),
          key: key == "ok" ? "succeeded" : key, value: Double(value),
          text: SimulationText.count(value)
            + (arrived > 0 && key != "events" && key != "runs"
              ? " (\(TimeFormat.share(Double(value) / Double(arrived))))" : ""),
          isEstimate: false))
      if isShare {
        figures.append(
          Figure(
            name: "", key: (key == "ok" ? "succeeded" : key) + "_share", value: share,
            text: "", isEstimate: true))
      }
    }
    for (name, percentile) in [("p50", 50.0), ("p90", 90), ("p99", 99), ("p99.9", 99.9)] {
      let value = latency.percentile(percentile)
      figures.append(
        Figure(
          name: name, key: name.replacingOccurrences(of: ".", with: "") + "_s", value: value,
          text: TimeFormat.ms(value), isEstimate: true, isPercentile: true))
    }
    figures.append(
      Figure(
        name: "mean", key: "mean_s", value: latency.mean, text: TimeFormat.ms(latency.mean),
        isEstimate: true))
    return figures
  }

  /// The estimates one replication's shard records for `replication`, so that a merge of
  /// many can give each figure a 95 % interval across replications.
  func replicationEstimates() -> [String: Double] {
    var estimates: [String: Double] = [:]
    for figure in figures() where figure.isEstimate && figure.value.isFinite {
      estimates[figure.key] = figure.value
    }
    return estimates
  }

  /// The figures of a (merged) shard as a table; with estimates from two or more
  /// replications, each estimate also gets its 95 % interval across them (Student t,
  /// as `simulate … replications N` gives on one machine).
  ///
  /// - Parameter files: how many files were merged, for the title.
  /// - Returns: The table, and JSON with each figure under its key (`…_ci95` beside it).
  /// - Complexity: O(records + histogram buckets + replications × figures).
  public func summary(files: Int) -> CommandResult {
    let intervals = replicationIntervals()
    var table = ResultTable(
      title: "merged \(files) shard\(files == 1 ? "" : "s")",
      columns: [.init("figure", alignment: .left), .init("value")]
        + (intervals.isEmpty ? [] : [.init("± 95% CI", key: "ci95")]))
    var data: [(String, JSONValue)] = []
    let figures = figures()
    for figure in figures {
      let interval = intervals[figure.key].map {
        figure.isPercentile ? $0.widened(toResolution: StreamingHistogram.relativeResolution) : $0
      }
      data.append((figure.key, .number(figure.value)))
      if let interval { data.append((figure.key + "_ci95", .number(interval.halfWidth))) }
      guard !figure.name.isEmpty else { continue }
      var row: [ResultTable.Cell] = [
        .init(figure.name, tag: .keyword), .init(figure.text, tag: .value, number: figure.value),
      ]
      if !intervals.isEmpty {
        row.append(halfWidthCell(interval ?? intervals[figure.key + "_share"], figure))
      }
      table.append(row)
    }
    if figures.isEmpty {
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
    if let first = intervals.values.first {
      table.notes.append(
        "± 95% CI: Student t over the \(first.replications) replications' own figures "
          + "(Law, Simulation Modeling and Analysis, §9.4.1); percentiles by sectioning "
          + "about the pooled figure")
    }
    return .table(table, data: .object(data))
  }

  /// Each estimate's interval across the replications that recorded it (two or more): a
  /// percentile's by sectioning about the pooled figure (as `simulate … replications N`
  /// gives), the others Student t about the replications' mean.
  private func replicationIntervals() -> [String: ConfidenceInterval] {
    guard estimates.count >= 2 else { return [:] }
    var byKey: [String: [Double]] = [:]
    for index in estimates.keys.sorted() {
      for (key, value) in estimates[index] ?? [:] where value.isFinite {
        byKey[key, default: []].append(value)
      }
    }
    var pooled: [String: Double] = [:]
    for figure in figures() where figure.isPercentile && figure.value.isFinite {
      pooled[figure.key] = figure.value
    }
    var out: [String: ConfidenceInterval] = [:]
    for (key, values) in byKey where values.count >= 2 {
      out[key] =
        pooled[key].map { ConfidenceInterval(sectioning: values, pooled: $0) }
        ?? ConfidenceInterval(estimates: values)
    }
    return out
  }

  /// A half-width printed like its figure: a share as a share, a time in ms.
  private func halfWidthCell(_ interval: ConfidenceInterval?, _ figure: Figure)
    -> ResultTable.Cell
  {
    guard let interval else { return .init("-") }
    let text: String
    if ["p50_s", "p90_s", "p99_s", "p999_s", "mean_s"].contains(figure.key) {
      text = TimeFormat.ms(interval.halfWidth)
    } else if figure.key.hasSuffix("_s") {
      text = QueueTheory.time(interval.halfWidth)
    } else {
      text = TimeFormat.share(interval.halfWidth)
    }
    return .init(text, tag: .value, number: interval.halfWidth)
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
