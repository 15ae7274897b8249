/// What one command produced: blocks for people, one JSON document for machines.
///
/// `data` is explicit rather than derived from the blocks because scripts rely on stable
/// keys (`p99_ms`, `mean_wait_s`) that a table's column titles should be free to change.
public struct CommandResult: Sendable, Hashable {
  public enum Block: Sendable, Hashable {
    case text(Markup)
    case table(ResultTable)
  }

  public var blocks: [Block]
  public var data: JSONValue

  public init(blocks: [Block], data: JSONValue) {
    self.blocks = blocks
    self.data = data
  }

  /// A one-line answer.
  public static func line(_ markup: Markup, data: JSONValue) -> CommandResult {
    CommandResult(blocks: [.text(markup)], data: data)
  }

  /// A table whose JSON is its rows, unless `data` says otherwise.
  public static func table(_ table: ResultTable, data: JSONValue? = nil) -> CommandResult {
    CommandResult(blocks: [.table(table)], data: data ?? table.json)
  }

  /// Nothing to print (such as `let` in a script), still a JSON document.
  public static func silent(_ data: JSONValue) -> CommandResult {
    CommandResult(blocks: [], data: data)
  }
}

extension CommandResult {
  /// Adds `notes` under the first table (nothing when empty or there is no table), and to
  /// the JSON as `"admission"` when the data is an object.
  ///
  /// - Parameter notes: lines to add.
  public mutating func appendNotes(_ notes: [String]) {
    guard !notes.isEmpty,
      let index = blocks.firstIndex(where: {
        if case .table = $0 { return true }
        return false
      }), case .table(var table) = blocks[index]
    else { return }
    table.notes += notes
    blocks[index] = .table(table)
    if case .object(var pairs) = data {
      pairs.append(("admission", .array(notes.map(JSONValue.string))))
      data = .object(pairs)
    }
  }
}
