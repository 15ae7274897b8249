import Foundation
import Testing

@testable import FlowbookKit

/// The shard format's end line and checksum, its bounds, and checked merging: a cut,
/// changed or absurd shard is refused naming the line and field, never merged as a
/// smaller run or trapped on.
@Suite struct SimulationShardFormatTests {
  /// A labelled queue shard, as `simulate mmc … replication K shard FILE` writes it.
  private static func shard(_ replication: Int) -> SimulationShard {
    let configuration = QueueConfiguration.mmc(
      arrivalRate: 1.5, serviceRate: 1, servers: 2, customers: 500, warmUpCustomers: 50)
    var shard = QueueSimulation.simulate(
      configuration, generator: SeededGenerator(seed: 5, stream: UInt64(replication))
    ).shard()
    shard.run = "mmc seed 5 · 0123456789ab"
    shard.replications = [replication]
    shard.estimates = [replication: shard.replicationEstimates()]
    return shard
  }

  private static func message(_ text: String) -> String {
    do {
      _ = try SimulationShard(text: text)
      return "(read)"
    } catch {
      return error.description
    }
  }

  @Test func theEndLineCountsAndHashesTheBody() throws {
    let text = Self.shard(3).text()
    let lines = text.split(separator: "\n")
    let end = try #require(lines.last)
    let body = Array(text.utf8.dropLast(end.utf8.count + 1))
    #expect(end == "end \(body.count) \(SHA256.hex(body))")
    #expect(try SimulationShard(text: text) == Self.shard(3))
  }

  /// `head -n K` for every K, and a cut at every byte: none of them reads.
  @Test func everyCutCopyIsRefused() {
    let text = Self.shard(1).text()
    let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
    for count in 1..<lines.count - 1 {
      let head = lines.prefix(count).joined(separator: "\n") + "\n"
      #expect(Self.message(head).contains("cut short"), "head -n \(count)")
    }
    let bytes = Array(text.utf8)
    for length in 0..<bytes.count {
      #expect(throws: ShardFileError.self, "cut at byte \(length)") {
        try SimulationShard(bytes: Array(bytes[..<length]))
      }
    }
  }

  @Test func aChangedJoinedOrOldShardIsRefusedWithItsReason() throws {
    let text = Self.shard(2).text()
    // One digit of a counter changed, the length kept.
    var bytes = Array(text.utf8)
    let digit = try #require(text.range(of: "counter events ")).upperBound.utf16Offset(in: text)
    bytes[digit] = bytes[digit] == UInt8(ascii: "1") ? UInt8(ascii: "2") : UInt8(ascii: "1")
    #expect(
      Self.message(String(decoding: bytes, as: UTF8.self)).contains("checksum does not match"))
    let joined = Self.shard(2).text() + Self.shard(3).text()
    #expect(Self.message(joined).contains("counts"), "\(Self.message(joined))")
    let old = "flowbook-shard 1\ncounter customers 10\n"
    #expect(Self.message(old).contains("this shard is format 1; this flowbook reads format 2"))
    #expect(Self.message("").contains("not a flowbook shard"))
  }

  @Test(
    arguments: [
      ("replication 1000000\n", "line 2: replication 1000000 is not an index from 0 to 999999"),
      ("replication -1\n", "line 2: replication -1 is not an index"),
      ("replication 3\nreplication 1\n", "line 3: replication 1 after 3"),
      ("counter a -5\n", "line 2: counter a: -5 is not a count"),
      ("counter a 18446744073709551616\n", "is not a count"),
      ("counter a 1\ncounter a 2\n", "line 3: counter a given twice"),
      ("sum s -0x1p+0\n", "line 2: sum s: -0x1p+0 is not a finite total ≥ 0"),
      ("sum s inf\n", "is not a finite total"),
      ("counter A 1\n", "counter name \"A\" is not 1-64 of a-z, 0-9 and _"),
      ("replication 0\nestimate 0 p 1e10\n", "line 3: estimate 0 p: 1e10 is not a share"),
      ("estimate 4 p 0.5\n", "line 2: an estimate of replication 4, which the shard does not list"),
      ("run a\nrun b\n", "line 3: a second run line"),
      ("run \u{1b}[31mred\n", "line 2: control character U+001B"),
      ("counter a 1 2\n", "line 2: expected a run, replication, counter"),
      ("histogram h 0x0p+0 AAAA\n", "line 2: histogram h: the histogram is cut short"),
    ])
  func recordsOutOfBoundsAreRefusedNamingTheLineAndField(_ body: String, _ expected: String) {
    let message = Self.message(ShardText.sealed("flowbook-shard 2\n" + body))
    #expect(message.contains(expected), "\(message)")
  }

  // MARK: - Merging

  @Test func countersThatWouldOverflowAreRefusedNamingTheFigure() throws {
    var big = Self.shard(0)
    big.counters["events"] = UInt64.max - 1
    var other = Self.shard(1)
    other.counters["events"] = 2
    var merged = big
    #expect(throws: ShardMergeConflict.overflow("counter events")) { try merged.merge(other) }
    #expect(merged == big, "a refused merge changes nothing")
    var huge = Self.shard(1)
    huge.sums["wait_s"] = Double.greatestFiniteMagnitude
    big.sums["wait_s"] = Double.greatestFiniteMagnitude
    big.counters["events"] = 1
    #expect(throws: ShardMergeConflict.overflow("sum wait_s")) { try big.merge(huge) }
  }

  @Test func histogramsOfAnotherPrecisionAreRefused() throws {
    var coarse = StreamingHistogram(significantDigits: .two)
    coarse.record(0.5)
    var mine = Self.shard(0)
    var other = Self.shard(1)
    other.histograms["response_s"] = coarse
    #expect(
      throws: ShardMergeConflict.precision(histogram: "response_s", digits: 3, otherDigits: 2)
    ) { try mine.merge(other) }
    // Read back from a file, the two-digit histogram keeps its precision.
    let read = try SimulationShard(text: other.text())
    #expect(read.histograms["response_s"]?.significantDigits == 2)
  }

  @Test func mergingFilesNamesBothFilesAndTheFigure() throws {
    let folder = FileManager.default.temporaryDirectory
      .appendingPathComponent("flowbook-shard-format-\(getpid())")
    try? FileManager.default.removeItem(at: folder)
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: folder) }
    var shards = (0..<3).map { Self.shard($0) }
    shards[2].counters["customers"] = UInt64.max
    var paths: [String] = []
    for (index, shard) in shards.enumerated() {
      paths.append(folder.appendingPathComponent("\(index).shard").path)
      try shard.write(to: paths[index])
    }
    do {
      _ = try SimulationShard.merged(contentsOf: paths)
      Issue.record("merged an overflowing counter")
    } catch {
      #expect(!error.isIO)
      #expect(
        error.description
          == "cannot add \(paths[2]) to \(paths[0]) and 1 more: counter customers would pass "
          + "18,446,744,073,709,551,615, the largest count a shard holds")
    }
    var extra = Self.shard(4)
    extra.counters["surprise"] = 1
    let extraPath = folder.appendingPathComponent("extra.shard").path
    try extra.write(to: extraPath)
    #expect(
      throws: ShardFileError.differentRecords(
        path: extraPath, record: "counter surprise", firstPath: paths[0], inFirst: false)
    ) { try SimulationShard.merged(contentsOf: [paths[0], extraPath]) }
    // A cut file names itself and its line; a missing one is the system's error.
    let cut = folder.appendingPathComponent("cut.shard").path
    let lines = try String(contentsOfFile: paths[0], encoding: .utf8).split(separator: "\n")
    try (lines.prefix(8).joined(separator: "\n") + "\n").write(
      toFile: cut, atomically: true, encoding: .utf8)
    do {
      _ = try SimulationShard.merged(contentsOf: [paths[0], cut])
      Issue.record("merged a cut shard")
    } catch {
      #expect(!error.isIO)
      #expect(error.description.hasPrefix("\(cut) line 8: the shard is cut short"), "\(error)")
    }
    #expect(throws: ShardFileError.io(path: folder.path, "Is a directory")) {
      try SimulationShard.merged(contentsOf: [folder.path])
    }
  }

  // MARK: - Histogram encodings

  /// An uncompressed V2 encoding with the given header fields and payload words.
  private static func v2(digits: UInt32 = 3, highest: UInt64 = 1 << 20, words: [Int64]) -> [UInt8] {
    var payload: [UInt8] = []
    for word in words { ZigZag.append(word, to: &payload) }
    var bytes: [UInt8] = []
    BigEndian.append(StreamingHistogram.v2Cookie, to: &bytes)
    BigEndian.append(UInt32(payload.count), to: &bytes)
    BigEndian.append(UInt32(0), to: &bytes)
    BigEndian.append(digits, to: &bytes)
    BigEndian.append(UInt64(1), to: &bytes)
    BigEndian.append(highest, to: &bytes)
    BigEndian.append((1 / StreamingHistogram.unitsPerSecond).bitPattern, to: &bytes)
    return bytes + payload
  }

  private static func decodingError(_ bytes: [UInt8]) -> String {
    do {
      _ = try StreamingHistogram(encoded: bytes)
      return "(read)"
    } catch {
      return error.description
    }
  }

  @Test func countsOutsideTheHistogramsRangeAreRefused() {
    #expect(Self.decodingError(Self.v2(words: [Int64.min, 1])).contains("zero counts"))
    #expect(Self.decodingError(Self.v2(words: [-(1 << 40), 1])).contains("passes the histogram"))
    // 10^6 buckets up: far above the header's highest value (2^20 ns).
    #expect(Self.decodingError(Self.v2(words: [-1_000_000, 1])).contains("range"))
    #expect(
      Self.decodingError(Self.v2(words: [Int64.max, Int64.max, 2])).contains("add up to more"))
    #expect(Self.decodingError(Self.v2(highest: 1, words: [1])).contains("highest trackable"))
    // A count at the top of the header's range reads.
    #expect(Self.decodingError(Self.v2(words: [-100, 3])) == "(read)")
  }

  @Test func nestedAndExplodingCompressionIsRefused() throws {
    let inner = StreamingHistogram().encodedCompressedV2()
    var nested: [UInt8] = []
    let zlib = Zlib.storedStream(inner)
    BigEndian.append(StreamingHistogram.v2CompressedCookie, to: &nested)
    BigEndian.append(UInt32(zlib.count), to: &nested)
    nested += zlib
    #expect(Self.decodingError(nested).contains("cookie"))
    // zlib.compress(bytes(100_000), 9): 120 bytes that inflate to 100,000.
    let bomb: [UInt8] =
      [0x78, 0xda, 0xed, 0xc1, 0x31, 0x01, 0, 0, 0, 0xc2, 0xa0, 0xf5, 0x4f, 0x6d, 0x0d, 0x0f, 0xa0]
      + [UInt8](repeating: 0, count: 96) + [0x80, 0x57, 0x03, 0x86, 0xaf, 0x00, 0x01]
    #expect(try Zlib.inflate(bomb, limit: 100_000).count == 100_000)
    #expect(throws: HistogramDecodingError.self) { try Zlib.inflate(bomb, limit: 99_999) }
  }
}
