import Foundation

/// How often a Lambda function starts cold at steady load, from where new environments
/// come from rather than from a typed share.
///
/// AWS Lambda runs one request per execution environment. An invocation starts cold only
/// when no initialised environment is free: the function scales out past every
/// environment it keeps, an idle environment was reclaimed after `idle_lifetime` unused,
/// or an environment was replaced after its `environment_lifetime` ("Lambda terminates
/// execution environments every few hours … even for functions that are invoked
/// continuously", AWS Lambda Developer Guide, "Understanding the Lambda execution
/// environment lifecycle"). Provisioned environments are initialised ahead and their
/// replacements too, so they never start cold.
///
/// The estimate, at invocation rate λ and mean hold time S (start-up, handler and the
/// synchronous calls it waits for):
/// - Concurrency is Poisson with mean N = λS (M/G/∞, Palm's theorem; Little's law for
///   the mean), and an arrival sees it as a random observer does (PASTA, Wolff 1982).
/// - Provisioned environments serve first, so the j-th on-demand environment is needed
///   when an arrival finds P + j − 1 busy. That happens at rate νⱼ = λ·π(P + j − 1), with
///   π the Poisson(N) probabilities.
/// - Idle environments are reused most recently used first, so the j-th is reclaimed when
///   νⱼ's visits leave a gap longer than the idle lifetime T. Taking the visits as Poisson,
///   it comes back cold at rate νⱼ·e^(−νⱼT), and is alive a share 1 − e^(−νⱼT) of the time.
/// - Every live environment is replaced at rate 1/L (a lifetime of mean L, memoryless, as
///   the simulator accrues replacements), one cold start per replacement: (environments
///   alive)/L per second.
/// The cold share is the sum of those rates over λ. Levels far below N are always alive
/// (replacement only); levels far above are never reached; both are summed in closed form.
/// The Poisson-visit step ignores that visits to a level cluster, which makes the idle
/// term an upper bound when the idle lifetime is short against the hold time.
///
/// - Complexity: O(√N + 1) per function (the levels within 12 standard deviations of N).
public struct ColdStartEstimate: Sendable, Hashable {
  /// Invocations per second.
  public var rate: Double
  /// Mean concurrent executions, N = λS.
  public var concurrency: Double
  /// Provisioned environments.
  public var provisioned: Int
  /// Share of invocations that start cold because an idle environment was reclaimed
  /// (scale-out past the environments kept).
  public var fromIdle: Double
  /// Share of invocations that start cold because an environment reached its lifetime.
  public var fromRecycling: Double
  /// On-demand environments alive on average (busy or idle).
  public var environments: Double

  /// The share of invocations that start cold, at most 1.
  public var fraction: Double { min(1, fromIdle + fromRecycling) }

  /// Most busy levels `steadyState` evaluates one by one.
  static let maximumLevels = 40_000

  /// The steady-state estimate for one function.
  ///
  /// - Parameters:
  ///   - rate: Invocations per second (≥ 0).
  ///   - holdTime: Mean seconds one invocation holds its environment (≥ 0).
  ///   - provisioned: Provisioned environments (≥ 0).
  ///   - idleLifetime: Seconds an idle environment is kept (0: every reuse is cold).
  ///   - lifetime: Seconds an environment lives at most (infinity: never replaced; 0:
  ///     replaced after every use).
  /// - Returns: The estimate; zero cold starts when the rate or hold time is 0.
  public static func steadyState(
    rate: Double, holdTime: Double, provisioned: Int, idleLifetime: Double, lifetime: Double
  ) -> ColdStartEstimate {
    let n = rate * holdTime
    var estimate = ColdStartEstimate(
      rate: rate, concurrency: n, provisioned: provisioned, fromIdle: 0, fromRecycling: 0,
      environments: 0)
    guard rate > 0, rate.isFinite, n > 0, n.isFinite else { return estimate }
    guard lifetime > 0 else {
      // Replaced after every use: every on-demand invocation starts cold.
      estimate.fromRecycling = 1
      return estimate
    }
    let idleLifetime = max(0, idleLifetime)
    let spread = 12 * n.squareRoot() + 40
    let low = max(provisioned, Int(max(0, n - spread)))
    let high = max(low, Int(min(n + spread, 1e12)))
    var idleRate = 0.0
    var recycleRate = 0.0
    // Levels below `low` (and at or above P) are busy almost always: always alive.
    let alwaysAlive = Double(max(0, low - provisioned))
    var alive = alwaysAlive
    let logN = log(n)
    // Level by level up to 40,000 levels (every model AWS allows: n below about 2.8M);
    // beyond, blocks of levels at their midpoint, each weighted by its width. The summand
    // changes over √n levels, so a block of 12√n / 40,000 levels is far finer than it
    // varies, and a rate of 10¹¹/s no longer walks ten million levels per evaluation.
    let step = max(1, (high - low + 1) / Self.maximumLevels)
    var busy = low
    while busy <= high {
      let width = min(step, high - busy + 1)
      let level = Double(busy) + Double(width - 1) / 2
      let logP = -n + level * logN - lgamma(level + 1)
      let visits = rate * exp(logP)
      let missed = exp(-visits * idleLifetime)
      idleRate += Double(width) * visits * missed
      alive += Double(width) * (1 - missed)
      busy += width
    }
    if lifetime.isFinite { recycleRate = alive / lifetime }
    estimate.fromIdle = idleRate / rate
    estimate.fromRecycling = recycleRate / rate
    estimate.environments = alive
    return estimate
  }
}

/// The settings behind a function's cold starts, read from its parameters.
public struct ColdStartSettings: Sendable, Hashable {
  /// `idle_lifetime`: seconds an idle environment is kept warm.
  public var idleLifetime: Double
  /// `environment_lifetime`: seconds an environment lives before Lambda replaces it.
  public var lifetime: Double
  /// `provisioned_concurrency`.
  public var provisioned: Int

  /// Assumed idle lifetime: AWS keeps an idle environment "for some time in anticipation
  /// of another function invocation" (Lambda Developer Guide, "Understanding the Lambda
  /// execution environment lifecycle") and publishes no figure; 5 minutes is assumed.
  public static let assumedIdleLifetime = 300.0
  /// Assumed environment lifetime: AWS says environments are terminated "every few hours"
  /// even under continuous load (Lambda Developer Guide, "Understanding the Lambda
  /// execution environment lifecycle", read 2026-12-07) and publishes no figure; 2 hours
  /// is assumed.
  public static let assumedLifetime = 7_200.0

  /// The settings of `component` (a function), with the assumed figures where unset.
  public init(_ component: Component) {
    idleLifetime = component["idle_lifetime"]?.quantity?.value ?? Self.assumedIdleLifetime
    lifetime = component["environment_lifetime"]?.quantity?.value ?? Self.assumedLifetime
    let pc = component["provisioned_concurrency"]?.quantity?.value ?? 0
    provisioned = pc.isFinite ? Int(max(0, min(pc, 1e7))) : 0
  }
}

extension PathModel {
  /// The steady-state cold-start estimate of every function on the path, by name, at the
  /// workload's rate; empty when the workload has no rate.
  ///
  /// The invocation rate and hold time come from `CapacityLoad` (the same visits and
  /// residence `cost` and `capacity` use), with warm start-ups; the hold time then adds
  /// the cold share of the extra start-up once (one fixed-point step: start-up rarely
  /// moves the concurrency much).
  /// - Throws: a diagnostic if the path does not validate.
  /// - Complexity: one `CapacityLoad` walk, plus O(√N) per function.
  public func coldStartEstimates() throws(Diagnostic) -> [String: ColdStartEstimate] {
    guard let rate = workload.rate?.value, rate > 0, rate.isFinite else { return [:] }
    var warm = self
    warm.fixedColdStarts = [:]
    let load = try CapacityLoad.of(warm)
    var out: [String: ColdStartEstimate] = [:]
    for component in components where component.kind == .function {
      let executions = load.executions(at: component.name)
      guard executions > 0 else { continue }
      let settings = ColdStartSettings(component)
      let invocations = rate * executions
      var hold = load.busyTime(at: component.name) / executions
      var estimate = ColdStartEstimate.steadyState(
        rate: invocations, holdTime: hold, provisioned: settings.provisioned,
        idleLifetime: settings.idleLifetime, lifetime: settings.lifetime)
      let extra = coldExtraStartUp(component)
      if extra > 0, estimate.fraction > 0 {
        hold += estimate.fraction * extra
        estimate = ColdStartEstimate.steadyState(
          rate: invocations, holdTime: hold, provisioned: settings.provisioned,
          idleLifetime: settings.idleLifetime, lifetime: settings.lifetime)
      }
      out[component.name] = estimate
    }
    return out
  }

  /// Mean seconds a cold start-up adds over a warm one.
  private func coldExtraStartUp(_ component: Component) -> Double {
    let warm = component["warm_start"]?.distribution?.mean ?? 0
    guard let cold = component["cold_start"]?.distribution?.mean else { return 0 }
    return max(0, cold - warm)
  }
}
