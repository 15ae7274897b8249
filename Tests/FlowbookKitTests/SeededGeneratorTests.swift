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
