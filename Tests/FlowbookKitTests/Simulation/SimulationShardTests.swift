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
    #expect(text.hasPrefix("flowbook-shard 1\ncounter "))
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
    let inMemory = SimulationShard.merged(shards)
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
    let firstLine = "expected \"flowbook-shard 1\" on the first line"
    #expect(throws: ShardFileError.malformed(line: 1, firstLine)) {
      try SimulationShard(text: "hello\n")
    }
    #expect(throws: ShardFileError.malformed(line: 3, "counter value many")) {
      try SimulationShard(text: "flowbook-shard 1\ncounter a 1\ncounter b many\n")
    }
    #expect(throws: ShardFileError.self) {
      try SimulationShard(contentsOf: "/nonexistent/flowbook/shard.txt")
    }
  }
}
