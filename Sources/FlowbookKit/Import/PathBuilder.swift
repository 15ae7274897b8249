import Foundation

/// Turns the wiring into the model's `path:`: one walk from the entry component, following
/// every edge onward.
///
/// The walk writes a component, then the work it calls (in series, in the order the
/// template names it), then where it routes or triggers: one destination continues the
/// series; several become a branch with equal shares (marked assumed: the template says
/// where requests can go, not how many go each way). A topic or rule with several targets
/// is a branch too, since a path follows one message to one place; every target is still
/// in the model. A distribution's origins sit behind its `hit_rate`. So the path's latency
/// is the time from the entry until the last hop downstream has done its work, as the
/// seed `serverless-burst` measures its queued writes. A component already on the way is
/// not entered again (a loop), and the walk is bounded by the model's own limits on steps,
/// nesting and routes.
struct PathBuilder {
  /// A step of the path as written.
  indirect enum Step: Sendable {
    case hop(String)
    case branch([Arm])
  }

  /// One arm of a branch.
  struct Arm: Sendable {
    var name: String
    /// `33.33%`, `rest`, or a parameter address.
    var probability: String
    var steps: [Step]
  }

  /// Kinds in the order an entry is preferred: front doors first.
  static let entryOrder: [ComponentKind] = [
    .dns, .cdn, .waf, .lb, .gateway, .auth, .bus, .topic, .storage, .queue, .stream, .function,
    .workflow, .service, .database, .cache,
  ]

  let components: [ImportedComponent]
  let wires: [Wiring.Wire]
  let deadLetterQueues: Set<String>
  private var hops = 0
  /// Components where the walk stopped because the wiring nests past the model's limit.
  private(set) var cutShort: [String] = []

  init(components: [ImportedComponent], wiring: Wiring) {
    self.components = components
    self.wires = wiring.wires
    self.deadLetterQueues = wiring.deadLetterQueues
  }

  /// The components that start a flow: nothing wires into them, and they are not DLQs; the
  /// preferred entry first.
  var entries: [ImportedComponent] {
    let targets = Set(wires.map(\.to))
    let candidates = components.filter {
      !targets.contains($0.resource) && !deadLetterQueues.contains($0.resource)
    }
    let pool = candidates.isEmpty ? components : candidates
    let order = pool.enumerated().sorted { left, right in
      let a = Self.rank(left.element, wires)
      let b = Self.rank(right.element, wires)
      return a != b ? a < b : left.offset < right.offset
    }
    return order.map(\.element)
  }

  private static func rank(_ component: ImportedComponent, _ wires: [Wiring.Wire]) -> Int {
    let wired = wires.contains { $0.from == component.resource }
    let kind = entryOrder.firstIndex(of: component.kind) ?? entryOrder.count
    return (wired ? 0 : 100) + kind
  }

  /// The steps from `entry` onward.
  /// - Parameter entry: the component to start from.
  /// - Returns: The path's steps.
  /// - Throws: `ImportError` when the walk would exceed the model's limits.
  mutating func path(from entry: ImportedComponent) throws(ImportError) -> [Step] {
    hops = 0
    let steps = try walk(entry.resource, route: [])
    let routes = Self.routes(steps)
    guard routes <= Double(PathLimits.maximumRoutes) else {
      throw ImportError(
        "the wiring from \(entry.name) gives more than \(PathLimits.maximumRoutes) routes; "
          + "import a smaller stack", at: nil as FilePosition?)
    }
    return steps
  }

  private func component(_ id: String) -> ImportedComponent? {
    components.first { $0.resource == id }
  }

  private mutating func walk(_ id: String, route: [String]) throws(ImportError) -> [Step] {
    guard let here = component(id) else { return [] }
    hops += 1
    guard hops <= PathLimits.maximumSteps / 4 else {
      throw ImportError(
        "the wiring writes out past \(PathLimits.maximumSteps / 4) hops; import a smaller stack",
        at: nil as FilePosition?)
    }
    var steps: [Step] = [.hop(here.name)]
    let route = route + [id]
    guard route.count < PathLimits.maximumNesting else {
      if !cutShort.contains(here.name) { cutShort.append(here.name) }
      return steps
    }
    let out = wires.filter { $0.from == id && !route.contains($0.to) && component($0.to) != nil }
    for call in out where call.role == .call {
      steps += try walk(call.to, route: route)
    }
    let onward = out.filter { $0.role != .call }
    guard !onward.isEmpty else { return steps }
    var forward: [Step]
    if onward.count == 1 {
      forward = try walk(onward[0].to, route: route)
    } else {
      var arms: [Arm] = []
      for (position, wire) in onward.enumerated() {
        let share = position == onward.count - 1 ? "rest" : Self.share(onward.count)
        let name = wire.label ?? component(wire.to)?.name ?? wire.to
        arms.append(Arm(name: name, probability: share, steps: try walk(wire.to, route: route)))
      }
      forward = [.branch(arms)]
    }
    if here.kind == .cdn {
      forward = [
        .branch([
          Arm(name: "edge hit", probability: "\(here.name).hit_rate", steps: []),
          Arm(name: "origin", probability: "rest", steps: forward),
        ])
      ]
    }
    return steps + forward
  }

  /// An equal share of `count` arms, as a percentage to two places.
  static func share(_ count: Int) -> String {
    let hundredths = (10_000 / count)
    return "\(hundredths / 100).\(String(format: "%02d", hundredths % 100))%"
  }

  /// How many routes `steps` make (branches add, series multiply).
  static func routes(_ steps: [Step]) -> Double {
    steps.reduce(1) { total, step in
      switch step {
      case .hop: return total
      case .branch(let arms): return total * arms.reduce(0) { $0 + routes($1.steps) }
      }
    }
  }
}
