import Foundation

/// A source of random durations (interarrival or service times) for the queue simulator.
///
/// This is the one small place where the simulator turns uniform draws into times until
/// `Distribution.sample(using:)` (in `Analysis/`) can take over. Exponential and fixed
/// times are cases rather than closures so that the hot loop pays a `switch`, not an
/// indirect call; anything else (a G/G/c experiment) is a `custom` closure.
public enum TimeSampler: Sendable {
  /// Exponential times with the given rate (events per second): a Poisson stream.
  case exponential(rate: Double)
  /// Always exactly this many seconds.
  case deterministic(Double)
  /// Any sampler; it must draw only from the generator it is given and return a finite
  /// time ≥ 0. `mean` (seconds) lets the simulator check stability; `nil` if unknown.
  case custom(mean: Double?, sample: @Sendable (inout SeededGenerator) -> Double)

  /// Draws one duration in seconds.
  ///
  /// Exponential times use inversion, −ln(U)/λ with U uniform on (0, 1] (Devroye,
  /// *Non-Uniform Random Variate Generation*, 1986, §II.2), so U = 1 gives 0 and a draw
  /// is never infinite.
  ///
  /// - Complexity: O(1) for the built-in cases.
  @inline(__always)
  public func sample(using generator: inout SeededGenerator) -> Double {
    switch self {
    case .exponential(let rate):
      let u = generator.uniformPositive()
      if !(u > 0 && u <= 1) {
        preconditionFailure("SeededGenerator.uniformPositive() returned \(u), outside (0, 1]")
      }
      return -log(u) / rate
    case .deterministic(let value):
      return value
    case .custom(_, let sample):
      let value = sample(&generator)
      precondition(value >= 0 && value.isFinite, "custom sampler returned \(value)")
      return value
    }
  }

  /// The mean duration in seconds, when known.
  public var mean: Double? {
    switch self {
    case .exponential(let rate): return 1 / rate
    case .deterministic(let value): return value
    case .custom(let mean, _): return mean
    }
  }

  /// Variance over squared mean: 1 for exponential times, 0 for fixed ones; 1 (as if
  /// exponential) for a custom sampler, whose variability is not known.
  public var squaredCoefficientOfVariation: Double {
    switch self {
    case .exponential: return 1
    case .deterministic: return 0
    case .custom: return 1
    }
  }

  /// Why this sampler cannot be used, or `nil` if it can.
  var problem: String? {
    switch self {
    case .exponential(let rate) where !(rate > 0 && rate.isFinite):
      return "an exponential rate must be a positive finite number of events per second, "
        + "got \(rate)"
    case .deterministic(let value) where !(value >= 0 && value.isFinite):
      return "a fixed time must be a finite number of seconds ≥ 0, got \(value)"
    default:
      return nil
    }
  }
}
