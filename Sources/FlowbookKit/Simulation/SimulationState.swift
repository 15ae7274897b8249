import Quantities

/// What a session keeps of its simulations: the last run, and how to report progress.
///
/// `Session.simulation.last` is the one place the last `simulate` run lives after the
/// command has printed it: `show series` prints its time series, and reports read it for
/// charts (rate, p99, concurrency, queue depth, throttles per second) without re-running
/// anything. It is replaced by each path simulation and kept across other commands.
public struct SimulationState: Sendable {
  /// The last path simulation, or nil before the first.
  public var last: SimulationRun?
  /// Told the share of simulated time done during a run.
  ///
  /// The shell sets it to draw a progress line on a terminal; it never changes a result.
  public var progress: PathSimulation.Progress?

  public init() {}
}

/// One path simulation as the session keeps it.
public struct SimulationRun: Sendable {
  /// The model's name (the run is of the model as it was then).
  public var model: String
  public var result: PathSimulationResult
  /// Its cost, when a price catalog was found.
  public var cost: SimulationCost?

  public init(model: String, result: PathSimulationResult, cost: SimulationCost?) {
    self.model = model
    self.result = result
    self.cost = cost
  }

  /// The time series as a table, `every` seconds a row (a multiple of the bucket width).
  ///
  /// Column keys are stable for reports and `--json`: `t` (start, seconds), `rate`
  /// (arrivals per second), `ok`, `throttles`, `errors`, `timeouts` (per second),
  /// `attempts` (end-client attempts per request), `p99` (the row's largest bucket p99,
  /// seconds), `concurrency` and `queue_depth` (peaks), and with `component`, its `calls`
  /// per second.
  /// - Complexity: O(buckets × histogram buckets).
  public func seriesTable(every width: Double, component: String? = nil) -> ResultTable {
    let series = result.series
    let per = max(1, Int((width / series.bucketWidth).rounded()))
    let seconds = Double(per) * series.bucketWidth
    var columns: [ResultTable.Column] = [
      .init("t", key: "t"), .init("rate"), .init("ok"), .init("throttles"), .init("errors"),
      .init("timeouts"),
    ]
    if result.clientAttempts.contains(where: { $0 > 0 }) { columns.append(.init("attempts")) }
    columns += [.init("p99"), .init("concurrency"), .init("queue depth", key: "queue_depth")]
    let calls = component.flatMap { result.calls(to: $0) }
    if let component, calls != nil { columns.append(.init("\(component) calls", key: "calls")) }
    var table = ResultTable(
      title: "series: \(model), \(SimulationText.seconds(seconds)) rows", columns: columns)
    // One unit down the time axis: minutes when rows are whole minutes, else seconds.
    let minutes = seconds >= 60 && seconds.truncatingRemainder(dividingBy: 60) == 0
    var start = 0
    while start < series.bucketCount {
      let range = start..<min(start + per, series.bucketCount)
      let hasAttempts = columns.contains { $0.key == "attempts" }
      table.append(row(range, minutes: minutes, hasAttempts: hasAttempts, calls: calls))
      start += per
    }
    return table
  }

  private func row(
    _ range: Range<Int>, minutes: Bool, hasAttempts: Bool, calls: [UInt64]?
  ) -> [ResultTable.Cell] {
    let series = result.series
    func sum(_ column: [UInt64]) -> Double {
      Double(range.reduce(UInt64(0)) { $0 &+ column[$1] })
    }
    let span = Double(range.count) * series.bucketWidth
    let arrivals = sum(series.arrivals)
    var p99 = 0.0
    var concurrency = 0
    var depth = 0
    for index in range {
      let bucket = series[index]
      p99 = max(p99, bucket.p99Latency)
      concurrency = max(concurrency, bucket.maxConcurrency)
      depth = max(depth, bucket.maxQueueDepth)
    }
    func rate(_ value: Double) -> ResultTable.Cell {
      let perSecond = value / span
      return .init(SimulationText.number(TimeFormat.rounded(perSecond)), number: perSecond)
    }
    let start = Double(range.lowerBound) * series.bucketWidth
    let label =
      minutes
      ? SimulationText.number(start / 60) + " min" : SimulationText.number(start) + " s"
    var cells: [ResultTable.Cell] = [
      .init(label, number: start),
      rate(arrivals), rate(sum(series.completions)), rate(sum(series.throttles)),
      rate(sum(series.errors)), rate(sum(result.timeouts)),
    ]
    if hasAttempts {
      let perRequest = arrivals > 0 ? sum(result.clientAttempts) / arrivals : 0
      cells.append(
        .init(SimulationText.number(TimeFormat.rounded(perRequest)), number: perRequest))
    }
    cells += [
      .init(p99 > 0 ? TimeFormat.ms(p99) : "-", tag: .value, number: p99),
      .init(SimulationText.number(Double(concurrency)), number: Double(concurrency)),
      .init(SimulationText.number(Double(depth)), number: Double(depth)),
    ]
    if let calls { cells.append(rate(sum(calls))) }
    return cells
  }

  /// A row width giving at most `rows` rows, rounded up to 1, 2, 5 × 10^k buckets.
  public func naturalWidth(rows: Int) -> Double {
    let series = result.series
    let needed = Double(series.bucketCount) / Double(max(rows, 1))
    var scale = 1.0
    while true {
      for step in [1.0, 2.0, 5.0] where step * scale >= needed {
        return step * scale * series.bucketWidth
      }
      scale *= 10
    }
  }
}
