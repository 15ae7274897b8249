/// Horizontal bar charts: one bar per category (per-hop budget, cost per component),
/// grouped when there are several series, stacked for parts of a whole.
///
/// Bars run horizontally because categories are names (`lambda · redis miss`) that need
/// room to be read; values are also printed in a column on the right, so a reader need
/// not estimate a bar's length against the grid.
extension SVGChart {
  static func renderBars(_ chart: Chart) -> String {
    var canvas = SVGCanvas(width: width)
    let stacked = chart.kind == .stackedBars
    var legend = chart.series.enumerated().map { index, series in
      LegendItem(name: series.name, colour: SVGCanvas.colour(index), style: .swatch)
    }
    if let markerLabel = chart.markerLabel {
      legend.append(LegendItem(name: markerLabel, colour: SVGCanvas.ink, style: .mark))
    }
    let top = header(chart, &canvas, legend: legend) + 10
    let labels = chart.categories.map { SVGCanvas.fitted($0, width: 190) }
    let labelWidth = labels.map { SVGCanvas.textWidth($0) }.max() ?? 0
    let left = 20 + labelWidth
    let right = width - 84
    let draft = ValueAxis(values: chart.plottedValues, unit: chart.y.unit, maxTicks: 8)
    let axis = ValueAxis(
      values: chart.plottedValues, unit: chart.y.unit,
      maxTicks: tickBudget(span: right - left, widestLabel: draft.labelWidth))
    let grouped = stacked ? 1 : chart.series.count
    let barHeight = grouped == 1 ? 18.0 : 14.0
    let pitch = barHeight * Double(grouped) + 10
    let plot = Plot(
      left: left, top: top, right: right,
      bottom: top + pitch * Double(chart.categories.count) + 4)
    drawHorizontalAxis(axis, title: chart.y.label, plot: plot, &canvas)
    let zero = axis.position(0, from: plot.left, to: plot.right)
    for (row, label) in labels.enumerated() {
      let y = plot.top + 6 + pitch * Double(row)
      canvas.text(
        label, x: plot.left - 8, y: y + barHeight * Double(grouped) / 2 + 4,
        anchor: "end")
      if stacked {
        drawStack(chart, row: row, y: y, height: barHeight, axis: axis, plot: plot, &canvas)
      } else {
        let gap = row < chart.annotations.count ? chart.annotations[row] : nil
        for (index, series) in chart.series.enumerated() {
          let barY = y + barHeight * Double(index)
          guard row < series.values.count, let value = series.values[row] else {
            if let gap { drawGap(gap, value: nil, at: zero, barY, barHeight, plot, &canvas) }
            continue
          }
          let end = axis.position(value, from: plot.left, to: plot.right)
          canvas.rect(
            min(zero, end), barY, abs(end - zero), barHeight - 1,
            fill: SVGCanvas.colour(index),
            title: "\(chart.categories[row]) \(series.name): \(axis.valueLabel(value))")
          if let gap {
            drawGap(gap, value: axis.valueLabel(value), at: end, barY, barHeight, plot, &canvas)
          } else {
            canvas.text(axis.valueLabel(value), x: plot.right + 10, y: barY + barHeight / 2 + 3)
          }
        }
      }
      if row < chart.markers.count, let mark = chart.markers[row] {
        let x = axis.position(mark, from: plot.left, to: plot.right)
        canvas.rect(
          x - 1.25, y - 3, 2.5, barHeight * Double(grouped) + 6, fill: SVGCanvas.ink,
          title: "\(chart.categories[row]) \(chart.markerLabel ?? ""): "
            + axis.valueLabel(mark))
      }
    }
    canvas.line(zero, plot.top, zero, plot.bottom)
    canvas.height = plot.bottom + 50
    return canvas.document(title: chart.title, description: chart.caption)
  }

  /// Marks a bar whose figure leaves usage unpriced: `?` (or `$16.43 + ?`) in the value
  /// column, and the reason beside the bar's end, so it never reads as $0.
  private static func drawGap(
    _ gap: String, value: String?, at x: Double, _ y: Double, _ height: Double, _ plot: Plot,
    _ canvas: inout SVGCanvas
  ) {
    let shown = value.map { $0 + " + ?" } ?? "?"
    canvas.text(shown, x: plot.right + 10, y: y + height / 2 + 3, fill: SVGCanvas.alert)
    let room = max(40, plot.right - (x + 6) - 4)
    canvas.text(
      SVGCanvas.fitted(gap, width: room), x: x + 6, y: y + height / 2 + 3,
      fill: SVGCanvas.alert, halo: true)
  }

  /// One stacked bar: each series a segment, the total printed on the right.
  private static func drawStack(
    _ chart: Chart, row: Int, y: Double, height: Double, axis: ValueAxis, plot: Plot,
    _ canvas: inout SVGCanvas
  ) {
    var total = 0.0
    for (index, series) in chart.series.enumerated() {
      guard row < series.values.count, let value = series.values[row], value > 0 else {
        continue
      }
      let start = axis.position(total, from: plot.left, to: plot.right)
      total += value
      let end = axis.position(total, from: plot.left, to: plot.right)
      canvas.rect(
        start, y, end - start, height - 1, fill: SVGCanvas.colour(index),
        title: "\(chart.categories[row]) \(series.name): \(axis.valueLabel(value))")
    }
    canvas.text(axis.valueLabel(total), x: plot.right + 10, y: y + height / 2 + 3)
  }
}
