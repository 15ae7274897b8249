import Quantities

extension SweepCommand {
  /// The two-way answer: one table per metric (rows the first parameter's values,
  /// columns the second's), with notes on undefined cells and, per row, where the metric
  /// crosses its objective along the second parameter; the JSON holds one `SweepGrid`
  /// per metric.
  /// - Parameters:
  ///   - plan: what was evaluated.
  ///   - points: the evaluated points, row-major.
  ///   - rows: the first parameter.
  ///   - columns: the second parameter.
  /// - Returns: the tables and the grids.
  static func twoWay(_ plan: Plan, _ points: [Plan.Point], rows: Axis, columns: Axis)
    -> CommandResult
  {
    let width = columns.values.count
    let rowAxis = SweepGrid.Axis(
      address: rows.address.description, values: rows.values.map(\.value),
      labels: rows.values.map(rows.label))
    let columnAxis = SweepGrid.Axis(
      address: columns.address.description, values: columns.values.map(\.value),
      labels: columns.values.map(columns.label))
    var blocks: [CommandResult.Block] = []
    var grids: [SweepGrid] = []
    for (index, metric) in plan.metrics.enumerated() {
      var table = ResultTable(
        title: "sweep \(metric): \(rows.address) from \(rowAxis.labels[0]) to "
          + "\(rowAxis.labels[rowAxis.labels.count - 1]) (rows) by \(columns.address) from "
          + "\(columnAxis.labels[0]) to \(columnAxis.labels[columnAxis.labels.count - 1]) "
          + "(columns)",
        columns: [.init(rows.address.description, alignment: .right, key: "value")]
          + columnAxis.labels.map { .init($0) })
      var numbers: [[Double?]] = []
      var cells: [[String]] = []
      var crossings: [String] = []
      for (row, value) in rows.values.enumerated() {
        let line = points[(row * width)..<(row * width + width)].map { $0.cells[index] }
        table.append([.init(rowAxis.labels[row], number: value.value)] + line.map(\.cell))
        numbers.append(line.map(\.number))
        cells.append(line.map(\.cell.text))
        crossings += Crossing.notes(
          metric: metric, objective: plan.objectives[index],
          limits: points[(row * width)..<(row * width + width)].map { $0.limits[index] },
          values: line.map(\.number), axis: columns,
          prefix: "at \(rows.address) = \(rowAxis.labels[row]): ", onlyCrossings: true)
      }
      if crossings.count > Crossing.mostListed {
        let more = crossings.count - Crossing.mostListed
        crossings = Array(crossings.prefix(Crossing.mostListed)) + ["(\(more) more rows)"]
      }
      table.notes =
        plan.undefinedNotes(points, only: index) + metCount(plan, points, index) + crossings
      blocks.append(.table(table))
      grids.append(
        SweepGrid(
          metric: metric, rows: rowAxis, columns: columnAxis, numbers: numbers, cells: cells,
          objective: plan.objectives[index]?.text))
    }
    return CommandResult(
      blocks: blocks,
      data: .object([
        ("points", .number(Double(points.count))),
        ("grids", .array(grids.map(\.json))),
      ]))
  }

  /// `latency.p99 meets its objective (p99 < 100 ms) at 63 of 121 points`, for a metric
  /// with an objective.
  private static func metCount(_ plan: Plan, _ points: [Plan.Point], _ index: Int) -> [String] {
    guard let objective = plan.objectives[index] else { return [] }
    var met = 0
    var defined = 0
    for point in points {
      guard let value = point.cells[index].number, let limit = point.limits[index] else {
        continue
      }
      defined += 1
      if objective.isMet(objective.margin(value, limit: limit)) { met += 1 }
    }
    return [
      "\(plan.metrics[index]) meets its objective (\(objective.text)) at \(met) of "
        + "\(defined) \(defined == points.count ? "" : "defined ")points"
    ]
  }
}
