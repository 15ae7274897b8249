/// A report: what a session or notebook found, as structure that each medium renders.
///
/// The report holds no formatting decisions. Markdown, HTML, CSV and JSON each have one
/// renderer (`MarkdownReport`, `HTMLReport`, `CSVReport`, `JSONReport`), so a fix to
/// how a table prints is made once per medium and never per analysis. A report carries no
/// clock time, so the same notebook and seed give byte-identical files.
///
///     let report = ReportBuilder(session: session).build()
///     let html = HTMLReport.render(report)
public struct Report: Sendable, Hashable {
  /// Where the numbers came from, printed at the top of every medium.
  public struct Provenance: Sendable, Hashable {
    /// The notebook the report was made from, as the user named it.
    public var notebook: String?
    /// The model file of the session's current model, if one is loaded.
    public var model: String?
    /// The seed simulations used when a command named none.
    public var seed: UInt64
    /// The flowbook version that computed the numbers.
    public var version: String

    public init(
      notebook: String? = nil, model: String? = nil, seed: UInt64,
      version: String = FlowbookVersion.current
    ) {
      self.notebook = notebook
      self.model = model
      self.seed = seed
      self.version = version
    }
  }

  /// One part of a section, in reading order.
  public enum Block: Sendable, Hashable {
    /// Notebook prose: simple Markdown (headings, paragraphs, lists, inline code).
    case prose(String)
    case table(ReportTable)
    case chart(Chart)
    /// A command and its output, as a notebook shows it.
    case cell(ReportCell)
  }

  /// A titled run of blocks: one per analysis, then the notebook itself.
  public struct Section: Sendable, Hashable {
    public var title: String
    /// A stable identifier (`latency`, `notebook`): HTML anchors and JSON's `section`.
    public var id: String
    public var blocks: [Block]

    public init(title: String, id: String, blocks: [Block]) {
      self.title = title
      self.id = id
      self.blocks = blocks
    }

    public var tables: [ReportTable] {
      blocks.compactMap { block in
        if case .table(let table) = block { return table }
        return nil
      }
    }

    public var charts: [Chart] {
      blocks.compactMap { block in
        if case .chart(let chart) = block { return chart }
        return nil
      }
    }
  }

  public var title: String
  public var provenance: Provenance
  public var sections: [Section]

  public init(title: String, provenance: Provenance, sections: [Section]) {
    self.title = title
    self.provenance = provenance
    self.sections = sections
  }

  /// Every chart in the report, in order.
  public var charts: [Chart] { sections.flatMap(\.charts) }

  /// Every table in the report with the id of its section, in order.
  public var tables: [(section: String, table: ReportTable)] {
    sections.flatMap { section in section.tables.map { (section.id, $0) } }
  }
}

/// A result table with what a report adds to it: which command made it and the unit of
/// each column, so CSV and JSON can state units that the table only shows in its text.
public struct ReportTable: Sendable, Hashable {
  /// The command that produced it (`latency`, `budget`), the table's id in CSV and JSON.
  public var id: String
  public var table: ResultTable
  /// One unit per column, in the table's base units.
  public var units: [ReportUnit]

  /// Wraps `table`, inferring each column's unit from its cells unless `units` is given.
  public init(id: String, table: ResultTable, units: [ReportUnit]? = nil) {
    self.id = id
    self.table = table
    self.units = units ?? table.columns.indices.map { ReportUnit.infer(column: $0, of: table) }
  }

  /// The unit of one numeric cell, or nil for a cell without a number.
  ///
  /// It is the column's, unless the cell's text shows another: a share among the times
  /// of a `diff`, whose rows are metrics of different units.
  public func unit(row: Int, column: Int) -> ReportUnit? {
    let cell = table.rows[row][column]
    guard cell.number != nil else { return nil }
    let shown = ReportUnit.infer(text: cell.text)
    // A bare number (`0`) says nothing about its unit; the column's is the better guess.
    guard let shown, shown != .count else { return units[column] == .none ? .count : units[column] }
    return shown
  }

  /// The index of the column with `key`, if there is one.
  public func column(_ key: String) -> Int? {
    table.columns.firstIndex { $0.key == key }
  }

  /// Most rows a page (HTML, Markdown) shows of one table.
  public static let pageRows = 40

  /// The rows a page shows: all of a short table, the first `pageRows` of a long one (an
  /// hour of one-second buckets), whose every row the CSV and JSON media keep.
  public var pageRows: ArraySlice<[ResultTable.Cell]> {
    table.rows.count <= Self.pageRows + 5 ? table.rows[...] : table.rows.prefix(Self.pageRows)
  }

  /// The line a page prints under a shortened table, or nil.
  public var omittedRowsNote: String? {
    let hidden = table.rows.count - pageRows.count
    guard hidden > 0 else { return nil }
    return "… and \(hidden) more rows; the CSV and JSON reports have every row."
  }

  /// The key of the column that names each row: the first left-aligned column.
  public var labelColumn: Int {
    table.columns.firstIndex { $0.alignment == .left } ?? 0
  }
}

/// A command as a notebook shows it: the input, and the plain output it printed.
public struct ReportCell: Sendable, Hashable {
  public var input: String
  public var output: String
  public var succeeded: Bool

  public init(input: String, output: String, succeeded: Bool = true) {
    self.input = input
    self.output = output
    self.succeeded = succeeded
  }

  /// The report form of a session's cell.
  public init(_ cell: Cell) {
    self.init(input: cell.input, output: cell.plainOutput, succeeded: cell.succeeded)
  }
}
