import Quantities

/// The one table of analyses that reduce a model to named numbers: what `diff`, `sweep`
/// and notebook `expect` lines read.
///
/// **Contract for a new analysis** (cost, capacity, cache, queue…): declare an
/// `AnalysisDefinition` with a unique `name`, the `metrics` it produces (each a name, a
/// dimension and a meaning), and `evaluate`, a pure function of the model that returns one
/// `Quantity` per declared metric, in declaration order and with the declared dimension.
/// Append it to `AnalysisRegistry.standard`. Nothing else changes: `diff` shows its
/// metrics beside the baseline's, `sweep … show cost.per_million` tabulates it, and
/// `expect cost.per_million < $5` can check it. Metrics are addressed `analysis.metric`
/// (`latency.p99`); a metric name that only one analysis uses may be written alone (`p99`).
/// `evaluate` throws a `Diagnostic` (without span) when the model lacks something it needs,
/// naming the parameter (e.g. "cost needs lambda.memory"). An analysis that names things
/// (the first limit to break) declares `textMetrics` and `evaluateText` too: `expect` reads
/// them as text (`expect capacity.first_limit == "apigateway.throttle"`) and `diff` lists
/// them under the numbers.
public struct AnalysisDefinition: Sendable {
  public var name: String
  public var summary: String
  public var metrics: [MetricSpec]
  public var evaluate: @Sendable (PathModel) throws -> [Quantity]
  /// Metrics whose value is a name, not a number (`capacity.first_limit`); see
  /// `TextMetricSpec`.
  ///
  /// Empty for most analyses.
  public var textMetrics: [TextMetricSpec]
  /// One string per text metric, in declaration order; nil when there are none.
  public var evaluateText: (@Sendable (PathModel) throws -> [String])?

  /// Whether `diff` (`evaluateAll`) runs it.
  ///
  /// False for analyses too slow to run on every
  /// `diff` (the `simulate` analysis re-runs a simulation); they run when named (`sweep
  /// … show simulate.recovered`, `expect simulate.ok > 99%`).
  public var evaluatedByDefault: Bool
  /// The metric the analysis's bare name stands for in expressions, if any: with
  /// `headline = "path"`, `expect availability >= 99.95%` reads `availability.path`.
  public var headline: String?

  public init(
    name: String, summary: String, metrics: [MetricSpec],
    evaluatedByDefault: Bool = true,
    evaluate: @escaping @Sendable (PathModel) throws -> [Quantity]
  ) {
    self.evaluatedByDefault = evaluatedByDefault
    self.name = name
    self.summary = summary
    self.metrics = metrics
    self.evaluate = evaluate
    self.textMetrics = []
    self.evaluateText = nil
  }

  /// An analysis that also names things: `evaluateText` returns one string per text metric.
  public init(
    name: String, summary: String, metrics: [MetricSpec],
    textMetrics: [TextMetricSpec],
    evaluate: @escaping @Sendable (PathModel) throws -> [Quantity],
    evaluateText: @escaping @Sendable (PathModel) throws -> [String]
  ) {
    self.init(name: name, summary: summary, metrics: metrics, evaluate: evaluate)
    self.textMetrics = textMetrics
    self.evaluateText = evaluateText
  }
}

/// A metric whose value is text: the name of the limit that breaks first, the components
/// left unpriced.
///
/// Why a separate list rather than a case of `MetricSpec`: every quantity metric has a
/// dimension, a display unit and a numeric change in `diff`, and the code that reads them
/// (`sweep`, reports, charts) stays as it is. Text metrics are read by name the same way
/// (`expect capacity.first_limit == "apigateway.throttle"`), and `diff` lists them under
/// the numbers with "changed" or "same".
public struct TextMetricSpec: Sendable, Hashable {
  public var name: String
  public var meaning: String

  public init(_ name: String, _ meaning: String) {
    self.name = name
    self.meaning = meaning
  }
}

/// A text metric's value with its full name.
public struct TextMetricValue: Sendable, Hashable {
  /// `analysis.metric`, such as `capacity.first_limit`.
  public var name: String
  public var value: String
}

/// One number an analysis produces.
public struct MetricSpec: Sendable, Hashable {
  public var name: String
  public var dimension: PhysicalDimension
  public var meaning: String
  /// How to print it when the value carries no display unit (such as `ms`).
  public var display: DisplayUnit?

  public init(
    _ name: String, _ dimension: PhysicalDimension, _ meaning: String,
    display: DisplayUnit? = nil
  ) {
    self.name = name
    self.dimension = dimension
    self.meaning = meaning
    self.display = display
  }
}

/// A metric's value with its full name.
public struct MetricValue: Sendable, Hashable {
  /// `analysis.metric`, such as `latency.p99`.
  public var name: String
  public var value: Quantity
}

public struct AnalysisRegistry: Sendable {
  public private(set) var analyses: [AnalysisDefinition]

  public init(_ analyses: [AnalysisDefinition]) {
    var seen = Set<String>()
    for analysis in analyses {
      precondition(
        seen.insert(analysis.name).inserted,
        "analysis \(analysis.name) registered twice")
    }
    self.analyses = analyses
  }

  /// Every analysis flowbook ships; later analyses append themselves here.
  public static let standard = AnalysisRegistry([
    PathLatency.definition,
    CostAnalysis.definition,
    CapacityAnalysis.definition,
    CacheAnalysis.definition,
    QueueAnalysis.definition,
    FailoverAnalysis.definition,
    SimulationAnalysis.definition,
    AvailabilityAnalysis.definition,
  ])

  /// The full metric name a bare analysis name stands for (`availability` →
  /// `availability.path`), when that analysis declares a headline metric.
  public func headlineMetric(of name: String) -> String? {
    guard let analysis = analyses.first(where: { $0.name == name }),
      let headline = analysis.headline
    else { return nil }
    return "\(analysis.name).\(headline)"
  }

  /// Bare analysis names that stand for a metric, for completion and suggestions.
  public var headlineNames: [String] {
    analyses.compactMap { $0.headline == nil ? nil : $0.name }
  }

  /// Every metric's full name, in registry order.
  public var metricNames: [String] {
    analyses.flatMap { analysis in analysis.metrics.map { "\(analysis.name).\($0.name)" } }
  }

  /// The (analysis, metric index) a name denotes: `latency.p99`, or `p99` when unique.
  /// - Throws: a diagnostic with the nearest metric names.
  public func metric(named name: String) throws(Diagnostic) -> (AnalysisDefinition, Int) {
    var matches: [(AnalysisDefinition, Int)] = []
    for analysis in analyses {
      for (index, metric) in analysis.metrics.enumerated()
      where name == "\(analysis.name).\(metric.name)" || name == metric.name {
        matches.append((analysis, index))
      }
    }
    guard matches.count == 1, let match = matches.first else {
      let problem =
        matches.isEmpty
        ? "no metric named '\(name)'"
        : "'\(name)' is a metric of several analyses; write analysis.\(name)"
      throw Diagnostic(problem, suggestions: Suggestion.nearest(to: name, among: metricNames))
    }
    return match
  }

  /// Every metric of every analysis for `model`, in registry order.
  /// - Throws: the first analysis's diagnostic, prefixed with its name.
  public func evaluateAll(_ model: PathModel) throws(Diagnostic) -> [MetricValue] {
    var out: [MetricValue] = []
    for analysis in analyses where analysis.evaluatedByDefault {
      out += try evaluate(analysis, model)
    }
    return out
  }

  /// The named metrics for `model`, running each analysis at most once.
  public func evaluate(_ names: [String], _ model: PathModel) throws(Diagnostic) -> [MetricValue] {
    var cache: [String: [MetricValue]] = [:]
    var out: [MetricValue] = []
    for name in names {
      let (analysis, index) = try metric(named: name)
      if cache[analysis.name] == nil { cache[analysis.name] = try evaluate(analysis, model) }
      if let values = cache[analysis.name] { out.append(values[index]) }
    }
    return out
  }

  /// One analysis's quantity and text metrics for `model`, or why it cannot run: what
  /// `diff` uses, so a model without (say) a request rate still shows its latency.
  public func evaluate(_ analysis: AnalysisDefinition, on model: PathModel)
    -> Result<([MetricValue], [TextMetricValue]), Diagnostic>
  {
    do {
      return .success((try evaluate(analysis, model), try evaluateText(analysis, model)))
    } catch {
      return .failure(error)
    }
  }

  // MARK: - Text metrics

  /// Every text metric's full name (`capacity.first_limit`), in registry order.
  public var textMetricNames: [String] {
    analyses.flatMap { analysis in analysis.textMetrics.map { "\(analysis.name).\($0.name)" } }
  }

  /// The text metric called `name` (full name only: text metrics are few and named
  /// deliberately), with its analysis; nil if there is none.
  public func textMetric(named name: String) -> (AnalysisDefinition, Int)? {
    for analysis in analyses {
      for (index, metric) in analysis.textMetrics.enumerated()
      where name == "\(analysis.name).\(metric.name)" {
        return (analysis, index)
      }
    }
    return nil
  }

  /// Every text metric of every analysis for `model`, in registry order.
  /// - Throws: the first analysis's diagnostic, prefixed with its name.
  public func evaluateAllText(_ model: PathModel) throws(Diagnostic) -> [TextMetricValue] {
    var out: [TextMetricValue] = []
    for analysis in analyses where !analysis.textMetrics.isEmpty {
      out += try evaluateText(analysis, model)
    }
    return out
  }

  /// The text metric called `name` for `model`.
  /// - Throws: a diagnostic if there is no such metric or the analysis fails.
  public func evaluateText(named name: String, _ model: PathModel) throws(Diagnostic) -> String {
    guard let (analysis, index) = textMetric(named: name) else {
      throw Diagnostic(
        "no text metric named '\(name)'",
        suggestions: Suggestion.nearest(to: name, among: textMetricNames))
    }
    return try evaluateText(analysis, model)[index].value
  }

  /// Runs an analysis's function, prefixing any error with the analysis's name, so a
  /// `diff` or `sweep` over many analyses says which one could not answer.
  private static func naming<Value>(
    _ analysis: AnalysisDefinition, _ body: () throws -> Value
  ) throws(Diagnostic) -> Value {
    do {
      return try body()
    } catch {
      let inner = Diagnostic.from(error)
      throw Diagnostic(
        "\(analysis.name): \(inner.message)", notes: inner.notes,
        suggestions: inner.suggestions)
    }
  }

  private func evaluateText(_ analysis: AnalysisDefinition, _ model: PathModel)
    throws(Diagnostic) -> [TextMetricValue]
  {
    guard let evaluateText = analysis.evaluateText else { return [] }
    let values = try Self.naming(analysis) { try evaluateText(model) }
    precondition(
      values.count == analysis.textMetrics.count,
      "analysis \(analysis.name) returned \(values.count) of "
        + "\(analysis.textMetrics.count) text metrics")
    return zip(analysis.textMetrics, values).map { spec, value in
      TextMetricValue(name: "\(analysis.name).\(spec.name)", value: value)
    }
  }

  func evaluate(_ analysis: AnalysisDefinition, _ model: PathModel) throws(Diagnostic)
    -> [MetricValue]
  {
    let values = try Self.naming(analysis) { try analysis.evaluate(model) }
    precondition(
      values.count == analysis.metrics.count,
      "analysis \(analysis.name) returned \(values.count) of "
        + "\(analysis.metrics.count) metrics")
    return zip(analysis.metrics, values).map { spec, value in
      precondition(
        value.dimension == spec.dimension,
        "\(analysis.name).\(spec.name) has dimension \(value.dimension), "
          + "not \(spec.dimension)")
      var shown = value
      if shown.display == nil { shown.display = spec.display }
      return MetricValue(name: "\(analysis.name).\(spec.name)", value: shown)
    }
  }
}
