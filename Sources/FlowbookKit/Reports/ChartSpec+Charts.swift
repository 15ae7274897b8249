import Foundation
import Quantities

/// Turning a table into charts by column key: the only place that reads table contents.
extension ChartSpec {
  /// Labels of rows that sum or mix the others: not a bar of their own.
  static let totalLabels: Set<String> = ["end to end", "total", "all", "sum"]

  /// Most series one percentile chart shows; more would be unreadable.
  static let maxSeries = 6

  /// The charts this spec draws from `table`; none when the table lacks its columns.
  public func charts(from table: ReportTable) -> [Chart] {
    switch kind {
    case .percentiles: return percentileChart(table).map { [$0] } ?? []
    case .bars, .stackedBars: return barChart(table).map { [$0] } ?? []
    case .line: return lineCharts(table)
    case .timeline: return timelineChart(table).map { [$0] } ?? []
    }
  }

  private func labelIndex(_ table: ReportTable, fallback: Int) -> Int? {
    guard let label else { return fallback }
    return table.column(label)
  }

  private func valueIndices(_ table: ReportTable, excluding excluded: Int) -> [Int] {
    if values.isEmpty {
      return table.table.columns.indices.filter { index in
        index != excluded && table.units[index] != .none
          && table.table.rows.contains { $0[index].number != nil }
      }
    }
    return values.compactMap { table.column($0) }
  }

  private static func isTotal(_ label: String) -> Bool {
    totalLabels.contains(label.lowercased())
  }

  // MARK: - Kinds

  private func percentileChart(_ table: ReportTable) -> Chart? {
    guard let labelAt = labelIndex(table, fallback: table.labelColumn) else { return nil }
    let columns = valueIndices(table, excluding: labelAt)
    guard columns.count >= 2 else { return nil }
    var rows = table.table.rows.filter { row in columns.contains { row[$0].number != nil } }
    let totals = rows.filter { Self.isTotal($0[labelAt].text) }
    rows = totals + rows.filter { !Self.isTotal($0[labelAt].text) }
    let series = rows.prefix(Self.maxSeries).map { row in
      Chart.Series(name: row[labelAt].text, values: columns.map { row[$0].number })
    }
    let reference = ObjectiveText.find(in: [table.table.title ?? ""] + table.table.notes)
    let more = rows.count > Self.maxSeries ? " (first \(Self.maxSeries) rows)" : ""
    return Chart(
      kind: .percentiles, title: title,
      caption: "Each line is one \(table.table.columns[labelAt].title)\(more); "
        + (reference == nil ? "higher is slower." : "the dashed line is the objective."),
      x: .init("percentile", unit: .none), y: .init(axis, unit: table.units[columns[0]]),
      categories: columns.map { table.table.columns[$0].title }, series: Array(series),
      reference: reference)
  }

  private func barChart(_ table: ReportTable) -> Chart? {
    guard let labelAt = labelIndex(table, fallback: table.labelColumn) else { return nil }
    let columns = valueIndices(table, excluding: labelAt)
    guard !columns.isEmpty, kind == .bars || columns.count == values.count else { return nil }
    // Rows in another unit than the column's (a failure share among latencies) would be
    // drawn against the wrong axis; they stay in the table only.
    let unit = table.units[columns[0]]
    let reasonAt = table.column("unpriced") ?? table.column("incomplete")
    let rows = table.table.rows.filter { row in
      guard !Self.isTotal(row[labelAt].text),
        self.rows.map({ row[labelAt].text.hasPrefix($0) }) ?? true
      else { return false }
      // Usage without a price is a bar of its own, labelled unpriced, never a $0 bar.
      if Self.unpriced(row, columns, reasonAt) != nil { return true }
      return columns.contains { row[$0].number != nil }
        && (ReportUnit.infer(text: row[columns[0]].text) ?? unit) == unit
    }
    guard rows.contains(where: { row in columns.contains { row[$0].number != nil } }) else {
      return nil
    }
    let markerAt = marker.flatMap { table.column($0) }
    // A cell that shows only `?` has no figure, whatever number it carries.
    let series = columns.map { column in
      Chart.Series(
        name: table.table.columns[column].title,
        values: rows.map { $0[column].text == "?" ? nil : $0[column].number })
    }
    let markerTitle = markerAt.map { table.table.columns[$0].title }
    var caption =
      kind == .bars
      ? "Bars: \(series.map(\.name).joined(separator: " and ")) per "
        + table.table.columns[labelAt].title
      : "Each bar is split into " + series.map(\.name).joined(separator: " and ")
    if let markerTitle { caption += "; black marks: \(markerTitle)" }
    let gaps = rows.map { row in
      Self.unpriced(row, columns, reasonAt).map { why in
        why.isEmpty ? "unpriced" : "unpriced: \(why)"
      }
    }
    if gaps.contains(where: { $0 != nil }) {
      caption += "; usage without a confirmed price is marked unpriced, not drawn as $0"
    }
    var chart = Chart(
      kind: kind, title: title, caption: caption + ".",
      x: .init(table.table.columns[labelAt].title, unit: .none),
      y: .init(axis, unit: table.units[columns[0]]),
      categories: rows.map { $0[labelAt].text }, series: series,
      markers: markerAt.map { at in rows.map { $0[at].number } } ?? [], markerLabel: markerTitle)
    chart.annotations = gaps
    return chart
  }

  /// Why a row's plotted figures are incomplete: the text of its `unpriced` (or
  /// `incomplete`) column when a plotted cell shows `?`, else nil.
  ///
  /// - Parameters:
  ///   - row: a table row.
  ///   - columns: the plotted columns.
  ///   - reasonAt: the column saying what is unpriced, if the table has one.
  /// - Returns: the reason (possibly empty), or nil when the figures are whole.
  private static func unpriced(_ row: [ResultTable.Cell], _ columns: [Int], _ reasonAt: Int?)
    -> String?
  {
    guard columns.contains(where: { $0 < row.count && row[$0].text.contains("?") }) else {
      return nil
    }
    guard let reasonAt, reasonAt < row.count else { return "" }
    return row[reasonAt].text
  }

  private func lineCharts(_ table: ReportTable) -> [Chart] {
    guard let xAt = labelIndex(table, fallback: 0) else { return [] }
    let columns = valueIndices(table, excluding: xAt)
    let rows = table.table.rows.filter { $0[xAt].number != nil }
    guard rows.count >= 2, !columns.isEmpty else { return [] }
    var groups: [[Int]] = []
    // One axis holds one quantity: same unit and same analysis (a sweep's latency.p99 and
    // failover.rto are both seconds, but a p99 line beside a two-minute RTO is flat).
    func quantity(_ column: Int) -> String {
      let title = table.table.columns[column].title
      let analysis = (try? AnalysisRegistry.standard.metric(named: title))?.0.name
      return table.units[column].rawValue + "|" + (analysis ?? title)
    }
    for column in columns {
      if !onePerColumn,
        let index = groups.firstIndex(where: { quantity($0[0]) == quantity(column) })
      {
        groups[index].append(column)
      } else {
        groups.append([column])
      }
    }
    let xColumn = table.table.columns[xAt]
    return groups.map { group in
      let names = group.map { table.table.columns[$0].title }
      let series = group.map { column in
        Chart.Series(
          name: table.table.columns[column].title,
          x: rows.compactMap { $0[xAt].number }, values: rows.map { $0[column].number })
      }
      let listed = names.joined(separator: ", ")
      return Chart(
        kind: .line, title: "\(title): \(listed) by \(xColumn.title)",
        caption: "\(listed) at each \(xColumn.title) (\(rows.count) points).",
        x: .init(xColumn.title, unit: table.units[xAt]),
        y: .init(listed, unit: table.units[group[0]]), series: series)
    }
  }

  private func timelineChart(_ table: ReportTable) -> Chart? {
    guard let labelAt = labelIndex(table, fallback: table.labelColumn),
      let offsetAt = values.first.flatMap({ table.column($0) })
    else { return nil }
    let events = table.table.rows.compactMap { row in
      row[offsetAt].number.map { Chart.Event(offset: $0, label: row[labelAt].text) }
    }
    guard !events.isEmpty else { return nil }
    return Chart(
      kind: .timeline, title: table.table.title.map { "\(title): \($0)" } ?? title,
      caption: "Each mark is an event, at its time after the failure (t = 0).",
      x: .init(axis, unit: .seconds), y: .init("", unit: .none), events: events)
  }
}

/// Finds a latency objective such as `p99 < 100 ms` in a table's title or notes, so the
/// percentile chart can draw it without knowing which analysis wrote it.
enum ObjectiveText {
  /// The first objective written in `texts`, as a reference line in seconds.
  static func find(in texts: [String]) -> Chart.Reference? {
    for text in texts {
      if let found = parse(text) { return found }
    }
    return nil
  }

  /// `pNN < Q` (or `<=`) anywhere in `text`, where Q is a time the shell's parser reads.
  static func parse(_ text: String) -> Chart.Reference? {
    let characters = Array(text)
    for start in characters.indices where characters[start] == "p" {
      guard start + 1 < characters.count, characters[start + 1].isNumber,
        start == 0 || !characters[start - 1].isLetter
      else { continue }
      var end = start + 1
      while end < characters.count, characters[end].isNumber || characters[end] == "." {
        end += 1
      }
      let name = String(characters[start..<end])
      let rest = String(characters[end...]).drop { $0 == " " }
      guard rest.hasPrefix("<") else { continue }
      let afterSign = rest.dropFirst(rest.hasPrefix("<=") ? 2 : 1)
      let limitText = afterSign.prefix { !":();,".contains($0) }
        .components(separatedBy: "  ")[0].trimmingCharacters(in: .whitespaces)
      guard let limit = try? Quantity.parse(limitText), limit.dimension == .time,
        limit.value > 0
      else { continue }
      return Chart.Reference(label: "objective \(name) < \(limitText)", value: limit.value)
    }
    return nil
  }
}
