import Quantities

/// Model parameters as names in expressions, and the checks `set` shares with them.
extension Session {
  /// The value at a parameter address, if it is one: a quantity, text, or for a
  /// distribution its mean (so `lambda.cold_start * 2` reads as a time).
  ///
  /// Failing that, a
  /// registered metric by its full name (`latency.p99`), computed on the current model, so
  /// notebook `expect latency.p99 < 100 ms` lines check analysis results.
  func modelValue(named name: String) -> Value? {
    guard let model = workspace.current else { return nil }
    if let full = AnalysisRegistry.standard.headlineMetric(of: name) {
      return metricValue(named: full, in: model)
    }
    guard let address = ParameterAddress(name) else { return nil }
    guard let value = try? model.value(at: address) else {
      return metricValue(named: name, in: model)
    }
    switch value {
    case .quantity(let q): return .quantity(q)
    case .text(let t): return .text(t)
    case .distribution(let d):
      return .quantity(Quantity(exactly: d.mean, .time))
    }
  }
}

extension Session {
  /// Full metric names (`latency.p99`) of every registered analysis.
  var metricNames: [String] {
    workspace.current == nil
      ? []
      : AnalysisRegistry.standard.metricNames + AnalysisRegistry.standard.textMetricNames
        + AnalysisRegistry.standard.headlineNames
  }

  /// A quantity metric, or a text metric (`capacity.first_limit`) as text.
  private func metricValue(named name: String, in model: PathModel) -> Value? {
    let registry = AnalysisRegistry.standard
    if registry.textMetric(named: name) != nil {
      return (try? registry.evaluateText(named: name, model)).map(Value.text)
    }
    guard registry.metricNames.contains(name),
      let value = try? registry.evaluate([name], model).first
    else { return nil }
    return .quantity(value.value)
  }
}
