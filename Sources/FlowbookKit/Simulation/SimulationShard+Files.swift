import Foundation

/// Why a shard file could not be written, read or merged.
///
/// `io` is the only case about the system (a file that cannot be opened, read or
/// written: `flowbook merge` exits 74 for it); every other case is about a file's
/// contents (exit 65).
public enum ShardFileError: Error, Equatable, CustomStringConvertible {
  /// Bad content at a line (nil: the whole file), before the file's path is known.
  case malformed(line: Int?, String)
  /// A record a kind of simulation needs is missing.
  case missing(String)
  /// Bad content in the file at `path`, at a line (nil: the whole file).
  case invalid(path: String, line: Int?, String)
  /// The file could not be opened, read or written.
  case io(path: String, String)
  /// Two shards of different runs: the later file, its run, the first file and its run.
  case differentRun(path: String, run: String, firstPath: String, firstRun: String)
  /// A replication held by two files (a retried task, a file listed twice).
  case repeatedReplication(Int, path: String, firstPath: String)
  /// A file records a figure the first file does not, or lacks one it has.
  case differentRecords(path: String, record: String, firstPath: String, inFirst: Bool)
  /// Adding the file at `path` to the files before it cannot be done.
  case cannotMerge(path: String, firstPath: String, before: Int, ShardMergeConflict)

  /// Whether the error is the system's (a read or write failed) rather than a file's
  /// contents.
  public var isIO: Bool {
    if case .io = self { return true }
    return false
  }

  /// The message for the user, naming the file, line and field.
  public var description: String {
    switch self {
    case .malformed(let line, let what):
      return line.map { "shard file line \($0): \(what)" } ?? "shard file: \(what)"
    case .missing(let what):
      return "the shard has no \(what); was it written by this kind of simulation?"
    case .invalid(let path, let line, let what):
      return line.map { "\(path) line \($0): \(what)" } ?? "\(path): \(what)"
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
    case .differentRecords(let path, let record, let firstPath, let inFirst):
      let (has, lacks) = inFirst ? (firstPath, path) : (path, firstPath)
      return "\(has) records \(record) and \(lacks) does not; shards of one run record "
        + "the same figures"
    case .cannotMerge(let path, let firstPath, let before, let conflict):
      let others = before > 1 ? " and \(before - 1) more" : ""
      return "cannot add \(path) to \(firstPath)\(others): \(conflict)"
    }
  }
}

// MARK: - Files

extension SimulationShard {
  /// The largest shard file read, 256 MiB: a merged shard of a million replications is
  /// about 100 MiB, and reading stops there instead of filling memory with `/dev/zero`.
  public static let largestFileBytes = 256 << 20

  /// Writes the shard to `path` atomically, through `AtomicFile`.
  ///
  /// A reader or a crash sees either the old file or the whole new one, never a torn
  /// write; concurrent writers each get their own temporary file (created with `O_EXCL`).
  ///
  /// - Parameter path: Where to write.
  /// - Throws: `ShardFileError.io` with the system's reason.
  public func write(to path: String) throws(ShardFileError) {
    do {
      try AtomicFile.write(text(), to: path)
    } catch {
      throw .io(path: path, "could not \(error.step) (\(error.reason))")
    }
  }

  /// Reads a shard file written by `write(to:)`.
  ///
  /// - Parameter path: The file.
  /// - Throws: `ShardFileError.io` when it cannot be read, `.invalid` naming the line and
  ///   field when its contents are wrong.
  public init(contentsOf path: String) throws(ShardFileError) {
    let bytes = try Self.readBytes(path)
    do {
      try self.init(bytes: bytes)
    } catch .malformed(let line, let what) {
      throw .invalid(path: path, line: line, what)
    } catch {
      throw error
    }
  }

  /// The file's bytes, up to `largestFileBytes`.
  private static func readBytes(_ path: String) throws(ShardFileError) -> [UInt8] {
    let fd = open(path, O_RDONLY | O_CLOEXEC)
    guard fd >= 0 else { throw .io(path: path, errnoText()) }
    defer { close(fd) }
    var bytes: [UInt8] = []
    var chunk = [UInt8](repeating: 0, count: 1 << 16)
    while true {
      let count = chunk.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
      if count < 0 && errno == EINTR { continue }
      guard count >= 0 else { throw .io(path: path, errnoText()) }
      if count == 0 { return bytes }
      guard bytes.count + count <= largestFileBytes else {
        throw .invalid(
          path: path, line: nil,
          "larger than \(largestFileBytes >> 20) MiB, the largest shard flowbook reads")
      }
      bytes += chunk[..<count]
    }
  }

  /// Reads the shard files at `paths` and merges them in the order given.
  ///
  /// - Parameter paths: The files, merged first to last.
  /// - Returns: Their sum.
  /// - Throws: `ShardFileError` as `ShardMerger.add(_:path:)` does, and `.invalid` and
  ///   `.io` as `init(contentsOf:)` does.
  public static func merged(contentsOf paths: [String]) throws(ShardFileError) -> SimulationShard {
    var merger = ShardMerger()
    for path in paths { try merger.add(try SimulationShard(contentsOf: path), path: path) }
    return merger.result
  }

  private static func errnoText() -> String {
    String(cString: strerror(errno))
  }
}

/// Adds shards read from files one at a time, checking that each belongs with the first:
/// the same run, the same figures, no replication twice, nothing that overflows.
public struct ShardMerger {
  /// The sum of the shards added so far.
  public private(set) var result = SimulationShard()
  private var first: (path: String, shard: SimulationShard)?
  private var owner: [Int: String] = [:]
  private var count = 0

  /// An empty merge.
  public init() {}

  /// Adds the shard read from `path`.
  ///
  /// A refused shard leaves the merge as it was.
  ///
  /// - Parameters:
  ///   - shard: The shard.
  ///   - path: Its file, for messages.
  /// - Throws: `ShardFileError.differentRun` when it is of another run than the first,
  ///   `.differentRecords` when it records other figures, `.repeatedReplication` when a
  ///   replication was already added, `.cannotMerge` when a figure would overflow or a
  ///   histogram differs in precision.
  /// - Complexity: O(k + b·h + r) for k names, h histograms of b buckets, r replications.
  public mutating func add(_ shard: SimulationShard, path: String) throws(ShardFileError) {
    if let first {
      try Self.checkBelongs(shard, path: path, with: first)
    }
    var seen: [Int: String] = [:]
    for replication in shard.replications {
      if let earlier = owner[replication] ?? seen[replication] {
        throw .repeatedReplication(replication, path: path, firstPath: earlier)
      }
      seen[replication] = path
    }
    do {
      try result.merge(shard)
    } catch {
      throw .cannotMerge(path: path, firstPath: first?.path ?? path, before: count, error)
    }
    owner.merge(seen) { mine, _ in mine }
    first = first ?? (path, shard)
    count += 1
  }

  /// Throws unless `shard` is of the first file's run and records the same figures.
  private static func checkBelongs(
    _ shard: SimulationShard, path: String, with first: (path: String, shard: SimulationShard)
  ) throws(ShardFileError) {
    guard shard.run == first.shard.run else {
      throw .differentRun(
        path: path, run: shard.run ?? "(none recorded)", firstPath: first.path,
        firstRun: first.shard.run ?? "(none recorded)")
    }
    let kinds: [(String, Set<String>, Set<String>)] = [
      ("counter", Set(shard.counters.keys), Set(first.shard.counters.keys)),
      ("sum", Set(shard.sums.keys), Set(first.shard.sums.keys)),
      ("histogram", Set(shard.histograms.keys), Set(first.shard.histograms.keys)),
    ]
    for (kind, names, firstNames) in kinds where names != firstNames {
      if let extra = names.subtracting(firstNames).sorted().first {
        throw .differentRecords(
          path: path, record: "\(kind) \(extra)", firstPath: first.path, inFirst: false)
      }
      if let lacking = firstNames.subtracting(names).sorted().first {
        throw .differentRecords(
          path: path, record: "\(kind) \(lacking)", firstPath: first.path, inFirst: true)
      }
    }
  }
}
