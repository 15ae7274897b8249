/// The golden path's circuit breaker, as its seed states it (lines 140–144): "Failure
/// threshold: 50 % error rate over 10 requests; Timeout: 30-second circuit open duration;
/// Half-open testing: single request every 30 seconds; Success threshold: 5 consecutive
/// successes to close".
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

/// WAF's rate-based rule: each client IP may send `limit` requests per window; further
/// requests from it in that window are blocked.
///
/// AWS WAF counts requests per IP over a trailing evaluation window (60, 120, 300 or 600
/// seconds; AWS WAF Developer Guide, "Rate-based rule statement"); the simulator counts in
/// fixed windows of that length, which blocks the same clients, a little earlier or later
/// within a window. Memory is two words per client, never per request.
struct ClientLimiter: Sendable {
  let spec: ClientLimiterSpec
  private var counts: [UInt32]
  private var windows: [UInt32]
  private(set) var blocked: UInt64 = 0

  init(_ spec: ClientLimiterSpec) {
    self.spec = spec
    counts = Array(repeating: 0, count: spec.clients)
    windows = Array(repeating: UInt32.max, count: spec.clients)
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
    let window = UInt32(min(now / spec.window, Double(UInt32.max - 1)))
    if windows[client] != window {
      windows[client] = window
      counts[client] = 0
    }
    counts[client] &+= 1
    guard Double(counts[client]) <= spec.limit else {
      blocked += 1
      return false
    }
    return true
  }
}
