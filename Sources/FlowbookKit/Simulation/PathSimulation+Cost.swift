import Foundation

/// The cost of one simulated run: what its requests would be billed, by the same billing
/// rules and price catalog as the `cost` analysis.
///
/// Only per-request charges are counted, at the first price tier (a run is a small part of
/// a month): CloudFront requests and data out, WAF requests, API Gateway calls (throttled
/// calls are not billed), Lambda requests and GB-seconds, DynamoDB request units, S3 GETs
/// and SQS requests. Capacity billed by the hour (load balancers, ElastiCache nodes, ECS
/// tasks, provisioned concurrency and tables) is not a cost of the requests and is left to
/// `cost`; Route 53 queries are answered from resolvers' caches and are not per request.
public struct SimulationCost: Sendable, Hashable {
  /// Dollars by component, in model order, for components that cost something.
  public var byComponent: [(name: String, dollars: Double)]
  /// Usage the catalog had no confirmed price for.
  public var unpriced: [String]

  public static func == (lhs: SimulationCost, rhs: SimulationCost) -> Bool {
    lhs.byComponent.map(\.name) == rhs.byComponent.map(\.name)
      && lhs.byComponent.map(\.dollars) == rhs.byComponent.map(\.dollars)
      && lhs.unpriced == rhs.unpriced
  }

  public func hash(into hasher: inout Hasher) {
    for (name, dollars) in byComponent {
      hasher.combine(name)
      hasher.combine(dollars)
    }
    hasher.combine(unpriced)
  }

  /// The whole run, in dollars.
  public var total: Double { byComponent.reduce(0) { $0 + $1.dollars } }

  /// Prices `result` on `model` with `prices`.
  ///
  /// - Throws: `BillingError` when the catalog lacks a price id the rules need.
  /// - Complexity: O(components).
  public init(_ result: PathSimulationResult, model: PathModel, prices: PriceCatalog)
    throws(BillingError)
  {
    byComponent = []
    unpriced = []
    let usage = result.usage
    let responseGB = (model.workload.wireResponseBytes ?? 0) / 1_073_741_824
    for component in model.components {
      let calls = Double(usage.calls[component.name] ?? 0)
      var bill = Bill()
      switch component.kind {
      case .cdn:
        bill = try Billing.cloudFront(
          httpsRequests: calls, dataOutGB: calls * responseGB, prices: prices)
      case .waf:
        bill = try Billing.waf(requests: calls, webACLs: 0, prices: prices)
      case .gateway:
        bill = try Billing.apiGatewayREST(requests: calls, prices: prices)
      case .function:
        let invocations = Double(usage.invocations[component.name] ?? 0)
        let memoryMB = (component["memory"]?.quantity?.value ?? 128e6) / 1e6
        let seconds = usage.gigabyteSeconds[component.name] ?? 0
        let perCall = invocations > 0 ? seconds / (memoryMB / 1_024) / invocations * 1e3 : 0
        bill = try Billing.lambda(
          Billing.LambdaUsage(
            requests: invocations, durationMilliseconds: perCall, memoryMB: memoryMB),
          prices: prices)
      case .database:
        bill = try Billing.dynamoDBOnDemand(
          Billing.DynamoDBRequests(
            reads: usage.readUnits[component.name] ?? 0,
            writes: usage.writeUnits[component.name] ?? 0),
          prices: prices)
      case .storage:
        bill = try Billing.s3(getRequests: calls, prices: prices)
      case .queue:
        bill = try Billing.sqs(
          apiCalls: Double(usage.queueRequests[component.name] ?? 0), prices: prices)
      default:
        continue
      }
      unpriced += bill.unpriced.map { "\(component.name): \($0.description)" }
      if bill.total > 0 { byComponent.append((component.name, bill.total)) }
    }
  }
}
