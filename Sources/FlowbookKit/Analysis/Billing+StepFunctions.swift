// AWS Step Functions billing, per https://aws.amazon.com/step-functions/pricing/: Standard
// workflows pay per state transition (retries included); Express workflows pay per request
// plus duration (rounded up to 100 ms) × memory (64 MB chunks) on monthly GB-hour tiers.

extension Billing {
  /// Standard workflows: state transitions, 4,000 a month free when the policy allows.
  public static func stepFunctionsStandard(
    transitions: Double, prices: PriceCatalog, options: BillingOptions = .init()
  ) throws(BillingError) -> Bill {
    try Billing.usage(
      "stepfunctions.standard.transition", quantity: transitions, kind: .variable,
      description: "State transitions", prices: prices, options: options)
  }

  /// Express workflows: requests plus GB-hours on the duration tiers.
  ///
  /// - Parameters:
  ///   - requests: Workflow executions started.
  ///   - durationMilliseconds: Duration of each, billed rounded up to the next 100 ms.
  ///   - memoryMB: Memory each uses, billed in 64 MB chunks (see
  ///     `stepFunctionsExpressMemoryMB` to estimate it).
  ///   - prices: The price catalog.
  ///   - options: Which free allowances to subtract.
  /// - Returns: The bill, one row per tier slice, and its total.
  /// - Throws: `BillingError` for a negative or non-finite figure or a missing price.
  /// - Complexity: O(number of tiers).
  public static func stepFunctionsExpress(
    requests: Double, durationMilliseconds: Double, memoryMB: Double, prices: PriceCatalog,
    options: BillingOptions = .init()
  ) throws(BillingError) -> Bill {
    try check(durationMilliseconds, "Express duration")
    try check(memoryMB, "Express memory")
    let seconds =
      BillingRules.roundUp(
        durationMilliseconds, toMultipleOf: BillingRules.expressDurationIncrementMs) / 1000
    let billedMB =
      BillingRules.chunks(memoryMB, of: BillingRules.expressMemoryChunkMB)
      * BillingRules.expressMemoryChunkMB
    let gigabyteHours = requests * seconds * billedMB / 1024 / 3600
    return try Billing.usage(
      "stepfunctions.express.request", quantity: requests, kind: .variable,
      description: "Express requests", prices: prices, options: options)
      + Billing.usage(
        "stepfunctions.express.duration", quantity: gigabyteHours, kind: .variable,
        description: "Express duration (\(compact(billedMB)) MB billed)", prices: prices,
        options: options)
  }

  /// An Express workflow's memory: 50 MB + definition size + payload × Map/Parallel steps,
  /// in MB (1 MB = 1,024 KB).
  ///
  /// AWS's page example (50 KB definition, 400 Map steps of 32 KB) counts 1,000 KB per MB and
  /// gets 62.85 MB; with 1,024 this gives 62.55 MB. Both bill as one 64 MB chunk.
  public static func stepFunctionsExpressMemoryMB(
    definitionKB: Double, payloadKB: Double, mapOrParallelSteps: Double
  ) -> Double {
    BillingRules.expressBaseMemoryMB + (definitionKB + payloadKB * mapOrParallelSteps) / 1024
  }
}
