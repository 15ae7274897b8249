import Foundation

/// Where one request (or one attempt, one fan-out branch) is in the program.
struct WalkState: Sendable {
  var pc: Int32
  /// The request's own time: when it reaches instruction `pc`.
  var clock: Double
  var outcome: RequestOutcome = .ok
  /// The request's key for keyed caches, 1…N (0: not drawn yet).
  var key: Int = 0
  /// Region failover: 0 not yet routed, 1 the primary region, 2 the standby.
  var region: UInt8 = 0
  /// The request's route: branch and cache choices are drawn from it, not from the
  /// generator, so a retry takes the same way as the attempt it repeats.
  var route: UInt64 = 0

  init(pc: Int32, clock: Double, key: Int = 0, region: UInt8 = 0, route: UInt64 = 0) {
    self.pc = pc
    self.clock = clock
    self.key = key
    self.region = region
    self.route = route
  }

  /// The uniform in [0, 1) this request draws at branch or cache `salt`.
  ///
  /// Which arm a request takes is a property of the request (its key misses the cache,
  /// its endpoint is served by the container tier), not of one attempt: a client that
  /// retries a request whose key missed the CDN misses it again and lands on the same
  /// tier. So choices are a hash of (route, salt) — SplitMix64's finaliser (Steele, Lea &
  /// Flood 2014) — rather than fresh draws; requests still choose independently, since
  /// each has its own random route.
  @inline(__always)
  func choice(_ salt: UInt64) -> Double {
    var z = route &+ salt &* 0x9E37_79B9_7F4A_7C15
    z = (z ^ (z &>> 30)) &* 0xBF58_476D_1CE4_E5B9
    z = (z ^ (z &>> 27)) &* 0x94D0_49BB_1331_11EB
    z ^= z &>> 31
    return Double(z &>> 11) * 0x1.0p-53
  }

  /// The route of fan-out branch `index`: independent of its siblings, fixed by the parent.
  func branchRoute(_ index: Int) -> UInt64 {
    var z = route ^ (UInt64(index + 1) &* 0xD1B5_4A32_D192_ED03)
    z = (z ^ (z &>> 33)) &* 0xFF51_AFD7_ED55_8CCD
    return z ^ (z &>> 33)
  }
}

/// Runs the stateless stretches of a program: hops, branches, probabilistic caches, and
/// fan-outs and retries whose bodies are stateless.
///
/// It stops at the first stateful instruction (or at a clean-up, which is stateful) and
/// leaves `pc` on it, or at the program's end. It never reads or writes shared state, only
/// the request's own state, the generator it is given and the statistics it counts calls
/// in, so arrival streams can run it in parallel ahead of the event clock.
struct PathWalker: Sendable {
  let program: PathProgram
  let faults: FaultPlan

  /// Advances `walk` until a stateful instruction or the end.
  ///
  /// - Returns: true if the program (or body) ended; false if `walk.pc` is stateful.
  /// - Complexity: O(instructions run), each O(1) except fan-outs and retries, which run
  ///   their bodies inline.
  @inline(__always)
  func run(
    _ walk: inout WalkState, _ generator: inout SeededGenerator,
    _ statistics: inout PathStatistics
  ) -> Bool {
    while true {
      switch program.ops[Int(walk.pc)] {
      case .hop(let hop):
        self.hop(hop, &walk, &generator, &statistics)
      case .branch(let branch):
        let spec = program.branches[Int(branch)]
        let arm = SamplerTable.index(
          in: program.branchWeights, first: Int(spec.first), count: Int(spec.count),
          walk.choice(UInt64(branch)))
        walk.pc = program.branchTargets[arm]
      case .cache(let cache):
        let spec = program.caches[Int(cache)]
        if spec.keyed >= 0 { return false }
        var hit = walk.choice(0x1_0000 &+ UInt64(cache)) < hitProbability(spec, at: walk.clock)
        if hit, let region = faults.region, !program.regional[Int(spec.component)],
          walk.clock >= region.start
        {
          // An edge copy that expired during the failure is refreshed from the origin:
          // a miss, which fails while the request still resolves to the dead primary.
          route(region, &walk, &generator)
          if walk.region == 1, region.edgeCopyExpired(at: walk.clock, generator.uniform()) {
            hit = false
          }
        }
        walk.pc = hit ? spec.hitTarget : spec.missTarget
      case .jump(let target):
        walk.pc = target
      case .fanOut(let fanOut):
        let spec = program.fanOuts[Int(fanOut)]
        if spec.stateful { return false }
        inlineFanOut(spec, &walk, &generator, &statistics)
      case .retry(let retry):
        let spec = program.retries[Int(retry)]
        if spec.stateful { return false }
        inlineRetry(spec, &walk, &generator, &statistics)
      case .end:
        return true
      default:
        return false
      }
    }
  }

  /// Marks the walk failed and sends it to its fail target.
  @inline(__always)
  func fail(_ walk: inout WalkState, _ outcome: RequestOutcome) {
    walk.outcome = outcome
    walk.pc = program.failTargets[Int(walk.pc)]
  }

  // MARK: - Hops

  @inline(__always)
  private func hop(
    _ index: Int32, _ walk: inout WalkState, _ generator: inout SeededGenerator,
    _ statistics: inout PathStatistics
  ) {
    let spec = program.hops[Int(index)]
    statistics.call(spec.component, at: walk.clock)
    if faults.region != nil || faults.zone != nil, outage(spec, &walk, &generator) {
      fail(&walk, .errored)
      return
    }
    var factor = 1.0
    var errors = 0.0
    if faults.touches(spec.component) {
      let effect = faults.effect(spec.component, at: walk.clock)
      let kind = program.kinds[Int(spec.component)]
      if effect.down && kind != .cache && kind != .cdn {
        fail(&walk, .errored)
        return
      }
      factor = effect.factor
      errors = effect.errors
    }
    walk.clock += program.samplers.sample(spec.sampler, &generator) * factor
    if errors > 0, generator.uniform() < errors {
      fail(&walk, .errored)
      return
    }
    if spec.blockRate > 0, generator.uniform() < spec.blockRate {
      fail(&walk, .blocked)
      return
    }
    walk.pc += 1
  }

  /// Whether a region failure or a lost zone fails this call.
  ///
  /// Region: a request is routed (`route`) when it first reaches a regional component;
  /// calls to the failed primary fail. Zone: until the balancer's checks take the zone out, a
  /// call through a load balancer lands in the lost zone with probability 1/zones.
  private func outage(
    _ spec: HopSpec, _ walk: inout WalkState, _ generator: inout SeededGenerator
  ) -> Bool {
    if let region = faults.region, program.regional[Int(spec.component)] {
      route(region, &walk, &generator)
      if walk.region == 1 && walk.clock >= region.start { return true }
    }
    if let zone = faults.zone, program.kinds[Int(spec.component)] == .lb,
      walk.clock >= zone.start,
      walk.clock < zone.detected
    {
      return generator.uniform() < zone.share
    }
    return false
  }

  /// Routes a request on its first regional call (or CDN hit during the failure): before
  /// the failure to the primary; after it to the primary until its resolver sees Route
  /// 53's new answer (at the switch plus a uniform part of one TTL), then to the standby.
  @inline(__always)
  private func route(
    _ region: FaultPlan.RegionFailover, _ walk: inout WalkState,
    _ generator: inout SeededGenerator
  ) {
    guard walk.region == 0 else { return }
    if walk.clock < region.start {
      walk.region = 1
    } else {
      let switched = region.switched + generator.uniform() * region.ttl
      walk.region = walk.clock >= switched ? 2 : 1
    }
  }

  /// A probabilistic cache's hit probability at `time`: the model's, or lower while it
  /// refills after a flush, and 0 while it is down (callers fall back to the origin).
  @inline(__always)
  func hitProbability(_ spec: CacheSpec, at time: Double) -> Double {
    if faults.touches(spec.component), faults.effect(spec.component, at: time).down {
      return 0
    }
    guard let flush = faults.lastFlush(spec.component, before: time) else {
      return spec.hitProbability
    }
    return FaultPlan.hitProbability(spec.hitProbability, ttl: spec.ttl, sinceFlush: time - flush)
  }

  // MARK: - Inline bodies

  private func inlineFanOut(
    _ spec: FanOutSpec, _ walk: inout WalkState, _ generator: inout SeededGenerator,
    _ statistics: inout PathStatistics
  ) {
    var latest = walk.clock
    var outcome = RequestOutcome.ok
    for index in 0..<spec.count {
      var branch = WalkState(
        pc: spec.body, clock: walk.clock, key: walk.key, region: walk.region,
        route: walk.branchRoute(index))
      _ = run(&branch, &generator, &statistics)
      latest = max(latest, branch.clock)
      if outcome == .ok { outcome = branch.outcome }
    }
    walk.clock = latest
    if outcome == .ok { walk.pc = spec.next } else { fail(&walk, outcome) }
  }

  /// Attempts one after another; a stateless attempt abandoned at its timeout affects no
  /// shared state, so abandoning it needs no bookkeeping.
  private func inlineRetry(
    _ spec: RetrySpec, _ walk: inout WalkState, _ generator: inout SeededGenerator,
    _ statistics: inout PathStatistics
  ) {
    var start = walk.clock
    for attempt in 1...spec.attempts {
      if spec.isClient { statistics.attempt(at: start) }
      var body = WalkState(
        pc: spec.body, clock: start, key: walk.key, region: walk.region, route: walk.route)
      _ = run(&body, &generator, &statistics)
      let verdict = RetryVerdict(spec, start: start, end: body.clock, outcome: body.outcome)
      if verdict.succeeded {
        walk.clock = body.clock
        walk.pc = spec.next
        return
      }
      if !verdict.outcome.isRetryable || attempt == spec.attempts {
        walk.clock = verdict.time
        fail(&walk, verdict.outcome)
        return
      }
      start = verdict.time + spec.backoff(before: attempt, program.samplers, &generator)
    }
  }
}

/// How one attempt under a per-attempt timeout ended, by `RetryPolicy`'s rules: success
/// within the timeout; otherwise a failure at its own time if earlier, else abandoned at
/// the timeout (timed out).
struct RetryVerdict {
  var succeeded: Bool
  var outcome: RequestOutcome
  /// When the attempt ended for the caller.
  var time: Double

  init(_ spec: RetrySpec, start: Double, end: Double, outcome: RequestOutcome) {
    let deadline = start + spec.timeout
    if outcome == .ok && end <= deadline {
      self.init(succeeded: true, outcome: .ok, time: end)
    } else if outcome != .ok && end < deadline {
      self.init(succeeded: false, outcome: outcome, time: end)
    } else {
      self.init(succeeded: false, outcome: .timedOut, time: deadline)
    }
  }

  init(succeeded: Bool, outcome: RequestOutcome, time: Double) {
    self.succeeded = succeeded
    self.outcome = outcome
    self.time = time
  }
}
