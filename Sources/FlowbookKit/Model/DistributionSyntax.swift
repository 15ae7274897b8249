import Quantities

/// How distributions are written and read outside model files: `lognormal(5 ms, 12 ms)`,
/// `exponential(2 ms)`, `uniform(0 ms, 40 ms)`, `fixed(3 ms)`, and the fields that
/// addresses reach into (`dynamodb.latency.p99`).
///
/// The same spellings print in `show` and parse in `set`, so what the shell shows can be
/// typed back.
public enum DistributionSyntax {
  /// The constructors `set` understands, with their arguments.
  public static let constructors: [String: String] = [
    "fixed": "fixed(T): always T",
    "exponential": "exponential(MEAN)",
    "lognormal": "lognormal(P50, P99): lognormal through its median and 99th percentile",
    "uniform": "uniform(LOW, HIGH)",
  ]

  /// The distribution as it prints in `show`.
  public static func format(_ distribution: Distribution) -> String {
    switch distribution {
    case .fixed(let v): return time(v)
    case .uniform(let a, let b): return "uniform(\(time(a)), \(time(b)))"
    case .exponential(let mean): return "exponential(\(time(mean)))"
    case .lognormal(let p50, let p99): return "lognormal(p50 \(time(p50)), p99 \(time(p99)))"
    case .mixture(let arms):
      let parts = arms.map { arm in
        Quantity.fraction(arm.weight).formatted + " " + format(arm.distribution)
      }
      return "mixture(" + parts.joined(separator: "; ") + ")"
    case .empirical(let e): return "empirical(\(e.bins.count) bins)"
    }
  }

  /// The fields of `distribution` that an address can read and `set` can change.
  public static func fields(of distribution: Distribution) -> [String] {
    switch distribution {
    case .fixed: return ["value"]
    case .uniform: return ["lower", "upper"]
    case .exponential: return ["mean"]
    case .lognormal: return ["p50", "p99"]
    case .mixture, .empirical: return []
    }
  }

  /// The value of `field`, in seconds.
  public static func field(_ field: String, of distribution: Distribution) -> Double? {
    switch (distribution, field) {
    case (.fixed(let v), "value"): return v
    case (.uniform(let a, _), "lower"): return a
    case (.uniform(_, let b), "upper"): return b
    case (.exponential(let m), "mean"): return m
    case (.lognormal(let p50, _), "p50"): return p50
    case (.lognormal(_, let p99), "p99"): return p99
    default: return nil
    }
  }

  /// The distribution with `field` changed to `value` seconds; nil if it has no such field.
  public static func setting(_ field: String, of distribution: Distribution, to value: Double)
    -> Distribution?
  {
    switch (distribution, field) {
    case (.fixed, "value"): return .fixed(value)
    case (.uniform(_, let b), "lower"): return .uniform(lower: value, upper: b)
    case (.uniform(let a, _), "upper"): return .uniform(lower: a, upper: value)
    case (.exponential, "mean"): return .exponential(mean: value)
    case (.lognormal(_, let p99), "p50"): return .lognormal(p50: value, p99: p99)
    case (.lognormal(let p50, _), "p99"): return .lognormal(p50: p50, p99: value)
    default: return nil
    }
  }

  /// Builds a distribution from a constructor name and time arguments (seconds).
  /// - Throws: a message naming the constructor's arguments.
  public static func make(_ name: String, _ arguments: [Double]) throws(Diagnostic)
    -> Distribution
  {
    func need(_ n: Int) throws(Diagnostic) {
      guard arguments.count == n else {
        let usage = constructors[name] ?? name
        throw Diagnostic("\(name)() takes \(n) time\(n == 1 ? "" : "s"): \(usage)")
      }
    }
    let result: Distribution
    switch name {
    case "fixed":
      try need(1)
      result = .fixed(arguments[0])
    case "exponential":
      try need(1)
      result = .exponential(mean: arguments[0])
    case "lognormal":
      try need(2)
      result = .lognormal(p50: arguments[0], p99: arguments[1])
    case "uniform":
      try need(2)
      result = .uniform(lower: arguments[0], upper: arguments[1])
    default:
      throw Diagnostic(
        "unknown distribution '\(name)'",
        suggestions: Suggestion.nearest(to: name, among: Array(constructors.keys)))
    }
    if let problem = problem(result) { throw Diagnostic(problem) }
    return result
  }

  /// What is wrong with a distribution a person wrote, or nil: negative times, a p99 not
  /// above the p50, mixture weights that do not sum to 1, a time outside
  /// `ParameterLimits`, weights of an empirical distribution that are not finite or sum to
  /// 0, more than `ParameterLimits.maximumBins` bins, and whatever else the latency engine
  /// cannot use (`Distribution.problem`).
  public static func problem(_ distribution: Distribution) -> String? {
    if let problem = shapeProblem(distribution) { return problem }
    if let problem = boundProblem(distribution) { return problem }
    return distribution.problem
  }

  private static func shapeProblem(_ distribution: Distribution) -> String? {
    switch distribution {
    case .fixed(let v):
      return v < 0 ? "a latency cannot be negative (\(time(v)))" : nil
    case .uniform(let a, let b):
      if a < 0 { return "a latency cannot be negative (\(time(a)))" }
      return b < a ? "uniform's upper bound \(time(b)) is below its lower \(time(a))" : nil
    case .exponential(let m):
      return m <= 0 ? "an exponential's mean must be positive, not \(time(m))" : nil
    case .lognormal(let p50, let p99):
      if p50 <= 0 { return "a lognormal's p50 must be positive, not \(time(p50))" }
      return p99 <= p50
        ? "a lognormal's p99 (\(time(p99))) must be above its p50 (\(time(p50)))"
        : nil
    case .mixture(let arms):
      let total = arms.reduce(0) { $0 + $1.weight }
      if abs(total - 1) > 1e-9 {
        return "mixture weights sum to \(Quantity.fraction(total).formatted), not 100%"
      }
      return arms.lazy.compactMap { problem($0.distribution) }.first
    case .empirical(let e):
      if e.bins.isEmpty { return "an empirical distribution needs at least one sample" }
      if e.bins.contains(where: { !$0.weight.isFinite || $0.weight < 0 }) {
        return "a histogram weight must be a finite number of at least 0"
      }
      let total = e.bins.reduce(0) { $0 + $1.weight }
      if total == 0 {
        return "the histogram's weights sum to 0; give at least one bin a positive weight"
      }
      if !total.isFinite {
        return "the histogram's weights sum past the largest number; scale them down"
      }
      return e.bins.contains { $0.lower < 0 } ? "a latency sample cannot be negative" : nil
    }
  }

  /// The first time outside `ParameterLimits`, or too many bins.
  private static func boundProblem(_ distribution: Distribution) -> String? {
    switch distribution {
    case .fixed(let v): return ParameterLimits.timeProblem(v)
    case .uniform(let a, let b), .lognormal(let a, let b):
      return ParameterLimits.timeProblem(a) ?? ParameterLimits.timeProblem(b)
    case .exponential(let m): return ParameterLimits.timeProblem(m)
    case .mixture(let arms): return arms.lazy.compactMap { boundProblem($0.distribution) }.first
    case .empirical(let e):
      guard e.bins.count <= ParameterLimits.maximumBins else {
        return "an empirical distribution has at most "
          + "\(Quantity.formatNumber(Double(ParameterLimits.maximumBins))) bins, not "
          + Quantity.formatNumber(Double(e.bins.count))
      }
      return e.bins.lazy.compactMap {
        ParameterLimits.timeProblem($0.lower) ?? ParameterLimits.timeProblem($0.upper)
      }.first
    }
  }

  static func time(_ seconds: Double) -> String {
    Quantity(exactly: seconds, .time).formatted
  }
}
