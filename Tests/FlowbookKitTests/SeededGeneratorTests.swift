import Testing

@testable import FlowbookKit

@Test func sameSeedSameStream() {
  var a = SeededGenerator(seed: 42)
  var b = SeededGenerator(seed: 42)
  for _ in 0..<1000 { #expect(a.next() == b.next()) }
}

@Test func uniformStaysInUnitInterval() {
  var g = SeededGenerator(seed: 7)
  var sum = 0.0
  for _ in 0..<100_000 {
    let u = g.uniform()
    #expect(u >= 0 && u < 1)
    sum += u
  }
  #expect(abs(sum / 100_000 - 0.5) < 0.01)
}

/// Pins the stream: notebooks and simulations promise the same numbers on every machine
/// and build, so any change to the generator must show up here.
@Test func streamIsPinned() {
  var g = SeededGenerator(seed: 17)
  #expect(g.uniform() == 0.6579921782185028)
  let positive = g.uniformPositive()
  #expect(positive > 0 && positive <= 1)
  #expect(positive == 0.690514441497008)
}
