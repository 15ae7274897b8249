import Foundation
import Quantities
import Testing

@testable import FlowbookKit

/// AWS's published pricing examples reproduced through the path-model cost analysis (the
/// model files are in datasets/examples/, each citing its page), and the golden path's
/// cost checked against the rules it must follow.
@Suite("Cost analysis")
struct CostAnalysisTests {
  static func example(_ name: String) throws -> PathModel {
    try ModelLoader.load(
      file: ModelFixtures.datasets + "/examples/\(name).yaml",
      displayName: "datasets/examples/\(name).yaml")
  }

  static let alwaysFree = CostAnalysis.Options(freeTier: .alwaysFree)

  // MARK: - AWS's examples

  /// Lambda "Example 1: Mobile application backend" with the free tier: $0.40 + $2.33 = $2.73.
  @Test func lambdaMobileBackendToTheCent() throws {
    let report = try CostAnalysis.report(
      Self.example("aws-lambda-mobile-backend"), prices: PricingTestData.prices(),
      options: Self.alwaysFree)
    expectBill(
      report.bill,
      lines: [
        ExpectedLine("lambda.request", 0.40, quantity: 2_000_000),
        ExpectedLine("lambda.duration.x86", 2.33, quantity: 140_000),
      ], total: 2.73)
    #expect(report.gaps.isEmpty)
  }

  /// Lambda "Example 2: Enriching streaming telemetry" (no free tier): 7.44M requests of
  /// 2 s at 1,024 MB: $1.49 + $248.00 = $249.49.
  ///
  /// The example model is changed with `set`.
  @Test func lambdaTelemetryToTheCent() throws {
    var model = try Self.example("aws-lambda-mobile-backend")
    model = try model.setting(
      ParameterAddress("backend.latency").unwrapped(),
      to: .quantity(Quantity(2, unit: unit("s"))))
    model = try model.setting(
      ParameterAddress("backend.memory").unwrapped(),
      to: .quantity(Quantity(1024, unit: unit("MB"))))
    let perMonth = 7_440_000 / UnitTable.monthSeconds
    model = try model.setting(
      ParameterAddress("workload.rate").unwrapped(),
      to: .quantity(Quantity(exactly: perMonth, .rate)))
    let report = try CostAnalysis.report(model, prices: PricingTestData.prices())
    expectBill(
      report.bill,
      lines: [
        ExpectedLine("lambda.request", 1.49, quantity: 7_440_000),
        ExpectedLine("lambda.duration.x86", 248.00, quantity: 14_880_000),
      ], total: 249.49)
  }

  /// API Gateway REST, 5M calls returning 3 KB: $17.50 + $1.29 = $18.79 (the gateway is
  /// the path's edge, so it bills the data out).
  @Test func apiGatewayRESTToTheCent() throws {
    let report = try CostAnalysis.report(
      Self.example("aws-apigateway-rest"),
      prices: PricingTestData.prices())
    expectBill(
      report.bill,
      lines: [
        ExpectedLine("apigateway.rest.request", 17.50, quantity: 5_000_000),
        ExpectedLine("apigateway.data_transfer_out", 1.29),
      ], total: 18.79)
  }

  /// HTTP APIs "Pricing Example 1": 432M calls of 12 KB a month, across both tiers:
  /// $300 + $118.80 = $418.80.
  @Test func apiGatewayHTTPAcrossTiersToTheCent() throws {
    var model = try Self.example("aws-apigateway-rest")
    model = try model.setting(ParameterAddress("api.api_type").unwrapped(), to: .text("http"))
    model = try model.setting(
      ParameterAddress("workload.request_size").unwrapped(),
      to: .quantity(Quantity(12, unit: unit("KiB"))))
    model.workload.parameters.removeAll { $0.name == "response_size" }
    model = try model.setting(
      ParameterAddress("workload.rate").unwrapped(),
      to: .quantity(
        Quantity(
          exactly: 432e6 / UnitTable.monthSeconds,
          .rate)))
    let report = try CostAnalysis.report(model, prices: PricingTestData.prices())
    expectBill(
      report.bill,
      lines: [
        ExpectedLine("apigateway.http.request", 300.00, quantity: 300_000_000),
        ExpectedLine("apigateway.http.request", 118.80, quantity: 132_000_000),
      ], total: 418.80)
  }

  // MARK: - The golden path

  @Test func onlyCacheMissesReachTheOrigin() throws {
    let report = try CostAnalysis.report(ModelFixtures.golden(), prices: PricingTestData.prices())
    let visits = Dictionary(uniqueKeysWithValues: report.components.map { ($0.name, $0.visits) })
    #expect(visits["cdn"] == 1)
    #expect(abs((visits["api_gateway"] ?? 0) - 0.05) < 1e-12)
    #expect(abs((visits["lambda"] ?? 0) - 0.03) < 1e-12)
    #expect(abs((visits["ecs"] ?? 0) - 0.02) < 1e-12)
    // Redis: every origin request reads it; Lambda misses (15 %) and ECS misses (10 %) set it.
    #expect(abs((visits["redis"] ?? 0) - 0.05 * (1 + 0.6 * 0.15 + 0.4 * 0.1)) < 1e-12)
    // DynamoDB: one query per Lambda miss, five parallel queries per ECS miss.
    #expect(abs((visits["dynamodb"] ?? 0) - 0.05 * (0.6 * 0.15 + 0.4 * 0.1 * 5)) < 1e-12)
  }

  /// The gateway's 111.69B calls a month are billed on all four REST tiers, pooled: the
  /// seed's $3.50 is the first tier's list price, not a flat rate.
  @Test func gatewayCallsAreBilledOnTheMonthsTiers() throws {
    let report = try CostAnalysis.report(ModelFixtures.golden(), prices: PricingTestData.prices())
    let calls = 850_000 * 0.05 * UnitTable.monthSeconds
    let expected =
      333e6 * 3.50 / 1e6 + 667e6 * 2.80 / 1e6 + 19e9 * 2.38 / 1e6
      + (calls - 20e9) * 1.51 / 1e6
    let gateway = try #require(report.components.first { $0.name == "api_gateway" })
    #expect(abs(gateway.variableMonthly - expected) < 1e-6 * expected)
    #expect(report.bill.items.filter { $0.priceID == "apigateway.rest.request" }.count == 4)
  }

  /// Route 53 sees only resolver-cache misses (82 % hit, from the seed's 400B queries a
  /// month); the golden path's records are aliases to CloudFront, which Route 53 does not
  /// charge for; as plain records they are priced at the geolocation rate.
  @Test func routeFiftyThreeSeesResolverMisses() throws {
    let golden = try ModelFixtures.golden()
    let report = try CostAnalysis.report(golden, prices: PricingTestData.prices())
    let alias = report.bill.items.filter { $0.priceID == "route53.query.alias" }
    let queries = alias.reduce(0) { $0 + $1.quantity }
    #expect(abs(queries - 850_000 * 0.18 * UnitTable.monthSeconds) < 1)
    #expect(abs(queries / 400e9 - 1) < 0.01, "the seed's 400B queries a month")
    #expect(alias.reduce(0) { $0 + $1.cost } == 0)
    let plain = try golden.setting(
      ParameterAddress("dns.alias").unwrapped(), to: .text("no"))
    let priced = try CostAnalysis.report(plain, prices: PricingTestData.prices())
    let geo = priced.bill.items.filter { $0.priceID == "route53.query.geo" }
    #expect(abs(geo.reduce(0) { $0 + $1.quantity } - queries) < 1)
    // 1B at $0.70/M, the rest at $0.35/M.
    #expect(abs(geo.reduce(0) { $0 + $1.cost } - (700 + (queries - 1e9) * 0.35e-6)) < 1e-6)
  }

  /// Data transfer counts bytes on the wire (847 KB less the 73 % compression saves) and
  /// splits by viewer geography (40 % US, 35 % Europe, 25 % India), each region on its own
  /// tiers.
  @Test func dataTransferIsCompressedAndSplitByGeography() throws {
    let report = try CostAnalysis.report(ModelFixtures.golden(), prices: PricingTestData.prices())
    let gigabytes = 850_000 * UnitTable.monthSeconds * 847_000 * 0.27 / 1_073_741_824
    for (region, share) in [("us", 0.40), ("europe", 0.35), ("india", 0.25)] {
      let rows = report.bill.items.filter { $0.priceID == "cloudfront.data_out.\(region)" }
      let quantity = rows.reduce(0) { $0 + $1.quantity }
      #expect(abs(quantity / (gigabytes * share) - 1) < 1e-9, "\(region)")
    }
    let india = report.bill.items.filter { $0.priceID == "cloudfront.data_out.india" }
    #expect(india.first?.unitPrice == 0.109)
  }

  /// Fixed costs apart: a hosted zone and two health checks, the web ACL and its three
  /// rules, the ALB's hours (its LCUs set to none here; `albLCUsAreTheHighestDimension`).
  @Test func fixedCostsAreApart() throws {
    let model = try ModelFixtures.golden().setting(
      ParameterAddress("alb.lcus").unwrapped(), to: .quantity(Quantity(exactly: 0)))
    let report = try CostAnalysis.report(model, prices: PricingTestData.prices())
    let fixed = Dictionary(
      uniqueKeysWithValues: report.components.map { ($0.name, $0.fixedMonthly) })
    #expect(cents(fixed["dns"] ?? 0) == 1_50)
    #expect(cents(fixed["waf"] ?? 0) == 8_00)
    #expect(cents(fixed["alb"] ?? 0) == 16_43)
    #expect(cents(report.fixedMonthly) == 25_93)
  }

  /// Unpriced usage is named with its reason and never counted as $0.
  @Test func unpricedComponentsAreNamedNotZero() throws {
    let report = try CostAnalysis.report(ModelFixtures.golden(), prices: PricingTestData.prices())
    #expect(report.unpricedComponents == ["ecs", "redis"])
    let reasons = report.components.flatMap(\.unpriced).map(\.reason)
    #expect(
      reasons.contains {
        $0.contains("set ecs.cpu and ecs.memory")
      })
    #expect(reasons.contains { $0.contains("elasticache.node.cache_r7g_large") })
    #expect(report.bill.unpriced.map(\.priceID) == ["elasticache.node.cache_r7g_large"])
  }

  /// The routes' share-weighted costs add up to the path's variable cost.
  @Test func routesAddUpToThePath() throws {
    let report = try CostAnalysis.report(ModelFixtures.golden(), prices: PricingTestData.prices())
    #expect(report.routes.count == 5)
    let weighted = report.routes.reduce(0) { $0 + $1.share * $1.perMillion }
    #expect(abs(weighted - report.variablePerMillion) < 1e-9 * report.variablePerMillion)
  }

  /// A price set in the session replaces the catalog's list (first-tier) rate; the later
  /// volume tiers and the free tier still apply.
  @Test func aModelPriceOverridesTheCatalog() throws {
    let model = try ModelFixtures.golden().setting(
      ParameterAddress("api_gateway.price").unwrapped(),
      to: .quantity(Quantity(exactly: 1e-6, .money)))
    let report = try CostAnalysis.report(model, prices: PricingTestData.prices())
    let gateway = try #require(report.components.first { $0.name == "api_gateway" })
    let calls = 850_000 * 0.05 * UnitTable.monthSeconds
    let expected =
      333e6 * 1e-6 + 667e6 * 2.80 / 1e6 + 19e9 * 2.38 / 1e6 + (calls - 20e9) * 1.51 / 1e6
    #expect(abs(gateway.variableMonthly - expected) < 1e-6 * expected)
    #expect(
      report.notes.contains {
        $0.contains(
          "replaces the catalog's apigateway.rest.request list price; its free tier "
            + "and its later tiers still apply")
      }, "\(report.notes)")
  }

  /// Lambda's billed duration is its handler plus the calls it waits for (Redis, and on a
  /// miss DynamoDB and the Redis set), without start-up, plus half the 1 ms rounding;
  /// GB-s at 1769/1024 GB.
  @Test func lambdaBillsTheTimeItWaits() throws {
    let model = try ModelFixtures.golden()
    let load = try CapacityLoad.of(model)
    let mean = { (name: String) in
      model.component(named: name)?["latency"]?.distribution?.mean ?? 0
    }
    let expected = mean("lambda") + mean("redis") + 0.15 * (mean("dynamodb") + mean("redis"))
    #expect(abs(load.billedTime(at: "lambda") - expected) < 1e-12)
    let report = try CostAnalysis.report(model, prices: PricingTestData.prices())
    let gbSeconds = report.bill.items.filter { $0.priceID == "lambda.duration.x86" }
      .reduce(0) { $0 + $1.quantity }
    let invocations = 850_000 * 0.03 * UnitTable.monthSeconds
    // A spread-out duration rounds up to the next 1 ms by half a millisecond on average.
    let billed = expected + 0.0005
    #expect(abs(gbSeconds - invocations * billed * 1769 / 1024) < 1e-6 * gbSeconds)
  }

  /// The free tier is off by default and subtracts the always-free allowances when asked.
  @Test func freeTierIsOptIn() throws {
    let model = try Self.example("aws-lambda-mobile-backend")
    let without = try CostAnalysis.report(model, prices: PricingTestData.prices())
    let with = try CostAnalysis.report(
      model, prices: PricingTestData.prices(),
      options: Self.alwaysFree)
    #expect(cents(without.monthly) == 9_60)
    #expect(cents(with.monthly) == 2_73)
  }

  /// An SQS consumer is billed per batch, with its receive and delete calls.
  @Test func queueConsumersAreBilledPerBatch() throws {
    let model = try ModelLoader.load(file: ModelFixtures.datasets + "/serverless-burst.yaml")
    let load = try CapacityLoad.of(model)
    #expect(abs(load.executions(at: "consumer") - load.visits(to: "consumer") / 10) < 1e-12)
    let report = try CostAnalysis.report(model, prices: PricingTestData.prices())
    let sqs = report.bill.items.filter { $0.priceID == "sqs.standard.request" }
      .reduce(0) { $0 + $1.quantity }
    // 80 % of requests send a 4 KB message; the consumer receives 10 a call and deletes them.
    let messages = 2_000 * 0.8 * UnitTable.monthSeconds
    #expect(abs(sqs - messages * (1 + 2.0 / 10)) < 1e-6 * sqs)
  }
  /// An ALB's LCUs are the highest of the dimensions the model gives: the golden path's
  /// ~42,400 rps of 228.69 KB responses are about 32,500 GB an hour, so as many LCUs (one request
  /// per connection would be ~1,700 LCUs of new connections, fewer); a set `lcus` wins.
  @Test func albLCUsAreTheHighestDimension() throws {
    var model = try ModelFixtures.golden()
    let report = try CostAnalysis.report(model, prices: PricingTestData.prices())
    let lcu = try #require(report.bill.items.first { $0.priceID == "alb.lcu_hour" })
    #expect(lcu.description.contains("processed bytes"), "\(lcu.described)")
    #expect((32_400...32_700).contains(lcu.quantity / 730), "\(lcu.described)")
    #expect(report.notes.contains { $0.contains("rule evaluations are not derived") })
    model = try model.setting(
      ParameterAddress("alb.lcus").unwrapped(), to: .quantity(Quantity(exactly: 10)))
    let set = try CostAnalysis.report(model, prices: PricingTestData.prices())
    let measured = try #require(set.bill.items.first { $0.priceID == "alb.lcu_hour" })
    #expect(measured.quantity == 7_300)
  }
}

/// `ParameterAddress(text)` for tests, failing the test instead of force-unwrapping.
extension Optional where Wrapped == ParameterAddress {
  func unwrapped(sourceLocation: SourceLocation = #_sourceLocation) throws -> ParameterAddress {
    try #require(self, sourceLocation: sourceLocation)
  }
}

/// A unit of the table, failing loudly if it is missing.
func unit(_ symbol: String) -> NamedUnit {
  guard let unit = UnitTable.lookup(symbol) else {
    preconditionFailure("no unit \(symbol)")
  }
  return unit
}
