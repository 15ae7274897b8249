import Quantities
import Testing

@testable import FlowbookKit

/// Runs `body` for every seed, naming the seed in any failure (after swift-collections).
func withEvery(
  _ label: String, in seeds: Range<UInt64>,
  sourceLocation: SourceLocation = #_sourceLocation,
  _ body: (UInt64) throws -> Void
) rethrows {
  for seed in seeds {
    do {
      try body(seed)
    } catch {
      Issue.record("\(label) \(seed): \(error)", sourceLocation: sourceLocation)
      return
    }
  }
}

/// Printing a quantity and reading the text back gives the same quantity (to the six
/// significant digits printed), and printing is a fixed point after one round trip.
@Test func formattingThenParsingRoundTrips() throws {
  let units = UnitTable.all.filter { $0.symbol != "%" }
  try withEvery("seed", in: 0..<3_000) { seed in
    var generator = SeededGenerator(seed: seed)
    let unit = units[Int(generator.next() % UInt64(units.count))]
    let exponent = Double(Int(generator.next() % 30) - 12)
    let mantissa = 1 + generator.uniform() * 9
    var value = mantissa * pow10(exponent)
    if generator.next() % 5 == 0 { value = -value }
    let original = try Quantity(value, unit: unit)
    let useDefault = generator.next() % 2 == 0
    var shown = original
    if useDefault { shown.display = nil }
    let text = shown.formatted
    let parsed = try Quantity.parse(text)
    #expect(parsed.dimension == original.dimension, "seed \(seed): \(text)")
    let tolerance = 6e-6 * abs(original.value)
    #expect(
      abs(parsed.value - original.value) <= tolerance, "seed \(seed): \(text) → \(parsed.value)")
    #expect(
      parsed.formatted == text || shown.display == nil,
      "seed \(seed): \(text) vs \(parsed.formatted)")
  }
}

@Test func percentRoundTrips() throws {
  for value in [0.0001, 0.05, 0.6, 0.95, 1.0, 1.25] {
    let text = Quantity.fraction(value).formatted
    #expect(abs(try Quantity.parse(text).value - value) < 1e-9, "\(text)")
  }
}

private func pow10(_ e: Double) -> Double {
  var r = 1.0
  for _ in 0..<Int(abs(e)) { r *= 10 }
  return e < 0 ? 1 / r : r
}
