import Testing

@testable import FlowbookKit

@Suite struct TimeSamplerTests {
  /// Exponential draws are ≥ 0 with mean 1/λ: checked directly, so that a generator that
  /// strays outside (0, 1] fails here by name rather than deep inside a simulation.
  @Test func exponentialDrawsArePositiveWithTheRightMean() {
    var generator = SeededGenerator(seed: 9)
    let sampler = TimeSampler.exponential(rate: 4)
    var sum = 0.0
    var smallest = Double.infinity
    for _ in 0..<100_000 {
      let value = sampler.sample(using: &generator)
      sum += value
      smallest = Swift.min(smallest, value)
    }
    #expect(smallest >= 0)
    #expect(abs(sum / 100_000 - 0.25) / 0.25 < 0.02)
    #expect(sampler.mean == 0.25)
  }

  @Test func uniformPositiveStaysInTheHalfOpenUnitInterval() {
    var generator = SeededGenerator(seed: 10)
    for _ in 0..<10_000 {
      let value = generator.uniformPositive()
      #expect(value > 0 && value <= 1)
    }
  }

  @Test func fixedTimesAreFixed() {
    var generator = SeededGenerator(seed: 11)
    #expect(TimeSampler.deterministic(0.5).sample(using: &generator) == 0.5)
    #expect(TimeSampler.deterministic(0.5).problem == nil)
    #expect(TimeSampler.deterministic(-1).problem != nil)
    #expect(TimeSampler.exponential(rate: 0).problem != nil)
  }
}
