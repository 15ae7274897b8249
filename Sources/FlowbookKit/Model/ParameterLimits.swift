import Quantities

/// The range every parameter value must lie in, by what it measures: one table for model
/// files and `set` alike.
///
/// Why bounds: analyses size grids, loops and allocations by parameter values (a latency
/// grid spans the latencies, Erlang's recurrences run over the servers, a timeline over
/// the health checks), and divide by others (a TTL, an item size, a rate). A value of
/// 1e300 s, `tasks: 1e12` or a TTL of 1e-320 s turns that into a hang, an overflow or an
/// infinity. Every bound is orders of magnitude beyond AWS's own limits (Lambda runs at
/// most 15 min, an SQS message lives at most 14 days, an account's Lambda concurrency is
/// in the tens of thousands), so no real model meets one.
public enum ParameterLimits {
  /// Longest time: a year of 8,760 h, as AWS bills (Step Functions' longest execution).
  public static let maximumTime = 31_536_000.0
  /// Shortest time other than 0: a nanosecond.
  public static let minimumTime = 1e-9
  /// Highest rate: 10¹² per second.
  public static let maximumRate = 1e12
  /// Lowest rate other than 0: one per 10⁹ s (about one per 32 years).
  public static let minimumRate = 1e-9
  /// Largest data size: 1 PB.
  public static let maximumData = 1e15
  /// Smallest data size other than 0: 1 byte.
  public static let minimumData = 1.0
  /// Largest count (tasks, shards, keys, concurrency, …): 10⁹.
  public static let maximumCount = 1e9
  /// Largest Zipf exponent (`zipf_exponent`, `key_skew`, `client_skew`): 10.
  public static let maximumExponent = 10.0
  /// Largest magnitude of any other quantity (prices, GB-s, data rates), in base units.
  public static let maximumMagnitude = 1e15
  /// Most bins of one empirical distribution (samples or histogram).
  public static let maximumBins = 1_000_000
  /// Largest `samples_file`, in bytes.
  public static let maximumSamplesFileBytes = 64 << 20

  /// Counts that are exponents, not numbers of things.
  static let exponents: Set<String> = ["zipf_exponent", "key_skew", "client_skew"]

  /// What is wrong with `value` as a parameter of dimension `dimension`, or nil.
  /// - Parameters:
  ///   - value: the value in base units (seconds, bytes, requests per second, dollars).
  ///   - dimension: what it measures.
  ///   - name: the parameter's name (exponents have their own bound).
  /// - Returns: a sentence naming the bound, or nil when the value is in range.
  public static func problem(_ value: Double, _ dimension: PhysicalDimension, name: String)
    -> String?
  {
    guard value.isFinite else { return "it must be a finite number" }
    if dimension == .time {
      return range(value, minimumTime, maximumTime, "time", seconds: true)
    }
    if dimension == .rate {
      return range(value, minimumRate, maximumRate, "rate", unit: "/s")
    }
    if dimension == .data {
      return range(value, minimumData, maximumData, "data size", unit: " B")
    }
    if dimension.isDimensionless {
      if exponents.contains(name) {
        return value <= maximumExponent
          ? nil : "an exponent is at most \(number(maximumExponent))"
      }
      return value <= maximumCount ? nil : "a count is at most \(number(maximumCount))"
    }
    return abs(value) <= maximumMagnitude
      ? nil : "its magnitude is at most \(number(maximumMagnitude)) in base units"
  }

  /// What is wrong with a time inside a distribution, or nil.
  /// - Parameter seconds: the time.
  /// - Returns: a sentence naming the bound, or nil.
  public static func timeProblem(_ seconds: Double) -> String? {
    guard seconds.isFinite else { return "a latency must be a finite time" }
    return range(seconds, minimumTime, maximumTime, "latency", seconds: true)
  }

  private static func range(
    _ value: Double, _ low: Double, _ high: Double, _ what: String, unit: String = "",
    seconds: Bool = false
  ) -> String? {
    func shown(_ x: Double) -> String {
      seconds ? DistributionSyntax.time(x) : number(x) + unit
    }
    if value < 0 { return "a \(what) cannot be negative (\(shown(value)))" }
    if value > high { return "a \(what) is at most \(shown(high)), not \(shown(value))" }
    if value > 0, value < low {
      // The value itself may be subnormal: say only which side of the bound it is.
      return "a \(what) is 0 or at least \(shown(low)); this one is smaller"
    }
    return nil
  }

  private static func number(_ x: Double) -> String {
    Quantity.formatNumber(x)
  }
}
