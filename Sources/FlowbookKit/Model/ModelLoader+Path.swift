import Quantities
import Yams

/// The `path:` and `segments:` sections: a list of steps, each one of
///
///     - dns                                   # a hop through component dns
///     - {hop: redis, as: redis set}           # a hop with its own name in reports
///     - use: origin                           # the steps of segment origin
///     - branch:                               # exactly one arm, by probability
///         - {name: cdn hit, p: cdn.hit_rate}
///         - {p: rest, path: [waf, alb, …]}
///     - parallel: {count: 5, path: [dynamodb]}          # wait for all copies
///     - retry: {timeout: 50 ms, attempts: 3, backoff: {lower: 0 ms, upper: 20 ms},
///               path: [dynamodb]}
extension ModelLoader {
  static let stepKeys = ["hop", "use", "branch", "parallel", "retry"]

  mutating func readSegments(_ node: Node) throws(Diagnostic) {
    guard let mapping = node.mapping else {
      throw error("segments: must map names to lists of steps", at: node)
    }
    for (key, value) in mapping {
      let name = try string(key, what: "segment name")
      guard components.allSatisfy({ $0.name != name }) else {
        throw error("'\(name)' is both a component and a segment; rename one", at: key)
      }
      segments[name] = value
    }
  }

  /// A list of steps (or a single step) as a series.
  mutating func readPath(_ node: Node) throws(Diagnostic) -> PathNode {
    if node.scalar != nil || node.mapping != nil { return try readStep(node) }
    var steps: [PathNode] = []
    for item in node.array() {
      let step = try readStep(item)
      if case .series(let inner) = step { steps += inner } else { steps.append(step) }
    }
    return steps.count == 1 ? steps[0] : .series(steps)
  }

  private mutating func readStep(_ node: Node) throws(Diagnostic) -> PathNode {
    steps += 1
    guard steps <= PathLimits.maximumSteps else {
      let limit = Quantity.formatNumber(Double(PathLimits.maximumSteps))
      throw error(
        "the path grows past \(limit) steps here (each use: of a segment writes it out "
          + "again); a path is limited to \(limit) steps",
        at: node)
    }
    if node.scalar != nil {
      let name = try string(node, what: "step")
      if segments[name] != nil {
        throw error("'\(name)' is a segment; write use: \(name)", at: node)
      }
      return .hop(try hop(name, at: node))
    }
    guard let mapping = node.mapping, let keyNode = mapping.keys.first,
      let key = keyNode.scalar?.string
    else {
      throw error(
        "a step is a component name or one of hop:, use:, branch:, parallel:, retry:",
        at: node)
    }
    guard let body = mapping[key], Self.stepKeys.contains(key) else {
      throw error(
        "unknown step '\(key)'", at: keyNode,
        suggestions: Suggestion.nearest(to: key, among: Self.stepKeys))
    }
    if key != "hop" {
      nesting += 1
      guard nesting <= PathLimits.maximumNesting else {
        throw error(
          "blocks and segment uses nest more than \(PathLimits.maximumNesting) deep here; "
            + "a path is limited to \(PathLimits.maximumNesting) levels", at: keyNode)
      }
    }
    defer { if key != "hop" { nesting -= 1 } }
    switch key {
    case "hop":
      try checkKeys(mapping, allowed: ["hop", "as"], what: "hop key")
      var hop = try hop(try string(body, what: "hop"), at: body)
      hop.label = try mapping["as"].map { n throws(Diagnostic) in try string(n, what: "as") }
      return .hop(hop)
    case "use": return try use(body)
    case "branch": return try branch(body)
    case "parallel": return try parallel(body)
    default: return try retry(body)
    }
  }

  private func hop(_ name: String, at node: Node) throws(Diagnostic) -> Hop {
    guard components.contains(where: { $0.name == name }) else {
      throw error(
        "the path refers to '\(name)', which is not a component or segment", at: node,
        suggestions: Suggestion.nearest(
          to: name, among: components.map(\.name) + Array(segments.keys)))
    }
    return Hop(component: name, position: text.position(of: node))
  }

  private mutating func use(_ node: Node) throws(Diagnostic) -> PathNode {
    let name = try string(node, what: "segment name")
    guard let segment = segments[name] else {
      throw error(
        "no segment named '\(name)'", at: node,
        suggestions: Suggestion.nearest(to: name, among: Array(segments.keys)))
    }
    if inlining.contains(name) {
      let cycle = (inlining.drop { $0 != name } + [name]).joined(separator: " → ")
      throw error("segments form a cycle: \(cycle); a request path cannot loop", at: node)
    }
    inlining.append(name)
    defer { inlining.removeLast() }
    return try readPath(segment)
  }

  private mutating func branch(_ node: Node) throws(Diagnostic) -> PathNode {
    let items = node.array()
    guard items.count >= 2 else {
      throw error("a branch needs at least two arms, each {name:, p:, path:}", at: node)
    }
    var arms: [PathArm] = []
    for item in items {
      guard let arm = item.mapping else {
        throw error("a branch arm is a mapping {name:, p:, path:}", at: item)
      }
      try checkKeys(arm, allowed: ["name", "p", "path"], what: "branch arm key")
      guard let pNode = arm["p"] else {
        throw error(
          "each arm needs p: (a probability, a parameter such as cdn.hit_rate, or rest)",
          at: item)
      }
      let probability: PathProbability =
        try string(pNode, what: "p") == "rest"
        ? .rest : .value(try pathValue(pNode))
      let name = try arm["name"].map { n throws(Diagnostic) in try string(n, what: "name") }
      let body = try arm["path"].map { n throws(Diagnostic) in try readPath(n) } ?? .empty
      arms.append(
        PathArm(
          name: name, probability: probability, node: body,
          position: text.position(of: pNode)))
    }
    guard arms.filter({ $0.probability == .rest }).count <= 1 else {
      throw error("only one arm of a branch may be p: rest", at: node)
    }
    return .branch(arms)
  }

  private mutating func parallel(_ node: Node) throws(Diagnostic) -> PathNode {
    guard let body = node.mapping, let count = body["count"], let path = body["path"] else {
      throw error("parallel: is {count: 5, path: [...]}", at: node)
    }
    try checkKeys(body, allowed: ["count", "path"], what: "parallel key")
    return .parallel(
      FanOut(
        count: try pathValue(count), node: try readPath(path),
        position: text.position(of: count)))
  }

  private mutating func retry(_ node: Node) throws(Diagnostic) -> PathNode {
    guard let body = node.mapping, let timeout = body["timeout"], let attempts = body["attempts"],
      let path = body["path"]
    else {
      throw error("retry: is {timeout: 50 ms, attempts: 3, backoff: …, path: [...]}", at: node)
    }
    try checkKeys(body, allowed: ["timeout", "attempts", "backoff", "path"], what: "retry key")
    let backoff =
      try body["backoff"].map { n throws(Diagnostic) in
        ParameterValue.distribution(
          try distribution(n, address: ParameterAddress(component: "retry", parameter: "backoff")))
      } ?? .distribution(.fixed(0))
    return .retry(
      Retry(
        timeout: try pathValue(timeout), attempts: try pathValue(attempts),
        backoff: backoff, node: try readPath(path),
        position: text.position(of: timeout)))
  }
}
