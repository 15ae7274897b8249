/// The Euler allocation of a route's percentile among its steps (see `BudgetAnalysis`).
extension BudgetAnalysis {
  /// E[Xᵢ | ΣX = q] for each step, on one grid of step q/2000.
  /// - Complexity: 2n compositions for n steps, plus O(cells) per step.
  static func allocate(_ q: Double, over steps: [PathNode], _ model: PathModel)
    throws(Diagnostic) -> [Double]
  {
    guard steps.count > 1 else { return [q] }
    let options = LatencyCompositionOptions(step: max(q / 2000, 1e-7))
    var out: [Double] = []
    for index in steps.indices {
      var others = steps
      let mine = others.remove(at: index)
      let own = try grid(mine, model, options)
      let rest = try grid(.series(others), model, options)
      out.append(conditionalMean(own, given: q, rest: rest))
    }
    return out
  }

  private static func grid(
    _ node: PathNode, _ model: PathModel,
    _ options: LatencyCompositionOptions
  ) throws(Diagnostic) -> LatencyGrid {
    let tree = try PathLatency.tree(model, of: node)
    if let problem = tree.problem {
      throw Diagnostic("the latency engine cannot compose this path: \(problem)")
    }
    return tree.compose(options: options).success
  }

  /// Σ x·f(x)·g(q − x) / Σ f(x)·g(q − x), with g's density read off its prefix sums.
  private static func conditionalMean(_ own: LatencyGrid, given q: Double, rest: LatencyGrid)
    -> Double
  {
    var prefix = [0.0]
    prefix.reserveCapacity(rest.mass.count + 1)
    for m in rest.mass { prefix.append((prefix.last ?? 0) + m) }
    func cumulative(_ x: Double) -> Double {
      let position = (x - rest.lowerEdge) / rest.step
      guard position > 0 else { return 0 }
      let whole = Int(position.rounded(.down))
      guard whole < rest.mass.count else { return prefix[rest.mass.count] }
      return prefix[whole] + rest.mass[whole] * (position - Double(whole))
    }
    var weighted = 0.0
    var total = 0.0
    let half = rest.step / 2
    for (index, m) in own.mass.enumerated() where m > 0 {
      let x = own.origin + Double(index) * own.step
      let density = cumulative(q - x + half) - cumulative(q - x - half)
      weighted += x * m * density
      total += m * density
    }
    return total > 0 ? weighted / total : own.mean
  }
}
