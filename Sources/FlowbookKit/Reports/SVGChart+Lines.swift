/// Charts with a vertical value axis: lines over time or a swept parameter, and
/// percentiles against an objective.
extension SVGChart {
  static let plotHeight = 240.0
  /// One series over time is one of several small charts (a simulation's rate, p99,
  /// queue…): shorter, so they read together on a page.
  static let smallPlotHeight = 170.0

  // MARK: - Line

  static func renderLines(_ chart: Chart) -> String {
    var canvas = SVGCanvas(width: width)
    var legend =
      chart.series.count < 2
      ? []
      : chart.series.enumerated().map { index, series in
        LegendItem(name: series.name, colour: SVGCanvas.colour(index), style: .line)
      }
    if let reference = chart.reference {
      legend.append(LegendItem(name: reference.label, colour: SVGCanvas.alert, style: .dashed))
    }
    let top = header(chart, &canvas, legend: legend) + 8
    var values = chart.series.flatMap { $0.values.compactMap { $0 } }
    if let reference = chart.reference { values.append(reference.value) }
    let yAxis = ValueAxis(values: values, unit: chart.y.unit)
    let height = chart.series.count == 1 ? smallPlotHeight : plotHeight
    let plot = Plot(
      left: 34 + yAxis.labelWidth, top: top, right: width - 28,
      bottom: top + height)
    let xs = chart.series.flatMap(\.x)
    let draft = ValueAxis(values: xs, unit: chart.x.unit, maxTicks: 8, includeZero: false)
    let xAxis = ValueAxis(
      values: xs, unit: chart.x.unit,
      maxTicks: tickBudget(span: plot.width, widestLabel: draft.labelWidth),
      includeZero: false)
    drawVerticalAxis(yAxis, title: chart.y.label, plot: plot, &canvas)
    drawHorizontalAxis(xAxis, title: chart.x.label, plot: plot, &canvas)
    if let reference = chart.reference {
      drawReference(reference, yAxis, plot, &canvas)
    }
    for (index, series) in chart.series.enumerated() {
      let colour = SVGCanvas.colour(index)
      var run: [(Double, Double)] = []
      var points: [(Double, Double, String)] = []
      for (x, value) in zip(series.x, series.values) {
        guard let value else {
          canvas.polyline(run, stroke: colour)
          run = []
          continue
        }
        let point = (
          xAxis.position(x, from: plot.left, to: plot.right),
          yAxis.position(value, from: plot.bottom, to: plot.top)
        )
        run.append(point)
        points.append(
          (
            point.0, point.1,
            "\(series.name) at \(xAxis.valueLabel(x)): \(yAxis.valueLabel(value))"
          ))
      }
      canvas.polyline(run, stroke: colour)
      if points.count <= 40 {
        for point in points {
          canvas.circle(point.0, point.1, r: 3, fill: colour, title: point.2)
        }
      }
    }
    canvas.height = plot.bottom + 50
    return canvas.document(title: chart.title, description: chart.caption)
  }

  // MARK: - Percentiles

  static func renderPercentiles(_ chart: Chart) -> String {
    var canvas = SVGCanvas(width: width)
    var legend = chart.series.enumerated().map { index, series in
      LegendItem(name: series.name, colour: SVGCanvas.colour(index), style: .line)
    }
    if let reference = chart.reference {
      legend.append(LegendItem(name: reference.label, colour: SVGCanvas.alert, style: .dashed))
    }
    let top = header(chart, &canvas, legend: legend) + 8
    var values = chart.series.flatMap { $0.values.compactMap { $0 } }
    if let reference = chart.reference { values.append(reference.value) }
    let yAxis = ValueAxis(values: values, unit: chart.y.unit)
    let plot = Plot(
      left: 34 + yAxis.labelWidth, top: top, right: width - 28,
      bottom: top + plotHeight)
    drawVerticalAxis(yAxis, title: chart.y.label, plot: plot, &canvas)
    canvas.line(plot.left, plot.bottom, plot.right, plot.bottom)
    let band = plot.width / Double(max(1, chart.categories.count))
    func centre(_ index: Int) -> Double { plot.left + band * (Double(index) + 0.5) }
    for (index, category) in chart.categories.enumerated() {
      canvas.line(centre(index), plot.bottom, centre(index), plot.bottom + 4)
      canvas.text(category, x: centre(index), y: plot.bottom + 18, anchor: "middle")
    }
    canvas.text(
      chart.x.label, x: (plot.left + plot.right) / 2, y: plot.bottom + 38,
      anchor: "middle")
    if let reference = chart.reference {
      drawReference(reference, yAxis, plot, &canvas)
    }
    // Drawn last-first, so the first series (end to end) lies on top.
    for (index, series) in chart.series.enumerated().reversed() {
      let colour = SVGCanvas.colour(index)
      let main = index == 0
      let points = series.values.enumerated().compactMap { item -> (Int, Double, Double)? in
        guard let value = item.element else { return nil }
        return (
          item.offset, centre(item.offset),
          yAxis.position(value, from: plot.bottom, to: plot.top)
        )
      }
      canvas.polyline(points.map { ($0.1, $0.2) }, stroke: colour, width: main ? 3 : 1.75)
      for point in points {
        let value = series.values[point.0] ?? 0
        let label = "\(series.name) \(chart.categories[point.0]): \(yAxis.valueLabel(value))"
        canvas.circle(point.1, point.2, r: main ? 4.5 : 3, fill: colour, title: label)
        if main {
          canvas.text(
            yAxis.valueLabel(value), x: point.1 - 7, y: point.2 - 8, anchor: "end",
            bold: true, fill: colour, halo: true)
        }
      }
    }
    canvas.height = plot.bottom + 50
    return canvas.document(title: chart.title, description: chart.caption)
  }

  /// A dashed objective line across the plot, labelled at its left end.
  private static func drawReference(
    _ reference: Chart.Reference, _ axis: ValueAxis, _ plot: Plot, _ canvas: inout SVGCanvas
  ) {
    let y = axis.position(reference.value, from: plot.bottom, to: plot.top)
    canvas.line(plot.left, y, plot.right, y, stroke: SVGCanvas.alert, width: 2, dash: "6 4")
    canvas.text(reference.label, x: plot.left + 6, y: y - 6, fill: SVGCanvas.alert, halo: true)
  }
}
