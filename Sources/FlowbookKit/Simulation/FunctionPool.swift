/// What a Lambda function's pool of execution environments needs to know.
struct FunctionSettings: Sendable {
  var component: Int32
  /// Reserved concurrency; nil draws from the account's unreserved concurrency.
  var reserved: Int?
  /// Provisioned environments: always initialised, never a cold start.
  var provisioned: Int
  /// Start-up distributions, as indices into the program's samplers.
  var coldStart: Int32
  var warmStart: Int32
  /// `environment_lifetime`: seconds an environment lives before Lambda replaces it.
  var lifetime: Double
  /// How long an idle environment survives before it is reclaimed.
  var idleLifetime: Double
  /// New environments per second and the most at once (1,000 per 10 s per function).
  var scalingRate: Double
  var scalingBurst: Double
  /// Configured memory in AWS billing GB (MB ÷ 1,024), for GB-seconds.
  var memoryGB: Double
  /// The function timeout: an invocation still running this long after its handler
  /// began is stopped, and its environment is free again.
  var timeout: Double
}

/// The account's concurrency shared by functions without reserved concurrency.
struct AccountConcurrency: Sendable {
  /// Concurrency available to unreserved functions: the account quota less every
  /// reservation (AWS keeps at least 100 unreserved).
  var unreserved: Int
  var busy = 0
}

/// A Lambda function's execution environments: busy, idle (warm) and provisioned.
///
/// AWS Lambda runs one request per environment at a time. A request takes an idle
/// environment if there is one (a warm start) and otherwise needs a new one (a cold start,
/// `cold_start` long), which is allowed only while the function is under its concurrency
/// limit (reserved concurrency, else the account's unreserved concurrency) and under the
/// scaling rate of 1,000 new environments per 10 seconds per function; otherwise the
/// request is throttled with 429 (AWS Lambda Developer Guide, "Lambda scaling behavior",
/// 2023). Idle environments are taken most recently used first and reclaimed after
/// `idleLifetime` unused (AWS does not document the figure; 5 minutes is assumed unless
/// the model sets `idle_lifetime`). Provisioned environments serve first and never start
/// cold.
///
/// Lambda also replaces environments "every few hours … even for functions that are
/// invoked continuously" (AWS Lambda Developer Guide, "Understanding the Lambda execution
/// environment lifecycle"): each on-demand environment is replaced at rate 1/`lifetime`
/// (a memoryless lifetime of mean `environment_lifetime`, assumed 2 hours). The pool does
/// not age environments one by one; it accrues replacements at (environments alive) /
/// `lifetime` per second, and the next reuse of an idle environment after a whole
/// replacement has accrued starts cold: the expected number of replacements, spread
/// evenly, with no random draw. Provisioned environments are replaced initialised, so never cold. Cold starts
/// thus come only from new environments, as in `ColdStartEstimate`.
///
/// - Invariant: busy ≤ limit; the idle stack holds idle-since times in increasing order.
struct FunctionPool: Sendable {
  let settings: FunctionSettings
  private(set) var busy = 0
  private(set) var busyProvisioned = 0
  /// Idle-since times of idle on-demand environments, oldest first, newest on top.
  private var idle = TimestampQueue()
  private var scaling: TokenBucket
  private(set) var coldStarts: UInt64 = 0
  /// Replacements accrued and not yet taken, and when they were last accrued.
  private var recycleDebt = 0.0
  private var accruedAt = 0.0
  private(set) var invocations: UInt64 = 0
  private(set) var throttles: UInt64 = 0
  /// Invocations stopped at the function timeout.
  private(set) var timeouts: UInt64 = 0

  init(_ settings: FunctionSettings) {
    self.settings = settings
    scaling = TokenBucket(rate: settings.scalingRate, burst: settings.scalingBurst)
  }

  /// How a request fared at the pool.
  enum Acquisition {
    case throttled
    /// Start-up time to add, and whether the environment is a provisioned one.
    case granted(startUp: Double, provisioned: Bool)
  }

  /// Takes an environment for a request at `now`.
  ///
  /// - Complexity: O(1) amortised (expired idle environments leave once each).
  mutating func acquire(
    at now: Double, account: inout AccountConcurrency, _ samplers: SamplerTable,
    _ generator: inout SeededGenerator
  ) -> Acquisition {
    if busyProvisioned < settings.provisioned {
      busyProvisioned += 1
      invocations += 1
      return .granted(
        startUp: samplers.sample(settings.warmStart, &generator), provisioned: true)
    }
    let underLimit = settings.reserved.map { busy < $0 } ?? (account.busy < account.unreserved)
    guard underLimit else {
      throttles += 1
      return .throttled
    }
    expireIdle(at: now)
    accrueRecycling(at: now)
    var cold = true
    if !idle.isEmpty {
      _ = idle.removeLast()
      cold = recycleDebt >= 1
      if cold { recycleDebt -= 1 }
    } else if !scaling.take(at: now) {
      throttles += 1
      return .throttled
    }
    busy += 1
    if settings.reserved == nil { account.busy += 1 }
    invocations += 1
    if cold { coldStarts += 1 }
    let startUp = samplers.sample(cold ? settings.coldStart : settings.warmStart, &generator)
    return .granted(startUp: startUp, provisioned: false)
  }

  /// Gives an environment back at `now`; an on-demand one becomes idle (warm), unless
  /// its invocation timed out.
  ///
  /// Lambda resets an environment whose invocation timed out, so the next request it
  /// serves starts cold (AWS Lambda Developer Guide, "Understanding the Lambda execution
  /// environment lifecycle", failures during the invoke phase): it is not kept warm.
  ///
  /// - Complexity: O(1) amortised.
  mutating func release(
    at now: Double, provisioned: Bool, timedOut: Bool = false,
    account: inout AccountConcurrency
  ) {
    if timedOut { timeouts += 1 }
    if provisioned {
      precondition(busyProvisioned > 0, "release of a provisioned environment none holds")
      busyProvisioned -= 1
      return
    }
    precondition(busy > 0, "release of an environment none holds")
    accrueRecycling(at: now)
    busy -= 1
    if settings.reserved == nil { account.busy -= 1 }
    if !timedOut { idle.append(now) }
  }

  /// Reclaims a `share` of the idle environments (those in a lost availability zone, or
  /// all of them when the region fails over to a cold standby).
  mutating func discardIdle(share: Double) {
    let lost = Int((Double(idle.count) * share).rounded(.up))
    for _ in 0..<min(lost, idle.count) { _ = idle.removeFirst() }
  }

  /// Environments busy, provisioned ones included.
  var inUse: Int { busy + busyProvisioned }

  /// Adds the replacements due since the last accrual.
  ///
  /// They accrue at alive environments / lifetime per second. Debt never exceeds the
  /// environments alive (each is replaced at most once before it is reused).
  private mutating func accrueRecycling(at now: Double) {
    let alive = Double(busy + idle.count)
    if settings.lifetime <= 0 {
      recycleDebt = alive
    } else if settings.lifetime.isFinite, now > accruedAt {
      recycleDebt = min(alive, recycleDebt + (now - accruedAt) * alive / settings.lifetime)
    }
    accruedAt = max(accruedAt, now)
  }

  private mutating func expireIdle(at now: Double) {
    while let oldest = idle.first, now - oldest > settings.idleLifetime {
      _ = idle.removeFirst()
    }
  }
}
