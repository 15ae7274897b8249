import Dispatch
import Foundation

/// Both engines on one model and scenario, figure by figure, with a verdict on each.
///
/// The analytical side is `ScenarioFluid` (limits, scale-out, cold starts, the SQS fluid)
/// and the latency composition; the simulated side is `PathSimulation` replicated. The
/// procedure, so that a verdict means something:
/// 1. **Warm-up**: a pilot run (replication 0) gives the time series; MSER-5
///    (`WarmUp.mser5`) over each bucket's mean latency picks the truncation, capped at the
///    first change of traffic or fault (what follows is the scenario, not the start-up)
///    and at half the run. Figures counted per request leave it out; the analytical side
///    leaves out the same seconds.
/// 2. **Replications** are added, 4 and then 2 at a time (a fixed schedule, so the count,
///    and the output, do not depend on the machine's cores), until every interval's
///    half-width is within `target` of its figure, or `maxReplications` or the arrival
///    budget is reached, which the report says.
/// 3. **Intervals** (95 %): Student t over replications for means, shares and peaks (Law,
///    *Simulation Modeling and Analysis*, §9.4.1); for percentiles, sectioning about the
///    pooled percentile (Asmussen & Glynn 2007, §III.5a), never narrower than the
///    order-statistic interval of the pooled sample (a binomial interval on the rank,
///    exact for independent latencies) nor than the histogram's 0.1 % resolution. A
///    replication that sees fewer than 100 requests beyond a percentile gets a caution:
///    its quantile is biased and the interval's coverage is not assured.
/// 4. **Verdict**: the engines agree when the analytical figure lies within the interval
///    widened by the metric's tolerance (a stated share of the figure). Otherwise the
///    known reasons the engines must differ are looked for (queueing, admission of a
///    request that makes several calls, …) and named; a difference without one is a
///    disagreement to investigate.
public enum Validation {
  /// How far to go.
  public struct Options: Sendable, Hashable {
    /// Wanted half-width of every interval, as a share of its figure.
    public var target = 0.05
    /// The most replications (at least the first batch of 4).
    public var maxReplications = 20
    /// The most arrivals over all replications (flowbook's bound on one command's work).
    public var arrivalBudget = 2e8

    public init(target: Double = 0.05, maxReplications: Int = 20) {
      self.target = target
      self.maxReplications = maxReplications
    }
  }

  /// The first batch of replications, and each later one.
  static let firstBatch = 4
  static let laterBatch = 2
  /// Requests beyond a percentile a replication must see for its interval's coverage.
  static let tailObservations = 100.0

  /// What a figure is, for printing.
  public enum Format: Sendable, Hashable {
    case latency, share, seconds, count
    case rate(String)
  }

  /// One figure of both engines.
  public struct Metric: Sendable {
    public var key: String
    public var label: String
    public var format: Format
    public var analytic: Double
    /// Allowed difference as a share of max(|analytic|, `floor`).
    public var tolerance: Double
    public var floor: Double
    /// A percentile (0…100) of successful latencies, else nil.
    public var percentile: Double?
    /// Per replication, the simulated figure (unused for percentiles).
    public var value: @Sendable (PathSimulationResult) -> Double
    /// What the analytical figure leaves out, for a difference that has a known cause.
    public var knownDifference: @Sendable ([PathSimulationResult]) -> String?

    /// The band around the interval inside which the engines agree.
    public var allowance: Double { tolerance * max(abs(analytic), floor) }
  }

  /// The verdict on one figure.
  public enum Verdict: Sendable, Hashable {
    case agrees
    /// The engines differ for a reason flowbook knows and names.
    case differs(because: String)
    /// They differ and nothing known explains it.
    case disagrees
  }

  /// One figure's outcome.
  public struct Row: Sendable {
    public var metric: Metric
    public var interval: ConfidenceInterval
    public var verdict: Verdict
    /// Why the interval's coverage is not assured, if it is not.
    public var caution: String?
  }

  /// The whole outcome.
  public struct Report: Sendable {
    public var model: String
    /// The scenario in words: `20 s, 20k rps Poisson, spike 5x at 10 s for 5 s, seed 1`.
    public var title: String
    public var scenario: SimulationScenario
    public var rows: [Row]
    public var replications: Int
    public var truncation: WarmUp.Truncation
    /// Seconds discarded at the start, and why that length.
    public var warmUp: Double
    public var warmUpBasis: String
    /// Whether every interval reached the target, and else what stopped the replications.
    public var targetReached: Bool
    public var stop: String
    public var fluid: ScenarioFluid
  }

  /// Runs both engines and compares them.
  ///
  /// - Parameters:
  ///   - model: The path model.
  ///   - scenario: What `simulate` would run; its warm-up is replaced by MSER-5's and its
  ///     bucket width by a hundredth of the run.
  ///   - quotas: AWS's quotas (the simulator's figures come from the same catalog).
  ///   - options: The precision target and the bounds.
  ///   - interruption: Polled between batches and within runs.
  /// - Returns: Every figure with both engines' values and a verdict.
  /// - Throws: A diagnostic for a scenario either engine cannot run.
  /// - Complexity: up to `maxReplications` + 1 simulation runs.
  public static func run(
    model: PathModel, scenario: SimulationScenario, quotas: QuotaCatalog?,
    options: Options = Options(), interruption: Interruption? = nil
  ) throws(Diagnostic) -> Report {
    var scenario = scenario
    scenario.bucketWidth = scenario.duration / 100
    scenario.warmUp = 0
    let pilot = try PathSimulation.run(
      model: model, scenario: scenario, replication: 0, parallel: false,
      interruption: interruption)
    let (truncation, warmUp, basis) = Self.warmUp(pilot, scenario)
    scenario.warmUp = warmUp
    let fluid = try ScenarioFluid(model: model, scenario: scenario, quotas: quotas)
    let metrics = try Self.metrics(model, scenario, fluid)
    var results: [PathSimulationResult] = warmUp == 0 ? [pilot] : []
    let perRun = max(1, fluid.offered(from: 0, to: scenario.duration))
    var stop = ""
    var reached = false
    while true {
      let wanted = results.count < firstBatch ? firstBatch - results.count : laterBatch
      let count = min(wanted, options.maxReplications - results.count)
      if count > 0 {
        try interruption?.check("validate's replications", progress: 0)
        results += try PathSimulation.replicate(
          model: model, scenario: scenario, replications: count, offset: results.count,
          interruption: interruption)
      }
      let rows = metrics.map { row($0, results, target: options.target) }
      if rows.allSatisfy({ narrow($0, target: options.target) }) {
        reached = true
        stop = "every interval within ±\(TimeFormat.share(options.target)) of its figure"
        break
      }
      let wide = rows.filter { !narrow($0, target: options.target) }.map(\.metric.label)
      if results.count >= options.maxReplications {
        stop =
          "stopped at the maximum of \(options.maxReplications) replications; wider than "
          + "±\(TimeFormat.share(options.target)): " + wide.joined(separator: ", ")
        break
      }
      if Double(results.count + laterBatch) * perRun > options.arrivalBudget {
        stop =
          "stopped at the budget of \(SimulationText.number(options.arrivalBudget)) arrivals "
          + "(\(results.count) replications); wider than ±\(TimeFormat.share(options.target)): "
          + wide.joined(separator: ", ")
        break
      }
    }
    return Report(
      model: model.name,
      title: String(SimulateCommand.title(pilot).drop { $0 != ":" }.dropFirst(2)),
      scenario: scenario, rows: metrics.map { row($0, results, target: options.target) },
      replications: results.count, truncation: truncation, warmUp: warmUp,
      warmUpBasis: basis, targetReached: reached, stop: stop, fluid: fluid)
  }

  /// MSER-5 on the pilot's per-bucket mean latency, capped at the first change in the
  /// scenario and at half the run.
  static func warmUp(_ pilot: PathSimulationResult, _ scenario: SimulationScenario)
    -> (WarmUp.Truncation, Double, String)
  {
    let series = pilot.series
    let buckets = 0..<series.bucketCount
    let truncation = WarmUp.mser5(
      values: buckets.map { series.latencies[$0].mean },
      weights: buckets.map { Double(series.latencies[$0].count) })
    var warmUp = Double(truncation.buckets) * scenario.bucketWidth
    var basis =
      "MSER-5 over \(truncation.batches) batches of 5 buckets of "
      + SimulationText.seconds(scenario.bucketWidth)
    if truncation.batches < WarmUp.fewestBatches {
      basis += ": too few to apply, nothing discarded"
    }
    let firstChange =
      (scenario.traffic.changePoints(from: 0, to: scenario.duration)
      + scenario.faults.map(\.start)).min() ?? scenario.duration
    if warmUp > firstChange {
      warmUp = firstChange
      basis += ", cut to the first change at \(SimulationText.seconds(firstChange))"
    }
    warmUp = min(warmUp, scenario.duration / 2)
    return (truncation, warmUp, basis)
  }

  // MARK: - Intervals and verdicts

  static func row(_ metric: Metric, _ results: [PathSimulationResult], target: Double) -> Row {
    var caution: String?
    var interval: ConfidenceInterval
    if let percentile = metric.percentile {
      var pooled = StreamingHistogram()
      for result in results { pooled.merge(result.latency) }
      let estimates = results.map { $0.percentile(percentile) }
      if results.count >= 2, pooled.count > 0 {
        interval = ConfidenceInterval(
          sectioning: estimates, pooled: pooled.percentile(percentile))
        interval.halfWidth = max(
          interval.halfWidth, orderStatisticHalfWidth(pooled, percentile: percentile))
      } else {
        interval = ConfidenceInterval(mean: pooled.percentile(percentile), halfWidth: 0, n: 1)
      }
      interval = interval.widened(toResolution: StreamingHistogram.relativeResolution)
      let fewest = results.map { Double($0.latency.count) }.min() ?? 0
      if fewest * (1 - percentile / 100) < tailObservations {
        caution =
          "\(metric.label): fewer than \(Int(tailObservations)) requests beyond it in a "
          + "replication; the interval may cover less than 95%"
      }
    } else {
      let values = results.map(metric.value)
      interval =
        values.count >= 2
        ? ConfidenceInterval(estimates: values)
        : ConfidenceInterval(mean: values.first ?? 0, halfWidth: 0, n: values.count)
    }
    let gap = abs(interval.mean - metric.analytic)
    let verdict: Verdict
    if gap <= interval.halfWidth + metric.allowance {
      verdict = .agrees
    } else if let reason = metric.knownDifference(results) {
      verdict = .differs(because: reason)
    } else {
      verdict = .disagrees
    }
    return Row(metric: metric, interval: interval, verdict: verdict, caution: caution)
  }

  /// Half the width of the 95 % order-statistic interval of the pooled sample's
  /// percentile: ranks n·q ± 1.96·√(n·q·(1 − q)) (the binomial count below the quantile,
  /// David & Nagaraja, *Order Statistics*, §7.1).
  static func orderStatisticHalfWidth(_ pooled: StreamingHistogram, percentile: Double)
    -> Double
  {
    let n = Double(pooled.count)
    let q = percentile / 100
    guard n > 0, q > 0, q < 1 else { return 0 }
    let spread = 1.959963984540054 * (q * (1 - q) / n).squareRoot()
    let lower = pooled.percentile(max(0, q - spread) * 100)
    let upper = pooled.percentile(min(1, q + spread) * 100)
    return (upper - lower) / 2
  }

  /// Whether the interval is as narrow as the target asks.
  static func narrow(_ row: Row, target: Double) -> Bool {
    row.interval.halfWidth <= target * max(abs(row.interval.mean), row.metric.floor) + 1e-12
  }
}

extension ConfidenceInterval {
  /// An interval given by its parts (one replication: no spread to measure).
  init(mean: Double, halfWidth: Double, n: Int) {
    self.init(estimates: [mean, mean])
    self.halfWidth = halfWidth
    self.replications = n
  }
}
