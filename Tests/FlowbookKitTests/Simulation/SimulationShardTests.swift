import Foundation
import Testing

@testable import FlowbookKit

@Suite struct SimulationShardTests {
  private static func shard(replication: UInt64) -> SimulationShard {
    let configuration = QueueConfiguration.mmc(
      arrivalRate: 1.5, serviceRate: 1, servers: 2, customers: 2_000, warmUpCustomers: 200)
    let statistics = QueueSimulation.simulate(
      configuration, generator: SeededGenerator(seed: 11, stream: replication))
    return statistics.shard()
  }

  /// A fresh folder per test, named without randomness (tests never draw from the
  /// system generator): process id and test name.
  private static func temporaryFolder(_ name: String = #function) throws -> URL {
    let safeName = name.filter { $0.isLetter || $0.isNumber }
    let folder = FileManager.default.temporaryDirectory
      .appendingPathComponent("flowbook-shards-\(getpid())-\(safeName)")
    try? FileManager.default.removeItem(at: folder)
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    return folder
  }

  @Test func textRoundTripsExactly() throws {
    let original = Self.shard(replication: 0)
    let text = original.text()
    #expect(text.hasPrefix("flowbook-shard 2\ncounter "))
    #expect(try SimulationShard(text: text) == original)
    #expect(try SimulationShard(text: text).text() == text)
  }

  @Test func writeReadAndMergeShardFilesEqualsMergingInMemory() throws {
    let folder = try Self.temporaryFolder()
    defer { try? FileManager.default.removeItem(at: folder) }
    let shards = (0..<4).map { Self.shard(replication: UInt64($0)) }
    var paths: [String] = []
    for (index, shard) in shards.enumerated() {
      let path = folder.appendingPathComponent("shard-\(index).txt").path
      try shard.write(to: path)
      paths.append(path)
    }
    let fromFiles = try SimulationShard.merged(contentsOf: paths)
    let inMemory = try SimulationShard.merged(shards)
    #expect(fromFiles == inMemory)
    let histogram = try #require(fromFiles.histograms["response_s"])
    #expect(histogram.count == 8_000)
    #expect(fromFiles.counters["customers"] == 8_000)
    // And the merged shard is the merged statistics.
    var statistics = QueueStatistics()
    for index in 0..<4 {
      statistics.merge(
        QueueSimulation.simulate(
          .mmc(
            arrivalRate: 1.5, serviceRate: 1, servers: 2, customers: 2_000,
            warmUpCustomers: 200),
          generator: SeededGenerator(seed: 11, stream: UInt64(index))))
    }
    #expect(try QueueStatistics(shard: fromFiles) == statistics)
  }

  @Test func writingReplacesTheWholeFileAndLeavesNoTemporary() throws {
    let folder = try Self.temporaryFolder()
    defer { try? FileManager.default.removeItem(at: folder) }
    let path = folder.appendingPathComponent("result.txt").path
    try Self.shard(replication: 0).write(to: path)
    let second = Self.shard(replication: 1)
    try second.write(to: path)
    #expect(try SimulationShard(contentsOf: path) == second)
    #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path) == ["result.txt"])
  }

  @Test func malformedFilesNameTheLine() {
    let firstLine = "not a flowbook shard: expected \"flowbook-shard 2\" on the first line"
    #expect(throws: ShardFileError.malformed(line: 1, firstLine)) {
      try SimulationShard(text: "hello\n")
    }
    let many =
      "counter b: many is not a count (a whole number from 0 to "
      + "18,446,744,073,709,551,615)"
    #expect(throws: ShardFileError.malformed(line: 3, many)) {
      try SimulationShard(text: ShardText.sealed("flowbook-shard 2\ncounter a 1\ncounter b many\n"))
    }
    #expect(throws: ShardFileError.self) {
      try SimulationShard(contentsOf: "/nonexistent/flowbook/shard.txt")
    }
  }

  /// A shard labelled as `simulate … replication K shard FILE` labels it.
  private static func labelled(_ replication: Int, run: String = "mmc seed 11 · 0123456789ab")
    -> SimulationShard
  {
    var shard = Self.shard(replication: UInt64(replication))
    shard.run = run
    shard.replications = [replication]
    return shard
  }

  private static func write(_ shards: [SimulationShard], in folder: URL) throws -> [String] {
    try shards.enumerated().map { index, shard in
      let path = folder.appendingPathComponent("shard-\(index).txt").path
      try shard.write(to: path)
      return path
    }
  }

  @Test func runAndReplicationsRoundTripAndMergeIntoOneList() throws {
    let folder = try Self.temporaryFolder()
    defer { try? FileManager.default.removeItem(at: folder) }
    let text = Self.labelled(7).text()
    #expect(text.hasPrefix("flowbook-shard 2\nrun mmc seed 11 · 0123456789ab\nreplication 7\n"))
    #expect(try SimulationShard(text: text) == Self.labelled(7))
    let paths = try Self.write([3, 0, 1].map { Self.labelled($0) }, in: folder)
    let merged = try SimulationShard.merged(contentsOf: paths)
    #expect(merged.run == "mmc seed 11 · 0123456789ab")
    #expect(merged.replications == [0, 1, 3])
    let summary = PlainTextRenderer.render(merged.summary(files: 3))
    #expect(summary.contains("replications: 3 of 0–3; missing 2"), "\(summary)")
    #expect(summary.contains("run: mmc seed 11 · 0123456789ab"))
  }

  @Test func mergeRefusesAnotherRunAndAReplicationTwice() throws {
    let folder = try Self.temporaryFolder()
    defer { try? FileManager.default.removeItem(at: folder) }
    let other = try Self.write(
      [Self.labelled(0), Self.labelled(1, run: "mmc seed 12 · ba9876543210")], in: folder)
    #expect(
      throws: ShardFileError.differentRun(
        path: other[1], run: "mmc seed 12 · ba9876543210", firstPath: other[0],
        firstRun: "mmc seed 11 · 0123456789ab")
    ) {
      try SimulationShard.merged(contentsOf: other)
    }
    let twice = try Self.write([Self.labelled(0), Self.labelled(1), Self.labelled(1)], in: folder)
    #expect(throws: ShardFileError.repeatedReplication(1, path: twice[2], firstPath: twice[1])) {
      try SimulationShard.merged(contentsOf: twice)
    }
    #expect(throws: ShardFileError.repeatedReplication(0, path: twice[0], firstPath: twice[0])) {
      try SimulationShard.merged(contentsOf: [twice[0], twice[0]])
    }
  }

  /// Each replication's figures travel in its shard, so merged shards give 95 % intervals.
  @Test func estimatesRoundTripMergeAndGiveIntervals() throws {
    let folder = try Self.temporaryFolder()
    defer { try? FileManager.default.removeItem(at: folder) }
    let shards = (0..<3).map { index -> SimulationShard in
      var shard = Self.labelled(index)
      shard.estimates = [index: shard.replicationEstimates()]
      return shard
    }
    #expect(shards[0].estimates[0]?["mean_wait_s"] != nil)
    #expect(try SimulationShard(text: shards[1].text()) == shards[1])
    let merged = try SimulationShard.merged(contentsOf: try Self.write(shards, in: folder))
    #expect(merged.estimates.keys.sorted() == [0, 1, 2])
    let waits = (0..<3).compactMap { merged.estimates[$0]?["mean_wait_s"] }
    let expected = ConfidenceInterval(estimates: waits).halfWidth
    let summary = merged.summary(files: 3)
    guard case .object(let pairs) = summary.data else {
      Issue.record("summary data is not an object")
      return
    }
    let halfWidth = pairs.first { $0.0 == "mean_wait_s_ci95" }?.1
    #expect(halfWidth == .number(expected))
    #expect(PlainTextRenderer.render(summary).contains("± 95% CI"))
  }
}
