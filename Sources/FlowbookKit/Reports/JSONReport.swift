/// Renders a report as one JSON document, for scripts and dashboards.
///
/// The schema (`flowbook.report/1`, documented in README) keeps the tables' own shape,
/// one object per row keyed by column key as `--json` prints them, and adds what a
/// script cannot guess: each column's unit and which column names the rows.
///
///     {
///       "schema": "flowbook.report/1",
///       "title": "Prime Day",
///       "provenance": {"flowbook": "0.1.0", "notebook": "prime-day.md",
///                      "model": "datasets/golden-path.yaml", "seed": 1},
///       "tables": [{"id": "latency", "section": "latency", "title": "latency: …",
///                   "label": "route",
///                   "columns": [{"key": "p99", "title": "p99", "unit": "s"}, …],
///                   "rows": [{"route": "end to end", "p99": 0.0872, …}, …],
///                   "row_units": [{"baseline": "s", …}, …],   (only when rows differ)
///                   "notes": ["…"]}],
///       "charts": [{"kind": "percentiles", "title": "…", "section": "latency"}],
///       "cells": [{"input": "latency", "ok": true, "output": "…"}]
///     }
///
/// Numbers are in base units (seconds, dollars, per second, fractions 0–1); a cell
/// without a number is its text. Keys keep this order, so files diff cleanly.
public enum JSONReport {
  public static let schema = "flowbook.report/1"

  public static func render(_ report: Report) -> String {
    document(report).serialized(indent: 2) + "\n"
  }

  public static func document(_ report: Report) -> JSONValue {
    let p = report.provenance
    let provenance: JSONValue = .object([
      ("flowbook", .string(p.version)), ("notebook", p.notebook.map(JSONValue.string) ?? .null),
      ("model", p.model.map(JSONValue.string) ?? .null), ("seed", .number(Double(p.seed))),
    ])
    let charts: [JSONValue] = report.sections.flatMap { section in
      section.charts.map { chart in
        JSONValue.object([
          ("kind", .string(chart.kind.rawValue)), ("title", .string(chart.title)),
          ("section", .string(section.id)),
        ])
      }
    }
    let cells: [JSONValue] = report.sections.flatMap { section in
      section.blocks.compactMap { block -> JSONValue? in
        guard case .cell(let cell) = block else { return nil }
        return .object([
          ("input", .string(cell.input)), ("ok", .bool(cell.succeeded)),
          ("output", .string(cell.output)),
        ])
      }
    }
    return .object([
      ("schema", .string(schema)), ("title", .string(report.title)),
      ("provenance", provenance),
      ("tables", .array(report.tables.map { table($0.table, section: $0.section) })),
      ("charts", .array(charts)), ("cells", .array(cells)),
    ])
  }

  static func table(_ table: ReportTable, section: String) -> JSONValue {
    let columns: [JSONValue] = zip(table.table.columns, table.units).map { column, unit in
      .object([
        ("key", .string(column.key)), ("title", .string(column.title)),
        ("unit", .string(unit.rawValue)),
      ])
    }
    var pairs: [(String, JSONValue)] = [
      ("id", .string(table.id)), ("section", .string(section)),
      ("title", table.table.title.map(JSONValue.string) ?? .null),
      (
        "label",
        table.table.columns.isEmpty
          ? .null : .string(table.table.columns[table.labelColumn].key)
      ),
      ("columns", .array(columns)), ("rows", table.table.json),
    ]
    pairs += rowUnits(table)
    pairs.append(("notes", .array(table.table.notes.map(JSONValue.string))))
    return .object(pairs)
  }

  /// Per row, the unit of each numeric cell, present only when some row's differs from its
  /// column's (a `diff`, whose rows are metrics of different units), so most tables stay
  /// as small as `--json` prints them.
  static func rowUnits(_ table: ReportTable) -> [(String, JSONValue)] {
    var differs = false
    let rows: [JSONValue] = table.table.rows.indices.map { row in
      .object(
        table.table.columns.indices.compactMap { column -> (String, JSONValue)? in
          guard let unit = table.unit(row: row, column: column) else { return nil }
          if unit != table.units[column] { differs = true }
          return (table.table.columns[column].key, .string(unit.rawValue))
        })
    }
    return differs ? [("row_units", .array(rows))] : []
  }
}
