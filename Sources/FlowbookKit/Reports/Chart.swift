/// A chart as data: what to plot and how to label it, with no pixels in it.
///
/// `ChartMapping` builds charts from result tables; `SVGChart` draws them. Keeping the
/// two apart lets the mapping be tested on numbers and the drawing on layout, and lets a
/// future medium (a terminal sparkline) draw the same charts.
public struct Chart: Sendable, Hashable {
  public enum Kind: String, Sendable, Hashable, CaseIterable {
    /// One or more series over time or over a swept parameter.
    case line
    /// One horizontal bar per category (per-hop budget, cost per component).
    case bars
    /// Horizontal bars split into parts (fixed and variable cost).
    case stackedBars = "stacked-bars"
    /// Percentiles (p50 … p99.9) as points per series, against an objective line.
    case percentiles
    /// Events at offsets from a failure (t+ seconds).
    case timeline
  }

  /// One axis: what it measures and in which base unit.
  public struct Axis: Sendable, Hashable {
    public var label: String
    public var unit: ReportUnit

    public init(_ label: String, unit: ReportUnit) {
      self.label = label
      self.unit = unit
    }
  }

  /// A named run of values.
  ///
  /// For categorical kinds, `values[i]` belongs to `categories[i]`; for line charts,
  /// `x[i]` pairs with `values[i]`. A nil value is not drawn.
  public struct Series: Sendable, Hashable {
    public var name: String
    public var x: [Double]
    public var values: [Double?]

    public init(name: String, x: [Double] = [], values: [Double?]) {
      self.name = name
      self.x = x
      self.values = values
    }
  }

  /// A horizontal line a reader measures the data against (an SLO, a limit).
  public struct Reference: Sendable, Hashable {
    public var label: String
    public var value: Double

    public init(label: String, value: Double) {
      self.label = label
      self.value = value
    }
  }

  /// A timeline event.
  public struct Event: Sendable, Hashable {
    /// Seconds after the failure.
    public var offset: Double
    public var label: String

    public init(offset: Double, label: String) {
      self.offset = offset
      self.label = label
    }
  }

  public var kind: Kind
  public var title: String
  /// One sentence saying how to read the chart, printed under it.
  public var caption: String
  /// The category axis of bar and percentile charts, the x axis of line charts.
  public var x: Axis
  /// The value axis.
  public var y: Axis
  public var categories: [String]
  public var series: [Series]
  /// Per category, a marker drawn across the bar (a hop's budget).
  public var markers: [Double?]
  public var markerLabel: String?
  public var reference: Reference?
  public var events: [Event]
  /// Bars: per category, why its figure is incomplete (`unpriced: Task-hours`), drawn
  /// beside the bar; nil for a complete figure.
  public var annotations: [String?] = []

  public init(
    kind: Kind, title: String, caption: String = "", x: Axis, y: Axis,
    categories: [String] = [], series: [Series] = [], markers: [Double?] = [],
    markerLabel: String? = nil, reference: Reference? = nil, events: [Event] = []
  ) {
    self.kind = kind
    self.title = title
    self.caption = caption
    self.x = x
    self.y = y
    self.categories = categories
    self.series = series
    self.markers = markers
    self.markerLabel = markerLabel
    self.reference = reference
    self.events = events
  }

  /// Every finite value the chart plots on its value axis, references included.
  var plottedValues: [Double] {
    var values = series.flatMap { $0.values.compactMap { $0 } }
    if kind == .stackedBars {
      values = categories.indices.map { index in
        series.compactMap { index < $0.values.count ? $0.values[index] : nil }.reduce(0, +)
      }
    }
    values += markers.compactMap { $0 }
    if let reference { values.append(reference.value) }
    if kind == .timeline { values = events.map(\.offset) }
    return values.filter(\.isFinite)
  }
}
