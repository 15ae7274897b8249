import Foundation

extension BurstBacklog {
  /// The most samples one analysis returns.
  public static let maximumSamples = 1_000_000

  /// The backlog, concurrency and oldest-message age of an SQS queue under `input`.
  ///
  /// See `BurstBacklog` for the model and its sources.
  /// - Parameters:
  ///   - input: the arrival profile.
  ///   - consumers: the ESM or pool draining the queue.
  ///   - sampleStep: seconds between samples, finite and > 0.
  ///   - horizon: the last sampled time; nil for "until drained", or, if it never drains,
  ///     twice the last change (at least one step).
  /// - Returns: The backlog over time, its peak, the oldest message's age and the drain.
  /// - Throws: `AnalysisInputError` for invalid consumers, step or horizon, or more than
  ///   `maximumSamples` samples.
  /// - Complexity: O(steps × (events + samples)); events are a handful per rate step.
  public static func analyse(
    input: InputProfile, consumers: Consumers, sampleStep: Double, horizon: Double? = nil
  ) throws(AnalysisInputError) -> Outcome {
    try check(consumers)
    try Check.finitePositive(sampleStep, "sampleStep")
    if let horizon { try Check.finiteNonNegative(horizon, "horizon") }
    // Pass 1: to the last change, then on until empty if it can empty.
    var fluid = Fluid(input: input, consumers: consumers)
    fluid.advance(to: input.lastChange)
    let drain = fluid.runToDrain()
    let drainedAt: Double? =
      if case .drained(let after) = drain { input.lastChange + after } else { nil }
    let end = horizon ?? drainedAt ?? max(2 * input.lastChange, sampleStep)
    let count = (end / sampleStep).rounded(.up)
    guard count < Double(maximumSamples) else {
      throw AnalysisInputError(
        parameter: "sampleStep", value: sampleStep,
        requirement: "a step giving at most \(maximumSamples) samples up to \(end) s")
    }
    // Pass 2: sample through the horizon (the same trajectory, cut at the sample times).
    var sampled = Fluid(input: input, consumers: consumers)
    var samples = [sampled.sample()]
    for index in stride(from: 1, through: Int(count), by: 1) {
      sampled.advance(to: min(Double(index) * sampleStep, end))
      samples.append(sampled.sample())
    }
    let peak = fluid.peak.backlog >= sampled.peak.backlog ? fluid.peak : sampled.peak
    return Outcome(
      samples: samples, peakBacklog: peak.backlog, peakTime: peak.time,
      oldestAgeAtPeak: peak.age, maximumOldestAge: max(fluid.maximumAge, sampled.maximumAge),
      drain: drain, arrivedByLastChange: input.cumulative(at: input.lastChange),
      arrivedByHorizon: input.cumulative(at: end), maximumDrainRate: consumers.maximumDrainRate)
  }

  private static func check(_ consumers: Consumers) throws(AnalysisInputError) {
    try Check.finitePositive(consumers.batchSize, "batchSize")
    try Check.finitePositive(consumers.batchDuration, "batchDuration")
    try Check.finitePositive(consumers.maximumConcurrency, "maximumConcurrency")
    try Check.finitePositive(consumers.initialConcurrency, "initialConcurrency")
    try Check.finiteNonNegative(consumers.scaleUpPerMinute, "scaleUpPerMinute")
  }
}

/// The fluid queue's exact trajectory, advanced event by event.
///
/// Between events λ is constant and N is linear (ramping at r) or constant, so with
/// k = b/d the backlog is Q(s) = Q₀ + (λ − kN₀)s − (kr/2)s², a concave parabola: its
/// maximum, its zero and N reaching the maximum are solved in closed form.
private struct Fluid {
  let input: BurstBacklog.InputProfile
  /// k: messages per second per concurrent batch.
  let perBatch: Double
  let floor: Double
  let ceiling: Double
  /// r: batches added per second while messages wait.
  let ramp: Double
  let batchDuration: Double
  var time = 0.0
  var backlog = 0.0
  var concurrency: Double
  var peak = (backlog: 0.0, time: 0.0, age: 0.0)
  var maximumAge = 0.0

  init(input: BurstBacklog.InputProfile, consumers: BurstBacklog.Consumers) {
    self.input = input
    perBatch = consumers.messagesPerSecondPerBatch
    ceiling = consumers.maximumConcurrency
    floor = min(consumers.initialConcurrency, ceiling)
    ramp = consumers.scaleUpPerMinute / 60
    batchDuration = consumers.batchDuration
    concurrency = 0
    // Steady state at the starting rate: the pollers have scaled to what it keeps.
    concurrency = kept(input.rate(at: 0))
  }

  /// The batches an ESM keeps at a steady input of `lambda` messages a second.
  ///
  /// Batches start at λ/b a second and last d, so those in flight are Poisson with mean
  /// N = λ/(b/d) (M/G/∞, Palm's theorem). An empty queue's mapping keeps the most batches
  /// in flight over the last one to two minutes (as the simulator's does; AWS documents
  /// no speed): the expected maximum of Poisson(N) over 90 s of batch times, never below
  /// the initial 5 nor above the ceiling.
  func kept(_ lambda: Double) -> Double {
    let need = lambda / perBatch
    let most = ScenarioFluid.expectedMaximumAbove(
      mean: need, samples: max(1, 90 / batchDuration), floor: 0)
    return min(ceiling, max(floor, need, most))
  }

  /// Age of the head message when the backlog is `q` at time `t`.
  func age(backlog q: Double, at t: Double) -> Double {
    guard q > 0 else { return 0 }
    let departed = input.cumulative(at: t) - q
    guard let arrival = input.arrivalTime(afterCumulative: departed) else { return 0 }
    return max(0, t - arrival)
  }

  func sample() -> BurstBacklog.Sample {
    let lambda = input.rate(at: time)
    let drain = backlog > 0 ? perBatch * concurrency : min(lambda, perBatch * concurrency)
    return BurstBacklog.Sample(
      time: time, backlog: backlog, concurrency: concurrency, inputRate: lambda,
      drainRate: drain, oldestAge: age(backlog: backlog, at: time))
  }

  mutating func observe(backlog q: Double, at t: Double) {
    let a = age(backlog: q, at: t)
    maximumAge = max(maximumAge, a)
    if q > peak.backlog { peak = (q, t, a) }
  }

  /// Advances to `target`, or stops early on an empty queue when `stopWhenEmpty`.
  ///
  /// - Returns: true if it stopped because the queue was empty.
  @discardableResult
  mutating func advance(to target: Double, stopWhenEmpty: Bool = false) -> Bool {
    while time < target {
      let lambda = input.rate(at: time)
      let segmentEnd = min(target, input.nextChange(after: time))
      if backlog == 0, lambda <= perBatch * concurrency {
        if stopWhenEmpty { return true }
        // Empty: the pollers fall back to what the input keeps in flight.
        concurrency = max(floor, min(concurrency, kept(lambda)))
        time = segmentEnd
        continue
      }
      step(lambda: lambda, until: segmentEnd)
    }
    return stopWhenEmpty && backlog == 0 && input.rate(at: time) <= perBatch * concurrency
  }

  /// One event: to the segment end, the ramp reaching the ceiling, or the queue emptying.
  mutating func step(lambda: Double, until segmentEnd: Double) {
    // A ramp end closer than time's rounding would stall the loop: treat it as reached.
    if concurrency < ceiling, !(time + (ceiling - concurrency) / ramp > time) {
      concurrency = ceiling
    }
    let r = concurrency < ceiling ? ramp : 0
    var span = segmentEnd - time
    if r > 0 { span = min(span, (ceiling - concurrency) / r) }
    let quadratic = perBatch * r / 2
    let linear = lambda - perBatch * concurrency
    if r > 0, linear > 0, linear / (2 * quadratic) < span {
      let top = linear / (2 * quadratic)
      observe(backlog: backlog + linear * top - quadratic * top * top, at: time + top)
    }
    var emptied = false
    if let zero = Self.zero(backlog: backlog, linear: linear, quadratic: quadratic),
      zero <= span
    {
      span = zero
      emptied = true
    }
    backlog = emptied ? 0 : max(0, backlog + linear * span - quadratic * span * span)
    concurrency = min(ceiling, concurrency + r * span)
    // A segment end closer than time's rounding: jump to it rather than stall.
    time = emptied || time + span > time ? time + span : segmentEnd
    observe(backlog: backlog, at: time)
  }

  /// The positive root of Q₀ + linear·s − quadratic·s² = 0 where Q falls through 0.
  static func zero(backlog q: Double, linear: Double, quadratic: Double) -> Double? {
    let b = -linear  // the net drain rate at s = 0
    if quadratic == 0 { return b > 0 ? q / b : nil }
    let root = (b * b + 4 * quadratic * q).squareRoot()
    return b >= 0 ? 2 * q / (b + root) : (root - b) / (2 * quadratic)
  }

  /// From the last change on, the drain outcome; leaves the state where it emptied.
  mutating func runToDrain() -> BurstBacklog.Drain {
    let start = input.lastChange
    let lambda = input.finalRate
    if backlog == 0, lambda <= perBatch * concurrency { return .drained(afterLastChange: 0) }
    let capacity = perBatch * ceiling
    guard lambda < capacity else { return .never(backlogGrowthRate: lambda - capacity) }
    advance(to: .infinity, stopWhenEmpty: true)
    return .drained(afterLastChange: time - start)
  }
}
