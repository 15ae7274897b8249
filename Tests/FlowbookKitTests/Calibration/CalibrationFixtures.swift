import Foundation

@testable import FlowbookKit

/// Telemetry in AWS's exact output formats, built in the tests from seeded samples so the
/// truth (the pooled samples' percentiles) is known, and the shipped files under
/// datasets/telemetry (written by scripts/make-telemetry-fixtures).
enum CalibrationFixtures {
  static var telemetry: String { ModelFixtures.datasets + "/telemetry" }

  /// Reads a shipped fixture.
  static func file(_ name: String) throws -> TelemetryFile {
    try TelemetryFile(path: telemetry + "/" + name, name: "datasets/telemetry/" + name)
  }

  static func serverlessBurst() throws -> PathModel {
    try ModelLoader.load(
      file: ModelFixtures.datasets + "/serverless-burst.yaml", displayName: "serverless-burst.yaml")
  }

  /// One lognormal draw (seconds) by inversion.
  static func lognormal(_ p50: Double, _ p99: Double, _ generator: inout SeededGenerator) -> Double
  {
    let sigma = log(p99 / p50) / StandardNormal.z99
    return p50 * exp(sigma * StandardNormal.quantile(generator.uniformPositive()))
  }

  /// Per-minute samples of a latency whose median and tail drift over `minutes`.
  static func drifting(minutes: Int, perMinute: Int, seed: UInt64) -> [[Double]] {
    var generator = SeededGenerator(seed: seed)
    return (0..<minutes).map { minute in
      let load = 1 + 0.4 * sin(Double(minute) / Double(minutes) * .pi)
      let count = perMinute + Int(generator.uniform() * Double(perMinute / 2))
      return (0..<count).map { _ in lognormal(0.040 * load, 0.250 * load, &generator) }
    }
  }

  /// Pooled sample quantile (Hyndman & Fan 7), the truth the fits are checked against.
  static func quantile(_ samples: [Double], _ p: Double) -> Double {
    let sorted = samples.sorted()
    let h = Double(sorted.count - 1) * p
    let below = Int(h)
    let above = min(below + 1, sorted.count - 1)
    return sorted[below] + (h - Double(below)) * (sorted[above] - sorted[below])
  }

  static func iso(_ time: Double) -> String {
    TelemetryTime.iso(time).replacingOccurrences(of: "Z", with: "+00:00")
  }

  /// `get-metric-data` output for one function's Duration p50/p90/p99 and Invocations.
  static func metricData(_ minutes: [[Double]], function: String = "orders-worker") -> String {
    let start = 1_714_575_600.0
    func result(_ id: String, _ label: String, _ values: [Double]) -> String {
      let stamps = values.indices.reversed().map { "\"\(iso(start + Double($0) * 60))\"" }
      let numbers = values.indices.reversed().map { String(values[$0]) }
      return """
            {
                "Id": "\(id)",
                "Label": "\(label)",
                "Timestamps": [\(stamps.joined(separator: ", "))],
                "Values": [\(numbers.joined(separator: ", "))],
                "StatusCode": "Complete"
            }
        """
    }
    var results: [String] = []
    for (name, p) in [("p50", 0.5), ("p90", 0.9), ("p99", 0.99)] {
      results.append(
        result("d_\(name)", "\(function) Duration \(name)", minutes.map { quantile($0, p) * 1000 }))
    }
    results.append(result("inv", "\(function) Invocations Sum", minutes.map { Double($0.count) }))
    return "{\n    \"MetricDataResults\": [\n" + results.joined(separator: ",\n")
      + "\n    ],\n    \"Messages\": []\n}\n"
  }

  /// `get-metric-statistics` output for the same, with SampleCount and ExtendedStatistics.
  static func metricStatistics(_ minutes: [[Double]]) -> String {
    let start = 1_714_575_600.0
    let points = minutes.enumerated().map { index, samples in
      """
              {
                  "Timestamp": "\(TelemetryTime.iso(start + Double(index) * 60))",
                  "SampleCount": \(Double(samples.count)),
                  "Unit": "Milliseconds",
                  "ExtendedStatistics": {
                      "p50": \(quantile(samples, 0.5) * 1000),
                      "p90": \(quantile(samples, 0.9) * 1000),
                      "p99": \(quantile(samples, 0.99) * 1000)
                  }
              }
      """
    }
    return "{\n    \"Label\": \"Duration\",\n    \"Datapoints\": [\n"
      + points.reversed().joined(separator: ",\n")
      + "\n    ]\n}\n"
  }

  // MARK: - Reading the shipped files independently (the truth for the 2 % checks)

  /// Samples read straight from a shipped file, without flowbook's readers.
  static func truth(_ name: String) throws -> [Double] {
    let data = try Data(contentsOf: URL(fileURLWithPath: telemetry + "/" + name))
    let text = String(decoding: data, as: UTF8.self)
    switch name {
    case "alb-access.log":
      return text.split(separator: "\n").compactMap { line in
        let fields = line.split(separator: " ")
        return Double(fields[6])
      }
    case "apigateway-access.log":
      return try text.split(separator: "\n").map { line in
        let object =
          try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any] ?? [:]
        let total = Double(object["responseLatency"] as? String ?? "") ?? .nan
        let integration = Double(object["integrationLatency"] as? String ?? "") ?? .nan
        return (total - integration) / 1000
      }
    case "xray-trace-summaries.json":
      let object = try JSONSerialization.jsonObject(with: data) as? [String: Any] ?? [:]
      let summaries = object["TraceSummaries"] as? [[String: Any]] ?? []
      return summaries.compactMap { $0["ResponseTime"] as? Double }
    case "xray-batch-get-traces.json":
      let object = try JSONSerialization.jsonObject(with: data) as? [String: Any] ?? [:]
      var out: [Double] = []
      for trace in object["Traces"] as? [[String: Any]] ?? [] {
        for segment in trace["Segments"] as? [[String: Any]] ?? [] {
          let document = segment["Document"] as? String ?? ""
          let inner =
            try JSONSerialization.jsonObject(with: Data(document.utf8)) as? [String: Any] ?? [:]
          if inner["origin"] as? String == "AWS::Lambda::Function",
            let start = inner["start_time"] as? Double, let end = inner["end_time"] as? Double
          {
            // The handler's own time: less the DynamoDB call it waits for (one a trace).
            let calls = (inner["subsegments"] as? [[String: Any]] ?? []).filter {
              $0["namespace"] as? String == "aws"
            }
            let waited = calls.reduce(0.0) { total, call in
              let low = max(start, call["start_time"] as? Double ?? start)
              let high = min(end, call["end_time"] as? Double ?? start)
              return total + max(0, high - low)
            }
            out.append(end - start - waited)
          }
        }
      }
      return out
    default:
      return []
    }
  }
}
