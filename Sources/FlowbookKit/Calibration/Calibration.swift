import Quantities

/// How a telemetry file's resources become the model's components, and what to fit.
public struct CalibrationOptions: Sendable {
  /// `as NAME=COMPONENT`: a resource (FunctionName, segment name…) to a component.
  public var mapping: [String: String] = [:]
  /// `as COMPONENT`: for the resources that match no component by name.
  public var fallback: String?
  /// `fit lognormal|empirical` for sample data; nil lets the data decide.
  public var method: LatencyFit.Method?

  public init(
    mapping: [String: String] = [:], fallback: String? = nil, method: LatencyFit.Method? = nil
  ) {
    self.mapping = mapping
    self.fallback = fallback
    self.method = method
  }
}

/// What one telemetry file says about the model: latency fits, the workload's rate and
/// shape, and observations to compare with the model's answers.
///
/// Resources map to components by name: `as NAME=COMPONENT` first, then a component whose
/// name or label equals the resource's (ignoring case and punctuation: `api-lambda` is
/// `api_lambda`), then a unique component whose name ends the resource's
/// (`serverless-burst-consumer` is `consumer`), then `as COMPONENT`.
public struct Calibration: Sendable {
  /// A latency distribution to set.
  public struct LatencyChange: Sendable {
    public var component: String
    /// The data it came from: `Duration of consumer`.
    public var source: String
    public var fit: LatencyFit
  }

  /// The workload's rate and shape, measured at one component.
  public struct WorkloadChange: Sendable {
    /// Where the requests were counted.
    public var component: String
    public var source: String
    /// Executions there per request on the path (branch shares, batches).
    public var executionsPerRequest: Double
    /// The path's rate series (the component's divided by executions per request).
    public var series: RateSeries
    /// How long the rate stays within 10 % of its peak, in seconds (one period at least).
    public var peakDuration: Double
  }

  /// A measurement no parameter takes, reported beside what the model says.
  public struct Observation: Sendable {
    public var component: String
    public var what: String
    public var value: String
    public var number: Double
  }

  public var format: Telemetry.Format
  public var latencies: [LatencyChange] = []
  public var workload: WorkloadChange?
  public var observations: [Observation] = []
  /// Resources that matched no component.
  public var unmapped: [String] = []
  public var notes: [String] = []

  // MARK: - Mapping

  /// Lower-case letters and digits only: `API-Lambda` → `apilambda`.
  static func normalized(_ name: String) -> String {
    String(
      name.lowercased().unicodeScalars.filter {
        ($0 >= "a" && $0 <= "z") || ($0 >= "0" && $0 <= "9")
      })
  }

  /// The component a resource maps to, if any.
  static func component(for resource: String, in model: PathModel, options: CalibrationOptions)
    -> String?
  {
    if let mapped = options.mapping[resource] { return mapped }
    let key = normalized(resource)
    if !key.isEmpty {
      if let exact = model.components.first(where: {
        normalized($0.name) == key || normalized($0.label) == key
      }) {
        return exact.name
      }
      let endings = model.components.filter {
        let name = normalized($0.name)
        return name.count >= 3 && key.hasSuffix(name)
      }
      if endings.count == 1 { return endings[0].name }
    }
    return options.fallback
  }

  // MARK: - Planning

  /// Plans the calibration of `model` from `telemetry`.
  /// - Parameters:
  ///   - telemetry: what the file holds.
  ///   - model: the model to calibrate.
  ///   - options: mapping and method.
  /// - Returns: The changes and observations.
  /// - Throws: a diagnostic when nothing maps, two series map to one component's latency,
  ///   or a fit cannot be made.
  static func plan(_ telemetry: Telemetry, model: PathModel, options: CalibrationOptions)
    throws(Diagnostic) -> Calibration
  {
    for (resource, component) in options.mapping where model.component(named: component) == nil {
      throw unknownComponent(component, for: resource, model: model)
    }
    if let fallback = options.fallback, model.component(named: fallback) == nil {
      throw unknownComponent(fallback, for: nil, model: model)
    }
    var plan = Calibration(format: telemetry.format, notes: telemetry.notes)
    var byComponent: [String: [TelemetrySeries]] = [:]
    var order: [String] = []
    for series in telemetry.series {
      guard let component = component(for: series.resource, in: model, options: options) else {
        let name = series.resource.isEmpty ? "(unnamed)" : series.resource
        if !plan.unmapped.contains(name) { plan.unmapped.append(name) }
        continue
      }
      if byComponent[component] == nil { order.append(component) }
      byComponent[component, default: []].append(series)
    }
    guard !order.isEmpty else {
      if plan.unmapped == ["(unnamed)"] {
        throw Diagnostic(
          "the file names no resource (\(telemetry.format.rawValue) prints no dimension); "
            + "say which component it measures: calibrate FILE as COMPONENT",
          suggestions: [])
      }
      let names = plan.unmapped.joined(separator: ", ")
      throw Diagnostic(
        "no resource in the file matches a component of \(model.name) (\(names))",
        notes: [
          "name the component: calibrate FILE as COMPONENT, or as NAME=COMPONENT for each resource",
          "components: " + model.components.map(\.name).joined(separator: ", "),
        ])
    }
    let load = try? CapacityLoad.of(model)
    for component in order {
      try plan.add(byComponent[component] ?? [], component: component, load: load, options: options)
    }
    return plan
  }

  private static func unknownComponent(_ name: String, for resource: String?, model: PathModel)
    -> Diagnostic
  {
    Diagnostic(
      "\(model.name) has no component '\(name)'" + (resource.map { " (for \($0))" } ?? ""),
      suggestions: Suggestion.nearest(to: name, among: model.components.map(\.name)))
  }

  private mutating func add(
    _ series: [TelemetrySeries], component: String, load: CapacityLoad?, options: CalibrationOptions
  ) throws(Diagnostic) {
    let requests = series.first { $0.role == .requests }
    var fitted: [LatencyChange] = []
    for item in series where item.role == .latency {
      fitted.append(try latency(item, component: component, requests: requests, options: options))
    }
    if let total = series.first(where: { $0.role == .gatewayTotal }) {
      if let integration = series.first(where: { $0.role == .integration }), !total.periods.isEmpty
      {
        fitted.append(
          try gatewayOverhead(total, integration, component: component, requests: requests))
      } else {
        observe(total, component: component, as: "Latency (gateway + integration)")
      }
    }
    if fitted.count > 1 {
      let sources = fitted.map(\.source).joined(separator: " and ")
      throw Diagnostic(
        "two series fit the latency of \(component): \(sources)",
        notes: ["map one of them to another component with as NAME=COMPONENT"])
    }
    latencies += fitted
    // These measure the whole call, the hops it waits for included; the model adds those.
    let wholeCall = ["Duration", "target_processing_time", "ResponseTime"]
    if let change = fitted.first,
      let metric = wholeCall.first(where: { change.source.hasPrefix($0 + " ") }),
      let load
    {
      let hops = load.hops(of: component)
      let visits = hops.reduce(0) { $0 + $1.visits }
      let waited = visits > 0 ? hops.reduce(0) { $0 + $1.visits * $1.downstream } / visits : 0
      if waited > 0 {
        notes.append(
          "\(component): \(metric) includes the calls it waits for, which the model "
            + "adds after it (\(DistributionSyntax.time(Self.roundSignificant(waited, 3))) mean now): "
            + "the path counts that time twice unless \(component).latency is lowered by it")
      }
    }
    for item in series
    where item.role == .integration && !fitted.contains(where: { $0.source.hasPrefix("Latency") }) {
      observe(item, component: component, as: "integration latency")
    }
    try addWorkload(series, component: component, load: load)
    for item in series {
      switch item.role {
      case .throttles: observeSum(item, component: component, requests: requests)
      case .concurrency:
        observeGauge(item, component: component, "peak concurrent executions", seconds: false)
      case .messageAge:
        observeGauge(item, component: component, "oldest message age (max)", seconds: true)
      case .iteratorAge:
        observeGauge(item, component: component, "iterator age (max)", seconds: true)
      default: break
      }
    }
  }

  private func latency(
    _ series: TelemetrySeries, component: String, requests: TelemetrySeries?,
    options: CalibrationOptions
  ) throws(Diagnostic) -> LatencyChange {
    let source = "\(series.metric) of \(series.resource.isEmpty ? component : series.resource)"
    do {
      if !series.samples.isEmpty {
        return LatencyChange(
          component: component, source: source,
          fit: try LatencyFit.fromSamples(series.samples, method: options.method))
      }
      let counts = Dictionary(
        (requests?.periods ?? []).compactMap { p in p.values["Sum"].map { (p.time, $0) } },
        uniquingKeysWith: { a, _ in a })
      let periods = series.periods.map { period in
        (
          points: LatencyFit.percentiles(of: period.values),
          weight: counts[period.time] ?? period.values["SampleCount"] ?? (counts.isEmpty ? 1 : 0)
        )
      }
      var fit = try LatencyFit.fromPercentiles(periods)
      if counts.isEmpty && series.periods.first?.values["SampleCount"] == nil
        && series.periods.count > 1
      {
        fit.notes.append("no request counts: periods weighted equally")
      }
      return LatencyChange(component: component, source: source, fit: fit)
    } catch {
      throw Diagnostic("cannot fit \(source): \(error.message)")
    }
  }

  /// API Gateway's own time: Latency − IntegrationLatency at each percentile of a period.
  ///
  /// Percentiles do not subtract in general; the difference is exact when the two move
  /// together (comonotone), as they do when the integration's time dominates the spread.
  private func gatewayOverhead(
    _ total: TelemetrySeries, _ integration: TelemetrySeries, component: String,
    requests: TelemetrySeries?
  ) throws(Diagnostic) -> LatencyChange {
    var derived = TelemetrySeries(
      resource: total.resource, metric: "Latency − IntegrationLatency", role: .latency)
    let inner = Dictionary(
      integration.periods.map { ($0.time, $0.values) }, uniquingKeysWith: { a, _ in a })
    for period in total.periods {
      guard let other = inner[period.time] else { continue }
      var values: [String: Double] = [:]
      for (name, value) in period.values where CloudWatchReader.percentile(name) != nil {
        if let below = other[name] { values[name] = value - below }
      }
      if let count = period.values["SampleCount"] { values["SampleCount"] = count }
      derived.periods.append(TelemetrySeries.Period(time: period.time, values: values))
    }
    var change = try latency(
      derived, component: component, requests: requests, options: CalibrationOptions())
    change.fit.notes.append(
      "gateway time = Latency − IntegrationLatency at each percentile (exact when they move together)"
    )
    return change
  }

  private mutating func addWorkload(
    _ series: [TelemetrySeries], component: String, load: CapacityLoad?
  )
    throws(Diagnostic)
  {
    var measured: RateSeries?
    var source = ""
    do {
      if let counts = series.first(where: { $0.role == .requests }) {
        measured = try RateSeries.fromSums(
          counts.periods.compactMap { p in p.values["Sum"].map { (p.time, $0) } })
        source = "\(counts.metric) of \(counts.resource.isEmpty ? component : counts.resource)"
      } else if let logged = series.first(where: { !$0.arrivals.isEmpty }) {
        measured = try RateSeries.fromArrivals(logged.arrivals)
        source = "requests logged at \(logged.resource.isEmpty ? component : logged.resource)"
      }
    } catch {
      throw Diagnostic("cannot read a rate from \(component)'s data: \(error.message)")
    }
    guard let measured else { return }
    let executions = load?.executions(at: component) ?? 0
    guard executions > 0 else {
      notes.append("\(source): \(component) is not on the request path; no workload rate from it")
      return
    }
    if let current = workload, current.executionsPerRequest >= executions { return }
    let path = measured.scaled(by: 1 / executions)
    let peak = path.peak
    var longest = 0
    var run = 0
    for rate in path.rates {
      run = rate >= 0.9 * peak && peak > 0 ? run + 1 : 0
      longest = max(longest, run)
    }
    workload = WorkloadChange(
      component: component, source: source, executionsPerRequest: executions, series: path,
      peakDuration: Double(max(1, longest)) * path.period)
  }

  // MARK: - Observations

  private mutating func observe(_ series: TelemetrySeries, component: String, as what: String) {
    if !series.samples.isEmpty,
      let fit = try? LatencyFit.fromSamples(series.samples, method: .empirical),
      let p50 = fit.point(0.5), let p99 = fit.point(0.99)
    {
      observations.append(
        Observation(
          component: component, what: what + " p50 / p99",
          value: DistributionSyntax.time(Self.roundSignificant(p50.data, 3)) + " / "
            + DistributionSyntax.time(Self.roundSignificant(p99.data, 3)),
          number: p99.data))
      return
    }
    let periods = series.periods.map {
      (points: LatencyFit.percentiles(of: $0.values), weight: 1.0)
    }
    if let fit = try? LatencyFit.fromPercentiles(periods), let low = fit.points.first,
      let high = fit.points.last
    {
      observations.append(
        Observation(
          component: component,
          what: what
            + " p\(Self.percentName(low.probability)) / p\(Self.percentName(high.probability))",
          value: DistributionSyntax.time(Self.roundSignificant(low.data, 3)) + " / "
            + DistributionSyntax.time(Self.roundSignificant(high.data, 3)),
          number: high.data))
    }
  }

  static func percentName(_ p: Double) -> String {
    Quantity.formatNumber((p * 1000).rounded() / 10)
  }

  private mutating func observeSum(
    _ series: TelemetrySeries, component: String, requests: TelemetrySeries?
  ) {
    let throttled = series.periods.reduce(0) { $0 + ($1.values["Sum"] ?? 0) }
    let served = requests?.periods.reduce(0) { $0 + ($1.values["Sum"] ?? 0) } ?? 0
    let share = throttled + served > 0 ? throttled / (throttled + served) : 0
    observations.append(
      Observation(
        component: component, what: "throttled",
        value: Quantity.formatNumber(throttled.rounded()) + " requests ("
          + Quantity.fraction(share).formatted + ")",
        number: throttled))
  }

  private mutating func observeGauge(
    _ series: TelemetrySeries, component: String, _ what: String, seconds: Bool
  ) {
    let values = series.periods.compactMap {
      $0.values["Maximum"] ?? $0.values["Average"] ?? $0.values.values.max()
    }
    guard let top = values.max() else { return }
    observations.append(
      Observation(
        component: component, what: what,
        value: seconds
          ? DistributionSyntax.time(Self.roundSignificant(top, 3))
          : Quantity.formatNumber(top.rounded()),
        number: top))
  }
}
