/// Recognises which AWS output a file is, from its content, and hands it to its reader.
///
/// JSON documents are told apart by their top-level member (`MetricDataResults`,
/// `Datapoints`, `TraceSummaries`, `Traces`); a file whose lines are JSON objects is an
/// API Gateway access log; a file whose first line starts with an ALB request type
/// (`http`, `https`, `h2`, `grpcs`, `ws`, `wss`) and an ISO time is an ALB access log.
enum TelemetryFormat {
  static let albTypes: Set<String> = ["http", "https", "h2", "grpcs", "ws", "wss"]

  /// Reads `file` with the reader its content calls for.
  /// - Parameter file: the file.
  /// - Returns: Its series.
  /// - Throws: `TelemetryProblem` at the first thing that is wrong.
  static func read(_ file: TelemetryFile) throws(TelemetryProblem) -> Telemetry {
    let lines = file.lines.filter { line in
      file.bytes[line.start..<line.end].contains { $0 != 0x20 && $0 != 0x09 }
    }
    guard let first = lines.first else {
      throw TelemetryProblem(
        "the file is empty; calibrate reads CloudWatch, X-Ray, ALB or API Gateway output", at: 0)
    }
    var start = first.start
    while file.bytes[start] == 0x20 || file.bytes[start] == 0x09 { start += 1 }
    if file.bytes[start] == UInt8(ascii: "{") || file.bytes[start] == UInt8(ascii: "[") {
      if lines.count > 1, isJSONLines(file, lines) {
        return try APIGatewayLogReader.read(file, lines: lines)
      }
      var parser = TelemetryJSONParser(file.bytes)
      let document = try parser.document()
      return try readDocument(document)
    }
    let word = file.bytes[start..<first.end].prefix { $0 != 0x20 }
    if albTypes.contains(String(decoding: word, as: UTF8.self)) {
      return try ALBLogReader.read(file, lines: lines)
    }
    throw TelemetryProblem(
      "not a telemetry format calibrate reads", at: start,
      notes: [
        "calibrate reads the JSON of aws cloudwatch get-metric-data or get-metric-statistics, "
          + "aws xray get-trace-summaries or batch-get-traces, ALB access logs, and API Gateway "
          + "access logs in JSON format (one object a line)"
      ])
  }

  /// Whether every non-blank line is a JSON object on its own (a log, not one document).
  private static func isJSONLines(_ file: TelemetryFile, _ lines: [(start: Int, end: Int)]) -> Bool
  {
    let firstLine = lines[0]
    var parser = TelemetryJSONParser(file.bytes, from: firstLine.start, to: firstLine.end)
    guard let value = try? parser.document() else { return false }
    return value.isObject
  }

  private static func readDocument(_ document: TelemetryJSON) throws(TelemetryProblem) -> Telemetry
  {
    if document["MetricDataResults"] != nil { return try CloudWatchReader.metricData(document) }
    if document["Datapoints"] != nil { return try CloudWatchReader.metricStatistics(document) }
    if document["TraceSummaries"] != nil { return try XRayReader.traceSummaries(document) }
    if document["Traces"] != nil { return try XRayReader.traces(document) }
    if document.isObject {
      return try APIGatewayLogReader.readOne(document)
    }
    throw TelemetryProblem(
      "this JSON is not AWS output calibrate knows: expected MetricDataResults, Datapoints, "
        + "TraceSummaries or Traces at the top", at: document.offset)
  }
}
