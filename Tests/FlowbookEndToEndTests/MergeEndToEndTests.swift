import FlowbookKit
import Foundation
import Testing

/// `flowbook merge`'s exit codes through the real binary: a shard whose contents are
/// wrong (cut, changed, of another run, overflowing) exits 65; only a read or write that
/// fails exits 74.
@Suite struct MergeEndToEndTests {
  private static func folder(_ name: String = #function) throws -> String {
    let path = FileManager.default.temporaryDirectory
      .appendingPathComponent("flowbook-merge-\(getpid())-\(name.filter(\.isLetter))").path
    try? FileManager.default.removeItem(atPath: path)
    try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    return path
  }

  /// Two real shards of one short path run.
  private static func twoShards(in directory: String) throws -> [String] {
    for index in 0..<2 {
      let outcome = try BinaryRunner.run(
        ["-e", "simulate 200 ms rate 2k rps seed 9 replication \(index) shard s\(index).shard"],
        directory: directory)
      #expect(outcome.status == 0, "\(outcome.stderr)")
    }
    return (0..<2).map { "\(directory)/s\($0).shard" }
  }

  @Test func badContentExits65AndFailedFilesExit74() throws {
    let directory = try Self.folder()
    defer { try? FileManager.default.removeItem(atPath: directory) }
    let shards = try Self.twoShards(in: directory)
    let whole = try BinaryRunner.run(["merge"] + shards)
    #expect(whole.status == 0, "\(whole.stderr)")
    #expect(whole.stdout.contains("replications: 2 of 0–1"), "\(whole.stdout)")

    // `head -n 8 a.shard > cut.shard`: refused, naming the file and line, exit 65.
    let text = try String(contentsOfFile: shards[1], encoding: .utf8)
    let cut = directory + "/cut.shard"
    try (text.split(separator: "\n").prefix(8).joined(separator: "\n") + "\n")
      .write(toFile: cut, atomically: true, encoding: .utf8)
    let cutMerge = try BinaryRunner.run(["merge", shards[0], cut])
    #expect(cutMerge.status == 65)
    #expect(cutMerge.stderr.hasPrefix("error: \(cut) line 8: the shard is cut short"))

    // A counter pushed to the largest count, resealed so only the merge can object.
    let body =
      text.split(separator: "\n").dropLast().map { line in
        line.hasPrefix("counter events ") ? "counter events 18446744073709551615" : String(line)
      }.joined(separator: "\n") + "\n"
    let bytes = Array(body.utf8)
    let big = directory + "/big.shard"
    try ShardSeal.sealed(bytes).write(to: URL(fileURLWithPath: big))
    let overflow = try BinaryRunner.run(["merge", shards[0], big])
    #expect(overflow.status == 65)
    #expect(
      overflow.stderr.contains("cannot add \(big) to \(shards[0]): counter events would pass"),
      "\(overflow.stderr)")

    let changed = directory + "/changed.shard"
    // One digit of a counter changed, the length kept: only the checksum can tell.
    var changedBytes = Array(text.utf8)
    let digit = try #require(text.range(of: "counter arrived ")).upperBound.utf16Offset(in: text)
    changedBytes[digit] =
      changedBytes[digit] == UInt8(ascii: "1") ? UInt8(ascii: "2") : UInt8(ascii: "1")
    try Data(changedBytes).write(to: URL(fileURLWithPath: changed))
    let changedMerge = try BinaryRunner.run(["merge", changed])
    #expect(changedMerge.status == 65)
    #expect(changedMerge.stderr.contains("checksum does not match"), "\(changedMerge.stderr)")

    // Files that cannot be read, and a merged shard that cannot be written: exit 74.
    let missing = try BinaryRunner.run(["merge", directory + "/absent.shard"])
    #expect(missing.status == 74)
    #expect(missing.stderr.contains("absent.shard: No such file or directory"))
    let folderAsShard = try BinaryRunner.run(["merge", directory])
    #expect(folderAsShard.status == 74)
    let unwritable = try BinaryRunner.run(
      ["merge"] + shards + ["-o", directory + "/no/such/folder/all.shard"])
    #expect(unwritable.status == 74, "\(unwritable.stderr)")
  }

  /// `simulate … replication K` takes indexes up to the bound merge reads.
  @Test func anAbsurdReplicationIndexIsRefusedBeforeTheRun() throws {
    let outcome = try BinaryRunner.run(
      ["-e", "simulate 100 ms rate 1k rps replication 1e12 shard x.shard"])
    #expect(outcome.status == 65)
    #expect(outcome.stderr.contains("a replication index is from 0 to 999999"), "\(outcome.stderr)")
  }
}

/// The end line of a shard body (`end BYTES SHA256`), computed with `sha256sum`'s
/// algorithm through FlowbookKit.
enum ShardSeal {
  static func sealed(_ body: [UInt8]) -> Data {
    Data(body + Array("end \(body.count) \(SHA256.hex(body))\n".utf8))
  }
}
