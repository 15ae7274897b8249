/// Reads the JSON of `aws cloudwatch get-metric-data` and `get-metric-statistics`.
///
/// `get-metric-statistics` prints `{"Label": METRIC, "Datapoints": [{"Timestamp",
/// "SampleCount", "Average", "Sum", "Minimum", "Maximum", "ExtendedStatistics": {"p99": …},
/// "Unit"}]}`: the metric is the label, and the output names no dimension, so the
/// component comes from `as COMPONENT`. `get-metric-data` prints `{"MetricDataResults":
/// [{"Id", "Label", "Timestamps", "Values", "StatusCode"}], "Messages": []}`, one result per
/// metric and statistic, and again no dimension: calibrate reads the metric, the statistic
/// and the resource from the label, as the dynamic label
/// `${PROP('Dim.FunctionName')} ${PROP('MetricName')} ${PROP('Stat')}` writes it
/// (`orders-api Duration p99`); a statistic missing from the label is looked for in the Id.
enum CloudWatchReader {
  /// A metric calibrate knows: its role and the unit get-metric-data values are in.
  struct Metric {
    var role: TelemetrySeries.Role
    /// Seconds per unit of the value (Duration is in milliseconds).
    var scale: Double
  }

  /// The metrics calibrate reads, by CloudWatch name (AWS/Lambda, AWS/ApiGateway, AWS/SQS).
  static let metrics: [String: Metric] = [
    "Duration": Metric(role: .latency, scale: 1e-3),
    "Latency": Metric(role: .gatewayTotal, scale: 1e-3),
    "IntegrationLatency": Metric(role: .integration, scale: 1e-3),
    "Invocations": Metric(role: .requests, scale: 1),
    "Count": Metric(role: .requests, scale: 1),
    "Throttles": Metric(role: .throttles, scale: 1),
    "ConcurrentExecutions": Metric(role: .concurrency, scale: 1),
    "ApproximateAgeOfOldestMessage": Metric(role: .messageAge, scale: 1),
    "IteratorAge": Metric(role: .iteratorAge, scale: 1e-3),
  ]

  static let plainStatistics: Set<String> = ["SampleCount", "Average", "Sum", "Minimum", "Maximum"]

  /// Seconds per unit for CloudWatch's time units (`Unit` in get-metric-statistics).
  static let timeUnits: [String: Double] = [
    "Seconds": 1, "Milliseconds": 1e-3, "Microseconds": 1e-6,
  ]

  // MARK: - get-metric-statistics

  /// Reads `get-metric-statistics` output.
  /// - Parameter document: the parsed JSON.
  /// - Returns: One series (the output holds one metric).
  /// - Throws: `TelemetryProblem` at a malformed data point.
  static func metricStatistics(_ document: TelemetryJSON) throws(TelemetryProblem) -> Telemetry {
    guard let label = document["Label"]?.string else {
      throw TelemetryProblem(
        "get-metric-statistics output needs \"Label\" (the metric name)", at: document.offset)
    }
    guard let metric = metrics[label] else {
      throw unknownMetric(label, at: document["Label"]?.offset ?? document.offset)
    }
    let datapoints = try array(document["Datapoints"], "Datapoints", in: document)
    guard datapoints.count <= TelemetryLimits.maximumPoints else {
      throw TelemetryProblem(
        "more than \(TelemetryLimits.maximumPoints) data points", at: document.offset)
    }
    var series = TelemetrySeries(
      resource: "", metric: label, role: metric.role, offset: document.offset)
    for point in datapoints {
      guard point.isObject, let stamp = point["Timestamp"]?.string else {
        throw TelemetryProblem("each data point needs a \"Timestamp\"", at: point.offset)
      }
      guard let time = TelemetryTime.iso8601(stamp) else {
        throw TelemetryProblem(
          "\"\(stamp.prefix(40))\" is not an ISO 8601 time",
          at: point["Timestamp"]?.offset ?? point.offset)
      }
      var scale = metric.scale
      if let unit = point["Unit"]?.string, let seconds = timeUnits[unit] { scale = seconds }
      var values: [String: Double] = [:]
      for name in plainStatistics {
        guard let node = point[name] else { continue }
        values[name] = try number(node, name, scale: name == "SampleCount" ? 1 : scale)
      }
      if let extended = point["ExtendedStatistics"] {
        guard case .object(let pairs) = extended.value else {
          throw TelemetryProblem(
            "\"ExtendedStatistics\" must be an object such as {\"p99\": 12.5}", at: extended.offset)
        }
        for (name, node) in pairs where percentile(name) != nil {
          values[name] = try number(node, name, scale: scale)
        }
      }
      series.periods.append(TelemetrySeries.Period(time: time, values: values))
    }
    series.periods.sort { $0.time < $1.time }
    return Telemetry(format: .metricStatistics, series: [series])
  }

  // MARK: - get-metric-data

  /// Reads `get-metric-data` output, merging the statistics of one resource's metric.
  /// - Parameter document: the parsed JSON.
  /// - Returns: One series per resource and metric.
  /// - Throws: `TelemetryProblem` at a malformed result.
  static func metricData(_ document: TelemetryJSON) throws(TelemetryProblem) -> Telemetry {
    let results = try array(document["MetricDataResults"], "MetricDataResults", in: document)
    var series: [TelemetrySeries] = []
    var notes: [String] = []
    var total = 0
    for result in results {
      guard result.isObject else {
        throw TelemetryProblem("each MetricDataResult must be an object", at: result.offset)
      }
      let label = result["Label"]?.string ?? ""
      let id = result["Id"]?.string ?? ""
      if let status = result["StatusCode"]?.string, status != "Complete" {
        notes.append(
          "\(label.isEmpty ? id : label): StatusCode \(status)"
            + (status == "PartialData" ? " (fetch the rest with NextToken)" : "; skipped"))
        if status != "PartialData" { continue }
      }
      guard let identity = identify(label: label, id: id) else {
        notes.append(
          "'\(label.isEmpty ? id : label)' names no metric calibrate reads; label results "
            + "${PROP('Dim.FunctionName')} ${PROP('MetricName')} ${PROP('Stat')}")
        continue
      }
      let stamps = try array(result["Timestamps"], "Timestamps", in: result)
      let values = try array(result["Values"], "Values", in: result)
      guard stamps.count == values.count else {
        throw TelemetryProblem(
          "\(stamps.count) Timestamps but \(values.count) Values; AWS pairs them one to one",
          at: result.offset)
      }
      total += stamps.count
      guard total <= TelemetryLimits.maximumPoints else {
        throw TelemetryProblem(
          "more than \(TelemetryLimits.maximumPoints) data points", at: result.offset)
      }
      let metric = metrics[identity.metric] ?? Metric(role: .latency, scale: 1e-3)
      let scale = identity.statistic == "SampleCount" ? 1 : metric.scale
      var index = series.firstIndex {
        $0.resource == identity.resource && $0.metric == identity.metric
      }
      if index == nil {
        series.append(
          TelemetrySeries(
            resource: identity.resource, metric: identity.metric, role: metric.role,
            offset: result.offset))
        index = series.count - 1
      }
      guard let slot = index else { continue }
      var byTime = Dictionary(
        series[slot].periods.map { ($0.time, $0.values) }, uniquingKeysWith: { a, _ in a })
      for (stamp, value) in zip(stamps, values) {
        guard let text = stamp.string, let time = TelemetryTime.iso8601(text) else {
          throw TelemetryProblem(
            "a timestamp must be an ISO 8601 time such as \"2024-05-01T00:05:00Z\"",
            at: stamp.offset)
        }
        byTime[time, default: [:]][identity.statistic] = try number(
          value, identity.statistic, scale: scale)
      }
      series[slot].periods = byTime.keys.sorted().map {
        TelemetrySeries.Period(time: $0, values: byTime[$0] ?? [:])
      }
    }
    return Telemetry(format: .metricData, series: series, notes: notes)
  }

  /// The metric, statistic and resource a result's label (or Id) names.
  static func identify(label: String, id: String) -> (
    metric: String, statistic: String, resource: String
  )? {
    let words = label.split(whereSeparator: { $0 == " " || $0 == "\t" }).map(String.init)
    guard let metricIndex = words.lastIndex(where: { metrics[$0] != nil }) else { return nil }
    var rest = words
    rest.remove(at: metricIndex)
    var statistic = rest.last.flatMap { isStatistic($0) ? $0 : nil }
    if statistic != nil { rest.removeLast() }
    if statistic == nil {
      let parts = id.split(whereSeparator: { $0 == "_" || $0 == "-" }).map(String.init)
      statistic =
        parts.first { isStatistic($0) }
        ?? parts.first { isStatistic($0.lowercased()) }.map { $0.lowercased() }
    }
    guard let statistic else { return nil }
    return (words[metricIndex], statistic, rest.joined(separator: " "))
  }

  static func isStatistic(_ word: String) -> Bool {
    plainStatistics.contains(word) || percentile(word) != nil
  }

  /// The probability a `pNN` statistic names (`p99` → 0.99, `p99.9` → 0.999), or nil.
  static func percentile(_ name: String) -> Double? {
    guard name.count >= 2, name.count <= 8, name.first == "p",
      let value = Double(name.dropFirst()), value > 0, value < 100,
      name.dropFirst().allSatisfy({ $0.isNumber || $0 == "." })
    else { return nil }
    return value / 100
  }

  private static func unknownMetric(_ label: String, at offset: Int) -> TelemetryProblem {
    TelemetryProblem(
      "calibrate does not read the metric '\(label.prefix(60))'", at: offset,
      notes: ["it reads " + metrics.keys.sorted().joined(separator: ", ")])
  }

  private static func array(_ node: TelemetryJSON?, _ name: String, in parent: TelemetryJSON)
    throws(TelemetryProblem) -> [TelemetryJSON]
  {
    guard let node else { throw TelemetryProblem("expected \"\(name)\" here", at: parent.offset) }
    guard let items = node.array else {
      throw TelemetryProblem("\"\(name)\" must be an array, not \(node.kindName)", at: node.offset)
    }
    return items
  }

  private static func number(_ node: TelemetryJSON, _ name: String, scale: Double)
    throws(TelemetryProblem) -> Double
  {
    guard let value = node.number else {
      throw TelemetryProblem("\(name) must be a number, not \(node.kindName)", at: node.offset)
    }
    guard value >= 0, value <= 1e15 else {
      throw TelemetryProblem("\(name) must be from 0 to 10^15, not \(value)", at: node.offset)
    }
    return value * scale
  }
}
