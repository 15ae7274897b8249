// Billing of the data tier: DynamoDB request and capacity units (4 KB per read unit, 1 KB per
// write unit, eventual reads half, transactions double), on-demand or provisioned, plus
// storage; and S3 Standard requests per 1,000 and storage per GB-month.
// Unit rules: https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/Constraints.html

extension Billing {
  /// How a DynamoDB read is made; it sets how many read units a 4 KB step costs.
  public enum ReadConsistency: String, Sendable, Hashable, CaseIterable {
    /// Half a unit per 4 KB.
    case eventual
    /// One unit per 4 KB.
    case strong
    /// Two units per 4 KB (`TransactGetItems`).
    case transactional

    /// Read units per 4 KB step.
    public var unitsPerStep: Double {
      switch self {
      case .eventual: return 0.5
      case .strong: return 1
      case .transactional: return 2
      }
    }
  }

  /// How a DynamoDB write is made.
  public enum WriteMode: String, Sendable, Hashable, CaseIterable {
    /// One unit per 1 KB.
    case standard
    /// Two units per 1 KB (`TransactWriteItems`).
    case transactional

    /// Write units per 1 KB step.
    public var unitsPerStep: Double { self == .standard ? 1 : 2 }
  }

  /// Read units (RRU on demand, RCU-seconds provisioned) for one read of an item.
  ///
  /// The item size is rounded up to the next 4 KB: a strongly consistent read of 8 KB takes 2
  /// units, an eventually consistent one 1, a transactional one 4 (AWS pricing page examples).
  public static func dynamoDBReadUnits(itemKB: Double, consistency: ReadConsistency) -> Double {
    BillingRules.chunks(itemKB, of: BillingRules.dynamoDBReadUnitKB) * consistency.unitsPerStep
  }

  /// Write units for one write of an item: size rounded up to 1 KB, doubled for transactions
  /// (a transactional write of 3 KB takes 6 units).
  public static func dynamoDBWriteUnits(itemKB: Double, mode: WriteMode) -> Double {
    BillingRules.chunks(itemKB, of: BillingRules.dynamoDBWriteUnitKB) * mode.unitsPerStep
  }

  /// A month of DynamoDB requests against one kind of item.
  public struct DynamoDBRequests: Sendable, Hashable {
    /// Item reads (a `BatchGetItem` of 25 items is 25 reads).
    public var reads: Double
    /// Size of each item read.
    public var readItemKB: Double
    /// Consistency of the reads.
    public var consistency: ReadConsistency
    /// Item writes.
    public var writes: Double
    /// Size of each item written.
    public var writeItemKB: Double
    /// Standard or transactional writes.
    public var writeMode: WriteMode

    /// Creates a month of requests.
    public init(
      reads: Double = 0, readItemKB: Double = 4, consistency: ReadConsistency = .strong,
      writes: Double = 0, writeItemKB: Double = 1, writeMode: WriteMode = .standard
    ) {
      self.reads = reads
      self.readItemKB = readItemKB
      self.consistency = consistency
      self.writes = writes
      self.writeItemKB = writeItemKB
      self.writeMode = writeMode
    }

    /// Read request units for the month.
    public var readUnits: Double {
      reads * Billing.dynamoDBReadUnits(itemKB: readItemKB, consistency: consistency)
    }

    /// Write request units for the month.
    public var writeUnits: Double {
      writes * Billing.dynamoDBWriteUnits(itemKB: writeItemKB, mode: writeMode)
    }
  }

  /// DynamoDB on-demand: read and write request units, plus Standard-class storage.
  public static func dynamoDBOnDemand(
    _ requests: DynamoDBRequests, storageGB: Double = 0, prices: PriceCatalog,
    options: BillingOptions = .init()
  ) throws(BillingError) -> Bill {
    try check(requests.readItemKB, "read item size")
    try check(requests.writeItemKB, "write item size")
    return try Billing.usage(
      "dynamodb.ondemand.read", quantity: requests.readUnits, kind: .variable,
      description: "Read request units (\(requests.consistency.rawValue))", prices: prices)
      + Billing.usage(
        "dynamodb.ondemand.write", quantity: requests.writeUnits, kind: .variable,
        description: "Write request units (\(requests.writeMode.rawValue))", prices: prices)
      + dynamoDBStorage(storageGB, prices: prices, options: options)
  }

  /// DynamoDB provisioned: capacity units held for `hours` (fixed costs), plus storage.
  public static func dynamoDBProvisioned(
    readCapacityUnits: Double, writeCapacityUnits: Double, hours: Double, storageGB: Double = 0,
    prices: PriceCatalog, options: BillingOptions = .init()
  ) throws(BillingError) -> Bill {
    try check(hours, "provisioned hours")
    return try Billing.usage(
      "dynamodb.provisioned.rcu", quantity: readCapacityUnits * hours, kind: .fixed,
      description: "Provisioned read capacity", prices: prices)
      + Billing.usage(
        "dynamodb.provisioned.wcu", quantity: writeCapacityUnits * hours, kind: .fixed,
        description: "Provisioned write capacity", prices: prices)
      + dynamoDBStorage(storageGB, prices: prices, options: options)
  }

  private static func dynamoDBStorage(
    _ gigabytes: Double, prices: PriceCatalog, options: BillingOptions
  ) throws(BillingError) -> Bill {
    try check(gigabytes, "table storage")
    guard gigabytes > 0 else { return Bill() }
    return try Billing.usage(
      "dynamodb.storage.standard", quantity: gigabytes, kind: .fixed,
      description: "Table storage", prices: prices, options: options)
  }

  /// S3 Standard: GET and PUT requests per 1,000, and storage per GB-month.
  public static func s3(
    getRequests: Double = 0, putRequests: Double = 0, storageGB: Double = 0,
    prices: PriceCatalog
  ) throws(BillingError) -> Bill {
    try Billing.usage(
      "s3.standard.get", quantity: getRequests, kind: .variable,
      description: "GET requests", prices: prices)
      + Billing.usage(
        "s3.standard.put", quantity: putRequests, kind: .variable,
        description: "PUT, COPY, POST, LIST requests", prices: prices)
      + Billing.usage(
        "s3.standard.storage", quantity: storageGB, kind: .fixed, description: "Storage",
        prices: prices)
  }
}
