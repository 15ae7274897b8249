import Testing

@testable import Quantities

@Test func littlesLawIsACount() throws {
  let concurrency = try Quantity.perSecond(2.5e6) * .seconds(0.045)
  #expect(concurrency.dimension == .none)
  #expect(abs(concurrency.value - 112_500) < 1e-6)
}

@Test func addingTimeToDataIsAnError() {
  #expect(throws: QuantityError.incompatibleAddition(.time, .data)) {
    try Quantity.seconds(0.001) + .bytes(1e9)
  }
}

@Test func divisionByZeroIsAnError() {
  #expect(throws: QuantityError.divisionByZero) { try Quantity.count(1) / .count(0) }
}

@Test func overflowIsAnError() {
  #expect(throws: QuantityError.notFinite) { try Quantity.count(1e300) * .count(1e300) }
}

@Test func wholePowersOnlyForDimensionedValues() throws {
  let area = try Quantity.seconds(2).raised(to: .count(2))
  #expect(area.dimension == PhysicalDimension(time: 2))
  #expect(throws: QuantityError.nonIntegerPower(0.5)) {
    try Quantity.seconds(2).raised(to: .count(0.5))
  }
}

@Test func sumsKeepTheLeftDisplayUnit() throws {
  let s = try Quantity(1, unit: #require(UnitTable.lookup("s")))
  let ms = try Quantity(500, unit: #require(UnitTable.lookup("ms")))
  #expect(try (s + ms).formatted == "1.5 s")
}

/// Converting to any unit of the same dimension and back returns the same value.
@Test func unitConversionsRoundTrip() throws {
  var generator = SplitMix(seed: 11)
  for unit in UnitTable.all {
    for _ in 0..<200 {
      let magnitude =
        pow10(Double(generator.next() % 24) - 12) * (1 + Double(generator.next() % 1000) / 1000)
      let q = try Quantity(magnitude, unit: unit)
      for other in UnitTable.all where other.dimension == unit.dimension {
        let there = try q.value(in: other)
        let back = try Quantity(there, unit: other).value(in: unit)
        #expect(abs(back - magnitude) <= 1e-12 * magnitude, "\(unit.symbol) via \(other.symbol)")
      }
    }
  }
}

private func pow10(_ e: Double) -> Double {
  var r = 1.0
  for _ in 0..<Int(abs(e)) { r *= 10 }
  return e < 0 ? 1 / r : r
}

/// A tiny deterministic generator for tests of this target (which cannot see FlowbookKit).
struct SplitMix {
  var state: UInt64
  init(seed: UInt64) { state = seed }
  mutating func next() -> UInt64 {
    state &+= 0x9E37_79B9_7F4A_7C15
    var z = state
    z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
    z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
    return z ^ (z >> 31)
  }
}
