import Foundation

/// The request rate over a run: a base rate, steps, spikes, a diurnal swing or a replayed
/// CSV of rates, and whether arrivals are a Poisson stream or evenly spaced.
///
/// Arrivals are a non-homogeneous Poisson process with intensity `rate(at:)` (or, for
/// `constant`, evenly spaced at that rate). Between change points the rate is constant or,
/// for a diurnal swing, smooth, and the arrival streams generate it exactly: exponential
/// gaps on constant pieces (restarting at a change point is exact because the exponential
/// is memoryless), thinning on smooth ones (Lewis & Shedler, "Simulation of
/// nonhomogeneous Poisson processes by thinning", *Naval Research Logistics Quarterly*
/// 26(3), 1979).
public struct TrafficProfile: Sendable, Hashable {
  /// How arrivals are spaced at a given rate.
  public enum Spacing: String, Sendable, Hashable {
    /// Exponential gaps: independent clients (the default).
    case poisson
    /// Evenly spaced: a load generator's fixed pace.
    case constant
  }

  /// A change of the base rate from `start` on.
  public struct Step: Sendable, Hashable {
    public var start: Double
    public var rate: Double
    public init(start: Double, rate: Double) {
      self.start = start
      self.rate = rate
    }
  }

  /// The rate times `factor` during [start, start + duration).
  public struct Spike: Sendable, Hashable {
    public var factor: Double
    public var start: Double
    public var duration: Double
    public init(factor: Double, start: Double, duration: Double) {
      self.factor = factor
      self.start = start
      self.duration = duration
    }
  }

  /// A daily swing from the base rate (trough, at time 0) up to `peak` and back, over
  /// `period` seconds: rate = base + (peak − base)·(1 − cos 2πt/period)/2.
  public struct Diurnal: Sendable, Hashable {
    public var peak: Double
    public var period: Double
    public init(peak: Double, period: Double) {
      self.peak = peak
      self.period = period
    }
  }

  /// Requests per second at the start.
  public var rate: Double
  public var spacing: Spacing
  public var steps: [Step]
  public var spikes: [Spike]
  public var diurnal: Diurnal?
  /// Rates per second replayed from a CSV, second by second (replacing `rate` and
  /// `steps`); the last rate holds after the file ends.
  public var replay: [Double]?
  /// Where `replay` came from, for the run's title.
  public var replayName: String?

  /// Creates a profile at a constant `rate`.
  public init(
    rate: Double, spacing: Spacing = .poisson, steps: [Step] = [], spikes: [Spike] = [],
    diurnal: Diurnal? = nil, replay: [Double]? = nil, replayName: String? = nil
  ) {
    self.rate = rate
    self.spacing = spacing
    self.steps = steps
    self.spikes = spikes
    self.diurnal = diurnal
    self.replay = replay
    self.replayName = replayName
  }

  /// The highest request rate a profile may reach, before spikes (flowbook's bound).
  public static let highestRate = 1e9

  /// Why the profile is invalid, or nil.
  public var problem: String? {
    let rates = [rate] + steps.map(\.rate) + (replay ?? []) + [diurnal?.peak ?? 0]
    // A positive rate below 10⁻⁶ rps (one request in 11 days) cannot bring one request
    // into a run of at most a week, and printing it would need subnormal numbers.
    guard
      rates.allSatisfy({
        $0 == 0 || ($0.isFinite && $0 >= 1e-6 && $0 <= Self.highestRate)
      })
    else {
      return "request rates must be 0 or from 0.000001 rps to 1B rps"
    }
    for spike in spikes {
      guard spike.factor > 0, spike.factor <= 1_000, spike.duration > 0, spike.start >= 0 else {
        return "a spike is a factor from 0 to 1,000 at a time ≥ 0 for more than 0 s"
      }
    }
    if let diurnal, !(diurnal.period > 0 && diurnal.period.isFinite) {
      return "a diurnal period must be more than 0 s"
    }
    if let replay, replay.isEmpty { return "the rate file has no rates" }
    return nil
  }

  /// The base rate (before spikes) at `time`.
  ///
  /// - Complexity: O(steps).
  func baseRate(at time: Double) -> Double {
    if let replay {
      let second = Int(max(0, time))
      return replay[min(second, replay.count - 1)]
    }
    var current = rate
    for step in steps where step.start <= time { current = step.rate }
    if let diurnal {
      let swing = (1 - cos(2 * Double.pi * time / diurnal.period)) / 2
      current += (diurnal.peak - current) * swing
    }
    return current
  }

  /// The arrival intensity at `time`, requests per second.
  ///
  /// - Complexity: O(steps + spikes).
  public func rate(at time: Double) -> Double {
    var current = baseRate(at: time)
    for spike in spikes where time >= spike.start && time < spike.start + spike.duration {
      current *= spike.factor
    }
    return current
  }

  /// The times in (from, to) where the rate may jump: steps, spike edges, replay seconds.
  ///
  /// - Complexity: O(steps + spikes + seconds in the interval for a replay).
  func changePoints(from: Double, to: Double) -> [Double] {
    var points = steps.map(\.start)
    for spike in spikes { points += [spike.start, spike.start + spike.duration] }
    if replay != nil {
      var second = (from + 1).rounded(.down)
      while second < to {
        points.append(second)
        second += 1
      }
    }
    return points.filter { $0 > from && $0 < to }.sorted()
  }

  /// An upper bound of the rate on [from, to), for thinning (diurnal profiles only).
  func maximumRate(from: Double, to: Double) -> Double {
    var bound = rate(at: from)
    if let diurnal { bound = max(bound, diurnal.peak, rate) }
    var factor = 1.0
    for spike in spikes where spike.start < to && spike.start + spike.duration > from {
      factor *= max(1, spike.factor)
    }
    return max(bound, rate(at: to)) * factor
  }
}

/// One of several independent arrival streams whose superposition is the profile's
/// arrival process.
///
/// The simulator splits arrivals into `count` streams (two, one per core) that generate
/// and route their requests in parallel. For Poisson arrivals each stream has intensity
/// rate/count, and the superposition of independent Poisson processes is Poisson with the
/// summed intensity (Kingman, *Poisson Processes*, 1993, §2.2), so the split changes no
/// distribution. Evenly spaced arrivals interleave: stream s of n starts s/(n·rate) late.
struct ArrivalStream: Sendable {
  let profile: TrafficProfile
  let index: Int
  let count: Int
  private var generator: SeededGenerator
  /// The next evenly spaced arrival, carried from one interval to the next.
  private var nextConstant: Double?

  init(profile: TrafficProfile, index: Int, count: Int, generator: SeededGenerator) {
    self.profile = profile
    self.index = index
    self.count = count
    self.generator = generator
  }

  /// Calls `body` with every arrival time in [from, to), in increasing order.
  ///
  /// Calls must cover consecutive intervals. Poisson gaps restart at every interval and
  /// change point, which is exact because the exponential is memoryless; evenly spaced
  /// arrivals carry their phase across. The stream's own generator draws the gaps, so the
  /// times are a pure function of (profile, seed, stream).
  /// - Complexity: O(arrivals + change points) in the interval.
  mutating func arrivals(from: Double, to: Double, _ body: (Double) -> Void) {
    if profile.spacing == .constant {
      evenlySpaced(from: from, to: to, body)
      return
    }
    var pieceStart = from
    for pieceEnd in profile.changePoints(from: from, to: to) + [to] {
      if profile.diurnal != nil {
        thin(from: pieceStart, to: pieceEnd, body)
      } else {
        poisson(from: pieceStart, to: pieceEnd, body)
      }
      pieceStart = pieceEnd
    }
  }

  private mutating func poisson(from: Double, to: Double, _ body: (Double) -> Void) {
    let rate = profile.rate(at: from) / Double(count)
    guard rate > 0 else { return }
    var time = from
    while true {
      time += -log(generator.uniformPositive()) / rate
      guard time < to else { return }
      body(time)
    }
  }

  private mutating func evenlySpaced(from: Double, to: Double, _ body: (Double) -> Void) {
    var time = nextConstant ?? from + Double(index) / max(profile.rate(at: from), 1e-9)
    while time < to {
      let rate = profile.rate(at: time)
      guard rate > 0 else {
        time = profile.changePoints(from: time, to: to).first ?? to
        continue
      }
      body(time)
      time += Double(count) / rate
    }
    nextConstant = time
  }

  /// Thinning: candidates at the bound λ*, each kept with probability λ(t)/λ*.
  private mutating func thin(from: Double, to: Double, _ body: (Double) -> Void) {
    let bound = profile.maximumRate(from: from, to: to) / Double(count)
    guard bound > 0 else { return }
    var time = from
    while true {
      time += -log(generator.uniformPositive()) / bound
      guard time < to else { return }
      if generator.uniform() * bound < profile.rate(at: time) / Double(count) { body(time) }
    }
  }
}
