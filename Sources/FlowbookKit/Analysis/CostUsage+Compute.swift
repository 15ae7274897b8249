import Foundation
import Quantities

// Usage of compute and state: Lambda (requests, GB-s, Provisioned Concurrency), container
// services (task-hours), ElastiCache nodes, DynamoDB request or capacity units, S3 requests.

extension CostUsageBuilder {
  /// Lambda's default memory, used when the model gives none.
  ///
  /// Source: https://docs.aws.amazon.com/lambda/latest/dg/configuration-memory.html (A):
  /// 128–10,240 MB in 1 MB steps, default 128 MB.
  static let lambdaDefaultMemoryMB = 128.0

  /// Lambda: every visit is an invocation (a batch, for a queue's consumer) billed for its
  /// residence without start-up (the handler and the calls it waits for), rounded up to
  /// 1 ms (`billedSeconds`), at memory MB / 1024 GB.
  ///
  /// Memory is read as the number the Lambda console shows (`1769 MB` bills 1769/1024 GB),
  /// so a model's `MB` is Lambda's MB. Provisioned Concurrency, Lambda@Edge, SnapStart,
  /// response streaming and event pollers are priced by the helpers below. Start-up time
  /// is left out: the facts sheet does not say how AWS bills the INIT phase.
  mutating func function(_ c: Component) {
    let invocations = monthly(load.executions(at: c.name))
    var memoryMB = Self.lambdaDefaultMemoryMB
    if let bytes = bytes(c, "memory") {
      memoryMB = bytes / 1e6
    } else {
      notes.append("\(c.name).memory is not set: billed at Lambda's default 128 MB")
    }
    let seconds = billedSeconds(c)
    if text(c, "edge") == "yes" {
      edgeFunction(c, invocations: invocations, seconds: seconds, memoryMB: memoryMB)
      return
    }
    let arch =
      text(c, "architecture").map { $0.hasPrefix("arm") || $0.contains("graviton") }
        == true ? "arm" : "x86"
    let gigabytes = memoryMB / 1024
    let requestID = priceID("lambda.request", c, override: "price", basis: "requests") {
      $0.value
    }
    add(c, requestID, invocations, .variable, "Requests")
    let onDemandShare = provisionedConcurrency(
      c, invocations: invocations, seconds: seconds, gigabytes: gigabytes, arch: arch)
    let durationID = priceID(
      "lambda.duration.\(arch)", c, override: "duration_price",
      basis: "GB-s"
    ) { $0.value * UnitTable.billingGigabyte }
    add(
      c, durationID, invocations * onDemandShare * seconds * gigabytes, .variable,
      "Duration (\(arch))")
    if let storage = bytes(c, "ephemeral_storage") {
      let extraMB = max(0, storage / 1e6 - BillingRules.lambdaIncludedEphemeralMB)
      add(
        c, "lambda.ephemeral_storage", invocations * seconds * extraMB / 1024, .variable,
        "Ephemeral storage above 512 MB")
    }
    lambdaExtras(c, invocations: invocations, gigabytes: gigabytes)
  }

  /// Provisioned Concurrency P, enabled for `provisioned_time` of the month (rounded up to
  /// 5 minutes): P × GB × enabled time, a fixed cost; the invocations that arrive while it is
  /// enabled (`provisioned_traffic`) are served by it up to P in flight (Little's law at the
  /// window's rate) and pay the PC duration rate.
  ///
  /// - Parameters:
  ///   - c: the function.
  ///   - invocations: its invocations this month.
  ///   - seconds: billed seconds per invocation.
  ///   - gigabytes: its memory in billing GB.
  ///   - arch: `x86` or `arm`.
  /// - Returns: the share of invocations left to on-demand duration.
  private mutating func provisionedConcurrency(
    _ c: Component, invocations: Double, seconds: Double, gigabytes: Double, arch: String
  ) -> Double {
    guard let provisioned = count(c, "provisioned_concurrency"), provisioned > 0 else {
      return 1
    }
    let enabled = c["provisioned_time"]?.quantity?.value ?? 1
    guard enabled > 0 else { return 1 }
    let traffic = c["provisioned_traffic"]?.quantity?.value ?? enabled
    let enabledSeconds = min(
      Self.month,
      BillingRules.roundUp(
        enabled * Self.month, toMultipleOf: BillingRules.lambdaProvisionedIncrementSeconds))
    let inFlight = rate * traffic / enabled * load.busyTime(at: c.name)
    let share = traffic * (inFlight > 0 ? min(1, provisioned / inFlight) : 1)
    add(
      c, "lambda.provisioned_concurrency.\(arch)", provisioned * gigabytes * enabledSeconds,
      .fixed, "Provisioned Concurrency (\(arch))")
    add(
      c, "lambda.provisioned_duration.\(arch)", invocations * share * seconds * gigabytes,
      .variable, "Duration with Provisioned Concurrency (\(arch))")
    return 1 - share
  }

  /// Lambda@Edge: its own request price, and duration per 128 MB-second at 1 ms.
  /// - Parameters:
  ///   - c: the function.
  ///   - invocations: its invocations this month.
  ///   - seconds: billed seconds per invocation.
  ///   - memoryMB: its memory in MB as configured.
  private mutating func edgeFunction(
    _ c: Component, invocations: Double, seconds: Double, memoryMB: Double
  ) {
    add(c, "lambda_edge.request", invocations, .variable, "Lambda@Edge requests")
    add(
      c, "lambda_edge.duration", invocations * seconds * memoryMB, .variable,
      "Lambda@Edge duration")
  }

  /// SnapStart (cache per version over the month, at least 3 hours; restores per GB),
  /// response streaming beyond 6 MB per invocation, and provisioned event pollers.
  /// - Parameters:
  ///   - c: the function.
  ///   - invocations: its invocations this month.
  ///   - gigabytes: its memory in billing GB.
  private mutating func lambdaExtras(_ c: Component, invocations: Double, gigabytes: Double) {
    if text(c, "snapstart") == "yes" {
      if text(c, "runtime")?.hasPrefix("java") == true {
        notes.append(
          "\(c.name): SnapStart is not charged for Java managed runtimes (Lambda pricing page)")
      } else {
        let versions = count(c, "snapshot_versions") ?? 1
        let cached =
          versions > 0
          ? max(versions * Self.month, BillingRules.lambdaSnapStartMinimumSeconds) : 0
        add(c, "lambda.snapstart.cache", gigabytes * cached, .fixed, "SnapStart cache")
        let restores = c["snapstart_restores"]?.quantity?.value ?? 0
        add(
          c, "lambda.snapstart.restore", invocations * restores * gigabytes, .variable,
          "SnapStart restores")
      }
    }
    if let streamed = bytes(c, "streamed_size") {
      let megabytes = streamed / Self.kilobyte / Self.kilobyte
      let beyond = max(0, megabytes - BillingRules.lambdaFreeStreamMBPerRequest)
      add(
        c, "lambda.response_streaming", invocations * beyond / 1024, .variable,
        "Bytes streamed beyond 6 MB per invocation")
    }
    if let pollers = count(c, "event_pollers"), pollers > 0 {
      let source = text(c, "event_source") ?? "sqs"
      if text(c, "event_source") == nil {
        notes.append("\(c.name).event_source is not set: event pollers billed as SQS's")
      }
      add(
        c, "lambda.esm.provisioned.\(source)", pollers * Self.month / 3_600, .fixed,
        "Provisioned event pollers (\(source))")
    }
  }

  /// Seconds billed per invocation: the mean duration, rounded up to 1 ms per invocation.
  ///
  /// A duration that is always the same is rounded up as AWS rounds it (120 ms bills 120
  /// ms). A spread-out one has a fractional millisecond spread evenly over [0, 1), so
  /// rounding up adds half a millisecond on average: E⌈X⌉ = E[X] + 0.5 ms.
  func billedSeconds(_ c: Component) -> Double {
    let mean = load.billedTime(at: c.name)
    var fixed = load.hops(of: c.name).allSatisfy { $0.downstream == 0 }
    if case .fixed? = c["latency"]?.distribution {} else { fixed = false }
    let increment = BillingRules.lambdaDurationIncrementMs / 1000
    return fixed ? Billing.billedSeconds(mean * 1000) : mean + increment / 2
  }

  /// A container service: task-hours at the model's task price, or on Fargate at its
  /// vCPU-second and GB-second rates for the task's `cpu` and `memory`.
  ///
  /// Tasks are `tasks` if set, else sized by Little's law to the requests in flight at the
  /// workload's rate (λ × W / `concurrency_per_task`, at least 1). A `price` set in the model
  /// (per task-hour) wins over Fargate's rates; without either, the task-hours are unpriced.
  mutating func service(_ c: Component) {
    let tasks = taskCount(c)
    if count(c, "tasks") == nil, let tasks, let perTask = count(c, "concurrency_per_task") {
      notes.append(
        "\(c.name): \(Billing.compact(tasks)) tasks carry "
          + "\(Self.plain(rate * load.busyTime(at: c.name))) requests in flight at "
          + "\(Self.plain(perTask)) per task (Little's law at the workload's rate)")
    }
    guard c["price"]?.quantity != nil else {
      if let tasks, let vcpus = count(c, "cpu"), let memory = bytes(c, "memory") {
        // Fargate's page counts GB as 1,024^3 bytes.
        add(c, "fargate.vcpu_second", tasks * vcpus * Self.month, .fixed, "Fargate vCPU")
        add(
          c, "fargate.gb_second", tasks * memory / Self.gigabyte * Self.month, .fixed,
          "Fargate memory")
        return
      }
      gap(
        c, "Task-hours", .fixed,
        "set \(c.name).cpu and \(c.name).memory (one task's vCPUs and memory, at Fargate's "
          + "rates) or \(c.name).price (one task's price per hour)"
          + (tasks == nil ? "; and set \(c.name).tasks or \(c.name).concurrency_per_task" : ""))
      return
    }
    guard let tasks else {
      gap(
        c, "Task-hours", .fixed,
        "set \(c.name).tasks, or \(c.name).concurrency_per_task to "
          + "size the service by Little's law")
      return
    }
    let id = priceID("\(c.name).task_hour", c, override: "price", basis: "task-hours") {
      $0.value * 3_600
    }
    add(c, id, tasks * Self.month / 3_600, .fixed, "Task-hours")
  }

  /// A service's running tasks: `tasks`, else ⌈λW / `concurrency_per_task`⌉ (at least 1).
  func taskCount(_ c: Component) -> Double? {
    if let fixed = count(c, "tasks") { return fixed }
    guard let perTask = count(c, "concurrency_per_task"), perTask > 0 else { return nil }
    return max(1, BillingRules.roundUp(rate * load.busyTime(at: c.name) / perTask))
  }

  /// ElastiCache: nodes × hours at the node type's rate.
  mutating func cache(_ c: Component) {
    guard let nodes = count(c, "nodes"), let type = text(c, "node_type") else {
      gap(
        c, "Node-hours", .fixed,
        "set \(c.name).nodes and \(c.name).node_type "
          + "(ElastiCache bills each node per hour)")
      return
    }
    let id = "elasticache.node." + type.replacingOccurrences(of: ".", with: "_")
    guard prices[id] != nil else {
      let known = prices.ids.filter { $0.hasPrefix("elasticache.node.") }
      gap(
        c, "Node-hours", .fixed,
        "the catalog has no price for \(type) (it lists "
          + known.map { $0.dropFirst("elasticache.node.".count) }.joined(separator: ", ") + ")")
      return
    }
    add(c, id, nodes * Self.month / 3_600, .fixed, "Nodes (\(type))")
  }

  /// DynamoDB: each visit reads (or, for `write_share`, writes) `items_per_query` items;
  /// units by item size (4 KB per read unit, 1 KB per write unit) and consistency, billed
  /// as request units on demand or as capacity units provisioned for the sizing rate.
  mutating func database(_ c: Component) {
    let items = count(c, "items_per_query") ?? 1
    let writeShare = c["write_share"]?.quantity?.value ?? 0
    let itemKB = (bytes(c, "item_size") ?? 0) / Self.kilobyte
    if bytes(c, "item_size") == nil {
      notes.append("\(c.name).item_size is not set: one unit per item read or written")
    }
    let consistency = Self.consistency(text(c, "consistent_read"))
    let readUnits =
      load.visits(to: c.name) * (1 - writeShare) * items
      * Billing.dynamoDBReadUnits(itemKB: itemKB, consistency: consistency)
    let writeUnits =
      load.visits(to: c.name) * writeShare * items
      * Billing.dynamoDBWriteUnits(itemKB: itemKB, mode: .standard)
    if text(c, "capacity_mode") == "provisioned" {
      let hours = Self.month / 3_600
      add(
        c, "dynamodb.provisioned.rcu", (sizingRate * readUnits).rounded(.up) * hours, .fixed,
        "Provisioned read capacity")
      add(
        c, "dynamodb.provisioned.wcu", (sizingRate * writeUnits).rounded(.up) * hours,
        .fixed, "Provisioned write capacity")
      notes.append(
        "\(c.name): provisioned for \(Self.plain(sizingRate)) rps "
          + "(the peak if the workload gives one), with no headroom")
    } else {
      add(
        c, "dynamodb.ondemand.read", monthly(readUnits), .variable,
        "Read request units (\(consistency.rawValue))")
      add(c, "dynamodb.ondemand.write", monthly(writeUnits), .variable, "Write request units")
    }
  }

  /// The read consistency a `consistent_read` text names; DynamoDB reads are eventually
  /// consistent unless asked otherwise (the API's ConsistentRead defaults to false).
  static func consistency(_ text: String?) -> Billing.ReadConsistency {
    switch text {
    case "strong"?, "true"?, "yes"?: return .strong
    case "transactional"?, "transaction"?: return .transactional
    default: return .eventual
    }
  }

  /// S3: a GET per visit, or a PUT for `write_share` of them, per 1,000.
  mutating func storage(_ c: Component) {
    let writeShare = c["write_share"]?.quantity?.value ?? 0
    let infrequent = text(c, "storage_class").map { $0.contains("ia") } ?? false
    let tier = infrequent ? "ia" : "standard"
    let visits = load.visits(to: c.name)
    add(c, "s3.\(tier).get", monthly(visits * (1 - writeShare)), .variable, "GET requests")
    add(c, "s3.\(tier).put", monthly(visits * writeShare), .variable, "PUT requests")
  }

  /// A number for notes: whole numbers with separators, three significant digits else.
  static func plain(_ value: Double) -> String {
    let shown = value >= 100 ? value.rounded() : TimeFormat.rounded(value)
    return Quantity.formatNumber(shown)
  }
}
