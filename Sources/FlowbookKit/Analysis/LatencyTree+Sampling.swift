/// One simulated request through a `LatencyTree`: its latency and whether it succeeded.
public struct LatencySample: Sendable, Hashable {
  /// Seconds until the request succeeded or was known to have failed.
  public var latency: Double
  public var succeeded: Bool

  public init(latency: Double, succeeded: Bool) {
    self.latency = latency
    self.succeeded = succeeded
  }
}

extension LatencyTree {
  /// Draws one request, following the semantics in `LatencyTree` and `RetryPolicy` to the
  /// letter; the reference that `compose` and `monteCarlo` are tested against.
  ///
  /// Every part of a `parallel` group is drawn; in a `series` the parts after a failure
  /// are not. Branches draw one uniform to choose an arm.
  /// - Precondition: `problem == nil` (checked only in debug builds: it costs O(tree)).
  /// - Complexity: O(nodes visited); no allocation beyond the tree's own arrays.
  public func sample(using generator: inout SeededGenerator) -> LatencySample {
    #if FLOWBOOK_INTERNAL_CHECKS
    checkUsable()
    #endif
    return draw(&generator)
  }

  private func draw(_ generator: inout SeededGenerator) -> LatencySample {
    switch self {
    case .hop(let distribution):
      return LatencySample(latency: distribution.sample(using: &generator), succeeded: true)
    case .failure(let distribution):
      return LatencySample(latency: distribution.sample(using: &generator), succeeded: false)
    case .series(let parts):
      var elapsed = 0.0
      for part in parts {
        let outcome = part.draw(&generator)
        elapsed += outcome.latency
        if !outcome.succeeded { return LatencySample(latency: elapsed, succeeded: false) }
      }
      return LatencySample(latency: elapsed, succeeded: true)
    case .branch(let arms):
      let index = Distribution.pick(arms.count, generator.uniform()) { arms[$0].weight }
      return arms[index].tree.draw(&generator)
    case .parallel(let parts):
      var result = LatencySample(latency: 0, succeeded: true)
      for part in parts { result.waitFor(part.draw(&generator)) }
      return result
    case .fanOut(let count, let tree):
      var result = LatencySample(latency: 0, succeeded: true)
      for _ in 0..<count { result.waitFor(tree.draw(&generator)) }
      return result
    case .retry(let tree, let policy):
      return Self.drawRetry(tree, policy, &generator)
    }
  }

  private static func drawRetry(
    _ tree: LatencyTree, _ policy: RetryPolicy, _ generator: inout SeededGenerator
  ) -> LatencySample {
    var elapsed = 0.0
    for attempt in 0..<policy.attempts {
      let outcome = tree.draw(&generator)
      if outcome.succeeded && outcome.latency <= policy.timeout {
        return LatencySample(latency: elapsed + outcome.latency, succeeded: true)
      }
      let failedEarly = !outcome.succeeded && outcome.latency < policy.timeout
      elapsed += failedEarly ? outcome.latency : policy.timeout
      if attempt < policy.attempts - 1 {
        elapsed += policy.backoffs[attempt].sample(using: &generator)
      }
    }
    return LatencySample(latency: elapsed, succeeded: false)
  }
}

extension LatencySample {
  /// Joins a parallel branch: the group ends with its slowest branch and succeeds only if
  /// every branch did.
  mutating func waitFor(_ branch: LatencySample) {
    latency = max(latency, branch.latency)
    succeeded = succeeded && branch.succeeded
  }
}
