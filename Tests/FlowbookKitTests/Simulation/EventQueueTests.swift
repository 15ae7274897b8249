import Testing

@testable import FlowbookKit

@Suite struct EventQueueTests {
  @Test func emptyQueue() {
    var queue = EventQueue<Int>()
    #expect(queue.isEmpty)
    #expect(queue.count == 0)
    #expect(queue.peek() == nil)
    let popped = queue.pop()
    #expect(popped == nil)
  }

  @Test func simultaneousEventsComeOutInSchedulingOrder() {
    var queue = EventQueue<String>()
    queue.schedule("b1", at: 2)
    queue.schedule("a1", at: 1)
    queue.schedule("b2", at: 2)
    queue.schedule("a2", at: 1)
    queue.schedule("b3", at: 2)
    var order: [String] = []
    while let entry = queue.pop() { order.append(entry.event) }
    #expect(order == ["a1", "a2", "b1", "b2", "b3"])
  }

  @Test func peekShowsWhatPopReturns() {
    var queue = EventQueue<Int>()
    for (index, time) in [5.0, 3, 9, 3, 1].enumerated() { queue.schedule(index, at: time) }
    #expect(queue.count == 5)
    while let due = queue.peek() {
      #expect(queue.nextTime == due.time)
      let popped = queue.pop()
      #expect(popped == due)
    }
    #expect(queue.nextTime == nil)
  }

  @Test func sequenceNumbersCountSchedules() {
    var queue = EventQueue<Int>()
    let first = queue.schedule(0, at: 4)
    let second = queue.schedule(1, at: 1)
    _ = queue.pop()
    let third = queue.schedule(2, at: 0)
    queue.removeAll()
    #expect(queue.isEmpty)
    let fourth = queue.schedule(3, at: 0)
    #expect([first, second, third, fourth] == [0, 1, 2, 3])
  }

  @Test func copiesAreIndependent() {
    var original = EventQueue<Int>()
    for index in 0..<10 { original.schedule(index, at: Double(10 - index)) }
    var copy = original
    _ = copy.pop()
    copy.schedule(99, at: 0)
    #expect(original.count == 10)
    let fromOriginal = original.pop()?.event
    let fromCopy = copy.pop()?.event
    #expect(fromOriginal == 9)
    #expect(fromCopy == 99)
  }

  /// Random interleavings of schedule and pop, with many ties, against a sorted
  /// reference: every pop must return the smallest pending (time, sequence).
  @Test func popOrderMatchesSortedReferenceForRandomSchedules() throws {
    try withEvery("seed", in: 0..<100) { seed in
      var generator = SeededGenerator(seed: seed)
      var queue = EventQueue<Int>()
      var reference: [(time: Double, sequence: UInt64, event: Int)] = []
      let operations = 50 + Int(generator.next() % 200)
      for step in 0..<operations {
        if generator.next() % 3 != 0 || reference.isEmpty {
          let time = Double(generator.next() % 16) / 4  // few distinct times: many ties
          let sequence = queue.schedule(step, at: time)
          reference.append((time, sequence, step))
        } else {
          let maybePopped = queue.pop()
          let popped = try #require(maybePopped)
          let index = reference.indices.min { a, b in
            (reference[a].time, reference[a].sequence) < (reference[b].time, reference[b].sequence)
          }
          let expected = reference.remove(at: try #require(index))
          try #require(popped.time == expected.time && popped.sequence == expected.sequence)
          try #require(popped.event == expected.event)
        }
        #if FLOWBOOK_INTERNAL_CHECKS
        queue._checkInvariants()
        #endif
        try #require(queue.count == reference.count)
      }
      var previous: (Double, UInt64) = (-.infinity, 0)
      while let entry = queue.pop() {
        try #require(previous < (entry.time, entry.sequence))
        previous = (entry.time, entry.sequence)
      }
    }
  }
}
