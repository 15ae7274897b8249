/// A request path's latency as an expression: the contract between path models and the
/// latency engine.
///
/// The path-model layer translates a model (YAML) into this tree; `compose(_:)` turns it
/// into a numerical distribution and `sample(using:)` / `monteCarlo(samples:seed:)` draw
/// from exactly the same model, so formula and simulation can be shown side by side.
///
/// Every request either **succeeds** or **fails**, and either way takes a time. Hops
/// succeed; `failure` fails; the combinators say how outcomes combine:
///
/// | case | latency | fails when |
/// | --- | --- | --- |
/// | `hop(d)` | a draw of d | never |
/// | `failure(after: d)` | a draw of d, until the error is known | always |
/// | `series([a, b, …])` | a + b + …, independent | a part fails (†) |
/// | `branch([arm…])` | the arm taken, with probability `weight` | the arm fails |
/// | `parallel(all: [a, b, …])` | max(a, b, …): waits for all | any branch fails (‡) |
/// | `fanOut(count: n, t)` | max of n independent copies of t | as `parallel` (‡) |
/// | `retry(t, policy)` | see `RetryPolicy` | every attempt ended unsuccessfully |
///
/// (†) Later parts do not run; the latency is the time until that failure.
/// (‡) The failure is reported when the last branch has ended (success or not).
///
/// Times are in seconds. Weights of a branch are probabilities summing to 1.
///
/// ```swift
/// let dynamo = LatencyTree.hop(.lognormal(p50: 0.008, p99: 0.012))
/// let path = LatencyTree.series([
///   .hop(.fixed(0.005)),
///   .branch([.init(weight: 0.9, .hop(.fixed(0.0008))),
///            .init(weight: 0.1, .parallel(count: 5, dynamo))]),
/// ])
/// let result = path.compose()          // result.summary?.p99, result.failureProbability
/// ```
public indirect enum LatencyTree: Sendable, Hashable {
  /// One step that always succeeds after a latency drawn from the distribution.
  case hop(Distribution)
  /// A step that always fails, after a latency drawn from the distribution (an error
  /// response, a throttled 429). Put it in a `branch` to give a hop an error rate.
  case failure(after: Distribution)
  /// Steps one after another; latencies add.
  case series([LatencyTree])
  /// Exactly one arm, chosen with probability `weight`.
  case branch([Arm])
  /// Independent sub-paths started together; the request waits for all of them.
  case parallel(all: [LatencyTree])
  /// `count` independent copies of one sub-path, waiting for all (e.g. BatchGetItem's
  /// 5 parallel queries); the same as `parallel(all:)` of `count` copies, computed as
  /// CDF^count.
  case fanOut(count: Int, LatencyTree)
  /// The sub-path retried under a per-attempt timeout (see `RetryPolicy`).
  case retry(LatencyTree, RetryPolicy)

  /// One arm of a `branch`.
  public struct Arm: Sendable, Hashable {
    /// The probability of taking this arm, in [0, 1].
    public var weight: Double
    public var tree: LatencyTree

    public init(weight: Double, _ tree: LatencyTree) {
      self.weight = weight
      self.tree = tree
    }
  }

  /// `fanOut(count:_:)` under the name path models use: wait for all of `count` copies.
  public static func parallel(count: Int, _ tree: LatencyTree) -> LatencyTree {
    .fanOut(count: count, tree)
  }

  /// `retry(_:_:)` with one backoff distribution before every retry.
  public static func retry(
    _ tree: LatencyTree, timeout: Double, attempts: Int, backoff: Distribution = .fixed(0)
  ) -> LatencyTree {
    .retry(tree, RetryPolicy(timeout: timeout, attempts: attempts, backoff: backoff))
  }
}

extension LatencyTree {
  /// Why this tree cannot be composed, or nil if it can.
  ///
  /// Names the first invalid distribution, weight, count, policy or empty list, with the
  /// path to it, as in "series[1]: parallel[0]: exponential mean -1.0 must be …". The
  /// model layer calls it to turn bad input into a diagnostic; `compose` and the
  /// samplers `precondition` on it.
  /// - Complexity: O(size of the tree).
  public var problem: String? {
    switch self {
    case .hop(let distribution), .failure(let distribution):
      return distribution.problem
    case .series(let parts):
      guard !parts.isEmpty else { return "a series needs at least one step" }
      return firstProblem(parts, "series")
    case .branch(let arms):
      return branchProblem(arms)
    case .parallel(let parts):
      guard !parts.isEmpty else { return "a parallel group needs at least one branch" }
      return firstProblem(parts, "parallel")
    case .fanOut(let count, let tree):
      guard count >= 1 else { return "fan-out count \(count) must be at least 1" }
      return tree.problem.map { "fanOut: \($0)" }
    case .retry(let tree, let policy):
      if let bad = policy.problem { return "retry: \(bad)" }
      return tree.problem.map { "retry: \($0)" }
    }
  }

  private func firstProblem(_ parts: [LatencyTree], _ name: String) -> String? {
    for (index, part) in parts.enumerated() {
      if let bad = part.problem { return "\(name)[\(index)]: \(bad)" }
    }
    return nil
  }

  private func branchProblem(_ arms: [Arm]) -> String? {
    guard !arms.isEmpty else { return "a branch needs at least one arm" }
    var total = 0.0
    for (index, arm) in arms.enumerated() {
      guard arm.weight.isFinite, arm.weight >= 0, arm.weight <= 1 else {
        return "branch[\(index)] weight \(arm.weight) must be a probability in [0, 1]"
      }
      if let bad = arm.tree.problem { return "branch[\(index)]: \(bad)" }
      total += arm.weight
    }
    return abs(total - 1) <= 1e-6 ? nil : "branch weights sum to \(total); make them sum to 1"
  }

  /// Stops with `problem`: the engine's guard against unvalidated trees.
  func checkUsable() {
    if let problem { preconditionFailure("invalid latency tree: \(problem)") }
  }
}
