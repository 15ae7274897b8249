/// Reads API Gateway access logs in JSON format: one object a line, as the stage's
/// access-log format writes them.
///
/// The keys are those of AWS's JSON examples, with the latencies added:
/// `"requestTimeEpoch": "$context.requestTimeEpoch"` (ms) or `"requestTime":
/// "$context.requestTime"` (`01/May/2024:00:00:01 +0000`), `"responseLatency":
/// "$context.responseLatency"` (ms; `latency` is read too), `"integrationLatency":
/// "$context.integrationLatency"` (ms) and `"apiId": "$context.apiId"`. Values may be
/// strings, as the templates quote them, or numbers; `-` means not available.
///
/// The gateway's own time per request is responseLatency − integrationLatency, exact per
/// request (unlike CloudWatch percentiles, which cannot be subtracted); the integration's is
/// reported beside it. Every line is an arrival, for the request rate.
enum APIGatewayLogReader {
  /// Reads every line.
  /// - Parameters:
  ///   - file: the file.
  ///   - lines: its non-blank lines.
  /// - Returns: The gateway's own latency (with arrivals) and its integration's.
  /// - Throws: `TelemetryProblem` at the first malformed line or field.
  static func read(_ file: TelemetryFile, lines: [(start: Int, end: Int)]) throws(TelemetryProblem)
    -> Telemetry
  {
    try TelemetryLimits.checkLogLines(lines)
    var records: [TelemetryJSON] = []
    for line in lines {
      var parser = TelemetryJSONParser(file.bytes, from: line.start, to: line.end)
      let record = try parser.document()
      guard record.isObject else {
        throw TelemetryProblem(
          "each line of an API Gateway access log must be a JSON object", at: record.offset)
      }
      records.append(record)
    }
    return try telemetry(records)
  }

  /// Reads a single-record log (a file of one JSON object).
  /// - Parameter record: the object.
  /// - Returns: Its series.
  /// - Throws: `TelemetryProblem` when it is not an access-log record either.
  static func readOne(_ record: TelemetryJSON) throws(TelemetryProblem) -> Telemetry {
    guard record["responseLatency"] != nil || record["latency"] != nil else {
      throw TelemetryProblem(
        "this JSON is not AWS output calibrate knows: expected MetricDataResults, Datapoints, "
          + "TraceSummaries, Traces, or an access-log record with responseLatency",
        at: record.offset)
    }
    return try telemetry([record])
  }

  private static func telemetry(_ records: [TelemetryJSON]) throws(TelemetryProblem) -> Telemetry {
    var gateways: [String: TelemetrySeries] = [:]
    var integrations: [String: TelemetrySeries] = [:]
    var order: [String] = []
    var missing = 0
    for record in records {
      let resource = record["apiId"]?.string ?? ""
      if gateways[resource] == nil {
        gateways[resource] = TelemetrySeries(
          resource: resource, metric: "responseLatency-integrationLatency", role: .latency,
          offset: record.offset)
        integrations[resource] = TelemetrySeries(
          resource: resource, metric: "integrationLatency", role: .integration,
          offset: record.offset)
        order.append(resource)
      }
      guard let latencyNode = record["responseLatency"] ?? record["latency"] else {
        throw TelemetryProblem(
          "the record has no \"responseLatency\"; add \"responseLatency\": \"$context.responseLatency\" to the access-log format",
          at: record.offset)
      }
      if let time = try arrival(record) { gateways[resource]?.arrivals.append(time) }
      guard let total = try milliseconds(latencyNode, "responseLatency") else {
        missing += 1
        continue
      }
      let integration = try record["integrationLatency"].flatMap { node throws(TelemetryProblem) in
        try milliseconds(node, "integrationLatency")
      }
      if let integration {
        guard integration <= total else {
          throw TelemetryProblem(
            "integrationLatency is above responseLatency; the gateway's time cannot be negative",
            at: record["integrationLatency"]?.offset ?? record.offset)
        }
        integrations[resource]?.samples.append(integration)
        gateways[resource]?.samples.append(total - integration)
      } else {
        gateways[resource]?.role = .gatewayTotal
        gateways[resource]?.metric = "responseLatency"
        gateways[resource]?.samples.append(total)
      }
    }
    var series: [TelemetrySeries] = []
    for name in order {
      if let gateway = gateways[name] { series.append(gateway) }
      if let integration = integrations[name], !integration.samples.isEmpty {
        series.append(integration)
      }
    }
    let notes = missing == 0 ? [] : ["\(missing) requests without a latency ('-') give no sample"]
    return Telemetry(format: .apiGatewayLog, series: series, notes: notes)
  }

  /// When the request arrived: `requestTimeEpoch` (ms) or `requestTime` (CLF).
  private static func arrival(_ record: TelemetryJSON) throws(TelemetryProblem) -> Double? {
    if let node = record["requestTimeEpoch"] {
      guard let ms = try milliseconds(node, "requestTimeEpoch") else { return nil }
      return ms
    }
    guard let node = record["requestTime"] else { return nil }
    guard let text = node.string, let time = TelemetryTime.commonLog(text) else {
      throw TelemetryProblem(
        "requestTime must look like 01/May/2024:00:00:01 +0000", at: node.offset)
    }
    return time
  }

  /// A millisecond field as seconds; nil for `-`.
  private static func milliseconds(_ node: TelemetryJSON, _ name: String) throws(TelemetryProblem)
    -> Double?
  {
    var value = node.number
    if let text = node.string {
      if text == "-" || text.isEmpty { return nil }
      value = text.utf8.count <= 24 ? Double(text) : nil
    }
    guard let value, value.isFinite, value >= 0, value <= 1e15 else {
      throw TelemetryProblem(
        "\(name) must be a number of milliseconds, such as \"52\"", at: node.offset)
    }
    return value / 1000
  }
}
