import Dispatch
import Foundation
import Quantities

/// Latency percentiles of a path model, end to end and per route: the `latency` analysis.
///
/// Composition is numerical (the engine's `LatencyTree.compose`: convolution for series,
/// mixture for branches, CDF^n for fan-out, truncation and re-draw for retries), so a
/// route's p99 is the p99 of its distribution, not a sum of per-hop p99s, which would
/// overstate the tail (Dean & Barroso, "The Tail at Scale", CACM 2013, on why tails do not
/// add).
public enum PathLatency {
  /// The latency of one route.
  public struct RouteResult: Sendable, Hashable {
    public var route: Route
    /// Percentiles of the route's successful requests; nil if none succeed.
    public var summary: LatencySummary?
    /// P(a request on this route fails) (every retry timed out).
    public var failureProbability: Double
  }

  /// What `latency` reports.
  public struct Report: Sendable {
    public var routes: [RouteResult]
    public var endToEnd: LatencyResult
  }

  /// The percentiles the report and the metrics use, with their conventional names.
  public static let percentiles: [(name: String, p: Double)] = [
    ("p50", 0.5), ("p90", 0.9), ("p99", 0.99), ("p999", 0.999),
  ]

  /// Composes the whole path and, if `perRoute`, each route on its own.
  /// - Throws: a diagnostic if the model's tree is not one the engine accepts.
  /// - Complexity: one composition per route plus one; about a millisecond each in release.
  public static func report(_ model: PathModel, perRoute: Bool = true) throws(Diagnostic)
    -> Report
  {
    // Every route's tree uses the same cold-start shares: estimate them once.
    var model = model
    do {
      model.fixedColdStarts = try model.coldStartShares()
    } catch {
      throw error.diagnostic(in: model.file)
    }
    let whole = try tree(model, of: model.path)
    guard perRoute else {
      return Report(routes: [], endToEnd: try compose(whole, step: model.compositionStep))
    }
    let routes: [Route]
    do {
      routes = try model.routes()
    } catch {
      throw error.diagnostic(in: model.file)
    }
    var trees = [whole]
    for route in routes { trees.append(try tree(model, of: route.node)) }
    for candidate in trees {
      if let problem = candidate.problem {
        throw Diagnostic("the latency engine cannot compose this path: \(problem)")
      }
    }
    let results = composeAll(trees, step: model.compositionStep)
    let perRouteResults = zip(routes, results.dropFirst()).map { route, result in
      RouteResult(
        route: route, summary: result.summary,
        failureProbability: result.failureProbability)
    }
    return Report(routes: perRouteResults, endToEnd: results[0])
  }

  /// Composes independent trees on all cores, each result stored at its tree's index.
  private static func composeAll(_ trees: [LatencyTree], step: Double?) -> [LatencyResult] {
    let slots = ResultSlots(count: trees.count)
    DispatchQueue.concurrentPerform(iterations: trees.count) { index in
      slots.store(index, trees[index].compose(options: LatencyCompositionOptions(step: step)))
    }
    return slots.all()
  }

  static func tree(_ model: PathModel, of node: PathNode) throws(Diagnostic) -> LatencyTree {
    do {
      return try model.latencyTree(of: node)
    } catch {
      throw error.diagnostic(in: model.file)
    }
  }

  static func compose(_ tree: LatencyTree, step: Double? = nil) throws(Diagnostic)
    -> LatencyResult
  {
    if let problem = tree.problem {
      throw Diagnostic("the latency engine cannot compose this path: \(problem)")
    }
    return tree.compose(options: LatencyCompositionOptions(step: step))
  }

  static let milliseconds = DisplayUnit(text: "ms", factor: 1e-3, dimension: .time)

  /// `latency.p50 … latency.mean`, `latency.failure`: end-to-end figures for diff and sweep.
  public static let definition = AnalysisDefinition(
    name: "latency",
    summary: "end-to-end latency percentiles of successful requests",
    metrics: percentiles.map {
      MetricSpec(
        $0.name, .time, "end-to-end \($0.name)",
        display: milliseconds)
    }
      + [
        MetricSpec("mean", .time, "end-to-end mean", display: milliseconds),
        MetricSpec(
          "failure", .none, "share of requests that fail (all retries timed out)",
          display: .percent),
      ],
    evaluate: { model in
      let result = try report(model, perRoute: false).endToEnd
      guard let summary = result.summary else {
        throw Diagnostic("no request succeeds, so there are no percentiles")
      }
      return [summary.p50, summary.p90, summary.p99, summary.p999, summary.mean]
        .map { Quantity(exactly: $0, .time, display: milliseconds) }
        + [Quantity.fraction(result.failureProbability)]
    })
}

extension LatencySummary {
  /// The value of a percentile by its metric name (`p50`, `p90`, `p99`, `p999`, `mean`).
  public func value(named name: String) -> Double? {
    switch name {
    case "p50": return p50
    case "p90": return p90
    case "p99": return p99
    case "p999": return p999
    case "mean": return mean
    default: return nil
    }
  }
}

/// Results written by concurrent compositions, each to its own index, under a lock.
private final class ResultSlots: @unchecked Sendable {
  private let lock = NSLock()
  private var results: [LatencyResult?]

  init(count: Int) {
    results = Array(repeating: nil, count: count)
  }

  func store(_ index: Int, _ result: LatencyResult) {
    lock.lock()
    defer { lock.unlock() }
    results[index] = result
  }

  func all() -> [LatencyResult] {
    lock.lock()
    defer { lock.unlock() }
    return results.map { result in
      guard let result else { preconditionFailure("a composition did not store its result") }
      return result
    }
  }
}
