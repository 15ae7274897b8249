import Foundation
import Testing

@testable import FlowbookKit

/// The availability composition rules against hand-computed cases, the catalog's sourcing
/// rules, and both seed models end to end.
struct AvailabilityTests {
  static func catalog() throws -> AvailabilityCatalog {
    try AvailabilityAnalysis.catalog(directory: ModelFixtures.datasets)
  }

  static func near(
    _ actual: Double, _ expected: Double, _ what: String, within tolerance: Double = 1e-12,
    sourceLocation: SourceLocation = #_sourceLocation
  ) {
    #expect(
      abs(actual - expected) <= tolerance, "\(what): \(actual) vs \(expected)",
      sourceLocation: sourceLocation)
  }

  // MARK: - Rules

  @Test func seriesMultiplies() {
    Self.near(AvailabilityTree.series([.part(0.999), .part(0.9995)]).availability, 0.9985005, "")
    Self.near(AvailabilityTree.series([]).availability, 1, "an empty series")
  }

  @Test func branchTakesTheShareWeightedMean() {
    let tree = AvailabilityTree.branch([
      .init(weight: 0.95, .part(0.999)), .init(weight: 0.05, .part(0.99)),
    ])
    // 0.95 × 0.999 + 0.05 × 0.99 = 0.94905 + 0.0495
    Self.near(tree.availability, 0.99855, "branch")
  }

  @Test func fanOutWaitingForAllIsThePower() {
    // (1 − 1e-4)^5 = 1 − 5e-4 + 1e-7 − 1e-11 + 5e-16 − 1e-20
    Self.near(AvailabilityTree.fanOut(count: 5, .part(0.9999)).availability, 0.99950009999, "")
    // Parallel parts that must all succeed are a series of their availabilities.
    Self.near(AvailabilityTree.fanOut(count: 2, .part(0.99)).availability, 0.9801, "")
  }

  @Test func retryFailsOnlyWhenEveryAttemptFails() {
    Self.near(AvailabilityTree.retry(attempts: 3, .part(0.99)).availability, 0.999999, "")
    Self.near(AvailabilityTree.retry(attempts: 1, .part(0.99)).availability, 0.99, "one attempt")
  }

  @Test func redundantPartsFailTogetherOnly() {
    // 1 − 0.01 × 0.02
    Self.near(AvailabilityTree.redundant([.part(0.99), .part(0.98)]).availability, 0.9998, "")
    Self.near(AvailabilityTree.redundant([]).availability, 0, "no replica")
  }

  @Test func fiveNinesKeepTheirDigits() {
    let tree = AvailabilityTree.series(Array(repeating: .part(0.99999), count: 3))
    // 1 − (1 − 1e-5)^3 = 3e-5 − 3e-10 + 1e-15
    #expect(abs(tree.unavailability - 2.99997000001e-5) < 1e-14)
    #expect(AvailabilityAnalysis.percent(0.99999) == "99.999%")
    #expect(AvailabilityAnalysis.percent(0.9999999) == "99.99999%")
    #expect(AvailabilityAnalysis.percent(0.99855) == "99.855%")
    #expect(AvailabilityAnalysis.percent(1) == "100%")
  }

  // MARK: - The path

  static let small = """
    flowbook: 1
    name: small
    components:
      api: {kind: gateway, latency: 3 ms}
      cache: {kind: cache, latency: 1 ms, hit_rate: 90%}
      fn: {kind: function, latency: 5 ms, availability: 99.9%}
      db: {kind: database, latency: 5 ms, availability: 99%}
      queue: {kind: queue, latency: 5 ms}
    workload: {rate: 100 rps}
    path:
      - api
      - queue
      - branch:
          - {name: hit, p: cache.hit_rate}
          - name: miss
            p: rest
            path:
              - fn
              - retry: {timeout: 1 s, attempts: 3, backoff: 0 ms, path: [db]}
              - parallel: {count: 2, path: [db]}
    """

  static func load(_ text: String) throws -> PathModel {
    try ModelLoader.load(text: text, name: "small.yaml")
  }

  @Test func thePathComposesByHand() throws {
    let report = try AvailabilityAnalysis.report(Self.load(Self.small), catalog: Self.catalog())
    // api: the API Gateway SLA 99.95 %; queue: SQS unconfirmed, counted as 100 %;
    // miss arm: fn 0.999 × (1 − 0.01³) × 0.99².
    let miss = 0.999 * (1 - 1e-6) * 0.99 * 0.99
    Self.near(report.availability, 0.9995 * 1 * (0.9 * 1 + 0.1 * miss), "small path")
    #expect(report.unconfirmed == ["queue"])
    #expect(report.parts.map(\.name) == ["api", "queue", "fn", "db"])
    #expect(report.parts.first { $0.name == "fn" }?.source == .parameter)
    guard case .catalog(let entry)? = report.parts.first?.source else {
      Issue.record("api should come from the catalog")
      return
    }
    #expect(entry.id == "apigateway.api")
    #expect(entry.provenance.source.hasPrefix("https://aws.amazon.com/"))
  }

  @Test func theParameterOverridesTheCatalog() throws {
    let session = ModelFixtures.session()
    #expect(session.execute("set api_gateway.availability = 99%").succeeded)
    let data = try #require(Self.data(session.execute("availability")))
    guard case .array(let rows)? = data["components"] else {
      Issue.record("no components in \(data)")
      return
    }
    let gateway = try #require(rows.first { $0["component"] == .string("api_gateway") })
    #expect(gateway["source"] == .string("parameter"))
    #expect(gateway["availability"] == .number(0.99))
  }

  @Test func unconfirmedPartsAreNamedLoudly() throws {
    let session = ModelFixtures.session()
    let cell = session.execute("availability")
    #expect(cell.succeeded)
    #expect(cell.plainOutput.contains("UNCONFIRMED: dns, lambda have no confirmed SLA"))
    #expect(cell.plainOutput.contains("UNCONFIRMED lambda.function (no AWS page confirmed it)"))
  }

  // MARK: - Seeds

  @Test func goldenPathEndToEndAndBudget() throws {
    let model = try ModelFixtures.golden()
    let report = try AvailabilityAnalysis.report(model, catalog: Self.catalog())
    // dns, lambda unconfirmed (1); cdn 99.9; waf 99.95; alb 99.99 (3 zones); gateway 99.95;
    // redis 99.9 (the seed's own figure); dynamodb a global table 99.999; ecs 99.99; s3 99.9.
    let (redis, db) = (0.999, 0.99999)
    let lambdaTier = 1 * redis * (0.85 + 0.15 * db * redis)
    let ecsTier = 0.9999 * redis * (0.9 + 0.1 * pow(db, 5) * 0.999 * redis)
    let origin = 0.9995 * 0.9999 * 0.9995 * (0.6 * lambdaTier + 0.4 * ecsTier)
    let expected = 1 * 0.999 * (0.95 + 0.05 * origin)
    Self.near(report.availability, expected, "golden path")
    #expect(report.unconfirmed == ["dns", "lambda"])
    Self.near(report.monthMinutes, 43_800, "730-hour month")
    Self.near(report.downtimeMinutes, (1 - expected) * 43_800, "downtime", within: 1e-8)
    Self.near(report.budgetMinutes, 43.8, "99.9 % of a month", within: 1e-8)
    Self.near(
      report.remainingMinutes, 43.8 - (1 - expected) * 43_800, "remaining", within: 1e-8)
  }

  @Test func serverlessBurstEndToEndAndBudget() throws {
    let model = try ModelLoader.load(
      file: ModelFixtures.datasets + "/serverless-burst.yaml", displayName: "serverless-burst")
    let report = try AvailabilityAnalysis.report(
      model, catalog: Self.catalog(), objective: 0.9995)
    // route53, cognito, Lambda, SQS and Step Functions unconfirmed (1); CloudFront 99.9;
    // API Gateway 99.95; the table declares replication_lag: Global Tables 99.999; S3 99.9.
    let table = 0.99999
    let durable = 0.8 * (1 - pow(1 - table, 3)) + 0.15 * 0.999 + 0.05 * table
    let expected = 0.999 * 0.9995 * (0.2 * table + 0.8 * durable)
    Self.near(report.availability, expected, "serverless burst")
    #expect(
      report.unconfirmed == [
        "route53", "cognito", "api_lambda", "intake_queue", "queue_wait", "consumer", "workflow",
      ])
    Self.near(report.budgetMinutes, 0.0005 * 43_800, "99.95 % of a month", within: 1e-8)
    #expect(report.remainingMinutes < 0, "CloudFront and API Gateway alone burn more than 21.9 min")
  }

  // MARK: - Catalog

  @Test func everyCommitmentIsSourcedOrUnconfirmed() throws {
    let catalog = try Self.catalog()
    #expect(catalog.entries.count >= 20)
    for entry in catalog.entries {
      #expect(entry.provenance.asOf == "2026-12-07", "\(entry.id)")
      if let value = entry.value {
        #expect(value > 90 && value <= 100, "\(entry.id)")
        #expect(
          entry.provenance.source.contains("aws.amazon.com")
            || entry.provenance.source.contains("docs.aws"), "\(entry.id)")
      } else {
        #expect(entry.provenance.status == .unconfirmed, "\(entry.id)")
      }
    }
    #expect(catalog["dynamodb.global_tables"]?.value == 99.999)
    #expect(catalog["dynamodb.standard"]?.value == 99.99)
    #expect(catalog["lambda.function"]?.value == nil)
  }

  @Test(arguments: [
    ("value: 99.9\n    status: unconfirmed", "an unconfirmed commitment must have 'value: null'"),
    ("value: null", "'value: null' needs 'status: unconfirmed'"),
    ("value: 120", "'value' is a percentage in (0, 100]"),
  ])
  func badEntriesAreRefusedWithTheirPlace(field: String, message: String) {
    let text = """
      schema: flowbook-availability/1
      region: us-east-1
      commitments:
        - id: x.y
          service: X
          \(field)
          measured: requests
          source: https://aws.amazon.com/x/sla/
          as_of: 2026-12-07
          as_of_basis: read date
          confidence: A
      """
    #expect(throws: CatalogError.self) { try AvailabilityCatalog(yaml: text, file: "a.yaml") }
    do {
      _ = try AvailabilityCatalog(yaml: text, file: "a.yaml")
    } catch {
      #expect(error.description.contains(message), "\(error.description)")
      #expect(error.description.contains("a.yaml:"), "\(error.description)")
    }
  }

  @Test func componentsMapToTheirService() throws {
    let model = try ModelFixtures.golden()
    let ids = model.components.map { AvailabilityAnalysis.catalogID(for: $0) }
    #expect(
      ids == [
        "route53.dns", "cloudfront.distribution", "waf.web_acl", "elb.multi_az",
        "apigateway.api", "lambda.function", "ecs.region", "elasticache.multi_az",
        "dynamodb.global_tables", "s3.standard", "sqs.queue",
      ])
  }

  static func data(_ cell: Cell) -> [String: JSONValue]? {
    guard case .success(let result) = cell.outcome, case .object(let pairs) = result.data
    else { return nil }
    return Dictionary(pairs, uniquingKeysWith: { first, _ in first })
  }
}
