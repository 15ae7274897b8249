import Foundation
import Testing

@testable import FlowbookKit

/// `calibrate`: each input format read from AWS's exact output, fitted within 2 % of the
/// data's p50 and p99, mapped to components, applied as `set` applies, and hashed in the
/// notebook header.
@Suite struct CalibrateTests {
  // MARK: - Fitted p50 and p99 within 2 % of the data's, per format

  /// CloudWatch percentiles per minute, mixed by their counts, against the pooled samples.
  @Test func metricDataPercentilesFitThePooledSamples() throws {
    let minutes = CalibrationFixtures.drifting(minutes: 40, perMinute: 1_000, seed: 17)
    let file = TelemetryFile(text: CalibrationFixtures.metricData(minutes), name: "gmd.json")
    let telemetry = try Telemetry.read(file)
    #expect(telemetry.format == .metricData)
    let plan = try Calibration.plan(
      telemetry, model: try CalibrationFixtures.serverlessBurst(),
      options: CalibrationOptions(mapping: ["orders-worker": "consumer"]))
    try expectWithin2Percent(plan, of: minutes.flatMap { $0 }, component: "consumer")
  }

  @Test func metricStatisticsPercentilesFitThePooledSamples() throws {
    let minutes = CalibrationFixtures.drifting(minutes: 30, perMinute: 1_000, seed: 4)
    let file = TelemetryFile(text: CalibrationFixtures.metricStatistics(minutes), name: "gms.json")
    let telemetry = try Telemetry.read(file)
    #expect(telemetry.format == .metricStatistics)
    let plan = try Calibration.plan(
      telemetry, model: try CalibrationFixtures.serverlessBurst(),
      options: CalibrationOptions(fallback: "consumer"))
    try expectWithin2Percent(plan, of: minutes.flatMap { $0 }, component: "consumer")
    #expect(plan.latencies[0].fit.count == minutes.reduce(0) { $0 + $1.count })
  }

  struct SampleCase: Sendable, CustomStringConvertible {
    var file: String
    var format: Telemetry.Format
    var options: CalibrationOptions
    var component: String
    var model: String
    var description: String { file }
  }

  static let sampleCases = [
    SampleCase(
      file: "xray-batch-get-traces.json", format: .traces,
      options: CalibrationOptions(mapping: ["serverless-burst-api/prod": "api"]),
      component: "api_lambda", model: "serverless-burst"),
    SampleCase(
      file: "xray-trace-summaries.json", format: .traceSummaries,
      options: CalibrationOptions(fallback: "api"), component: "api", model: "serverless-burst"),
    SampleCase(
      file: "alb-access.log", format: .albLog,
      options: CalibrationOptions(mapping: ["app/golden-path-alb/50dc6c495c0c9188": "alb"]),
      component: "ecs", model: "golden-path"),
    SampleCase(
      file: "apigateway-access.log", format: .apiGatewayLog, options: CalibrationOptions(),
      component: "api", model: "serverless-burst"),
  ]

  /// Traces and logs: the fit's p50 and p99 against the samples read without flowbook.
  @Test(arguments: sampleCases) func samplesFitWithin2Percent(_ sample: SampleCase) throws {
    let telemetry = try Telemetry.read(try CalibrationFixtures.file(sample.file))
    #expect(telemetry.format == sample.format)
    let model = try ModelLoader.load(
      file: ModelFixtures.datasets + "/\(sample.model).yaml", displayName: sample.model)
    let truth = try CalibrationFixtures.truth(sample.file)
    #expect(truth.count >= 100)
    for method in [LatencyFit.Method.empirical, .lognormal] {
      var options = sample.options
      options.method = method
      let plan = try Calibration.plan(telemetry, model: model, options: options)
      try expectWithin2Percent(plan, of: truth, component: sample.component)
    }
  }

  private func expectWithin2Percent(
    _ plan: Calibration, of samples: [Double], component: String,
    sourceLocation: SourceLocation = #_sourceLocation
  ) throws {
    let change = try #require(
      plan.latencies.first { $0.component == component }, sourceLocation: sourceLocation)
    for p in [0.5, 0.99] {
      let data = CalibrationFixtures.quantile(samples, p)
      let fitted = change.fit.distribution.quantile(p)
      #expect(
        abs(fitted - data) <= 0.02 * data,
        "\(component) p\(p * 100): fitted \(fitted), data \(data)", sourceLocation: sourceLocation)
      let reported = try #require(change.fit.point(p), sourceLocation: sourceLocation)
      #expect(abs(reported.fitted - fitted) <= 1e-9 * fitted, sourceLocation: sourceLocation)
    }
  }

  // MARK: - The day of metrics

  @Test func dayOfMetricsMapsByDimensionAndSetsTheWorkload() throws {
    let telemetry = try Telemetry.read(try CalibrationFixtures.file("serverless-burst-day.json"))
    let model = try CalibrationFixtures.serverlessBurst()
    let plan = try Calibration.plan(telemetry, model: model, options: CalibrationOptions())
    #expect(Set(plan.latencies.map(\.component)) == ["api", "api_lambda", "consumer"])
    #expect(plan.unmapped.isEmpty)
    let workload = try #require(plan.workload)
    #expect(workload.component == "api")
    // Independently: the api's Count sums over the day, divided by the day's seconds.
    let data = try Data(
      contentsOf: URL(fileURLWithPath: CalibrationFixtures.telemetry + "/serverless-burst-day.json")
    )
    let object = try JSONSerialization.jsonObject(with: data) as? [String: Any] ?? [:]
    let results = object["MetricDataResults"] as? [[String: Any]] ?? []
    let count = try #require(
      results.first { ($0["Label"] as? String) == "serverless-burst-api Count Sum" })
    let values = count["Values"] as? [Double] ?? []
    let mean = values.reduce(0, +) / 86_400
    #expect(abs(workload.series.mean - mean) <= 1e-9 * mean)
    #expect(abs(workload.series.peak - (values.max() ?? 0) / 900) <= 1e-9 * workload.series.peak)
    #expect(workload.series.rates.count == 96)
    let calibrated = try plan.applied(to: model)
    #expect(calibrated.workload.rate?.value == Calibration.rate(mean).value)
    let what = Set(plan.observations.map(\.what))
    #expect(what.contains("peak concurrent executions"))
    #expect(what.contains("oldest message age (max)"))
    #expect(what.contains("throttled"))
    // The consumer's window percentiles come from the p50/p90/p99 per period; p90 is the
    // lognormal's shape error, reported.
    let consumer = try #require(plan.latencies.first { $0.component == "consumer" })
    #expect(consumer.fit.point(0.9) != nil)
  }

  // MARK: - The command

  @Test func commandSetsTheModelRecordsTheFileAndWritesRates() throws {
    let folder = NSTemporaryDirectory() + "flowbook-calibrate-" + UUID().uuidString
    try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(atPath: folder) }
    let session = ModelFixtures.session()
    #expect(session.execute("load serverless-burst").succeeded)
    let cell = session.execute(
      "calibrate datasets/telemetry/serverless-burst-day.json rates \(folder)/peak.csv busiest 1 h")
    #expect(cell.succeeded, "\(cell.plainOutput)")
    #expect(cell.plainOutput.contains("latency fits"))
    #expect(cell.plainOutput.contains("workload"))
    let model = try #require(session.workspace.current)
    guard case .distribution(.lognormal) = model.component(named: "consumer")?["latency"] else {
      Issue.record("consumer latency is not the fitted lognormal")
      return
    }
    let csv = try String(contentsOfFile: folder + "/peak.csv", encoding: .utf8)
    #expect(csv.split(separator: "\n").count == 3_601)
    #expect(session.execute("simulate 2 s csv \"\(folder)/peak.csv\"").succeeded)
    #expect(
      session.notebook.inputs.contains { $0.hasSuffix("/telemetry/serverless-burst-day.json") })
    let text = NotebookWriter.text(for: session, savingTo: folder + "/story.md", stamped: false)
    #expect(text.contains("serverless-burst-day.json="))
    // diff names what calibrate changed; reset undoes it.
    #expect(session.execute("diff").plainOutput.contains("consumer.latency"))
  }

  @Test func dryRunChangesNothing() throws {
    let session = ModelFixtures.session()
    #expect(session.execute("load serverless-burst").succeeded)
    let before = session.workspace.current
    let cell = session.execute("calibrate datasets/telemetry/apigateway-access.log --dry-run")
    #expect(cell.succeeded, "\(cell.plainOutput)")
    #expect(cell.plainOutput.contains("would set"))
    #expect(session.workspace.current == before)
  }

  // MARK: - Errors

  struct ErrorCase: Sendable, CustomStringConvertible {
    var id: String
    var text: String
    var message: String
    var line: Int?
    var column: Int?
    var description: String { id }
  }

  static let errorCases = [
    ErrorCase(id: "empty", text: "", message: "the file is empty", line: 1, column: 1),
    ErrorCase(
      id: "broken JSON", text: "{\n  \"Datapoints\": [\n    {\"Timestamp\": 12,]\n}",
      message: "expected a quoted member name",
      line: 3, column: 22),
    ErrorCase(
      id: "timestamp type",
      text: "{\"Label\": \"Duration\",\n \"Datapoints\": [{\"Timestamp\": 5}]}",
      message: "each data point needs a \"Timestamp\"", line: 2, column: 17),
    ErrorCase(
      id: "unknown metric", text: "{\"Label\": \"CPUUtilization\", \"Datapoints\": []}",
      message: "does not read the metric 'CPUUtilization'", line: 1, column: 11),
    ErrorCase(
      id: "deep", text: String(repeating: "[", count: 5_000), message: "nests deeper than 64",
      line: 1,
      column: 65),
    ErrorCase(
      id: "values mismatch",
      text:
        "{\"MetricDataResults\": [{\"Id\": \"a\", \"Label\": \"f Duration p99\", \"Timestamps\": [\"2024-05-01T00:00:00Z\"], \"Values\": []}]}",
      message: "1 Timestamps but 0 Values", line: 1, column: 24),
    ErrorCase(
      id: "alb field",
      text:
        "http 2024-05-01T00:00:00.000000Z app/a/1 1.2.3.4:5 - 0.001 x 0.000 200 200 1 1 \"GET / HTTP/1.1\" \"-\" - - arn:targetgroup/t/1",
      message: "target_processing_time must be seconds", line: 1, column: 60),
    ErrorCase(
      id: "access log latency",
      text:
        "{\"responseLatency\": \"12\", \"integrationLatency\": \"30\"}\n{\"responseLatency\": \"x\"}\n",
      message: "integrationLatency is above responseLatency", line: 1, column: 49),
    ErrorCase(
      id: "xray document",
      text: "{\"Traces\": [{\"Segments\": [{\"Id\": \"1\", \"Document\": \"{nope\"}]}]}",
      message: "the segment Document is not JSON", line: 1, column: 51),
    ErrorCase(
      id: "prose", text: "hello world\n", message: "not a telemetry format", line: 1, column: 1),
  ]

  /// Every bad file gets an `error:` placed at its line and column.
  @Test(arguments: errorCases) func badFilesArePlaced(_ bad: ErrorCase) {
    let file = TelemetryFile(text: bad.text, name: "bad.json")
    do {
      _ = try Telemetry.read(file)
      Issue.record("\(bad.id) was read")
    } catch {
      #expect(error.message.contains(bad.message), "\(bad.id): \(error.message)")
      let rendered = CaretRenderer.render(error)
      if let line = bad.line, let column = bad.column {
        #expect(rendered.contains("bad.json:\(line):\(column)"), "\(bad.id): \(rendered)")
      }
    }
  }

  @Test func mappingMistakesAreNamed() throws {
    let telemetry = try Telemetry.read(
      try CalibrationFixtures.file("consumer-duration-statistics.json"))
    let model = try CalibrationFixtures.serverlessBurst()
    #expect(throws: Diagnostic.self) {
      try Calibration.plan(telemetry, model: model, options: CalibrationOptions())
    }
    do {
      _ = try Calibration.plan(
        telemetry, model: model, options: CalibrationOptions(fallback: "consumr"))
      Issue.record("a misspelt component was accepted")
    } catch {
      #expect(error.headline.contains("did you mean consumer"))
    }
    let session = ModelFixtures.session()
    _ = session.execute("load serverless-burst")
    let cell = session.execute(
      "calibrate datasets/telemetry/consumer-duration-statistics.json fit normal")
    #expect(!cell.succeeded)
    #expect(cell.plainOutput.contains("fit takes lognormal or empirical"))
  }
}
