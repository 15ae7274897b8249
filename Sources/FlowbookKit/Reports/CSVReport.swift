import Foundation

/// Renders a report's tables as one tidy CSV: a row per item and measure.
///
/// Reports mix tables of different shapes (routes × percentiles, hops × budgets, time
/// buckets × counters), and a spreadsheet or script wants one schema for all of them. So
/// the CSV is long-form, with six fixed columns, documented in README:
///
///     table,item,measure,value,unit,text
///     latency,end to end,p99,0.0872,s,87.2 ms
///
/// - `table`: the command that produced the table (`latency`, `budget`, `cost`,
///   `simulate`, `simulate-2` for its second table).
/// - `item`: the row: a component, hop, route or percentile name; for rows keyed by a
///   number (a time bucket's start, a swept value), that number in base units.
/// - `measure`: the column's key (`p99`, `tail_path`, `monthly`).
/// - `value`: the number in base units (seconds, dollars, requests per second, fractions
///   as 0–1), empty when the cell is text.
/// - `unit`: `s`, `USD`, `1/s`, `1` (fraction), `B`, `count`, or empty for text: the
///   cell's own unit, so a table whose rows are metrics (`diff`) is labelled row by row.
/// - `text`: the cell as the shell printed it.
///
/// Fields are quoted per RFC 4180 when they hold a comma, quote or newline; lines end in
/// `\n`. Provenance is in the JSON and HTML media, not here, so the file stays one table.
public enum CSVReport {
  public static let header = ["table", "item", "measure", "value", "unit", "text"]

  public static func render(_ report: Report) -> String {
    var lines = [header.joined(separator: ",")]
    for (_, table) in report.tables {
      lines += rows(table).map { $0.map(field).joined(separator: ",") }
    }
    return lines.joined(separator: "\n") + "\n"
  }

  /// The long-form rows of one table.
  static func rows(_ table: ReportTable) -> [[String]] {
    let label = table.labelColumn
    var out: [[String]] = []
    for (at, row) in table.table.rows.enumerated() where label < row.count {
      let item = row[label].number.map(JSONValue.format) ?? row[label].text
      for (index, column) in table.table.columns.enumerated() where index != label {
        let cell = row[index]
        if cell.number == nil && cell.text.isEmpty { continue }
        let value = cell.number.map(JSONValue.format) ?? ""
        let unit = table.unit(row: at, column: index)?.rawValue ?? ""
        out.append([table.id, item, column.key, value, unit, cell.text])
      }
    }
    return out
  }

  /// A field, quoted when it must be.
  static func field(_ text: String) -> String {
    guard text.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else {
      return text
    }
    return "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\""
  }
}
