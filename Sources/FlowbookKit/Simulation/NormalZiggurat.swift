import Foundation

/// Standard normal draws by the ziggurat method, for the simulator's lognormal latencies.
///
/// Inversion by Wichura's AS241 costs a rational function of degree 7 (and a logarithm in
/// the tails) per draw, a fifth of a golden-path request's time. The ziggurat covers the
/// density with 128 horizontal blocks of equal area; a draw picks a block and a point in
/// it, and 98.8 % of draws are accepted at once with one multiplication (Marsaglia & Tsang,
/// "The Ziggurat Method for Generating Random Variables", *Journal of Statistical
/// Software* 5(8), 2000). This is Doornik's variant, which draws the block and the point
/// from independent bits of one 64-bit word and the point as a 53-bit double, avoiding
/// the correlation of the original 32-bit version (Doornik, "An Improved Ziggurat Method
/// to Generate Normal Random Samples", 2005); the tail beyond R uses Marsaglia's exact
/// method (1964). It is a rejection method, so draws are exactly normal and a pure
/// function of the generator's stream, though a draw may consume more than one word.
///
/// The tables are a value kept by each sampler table, so a draw reads them without a
/// global's lazy-initialisation check or a reference count.
struct NormalZiggurat: Sendable {
  /// Where the tail begins, and the area of each block, for 128 blocks (Doornik 2005).
  static let tailStart = 3.442619855899
  static let blockArea = 9.91256303526217e-3

  /// Block edges x[0…128] and acceptance ratios x[i+1]/x[i].
  private let edges: [Double]
  private let ratios: [Double]

  /// Computes the tables (Doornik 2005, `zigNorInit`).
  init() {
    var edges = [Double](repeating: 0, count: 129)
    var density = exp(-0.5 * Self.tailStart * Self.tailStart)
    edges[0] = Self.blockArea / density
    edges[1] = Self.tailStart
    edges[128] = 0
    for index in 2..<128 {
      edges[index] = (-2 * log(Self.blockArea / edges[index - 1] + density)).squareRoot()
      density = exp(-0.5 * edges[index] * edges[index])
    }
    self.edges = edges
    ratios = (0..<128).map { edges[$0 + 1] / edges[$0] }
  }

  /// One standard normal draw.
  ///
  /// - Complexity: O(1) expected: 1.013 words per draw on average.
  @inline(__always)
  func sample(_ generator: inout SeededGenerator) -> Double {
    while true {
      let bits: UInt64 = generator.next()
      let block = Int(bits & 127)
      let u = Double(bits &>> 11) * 0x1.0p-52 - 1
      if abs(u) < ratios[block] { return u * edges[block] }
      if block == 0 { return Self.tail(negative: u < 0, &generator) }
      let x = u * edges[block]
      let upper = exp(-0.5 * (edges[block] * edges[block] - x * x))
      let lower = exp(-0.5 * (edges[block + 1] * edges[block + 1] - x * x))
      if lower + generator.uniform() * (upper - lower) < 1 { return x }
    }
  }

  /// A draw from the normal tail beyond ±R (Marsaglia, "Generating a variable from the
  /// tail of the normal distribution", *Technometrics* 6(1), 1964).
  private static func tail(negative: Bool, _ generator: inout SeededGenerator) -> Double {
    while true {
      let x = log(generator.uniformPositive()) / Self.tailStart
      let y = log(generator.uniformPositive())
      if -2 * y >= x * x { return negative ? x - Self.tailStart : Self.tailStart - x }
    }
  }
}
