/// Reads the JSON of `aws xray batch-get-traces` and `aws xray get-trace-summaries`.
///
/// `batch-get-traces` prints `{"Traces": [{"Id", "Duration", "Segments": [{"Id",
/// "Document"}]}], "UnprocessedTraceIds": []}`, where each `Document` is a segment document
/// as a JSON string: `name`, `start_time` and `end_time` (seconds since 1970), `origin`
/// (`AWS::Lambda::Function`), `aws` (`table_name`…), `subsegments`. Each segment's own
/// time is one sample of the resource it names: end − start less the time its `aws` and
/// `remote` subsegments (the calls it waits for) cover, because the model adds the called
/// services as hops of their own after it. X-Ray writes an inferred
/// segment for each AWS call it sees (DynamoDB, SQS), so downstream services are segments
/// too; a `AWS::Lambda` segment (the service: queueing and start-up around the function)
/// is left out, because the function's own segment measures the handler.
///
/// `get-trace-summaries` prints `{"TraceSummaries": [{"Id", "Duration", "ResponseTime",
/// "EntryPoint": {"Name", "Type"}, …}], "ApproximateTime", "TracesProcessedCount"}`; the
/// `ResponseTime` of each trace (the root segment's) is a sample of the entry point.
/// Traces are sampled, so neither output gives a request rate.
enum XRayReader {
  /// Reads `batch-get-traces` output.
  /// - Parameter document: the parsed JSON.
  /// - Returns: One latency series per segment name.
  /// - Throws: `TelemetryProblem` at a malformed trace or segment document.
  static func traces(_ document: TelemetryJSON) throws(TelemetryProblem) -> Telemetry {
    guard let traces = document["Traces"]?.array else {
      throw TelemetryProblem(
        "\"Traces\" must be an array", at: document["Traces"]?.offset ?? document.offset)
    }
    var series: [String: TelemetrySeries] = [:]
    var order: [String] = []
    var skipped = 0
    var total = 0
    for trace in traces {
      guard let segments = trace["Segments"]?.array else {
        throw TelemetryProblem("each trace needs \"Segments\", an array", at: trace.offset)
      }
      for segment in segments {
        guard let documentText = segment["Document"]?.string else {
          throw TelemetryProblem(
            "each segment needs \"Document\", a JSON string", at: segment.offset)
        }
        let at = segment["Document"]?.offset ?? segment.offset
        var parser = TelemetryJSONParser(Array(documentText.utf8))
        let inner: TelemetryJSON
        do {
          inner = try parser.document()
        } catch {
          throw TelemetryProblem("the segment Document is not JSON: \(error.message)", at: at)
        }
        guard let name = inner["name"]?.string, !name.isEmpty else {
          throw TelemetryProblem("the segment Document has no \"name\"", at: at)
        }
        guard let start = inner["start_time"]?.number, let end = inner["end_time"]?.number else {
          skipped += 1  // in progress: no end_time yet
          continue
        }
        guard end >= start, end - start <= ParameterLimits.maximumTime else {
          throw TelemetryProblem(
            "segment \(name.prefix(40)) ends before it starts, or lasts over a year", at: at)
        }
        if inner["origin"]?.string == "AWS::Lambda" { continue }
        let resource = inner["aws"]?["table_name"]?.string ?? name
        var calls: [(Double, Double)] = []
        collectCalls(inner["subsegments"], into: &calls)
        let own = max(0, end - start - covered(calls, within: start, end))
        total += 1
        guard total <= TelemetryLimits.maximumPoints else {
          throw TelemetryProblem("more than \(TelemetryLimits.maximumPoints) segments", at: at)
        }
        if series[resource] == nil {
          series[resource] = TelemetrySeries(
            resource: resource, metric: "segment", role: .latency, offset: at)
          order.append(resource)
        }
        series[resource]?.samples.append(own)
      }
    }
    let notes = skipped == 0 ? [] : ["\(skipped) segments in progress (no end_time) left out"]
    return Telemetry(format: .traces, series: order.compactMap { series[$0] }, notes: notes)
  }

  /// The intervals of the calls a segment waits for: subsegments in the `aws` or `remote`
  /// namespace (the service called has its own segment, inferred or not), found at any
  /// depth, a call's own subsegments left to it.
  static func collectCalls(_ node: TelemetryJSON?, into calls: inout [(Double, Double)]) {
    for sub in node?.array ?? [] {
      let namespace = sub["namespace"]?.string
      if namespace == "aws" || namespace == "remote", let start = sub["start_time"]?.number,
        let end = sub["end_time"]?.number, end >= start
      {
        calls.append((start, end))
      } else {
        collectCalls(sub["subsegments"], into: &calls)
      }
    }
  }

  /// Seconds of [start, end] covered by the union of `calls` (parallel calls count once).
  static func covered(_ calls: [(Double, Double)], within start: Double, _ end: Double) -> Double {
    var total = 0.0
    var reach = start
    for (low, high) in calls.sorted(by: { $0.0 < $1.0 }) {
      let from = max(low, reach)
      let to = min(high, end)
      if to > from {
        total += to - from
        reach = to
      }
    }
    return total
  }

  /// Reads `get-trace-summaries` output.
  /// - Parameter document: the parsed JSON.
  /// - Returns: One latency series per entry point.
  /// - Throws: `TelemetryProblem` at a malformed summary.
  static func traceSummaries(_ document: TelemetryJSON) throws(TelemetryProblem) -> Telemetry {
    guard let summaries = document["TraceSummaries"]?.array else {
      throw TelemetryProblem(
        "\"TraceSummaries\" must be an array",
        at: document["TraceSummaries"]?.offset ?? document.offset)
    }
    guard summaries.count <= TelemetryLimits.maximumPoints else {
      throw TelemetryProblem(
        "more than \(TelemetryLimits.maximumPoints) trace summaries", at: document.offset)
    }
    var series: [String: TelemetrySeries] = [:]
    var order: [String] = []
    for summary in summaries {
      guard let node = summary["ResponseTime"] ?? summary["Duration"] else {
        throw TelemetryProblem(
          "each trace summary needs \"ResponseTime\" (seconds)", at: summary.offset)
      }
      guard let seconds = node.number, seconds >= 0, seconds <= ParameterLimits.maximumTime else {
        throw TelemetryProblem(
          "ResponseTime must be a number of seconds from 0 to a year", at: node.offset)
      }
      let resource = summary["EntryPoint"]?["Name"]?.string ?? ""
      if series[resource] == nil {
        series[resource] = TelemetrySeries(
          resource: resource, metric: "ResponseTime", role: .latency, offset: summary.offset)
        order.append(resource)
      }
      series[resource]?.samples.append(seconds)
    }
    return Telemetry(format: .traceSummaries, series: order.compactMap { series[$0] })
  }
}
