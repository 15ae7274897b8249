import Foundation

/// The steady-state means of an M/G/1 queue: Poisson arrivals, one server, any service-time
/// distribution given by its mean and squared coefficient of variation (SCV = variance /
/// mean²).
///
/// A single-threaded consumer (a FIFO message group, a shard's single Lambda, a Redis
/// primary's command loop) rarely has exponential service; the Pollaczek–Khinchine mean-value
/// formula needs only the first two moments: Wq = ρ·E[S]·(1 + SCV) / (2(1 − ρ)).
/// SCV = 0 is M/D/1 (half the M/M/1 wait), SCV = 1 is M/M/1. Sources: Kleinrock (1975)
/// §5.5–5.7, eq. 5.72 ("P-K mean value formula"); Gross & Harris (1998) §5.1.1.
public struct MG1Queue: Sendable, Hashable {
  /// λ, per second.
  public let arrivalRate: Double
  /// E[S], seconds.
  public let meanServiceTime: Double
  /// Var[S] / E[S]²: 0 deterministic, 1 exponential, above 1 heavy-tailed (cold starts).
  public let serviceSCV: Double
  /// ρ = λ·E[S], below 1; also P(wait) by PASTA.
  public let utilisation: Double
  /// Wq, seconds.
  public let meanWait: Double
  /// W = Wq + E[S], seconds.
  public let meanResponse: Double
  /// Lq = λ·Wq.
  public let meanQueueLength: Double
  /// L = λ·W.
  public let meanInSystem: Double

  /// The probability that an arrival waits: the server is busy, ρ (Poisson arrivals see
  /// time averages, Wolff 1982).
  public var probabilityOfWait: Double { utilisation }
}

extension Queueing {
  /// The M/G/1 queue by the Pollaczek–Khinchine formula.
  ///
  /// See `MG1Queue` for the formula and its sources.
  /// - Parameters:
  ///   - arrivalRate: λ per second, finite and ≥ 0.
  ///   - meanServiceTime: E[S] in seconds, finite and > 0.
  ///   - serviceSCV: squared coefficient of variation of S, finite and ≥ 0.
  /// - Returns: `.stable` with the means, or `.unstable` when ρ ≥ 1.
  /// - Throws: `AnalysisInputError` for an argument outside those ranges.
  /// - Complexity: O(1).
  public static func mg1(arrivalRate: Double, meanServiceTime: Double, serviceSCV: Double)
    throws(AnalysisInputError) -> QueueOutcome<MG1Queue>
  {
    try Check.finiteNonNegative(arrivalRate, "arrivalRate")
    try Check.finitePositive(meanServiceTime, "meanServiceTime")
    try Check.finiteNonNegative(serviceSCV, "serviceSCV")
    try Check.finiteProduct(
      arrivalRate, meanServiceTime, "arrivalRate", "arrivalRate × meanServiceTime")
    let rho = arrivalRate * meanServiceTime
    guard rho < 1 else {
      return .unstable(QueueOverload(arrivalRate: arrivalRate, capacity: 1 / meanServiceTime))
    }
    let wq = rho * meanServiceTime * (1 + serviceSCV) / (2 * (1 - rho))
    let w = wq + meanServiceTime
    return .stable(
      MG1Queue(
        arrivalRate: arrivalRate, meanServiceTime: meanServiceTime, serviceSCV: serviceSCV,
        utilisation: rho, meanWait: wq, meanResponse: w, meanQueueLength: arrivalRate * wq,
        meanInSystem: arrivalRate * w))
  }

  /// M/D/1: a constant service time, the P-K formula with SCV = 0.
  ///
  /// Wq = ρ·D / (2(1 − ρ)), half the M/M/1 wait (Kleinrock 1975 eq. 5.76; Gross & Harris
  /// §5.1.1).
  /// - Complexity: O(1).
  public static func md1(arrivalRate: Double, serviceTime: Double)
    throws(AnalysisInputError) -> QueueOutcome<MG1Queue>
  {
    try mg1(arrivalRate: arrivalRate, meanServiceTime: serviceTime, serviceSCV: 0)
  }
}
