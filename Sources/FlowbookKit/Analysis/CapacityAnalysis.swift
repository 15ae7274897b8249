import Foundation
import Quantities

/// What each component must carry at the workload's average and peak rate, and which
/// limits that breaks, by how much, and at what rate the path stops fitting.
///
/// Demand comes from `CapacityLoad`: rates are the path rate × visits; work in flight is
/// Little's law, L = λW (Little, "A Proof for the Queuing Formula L = λW", Operations
/// Research 9(3), 1961), with W the mean time a visit holds the component (a Lambda
/// environment is held through start-up, the handler and the calls it waits for). Every
/// demand is proportional to the rate, so each limit breaks at one path rate; the first
/// to break is the one with the lowest such rate.
///
/// Limits are the model's figures where it gives them (`api_gateway.rate_limit`,
/// `lambda.concurrency_limit`: the account as modelled) and AWS's default quotas from
/// `datasets/quotas/aws.yaml` otherwise; both are shown, with the quota's source and
/// whether AWS raises it on request.
public enum CapacityAnalysis {
  /// One measure of load on one component, proportional to the path rate.
  public struct Demand: Sendable, Hashable {
    public var component: String
    /// The unit of the load: `concurrent executions`, `requests/s`, `RRU/s` and so on.
    public var measure: String
    /// The measure per 1 request/s entering the path.
    public var perRate: Double
    /// Whether the measure is whole units (environments, partitions): shown rounded up.
    public var whole: Bool

    public func at(_ rate: Double) -> Double {
      let value = perRate * rate
      return whole ? (value - 1e-9).rounded(.up) : value
    }
  }

  /// A limit the path's load runs into.
  public struct Limit: Sendable, Hashable {
    /// `apigateway.throttle`, `lambda.concurrency`, `dynamodb.read_units`: the AWS service
    /// for account-wide quotas, the component for per-resource ones.
    public var name: String
    /// What is limited, with its unit (`requests/s reaching API Gateway`).
    public var meaning: String
    /// Need per 1 request/s entering the path.
    public var perRate: Double
    /// The limit in force: the model's figure if set, else AWS's default.
    public var limit: Double
    /// Where `limit` comes from: `model (seed line 48)` or `AWS default`.
    public var limitSource: String
    /// AWS's default quota, with source, date and adjustability.
    public var quota: QuotaEntry?

    public func need(at rate: Double) -> Double { perRate * rate }

    /// The path rate at which need reaches the limit.
    public var breakRate: Double { perRate > 0 ? limit / perRate : .infinity }

    /// AWS's default value, if the dataset gives one.
    public var defaultValue: Double? { quota?.value }
  }

  /// How long a function takes to scale, at 1,000 new environments per 10 s.
  public struct Scaling: Sendable, Hashable {
    public var function: String
    /// Seconds from the concurrency at the workload's rate to that at its peak.
    public var fromRate: Double
    /// Seconds from no environments to the peak's concurrency.
    public var fromZero: Double
  }

  public struct Report: Sendable {
    public var model: String
    public var rate: Double
    /// The workload's peak, if it gives one.
    public var peak: Double?
    public var demands: [Demand]
    /// Every limit, the first to break first.
    public var limits: [Limit]
    public var scaling: [Scaling]
    /// Burst, ramp and sizing remarks (the burst bucket, a new table's ramp).
    public var notes: [String]

    /// The rate limits are judged at: the peak, else the average.
    public var judgedRate: Double { peak ?? rate }

    /// The limit that breaks at the lowest path rate.
    public var firstLimit: Limit? {
      limits.filter { $0.perRate > 0 }.min { $0.breakRate < $1.breakRate }
    }

    /// Limits whose need at the judged rate exceeds them, worst first.
    public var broken: [Limit] {
      limits.filter { $0.need(at: judgedRate) > $0.limit * (1 + 1e-12) }
        .sorted { $0.need(at: judgedRate) / $0.limit > $1.need(at: judgedRate) / $1.limit }
    }

    /// The highest need / limit at the judged rate.
    public var peakUse: Double {
      limits.map { $0.need(at: judgedRate) / $0.limit }.max() ?? 0
    }
  }

  /// The capacity report of `model` against `quotas`.
  /// - Throws: a diagnostic when the model has no `workload.rate`.
  /// - Complexity: O(path size × components), plus one latency composition per fan-out or
  ///   retry block.
  public static func report(_ model: PathModel, quotas: QuotaCatalog) throws(Diagnostic)
    -> Report
  {
    guard let rate = model.workload.rate?.value, rate > 0 else {
      throw Diagnostic(
        "the request rate is not set: set workload.rate (e.g. set "
          + "workload.rate = 850k rps)")
    }
    let peak = model.workload.peak?.value
    let load = try CapacityLoad.of(model).addingSidePaths(of: model)
    var builder = CapacityBuilder(
      model: model, load: load, quotas: quotas, rate: rate,
      peak: peak)
    builder.build()
    let limits = builder.limits.enumerated().sorted { lhs, rhs in
      lhs.element.breakRate != rhs.element.breakRate
        ? lhs.element.breakRate < rhs.element.breakRate : lhs.offset < rhs.offset
    }.map(\.element)
    return Report(
      model: model.name, rate: rate, peak: peak, demands: builder.demands,
      limits: limits, scaling: builder.scaling, notes: builder.notes)
  }

  /// The highest path rate no limit refuses, by bisection over the rate, and the limit
  /// that refuses more.
  ///
  /// Demands are linear in the rate today, so this equals `firstLimit.breakRate`; the
  /// bisection does not rely on it, so a limit that is not (tasks rounded up, a ramp) can
  /// join without changing the search. 100 halvings reach far below a request per second.
  /// - Returns: nil when no limit applies to the path.
  /// - Complexity: O(100 × limits).
  public static func maximumRate(_ report: Report) -> (rate: Double, limit: Limit)? {
    func refused(_ rate: Double) -> Limit? {
      report.limits.filter { $0.need(at: rate) > $0.limit }
        .min { $0.breakRate < $1.breakRate }
    }
    guard report.limits.contains(where: { $0.perRate > 0 }) else { return nil }
    var low = 0.0
    var high = max(report.rate, 1)
    while refused(high) == nil {
      low = high
      high *= 2
      if high > 1e15 { return nil }
    }
    for _ in 0..<100 {
      let middle = (low + high) / 2
      if middle <= low || middle >= high { break }
      if refused(middle) == nil { low = middle } else { high = middle }
    }
    guard let limit = refused(high) else { return nil }
    return (low, limit)
  }
}
