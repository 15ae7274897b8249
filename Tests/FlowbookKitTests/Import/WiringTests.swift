import Testing

@testable import FlowbookKit

/// The path an import writes follows the template's wiring.
@Suite struct WiringTests {
  static func path(of file: String) throws -> String {
    let result = try TemplateImporter.importText(
      try TemplateImportTests.text(file), name: file)
    guard let range = result.yaml.range(of: "\npath:\n") else { return "" }
    return String(result.yaml[range.upperBound...])
  }

  @Test func restApiToFunctionToTable() throws {
    let path = try Self.path(of: "api-lambda-dynamodb.yaml")
    // Both Api events reach the same function: one route, not a branch of two.
    #expect(path == "  - serverless_rest_api\n  - items_function\n  - items_table\n")
  }

  @Test func apiToQueueToConsumerWithTheDLQOffThePath() throws {
    let path = try Self.path(of: "api-sqs-lambda-dlq.yaml")
    #expect(path == "  - orders_api\n  - orders_queue\n  - order_worker\n")
  }

  @Test func streamChainRunsFromTableToBucket() throws {
    let path = try Self.path(of: "ddb-streams-kinesis-firehose-s3.yaml")
    #expect(
      path == "  - orders_table\n  - orders_table_stream\n  - forwarder_function\n"
        + "  - change_stream\n  - archive_delivery\n  - archive_bucket\n")
  }

  @Test func fanOutIsABranchOverTheSubscribers() throws {
    let path = try Self.path(of: "sns-sqs-fanout.yaml")
    #expect(path.hasPrefix("  - order_events\n  - branch:\n"))
    #expect(path.contains("- billing_queue\n") && path.contains("- shipping_function\n"))
  }

  @Test func busRuleTargetAndScheduleAsSegment() throws {
    let result = try TemplateImporter.importText(
      try TemplateImportTests.text("eventbridge-lambda.yaml"), name: "e.yaml")
    #expect(result.entry == "orders_bus")
    #expect(result.segments == ["from_report_function_every15_minutes"])
    #expect(
      result.yaml.contains(
        "  from_report_function_every15_minutes:\n    - report_function_every15_minutes\n    - report_function\n"
      ))
  }

  @Test func aScheduleEntryGivesTheWorkloadItsRate() throws {
    #expect(ScheduleRate("rate(15 minutes)")?.text == "4 req / hour")
    #expect(ScheduleRate("rate(1 day)")?.text == "0.0417 req / hour")
    #expect(ScheduleRate("cron(0 12 * * ? *)") == nil)
    #expect(ScheduleRate("rate(0 minutes)") == nil)
  }

  @Test func distributionRoutesToBucketAndApiBehindItsHitRate() throws {
    let path = try Self.path(of: "cloudfront-s3-api.yaml")
    #expect(path.contains("p: distribution.hit_rate"))
    #expect(path.contains("- site_bucket\n") && path.contains("- api_function\n"))
  }

  @Test func loadBalancerToServiceToTheCacheItsContainersName() throws {
    let path = try Self.path(of: "alb-ecs-elasticache.yaml")
    #expect(path == "  - load_balancer\n  - catalog_service\n  - catalog_cache\n")
  }

  @Test func workflowCallsItsFunctionsInOrder() throws {
    let path = try Self.path(of: "step-functions.yaml")
    #expect(
      path == "  - serverless_rest_api\n  - checkout_state_machine\n  - validate_function\n"
        + "  - charge_function\n")
  }
}
