import Foundation

/// A simulation result that can be written to a file, read back and merged with others:
/// named counters, named sums and named latency histograms.
///
/// Long or swept simulations run as shards (replications, sweep points, separate
/// processes); each writes its shard file and a final step merges them. Merging is
/// exact: counters and histogram counts add as integers and sums add in file order, so
/// merging shards `[a, b, c]` gives bit for bit what merging the same results in memory
/// in that order gives.
///
/// ## File format (version 1)
/// UTF-8 text, one record a line, keys sorted so equal results give equal files:
///
///     flowbook-shard 1
///     run simulate mmc: arrival 9/s, … seed 1 · 3f2a9c41d0b7
///     replication 7
///     counter customers 1000000
///     sum wait_s 0x1.2a3p+10
///     histogram response_s 0x1.8p+3 HISTFAAAAC…
///     estimate 7 mean_wait_s 0x1.4cp-1
///
/// Sums are hexadecimal floating point (C99 `%a`, exact and locale-free); a histogram
/// line carries its exact sum of seconds then HdrHistogram's compressed V2 base64 (see
/// `StreamingHistogram.encodedBase64()`), so any HdrHistogram tool can read the latencies.
/// Names are one word without spaces. `run` says what was simulated and ends in a
/// fingerprint of the model and scenario; `replication` lines list the replications the
/// shard holds. `flowbook merge` refuses shards of different runs and a replication met
/// twice, the two mistakes a batch scheduler makes easy (a changed model on one node, a
/// retried task whose first attempt also finished).
public struct SimulationShard: Sendable, Equatable {
  /// What was simulated (the run's title and a fingerprint); nil in shards built in memory.
  public var run: String?
  /// The replication indexes merged into this shard, ascending.
  public var replications: [Int] = []
  /// Each replication's own figures (mean wait, p99, shares…) by index, so that a merge of
  /// many replications gives every figure a 95 % interval, as `replications N` does.
  public var estimates: [Int: [String: Double]] = [:]
  /// Integer totals (customers, events, …) by name; merged by adding.
  public var counters: [String: UInt64] = [:]
  /// Floating-point totals (summed waits, simulated time, …) by name; merged by adding.
  public var sums: [String: Double] = [:]
  /// Latency histograms by name; merged bucket by bucket.
  public var histograms: [String: StreamingHistogram] = [:]

  /// Creates a shard from its records.
  public init(
    counters: [String: UInt64] = [:], sums: [String: Double] = [:],
    histograms: [String: StreamingHistogram] = [:]
  ) {
    self.counters = counters
    self.sums = sums
    self.histograms = histograms
  }

  /// Adds `other` into this shard: counters and sums add, histograms merge, replication
  /// lists join; names only in `other` are copied. (Whether the two belong together is
  /// `merged(contentsOf:)`'s check, which knows the files.)
  ///
  /// - Complexity: O(k + b·h) for k names and h histograms of b buckets.
  public mutating func merge(_ other: SimulationShard) {
    run = run ?? other.run
    replications = (replications + other.replications).sorted()
    estimates.merge(other.estimates) { mine, _ in mine }
    counters.merge(other.counters, uniquingKeysWith: +)
    sums.merge(other.sums, uniquingKeysWith: +)
    for (name, histogram) in other.histograms {
      if histograms[name] == nil {
        histograms[name] = histogram
      } else {
        histograms[name]?.merge(histogram)
      }
    }
  }

  /// The shards merged in the order given.
  public static func merged(_ shards: [SimulationShard]) -> SimulationShard {
    var result = SimulationShard()
    for shard in shards { result.merge(shard) }
    return result
  }

  // MARK: - Text

  static let magic = "flowbook-shard 1"

  /// The file text (format above).
  public func text() -> String {
    let names = Array(counters.keys) + Array(sums.keys) + Array(histograms.keys)
    for name in names where name.isEmpty || name.contains(where: \.isWhitespace) {
      preconditionFailure("shard record name \"\(name)\" must be one word")
    }
    var lines = [Self.magic]
    if let run {
      precondition(!run.contains("\n"), "a shard's run is one line")
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
    return lines.joined(separator: "\n") + "\n"
  }

  /// Parses file text.
  ///
  /// - Throws: `ShardFileError.malformed` naming the line.
  public init(text: String) throws(ShardFileError) {
    let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
    guard lines.first.map(String.init) == Self.magic else {
      throw .malformed(line: 1, "expected \"\(Self.magic)\" on the first line")
    }
    for (offset, line) in lines.enumerated().dropFirst() where !line.isEmpty {
      if line.hasPrefix("run ") {
        run = String(line.dropFirst(4))
        continue
      }
      try parse(line: line.split(separator: " ").map(String.init), number: offset + 1)
    }
  }

  private mutating func parse(line fields: [String], number: Int) throws(ShardFileError) {
    func bad(_ what: String) -> ShardFileError { .malformed(line: number, what) }
    switch (fields.first, fields.count) {
    case ("replication", 2):
      guard let index = Int(fields[1]), index >= 0 else { throw bad("replication \(fields[1])") }
      replications.append(index)
      replications.sort()
    case ("estimate", 4):
      guard let index = Int(fields[1]), index >= 0 else { throw bad("estimate \(fields[1])") }
      guard let value = Double(fields[3]), value.isFinite else {
        throw bad("estimate value \(fields[3])")
      }
      estimates[index, default: [:]][fields[2]] = value
    case ("counter", 3):
      guard let value = UInt64(fields[2]) else { throw bad("counter value \(fields[2])") }
      counters[fields[1]] = value
    case ("sum", 3):
      guard let value = Double(fields[2]), value.isFinite else {
        throw bad("sum value \(fields[2])")
      }
      sums[fields[1]] = value
    case ("histogram", 4):
      guard let sum = Double(fields[2]), sum.isFinite else {
        throw bad("histogram sum \(fields[2])")
      }
      do {
        histograms[fields[1]] = try StreamingHistogram(base64: fields[3], sumSeconds: sum)
      } catch {
        throw bad("histogram \(fields[1]): \(error)")
      }
    default:
      throw bad(
        "expected run, replication, counter, sum, histogram or estimate record, got "
          + (fields.first ?? ""))
    }
  }

  private static func hex(_ value: Double) -> String {
    String(format: "%a", value)
  }
}

/// Why a shard file could not be written or read.
public enum ShardFileError: Error, Equatable, CustomStringConvertible {
  case malformed(line: Int, String)
  case missing(String)
  case io(path: String, String)
  /// Two shards of different runs: the later file, its run, the first file and its run.
  case differentRun(path: String, run: String, firstPath: String, firstRun: String)
  /// A replication held by two files (a retried task, a file listed twice).
  case repeatedReplication(Int, path: String, firstPath: String)

  /// The message for the user, naming the file or line.
  public var description: String {
    switch self {
    case .malformed(let line, let what):
      return "shard file line \(line): \(what)"
    case .missing(let what):
      return "the shard has no \(what); was it written by this kind of simulation?"
    case .io(let path, let what):
      return "\(path): \(what)"
    case .differentRun(let path, let run, let firstPath, let firstRun):
      return "\(path) is a different run from \(firstPath); shards merge only with "
        + "shards of the same command, seed and model:\n  \(firstPath): \(firstRun)\n  "
        + "\(path): \(run)"
    case .repeatedReplication(_, let path, let firstPath) where path == firstPath:
      return "\(path) is given twice; merging it twice would count its requests twice"
    case .repeatedReplication(let index, let path, let firstPath):
      return "replication \(index) is in both \(firstPath) and \(path); merging it twice "
        + "would count its requests twice (a retried task? keep one of the two files)"
    }
  }
}

// MARK: - Files

extension SimulationShard {
  /// Writes the shard to `path` atomically.
  ///
  /// A temporary file in the same folder (named for the process and thread, so that
  /// concurrent writers do not collide) is written, flushed to disk and renamed over
  /// `path`, so a reader or a crash sees either the old file or the whole new one, never
  /// a torn write.
  ///
  /// - Throws: `ShardFileError.io` with the system's reason.
  public func write(to path: String) throws(ShardFileError) {
    let url = URL(fileURLWithPath: path)
    let temporary = url.deletingLastPathComponent()
      .appendingPathComponent(".\(url.lastPathComponent).\(getpid())-\(pthread_self()).tmp")
    let bytes = Array(text().utf8)
    let fd = open(temporary.path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
    guard fd >= 0 else { throw .io(path: temporary.path, Self.errnoText()) }
    var written = 0
    while written < bytes.count {
      let result = bytes[written...].withUnsafeBytes {
        Foundation.write(fd, $0.baseAddress, $0.count)
      }
      if result < 0 && errno == EINTR { continue }
      guard result > 0 else {
        let reason = Self.errnoText()
        close(fd)
        unlink(temporary.path)
        throw .io(path: temporary.path, reason)
      }
      written += result
    }
    guard fsync(fd) == 0, close(fd) == 0 else {
      unlink(temporary.path)
      throw .io(path: temporary.path, Self.errnoText())
    }
    guard rename(temporary.path, url.path) == 0 else {
      let reason = Self.errnoText()
      unlink(temporary.path)
      throw .io(path: path, reason)
    }
  }

  /// Reads a shard file written by `write(to:)`.
  public init(contentsOf path: String) throws(ShardFileError) {
    let data: Data
    do {
      data = try Data(contentsOf: URL(fileURLWithPath: path))
    } catch {
      throw .io(path: path, error.localizedDescription)
    }
    guard let text = String(data: data, encoding: .utf8) else {
      throw .io(path: path, "not UTF-8 text")
    }
    do {
      try self.init(text: text)
    } catch .malformed(let line, let what) {
      throw .io(path: path, "line \(line): \(what)")
    } catch {
      throw error
    }
  }

  /// Reads the shard files at `paths` and merges them in the order given.
  ///
  /// - Throws: `ShardFileError.differentRun` when the files come from different runs,
  ///   `.repeatedReplication` when two files hold the same replication.
  public static func merged(contentsOf paths: [String]) throws(ShardFileError) -> SimulationShard {
    var result = SimulationShard()
    var firstPath = ""
    var owner: [Int: String] = [:]
    for (index, path) in paths.enumerated() {
      let shard = try SimulationShard(contentsOf: path)
      if index == 0 {
        firstPath = path
        result.run = shard.run
      } else if shard.run != result.run {
        throw .differentRun(
          path: path, run: shard.run ?? "(none recorded)", firstPath: firstPath,
          firstRun: result.run ?? "(none recorded)")
      }
      for replication in shard.replications {
        if let first = owner[replication] {
          throw .repeatedReplication(replication, path: path, firstPath: first)
        }
        owner[replication] = path
      }
      result.merge(shard)
    }
    return result
  }

  private static func errnoText() -> String {
    String(cString: strerror(errno))
  }
}
