import Quantities

/// The request path as a graph: series hops, probabilistic branches, parallel fan-out, and
/// timeouts with retries — the four shapes the seeds' sequence diagrams use.
///
/// Numbers in the path (branch probabilities, fan-out counts, timeouts) are `PathValue`s:
/// either written in place or the address of a component parameter, so `set cdn.hit_rate
/// = 80%` re-weights the CDN branch and `set dynamodb.parallel_queries = 10` widens the
/// batch read, without editing the path. Named segments (`use: origin`) are inlined by the
/// loader, after it has checked that they do not refer to themselves.
public indirect enum PathNode: Sendable, Hashable {
  /// One pass through a component: its hop latency (see `PathModel.hopLatency`).
  case hop(Hop)
  /// One after another; an empty series takes no time.
  case series([PathNode])
  /// Exactly one arm is taken, with its probability; the probabilities sum to 1.
  case branch([PathArm])
  /// `count` copies run at once and the request waits for all of them (a batch read).
  case parallel(FanOut)
  /// Each attempt is cut off at `timeout`; a timed-out attempt waits a backoff and retries,
  /// up to `attempts` attempts in all; if every attempt times out the request fails.
  case retry(Retry)

  /// The empty path (a cache hit that returns at once).
  public static let empty = PathNode.series([])
}

/// A pass through one component.
public struct Hop: Sendable, Hashable {
  /// The component's name in the model.
  public var component: String
  /// A name for this pass when the same component is visited twice (`redis set`).
  public var label: String?
  public var position: FilePosition?

  public init(component: String, label: String? = nil, position: FilePosition? = nil) {
    self.component = component
    self.label = label
    self.position = position
  }

  /// How reports name the hop.
  public var name: String { label ?? component }
}

/// One arm of a branch.
public struct PathArm: Sendable, Hashable {
  /// The arm's name in reports; routes are named by joining the arms they take (`cdn hit`,
  /// `lambda · redis hit`).
  ///
  /// Unnamed arms add nothing to a route's name.
  public var name: String?
  public var probability: PathProbability
  public var node: PathNode
  public var position: FilePosition?

  public init(
    name: String?, probability: PathProbability, node: PathNode, position: FilePosition? = nil
  ) {
    self.name = name
    self.probability = probability
    self.node = node
    self.position = position
  }
}

/// A branch arm's probability: a value, or whatever the other arms leave.
public enum PathProbability: Sendable, Hashable {
  case value(PathValue)
  /// 1 − the sum of the other arms (at most one arm per branch).
  case rest
}

/// A number in the path: written in place, or read from a parameter.
public enum PathValue: Sendable, Hashable, CustomStringConvertible {
  case literal(Quantity)
  case parameter(ParameterAddress)

  public var description: String {
    switch self {
    case .literal(let q): return q.formatted
    case .parameter(let address): return address.description
    }
  }
}

/// A parallel fan-out: `count` copies of `node`, waiting for all.
public struct FanOut: Sendable, Hashable {
  public var count: PathValue
  public var node: PathNode
  public var position: FilePosition?

  public init(count: PathValue, node: PathNode, position: FilePosition? = nil) {
    self.count = count
    self.node = node
    self.position = position
  }
}

/// Timeout and retries around a sub-path.
public struct Retry: Sendable, Hashable {
  /// Time after which one attempt is abandoned.
  public var timeout: PathValue
  /// Attempts in all, counting the first.
  public var attempts: PathValue
  /// The wait before each retry (such as full jitter: uniform on [0, base·2^k]).
  public var backoff: ParameterValue
  public var node: PathNode
  public var position: FilePosition?

  public init(
    timeout: PathValue, attempts: PathValue, backoff: ParameterValue, node: PathNode,
    position: FilePosition? = nil
  ) {
    self.timeout = timeout
    self.attempts = attempts
    self.backoff = backoff
    self.node = node
    self.position = position
  }
}
