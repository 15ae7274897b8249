import Foundation
import Testing

@testable import FlowbookKit

private let quotaHeader = """
  schema: flowbook-quotas/1
  region: us-east-1
  quotas:

  """

@Suite("Quota catalog")
struct QuotaCatalogTests {
  /// Every shipped quota must be reviewable: source URL, dated, a confidence code, and a value
  /// unless explicitly unconfirmed (with a note saying why).
  @Test func everyShippedQuotaHasSourceDateAndValueOrUnconfirmedStatus() throws {
    let catalog = try PricingTestData.quotas()
    #expect(catalog.region == "us-east-1")
    #expect(catalog.entries.count > 50)
    for entry in catalog.entries {
      let place = "\(entry.id) at \(entry.provenance.location)"
      #expect(entry.provenance.source.hasPrefix("https://"), "\(place): no https source")
      #expect(CatalogReader.isDate(entry.provenance.asOf), "\(place): no as-of date")
      #expect(!entry.unit.isEmpty, "\(place): no unit")
      if let value = entry.value {
        #expect(value.isFinite && value >= 0, "\(place)")
        #expect(entry.provenance.status != .unconfirmed, "\(place)")
      } else {
        #expect(entry.provenance.status == .unconfirmed, "\(place): null without status")
        #expect(entry.provenance.note?.isEmpty == false, "\(place): unconfirmed without note")
      }
    }
  }

  /// The limits the golden-path and burst designs lean on, as the facts sheet gives them.
  @Test(arguments: [
    ("lambda.concurrency.account", 1000.0),
    ("lambda.concurrency.unreserved_minimum", 100),
    ("lambda.scaling.environments_per_10s", 1000),
    ("lambda.timeout.max", 900),
    ("lambda.memory.min", 128),
    ("lambda.memory.max", 10240),
    ("apigateway.throttle.account_rps", 10000),
    ("apigateway.throttle.account_burst", 5000),
    ("dynamodb.partition.read_units_max", 3000),
    ("dynamodb.partition.write_units_max", 1000),
    ("dynamodb.ondemand.new_table.write_units", 4000),
    ("dynamodb.ondemand.new_table.read_units", 12000),
    ("dynamodb.ondemand.table.read_units_max", 40000),
    ("sqs.inflight.standard", 120_000),
    ("sqs.inflight.fifo", 20_000),
    ("lambda.esm.sqs.initial_batches", 5),
    ("lambda.esm.sqs.scale_up_per_minute", 300),
    ("lambda.esm.sqs.max_batches", 1000),
    ("lambda.esm.sqs.batch_size.max_standard", 10000),
    ("lambda.esm.sqs.batch_size.max_fifo", 10),
    ("kinesis.shard.write_bytes", 1),
    ("kinesis.shard.write_records", 1000),
    ("kinesis.shard.read_bytes", 2),
    ("waf.rate_based_rule.window.min", 60),
    ("firehose.stream.requests_per_second", 2000),
    ("firehose.stream.records_per_second", 5000),
    ("firehose.stream.bytes_per_second", 5),
  ])
  func shippedQuota(_ id: String, is value: Double) throws {
    let entry = try #require(try PricingTestData.quotas()[id])
    #expect(entry.value == value)
  }

  @Test func adjustabilityIsRecordedWhereTheSourcesSayIt() throws {
    let quotas = try PricingTestData.quotas()
    #expect(quotas["lambda.concurrency.account"]?.adjustable == true)
    #expect(quotas["apigateway.throttle.account_burst"]?.adjustable == false)
    #expect(quotas["lambda.scaling.environments_per_10s"]?.scope == "per function")
  }

  @Test(arguments: [
    "dynamodb.global_tables.replication_lag", "lambda.cold_start.typical",
    "elasticache.failover.duration", "route53.failover.dns_ttl_effects",
    "stepfunctions.express.start_execution_rps", "cognito.user_authentication.rps",
    "cloudwatch.put_metric_data.tps", "cloudwatch.logs.put_log_events.tps",
    "xray.segments_per_second",
  ])
  func unsourcedLimitsAreUnconfirmed(_ id: String) throws {
    let entry = try #require(try PricingTestData.quotas()[id])
    #expect(entry.value == nil)
    #expect(entry.provenance.status == .unconfirmed)
  }

  @Test(arguments: [
    MalformedCase(
      name: "missing as_of",
      yaml: quotaHeader + """
          - 1️⃣id: lambda.timeout.max
            value: 900
            unit: s
            source: https://docs.aws.amazon.com/lambda/latest/dg/gettingstarted-limits.html
            as_of_basis: read date
            confidence: A
        """,
      message: "has no 'as_of'"),
    MalformedCase(
      name: "negative value",
      yaml: quotaHeader + """
          - id: lambda.timeout.max
            value: 1️⃣-900
            unit: s
            source: https://docs.aws.amazon.com/lambda/latest/dg/gettingstarted-limits.html
            as_of: 2026-11
            as_of_basis: read date
            confidence: A
        """,
      message: "must not be negative"),
    MalformedCase(
      name: "unconfirmed quota with a number",
      yaml: quotaHeader + """
          - id: dynamodb.global_tables.replication_lag
            value: 1️⃣1
            unit: s
            source: https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/
            as_of: 2026-11
            as_of_basis: read date
            confidence: UNCONFIRMED
            status: unconfirmed
        """,
      message: "an unconfirmed quota must have 'value: null'"),
    MalformedCase(
      name: "wrong schema",
      yaml: """
        schema: 1️⃣flowbook-prices/1
        region: us-east-1
        quotas: []
        """,
      message: "'schema' must be 'flowbook-quotas/1'"),
    MalformedCase(
      name: "adjustable is not a boolean",
      yaml: quotaHeader + """
          - id: lambda.timeout.max
            value: 900
            unit: s
            adjustable: 1️⃣sometimes
            source: https://docs.aws.amazon.com/lambda/latest/dg/gettingstarted-limits.html
            as_of: 2026-11
            as_of_basis: read date
            confidence: A
        """,
      message: "'adjustable' must be true or false"),
  ])
  func malformedQuotaFileIsReportedAtFileLineColumn(_ example: MalformedCase) {
    let marked = MarkedText(example.yaml)
    let (line, column) = marked.lineAndColumn
    do {
      _ = try QuotaCatalog(yaml: marked.text, file: "quotas.yaml")
      Issue.record("\(example.name): loaded without an error")
    } catch {
      let expected = "quotas.yaml:\(line):\(column): error:"
      let hit = error.problems.contains {
        $0.description.hasPrefix(expected) && $0.message.contains(example.message)
      }
      #expect(hit, "expected '\(expected) …\(example.message)…', got:\n\(error)")
    }
  }
}
