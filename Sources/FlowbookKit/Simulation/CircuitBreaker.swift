/// A circuit breaker with the model's settings (the workload's `breaker_*`, by default the
/// golden path seed's, lines 140–144: "Failure threshold: 50 % error rate over 10 requests;
/// Timeout: 30-second circuit open duration; Half-open testing: single request every 30
/// seconds; Success threshold: 5 consecutive successes to close").
///
/// **Closed**: calls pass; the outcomes of the last `window` calls are kept, and when the
/// window is full and at least `errorThreshold` of it failed the breaker opens. **Open**:
/// calls fail at once (no load reaches the dependency) until `openDuration` has passed.
/// **Half-open**: one probe call passes every `probeInterval`, others fail at once; a
/// failed probe reopens the breaker, and `successesToClose` successful probes in a row
/// close it. This is the same breaker as `CircuitBreakerSettings` (the `failover`
/// analysis), simulated call by call; the simulator keeps one breaker per protected
/// component, shared by its callers, as a service mesh or a shared client would.
struct CircuitBreaker: Sendable {
  let settings: CircuitBreakerSettings
  private enum State: Sendable {
    case closed
    case open(until: Double)
    case halfOpen(nextProbe: Double, probing: Bool, successes: Int)
  }

  private var state = State.closed
  /// The last `window` outcomes as bits (1 = failed), newest in bit 0.
  private var outcomes: UInt64 = 0
  private var recorded = 0
  private(set) var rejected: UInt64 = 0
  private(set) var openings: UInt64 = 0

  init(settings: CircuitBreakerSettings = CircuitBreakerSettings()) {
    precondition(settings.window >= 1 && settings.window <= 64, "breaker window 1…64")
    self.settings = settings
  }

  /// Whether the breaker is not closed (for the time series and notes).
  var isOpen: Bool {
    if case .closed = state { return false }
    return true
  }

  /// Asks to make a call at `now`.
  ///
  /// - Returns: nil if rejected (fail fast); otherwise whether the call is a half-open
  ///   probe, which `record` must be told.
  /// - Complexity: O(1).
  mutating func permit(at now: Double) -> Bool? {
    switch state {
    case .closed:
      return false
    case .open(let until):
      guard now >= until else {
        rejected += 1
        return nil
      }
      state = .halfOpen(nextProbe: now + settings.probeInterval, probing: true, successes: 0)
      return true
    case .halfOpen(let nextProbe, let probing, let successes):
      guard !probing, now >= nextProbe else {
        rejected += 1
        return nil
      }
      state = .halfOpen(
        nextProbe: now + settings.probeInterval, probing: true, successes: successes)
      return true
    }
  }

  /// Records the outcome of a permitted call that ended at `now`.
  ///
  /// - Complexity: O(1) (a population count over one word).
  mutating func record(failed: Bool, probe: Bool, at now: Double) {
    switch state {
    case .closed:
      guard !probe else { return }
      let mask: UInt64 = settings.window == 64 ? ~0 : (1 << UInt64(settings.window)) - 1
      outcomes = ((outcomes << 1) | (failed ? 1 : 0)) & mask
      recorded = min(recorded + 1, settings.window)
      let failures = Double(outcomes.nonzeroBitCount)
      if recorded == settings.window,
        failures >= settings.errorThreshold * Double(settings.window)
      {
        open(at: now)
      }
    case .open:
      return
    case .halfOpen(let nextProbe, _, let successes):
      guard probe else { return }
      if failed {
        open(at: now)
      } else if successes + 1 >= settings.successesToClose {
        state = .closed
        outcomes = 0
        recorded = 0
      } else {
        state = .halfOpen(nextProbe: nextProbe, probing: false, successes: successes + 1)
      }
    }
  }

  private mutating func open(at now: Double) {
    state = .open(until: now + settings.openDuration)
    openings += 1
  }
}

/// WAF's rate-based rule: a client IP whose request count over the trailing evaluation
/// window is above the limit has its requests blocked.
///
/// AWS WAF counts every request an IP sends, blocked ones included, over a trailing
/// window (60, 120, 300 or 600 s), estimates it "with an algorithm that gives more
/// importance to more recent requests", and checks it about every 10 seconds, so an IP
/// goes on being blocked while it keeps sending too fast and is let through again soon
/// after its rate drops (AWS WAF Developer Guide, "Rate-based rule caveats"; WAFV2 API
/// Reference, `RateBasedStatement.EvaluationWindowSec`). The limiter estimates the
/// trailing count as a sliding-window counter does: this period's count plus the part of
/// the previous period's count that the window still covers, and re-decides each IP at its
/// first request after each check instant. Memory is four words per client, never per
/// request.
struct ClientLimiter: Sendable {
  let spec: ClientLimiterSpec
  /// Per client: requests in the current and the previous period of `spec.window`, the
  /// current period's index, and the last check applied (high bit: blocked since).
  private var current: [UInt32]
  private var previous: [UInt32]
  private var period: [UInt32]
  private var decision: [UInt32]
  private(set) var blocked: UInt64 = 0

  private static let blockedBit: UInt32 = 1 << 31

  init(_ spec: ClientLimiterSpec) {
    self.spec = spec
    current = Array(repeating: 0, count: spec.clients)
    previous = current
    period = Array(repeating: UInt32.max, count: spec.clients)
    decision = Array(repeating: ~Self.blockedBit, count: spec.clients)
  }

  /// Counts a request from a client drawn from the population at `now`.
  ///
  /// - Returns: Whether it passes the rule.
  /// - Complexity: O(1).
  mutating func admit(at now: Double, _ generator: inout SeededGenerator) -> Bool {
    let client: Int
    if let skew = spec.skew {
      client = skew.sample(using: &generator) - 1
    } else {
      client = min(Int(generator.uniform() * Double(spec.clients)), spec.clients - 1)
    }
    return admit(client: client, at: now)
  }

  /// Counts a request from `client` at `now`; whether it passes.
  mutating func admit(client: Int, at now: Double) -> Bool {
    let index = UInt32(min(now / spec.window, Double(UInt32.max - 1)))
    if period[client] != index {
      previous[client] = period[client] &+ 1 == index ? current[client] : 0
      current[client] = 0
      period[client] = index
    }
    let check = UInt32(min(now / spec.checkInterval, Double(Self.blockedBit - 2)))
    if decision[client] & ~Self.blockedBit != check {
      let covered = 1 - (now - Double(index) * spec.window) / spec.window
      let estimate = Double(previous[client]) * covered + Double(current[client])
      decision[client] = check | (estimate > spec.limit ? Self.blockedBit : 0)
    }
    current[client] &+= 1
    guard decision[client] & Self.blockedBit == 0 else {
      blocked += 1
      return false
    }
    return true
  }
}
