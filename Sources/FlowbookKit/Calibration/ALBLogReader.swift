/// Reads Application Load Balancer access logs (one request a line, space-separated).
///
/// The fields, in AWS's order: `type time elb client:port target:port
/// request_processing_time target_processing_time response_processing_time elb_status_code
/// target_status_code received_bytes sent_bytes "request" "user_agent" ssl_cipher
/// ssl_protocol target_group_arn "trace_id" …` (quoted fields may hold spaces; later fields
/// are ignored). Times are seconds; `-1` means the load balancer could not send the request
/// or get a response, and such a request gives no latency sample.
///
/// Two series come out: the load balancer's own time per request (request + response
/// processing), named by the `elb` field, and the target's (target processing), named by the
/// target group in `target_group_arn` (`targetgroup/NAME/…`). Every line is an arrival, at
/// its `time`, for the request rate.
enum ALBLogReader {
  /// Reads the log.
  /// - Parameters:
  ///   - file: the file.
  ///   - lines: its non-blank lines.
  /// - Returns: The load balancer's and each target group's series.
  /// - Throws: `TelemetryProblem` at the first malformed field.
  static func read(_ file: TelemetryFile, lines: [(start: Int, end: Int)]) throws(TelemetryProblem)
    -> Telemetry
  {
    try TelemetryLimits.checkLogLines(lines)
    var lb: [String: TelemetrySeries] = [:]
    var targets: [String: TelemetrySeries] = [:]
    var order: [String] = []
    var failed = 0
    for line in lines {
      let fields = try split(file.bytes, line)
      guard fields.count >= 17 else {
        throw TelemetryProblem(
          "an ALB log line has at least 17 fields (type … target_group_arn); this one has \(fields.count)",
          at: fields.last?.offset ?? line.start)
      }
      guard TelemetryFormat.albTypes.contains(fields[0].text) else {
        throw TelemetryProblem(
          "'\(fields[0].text.prefix(20))' is not an ALB request type (http, https, h2, grpcs, ws, wss)",
          at: fields[0].offset)
      }
      guard let time = TelemetryTime.iso8601(fields[1].text) else {
        throw TelemetryProblem(
          "'\(fields[1].text.prefix(40))' is not an ISO 8601 time", at: fields[1].offset)
      }
      let request = try seconds(fields[5], "request_processing_time")
      let target = try seconds(fields[6], "target_processing_time")
      let response = try seconds(fields[7], "response_processing_time")
      let name = fields[2].text
      if lb[name] == nil {
        lb[name] = TelemetrySeries(
          resource: name, metric: "request+response_processing_time", role: .latency,
          offset: fields[2].offset)
        order.append(name)
      }
      lb[name]?.arrivals.append(time)
      guard let request, let target, let response else {
        failed += 1
        continue
      }
      lb[name]?.samples.append(request + response)
      let group = targetGroup(fields[16].text)
      if targets[group] == nil {
        targets[group] = TelemetrySeries(
          resource: group, metric: "target_processing_time", role: .latency,
          offset: fields[16].offset)
      }
      targets[group]?.samples.append(target)
    }
    var series = order.compactMap { lb[$0] }
    series += targets.keys.sorted().compactMap { targets[$0] }
    let notes =
      failed == 0
      ? []
      : ["\(failed) requests with a processing time of -1 (no response) give no latency sample"]
    return Telemetry(format: .albLog, series: series, notes: notes)
  }

  /// `arn:…:targetgroup/my-targets/73e2…` → `my-targets`; `-` when there is none.
  static func targetGroup(_ arn: String) -> String {
    let parts = arn.split(separator: "/")
    if parts.count >= 2, parts[0].hasSuffix("targetgroup") { return String(parts[1]) }
    return arn
  }

  /// A processing time: seconds, or nil for `-1`.
  private static func seconds(_ field: Field, _ name: String) throws(TelemetryProblem) -> Double? {
    if field.text == "-1" { return nil }
    guard let value = Double(field.text), value >= 0, value <= ParameterLimits.maximumTime,
      field.text.utf8.count <= 32
    else {
      throw TelemetryProblem(
        "\(name) must be seconds (such as 0.001) or -1, not '\(field.text.prefix(20))'",
        at: field.offset)
    }
    return value
  }

  struct Field {
    var text: String
    var offset: Int
  }

  /// The line's fields: runs of non-spaces, or `"…"` with `\"` inside.
  static func split(_ bytes: [UInt8], _ line: (start: Int, end: Int)) throws(TelemetryProblem)
    -> [Field]
  {
    var fields: [Field] = []
    var index = line.start
    while index < line.end {
      if bytes[index] == 0x20 {
        index += 1
        continue
      }
      let start = index
      var text: [UInt8] = []
      if bytes[index] == 0x22 {
        index += 1
        while index < line.end, bytes[index] != 0x22 {
          if bytes[index] == 0x5C, index + 1 < line.end { index += 1 }
          text.append(bytes[index])
          index += 1
        }
        guard index < line.end else {
          throw TelemetryProblem("a quoted field is not closed", at: start)
        }
        index += 1
      } else {
        while index < line.end, bytes[index] != 0x20 {
          text.append(bytes[index])
          index += 1
        }
      }
      fields.append(Field(text: String(decoding: text, as: UTF8.self), offset: start))
    }
    return fields
  }
}
