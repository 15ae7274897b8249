import Foundation

/// What a session remembers beyond its cells so that `save` can write a notebook: prose
/// in order among the cells, when each cell ran, and which files it read.
///
/// The session appends an entry for every cell it runs (`didRun`), so recording needs no
/// switch and nothing run is forgotten; `save` decides what to leave out (the `save`,
/// `open` and `note` commands themselves). Blocks replayed by `open` are kept whole, with
/// their command lines and fences as written, so opening a notebook and saving it again
/// gives back the same file.
public struct NotebookRecording: Sendable {
  public enum Entry: Sendable, Hashable {
    /// Prose from an opened notebook, verbatim (including its blank lines).
    case prose(String)
    /// A paragraph added with `note`.
    case note(String)
    /// The session cell at this index.
    case cell(Int)
    /// An opened notebook's code block, whose cells ran as these session cells.
    case block(CodeBlock, cells: [Int])
  }

  public private(set) var entries: [Entry] = []
  /// When each cell ran (ISO 8601, UTC), or the stamp it carried in an opened notebook.
  public private(set) var stamps: [Int: String] = [:]
  /// Model and dataset files read, as absolute paths, in the order first read.
  public private(set) var inputs: [String] = []
  /// The model file among `inputs`, if one was loaded.
  public private(set) var modelFile: String?
  /// Notebooks this session opened or saved, each with the SHA-256 of its bytes then:
  /// `save` overwrites one without `--force` only while its bytes still match, so a
  /// colleague's cells saved in between are never lost.
  public var ownedPaths: [String: String] = [:]
  /// Notebooks being opened, innermost last: refuses a notebook that opens itself.
  public var openStack: [String] = []
  /// The wall clock, replaceable in tests; stamps are metadata and never compared.
  public var clock: @Sendable () -> Date = { Date() }

  public init() {}

  /// The lines a cell was typed on, when a `\` continuation spread it over several.
  public private(set) var typedLines: [Int: [String]] = [:]

  /// Called by `Session.execute` after each cell.
  /// - Parameters:
  ///   - index: the cell's index in the session.
  ///   - typedLines: the lines it was typed on, if a continuation spread it over several.
  public mutating func didRun(cellAt index: Int, typedLines: [String]? = nil) {
    entries.append(.cell(index))
    stamps[index] = Self.stamp(clock())
    if let typedLines { self.typedLines[index] = typedLines }
  }

  /// Replaces the stamp of a cell (a recovered journal knows when each command was typed).
  public mutating func setStamp(_ stamp: String?, forCell index: Int) {
    stamps[index] = stamp
  }

  /// Adds a paragraph of prose after the cells run so far.
  public mutating func addNote(_ text: String) {
    entries.append(.note(text))
  }

  /// Adds verbatim prose from an opened notebook.
  public mutating func addProse(_ text: String) {
    entries.append(.prose(text))
  }

  /// Records that a model or dataset file was read, for the notebook's provenance line.
  ///
  /// Commands that read files (`load`, datasets a model refers to, traffic CSVs) call
  /// this with the path they opened; the hash is taken when the notebook is saved.
  public mutating func recordInput(_ path: String, isModel: Bool = false) {
    if !inputs.contains(path) { inputs.append(path) }
    if isModel { modelFile = path }
  }

  /// Replaces the entries of `cells` with one opened block, keeping their place, and gives
  /// each cell the stamp it had in the notebook (or none).
  public mutating func adopt(_ block: CodeBlock, cells: [Int]) {
    let members = Set(cells)
    let position =
      entries.firstIndex { entry in
        if case .cell(let index) = entry { return members.contains(index) }
        return false
      } ?? entries.count
    entries.removeAll { entry in
      if case .cell(let index) = entry { return members.contains(index) }
      return false
    }
    entries.insert(.block(block, cells: cells), at: min(position, entries.count))
    for (cell, original) in zip(cells, block.cells) { stamps[cell] = original.stamp }
  }

  /// A time as notebooks stamp it: `2024-05-01T12:03:04Z`.
  public static func stamp(_ date: Date) -> String {
    var seconds = time_t(date.timeIntervalSince1970.rounded(.down))
    var parts = tm()
    gmtime_r(&seconds, &parts)
    func two(_ n: Int32) -> String { n < 10 ? "0\(n)" : "\(n)" }
    return "\(parts.tm_year + 1900)-\(two(parts.tm_mon + 1))-\(two(parts.tm_mday))T"
      + "\(two(parts.tm_hour)):\(two(parts.tm_min)):\(two(parts.tm_sec))Z"
  }
}
