import Foundation
import Testing

/// `simulate` through the real binary: the scripted JSON form, byte-identical text from
/// run to run and against a committed transcript, and shards merged by `flowbook merge`.
///
/// The transcript (`Snapshots/simulate-spike.txt`) was recorded with the release build,
/// so this test, run on the debug build, also checks that both builds print the same
/// bytes: FlowbookKit is optimised in both, and every draw goes through `SeededGenerator`.
/// Set RECORD_SNAPSHOTS=1 to record it again (the test then fails once, saying so).
@Suite struct SimulateEndToEndTests {
  static let spike =
    "simulate 30 s rate 20k rps spike 10x at 10 s for 5 s fault redis flush at 18 s seed 7"

  private static var snapshot: String {
    URL(fileURLWithPath: #filePath).deletingLastPathComponent()
      .appendingPathComponent("Snapshots/simulate-spike.txt").path
  }

  /// The acceptance invocation: one JSON object with the script keys at its top level.
  @Test func scriptedQueueRunPrintsOneJSONObject() throws {
    let outcome = try BinaryRunner.run(
      ["--json", "-e", "simulate mmc arrival 9/s service 1/s servers 10 customers 1M seed 1"])
    #expect(outcome.status == 0, "\(outcome.stderr)")
    let lines = outcome.stdout.split(separator: "\n")
    #expect(lines.count == 1)
    let object = try #require(
      try JSONSerialization.jsonObject(with: Data(outcome.stdout.utf8)) as? [String: Any])
    #expect(object["ok"] as? Bool == true)
    let result = object
    for key in [
      "mean_wait_s", "p_wait", "p99_response_s", "customers", "events",
      "events_per_second",
    ] {
      #expect(result[key] is NSNumber, "missing \(key) in \(outcome.stdout)")
    }
    #expect((result["customers"] as? NSNumber)?.intValue == 1_000_000)
    #expect((result["events"] as? NSNumber)?.intValue == 2_200_000)
  }

  /// Same seed, same bytes: twice in a row, and against the release build's transcript.
  @Test func sameSeedSameBytesAcrossRunsAndBuilds() throws {
    let first = try BinaryRunner.run(["-e", Self.spike])
    let second = try BinaryRunner.run(["-e", Self.spike])
    #expect(first.status == 0, "\(first.stderr)")
    #expect(first.stdout == second.stdout)
    #expect(!first.stdout.contains("events_per_second"))
    if ProcessInfo.processInfo.environment["RECORD_SNAPSHOTS"] != nil {
      try Data(first.stdout.utf8).write(to: URL(fileURLWithPath: Self.snapshot))
      Issue.record("Recorded new baseline at \(Self.snapshot)")
      return
    }
    let expected = try String(contentsOfFile: Self.snapshot, encoding: .utf8)
    #expect(first.stdout == expected, "output drifted from \(Self.snapshot)")
  }

  /// Shards written by separate processes merge into the figures of the whole.
  @Test func shardsFromSeparateProcessesMerge() throws {
    let directory = FileManager.default.temporaryDirectory
      .appendingPathComponent("flowbook-shards-\(getpid())").path
    try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(atPath: directory) }
    for index in 0..<3 {
      let outcome = try BinaryRunner.run(
        [
          "-e",
          "simulate mmc arrival 9/s service 1/s servers 10 customers 50k seed 5 "
            + "replication \(index) shard shard\(index).txt",
        ],
        directory: directory)
      #expect(outcome.status == 0, "\(outcome.stderr)")
    }
    let files = (0..<3).map { "\(directory)/shard\($0).txt" }
    let merged = try BinaryRunner.run(
      ["merge", "--json"] + files + ["-o", directory + "/all.txt"])
    #expect(merged.status == 0, "\(merged.stderr)")
    let object = try #require(
      try JSONSerialization.jsonObject(with: Data(merged.stdout.utf8)) as? [String: Any])
    #expect((object["customers"] as? NSNumber)?.intValue == 150_000)
    #expect(FileManager.default.fileExists(atPath: directory + "/all.txt"))
    #expect((object["replications"] as? NSNumber)?.intValue == 3)
    // The shards' 95 % interval is the one `replications 3` gives on one machine.
    let local = try BinaryRunner.run(
      [
        "--json", "-e",
        "simulate mmc arrival 9/s service 1/s servers 10 customers 50k seed 5 "
          + "replications 3",
      ])
    let localObject = try #require(
      try JSONSerialization.jsonObject(with: Data(local.stdout.utf8)) as? [String: Any])
    let localWait = try #require(localObject["mean_wait_s"] as? [String: Any])
    let shardHalfWidth = try #require((object["mean_wait_s_ci95"] as? NSNumber)?.doubleValue)
    let localHalfWidth = try #require((localWait["half_width"] as? NSNumber)?.doubleValue)
    #expect(abs(shardHalfWidth - localHalfWidth) <= 1e-12 * localHalfWidth)
    let shardMean = try #require((object["mean_wait_s"] as? NSNumber)?.doubleValue)
    let localMean = try #require((localWait["mean"] as? NSNumber)?.doubleValue)
    #expect(abs(shardMean - localMean) <= 1e-3 * localMean, "pooled vs mean of means")
    #expect((object["run"] as? String)?.hasPrefix("simulate mmc: arrival 9/s") == true)
    let again = try BinaryRunner.run(["merge", directory + "/all.txt", "--json"])
    #expect(again.stdout == merged.stdout)
    // A retried task's second copy, and a shard of another seed, are refused.
    let twice = try BinaryRunner.run(["merge", directory + "/all.txt", files[1]])
    #expect(twice.status != 0)
    #expect(twice.stderr.contains("replication 1 is in both"), "\(twice.stderr)")
    let other = try BinaryRunner.run(
      [
        "-e",
        "simulate mmc arrival 9/s service 1/s servers 10 customers 50k seed 6 "
          + "replication 3 shard other.txt",
      ],
      directory: directory)
    #expect(other.status == 0, "\(other.stderr)")
    let mixed = try BinaryRunner.run(["merge", files[0], directory + "/other.txt"])
    #expect(mixed.status != 0)
    #expect(mixed.stderr.contains("is a different run from"), "\(mixed.stderr)")
  }

  /// A shard's run label is the same from any folder (the model's path is not in its
  /// fingerprint) and changes when the model does, so only shards of one run merge.
  @Test func runFingerprintIgnoresTheFolderAndFollowsTheModel() throws {
    let directory = FileManager.default.temporaryDirectory
      .appendingPathComponent("flowbook-fingerprint-\(getpid())").path
    try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(atPath: directory) }
    func runLine(_ commands: String, from folder: String, file: String) throws -> String {
      let outcome = try BinaryRunner.run(
        ["-e", commands + "simulate 100 ms rate 1k rps seed 3 shard \"\(directory)/\(file)\""],
        directory: folder)
      #expect(outcome.status == 0, "\(outcome.stderr)")
      let text = try String(contentsOfFile: directory + "/" + file, encoding: .utf8)
      return text.split(separator: "\n")[1].description
    }
    let fromRoot = try runLine("", from: BinaryRunner.repositoryRoot, file: "a.shard")
    let fromElsewhere = try runLine("", from: directory, file: "b.shard")
    let changed = try runLine("set cdn.hit_rate = 90%; ", from: directory, file: "c.shard")
    #expect(fromRoot.hasPrefix("run simulate golden-path: 100 ms, 1,000 rps Poisson, seed 3 · "))
    #expect(fromRoot == fromElsewhere)
    #expect(changed != fromRoot)
  }
}
