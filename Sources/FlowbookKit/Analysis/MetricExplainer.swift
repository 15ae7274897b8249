import Quantities

/// Derivations of the registry's metrics: what `explain METRIC` prints.
///
/// Each analysis has an explainer that runs the same report its registry entry's
/// `evaluate` runs (`PathLatency.report`, `CostAnalysis.totals`, `CapacityAnalysis.report`
/// …) and reaches the metric from that report's parts: route distributions, bill lines,
/// limits, tiers. The value an explanation reaches is therefore the metric's value, which
/// `MetricExplainerTests` checks for every registered metric.
public enum MetricExplainer {
  /// The explanation of `name` (`latency.p99`, `p99`, `capacity.first_limit`) for `model`.
  ///
  /// - Parameters:
  ///   - name: a metric or text metric of `registry`.
  ///   - model: the model to explain it on.
  ///   - registry: the analyses to look the name up in.
  /// - Returns: the formula, inputs with their sources, the steps and the value.
  /// - Throws: a diagnostic for an unknown name (with the nearest ones) or when the
  ///   analysis cannot answer on this model.
  public static func explain(
    _ name: String, model: PathModel, registry: AnalysisRegistry = .standard
  ) throws(Diagnostic) -> MetricExplanation {
    if let (analysis, index) = registry.textMetric(named: name) {
      let spec = analysis.textMetrics[index]
      return try explain(analysis, metric: spec.name, meaning: spec.meaning, model: model)
    }
    let analysis: AnalysisDefinition
    let index: Int
    do {
      (analysis, index) = try registry.metric(named: name)
    } catch {
      throw Diagnostic(
        error.message,
        suggestions: Suggestion.nearest(
          to: name, among: registry.metricNames + registry.textMetricNames))
    }
    let spec = analysis.metrics[index]
    var explanation = try explain(
      analysis, metric: spec.name, meaning: spec.meaning, model: model)
    if var value = explanation.value, value.display == nil {
      value.display = spec.display
      explanation.value = value
    }
    return explanation
  }

  private static func explain(
    _ analysis: AnalysisDefinition, metric: String, meaning: String, model: PathModel
  ) throws(Diagnostic) -> MetricExplanation {
    var out = MetricExplanation(
      metric: "\(analysis.name).\(metric)", meaning: meaning, formula: [])
    do {
      switch analysis.name {
      case "latency": try LatencyExplainer.explain(metric, model, &out)
      case "cost": try CostExplainer.explain(metric, model, &out)
      case "capacity": try CapacityExplainer.explain(metric, model, &out)
      case "cache": try CacheExplainer.explain(metric, model, &out)
      case "queue": try QueueExplainer.explain(metric, model, &out)
      case "failover": try FailoverExplainer.explain(metric, model, &out)
      case "simulate": try SimulationExplainer.explain(metric, model, &out)
      case "availability": try AvailabilityExplainer.explain(metric, model, &out)
      default:
        throw Diagnostic(
          "\(analysis.name) has no explainer yet; its metrics are listed by diff")
      }
    } catch {
      let inner = Diagnostic.from(error)
      throw Diagnostic(
        "\(analysis.name): \(inner.message)", notes: inner.notes,
        suggestions: inner.suggestions)
    }
    return out
  }

  /// Every analysis name with an explainer; a test holds this to the registry.
  static let explained: Set<String> = [
    "latency", "cost", "capacity", "cache", "queue", "failover", "simulate", "availability",
  ]
}

// MARK: - Sources

/// Where the figures of an explanation come from, worded for people.
enum ExplainSource {
  /// The source of a parameter: the comment beside it in the model file (a seed line, an
  /// AWS page, "assumed: …"), "set in this session", or flowbook's default.
  ///
  /// - Parameters:
  ///   - parameter: the parameter, or nil when the model leaves it out.
  ///   - kind: the component kind whose schema supplies defaults.
  ///   - file: the model file, for figures written there without a comment.
  /// - Returns: the source text.
  static func origin(_ parameter: Parameter?, kind: String, file: String) -> String {
    guard let parameter else { return "assumed: not in the model (flowbook's \(kind) default)" }
    switch parameter.origin {
    case nil, "":
      return "written in \(file) without a source"
    case "default":
      return "assumed: flowbook's default for a \(kind)"
    case "set":
      return "set in this session"
    case let text?:
      return text
    }
  }

  /// Adds a component parameter to `explanation`'s inputs, with its source.
  ///
  /// - Parameters:
  ///   - component: the component.
  ///   - name: the parameter's name.
  ///   - model: the model, for its file name.
  ///   - explanation: where to add it.
  static func add(
    _ component: Component, _ name: String, _ model: PathModel,
    to explanation: inout MetricExplanation
  ) {
    guard let value = component[name] else { return }
    explanation.input(
      "\(component.name).\(name)", value.formatted,
      origin(component.parameter(name), kind: component.kind.rawValue, file: model.file))
  }

  /// Adds a workload parameter (`workload.rate`) to `explanation`'s inputs.
  ///
  /// - Parameters:
  ///   - name: the workload parameter's name.
  ///   - model: the model.
  ///   - explanation: where to add it.
  static func addWorkload(
    _ name: String, _ model: PathModel, to explanation: inout MetricExplanation
  ) {
    guard let parameter = model.workload.parameters.first(where: { $0.name == name }) else {
      return
    }
    explanation.input(
      "workload.\(name)", parameter.value.formatted,
      origin(parameter, kind: "workload", file: model.file))
  }

  /// A catalog figure's source: `AWS: URL (as of DATE, confidence A)`.
  ///
  /// - Parameter provenance: the figure's provenance.
  /// - Returns: the source text.
  static func catalog(_ provenance: Provenance) -> String {
    if provenance.asOf == "model" { return provenance.source + " (the model's figure)" }
    let who = provenance.confidence == .secondary ? "quoted from" : "AWS:"
    var text = "\(who) \(provenance.source) (as of \(provenance.asOf)"
    text += ", confidence \(provenance.confidence.rawValue))"
    if provenance.status == .unconfirmed { text += "; unconfirmed, no value" }
    return text
  }

  /// Adds every component parameter a path reads for latency, in path order: hop
  /// latencies (and a function's start-up times), branch shares, fan-out counts, retry
  /// timeouts and attempts.
  ///
  /// - Parameters:
  ///   - node: the path (or part of it) to walk.
  ///   - model: the model.
  ///   - explanation: where to add the inputs.
  static func addPath(
    _ node: PathNode, _ model: PathModel, to explanation: inout MetricExplanation
  ) {
    switch node {
    case .hop(let hop):
      guard let component = model.component(named: hop.component) else { return }
      add(component, "latency", model, to: &explanation)
      if component.kind == .function {
        for name in ["warm_start", "cold_start"] { add(component, name, model, to: &explanation) }
      }
    case .series(let steps):
      for step in steps { addPath(step, model, to: &explanation) }
    case .branch(let arms):
      for arm in arms {
        if case .value(.parameter(let address)) = arm.probability {
          addAddress(address, model, to: &explanation)
        }
        addPath(arm.node, model, to: &explanation)
      }
    case .parallel(let fanOut):
      if case .parameter(let address) = fanOut.count {
        addAddress(address, model, to: &explanation)
      }
      addPath(fanOut.node, model, to: &explanation)
    case .retry(let retry):
      for value in [retry.timeout, retry.attempts] {
        if case .parameter(let address) = value { addAddress(address, model, to: &explanation) }
      }
      addPath(retry.node, model, to: &explanation)
    }
  }

  /// Adds the parameter at `address` to the inputs.
  ///
  /// - Parameters:
  ///   - address: a component or workload parameter's address.
  ///   - model: the model.
  ///   - explanation: where to add it.
  static func addAddress(
    _ address: ParameterAddress, _ model: PathModel, to explanation: inout MetricExplanation
  ) {
    if address.component == ParameterAddress.workloadName {
      addWorkload(address.parameter, model, to: &explanation)
    } else if let component = model.component(named: address.component) {
      add(component, address.parameter, model, to: &explanation)
    }
  }
}
