import Testing

@testable import FlowbookKit

/// The `bench` entry point works; its figures are only meaningful in a release build,
/// so nothing here is timed.
@Suite struct QueueBenchmarkTests {
  @Test func reportsEventsAndMemoryForEachSize() throws {
    let rows = try QueueBenchmark.run(customerCounts: [1_000, 2_000])
    #expect(rows.map(\.customers) == [1_000, 2_000])
    #expect(rows.map(\.events) == [2_200, 4_400])  // a tenth more as warm-up, 2 events each
    for row in rows {
      #expect(row.wallClockSeconds > 0 && row.cpuSeconds > 0)
      #expect(row.eventsPerSecond > 0 && row.eventsPerCPUSecond > 0)
      #if os(Linux)
      #expect((row.peakResidentBytes ?? 0) > 0)
      #endif
    }
  }
}
