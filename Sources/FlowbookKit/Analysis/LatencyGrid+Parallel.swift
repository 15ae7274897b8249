import Foundation

/// Parallel fan-out that waits for all branches: the maximum of independent latencies.
extension LatencyGrid {
  /// The latency of waiting for all of `grids` (independent): their maximum.
  ///
  /// P(max ≤ x) = Πᵢ P(Xᵢ ≤ x) for independent Xᵢ (David & Nagaraja, *Order Statistics*,
  /// 3rd ed. (2003), §2.1). With defective grids the product is P(every event and
  /// max ≤ x), which is what "all branches succeeded" needs. The product is taken at cell
  /// edges, where each grid's CDF is exact, so on a shared lattice this step adds no error.
  /// Grids on other phases are re-binned onto the most probable grid's lattice first.
  /// - Precondition: equal steps; at least one grid.
  /// - Complexity: O(k · span) for k grids.
  public static func maximum(of grids: [LatencyGrid]) -> LatencyGrid {
    precondition(!grids.isEmpty, "the maximum of no grids")
    let reference = grids.max { $0.probability < $1.probability } ?? grids[0]
    return cdfProduct(grids.map { ($0, 1) }, phase: reference.origin)
  }

  /// The maximum of `count` independent copies: P(max ≤ x) = P(X ≤ x)^count.
  /// - Precondition: count ≥ 1.
  /// - Complexity: O(n) plus one `pow` per cell.
  public func maximum(copies count: Int) -> LatencyGrid {
    precondition(count >= 1, "fan-out count \(count) must be ≥ 1")
    if count == 1 { return self }
    return LatencyGrid.cdfProduct([(self, count)], phase: origin)
  }

  /// Πᵢ Fᵢ(x)^eᵢ on the lattice through `phase`, as a grid; overflow is
  /// Πᵢ probabilityᵢ^eᵢ − Πᵢ inGridMassᵢ^eᵢ (some factor overflowed).
  /// - Complexity: O(k · span).
  static func cdfProduct(
    _ factors: [(grid: LatencyGrid, exponent: Int)], phase: Double
  ) -> LatencyGrid {
    let step = factors[0].grid.step
    var everything = 1.0
    var inside = 1.0
    for (grid, exponent) in factors {
      precondition(grid.step == step, "maximum of grids of steps \(step) and \(grid.step)")
      everything *= pow(grid.probability, Double(exponent))
      inside *= pow(grid.inGridMass, Double(exponent))
    }
    let spilled = max(0, everything - inside)
    let aligned = factors.filter { !$0.grid.mass.isEmpty }
      .map { ($0.grid.rebinned(toPhaseOf: phase), $0.exponent) }
    guard aligned.count == factors.count else {
      return LatencyGrid(unchecked: 0, step: step, mass: [], overflow: spilled)
    }
    let (low, count) = span(of: aligned.map(\.0))
    var product = [Double](repeating: 1, count: count)
    for (grid, exponent) in aligned {
      multiply(&product, byCDFOf: grid, offset: grid.offset(from: low), exponent: exponent)
    }
    var result = [Double](repeating: 0, count: count)
    var previous = 0.0
    for index in 0..<count {
      result[index] = max(0, product[index] - previous)
      previous = max(previous, product[index])
    }
    return LatencyGrid(unchecked: low, step: step, mass: result, overflow: spilled).trimmed()
  }

  /// product[j] *= F(right edge of cell j)^exponent, F the grid's (defective) CDF.
  private static func multiply(
    _ product: inout [Double], byCDFOf grid: LatencyGrid, offset: Int, exponent: Int
  ) {
    let power = Double(exponent)
    var cumulative = 0.0
    product.withUnsafeMutableBufferPointer { out in
      for index in 0..<min(offset, out.count) { out[index] = 0 }
      for (local, value) in grid.mass.enumerated() {
        cumulative += value
        out[offset + local] *= exponent == 1 ? cumulative : pow(cumulative, power)
      }
      let tail = exponent == 1 ? cumulative : pow(cumulative, power)
      for index in (offset + grid.mass.count)..<out.count { out[index] *= tail }
    }
  }
}
