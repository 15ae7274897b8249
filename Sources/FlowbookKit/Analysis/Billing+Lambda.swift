// AWS Lambda billing, per https://aws.amazon.com/lambda/pricing/: requests × rate, plus
// GB-seconds (duration rounded up to 1 ms × memory MB / 1024) priced by architecture and
// monthly tier, plus Provisioned Concurrency, ephemeral storage, streaming and SnapStart.

extension Billing {
  /// The instruction set a function runs on; duration rates and tiers differ.
  public enum LambdaArchitecture: String, Sendable, Hashable, CaseIterable {
    case x86
    case arm
  }

  /// Provisioned Concurrency configured on a function and the invocations it served.
  public struct ProvisionedConcurrency: Sendable, Hashable {
    /// Environments kept initialised.
    public var concurrency: Double
    /// How long it was enabled this month (billed rounded up to 5 minutes).
    public var enabledSeconds: Double
    /// Invocations served while it was enabled (a part of `LambdaUsage.requests`).
    public var requests: Double
    /// Duration of each of those invocations.
    public var durationMilliseconds: Double

    /// Creates a Provisioned Concurrency configuration.
    public init(
      concurrency: Double, enabledSeconds: Double, requests: Double, durationMilliseconds: Double
    ) {
      self.concurrency = concurrency
      self.enabledSeconds = enabledSeconds
      self.requests = requests
      self.durationMilliseconds = durationMilliseconds
    }
  }

  /// One function's (or one architecture's aggregated) month of use.
  public struct LambdaUsage: Sendable, Hashable {
    /// All invocations this month, on-demand and Provisioned Concurrency together.
    public var requests: Double
    /// Duration of each on-demand invocation; billed rounded up to 1 ms.
    ///
    /// With a mean duration this is exact when invocations last about the same, and a lower bound
    /// otherwise.
    public var durationMilliseconds: Double
    /// Configured memory, 128–10,240 MB; billed as MB / 1024 GB.
    public var memoryMB: Double
    /// x86 or Arm.
    public var architecture: LambdaArchitecture
    /// Configured ephemeral storage; the first 512 MB are free.
    public var ephemeralStorageMB: Double
    /// Provisioned Concurrency, if enabled for part of the month.
    public var provisioned: ProvisionedConcurrency?

    /// Creates a month of Lambda use.
    public init(
      requests: Double, durationMilliseconds: Double, memoryMB: Double,
      architecture: LambdaArchitecture = .x86, ephemeralStorageMB: Double = 512,
      provisioned: ProvisionedConcurrency? = nil
    ) {
      self.requests = requests
      self.durationMilliseconds = durationMilliseconds
      self.memoryMB = memoryMB
      self.architecture = architecture
      self.ephemeralStorageMB = ephemeralStorageMB
      self.provisioned = provisioned
    }
  }

  /// A month of Lambda charges: requests, on-demand duration, Provisioned Concurrency and the
  /// duration it served, and ephemeral storage above 512 MB.
  ///
  /// Duration is rounded up to 1 ms per invocation and multiplied by memory MB / 1024, the
  /// way the pricing page's examples compute GB-seconds; on-demand GB-s are priced on the
  /// architecture's monthly tiers. Provisioned Concurrency is a fixed cost (concurrency × GB ×
  /// enabled time, rounded up to 5 minutes); its invocations pay the PC duration rate with no
  /// free tier. AWS says the free tier does not apply to PC functions, yet its own PC example
  /// still subtracts the free requests and free on-demand GB-s; this follows the example.
  ///
  /// - Throws: `BillingError` for negative or non-finite usage, or PC requests above the total.
  /// - Complexity: O(number of tiers).
  public static func lambda(
    _ usage: LambdaUsage, prices: PriceCatalog, options: BillingOptions = .init()
  ) throws(BillingError) -> Bill {
    for (value, name) in [
      (usage.requests, "Lambda requests"), (usage.durationMilliseconds, "Lambda duration"),
      (usage.memoryMB, "Lambda memory"), (usage.ephemeralStorageMB, "ephemeral storage"),
    ] { try check(value, name) }
    let arch = usage.architecture.rawValue
    let gigabytes = usage.memoryMB / 1024
    let pcRequests = usage.provisioned?.requests ?? 0
    guard pcRequests <= usage.requests else {
      throw .invalidUsage(
        "Provisioned Concurrency requests (\(pcRequests)) exceed all requests (\(usage.requests))")
    }
    let onDemandSeconds = (usage.requests - pcRequests) * billedSeconds(usage.durationMilliseconds)
    var bill = try Billing.usage(
      "lambda.request", quantity: usage.requests, kind: .variable, description: "Requests",
      prices: prices, options: options)
    bill += try Billing.usage(
      "lambda.duration.\(arch)", quantity: onDemandSeconds * gigabytes, kind: .variable,
      description: "Duration (\(arch))", prices: prices, options: options)
    var totalSeconds = onDemandSeconds
    if let pc = usage.provisioned {
      let (pcBill, pcSeconds) = try provisionedCharges(
        pc, gigabytes: gigabytes, architecture: arch, prices: prices)
      bill += pcBill
      totalSeconds += pcSeconds
    }
    let extraStorageGB = max(0, usage.ephemeralStorageMB - BillingRules.lambdaIncludedEphemeralMB)
    if extraStorageGB > 0 {
      bill += try Billing.usage(
        "lambda.ephemeral_storage", quantity: totalSeconds * extraStorageGB / 1024,
        kind: .variable, description: "Ephemeral storage above 512 MB", prices: prices)
    }
    return bill
  }

  private static func provisionedCharges(
    _ pc: ProvisionedConcurrency, gigabytes: Double, architecture arch: String,
    prices: PriceCatalog
  ) throws(BillingError) -> (Bill, seconds: Double) {
    for (value, name) in [
      (pc.concurrency, "provisioned concurrency"), (pc.enabledSeconds, "enabled time"),
      (pc.durationMilliseconds, "provisioned duration"),
    ] { try check(value, name) }
    let enabled = BillingRules.roundUp(
      pc.enabledSeconds, toMultipleOf: BillingRules.lambdaProvisionedIncrementSeconds)
    var bill = try Billing.usage(
      "lambda.provisioned_concurrency.\(arch)", quantity: pc.concurrency * gigabytes * enabled,
      kind: .fixed, description: "Provisioned Concurrency (\(arch))", prices: prices)
    let seconds = pc.requests * billedSeconds(pc.durationMilliseconds)
    bill += try Billing.usage(
      "lambda.provisioned_duration.\(arch)", quantity: seconds * gigabytes, kind: .variable,
      description: "Duration with Provisioned Concurrency (\(arch))", prices: prices)
    return (bill, seconds)
  }

  /// One invocation's billed seconds: duration rounded up to the next 1 ms.
  static func billedSeconds(_ milliseconds: Double) -> Double {
    BillingRules.roundUp(milliseconds, toMultipleOf: BillingRules.lambdaDurationIncrementMs)
      / 1000
  }

  /// How many requests one asynchronous event is billed as: 1 for the first 256 KB, plus 1
  /// per further 64 KB chunk (events from S3, SNS, EventBridge, Step Functions, Logs).
  ///
  /// - Throws: `BillingError.invalidUsage` above the 1 MB (1,024 KB) maximum.
  public static func lambdaAsyncRequestUnits(payloadKB: Double) throws(BillingError) -> Double {
    try check(payloadKB, "event payload")
    guard payloadKB <= 1024 else {
      throw .invalidUsage("an asynchronous event is at most 1 MB (1,024 KB), not \(payloadKB) KB")
    }
    let beyond = max(0, payloadKB - BillingRules.lambdaAsyncFirstChunkKB)
    return 1 + BillingRules.roundUp(beyond / BillingRules.lambdaAsyncChunkKB)
  }

  /// Lambda@Edge: requests plus duration priced per 128 MB-second, metered at 1 ms.
  public static func lambdaAtEdge(
    requests: Double, durationMilliseconds: Double, memoryMB: Double, prices: PriceCatalog
  ) throws(BillingError) -> Bill {
    try check(durationMilliseconds, "Lambda@Edge duration")
    try check(memoryMB, "Lambda@Edge memory")
    let megabyteSeconds = requests * billedSeconds(durationMilliseconds) * memoryMB
    return try Billing.usage(
      "lambda_edge.request", quantity: requests, kind: .variable, description: "Requests",
      prices: prices)
      + Billing.usage(
        "lambda_edge.duration", quantity: megabyteSeconds, kind: .variable,
        description: "Duration", prices: prices)
  }

  /// HTTP response streaming: bytes beyond the first 6 MB of each response, per GB.
  ///
  /// - Parameters:
  ///   - requests: Streamed responses of this size.
  ///   - megabytesPerRequest: Bytes written to each stream, in MB (1 GB = 1,024 MB).
  ///   - prices: The price catalog.
  ///   - options: Which free allowances to subtract.
  /// - Returns: The bill, one row per tier slice, and its total.
  /// - Throws: `BillingError` for a negative or non-finite figure or a missing price.
  public static func lambdaResponseStreaming(
    requests: Double, megabytesPerRequest: Double, prices: PriceCatalog,
    options: BillingOptions = .init()
  ) throws(BillingError) -> Bill {
    try check(megabytesPerRequest, "streamed MB per request")
    let billable = max(0, megabytesPerRequest - BillingRules.lambdaFreeStreamMBPerRequest)
    return try Billing.usage(
      "lambda.response_streaming", quantity: requests * billable / 1024, kind: .variable,
      description: "Bytes streamed beyond 6 MB per request", prices: prices, options: options)
  }

  /// SnapStart: the snapshot cache while the version is active (at least 3 hours, a fixed
  /// cost) and each restore (memory restored, per GB).
  public static func lambdaSnapStart(
    memoryMB: Double, activeSeconds: Double, restores: Double, prices: PriceCatalog
  ) throws(BillingError) -> Bill {
    try check(memoryMB, "SnapStart memory")
    try check(activeSeconds, "SnapStart active time")
    let gigabytes = memoryMB / 1024
    let cached = max(activeSeconds, BillingRules.lambdaSnapStartMinimumSeconds)
    return try Billing.usage(
      "lambda.snapstart.cache", quantity: gigabytes * cached, kind: .fixed,
      description: "SnapStart cache", prices: prices)
      + Billing.usage(
        "lambda.snapstart.restore", quantity: restores * gigabytes, kind: .variable,
        description: "SnapStart restores", prices: prices)
  }

  /// Where a provisioned-mode event source mapping polls from.
  public enum EventPollerSource: String, Sendable, Hashable {
    case sqs
    case kafka
  }

  /// Provisioned-mode event source mapping: event poller unit (EPU) hours, a fixed cost.
  public static func lambdaProvisionedPollers(
    epuHours: Double, source: EventPollerSource, prices: PriceCatalog
  ) throws(BillingError) -> Bill {
    try Billing.usage(
      "lambda.esm.provisioned.\(source.rawValue)", quantity: epuHours, kind: .fixed,
      description: "Provisioned event pollers (\(source.rawValue))", prices: prices)
  }
}
