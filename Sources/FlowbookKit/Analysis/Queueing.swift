import Foundation

/// Closed-form queueing formulas: Erlang B and C, server sizing and Little's law.
///
/// Capacity questions on a request path ("how many Lambda environments keep throttles under
/// 0.1 %?", "how long does a request wait for a free ECS task?") are answered by the classic
/// Markovian results, which are exact under Poisson arrivals and exponential holding times
/// and are the standard first estimate otherwise. Everything here is a pure function of plain
/// `Double`s: times in seconds, rates per second, loads in erlangs (rate × mean holding time).
/// Queue models with a full set of metrics are in `Queueing+MMc.swift` and
/// `Queueing+MG1.swift`.
///
/// Sources: L. Kleinrock, *Queueing Systems, Vol. 1: Theory* (Wiley, 1975), §3.4–3.6 and
/// §5.5–5.7; D. Gross & C. M. Harris, *Fundamentals of Queueing Theory* (3rd ed., Wiley,
/// 1998), §2.3–2.6; D. L. Jagerman, "Some properties of the Erlang loss function", *Bell
/// System Technical Journal* 53(3), 1974, for the stable recursion of Erlang B.
///
/// ```swift
/// let b = try Queueing.erlangB(servers: 10, offeredLoad: 5)          // 0.01838
/// let c = try Queueing.servers(forBlocking: 0.001, offeredLoad: 900)  // Lambda at 900 erl
/// ```
public enum Queueing {
  /// The largest server count accepted: ten times the largest Lambda concurrency one
  /// account is likely to be granted, and small enough that an O(c) recursion stays fast.
  public static let maximumServers = 10_000_000

  // MARK: - Erlang B

  /// Erlang's loss formula B(c, A): the probability that an arrival finds all c servers busy
  /// and is lost (a throttled Lambda invocation, a rejected connection).
  ///
  /// Computed by Jagerman's (1974) recursion B(0) = 1, B(k) = A·B(k−1) / (k + A·B(k−1)),
  /// which never forms A^c or c! and so neither overflows nor loses precision for c up to
  /// millions; every step keeps B in [0, 1]. Kleinrock (1975) eq. 3.46.
  /// - Parameters:
  ///   - servers: c ≥ 0 (at most `maximumServers`).
  ///   - offeredLoad: A = λ × mean holding time, in erlangs, finite and ≥ 0.
  /// - Returns: B(c, A) in [0, 1]; 1 when c = 0.
  /// - Throws: `AnalysisInputError` for a value outside those ranges.
  /// - Complexity: O(c), stopping early once B underflows to 0.
  public static func erlangB(servers: Int, offeredLoad: Double) throws(AnalysisInputError)
    -> Double
  {
    try Check.count(servers, "servers", atLeast: 0, atMost: maximumServers)
    try Check.finiteNonNegative(offeredLoad, "offeredLoad")
    return erlangBRecursion(servers: servers, offeredLoad: offeredLoad)
  }

  /// Jagerman's recursion without argument checks; callers have validated.
  static func erlangBRecursion(servers: Int, offeredLoad a: Double) -> Double {
    var b = 1.0
    var k = 1
    while k <= servers, b > 0 {
      let ab = a * b
      b = ab / (Double(k) + ab)
      k += 1
    }
    return b
  }

  /// The smallest offered load A that c servers block with probability `blocking`: how much
  /// traffic a concurrency limit can take at a given throttle rate (the inverse of the
  /// published Erlang B tables, which list A by c and grade of service).
  ///
  /// B(c, A) increases strictly in A (Jagerman 1974), so a safeguarded Newton iteration on
  /// dB/dA = B·(c/A − 1 + B) converges, bracketed by 0 < A < c / (1 − target) (carried load
  /// A(1 − B) cannot exceed c).
  /// - Parameters:
  ///   - servers: c ≥ 1.
  ///   - target: the blocking B wanted (label `blocking`), strictly between 0 and 1.
  /// - Returns: A with B(c, A) = target to a relative 1e-12.
  /// - Throws: `AnalysisInputError` for a value outside those ranges.
  /// - Complexity: O(c) per iteration, typically under 20 iterations.
  public static func offeredLoad(servers: Int, blocking target: Double)
    throws(AnalysisInputError) -> Double
  {
    try Check.count(servers, "servers", atLeast: 1, atMost: maximumServers)
    try Check.openUnit(target, "blocking")
    let c = Double(servers)
    var low = 0.0
    var high = c / (1 - target) + 1
    var a = min(c, high / 2)
    for _ in 0..<200 {
      let b = erlangBRecursion(servers: servers, offeredLoad: a)
      if b < target { low = a } else { high = a }
      let slope = b * (c / a - 1 + b)
      var next = a - (b - target) / slope
      if !(next > low && next < high) { next = (low + high) / 2 }
      if abs(next - a) <= 1e-13 * a || high - low <= 1e-13 * high { return next }
      a = next
    }
    return a
  }

  /// The smallest number of servers whose Erlang B blocking is at most `blocking`: the
  /// concurrency that keeps throttles (or lost calls) under a target.
  ///
  /// Runs Jagerman's recursion upward and stops at the first c that meets the target; B
  /// decreases strictly in c, so the first is the smallest.
  /// - Parameters:
  ///   - target: the blocking wanted (label `forBlocking`), strictly between 0 and 1.
  ///   - a: the offered load A in erlangs (label `offeredLoad`), finite, ≥ 0 and at most
  ///     `maximumServers` / 2.
  /// - Returns: c ≥ 1.
  /// - Throws: `AnalysisInputError` for a value outside those ranges.
  /// - Complexity: O(c) for the returned c.
  public static func servers(forBlocking target: Double, offeredLoad a: Double)
    throws(AnalysisInputError) -> Int
  {
    try Check.openUnit(target, "blocking")
    try checkSizingLoad(a)
    var b = 1.0
    var c = 0
    repeat {
      c += 1
      let ab = a * b
      b = ab / (Double(c) + ab)
    } while b > target && c < maximumServers
    return c
  }

  // MARK: - Erlang C

  /// Erlang's delay formula C(c, A): the probability that an arrival to an M/M/c queue has
  /// to wait, because all c servers are busy.
  ///
  /// Uses C = c·B / (c − A·(1 − B)) with B = B(c, A) from Jagerman's recursion (Kleinrock
  /// 1975 eq. 3.40 and Gross & Harris §2.3), which avoids factorials and stays exact to
  /// rounding for any c. When A ≥ c the queue is unstable and every arrival eventually waits;
  /// the limit 1 is returned (use `Queueing.mmc` for an explicit "unstable" result).
  /// - Parameters:
  ///   - servers: c ≥ 1.
  ///   - offeredLoad: A = λ/μ in erlangs, finite and ≥ 0.
  /// - Returns: C(c, A) in [0, 1].
  /// - Throws: `AnalysisInputError` for a value outside those ranges.
  /// - Complexity: O(c).
  public static func erlangC(servers: Int, offeredLoad: Double) throws(AnalysisInputError)
    -> Double
  {
    try Check.count(servers, "servers", atLeast: 1, atMost: maximumServers)
    try Check.finiteNonNegative(offeredLoad, "offeredLoad")
    let b = erlangBRecursion(servers: servers, offeredLoad: offeredLoad)
    return erlangC(fromB: b, servers: servers, offeredLoad: offeredLoad)
  }

  /// C from B: c·B / (c − A + A·B), or 1 when A ≥ c.
  static func erlangC(fromB b: Double, servers: Int, offeredLoad a: Double) -> Double {
    let c = Double(servers)
    guard a < c else { return 1 }
    return min(1, c * b / (c - a + a * b))
  }

  /// The smallest number of servers for which an arrival waits with probability at most
  /// `waitProbability`: sizing an ECS service or a worker pool for a queueing target.
  ///
  /// C(c, A) decreases in c once c > A (Gross & Harris §2.3), so the recursion for B is run
  /// upward and C checked at every c > A; the first that meets the target is the smallest.
  /// - Parameters:
  ///   - target: the probability of waiting wanted (label `forWaitProbability`), strictly
  ///     between 0 and 1.
  ///   - a: the offered load A in erlangs (label `offeredLoad`), finite, ≥ 0 and at most
  ///     `maximumServers` / 2.
  /// - Returns: c ≥ 1 with c > A.
  /// - Throws: `AnalysisInputError` for a value outside those ranges.
  /// - Complexity: O(c) for the returned c.
  public static func servers(forWaitProbability target: Double, offeredLoad a: Double)
    throws(AnalysisInputError) -> Int
  {
    try Check.openUnit(target, "waitProbability")
    try checkSizingLoad(a)
    var b = 1.0
    var c = 0
    while c < maximumServers {
      c += 1
      let ab = a * b
      b = ab / (Double(c) + ab)
      if Double(c) > a, erlangC(fromB: b, servers: c, offeredLoad: a) <= target { break }
    }
    return c
  }

  /// Sizing stops at `maximumServers`; half of it leaves room for the safety margin over A.
  private static func checkSizingLoad(_ a: Double) throws(AnalysisInputError) {
    try Check.finiteNonNegative(a, "offeredLoad")
    guard a <= Double(maximumServers / 2) else {
      throw AnalysisInputError(
        parameter: "offeredLoad", value: a,
        requirement: "at most \(maximumServers / 2) erlangs for server sizing")
    }
  }

  // MARK: - Little's law

  /// Little's law L = λ·W: the mean number in a system from its throughput and time in it.
  ///
  /// 2.5 M rps × 45 ms = 112,500 concurrent executions. Holds for any stationary system,
  /// whatever the distributions (J. D. C. Little, "A proof for the queuing formula L = λW",
  /// *Operations Research* 9(3), 1961; Kleinrock 1975 §2.1).
  /// - Parameters:
  ///   - arrivalRate: λ per second, finite and ≥ 0.
  ///   - timeInSystem: W in seconds, finite and ≥ 0.
  /// - Returns: L = λ·W.
  /// - Throws: `AnalysisInputError` for a negative or non-finite argument.
  /// - Complexity: O(1).
  public static func concurrency(arrivalRate: Double, timeInSystem: Double)
    throws(AnalysisInputError) -> Double
  {
    try Check.finiteNonNegative(arrivalRate, "arrivalRate")
    try Check.finiteNonNegative(timeInSystem, "timeInSystem")
    return arrivalRate * timeInSystem
  }

  /// Little's law solved for throughput, λ = L / W: the rate a concurrency limit sustains
  /// at a given mean duration (1,000 environments at 45 ms → 22,222 rps).
  /// - Parameters:
  ///   - concurrency: L, finite and ≥ 0.
  ///   - timeInSystem: W in seconds, finite and > 0.
  /// - Returns: λ per second.
  /// - Throws: `AnalysisInputError` for an argument outside those ranges.
  /// - Complexity: O(1).
  public static func throughput(concurrency: Double, timeInSystem: Double)
    throws(AnalysisInputError) -> Double
  {
    try Check.finiteNonNegative(concurrency, "concurrency")
    try Check.finitePositive(timeInSystem, "timeInSystem")
    return concurrency / timeInSystem
  }
}
