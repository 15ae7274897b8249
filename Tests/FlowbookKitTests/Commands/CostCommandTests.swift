import Foundation
import Testing

@testable import FlowbookKit

/// `cost` in the session: AWS's examples to the cent through the command and through plain
/// expressions, the JSON scripts read, the bill view, crossovers and the registry metrics.
@Suite("cost command")
struct CostCommandTests {
  static func session(loading example: String? = nil) -> Session {
    let session = ModelFixtures.session()
    if let example {
      let cell = session.execute("load examples/\(example)")
      #expect(cell.succeeded, "\(cell.plainOutput)")
    }
    return session
  }

  static func data(_ cell: Cell, sourceLocation: SourceLocation = #_sourceLocation) -> JSONValue {
    guard case .success(let result) = cell.outcome else {
      Issue.record("failed: \(cell.plainOutput)", sourceLocation: sourceLocation)
      return .null
    }
    return result.data
  }

  static func number(_ value: JSONValue?) -> Double? {
    if case .number(let n)? = value { return n }
    return nil
  }

  // MARK: - AWS's examples to the cent

  /// Lambda's mobile-backend example through `cost --month --free-tier`: $2.73.
  @Test func lambdaMobileBackendThroughTheCommand() {
    let session = Self.session(loading: "aws-lambda-mobile-backend")
    let cell = session.execute("cost --month --free-tier")
    let output = cell.plainOutput
    #expect(output.contains("2,000,000 requests  $0.20 per 1M requests"), "\(output)")
    #expect(output.contains("140,000 GB-s  $0.0000166667 per GB-s  variable    $2.33"))
    #expect(output.contains("variable + fixed") && output.contains("$2.73"))
    #expect(Self.number(Self.data(cell)["total"]).map(cents) == 2_73)
  }

  /// The same bill as a plain expression, as the pricing page writes it (Lambda's GB is
  /// 1,024 MB): $2.73.
  @Test func lambdaMobileBackendAsAnExpression() {
    let session = ModelFixtures.session()
    let expression =
      "(3M req - 1M req) * $0.20/1M req"
      + " + (3M req * 120 ms * 1536 MB - 400000 GB-s) * $0.0000166667/GB-s"
    let cell = session.execute(expression)
    guard case .object(let pairs) = Self.data(cell),
      case .number(let dollars)? = pairs.first(where: { $0.0 == "value" })?.1
    else {
      Issue.record("no value: \(cell.plainOutput)")
      return
    }
    #expect(cents(dollars) == 2_73)
    let binary = session.execute(
      "(3M req - 1M req) * $0.20/1M req"
        + " + (3M req * 120 ms * 1536 MiB - 400000 GiB * s) * $0.0000166667 / (GiB * s)")
    #expect(binary.plainOutput == "$2.73334")
  }

  /// API Gateway's REST example through `cost --month`: $17.50 + $1.29 = $18.79.
  @Test func apiGatewayRESTThroughTheCommand() {
    let session = Self.session(loading: "aws-apigateway-rest")
    let cell = session.execute("cost --month")
    let output = cell.plainOutput
    #expect(output.contains("$3.50 per 1M requests  variable   $17.50"), "\(output)")
    #expect(output.contains("14.3051 GB  $0.09 per GB           variable    $1.29"))
    #expect(Self.number(Self.data(cell)["total"]).map(cents) == 18_79)
  }

  /// The same as a plain expression (1 GB = 1,048,576 KB, as AWS computes): $18.79.
  @Test func apiGatewayRESTAsAnExpression() {
    let session = ModelFixtures.session()
    let cell = session.execute("5M req * $3.50 / 1M req + 5M * 3 KiB * $0.09 / GiB")
    #expect(cell.plainOutput == "$18.7875")
    #expect(cents(18.7875) == 18_79)
  }

  // MARK: - The golden path

  /// `cost --json`: the total and each component's $ per 1M requests.
  @Test func jsonGivesTotalAndPerComponentDollarsPerMillion() throws {
    let data = Self.data(ModelFixtures.session().execute("cost"))
    let total = try #require(Self.number(data["per_million"]))
    guard case .array(let components)? = data["components"] else {
      Issue.record("no components")
      return
    }
    let names = components.compactMap { component -> String? in
      if case .string(let name)? = component["component"] { return name }
      return nil
    }
    #expect(
      names == [
        "dns", "cdn", "waf", "alb", "api_gateway", "lambda", "ecs", "redis",
        "dynamodb", "s3",
      ])
    let sum = components.compactMap { Self.number($0["per_million"]) }.reduce(0, +)
    #expect(abs(sum - total) < 1e-4, "components \(sum) vs total \(total)")
    #expect(data["complete"] == .bool(false))
    #expect(data["unpriced"] == .array([.string("ecs"), .string("redis")]))
  }

  /// The table lists unpriced usage beside the component and explains it under the table.
  @Test func tableShowsUnpricedUsage() {
    let output = ModelFixtures.session().execute("cost").plainOutput
    #expect(output.contains("? = unpriced, not in the totals: ecs, redis"), "\(output)")
    #expect(output.contains("$189,760.61 + ?"), "a partly priced total is marked")
    #expect(output.contains("Task-hours"))
    #expect(output.contains("per route"))
  }

  @Test func metricsWorkInExpectDiffAndSweep() {
    let session = ModelFixtures.session()
    #expect(session.execute("expect cost.per_million < $20 / 1M req").plainOutput.hasPrefix("held"))
    #expect(
      session.execute("expect cost.unpriced == \"ecs, redis\"").plainOutput
        .hasPrefix("held"))
    #expect(session.execute("set workload.response_size = 50 KB").succeeded)
    let diff = session.execute("diff").plainOutput
    #expect(diff.contains("cost.per_million") && diff.contains("cost.unpriced"), "\(diff)")
    let sweep = session.execute(
      "sweep workload.rate from 100k rps to 3M rps steps 3 show cost.per_million, "
        + "capacity.lambda_concurrency")
    guard case .success(let result) = sweep.outcome, case .table(let table) = result.blocks[0]
    else {
      Issue.record("sweep failed: \(sweep.plainOutput)")
      return
    }
    let concurrency = table.rows.compactMap(\.[2].number)
    #expect(concurrency.count == 3 && concurrency == concurrency.sorted())
  }

  @Test func crossoverWithoutATaskPriceGivesTheBreakEvenPrice() {
    let session = ModelFixtures.session()
    let missing = session.execute("cost crossover lambda ecs")
    #expect(missing.diagnostic?.message.contains("cannot compare lambda and ecs") == true)
    #expect(missing.diagnostic?.notes.contains { $0.contains("concurrency_per_task") } == true)
    #expect(session.execute("set ecs.concurrency_per_task = 50").succeeded)
    let output = session.execute("cost crossover lambda ecs").plainOutput
    #expect(output.contains("break-even $/task-hour"), "\(output)")
    #expect(output.contains("set ecs.cpu and ecs.memory"), "\(output)")
  }

  /// A container service with its task's vCPUs and memory is billed at Fargate's rates: AWS's
  /// Fargate example 1 prices 1 vCPU at $0.000011244 and 1 GB (1,024^3 bytes) at
  /// $0.000001235 a second, so one such task for the 730-hour month is $29.55 + $3.25.
  @Test func aServiceWithCPUAndMemoryIsBilledAtFargatesRates() throws {
    let session = ModelFixtures.session()
    for line in ["set ecs.tasks = 1", "set ecs.cpu = 1", "set ecs.memory = 1 GiB"] {
      #expect(session.execute(line).succeeded, "\(line)")
    }
    let report = try CostAnalysis.report(
      session.workspace.requireModel(), prices: PricingTestData.prices())
    let fargate = report.bill.items.filter { $0.priceID.hasPrefix("fargate.") }
    #expect(fargate.map(\.priceID) == ["fargate.vcpu_second", "fargate.gb_second"])
    #expect(fargate.map { cents($0.cost) } == [29_55, 3_25], "\(fargate.map(\.described))")
    #expect(!report.unpricedComponents.contains("ecs"))
  }

  @Test func crossoverFindsTheRateWithATaskPrice() throws {
    let session = ModelFixtures.session()
    #expect(session.execute("set ecs.concurrency_per_task = 50").succeeded)
    #expect(session.execute("set ecs.price = $0.05/h").succeeded)
    let cell = session.execute("cost crossover lambda ecs")
    guard case .array(let crossings)? = Self.data(cell)["crossings"],
      let first = crossings.first
    else {
      Issue.record("no crossing: \(cell.plainOutput)")
      return
    }
    #expect(first["cheaper_below"] == .string("lambda"))
    #expect(first["cheaper_above"] == .string("ecs"))
    // One task all month ($36.50) equals Lambda's cost per request × the rate.
    let rate = try #require(Self.number(first["rate_rps"]))
    let lambda = try CostCrossover.component(
      "lambda", of: ModelFixtures.golden(),
      prices: PricingTestData.prices())
    #expect(abs(try lambda.price(rate).monthly - 0.05 * 730) < 0.01)
  }

  @Test func crossoverComparesBaselineWithCurrent() {
    let session = ModelFixtures.session()
    #expect(session.execute("set api_gateway.api_type = \"http\"").succeeded)
    let output = session.execute("cost crossover baseline current").plainOutput
    #expect(output.contains("no crossover"), "\(output)")
    #expect(output.contains("priced usage only"))
  }

  /// A model without a request rate still diffs its latency, and says why cost and
  /// capacity are missing.
  @Test func diffShowsWhatItCanWithoutARate() throws {
    let session = ModelFixtures.session()
    session.workspace.current = try ModelLoader.load(text: ModelFixtures.small, name: "small")
    session.workspace.baseline = session.workspace.current
    let output = session.execute("diff").plainOutput
    #expect(output.contains("latency.p99"), "\(output)")
    #expect(output.contains("skipped cost: the request rate is not set"), "\(output)")
    let cost = session.execute("cost")
    #expect(cost.diagnostic?.message.contains("set workload.rate") == true)
  }

  @Test func badArgumentsSayWhatToType() {
    let session = ModelFixtures.session()
    let extra = session.execute("cost --monthly")
    #expect(extra.diagnostic?.message.contains("usage: cost") == true, "\(extra.plainOutput)")
    let mixed = session.execute("cost crossover lambda current")
    #expect(mixed.diagnostic?.message.contains("not one of each") == true)
    let unknown = session.execute("cost crossover lamda ecs")
    #expect(unknown.diagnostic?.headline.contains("did you mean lambda") == true)
  }
}
