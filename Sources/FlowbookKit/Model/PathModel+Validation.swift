import Quantities

/// A problem with the path's wiring, found when a model is loaded or a parameter is set:
/// a branch whose probabilities do not sum to 1, a fan-out of 2.5 copies, a hop through a
/// component with no latency.
public struct PathProblem: Error, Sendable, Hashable {
  public var message: String
  /// Where in the model file the offending node was written, when known.
  public var position: FilePosition?
  public var suggestions: [String] = []

  /// As a diagnostic about a `set`: the message, and a note placing the node in its file.
  func diagnostic(in file: String) -> Diagnostic {
    let notes = position.map { ["the path is written at \(file):\($0)"] } ?? []
    return Diagnostic(message, notes: notes, suggestions: suggestions)
  }
}

extension PathModel {
  /// Checks every node of the path against the current parameter values and the size
  /// bounds of `PathLimits`.
  ///
  /// Run after loading and after every `set`, so a model in a session is always one the
  /// analyses can evaluate: they may then assume probabilities sum to 1, counts are whole,
  /// every hop has a latency, and the path is no bigger than `PathLimits` allows.
  /// - Throws: the first problem found, in path order.
  /// - Complexity: O(nodes + parameters).
  public func validatePath() throws(PathProblem) {
    try validate(path, passes: 1, repeats: 0)
    _ = try routeCount(path)
    for side in sidePaths {
      try validate(side.path, passes: 1, repeats: 0)
      _ = try routeCount(side.path)
    }
    _ = try orderedSidePaths()
    // The engine's own checks, so no analysis can stop on a tree the checks above let by.
    if let problem = try latencyTree().problem {
      throw PathProblem(message: "the latency engine cannot use this path: \(problem)")
    }
  }

  private func validate(_ node: PathNode, passes: Double, repeats: Int) throws(PathProblem) {
    switch node {
    case .hop(let hop):
      try validate(hop)
    case .series(let nodes):
      for child in nodes { try validate(child, passes: passes, repeats: repeats) }
    case .branch(let arms):
      _ = try probabilities(of: arms)
      for arm in arms { try validate(arm.node, passes: passes, repeats: repeats) }
    case .parallel(let fanOut):
      let count = try wholeNumber(fanOut.count, what: "a fan-out count", at: fanOut.position)
      let inside = try repeated(passes, by: count, repeats: repeats, at: fanOut.position)
      try validate(fanOut.node, passes: inside, repeats: repeats + 1)
    case .retry(let retry):
      let timeout = try resolve(retry.timeout, at: retry.position)
      guard timeout.dimension == .time, timeout.value > 0,
        timeout.value <= ParameterLimits.maximumTime
      else {
        throw PathProblem(
          message: "a retry timeout must be a positive time up to "
            + "\(Self.timeText(ParameterLimits.maximumTime)), not "
            + "\(retry.timeout) = \(timeout.formatted)", position: retry.position)
      }
      let attempts = try wholeNumber(
        retry.attempts, what: "a number of attempts", at: retry.position,
        limit: PathLimits.maximumAttempts)
      guard let backoff = retry.backoff.distribution, DistributionSyntax.problem(backoff) == nil
      else {
        throw PathProblem(
          message: "a retry backoff must be a time or a distribution of times, "
            + "not \(retry.backoff.formatted)", position: retry.position)
      }
      let inside = try repeated(passes, by: attempts, repeats: repeats, at: retry.position)
      try validate(retry.node, passes: inside, repeats: repeats + 1)
    }
  }

  /// The passes through a block's body: `passes` times its count or attempts, within
  /// `PathLimits.maximumPasses` and `PathLimits.maximumRepeatNesting`.
  private func repeated(_ passes: Double, by count: Int, repeats: Int, at position: FilePosition?)
    throws(PathProblem) -> Double
  {
    guard repeats < PathLimits.maximumRepeatNesting else {
      throw PathProblem(
        message: "parallel and retry blocks nest more than "
          + "\(PathLimits.maximumRepeatNesting) deep here; a path is limited to "
          + "\(PathLimits.maximumRepeatNesting) levels of them", position: position)
    }
    let inside = passes * Double(count)
    guard inside <= PathLimits.maximumPasses else {
      throw PathProblem(
        message: "one request would pass \(Quantity.formatNumber(inside)) times through "
          + "this block (the fan-out counts and attempts around it multiply); a path is "
          + "limited to \(Quantity.formatNumber(PathLimits.maximumPasses)) passes",
        position: position)
    }
    return inside
  }

  /// The number of routes of `node` (as `routes()` would list them), without listing them.
  /// - Throws: once the count passes `PathLimits.maximumRoutes`, at the branch that did it.
  private func routeCount(_ node: PathNode) throws(PathProblem) -> Int {
    switch node {
    case .hop, .parallel, .retry:
      return 1
    case .series(let steps):
      var total = 1
      for step in steps {
        total *= try routeCount(step)
        guard total <= PathLimits.maximumRoutes else { throw tooManyRoutes(step) }
      }
      return total
    case .branch(let arms):
      var total = 0
      for arm in arms {
        total += try routeCount(arm.node)
        guard total <= PathLimits.maximumRoutes else { throw tooManyRoutes(node) }
      }
      return total
    }
  }

  /// The problem of a path whose routes pass the bound at `node`.
  private func tooManyRoutes(_ node: PathNode) -> PathProblem {
    let limit = Quantity.formatNumber(Double(PathLimits.maximumRoutes))
    return PathProblem(
      message: "the path has more than \(limit) routes by here (branches in a row "
        + "multiply them); a path is limited to \(limit) routes",
      position: firstPosition(node))
  }

  /// Where `node` was written: its first branch arm, block or hop.
  private func firstPosition(_ node: PathNode) -> FilePosition? {
    switch node {
    case .hop(let hop): return hop.position
    case .series(let steps): return steps.lazy.compactMap { firstPosition($0) }.first
    case .branch(let arms): return arms.first?.position
    case .parallel(let fanOut): return fanOut.position
    case .retry(let retry): return retry.position
    }
  }

  static func timeText(_ seconds: Double) -> String {
    Quantity(exactly: seconds, .time).formatted
  }

  private func validate(_ hop: Hop) throws(PathProblem) {
    guard let component = component(named: hop.component) else {
      throw PathProblem(
        message: "the path goes through '\(hop.component)', which is not a "
          + "component of this model", position: hop.position,
        suggestions: Suggestion.nearest(to: hop.component, among: components.map(\.name)))
    }
    guard component["latency"]?.distribution != nil else {
      throw PathProblem(
        message: "component '\(hop.component)' is on the path but has no latency; "
          + "add latency: (a time or a distribution)", position: hop.position)
    }
  }

  /// The arms' probabilities, with `rest` filled in.
  /// - Throws: when a probability is not a fraction, or they do not sum to 1.
  public func probabilities(of arms: [PathArm]) throws(PathProblem) -> [Double] {
    var values: [Double?] = []
    for arm in arms {
      switch arm.probability {
      case .rest: values.append(nil)
      case .value(let v):
        let q = try resolve(v, at: arm.position)
        guard q.dimension.isDimensionless, (0...1).contains(q.value) else {
          throw PathProblem(
            message: "a branch probability must be between 0% and 100%, not "
              + "\(v) = \(q.formatted)", position: arm.position)
        }
        values.append(q.value)
      }
    }
    let known = values.compactMap { $0 }.reduce(0, +)
    let restCount = values.count - values.compactMap { $0 }.count
    let sumText = Quantity.fraction(known).formatted
    if restCount == 0, abs(known - 1) > 1e-9 {
      throw PathProblem(
        message: "branch probabilities sum to \(sumText), not 100% ("
          + arms.map { "\($0.probability.text)" }.joined(separator: " + ")
          + "); make them sum to 100% or write p: rest on one arm", position: arms.first?.position)
    }
    if restCount > 0, known > 1 + 1e-9 {
      throw PathProblem(
        message: "branch probabilities already sum to \(sumText) before the "
          + "rest arm; they must leave something for it", position: arms.first?.position)
    }
    let rest = restCount > 0 ? max(0, 1 - known) : 0
    return values.map { $0 ?? rest }
  }

  /// A path number's current value: the literal, or the parameter it names.
  public func resolve(_ value: PathValue, at position: FilePosition?) throws(PathProblem)
    -> Quantity
  {
    switch value {
    case .literal(let q): return q
    case .parameter(let address):
      do {
        return try quantity(at: address)
      } catch {
        throw PathProblem(
          message: error.message, position: position,
          suggestions: error.suggestions)
      }
    }
  }

  /// A path number that must be a whole number from 1 to `limit` (fan-out, attempts).
  /// - Parameters:
  ///   - value: the number as written, or the parameter it names.
  ///   - what: how messages name it ("a fan-out count").
  ///   - position: where it was written, for the message.
  ///   - limit: the largest value allowed.
  /// - Returns: the number.
  /// - Throws: a path problem naming the range.
  public func wholeNumber(
    _ value: PathValue, what: String, at position: FilePosition?,
    limit: Double = PathLimits.maximumFanOut
  ) throws(PathProblem) -> Int {
    let q = try resolve(value, at: position)
    guard q.dimension.isDimensionless, q.value >= 1, q.value == q.value.rounded(),
      q.value <= limit
    else {
      throw PathProblem(
        message: "\(what) must be a whole number from 1 to "
          + "\(Quantity.formatNumber(limit)), not "
          + "\(value) = \(q.formatted)", position: position)
    }
    return Int(q.value)
  }
}

extension PathProbability {
  /// How the probability was written (`cdn.hit_rate`, `60%`, `rest`).
  var text: String {
    switch self {
    case .rest: return "rest"
    case .value(let v): return v.description
    }
  }
}
