/// A failover timeline: events at offsets from the failure, one row each.
///
/// Events cluster (detection at t+34 s, DNS change at t+35 s), so each gets its own row
/// and its label sits beside its mark, away from the page edge: labels never overlap,
/// however close the offsets.
extension SVGChart {
  static let timelineRow = 22.0

  static func renderTimeline(_ chart: Chart) -> String {
    var canvas = SVGCanvas(width: width)
    let top = header(chart, &canvas, legend: []) + 8
    let events = chart.events.enumerated()
      .sorted { ($0.element.offset, $0.offset) < ($1.element.offset, $1.offset) }
      .map(\.element)
    let offsets = events.map(\.offset)
    let draft = ValueAxis(values: offsets, unit: .seconds, maxTicks: 8)
    let axis = ValueAxis(
      values: offsets, unit: .seconds,
      maxTicks: tickBudget(span: width - 48, widestLabel: draft.labelWidth))
    let plot = Plot(
      left: 24, top: top, right: width - 24,
      bottom: top + 20 + timelineRow * Double(events.count) + 6)
    drawHorizontalAxis(axis, title: chart.x.label, plot: plot, &canvas)
    let zero = axis.position(0, from: plot.left, to: plot.right)
    canvas.line(zero, plot.top, zero, plot.bottom, stroke: SVGCanvas.alert, width: 2)
    canvas.text(
      "failure (t = 0)", x: zero + 5, y: plot.top + 12, fill: SVGCanvas.alert,
      rotate: false)
    let middle = (plot.left + plot.right) / 2
    for (row, event) in events.enumerated() {
      let y = plot.top + 20 + timelineRow * Double(row) + timelineRow / 2
      let x = axis.position(event.offset, from: plot.left, to: plot.right)
      canvas.line(x, y, x, plot.bottom, stroke: "#999999", dash: "2 3")
      let when = "t+" + axis.valueLabel(event.offset)
      canvas.circle(x, y, r: 5, fill: SVGCanvas.colour(0), title: "\(when): \(event.label)")
      let text = "\(when)  \(event.label)"
      if x <= middle {
        canvas.text(
          SVGCanvas.fitted(text, width: width - 12 - (x + 10)), x: x + 10, y: y + 4,
          halo: true)
      } else {
        canvas.text(
          SVGCanvas.fitted(text, width: x - 10 - 12), x: x - 10, y: y + 4,
          anchor: "end", halo: true)
      }
    }
    canvas.height = plot.bottom + 50
    return canvas.document(title: chart.title, description: chart.caption)
  }
}
