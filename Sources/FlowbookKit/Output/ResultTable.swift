/// The one result shape commands return for tabular answers.
///
/// Cells hold both the printed text and, where it is a number, the machine value in base
/// units, so the plain, Markdown, CSV and JSON renderers all read the same table.
public struct ResultTable: Sendable, Hashable {
  public struct Column: Sendable, Hashable {
    public var title: String
    public var alignment: Alignment
    /// The JSON/CSV key for this column (snake_case), derived from the title if nil.
    public var key: String

    public init(_ title: String, alignment: Alignment = .right, key: String? = nil) {
      self.title = title
      self.alignment = alignment
      self.key = key ?? ResultTable.key(for: title)
    }
  }

  public enum Alignment: Sendable, Hashable { case left, right }

  public struct Cell: Sendable, Hashable {
    public var text: String
    public var tag: Markup.Tag
    /// The number behind the text, in base units (seconds, dollars, per second).
    public var number: Double?

    public init(_ text: String, tag: Markup.Tag = .plain, number: Double? = nil) {
      self.text = text
      self.tag = tag
      self.number = number
    }
  }

  public var title: String?
  public var columns: [Column]
  public var rows: [[Cell]]
  /// Lines printed under the table (assumptions, sources, what to do next).
  public var notes: [String]

  public init(title: String? = nil, columns: [Column], rows: [[Cell]] = [], notes: [String] = []) {
    self.title = title
    self.columns = columns
    self.rows = rows
    self.notes = notes
  }

  public mutating func append(_ row: [Cell]) {
    precondition(
      row.count == columns.count, "row of \(row.count) cells for \(columns.count) columns")
    rows.append(row)
  }

  /// Rows as JSON objects keyed by column key, numbers in base units where known.
  public var json: JSONValue {
    .array(
      rows.map { row in
        .object(
          zip(columns, row).map { column, cell in
            (column.key, cell.number.map(JSONValue.number) ?? .string(cell.text))
          })
      })
  }

  static func key(for title: String) -> String {
    var out = ""
    for scalar in title.lowercased().unicodeScalars {
      if CharacterSetASCII.isAlphanumeric(scalar) {
        out.unicodeScalars.append(scalar)
      } else if !out.hasSuffix("_") && !out.isEmpty {
        out += "_"
      }
    }
    while out.hasSuffix("_") { out.removeLast() }
    return out
  }
}

private enum CharacterSetASCII {
  static func isAlphanumeric(_ s: Unicode.Scalar) -> Bool {
    (s >= "a" && s <= "z") || (s >= "0" && s <= "9")
  }
}
