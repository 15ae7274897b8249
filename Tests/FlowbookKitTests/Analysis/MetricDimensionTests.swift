import Quantities
import Testing

@testable import FlowbookKit

/// Every registered metric, read through an expression in the unit it means.
///
/// A metric's dimension is checked the way a person uses it: `cost.per_million -> $/1M req`
/// must print the figure `cost` prints, and `cost.per_million * workload.peak * 1 h` must be
/// dollars. A metric declared in the wrong dimension or scale (dollars where it means
/// dollars per million requests) fails here, and a new metric fails until it is listed.
struct MetricDimensionTests {
  /// The unit each metric means, as a person converts to it, and an expression of one of it.
  static let meaning: [String: (unit: String, one: String)] = [
    "latency.p50": ("ms", "1 ms"), "latency.p90": ("ms", "1 ms"), "latency.p99": ("ms", "1 ms"),
    "latency.p999": ("ms", "1 ms"), "latency.mean": ("ms", "1 ms"),
    "latency.failure": ("%", "1%"),
    "cost.per_million": ("$/1M req", "$1 / 1M req"),
    "cost.variable_per_million": ("$/1M req", "$1 / 1M req"),
    "cost.monthly": ("$/month", "$1 / month"), "cost.fixed_monthly": ("$/month", "$1 / month"),
    "capacity.max_rate": ("rps", "1 rps"), "capacity.peak_use": ("%", "1%"),
    "capacity.lambda_concurrency": ("req", "1 req"),
    "capacity.lambda_concurrency_peak": ("req", "1 req"),
    "capacity.lambda_scale_time": ("s", "1 s"), "capacity.gateway_rate": ("rps", "1 rps"),
    "capacity.dynamodb_read_units": ("rps", "1 rps"),
    "cache.hit_ratio": ("%", "1%"), "cache.origin_rate": ("rps", "1 rps"),
    "cache.edge_miss_rate": ("rps", "1 rps"), "cache.database_rate": ("rps", "1 rps"),
    "queue.peak_depth": ("msg", "1 msg"), "queue.oldest_age": ("s", "1 s"),
    "queue.drain_time": ("s", "1 s"), "queue.empty_at": ("s", "1 s"),
    "queue.throttled": ("%", "1%"),
    "failover.detection": ("s", "1 s"), "failover.rto": ("s", "1 s"),
    "failover.rto_worst": ("s", "1 s"), "failover.rpo": ("s", "1 s"),
    "failover.failed_requests": ("req", "1 req"),
    "simulate.latency_p50": ("ms", "1 ms"), "simulate.latency_p99": ("ms", "1 ms"),
    "simulate.ok": ("%", "1%"), "simulate.throttled": ("%", "1%"),
    "simulate.errored": ("%", "1%"), "simulate.timed_out": ("%", "1%"),
    "simulate.dead_lettered": ("%", "1%"), "simulate.function_timeouts": ("req", "1 req"),
    "simulate.reprocessed": ("msg", "1 msg"), "simulate.amplification": ("%", "1%"),
    "simulate.attempts": ("req", "1 req"), "simulate.recovered": ("%", "1%"),
    "simulate.recovery_time": ("s", "1 s"),
    "availability.path": ("%", "1%"), "availability.downtime": ("min", "1 min"),
  ]

  /// The value of `expression` in `session` (base units and their spelling), or an issue.
  static func value(
    _ expression: String, _ session: Session, sourceLocation: SourceLocation = #_sourceLocation
  ) -> (value: Double, unit: String)? {
    let cell = session.execute(expression)
    guard case .success(let result) = cell.outcome,
      case .number(let value)? = result.data["value"],
      case .string(let unit)? = result.data["unit"]
    else {
      Issue.record("\(expression): \(cell.plainOutput)", sourceLocation: sourceLocation)
      return nil
    }
    return (value, unit)
  }

  @Test func everyMetricIsListedWithTheDimensionItMeans() {
    let session = Session()
    for analysis in AnalysisRegistry.standard.analyses {
      for metric in analysis.metrics {
        let name = "\(analysis.name).\(metric.name)"
        guard let meant = Self.meaning[name] else {
          Issue.record("\(name) is not listed: add the unit it means to MetricDimensionTests")
          continue
        }
        guard let one = Self.value(meant.one, session) else { continue }
        #expect(one.unit == metric.dimension.baseUnits, "\(name) is declared \(metric.dimension)")
      }
    }
  }

  /// Each metric the golden path (or the burst model, for queues) evaluates converts to the
  /// unit it means, and its display unit reads back as the same figure.
  @Test(arguments: ["golden-path", "serverless-burst"])
  func everyMetricConvertsToItsUnit(model: String) throws {
    let session = ModelFixtures.session()
    #expect(session.execute("load \(model)").succeeded)
    let loaded = try session.workspace.requireModel()
    for analysis in AnalysisRegistry.standard.analyses where analysis.evaluatedByDefault {
      guard
        case .success((let values, _)) = AnalysisRegistry.standard.evaluate(
          analysis, on: loaded)
      else { continue }
      for (metric, metricValue) in zip(analysis.metrics, values) {
        let value = metricValue.value
        let name = "\(analysis.name).\(metric.name)"
        let meant = try #require(Self.meaning[name])
        guard let converted = Self.value("\(name) -> \(meant.unit)", session) else { continue }
        #expect(converted.value == value.value, "\(name)")
        #expect(converted.unit == value.dimension.baseUnits, "\(name)")
        if let display = metric.display, display.text != "RRU/s", !display.text.isEmpty {
          let shown = session.execute("\(name) -> \(display.text)").plainOutput
          #expect(shown == value.formatted, "\(name) shown as \(display.text)")
        }
      }
    }
  }

  @Test func costPerMillionIsDollarsPerMillionRequests() throws {
    let session = ModelFixtures.session()
    let data = CostCommandTests.data(session.execute("cost"))
    let perMillion = try #require(CostCommandTests.number(data["per_million"]))
    let shown = session.execute("cost.per_million -> $/1M req").plainOutput
    #expect(shown == Quantity.dollars(perMillion).formatted + "/1M req", "\(shown)")
    let hour = try #require(Self.value("cost.per_million * workload.peak * 1 h", session))
    #expect(hour.unit == "USD")
    expectRelative(hour.value, perMillion / 1e6 * 2.5e6 * 3_600, 1e-6, "an hour at the peak")
    let month = try #require(Self.value("cost.per_million * workload.rate * 1 month", session))
    let monthly = try #require(Self.value("cost.monthly * 1 month", session))
    expectRelative(month.value, monthly.value, 1e-9, "a month at the rate")
  }
}
