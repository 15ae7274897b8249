import Quantities

/// The side paths' wiring: which feeds which, in what order their rates can be computed,
/// and the checks that keep that order finite.
extension PathModel {
  /// A side path ready for the load walk: its records per feeding write or visit, and how
  /// many side paths feed it from the main path (1 for one fed by the main path).
  public struct ResolvedSidePath: Sendable, Hashable {
    public var side: SidePath
    /// share × records: records entering per feeding write or visit.
    public var perFeed: Double
    public var depth: Int
  }

  /// The components a node passes through.
  /// - Parameter node: a path or a part of one.
  /// - Returns: their names, each once.
  /// - Complexity: O(nodes).
  public static func components(in node: PathNode) -> Set<String> {
    switch node {
    case .hop(let hop): return [hop.component]
    case .series(let steps):
      return steps.reduce(into: Set<String>()) { $0.formUnion(components(in: $1)) }
    case .branch(let arms):
      return arms.reduce(into: Set<String>()) { $0.formUnion(components(in: $1.node)) }
    case .parallel(let fanOut): return components(in: fanOut.node)
    case .retry(let retry): return components(in: retry.node)
    }
  }

  /// The side paths in an order where each comes after every side path that passes
  /// through its `from` (so `from`'s visits are complete when its rate is taken).
  ///
  /// - Returns: the side paths with their records per feed and depth.
  /// - Throws: a side path whose `from` is unknown or on no path, whose share or records
  ///   are out of range, that feeds itself (directly or through others), that is fed
  ///   through more than `SidePath.maximumDepth` side paths, or more than
  ///   `SidePath.maximumCount` side paths.
  /// - Complexity: O(side paths² + their nodes).
  public func orderedSidePaths() throws(PathProblem) -> [ResolvedSidePath] {
    guard sidePaths.count <= SidePath.maximumCount else {
      throw PathProblem(
        message: "a model declares at most \(SidePath.maximumCount) side paths, not "
          + "\(sidePaths.count)", position: sidePaths[SidePath.maximumCount].position)
    }
    let main = Self.components(in: path)
    let inside = sidePaths.map { Self.components(in: $0.path) }
    var feeders: [[Int]] = []
    var perFeed: [Double] = []
    for (index, side) in sidePaths.enumerated() {
      try checkSource(side)
      perFeed.append(try sideFactor(side))
      let from = sidePaths.indices.filter { inside[$0].contains(side.from) }
      if from.contains(index) {
        throw PathProblem(
          message: "side path '\(side.name)' passes through '\(side.from)', which feeds "
            + "it: its records would feed themselves", position: side.position)
      }
      guard main.contains(side.from) || !from.isEmpty else {
        throw PathProblem(
          message: "side path '\(side.name)' starts from '\(side.from)', which is on "
            + "neither the path nor another side path, so nothing feeds it",
          position: side.position)
      }
      feeders.append(from)
    }
    var depth = [Int?](repeating: nil, count: sidePaths.count)
    var order: [Int] = []
    while order.count < sidePaths.count {
      guard
        let next = sidePaths.indices.first(where: { i in
          depth[i] == nil && feeders[i].allSatisfy { depth[$0] != nil }
        })
      else { throw cycle(feeders, depth) }
      let level = 1 + (feeders[next].compactMap { depth[$0] }.max() ?? 0)
      guard level <= SidePath.maximumDepth else {
        throw PathProblem(
          message: "side path '\(sidePaths[next].name)' is fed through \(level - 1) other "
            + "side paths; side paths chain at most \(SidePath.maximumDepth) deep",
          position: sidePaths[next].position)
      }
      depth[next] = level
      order.append(next)
    }
    return order.map {
      ResolvedSidePath(side: sidePaths[$0], perFeed: perFeed[$0], depth: depth[$0] ?? 1)
    }
  }

  /// `from` exists, and a side path fed by writes starts from something that writes.
  private func checkSource(_ side: SidePath) throws(PathProblem) {
    guard let source = component(named: side.from) else {
      throw PathProblem(
        message: "side path '\(side.name)' starts from '\(side.from)', which is not a "
          + "component", position: side.position,
        suggestions: Suggestion.nearest(to: side.from, among: components.map(\.name)))
    }
    if side.feed == .writes, source.kind != .database, source.kind != .storage {
      throw PathProblem(
        message: "side path '\(side.name)' is fed by the writes of '\(side.from)', a "
          + "\(source.kind.rawValue); only a database or storage writes (use feed: visits)",
        position: side.position)
    }
  }

  /// share × records of `side`, each checked.
  private func sideFactor(_ side: SidePath) throws(PathProblem) -> Double {
    let share = try resolve(side.share, at: side.position)
    guard share.dimension.isDimensionless, share.value.isFinite, (0...1).contains(share.value)
    else {
      throw PathProblem(
        message: "side path '\(side.name)': share must be between 0% and 100%, not "
          + "\(side.share) = \(share.formatted)", position: side.position)
    }
    let records = try resolve(side.records, at: side.position)
    guard records.dimension.isDimensionless, records.value.isFinite, records.value >= 0,
      records.value <= SidePath.maximumRecords
    else {
      throw PathProblem(
        message: "side path '\(side.name)': records must be a number from 0 to "
          + "\(Quantity.formatNumber(SidePath.maximumRecords)), not "
          + "\(side.records) = \(records.formatted)", position: side.position)
    }
    return share.value * records.value
  }

  /// The problem naming one cycle among the side paths not yet ordered.
  private func cycle(_ feeders: [[Int]], _ depth: [Int?]) -> PathProblem {
    var walk: [Int] = []
    var current = sidePaths.indices.first { depth[$0] == nil } ?? 0
    while !walk.contains(current) {
      walk.append(current)
      current = feeders[current].first { depth[$0] == nil } ?? current
    }
    let loop = (walk.drop { $0 != current } + [current]).reversed()
    return PathProblem(
      message: "side paths form a cycle: "
        + loop.map { sidePaths[$0].name }.joined(separator: " → ")
        + "; events cannot feed themselves", position: sidePaths[current].position)
  }
}

extension PathModel {
  /// Whether `component` reads from a Kinesis stream: a hop right after a Kinesis stream
  /// hop on the path or a side path, or the first hop of a side path fed by one.
  /// - Parameter component: a component's name.
  /// - Returns: true when a Kinesis stream is its source.
  public func readsFromKinesis(_ component: String) -> Bool {
    func isKinesis(_ name: String) -> Bool {
      self.component(named: name)?.streamService == "kinesis"
    }
    func follows(_ node: PathNode) -> Bool {
      switch node {
      case .hop: return false
      case .series(let steps):
        for (a, b) in zip(steps, steps.dropFirst()) {
          if case .hop(let first) = a, case .hop(let second) = b, isKinesis(first.component),
            second.component == component
          {
            return true
          }
        }
        return steps.contains { follows($0) }
      case .branch(let arms): return arms.contains { follows($0.node) }
      case .parallel(let fanOut): return follows(fanOut.node)
      case .retry(let retry): return follows(retry.node)
      }
    }
    func firstHop(_ node: PathNode) -> String? {
      switch node {
      case .hop(let hop): return hop.component
      case .series(let steps): return steps.first.flatMap { firstHop($0) }
      default: return nil
      }
    }
    return follows(path)
      || sidePaths.contains { side in
        follows(side.path) || (isKinesis(side.from) && firstHop(side.path) == component)
      }
  }
}
