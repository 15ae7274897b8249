/// A two-way sweep's answer for one metric, as data: the two parameters' values and the
/// metric at every pair, for tables, heatmaps and scripts.
///
/// `sweep A from … to … by B from … to … show M` returns one grid per metric in its JSON
/// (`"grids"`), and `SweepGrid(json:)` reads it back, so a report can draw a heatmap from a
/// recorded cell without re-running the sweep.
public struct SweepGrid: Sendable, Hashable {
  /// One varied parameter: its address, its values in base units and as printed.
  public struct Axis: Sendable, Hashable {
    public var address: String
    public var values: [Double]
    public var labels: [String]

    /// Creates an axis; `labels` has one entry per value.
    /// - Parameters:
    ///   - address: the parameter's address (`workload.rate`).
    ///   - values: its values in base units, in sweep order.
    ///   - labels: the values as printed (`10k rps`, `80%`).
    public init(address: String, values: [Double], labels: [String]) {
      precondition(values.count == labels.count, "an axis needs one label per value")
      self.address = address
      self.values = values
      self.labels = labels
    }
  }

  /// The metric's name as typed after `show`.
  public var metric: String
  /// The first parameter: one table row per value.
  public var rows: Axis
  /// The second parameter: one table column per value.
  public var columns: Axis
  /// `numbers[row][column]` in base units; nil where the metric is undefined or is text.
  public var numbers: [[Double?]]
  /// Each cell as printed (`-` where undefined).
  public var cells: [[String]]
  /// The objective the metric is judged against (`p99 < 100 ms`), if it has one.
  public var objective: String?

  /// Creates a grid; `numbers` and `cells` are rows × columns.
  /// - Parameters:
  ///   - metric: the metric's name.
  ///   - rows: the first parameter.
  ///   - columns: the second parameter.
  ///   - numbers: the metric in base units, by row then column.
  ///   - cells: the printed cells, by row then column.
  ///   - objective: the objective's wording, if any.
  public init(
    metric: String, rows: Axis, columns: Axis, numbers: [[Double?]], cells: [[String]],
    objective: String? = nil
  ) {
    precondition(
      numbers.count == rows.values.count && cells.count == rows.values.count
        && numbers.allSatisfy { $0.count == columns.values.count }
        && cells.allSatisfy { $0.count == columns.values.count },
      "a sweep grid is rows × columns")
    self.metric = metric
    self.rows = rows
    self.columns = columns
    self.numbers = numbers
    self.cells = cells
    self.objective = objective
  }

  /// The grid as JSON: `metric`, `rows` and `columns` (address, values, labels),
  /// `numbers` (null where undefined), `cells` and `objective`.
  public var json: JSONValue {
    func axis(_ axis: Axis) -> JSONValue {
      .object([
        ("address", .string(axis.address)),
        ("values", .array(axis.values.map(JSONValue.number))),
        ("labels", .array(axis.labels.map(JSONValue.string))),
      ])
    }
    return .object([
      ("metric", .string(metric)), ("rows", axis(rows)), ("columns", axis(columns)),
      ("numbers", .array(numbers.map { .array($0.map { $0.map(JSONValue.number) ?? .null }) })),
      ("cells", .array(cells.map { .array($0.map(JSONValue.string)) })),
      ("objective", objective.map(JSONValue.string) ?? .null),
    ])
  }

  /// Reads a grid back from `json`; nil when it is not one (a field missing or of the
  /// wrong shape).
  /// - Parameter json: what `json` produced.
  public init?(json: JSONValue) {
    func axis(_ value: JSONValue?) -> Axis? {
      guard case .string(let address)? = value?["address"],
        let values = value?["values"].flatMap(Self.numbers),
        let labels = value?["labels"].flatMap(Self.strings), values.count == labels.count
      else { return nil }
      return Axis(address: address, values: values, labels: labels)
    }
    guard case .string(let metric)? = json["metric"], let rows = axis(json["rows"]),
      let columns = axis(json["columns"]), case .array(let numberRows)? = json["numbers"],
      case .array(let cellRows)? = json["cells"]
    else { return nil }
    var numbers: [[Double?]] = []
    for row in numberRows {
      guard case .array(let items) = row else { return nil }
      var parsed: [Double?] = []
      for item in items {
        switch item {
        case .number(let n): parsed.append(n)
        case .null: parsed.append(nil)
        default: return nil
        }
      }
      numbers.append(parsed)
    }
    guard let cells = Optional(cellRows.compactMap(Self.strings)), cells.count == cellRows.count,
      numbers.count == rows.values.count, cells.count == rows.values.count,
      numbers.allSatisfy({ $0.count == columns.values.count }),
      cells.allSatisfy({ $0.count == columns.values.count })
    else { return nil }
    var objective: String?
    if case .string(let text)? = json["objective"] { objective = text }
    self.init(
      metric: metric, rows: rows, columns: columns, numbers: numbers, cells: cells,
      objective: objective)
  }

  private static func numbers(_ value: JSONValue) -> [Double]? {
    guard case .array(let items) = value else { return nil }
    var out: [Double] = []
    for item in items {
      guard case .number(let n) = item else { return nil }
      out.append(n)
    }
    return out
  }

  private static func strings(_ value: JSONValue) -> [String]? {
    guard case .array(let items) = value else { return nil }
    var out: [String] = []
    for item in items {
      guard case .string(let s) = item else { return nil }
      out.append(s)
    }
    return out
  }
}
