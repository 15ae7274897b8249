import Foundation
import Quantities

/// AWS limits and client defaults the simulator applies where the model names none.
///
/// The AWS quotas are read from `datasets/quotas/aws.yaml` when that file is found (so a
/// what-if quota changes the simulation too), else from `LimitRegistry.builtIn`, the same
/// figures: the simulator and `capacity` read the one registry. The compiler builds a
/// `LimitRegistry` from `quotas` for the limits a model can set (API Gateway's throttle,
/// Lambda's concurrency and reservations, DynamoDB's throughput); the figures below are
/// the ones only the simulator needs, each with the catalog id that sources it.
public struct SimulationLimits: Sendable, Hashable {
  /// The quota catalog's figures (`LimitRegistry.builtIn` when none is found), sorted by
  /// id: values only, in a fixed order, so that a run's fingerprint depends on neither
  /// where the file was read nor a dictionary's order.
  public var quotaFigures: [QuotaFigure] = QuotaFigure.sorted(LimitRegistry.builtIn)

  /// The quota figures by id, for `LimitRegistry`.
  public var quotaValues: [String: Double] {
    Dictionary(quotaFigures.map { ($0.id, $0.value) }, uniquingKeysWith: { first, _ in first })
  }
  /// `lambda.concurrency.account`: concurrent executions per Region.
  public var lambdaAccountConcurrency = LimitRegistry.builtIn["lambda.concurrency.account"] ?? 0
  /// `lambda.scaling.environments_per_10s`: new environments per function per 10 s.
  public var lambdaScalingPer10Seconds =
    LimitRegistry.builtIn["lambda.scaling.environments_per_10s"] ?? 0
  /// `lambda.esm.sqs.initial_batches`: batches an SQS event source mapping starts with.
  public var queueInitialBatches = LimitRegistry.builtIn["lambda.esm.sqs.initial_batches"] ?? 0
  /// `lambda.esm.sqs.scale_up_per_minute`: batches it adds per minute of backlog.
  public var queueBatchesPerMinute =
    LimitRegistry.builtIn["lambda.esm.sqs.scale_up_per_minute"] ?? 0
  /// `lambda.esm.sqs.max_batches`: most batches at once.
  public var queueMaximumBatches = LimitRegistry.builtIn["lambda.esm.sqs.max_batches"] ?? 0
  /// `apigateway.throttle.account_burst`: the account token bucket's size.
  public var gatewayBurst = LimitRegistry.builtIn["apigateway.throttle.account_burst"] ?? 0
  /// The WAF rate rule's window when the model writes its limit per minute (60 s, the
  /// shortest of `waf.rate_based_rule.window.*`).
  public var wafWindow = 60.0
  /// How often WAF checks the rate of a rate-based rule ("about every 10 seconds", WAFV2
  /// API Reference, `RateBasedStatement.EvaluationWindowSec`).
  public var wafCheckInterval = 10.0
  /// Idle environments are reclaimed after this (assumed: AWS does not document it).
  public var idleLifetime = 300.0
  /// DynamoDB client retries: base and cap of full-jitter backoff (AWS SDK for Java 1.x,
  /// `PredefinedRetryPolicies.DYNAMODB_DEFAULT`: 25 ms base, 20 s cap).
  public var sdkBackoffBase = 0.025
  public var sdkBackoffCap = 20.0
  /// End clients: backoff base (assumed 100 ms) and cap (20 s, the AWS SDKs' standard
  /// retry mode's maximum backoff), unless the workload sets `client_backoff*`.
  public var clientBackoffBase = 0.1
  public var clientBackoffCap = 20.0

  /// The built-in figures.
  public init() {}

  /// The figures from a quota catalog, falling back to the built-in ones per entry.
  ///
  /// - Parameter quotas: the catalog, whose figures the compiler's `LimitRegistry` reads.
  public init(quotas: QuotaCatalog) {
    quotaFigures = QuotaFigure.sorted(LimitRegistry.values(of: quotas))
    func read(_ id: String, _ fallback: Double) -> Double {
      LimitRegistry.aws(id, quotas) ?? fallback
    }
    lambdaAccountConcurrency = read("lambda.concurrency.account", lambdaAccountConcurrency)
    lambdaScalingPer10Seconds = read(
      "lambda.scaling.environments_per_10s", lambdaScalingPer10Seconds)
    queueInitialBatches = read("lambda.esm.sqs.initial_batches", queueInitialBatches)
    queueBatchesPerMinute = read("lambda.esm.sqs.scale_up_per_minute", queueBatchesPerMinute)
    queueMaximumBatches = read("lambda.esm.sqs.max_batches", queueMaximumBatches)
    gatewayBurst = read("apigateway.throttle.account_burst", gatewayBurst)
  }

  /// The catalog's figures if the datasets folder has one, else the built-in ones.
  ///
  /// - Parameter directory: the `datasets/` folder, or nil.
  /// - Returns: the limits.
  public static func load(datasets directory: String?) -> SimulationLimits {
    guard let directory,
      let quotas = try? QuotaCatalog.load(datasets: URL(fileURLWithPath: directory))
    else { return SimulationLimits() }
    return SimulationLimits(quotas: quotas)
  }
}

/// One quota's figure, as the simulator keeps it.
public struct QuotaFigure: Sendable, Hashable {
  /// The quota id (`lambda.concurrency.account`).
  public var id: String
  /// Its value.
  public var value: Double

  /// The figures of `values`, sorted by id.
  ///
  /// - Parameter values: figures by id.
  /// - Returns: one figure per id, in id order.
  static func sorted(_ values: [String: Double]) -> [QuotaFigure] {
    values.map { QuotaFigure(id: $0.key, value: $0.value) }.sorted { $0.id < $1.id }
  }
}

/// Numbers and times as the simulator's tables and notes print them.
enum SimulationText {
  /// `20,000`, `2.5`, `0.3`: plain numbers to six significant digits.
  static func number(_ value: Double) -> String {
    Quantity.formatNumber(value)
  }

  /// `30 s`, `1.5 s`, `500 ms`, `2 min`.
  static func seconds(_ value: Double) -> String {
    if value >= 120, value.truncatingRemainder(dividingBy: 60) == 0 {
      return number(value / 60) + " min"
    }
    if value < 1 && value > 0 { return number(value * 1e3) + " ms" }
    return number(value) + " s"
  }

  /// `20k rps`, `2.5M rps`, `850 rps`.
  static func rate(_ value: Double) -> String {
    Quantity(exactly: value, .rate, display: UnitTable.lookup("rps").map(DisplayUnit.init))
      .formatted
  }

  /// A count with thousands separators: `1,234,567`.
  static func count(_ value: UInt64) -> String {
    Quantity.formatNumber(Double(value))
  }
}
