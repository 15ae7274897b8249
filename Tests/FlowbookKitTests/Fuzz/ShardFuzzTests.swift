import Foundation
import Testing

@testable import FlowbookKit

/// Fuzzes shard files: real shards, mutated, read and merged.
///
/// The shards come from short `simulate` runs; the mutations are byte flips,
/// cuts at every length class, splices of two shards, lines dropped, repeated and
/// swapped, counters and sums set to extremes and histogram encodings corrupted. Each
/// mutation is tried raw (the checksum should catch it) and resealed with a correct end
/// line (so the record checks and the merge see it). Every case must read and merge, or
/// be refused with a content error (never an I/O one); nothing may trap, and every figure
/// a merge prints must be finite.
@Suite struct ShardFuzzTests {
  /// Real shards: two replications each of a path run and of a classic queue.
  private static func realShards() throws -> [[UInt8]] {
    let folder = FileManager.default.temporaryDirectory
      .appendingPathComponent("flowbook-shard-fuzz-\(getpid())")
    try? FileManager.default.removeItem(at: folder)
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: folder) }
    let session = ModelFixtures.session()
    var files: [[UInt8]] = []
    let commands = [
      "simulate 200 ms rate 1k rps seed 4 replication K",
      "simulate 200 ms rate 3k rps spike 5x at 50 ms for 50 ms seed 4 replication K",
      "simulate mmc arrival 9/s service 1/s servers 10 customers 2k seed 4 replication K",
    ]
    for (index, command) in commands.enumerated() {
      for replication in 0..<2 {
        let path = folder.appendingPathComponent("\(index)-\(replication).shard").path
        let line = command.replacingOccurrences(of: "K", with: "\(replication)")
        let cell = session.execute(line + " shard \"\(path)\"")
        #expect(cell.succeeded, "\(line): \(cell.plainOutput)")
        files.append(Array(try Data(contentsOf: URL(fileURLWithPath: path))))
      }
    }
    return files
  }

  @Test func mutatedShardsMergeOrAreRefused() throws {
    let originals = try Self.realShards()
    var fuzzer = ShardFuzzer(originals: originals)
    for (name, files) in ShardCrashCorpus.cases {
      fuzzer.check(files.map { ShardText.sealed(Array($0.utf8)) }, label: name)
    }
    for (index, original) in originals.enumerated() {
      fuzzer.check([original], label: "original \(index)")
      fuzzer.cuts(of: original)
    }
    var generator = SeededGenerator(seed: 20_261_207)
    for round in 0..<1_200 {
      fuzzer.mutate(round: round, using: &generator)
    }
    #expect(fuzzer.read > 100, "so few mutations read that the records went untested")
    print("fuzz shards: \(fuzzer.cases) cases, 0 traps")
  }
}

/// Mutates shard files and checks what reading and merging them does.
private struct ShardFuzzer {
  let originals: [[UInt8]]
  /// The originals read once, to merge the mutations with.
  private let parsed: [SimulationShard]
  private(set) var cases = 0
  /// How many cases read as a shard (the rest were refused).
  private(set) var read = 0

  init(originals: [[UInt8]]) {
    self.originals = originals
    parsed = originals.compactMap { try? SimulationShard(bytes: $0) }
  }

  // MARK: - Checking

  /// Reads each file and merges them in order, then with an original before or after;
  /// every outcome must be a shard with finite figures or a content error.
  mutating func check(_ files: [[UInt8]], label: String) {
    cases += 1
    var shards: [SimulationShard] = []
    for bytes in files {
      do {
        let shard = try SimulationShard(bytes: bytes)
        if read % 8 == 0 {
          #expect(try SimulationShard(text: shard.text()).text() == shard.text(), "\(label)")
        }
        shards.append(shard)
      } catch {
        #expect(!error.isIO && !error.description.isEmpty, "\(label): \(error)")
        return
      }
    }
    read += 1
    merge(shards, label: label)
    guard let mutated = shards.first, files.count == 1, !parsed.isEmpty else { return }
    let other = parsed[cases % parsed.count]
    merge(cases % 2 == 0 ? [other, mutated] : [mutated, other], label: label)
  }

  private func merge(_ shards: [SimulationShard], label: String) {
    var merger = ShardMerger()
    do {
      for (index, shard) in shards.enumerated() { try merger.add(shard, path: "\(index).shard") }
    } catch {
      #expect(!error.isIO && !error.description.isEmpty, "\(label): \(error)")
      return
    }
    let summary = merger.result.summary(files: shards.count)
    #expect(!PlainTextRenderer.render(summary).isEmpty)
    #expect(Self.allFinite(summary.data), "\(label): \(summary.data.serialized())")
  }

  private static func allFinite(_ value: JSONValue) -> Bool {
    switch value {
    case .number(let number): return number.isFinite
    case .array(let items): return items.allSatisfy(allFinite)
    case .object(let pairs): return pairs.allSatisfy { allFinite($0.1) }
    case .null, .bool, .string: return true
    }
  }

  // MARK: - Mutations

  /// Every cut of a file at a line boundary, one byte either side of it, and the first
  /// and last bytes; raw, and (for line cuts) resealed.
  mutating func cuts(of file: [UInt8]) {
    let body = ShardText.body(of: file)
    var lengths: Set<Int> = [0, 1, 2, file.count - 1]
    for (index, byte) in file.enumerated() where byte == UInt8(ascii: "\n") {
      lengths.formUnion([index, index + 1, index + 2])
    }
    for length in lengths.sorted() where length < file.count {
      check([Array(file[..<length])], label: "cut at \(length)")
      if length <= body.count {
        check([ShardText.sealed(Array(body[..<length]))], label: "sealed cut at \(length)")
      }
    }
  }

  /// One random mutation of a random original, tried raw and resealed.
  mutating func mutate(round: Int, using generator: inout SeededGenerator) {
    let file = originals[Int.random(in: 0..<originals.count, using: &generator)]
    var body = ShardText.body(of: file)
    switch round % 7 {
    case 0:
      for _ in 0...Int.random(in: 0..<3, using: &generator) {
        let at = Int.random(in: 0..<body.count, using: &generator)
        body[at] ^= UInt8.random(in: 1...255, using: &generator)
      }
    case 1:
      let other = ShardText.body(
        of: originals[Int.random(in: 0..<originals.count, using: &generator)])
      body =
        Array(body[..<Int.random(in: 0...body.count, using: &generator)])
        + Array(other[Int.random(in: 0...other.count, using: &generator)...])
    case 2: body = Self.shuffledLines(body, using: &generator)
    case 3: body = Self.extremeValue(body, using: &generator)
    case 4: body = Self.corruptHistogram(body, using: &generator)
    case 5:
      let other = originals[Int.random(in: 0..<originals.count, using: &generator)]
      check(
        [
          Array(file[..<Int.random(in: 0...file.count, using: &generator)])
            + Array(other[Int.random(in: 0...other.count, using: &generator)...])
        ], label: "raw splice \(round)")
    default:
      var raw = file
      raw[Int.random(in: 0..<raw.count, using: &generator)] ^=
        1
        << UInt8.random(
          in: 0..<8, using: &generator)
      check([raw], label: "raw flip \(round)")
    }
    check([ShardText.sealed(body)], label: "round \(round)")
    check([body], label: "unsealed \(round)")
  }

  private static func lines(_ body: [UInt8]) -> [[UInt8]] {
    body.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false).map(Array.init)
  }

  private static func joined(_ lines: [[UInt8]]) -> [UInt8] {
    Array(lines.joined(separator: [UInt8(ascii: "\n")]))
  }

  /// A line dropped, repeated or moved, or a control character put into one.
  private static func shuffledLines(_ body: [UInt8], using generator: inout SeededGenerator)
    -> [UInt8]
  {
    var lines = Self.lines(body).dropLast().map { $0 }
    guard lines.count > 1 else { return body }
    let at = Int.random(in: 1..<lines.count, using: &generator)
    let to = Int.random(in: 1..<lines.count, using: &generator)
    switch Int.random(in: 0..<4, using: &generator) {
    case 0: lines.remove(at: at)
    case 1: lines.insert(lines[at], at: to)
    case 2: lines.swapAt(at, to)
    default: lines[at].insert(UInt8.random(in: 0..<32, using: &generator), at: 0)
    }
    return joined(lines + [[]])
  }

  static let extremes = [
    "0", "1", "-1", "18446744073709551615", "18446744073709551614", "9223372036854775808",
    "18446744073709551616", "1e30", "0x1.fffffffffffffp+1023", "-0x0p+0", "nan", "inf",
    "0x1p-1074", "4.6e9", "4600000000", "999999", "1000000", "", "0x",
  ]

  /// A counter, sum, estimate or replication set to an extreme value.
  private static func extremeValue(_ body: [UInt8], using generator: inout SeededGenerator)
    -> [UInt8]
  {
    var lines = Self.lines(body)
    let candidates = lines.indices.filter { index in
      let text = String(decoding: lines[index], as: UTF8.self)
      return ["counter ", "sum ", "estimate ", "replication ", "histogram "].contains {
        text.hasPrefix($0)
      }
    }
    guard let at = candidates.randomElement(using: &generator) else { return body }
    var fields = String(decoding: lines[at], as: UTF8.self).split(separator: " ").map(String.init)
    let value = extremes.randomElement(using: &generator) ?? "0"
    // A histogram's sum is its third field; everything else's value is its last.
    fields[fields[0] == "histogram" ? 2 : fields.count - 1] = value
    if fields[0] == "estimate", Bool.random(using: &generator) { fields[1] = value }
    lines[at] = Array(fields.joined(separator: " ").utf8)
    return joined(lines)
  }

  /// A histogram's encoding with its compressed bytes flipped, or decompressed with a
  /// header field or a payload byte changed and compressed again.
  private static func corruptHistogram(_ body: [UInt8], using generator: inout SeededGenerator)
    -> [UInt8]
  {
    var lines = Self.lines(body)
    guard
      let at = lines.firstIndex(where: { $0.starts(with: Array("histogram ".utf8)) }),
      case let fields = String(decoding: lines[at], as: UTF8.self).split(separator: " "),
      fields.count == 4, let data = Data(base64Encoded: String(fields[3]))
    else { return body }
    var encoded = [UInt8](data)
    if Bool.random(using: &generator), encoded.count > 8,
      var inner = try? Zlib.inflate(Array(encoded[8...]), limit: 1 << 24)
    {
      let at = Int.random(in: 0..<inner.count, using: &generator)
      if Bool.random(using: &generator) {
        inner[at] = [0, 0xff, 0x80, 0x7f, 1].randomElement(using: &generator) ?? 0
      } else {
        inner[at] ^= UInt8.random(in: 1...255, using: &generator)
      }
      let zlib = Zlib.storedStream(inner)
      encoded = Array(encoded[..<4])
      BigEndian.append(UInt32(zlib.count), to: &encoded)
      encoded += zlib
    } else {
      encoded[Int.random(in: 0..<encoded.count, using: &generator)] ^= UInt8.random(
        in: 1...255, using: &generator)
    }
    let text = "\(fields[0]) \(fields[1]) \(fields[2]) \(Data(encoded).base64EncodedString())"
    lines[at] = Array(text.utf8)
    return joined(lines)
  }
}
