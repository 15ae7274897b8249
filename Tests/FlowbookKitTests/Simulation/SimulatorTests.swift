import Testing

@testable import FlowbookKit

/// A model that logs what it handles and, for a `.tick`, schedules the next tick.
private struct LogModel: SimulationModel {
  enum Event: Equatable {
    case tick(period: Double)
    case note(String)
  }

  var log: [String] = []

  mutating func handle(_ event: Event, scheduler: inout EventScheduler<Event>) {
    switch event {
    case .tick(let period):
      log.append("tick@\(scheduler.now)")
      scheduler.schedule(.tick(period: period), after: period)
    case .note(let text):
      log.append("\(text)@\(scheduler.now)")
    }
  }
}

@Suite struct SimulatorTests {
  @Test func stepAdvancesTheClockToEachEvent() {
    var simulator = Simulator(model: LogModel())
    simulator.schedule(.note("b"), at: 2)
    simulator.schedule(.note("a"), at: 1)
    let stepped = [simulator.step(), simulator.now == 1, simulator.step(), simulator.now == 2]
    let steppedPastTheEnd = simulator.step()
    #expect(stepped == [true, true, true, true])
    #expect(!steppedPastTheEnd)
    #expect(simulator.model.log == ["a@1.0", "b@2.0"])
    #expect(simulator.scheduler.eventsHandled == 2)
  }

  @Test func runUntilIsHalfOpenAndSetsTheClock() {
    var simulator = Simulator(model: LogModel())
    simulator.schedule(.tick(period: 1), at: 0)
    simulator.run(until: 3)
    #expect(simulator.model.log == ["tick@0.0", "tick@1.0", "tick@2.0"])
    #expect(simulator.now == 3)
    #expect(simulator.scheduler.queue.nextTime == 3)
    simulator.run(until: 3)
    #expect(simulator.model.log.count == 3)
    simulator.run(until: 3.5)
    #expect(simulator.model.log.last == "tick@3.0")
    #expect(simulator.now == 3.5)
  }

  @Test func eventsScheduledForNowRunAfterThoseAlreadyDue() {
    var simulator = Simulator(model: LogModel())
    simulator.schedule(.note("first"), at: 1)
    simulator.schedule(.tick(period: 0), at: 1)  // reschedules itself at 1, after "last"
    simulator.schedule(.note("last"), at: 1)
    for _ in 0..<4 { simulator.step() }
    #expect(simulator.model.log == ["first@1.0", "tick@1.0", "last@1.0", "tick@1.0"])
  }

  @Test func runWithoutLimitDrainsTheQueue() {
    var simulator = Simulator(model: LogModel())
    for index in 0..<5 { simulator.schedule(.note("\(index)"), at: Double(5 - index)) }
    simulator.run()
    #expect(simulator.model.log == ["4@1.0", "3@2.0", "2@3.0", "1@4.0", "0@5.0"])
    #expect(simulator.now == 5)
    #expect(simulator.scheduler.queue.isEmpty)
  }
}
