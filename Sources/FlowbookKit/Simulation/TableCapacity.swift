/// A DynamoDB table's throughput: reads and writes admitted or throttled.
///
/// **Provisioned** tables admit `read_capacity` units a second and keep up to 300 seconds
/// of unused capacity for bursts (Amazon DynamoDB Developer Guide, "Burst capacity"): a
/// token bucket of rate C and size 300·C, full at the start. **On-demand** tables
/// "instantly accommodate up to double the previous peak traffic", and throttle above
/// it until they have scaled, which takes up to 30 minutes (Developer Guide, "On-demand
/// capacity mode", "Peak traffic and scaling properties"): the admitted rate is twice the
/// previous peak, and the peak rises to what the table served 30 minutes earlier. The
/// model's `read_capacity` is then the previous peak. Either way an on-demand table never
/// admits more than its maximum throughput (AWS's default per-table quota, 40,000 read and
/// 40,000 write request units a second: `LimitRegistry`'s `TABLE.read_units`), so a table
/// without a previous peak is taken as scaled to that maximum. The on-demand buckets hold
/// one second of their rate: DynamoDB meters throughput per second. A call over the limit
/// fails with ProvisionedThroughputExceededException, which SDKs retry.
///
/// Units per call follow billing: a read of an item up to 4 KB is one unit (half when
/// eventually consistent), a write up to 1 KB is one unit (`Billing.dynamoDBReadUnits`).
struct TableCapacity: Sendable {
  let spec: TableSpec
  private var reads: TokenBucket?
  private var writes: TokenBucket?
  /// On-demand: per-second consumption, to raise the previous peak 30 minutes later.
  private var history: [Double] = []
  private var second = 0
  private var consumedThisSecond = 0.0
  private var peakRead: Double
  private(set) var readUnits = 0.0
  private(set) var writeUnits = 0.0
  /// Calls refused for read and for write throughput.
  private(set) var readThrottles: UInt64 = 0
  private(set) var writeThrottles: UInt64 = 0

  /// Seconds a provisioned table banks unused capacity for.
  static let burstSeconds = 300.0
  /// Seconds before an on-demand table's new peak raises its limit.
  static let scalingDelay = 1_800

  init(_ spec: TableSpec) {
    self.spec = spec
    peakRead = spec.readCapacity ?? 0
    reads = Self.bucket(spec.readCapacity, maximum: spec.readMaximum, onDemand: spec.onDemand)
    writes = Self.bucket(spec.writeCapacity, maximum: spec.writeMaximum, onDemand: spec.onDemand)
  }

  private static func bucket(
    _ capacity: Double?, maximum: Double?, onDemand: Bool, start: Double = 0
  )
    -> TokenBucket?
  {
    guard onDemand else {
      return capacity.map { TokenBucket(rate: $0, burst: $0 * burstSeconds, start: start) }
    }
    let rate: Double
    switch (capacity, maximum) {
    case (let peak?, let maximum?): rate = min(2 * peak, maximum)
    case (let peak?, nil): rate = 2 * peak
    case (nil, let maximum?): rate = maximum
    case (nil, nil): return nil
    }
    return TokenBucket(rate: rate, burst: rate, start: start)
  }

  /// Calls refused for throughput, reads and writes.
  var throttles: UInt64 { readThrottles &+ writeThrottles }

  /// Consumes one call's units at `now`, reading or writing by `write`.
  ///
  /// - Returns: Whether the call was admitted.
  /// - Complexity: O(1) amortised.
  mutating func admit(write: Bool, at now: Double) -> Bool {
    let units = write ? spec.writeUnitsPerCall : spec.readUnitsPerCall
    if spec.onDemand, spec.readCapacity != nil { advance(to: now) }
    var admitted = true
    if write, var bucket = writes {
      admitted = bucket.take(units, at: now)
      writes = bucket
    } else if !write, var bucket = reads {
      admitted = bucket.take(units, at: now)
      reads = bucket
    }
    guard admitted else {
      if write { writeThrottles &+= 1 } else { readThrottles &+= 1 }
      return false
    }
    if write { writeUnits += units } else { readUnits += units }
    if !write { consumedThisSecond += units }
    return true
  }

  /// On-demand: closes whole seconds and lifts the read limit to twice the peak that is
  /// now 30 minutes old (at most the table's maximum).
  private mutating func advance(to now: Double) {
    let current = Int(now)
    while second < current {
      history.append(consumedThisSecond)
      consumedThisSecond = 0
      second += 1
      if history.count > Self.scalingDelay {
        let old = history.removeFirst()
        if old > peakRead, reads != nil {
          peakRead = old
          reads = Self.bucket(old, maximum: spec.readMaximum, onDemand: true, start: now)
        }
      }
    }
  }
}
