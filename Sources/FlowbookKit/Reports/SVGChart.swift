/// Draws a `Chart` as a standalone SVG document, written by hand (no dependency).
///
/// Each chart carries its title, a legend, axes with 1-2-5 ticks, and axis titles with
/// units, so a chart pasted into a review is read without the shell. Output depends only
/// on the chart's numbers and strings: same chart, byte-identical SVG.
///
///     let svg = SVGChart.render(chart)   // "<svg xmlns=…>…</svg>"
public enum SVGChart {
  /// The drawing's width in px; HTML scales it down on narrow pages.
  public static let width = 720.0

  /// The chart as SVG text.
  public static func render(_ chart: Chart) -> String {
    switch chart.kind {
    case .line: return renderLines(chart)
    case .percentiles: return renderPercentiles(chart)
    case .bars, .stackedBars: return renderBars(chart)
    case .timeline: return renderTimeline(chart)
    }
  }

  // MARK: - Shared parts

  /// One legend entry: a colour and how it is drawn.
  struct LegendItem {
    enum Style { case swatch, line, dashed, mark }
    var name: String
    var colour: String
    var style: Style
  }

  /// Draws the title and a wrapping legend; returns the y where the plot may begin.
  static func header(_ chart: Chart, _ canvas: inout SVGCanvas, legend: [LegendItem]) -> Double {
    canvas.text(
      SVGCanvas.fitted(chart.title, width: width - 24, size: 14), x: 12, y: 22,
      size: 14, bold: true)
    var x = 12.0
    var y = 44.0
    for item in legend {
      let name = SVGCanvas.fitted(item.name, width: 260)
      let itemWidth = 22 + SVGCanvas.textWidth(name) + 18
      if x + itemWidth > width - 12 && x > 12 {
        x = 12
        y += 18
      }
      switch item.style {
      case .swatch: canvas.rect(x, y - 9, 12, 10, fill: item.colour)
      case .line: canvas.line(x, y - 4, x + 16, y - 4, stroke: item.colour, width: 2.5)
      case .dashed:
        canvas.line(x, y - 4, x + 16, y - 4, stroke: item.colour, width: 2, dash: "5 3")
      case .mark: canvas.rect(x + 5, y - 11, 2.5, 14, fill: item.colour)
      }
      canvas.text(name, x: x + 20, y: y)
      x += itemWidth
    }
    return legend.isEmpty ? 36 : y + 12
  }

  /// A value axis: the display unit, nice ticks in that unit, and pixel mapping.
  struct ValueAxis {
    var scale: AxisScale
    var ticks: NiceScale
    var unit: ReportUnit

    /// Ticks for `values` (base units) with at most `maxTicks` labels; value axes include
    /// zero so that bars and lines are not exaggerated, x axes need not.
    init(values: [Double], unit: ReportUnit, maxTicks: Int = 6, includeZero: Bool = true) {
      self.unit = unit
      let values = values.filter(\.isFinite)
      let magnitude = values.map(abs).max() ?? 0
      let chosen = AxisScale.choose(unit, magnitude: magnitude)
      scale = chosen
      let shown = values.map { $0 / chosen.divisor }
      var low = shown.min() ?? 0
      var high = shown.max() ?? 1
      if includeZero {
        low = min(0, low)
        high = max(0, high)
      }
      // Whole things (requests, messages) have no fifths: an axis of counts spanning
      // fewer units than ticks steps by 1 (all zeros: 0 and 1, not 0, 0.2 … 1).
      var budget = maxTicks
      let whole = shown.allSatisfy { $0 == $0.rounded() }
      if unit == .count, chosen.divisor == 1, whole, high - low < Double(maxTicks - 1) {
        budget = max(2, Int(high - low) + 1)
      }
      ticks = NiceScale(min: low, max: high, maxTicks: budget)
    }

    /// Maps a base-unit value onto `[from, to]` px.
    func position(_ value: Double, from: Double, to: Double) -> Double {
      let shown = value / scale.divisor
      let span = ticks.upper - ticks.lower
      return from + (to - from) * (span == 0 ? 0 : (shown - ticks.lower) / span)
    }

    /// A tick (in display units) as text: `40 ms`, `$1.5k`, `80%`.
    func tickLabel(_ tick: Double) -> String {
      // Zero has no multiple: `$0` and `0`, not `$0k` and `0.0M`.
      if abs(tick) < ticks.step * 1e-9, ["k", "M", "G"].contains(scale.suffix) {
        return scale.prefix + "0"
      }
      return scale.prefix + NumberText.fixed(tick, decimals: ticks.decimals) + scale.suffix
    }

    /// A data value (base units) as text, to three significant digits.
    ///
    /// A value far below the axis's multiple gets its own (`$1.50`, not `$0.0000015M`
    /// beside a CDN's `$18M`).
    func valueLabel(_ value: Double) -> String {
      var shown = scale
      if value != 0, abs(value / scale.divisor) < 0.1 {
        shown = AxisScale.choose(unit, magnitude: abs(value))
      }
      return shown.prefix + NumberText.significant(value / shown.divisor) + shown.suffix
    }

    /// The axis title with its unit: `latency (ms)`.
    func title(_ label: String) -> String {
      let unit = scale.name
      if label.isEmpty { return unit }
      return unit.isEmpty ? label : "\(label) (\(unit))"
    }

    /// Widest tick label, for the margin beside a vertical axis.
    var labelWidth: Double {
      ticks.ticks.map { SVGCanvas.textWidth(tickLabel($0)) }.max() ?? 0
    }
  }

  /// A vertical value axis on the left of `plot`, with gridlines across it.
  static func drawVerticalAxis(
    _ axis: ValueAxis, title: String, plot: Plot,
    _ canvas: inout SVGCanvas
  ) {
    for tick in axis.ticks.ticks {
      let y = axis.position(tick * axis.scale.divisor, from: plot.bottom, to: plot.top)
      canvas.line(plot.left, y, plot.right, y, stroke: SVGCanvas.grid)
      canvas.line(plot.left - 4, y, plot.left, y)
      canvas.text(axis.tickLabel(tick), x: plot.left - 7, y: y + 4, anchor: "end")
    }
    canvas.line(plot.left, plot.top, plot.left, plot.bottom)
    canvas.text(
      SVGCanvas.fitted(axis.title(title), width: plot.bottom - plot.top), x: 16,
      y: (plot.top + plot.bottom) / 2, anchor: "middle", rotate: true)
  }

  /// A horizontal value axis under `plot`, with vertical gridlines.
  static func drawHorizontalAxis(
    _ axis: ValueAxis, title: String, plot: Plot,
    _ canvas: inout SVGCanvas
  ) {
    for tick in axis.ticks.ticks {
      let x = axis.position(tick * axis.scale.divisor, from: plot.left, to: plot.right)
      canvas.line(x, plot.top, x, plot.bottom, stroke: SVGCanvas.grid)
      canvas.line(x, plot.bottom, x, plot.bottom + 4)
      canvas.text(axis.tickLabel(tick), x: x, y: plot.bottom + 18, anchor: "middle")
    }
    canvas.line(plot.left, plot.bottom, plot.right, plot.bottom)
    canvas.text(
      axis.title(title), x: (plot.left + plot.right) / 2, y: plot.bottom + 38,
      anchor: "middle")
  }

  /// The most ticks whose labels fit side by side across `span` px.
  static func tickBudget(span: Double, widestLabel: Double) -> Int {
    max(2, min(8, Int(span / (widestLabel + 24))))
  }

  /// The plotting rectangle.
  struct Plot {
    var left: Double
    var top: Double
    var right: Double
    var bottom: Double
    var width: Double { right - left }
  }
}
