import Foundation
import Quantities
import Testing

@testable import FlowbookKit

/// The capacity analysis on the seeds' models: Little's law per component, the limits the
/// Prime Day peak breaks, and the highest rate the golden path sustains.
@Suite("Capacity analysis")
struct CapacityAnalysisTests {
  static func golden() throws -> CapacityAnalysis.Report {
    try CapacityAnalysis.report(raisedEdge(), quotas: PricingTestData.quotas())
  }

  /// The golden path with its CloudFront distribution's quotas raised (1 TB/s, 10M rps), so
  /// the limits behind the edge can be read; the stock quotas are tested apart.
  static func raisedEdge() throws -> PathModel {
    try ModelFixtures.golden()
      .setting(
        ParameterAddress("cdn.bandwidth_limit").unwrapped(),
        to: .quantity(Quantity(exactly: 1e12, .dataRate))
      )
      .setting(
        ParameterAddress("cdn.rate_limit").unwrapped(),
        to: .quantity(Quantity(exactly: 10e6, .rate)))
  }

  /// CloudFront's default per-distribution quotas on the stock golden path.
  ///
  /// At 847 KB per response less the 73 % compression saves (228,690 B on the wire), 150 Gbps
  /// carries
  /// 150e9 / 8 / 228,690 = 81,989 rps, far below API Gateway's 200,000 rps; the 250,000
  /// rps request quota comes later. Both are adjustable and sourced from the Developer Guide.
  @Test func cloudFrontBandwidthBreaksFirstAtTheSeedsResponseSize() throws {
    let report = try CapacityAnalysis.report(
      ModelFixtures.golden(), quotas: PricingTestData.quotas())
    let (rate, limit) = try #require(CapacityAnalysis.maximumRate(report))
    #expect(limit.name == "cdn.bandwidth")
    let wire = 847_000 * (1 - 0.73)
    #expect(abs(rate - 150e9 / 8 / wire) < 1e-3 * rate)
    #expect(limit.limit == 150)
    #expect(limit.quota?.adjustable == true)
    #expect(limit.quota?.provenance.source.contains("AmazonCloudFront") == true)
    let requests = try #require(report.limits.first { $0.name == "cdn.requests" })
    #expect(requests.limit == 250_000 && requests.breakRate == 250_000)
    #expect(
      report.broken.map(\.name)
        == ["cdn.bandwidth", "apigateway.throttle", "dynamodb.read_units", "cdn.requests"])
  }

  /// At the seed's 2.5M rps peak, 5 % reaches API Gateway (125,000 rps against the 10,000
  /// rps throttle, ×12.5) and DynamoDB needs 453,125 RRU/s against the on-demand table's
  /// default 40,000 (×11.3); both quotas are adjustable.
  @Test func thePeakBreaksTheGatewayThrottleAndTheTableQuota() throws {
    let report = try Self.golden()
    #expect(report.judgedRate == 2_500_000)
    #expect(report.broken.map(\.name) == ["apigateway.throttle", "dynamodb.read_units"])
    let gateway = try #require(report.limits.first { $0.name == "apigateway.throttle" })
    #expect(abs(gateway.need(at: 2_500_000) - 125_000) < 1e-6)
    #expect(gateway.limit == 10_000)
    #expect(gateway.quota?.adjustable == true)
    #expect(
      gateway.quota?.provenance.source.contains("apigateway/latest/developerguide/limits")
        == true)
    let table = try #require(report.limits.first { $0.name == "dynamodb.read_units" })
    // 25 items of 4 KB, eventually consistent: 12.5 RRU per query (seed line 63).
    let perRequest = 0.05 * (0.6 * 0.15 + 0.4 * 0.1 * 5) * 12.5
    #expect(abs(table.need(at: 2_500_000) - perRequest * 2_500_000) < 1e-6)
    #expect(table.limitSource == "AWS default" && table.limit == 40_000)
    #expect(table.quota?.adjustable == true)
  }

  /// Lambda fits the seed's 15M but needs about 1.6× AWS's default account concurrency
  /// (at the peak, with the structural cold-start share: almost none start cold).
  @Test func lambdaFitsTheSeedButNotTheDefaultQuota() throws {
    let report = try Self.golden()
    let lambda = try #require(report.limits.first { $0.name == "lambda.concurrency" })
    #expect(lambda.limit == 15_000_000)
    #expect(lambda.limitSource.hasPrefix("model"))
    #expect(lambda.defaultValue == 1_000)
    let need = lambda.need(at: 2_500_000)
    #expect(need > 1_500 && need < 1_700, "\(need)")
    #expect(CapacityCommand.verdict(lambda, need: need).hasPrefix("ok; ×1.59"))
  }

  /// Little's law: concurrent executions = invocations/s × mean residence, where a visit
  /// holds the environment through start-up, the handler and the calls it waits for.
  @Test func lambdaConcurrencyIsLittlesLaw() throws {
    let model = try ModelFixtures.golden()
    let report = try Self.golden()
    let mean = { (name: String, parameter: String) in
      model.component(named: name)?[parameter]?.distribution?.mean ?? 0
    }
    // The share that starts cold is the structural estimate's (below 10⁻⁵ at 850k rps).
    let cold = try #require(try model.coldStartEstimates()["lambda"]).fraction
    let startUp = cold * mean("lambda", "cold_start") + (1 - cold) * mean("lambda", "warm_start")
    let residence =
      startUp + mean("lambda", "latency") + mean("redis", "latency")
      + 0.15 * (mean("dynamodb", "latency") + mean("redis", "latency"))
    let demand = try #require(
      report.demands.first {
        $0.component == "lambda" && $0.measure == "concurrent executions"
      })
    #expect(abs(demand.perRate - 0.03 * residence) < 1e-12)
    #expect(demand.at(850_000) == (850_000 * 0.03 * residence).rounded(.up))
  }

  /// The time to scale from the average's concurrency to the peak's at 1,000 environments
  /// per 10 s: a bucket of 1,000 refilled at 100 a second, full when the function is
  /// steady (AWS: "at any given time, your scaling rate is always a maximum of 1,000").
  @Test func lambdaScalesAtAThousandPerTenSeconds() throws {
    let report = try Self.golden()
    let scaling = try #require(report.scaling.first { $0.function == "lambda" })
    let perRate = try #require(
      report.demands.first {
        $0.component == "lambda" && $0.measure == "concurrent executions"
      }
    ).perRate
    #expect(abs(scaling.fromRate - (perRate * (2_500_000 - 850_000) - 1_000) / 100) < 1e-9)
    #expect(abs(scaling.fromZero - (perRate * 2_500_000 - 1_000) / 100) < 1e-9)
  }

  /// DynamoDB partitions at 3,000 RRU each.
  @Test func partitionsFollowTheReadUnits() throws {
    let report = try Self.golden()
    let partitions = try #require(report.demands.first { $0.measure == "partitions" })
    #expect(partitions.at(2_500_000) == (453_125.0 / 3_000).rounded(.up))
  }

  /// `capacity --max`: the bisection over the rate lands where the first limit breaks,
  /// 10,000 rps / 5 % = 200,000 rps, for the gateway throttle.
  @Test func maximumRateIsWhereTheThrottleBreaks() throws {
    let report = try Self.golden()
    let (rate, limit) = try #require(CapacityAnalysis.maximumRate(report))
    #expect(limit.name == "apigateway.throttle")
    #expect(abs(rate - 200_000) < 1e-6)
    #expect(report.firstLimit?.name == "apigateway.throttle")
    #expect(abs((report.firstLimit?.breakRate ?? 0) - rate) < 1e-6)
  }

  /// Raising the throttle moves the first limit to the DynamoDB table quota.
  @Test func raisingTheThrottleMovesTheFirstLimit() throws {
    let model = try Self.raisedEdge().setting(
      ParameterAddress("api_gateway.rate_limit").unwrapped(),
      to: .quantity(Quantity(exactly: 200_000, .rate)))
    let report = try CapacityAnalysis.report(model, quotas: PricingTestData.quotas())
    #expect(report.firstLimit?.name == "dynamodb.read_units")
    let (rate, _) = try #require(CapacityAnalysis.maximumRate(report))
    #expect(abs(rate - 40_000 / (0.05 * (0.6 * 0.15 + 0.4 * 0.1 * 5) * 12.5)) < 1e-3)
  }

  /// The serverless path: a queue's consumer runs one invocation per batch of 10, within
  /// its reserved 1,000 and the event source's 1,000 batches; the queue's limits are
  /// the receiving queue's (intake_queue), not its wait hop's.
  @Test func serverlessConsumersRunPerBatch() throws {
    let model = try ModelLoader.load(file: ModelFixtures.datasets + "/serverless-burst.yaml")
    let report = try CapacityAnalysis.report(model, quotas: PricingTestData.quotas())
    let invocations = try #require(
      report.demands.first {
        $0.component == "consumer" && $0.measure == "invocations/s"
      })
    #expect(abs(invocations.at(2_000) - 2_000 * 0.8 / 10) < 1e-9)
    let names = Set(report.limits.map(\.name))
    #expect(
      names.isSuperset(of: [
        "consumer.reserved_concurrency", "intake_queue.esm_batches",
        "intake_queue.inflight", "lambda.concurrency",
        "apigateway.throttle", "table.write_units",
      ]))
    #expect(report.firstLimit?.name == "apigateway.throttle")
  }
}
