/// Routes: the distinct ways a request can go through the path, named for reporting.
///
/// A route fixes every branch outside fan-outs and retries, so "cdn hit" and
/// "lambda · redis miss" are routes of the golden path; branches inside a fan-out or a
/// retry stay inside the route (each copy or attempt chooses independently). The routes'
/// shares sum to 1 and the end-to-end latency distribution is their mixture.
public struct Route: Sendable, Hashable {
  /// The names of the arms taken, joined with " · " (unnamed arms add nothing).
  public var name: String
  /// The probability a request takes this route.
  public var share: Double
  /// The route's path, with no branches left at its top level.
  public var node: PathNode
}

extension PathModel {
  /// Every route of the path, in path order.
  /// - Throws: a path problem if a branch's probabilities are invalid.
  /// - Complexity: O(number of routes × path size); the number of routes is the product of
  ///   the branch widths along the way, a handful for real request paths.
  public func routes() throws(PathProblem) -> [Route] {
    var out = try routes(of: path)
    for index in out.indices where out[index].name.isEmpty {
      out[index].name = out.count == 1 ? "all requests" : "route \(index + 1)"
    }
    return out
  }

  private func routes(of node: PathNode) throws(PathProblem) -> [Route] {
    switch node {
    case .hop, .parallel, .retry:
      return [Route(name: "", share: 1, node: node)]
    case .series(let children):
      var partial = [Route(name: "", share: 1, node: .series([]))]
      for child in children {
        let options = try routes(of: child)
        var next: [Route] = []
        for prefix in partial {
          for option in options {
            guard case .series(let steps) = prefix.node else { continue }
            next.append(
              Route(
                name: Self.join(prefix.name, option.name),
                share: prefix.share * option.share,
                node: .series(steps + [option.node])))
          }
        }
        partial = next
      }
      return partial
    case .branch(let arms):
      let weights = try probabilities(of: arms)
      var out: [Route] = []
      for (arm, weight) in zip(arms, weights) {
        for option in try routes(of: arm.node) {
          out.append(
            Route(
              name: Self.join(arm.name ?? "", option.name),
              share: weight * option.share, node: option.node))
        }
      }
      return out
    }
  }

  private static func join(_ a: String, _ b: String) -> String {
    if a.isEmpty { return b }
    if b.isEmpty { return a }
    return a + " · " + b
  }
}
