import Foundation

/// The bounds every telemetry reader keeps, so that a hostile file is an error, not a hang.
///
/// Each is far above what AWS emits: `get-metric-data` returns at most 100,800 data points
/// a call, `get-metric-statistics` 1,440, `batch-get-traces` 5 traces a call; a day of
/// access logs at 10 rps is 864,000 lines.
public enum TelemetryLimits {
  /// Largest file read, in bytes (64 MiB, as a model's `samples_file`).
  public static let maximumFileBytes = 64 << 20
  /// Deepest JSON nesting (X-Ray documents nest subsegments; AWS caps them far lower).
  public static let maximumDepth = 64
  /// Most latency samples or data points one file may hold (as an empirical distribution).
  public static let maximumPoints = ParameterLimits.maximumBins
  /// Longest line of an access log, in bytes.
  public static let maximumLineBytes = 64 << 10
  /// Most bins of an empirical distribution fitted from samples.
  public static let empiricalBins = 1_000

  /// Checks an access log's lines against `maximumPoints` and `maximumLineBytes`, before
  /// a reader parses any of them.
  ///
  /// - Parameter lines: the non-blank lines, as byte ranges.
  /// - Throws: `TelemetryProblem` at the first line past either bound.
  static func checkLogLines(_ lines: [(start: Int, end: Int)]) throws(TelemetryProblem) {
    guard lines.count <= maximumPoints else {
      throw TelemetryProblem(
        "more than \(maximumPoints) log lines", at: lines[maximumPoints].start)
    }
    for line in lines where line.end - line.start > maximumLineBytes {
      throw TelemetryProblem(
        "a log line longer than \(maximumLineBytes) bytes", at: line.start)
    }
  }
}

/// What is wrong with a telemetry file, at a byte offset; the file adds its name and text.
struct TelemetryProblem: Error, Sendable {
  var message: String
  var offset: Int
  var notes: [String]

  init(_ message: String, at offset: Int, notes: [String] = []) {
    self.message = message
    self.offset = offset
    self.notes = notes
  }
}

/// A telemetry file's text and name, for readers and for errors placed in it.
struct TelemetryFile: Sendable {
  /// The name errors show (as typed).
  var name: String
  var bytes: [UInt8]

  /// The file's text as a source for carets.
  var source: Source { Source(String(decoding: bytes, as: UTF8.self), name: name) }

  /// Reads `path` within `TelemetryLimits.maximumFileBytes`.
  /// - Parameters:
  ///   - path: the real path to read.
  ///   - name: the name to show.
  /// - Throws: a diagnostic for a missing, unreadable, empty or oversized file.
  init(path: String, name: String) throws(Diagnostic) {
    self.name = name
    let attributes = try? FileManager.default.attributesOfItem(atPath: path)
    let size = (attributes?[.size] as? NSNumber)?.intValue ?? 0
    guard attributes?[.type] as? FileAttributeType != .typeDirectory else {
      throw Diagnostic("\(name) is a folder; name a telemetry file in it")
    }
    guard size <= TelemetryLimits.maximumFileBytes else {
      throw Diagnostic(
        "\(name) is \(size) bytes; calibrate reads files of at most "
          + "\(TelemetryLimits.maximumFileBytes) bytes (64 MiB)",
        notes: ["split it by time, or ask AWS for a longer period per data point"])
    }
    guard let handle = FileHandle(forReadingAtPath: path) else {
      throw Diagnostic("cannot read \(name) (looked in \(path))")
    }
    defer { try? handle.close() }
    let data = (try? handle.read(upToCount: TelemetryLimits.maximumFileBytes + 1)) ?? Data()
    guard data.count <= TelemetryLimits.maximumFileBytes else {
      throw Diagnostic("\(name) is larger than \(TelemetryLimits.maximumFileBytes) bytes")
    }
    self.bytes = Array(data)
  }

  /// A file from text, for tests and fuzzing.
  init(text: String, name: String) {
    self.init(bytes: Array(text.utf8), name: name)
  }

  /// A file from bytes (any bytes: a fuzzer's), for tests.
  init(bytes: [UInt8], name: String) {
    self.name = name
    self.bytes = bytes
  }

  /// `problem` placed in this file: `--> name:line:col` with a caret.
  func diagnostic(_ problem: TelemetryProblem) -> Diagnostic {
    let at = min(max(0, problem.offset), bytes.count)
    let end = min(at + 1, bytes.count)
    return Diagnostic(
      problem.message, span: Span(at, max(at, end)), source: source, notes: problem.notes)
  }

  /// The byte offset where each line starts, and each line's end (without the newline).
  var lines: [(start: Int, end: Int)] {
    var out: [(Int, Int)] = []
    var start = 0
    for (index, byte) in bytes.enumerated() where byte == 0x0A {
      out.append((start, index > start && bytes[index - 1] == 0x0D ? index - 1 : index))
      start = index + 1
    }
    if start < bytes.count { out.append((start, bytes.count)) }
    return out
  }
}
