import Foundation
import Testing

@testable import FlowbookKit

/// Imports every template under datasets/templates/ and checks that the model loads, that
/// the analyses and a short simulation run on it, and that each figure the template states
/// is in the model.
@Suite struct TemplateImportTests {
  /// A template, and figures it states: (component.parameter, value as the model writes it).
  struct Case: CustomTestStringConvertible, Sendable {
    var file: String
    var figures: [(String, String)]
    var format: String
    var testDescription: String { file }
  }

  static let cases: [Case] = [
    Case(
      file: "api-lambda-dynamodb.yaml",
      figures: [
        ("items_function.memory", "512 MB"), ("items_function.timeout", "10 s"),
        ("items_function.reserved_concurrency", "50"),
        ("items_function.architecture", "arm64"),
        ("items_table.read_capacity", "25 rps"), ("items_table.write_capacity", "10 rps"),
        ("items_table.capacity_mode", "provisioned"),
      ], format: "SAM"),
    Case(
      file: "api-sqs-lambda-dlq.yaml",
      figures: [
        ("orders_api.rate_limit", "500 rps"), ("orders_api.burst_limit", "200"),
        ("orders_queue.visibility_timeout", "180 s"), ("orders_queue.max_receive_count", "3"),
        ("orders_queue.dead_letter_queue", "orders_dlq"), ("orders_queue.batch_size", "5"),
        ("orders_queue.consumer", "order_worker"), ("orders_queue.batch_failure", "item"),
        ("order_worker.memory", "256 MB"), ("order_worker.timeout", "30 s"),
        ("order_worker.reserved_concurrency", "20"),
      ], format: "CloudFormation"),
    Case(
      file: "httpapi-lambda-sqs-lambda.yaml",
      figures: [
        ("producer_function.memory", "1024 MB"), ("producer_function.timeout", "5 s"),
        ("producer_function.provisioned_concurrency", "5"),
        ("work_queue.visibility_timeout", "120 s"), ("work_queue.batch_size", "10"),
        ("consumer_function.memory", "2048 MB"), ("consumer_function.timeout", "20 s"),
        ("consumer_function.reserved_concurrency", "10"),
        ("consumer_function.architecture", "arm64"),
      ], format: "SAM"),
    Case(
      file: "ddb-streams-kinesis-firehose-s3.yaml",
      figures: [
        ("orders_table.capacity_mode", "on-demand"), ("change_stream.shards", "4"),
        ("change_stream.retention", "48 h"), ("orders_table_stream.batch_size", "100"),
        ("archive_delivery.buffer_interval", "120 s"), ("forwarder_function.memory", "256 MB"),
        ("forwarder_function.timeout", "60 s"),
      ], format: "SAM"),
    Case(
      file: "sns-sqs-fanout.yaml",
      figures: [
        ("billing_queue.visibility_timeout", "90 s"),
        ("shipping_queue.visibility_timeout", "300 s"), ("shipping_queue.batch_size", "4"),
        ("order_events.subscribers", "2"), ("billing_function.memory", "512 MB"),
        ("shipping_function.timeout", "45 s"),
      ], format: "SAM"),
    Case(
      file: "eventbridge-lambda.yaml",
      figures: [
        ("recorder_function.memory", "256 MB"), ("recorder_function.timeout", "8 s"),
        ("recorder_function.reserved_concurrency", "25"), ("report_function.memory", "1769 MB"),
        ("report_function.timeout", "300 s"), ("events_table.capacity_mode", "on-demand"),
      ], format: "SAM"),
    Case(
      file: "step-functions.yaml",
      figures: [
        ("checkout_state_machine.type", "express"),
        ("checkout_state_machine.state_transitions", "3"),
        ("validate_function.memory", "128 MB"), ("validate_function.timeout", "3 s"),
        ("charge_function.reserved_concurrency", "100"), ("charge_function.timeout", "12 s"),
      ], format: "SAM"),
    Case(
      file: "cloudfront-s3-api.yaml",
      figures: [
        ("distribution.ttl", "86400 s"), ("api_function.memory", "640 MB"),
        ("api_function.timeout", "6 s"), ("site_api.api_type", "http"),
      ], format: "SAM"),
    Case(
      file: "alb-ecs-elasticache.yaml",
      figures: [
        ("catalog_service.tasks", "6"), ("catalog_service.memory", "2048 MB"),
        ("catalog_cache.node_type", "cache.r7g.large"), ("catalog_cache.nodes", "3"),
      ], format: "CloudFormation"),
    Case(
      file: "queue-worker.json",
      figures: [
        ("worker.memory", "1536 MB"), ("worker.timeout", "25 s"),
        ("worker.reserved_concurrency", "40"), ("job_queue.visibility_timeout", "150 s"),
        ("job_queue.max_receive_count", "5"), ("job_queue.dead_letter_queue", "job_dlq"),
        ("job_queue.batch_size", "8"), ("results_table.read_capacity", "5 rps"),
        ("results_table.write_capacity", "40 rps"),
      ], format: "CloudFormation"),
    Case(
      file: "terraform-plan.json",
      figures: [
        ("api.memory", "512 MB"), ("api.timeout", "10 s"), ("api.reserved_concurrency", "30"),
        ("api.provisioned_concurrency", "2"), ("api.architecture", "arm64"),
        ("jobs.visibility_timeout", "60 s"), ("jobs.dead_letter_queue", "jobs_dlq"),
        ("jobs.batch_size", "10"), ("worker.memory", "1024 MB"), ("worker.timeout", "30 s"),
        ("results.read_capacity", "20 rps"), ("results.write_capacity", "15 rps"),
      ], format: "Terraform plan"),
  ]

  static func text(_ file: String) throws -> String {
    try String(contentsOfFile: ModelFixtures.datasets + "/templates/" + file, encoding: .utf8)
  }

  @Test(arguments: cases) func importedModelStatesTheTemplatesFigures(_ c: Case) throws {
    let result = try TemplateImporter.importText(try Self.text(c.file), name: c.file)
    #expect(result.format == c.format)
    let model = try ModelLoader.load(text: result.yaml, name: c.file)
    for (address, expected) in c.figures {
      let parts = address.split(separator: ".").map(String.init)
      let value = try model.value(
        at: ParameterAddress(component: parts[0], parameter: parts[1]))
      let wanted = try ModelLoader.load(
        text: "components:\n  \(parts[0]):\n    kind: "
          + (model.component(named: parts[0])?.kind.rawValue ?? "")
          + "\n    latency: 1 ms\n    \(parts[1]): \(expected)\npath: [\(parts[0])]\n",
        name: "expected"
      ).value(at: ParameterAddress(component: parts[0], parameter: parts[1]))
      #expect(value == wanted, "\(c.file): \(address) is \(value.formatted), not \(expected)")
      #expect(
        result.yaml.contains("\(parts[1]): \(expected) "),
        "\(c.file): the YAML does not write \(parts[1]): \(expected)")
    }
    #expect(!result.assumed.isEmpty, "\(c.file): an import always assumes latencies")
    #expect(result.yaml.contains("# assumed: "))
  }

  @Test(arguments: cases) func analysesAndSimulationRunOnTheImport(_ c: Case) throws {
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent(
      "flowbook-import-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: directory) }
    try Self.text(c.file).write(
      to: directory.appendingPathComponent(c.file), atomically: true, encoding: .utf8)
    let session = Session(environment: SessionEnvironment(workingDirectory: directory.path))
    for command in [
      "import \(c.file) -o model.yaml", "latency", "cost", "capacity", "simulate 5 s",
      "load model.yaml",
    ] {
      let cell = session.execute(command)
      guard case .success = cell.outcome else {
        Issue.record("\(c.file): \(command) failed:\n\(cell.plainOutput)")
        return
      }
      let output = cell.plainOutput
      #expect(
        !output.contains("nan") && !output.contains("inf "), "\(c.file) \(command): \(output)")
    }
  }

  @Test func importIsDeterministic() throws {
    for c in Self.cases {
      let text = try Self.text(c.file)
      let first = try TemplateImporter.importText(text, name: c.file).yaml
      let second = try TemplateImporter.importText(text, name: c.file).yaml
      #expect(first == second, "\(c.file)")
    }
  }
}
