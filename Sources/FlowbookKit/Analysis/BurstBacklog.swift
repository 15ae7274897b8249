/// An SQS queue drained by a Lambda event-source mapping (ESM) under a burst, as a fluid.
///
/// "How deep does the queue get, how old is the oldest message, and when is it empty
/// again?" depends mostly on how fast the ESM adds pollers, which no steady-state queue
/// formula captures. Messages are treated as a continuous fluid (exact in the limit of many
/// messages per second, which is where a backlog matters) and the ODE is solved exactly
/// between events, so there is no time-step error:
/// - input rate λ(t), piecewise constant (`InputProfile`);
/// - drain rate N(t)·b/d, with N(t) concurrent batches of b messages taking d seconds each;
/// - N starts at what the base load keeps in flight (at least the ESM's 5 initial
///   batches), grows by 300 per minute while messages wait, up to the maximum concurrency,
///   and falls back to what the input keeps in flight (never below 5) whenever the queue is
///   empty: the most batches in flight over the last minute or two, the expected maximum
///   of Poisson(need) over 90 s of batch times (`FluidState.kept`), as the simulator does. AWS Lambda developer guide, "Scaling
///   behavior for SQS event source mappings" (docs.aws.amazon.com/lambda/latest/dg/
///   services-sqs-scaling.html): "starts with 5 concurrent batches", "adds up to 300 more
///   instances per minute", at most 1,000 concurrent batches per ESM; ESM
///   `MaximumConcurrency` 2–1,000 (API_ScalingConfig); batch size default 10. Collected in
///   the project's AWS facts reference (aws-facts.md §3). The 300 per minute is applied as a continuous
///   5 per second;
/// - FIFO order: the message at the head at time t arrived when cumulative arrivals equal
///   cumulative departures, so its age is t − A⁻¹(D(t)).
/// Cross-checked against the hand solution of constant overload — peak (λ − μ)·d, drain
/// peak/(μ − λ_after) — and of the linear ramp, whose backlog is quadratic.
///
/// ```swift
/// let input = try BurstBacklog.InputProfile.burst(
///   baseRate: 1_000, multiplier: 10, start: 60, duration: 300)
/// let esm = BurstBacklog.Consumers(batchSize: 10, batchDuration: 0.5)
/// let outcome = try BurstBacklog.analyse(input: input, consumers: esm, sampleStep: 10)
/// ```
public enum BurstBacklog {
  /// A piecewise-constant arrival rate, from t = 0 on.
  public struct InputProfile: Sendable, Hashable {
    /// Rate `rate` (messages per second) from `start` until the next step.
    public struct Step: Sendable, Hashable {
      public var start: Double
      public var rate: Double

      public init(start: Double, rate: Double) {
        self.start = start
        self.rate = rate
      }
    }

    /// The steps, the first starting at 0, starts strictly increasing.
    public let steps: [Step]
    /// Cumulative arrivals at each step's start.
    let cumulativeAtStart: [Double]

    /// - Parameter steps: the first starts at 0; starts strictly increasing and finite;
    ///   rates finite and ≥ 0.
    /// - Throws: `AnalysisInputError` when the steps break those rules.
    /// - Complexity: O(steps).
    public init(steps: [Step]) throws(AnalysisInputError) {
      guard let first = steps.first, first.start == 0 else {
        throw AnalysisInputError(
          parameter: "steps[0].start", value: steps.first?.start ?? .nan,
          requirement: "a profile whose first step starts at 0")
      }
      var cumulative = [0.0]
      for (index, step) in steps.enumerated() {
        try Check.finiteNonNegative(step.rate, "steps[\(index)].rate")
        guard index > 0 else { continue }
        let previous = steps[index - 1]
        guard step.start.isFinite, step.start > previous.start else {
          throw AnalysisInputError(
            parameter: "steps[\(index)].start", value: step.start,
            requirement: "a finite start after \(previous.start)")
        }
        cumulative.append(cumulative[index - 1] + previous.rate * (step.start - previous.start))
      }
      self.steps = steps
      cumulativeAtStart = cumulative
    }

    /// A base rate with one burst: `baseRate` × `multiplier` on [start, start + duration).
    /// - Throws: `AnalysisInputError` for a negative or non-finite value or a zero duration.
    /// - Complexity: O(1).
    public static func burst(
      baseRate: Double, multiplier: Double, start: Double, duration: Double
    ) throws(AnalysisInputError) -> InputProfile {
      try Check.finiteNonNegative(baseRate, "baseRate")
      try Check.finiteNonNegative(multiplier, "multiplier")
      try Check.finiteNonNegative(start, "start")
      try Check.finitePositive(duration, "duration")
      let burst = baseRate * multiplier
      let tail = Step(start: start + duration, rate: baseRate)
      guard start > 0 else {
        return try InputProfile(steps: [Step(start: 0, rate: burst), tail])
      }
      return try InputProfile(
        steps: [Step(start: 0, rate: baseRate), Step(start: start, rate: burst), tail])
    }

    /// The time of the last rate change ("the burst ends").
    public var lastChange: Double { steps.last?.start ?? 0 }

    /// The final, constant rate.
    public var finalRate: Double { steps.last?.rate ?? 0 }

    /// The index of the step in force at t.
    /// - Complexity: O(steps).
    func stepIndex(at t: Double) -> Int {
      var index = 0
      while index + 1 < steps.count, steps[index + 1].start <= t { index += 1 }
      return index
    }

    /// λ(t).
    /// - Complexity: O(steps).
    public func rate(at t: Double) -> Double { steps[stepIndex(at: t)].rate }

    /// The first change after t, or +∞.
    func nextChange(after t: Double) -> Double {
      let next = stepIndex(at: t) + 1
      return next < steps.count ? steps[next].start : .infinity
    }

    /// A(t), messages arrived in [0, t].
    /// - Complexity: O(steps).
    public func cumulative(at t: Double) -> Double {
      let index = stepIndex(at: t)
      return cumulativeAtStart[index] + steps[index].rate * (t - steps[index].start)
    }

    /// The arrival time of the message after the first n, inf{a : A(a) > n}.
    ///
    /// That is the head of a FIFO queue that has served n. Nil when no more arrive.
    /// - Complexity: O(steps).
    func arrivalTime(afterCumulative n: Double) -> Double? {
      for (index, step) in steps.enumerated() where step.rate > 0 {
        let end = index + 1 < steps.count ? cumulativeAtStart[index + 1] : .infinity
        if n < end { return step.start + max(0, n - cumulativeAtStart[index]) / step.rate }
      }
      return nil
    }
  }

  /// The consumers: a Lambda ESM's batches (or any pool that scales the same way).
  public struct Consumers: Sendable, Hashable {
    /// Messages per batch (ESM `BatchSize`, default 10).
    public var batchSize: Double
    /// Seconds to process one batch.
    public var batchDuration: Double
    /// Concurrent batches at most: min(ESM `MaximumConcurrency` ≤ 1,000, reserved
    /// concurrency).
    public var maximumConcurrency: Double
    /// Concurrent batches when a backlog starts (5 for the ESM); capped at the maximum.
    public var initialConcurrency: Double
    /// Batches added per minute while messages wait (300 for the ESM).
    public var scaleUpPerMinute: Double

    /// The AWS Lambda SQS ESM defaults (aws-facts.md §3): starts at 5 batches, adds 300 per
    /// minute, at most 1,000.
    public init(
      batchSize: Double = 10, batchDuration: Double, maximumConcurrency: Double = 1_000,
      initialConcurrency: Double = 5, scaleUpPerMinute: Double = 300
    ) {
      self.batchSize = batchSize
      self.batchDuration = batchDuration
      self.maximumConcurrency = maximumConcurrency
      self.initialConcurrency = initialConcurrency
      self.scaleUpPerMinute = scaleUpPerMinute
    }

    /// Messages per second one concurrent batch drains: batch size / batch duration.
    public var messagesPerSecondPerBatch: Double { batchSize / batchDuration }
    /// The drain rate at maximum concurrency.
    public var maximumDrainRate: Double { maximumConcurrency * messagesPerSecondPerBatch }
  }

  /// The state at one sampled time.
  public struct Sample: Sendable, Hashable {
    public let time: Double
    /// Messages waiting.
    public let backlog: Double
    /// Concurrent batches N(t).
    public let concurrency: Double
    /// λ(t), messages per second.
    public let inputRate: Double
    /// Messages per second leaving: N·b/d with a backlog, else λ.
    public let drainRate: Double
    /// Seconds since the message at the head arrived (0 when empty).
    public let oldestAge: Double
  }

  /// Whether the backlog empties once the input stops changing.
  public enum Drain: Sendable, Hashable {
    /// Empty `seconds` after the last rate change (0 when it never built up).
    case drained(afterLastChange: Double)
    /// The final rate is at or above the maximum drain rate: the backlog stays or grows by
    /// this many messages per second.
    case never(backlogGrowthRate: Double)
  }

  /// The result of `BurstBacklog.analyse`.
  public struct Outcome: Sendable, Hashable {
    /// The state every `sampleStep` seconds from 0 through the horizon.
    public let samples: [Sample]
    /// The largest backlog (messages) up to the horizon, or up to the drain if later.
    public let peakBacklog: Double
    /// When it occurred (the first time, if it is reached more than once).
    public let peakTime: Double
    /// The age of the oldest message at the peak, seconds.
    public let oldestAgeAtPeak: Double
    /// The largest oldest-message age seen at the samples and events, seconds.
    public let maximumOldestAge: Double
    public let drain: Drain
    /// Messages that arrived in [0, last change].
    public let arrivedByLastChange: Double
    /// Messages that arrived in [0, horizon].
    public let arrivedByHorizon: Double
    /// The drain rate at maximum concurrency, messages per second.
    public let maximumDrainRate: Double
  }
}
