import Foundation

/// The shard file format.
///
/// ## File format (version 2)
/// UTF-8 text, one record a line, keys sorted so equal results give equal files:
///
///     flowbook-shard 2
///     run simulate mmc: arrival 9/s, … seed 1 · 3f2a9c41d0b7
///     replication 7
///     counter customers 1000000
///     sum wait_s 0x1.2a3p+10
///     histogram response_s 0x1.8p+3 HISTFAAAAC…
///     estimate 7 mean_wait_s 0x1.4cp-1
///     end 312 9c1d…(64 hex digits)
///
/// Sums are hexadecimal floating point (C99 `%a`, exact and locale-free); a histogram
/// line carries its exact sum of seconds then HdrHistogram's compressed V2 base64 (see
/// `StreamingHistogram.encodedBase64()`), so any HdrHistogram tool can read the latencies.
/// Names are 1 to 64 of `a-z`, `0-9` and `_`. `run` says what was simulated and ends in a
/// fingerprint of the model and scenario; `replication` lines list the replications the
/// shard holds. `flowbook merge` refuses shards of different runs and a replication met
/// twice, the two mistakes a batch scheduler makes easy (a changed model on one node, a
/// retried task whose first attempt also finished).
///
/// The last line, `end BYTES SHA256`, gives the number of bytes before it and their
/// SHA-256. A copy cut short (`head -n 8 a.shard`, a full disk, a killed `scp`) has no end
/// line, and a changed or spliced file fails the length or the checksum, so a partial
/// shard is refused instead of merging as a smaller run. Version 1 had no end line; it is
/// refused with that reason rather than read, because a cut version-1 file cannot be told
/// from a whole one.
///
/// Bounds: at most `largestReplication` for a replication index, 64 names of each kind of
/// record, 4 histograms (each within `StreamingHistogram.largestCountsLength` buckets),
/// estimates in 0…`largestEstimate`; sums and histogram sums finite and ≥ 0.
extension SimulationShard {
  static let magic = "flowbook-shard 2"
  static let recordsOfAKind = 64
  static let histogramsPerShard = 4

  /// The file text (format above).
  ///
  /// - Returns: The text, ending in its end line and a newline.
  public func text() -> String {
    let names = Array(counters.keys) + Array(sums.keys) + Array(histograms.keys)
    for name in names where !Self.isValidName(name) {
      preconditionFailure("shard record name \"\(name)\" must be 1-64 of a-z, 0-9 and _")
    }
    var lines = [Self.magic]
    if let run {
      precondition(!run.contains(where: \.isNewline), "a shard's run is one line")
      lines.append("run \(run)")
    }
    lines += replications.map { "replication \($0)" }
    for name in counters.keys.sorted() {
      lines.append("counter \(name) \(counters[name] ?? 0)")
    }
    for name in sums.keys.sorted() {
      lines.append("sum \(name) \(Self.hex(sums[name] ?? 0))")
    }
    for name in histograms.keys.sorted() {
      guard let histogram = histograms[name] else { continue }
      lines.append(
        "histogram \(name) \(Self.hex(histogram.sumSeconds)) \(histogram.encodedBase64())")
    }
    for index in estimates.keys.sorted() {
      let figures = estimates[index] ?? [:]
      for name in figures.keys.sorted() {
        lines.append("estimate \(index) \(name) \(Self.hex(figures[name] ?? 0))")
      }
    }
    let body = lines.joined(separator: "\n") + "\n"
    let bytes = Array(body.utf8)
    return body + "end \(bytes.count) \(SHA256.hex(bytes))\n"
  }

  /// Parses file text.
  ///
  /// - Parameter text: The whole file.
  /// - Throws: `ShardFileError.malformed` naming the line and the field.
  public init(text: String) throws(ShardFileError) {
    try self.init(bytes: Array(text.utf8))
  }

  /// Parses a file's bytes: the version, the end line's length and checksum, then every
  /// record.
  ///
  /// - Parameter bytes: The whole file.
  /// - Throws: `ShardFileError.malformed` naming the line and the field.
  /// - Complexity: O(n) in the file's bytes, plus the histograms' buckets.
  public init(bytes: [UInt8]) throws(ShardFileError) {
    let body = try Self.checkedBody(bytes)
    guard let text = String(bytes: body, encoding: .utf8) else {
      throw .malformed(line: nil, "the shard is not UTF-8 text")
    }
    var lines = text.split(separator: "\n", omittingEmptySubsequences: false)
    lines.removeLast()  // the body ends in a newline: nothing follows it
    var parser = RecordParser()
    for (offset, line) in lines.enumerated().dropFirst() {
      try parser.parse(line, number: offset + 1, into: &self)
    }
    try parser.finish(self)
  }

  /// The bytes before the end line, once the version, length and checksum are right.
  private static func checkedBody(_ bytes: [UInt8]) throws(ShardFileError) -> ArraySlice<UInt8> {
    let newline = UInt8(ascii: "\n")
    let firstEnd = bytes.firstIndex(of: newline) ?? bytes.count
    let first = String(decoding: bytes[..<min(firstEnd, 80)], as: UTF8.self)
    guard first == magic else {
      if first.hasPrefix("flowbook-shard ") {
        let version = first.dropFirst("flowbook-shard ".count).prefix(20)
        throw .malformed(
          line: 1,
          "this shard is format \(version); this flowbook reads format 2, whose end line "
            + "and checksum show a whole file (format 1 had neither, so a cut copy merged "
            + "as a smaller run): write it again with this flowbook's simulate")
      }
      throw .malformed(line: 1, "not a flowbook shard: expected \"\(magic)\" on the first line")
    }
    let lineCount = bytes.reduce(0) { $0 + ($1 == newline ? 1 : 0) }
    guard bytes.last == newline, let endStart = bytes.dropLast().lastIndex(of: newline) else {
      throw cutShort(lineCount + 1)
    }
    let endLine = String(decoding: bytes[(endStart + 1)..<(bytes.count - 1)], as: UTF8.self)
    let fields = endLine.split(separator: " ", omittingEmptySubsequences: false)
    guard fields.count == 3, fields[0] == "end" else { throw cutShort(lineCount) }
    let body = bytes[...endStart]
    guard let length = Int(fields[1]), length >= 0, fields[2].count == 64 else {
      throw .malformed(line: lineCount, "the end line is \"end BYTES SHA256\", not \(endLine)")
    }
    guard length == body.count else {
      throw .malformed(
        line: lineCount,
        "the end line counts \(length) bytes before it, the file has \(body.count): "
          + "a cut, padded or joined copy?")
    }
    guard SHA256.hex(body) == fields[2] else {
      throw .malformed(
        line: lineCount,
        "the checksum does not match the contents: the file was changed or damaged after "
          + "flowbook wrote it")
    }
    return body
  }

  private static func cutShort(_ line: Int) -> ShardFileError {
    .malformed(
      line: line,
      "the shard is cut short: its last line is not \"end BYTES SHA256\" "
        + "(an interrupted copy or write?)")
  }

  static func isValidName<Name: StringProtocol>(_ name: Name) -> Bool {
    !name.isEmpty && name.utf8.count <= 64
      && name.utf8.allSatisfy {
        ($0 >= UInt8(ascii: "a") && $0 <= UInt8(ascii: "z"))
          || ($0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9")) || $0 == UInt8(ascii: "_")
      }
  }

  static func hex(_ value: Double) -> String {
    String(format: "%a", value)
  }
}

// MARK: - Records

/// Reads a shard's record lines one at a time, refusing repeats and values out of bounds.
private struct RecordParser {
  private var seenRun = false
  /// The line of each replication's first estimate, to name it if it is not listed.
  private var estimateLines: [Int: Int] = [:]

  mutating func parse(_ line: Substring, number: Int, into shard: inout SimulationShard)
    throws(ShardFileError)
  {
    func bad(_ what: String) -> ShardFileError { .malformed(line: number, what) }
    if let control = line.unicodeScalars.first(where: { $0.properties.generalCategory == .control })
    {
      throw bad("control character U+\(String(format: "%04X", control.value)) in the line")
    }
    if line.hasPrefix("run ") {
      guard !seenRun else { throw bad("a second run line") }
      seenRun = true
      shard.run = String(line.dropFirst(4))
      return
    }
    let fields = line.split(separator: " ", omittingEmptySubsequences: false).map(String.init)
    switch (fields.first, fields.count) {
    case ("replication", 2):
      let index = try replication(fields[1], bad)
      guard shard.replications.last.map({ $0 < index }) ?? true else {
        throw bad(
          "replication \(index) after \(shard.replications.last ?? 0); listed ascending, once each")
      }
      shard.replications.append(index)
    case ("estimate", 4):
      let index = try replication(fields[1], bad)
      let name = try Self.name(fields[2], "estimate", bad)
      guard let value = Self.number(fields[3]),
        (0...SimulationShard.largestEstimate).contains(value)
      else {
        throw bad(
          "estimate \(index) \(name): \(fields[3].prefix(40)) is not a share or a time "
            + "from 0 to 4.6e9 s")
      }
      guard shard.estimates[index]?[name] == nil else {
        throw bad("estimate \(index) \(name) given twice")
      }
      guard shard.estimates[index].map({ $0.count < SimulationShard.recordsOfAKind }) ?? true else {
        throw bad("more than \(SimulationShard.recordsOfAKind) estimates for replication \(index)")
      }
      estimateLines[index] = estimateLines[index] ?? number
      shard.estimates[index, default: [:]][name] = value
    case ("counter", 3):
      let name = try Self.name(fields[1], "counter", bad)
      guard let value = UInt64(fields[2]) else {
        throw bad(
          "counter \(name): \(fields[2].prefix(40)) is not a count (a whole number from 0 to "
            + "18,446,744,073,709,551,615)")
      }
      try Self.unique(shard.counters, name, "counter", bad)
      shard.counters[name] = value
    case ("sum", 3):
      let name = try Self.name(fields[1], "sum", bad)
      guard let value = Self.number(fields[2]), value >= 0 else {
        throw bad("sum \(name): \(fields[2].prefix(40)) is not a finite total ≥ 0")
      }
      try Self.unique(shard.sums, name, "sum", bad)
      shard.sums[name] = value
    case ("histogram", 4):
      let name = try Self.name(fields[1], "histogram", bad)
      guard let sum = Self.number(fields[2]), sum >= 0 else {
        throw bad("histogram \(name): sum \(fields[2].prefix(40)) is not a finite total ≥ 0")
      }
      try Self.unique(shard.histograms, name, "histogram", bad)
      guard shard.histograms.count < SimulationShard.histogramsPerShard else {
        throw bad("more than \(SimulationShard.histogramsPerShard) histograms in one shard")
      }
      do {
        shard.histograms[name] = try StreamingHistogram(base64: fields[3], sumSeconds: sum)
      } catch {
        throw bad("histogram \(name): \(error)")
      }
    default:
      throw bad(
        "expected a run, replication, counter, sum, histogram or estimate record, got \""
          + (fields.first ?? "").prefix(40) + "\" with \(fields.count - 1) fields")
    }
  }

  /// Checks what needs the whole file: every estimate's replication is listed.
  func finish(_ shard: SimulationShard) throws(ShardFileError) {
    let listed = Set(shard.replications)
    for (index, line) in estimateLines.sorted(by: { $0.value < $1.value })
    where !listed.contains(index) {
      throw .malformed(
        line: line, "an estimate of replication \(index), which the shard does not list")
    }
  }

  private func replication(_ text: String, _ bad: (String) -> ShardFileError)
    throws(ShardFileError) -> Int
  {
    guard let index = Int(text), (0...SimulationShard.largestReplication).contains(index) else {
      throw bad(
        "replication \(text.prefix(40)) is not an index from 0 to "
          + "\(SimulationShard.largestReplication)")
    }
    return index
  }

  private static func name(_ text: String, _ kind: String, _ bad: (String) -> ShardFileError)
    throws(ShardFileError) -> String
  {
    guard SimulationShard.isValidName(text) else {
      throw bad("\(kind) name \"\(text.prefix(40))\" is not 1-64 of a-z, 0-9 and _")
    }
    return text
  }

  private static func unique<Value>(
    _ records: [String: Value], _ name: String, _ kind: String,
    _ bad: (String) -> ShardFileError
  ) throws(ShardFileError) {
    guard records[name] == nil else { throw bad("\(kind) \(name) given twice") }
    guard records.count < SimulationShard.recordsOfAKind else {
      throw bad("more than \(SimulationShard.recordsOfAKind) \(kind)s in one shard")
    }
  }

  /// A finite number (hexadecimal floating point as written, or decimal).
  private static func number(_ text: String) -> Double? {
    guard let value = Double(text), value.isFinite else { return nil }
    return value
  }
}
