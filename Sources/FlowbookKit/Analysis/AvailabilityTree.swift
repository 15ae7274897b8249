import Foundation

/// A request path's availability as an expression: the share of requests that succeed when
/// each part succeeds with its own probability.
///
/// Composition rules (Trivedi, *Probability and Statistics with Reliability, Queuing and
/// Computer Science Applications*, 2nd ed., §3.5, series and parallel systems), under the
/// assumption that parts fail **independently** on every visit — the per-request reading
/// of AWS's SLAs (an error rate per request):
///
/// | case | availability |
/// | --- | --- |
/// | `part(a)` | a |
/// | `series([t…])` | the product Π A(t) |
/// | `branch([arm…])` | the share-weighted mean Σ w·A(t) |
/// | `fanOut(count: n, t)` | A(t)^n: waits for all n copies |
/// | `retry(attempts: n, t)` | 1 − (1 − A(t))^n: any attempt may succeed |
/// | `redundant([t…])` | 1 − Π (1 − A(t)): one healthy replica is enough |
///
/// Independence is optimistic for retries and redundancy: an outage that lasts minutes
/// fails every attempt and every replica in the same Region at once, so
/// `1 − (1 − A)^n` is an upper bound. It is pessimistic for a part visited twice by one
/// request (the second visit rarely fails when the first succeeded).
///
/// ```swift
/// let path = AvailabilityTree.series([.part(0.9995), .retry(attempts: 3, .part(0.999))])
/// path.availability   // 0.9995 × (1 − 0.001³)
/// ```
public indirect enum AvailabilityTree: Sendable, Hashable {
  /// One part with availability in [0, 1].
  case part(Double)
  /// Every step must succeed.
  case series([AvailabilityTree])
  /// Exactly one arm is taken, with probability `weight`.
  case branch([Arm])
  /// `count` copies run and the request needs all of them.
  case fanOut(count: Int, AvailabilityTree)
  /// Up to `attempts` attempts; the request succeeds when one does.
  case retry(attempts: Int, AvailabilityTree)
  /// Replicas behind failover; the request succeeds when one of them is up.
  case redundant([AvailabilityTree])

  /// One arm of a branch.
  public struct Arm: Sendable, Hashable {
    /// The probability of taking the arm, in [0, 1].
    public var weight: Double
    /// The arm's path.
    public var tree: AvailabilityTree

    /// Creates an arm.
    /// - Parameters:
    ///   - weight: The probability of taking the arm.
    ///   - tree: The arm's path.
    public init(weight: Double, _ tree: AvailabilityTree) {
      self.weight = weight
      self.tree = tree
    }
  }

  /// The share of requests that succeed, in [0, 1].
  ///
  /// - Complexity: O(size of the tree).
  public var availability: Double {
    min(1, max(0, 1 - unavailability))
  }

  /// The share of requests that fail, computed directly so that five nines keep their
  /// digits (1 − 0.99999 loses none of them this way).
  ///
  /// - Complexity: O(size of the tree).
  public var unavailability: Double {
    switch self {
    case .part(let a):
      return min(1, max(0, 1 - a))
    case .series(let steps):
      // 1 − Π(1 − u): accumulate the success product in log space for long chains.
      var logSuccess = 0.0
      for step in steps {
        let u = step.unavailability
        if u >= 1 { return 1 }
        logSuccess += Foundation.log1p(-u)
      }
      return -Foundation.expm1(logSuccess)
    case .branch(let arms):
      return arms.reduce(0) { $0 + $1.weight * $1.tree.unavailability }
    case .fanOut(let count, let tree):
      let u = tree.unavailability
      if u >= 1 { return count > 0 ? 1 : 0 }
      return -Foundation.expm1(Double(max(0, count)) * Foundation.log1p(-u))
    case .retry(let attempts, let tree):
      return Foundation.pow(tree.unavailability, Double(max(1, attempts)))
    case .redundant(let replicas):
      guard !replicas.isEmpty else { return 1 }
      return replicas.reduce(1) { $0 * $1.unavailability }
    }
  }
}
