import Dispatch
import Foundation

/// Discrete-event simulation of a path model under a scenario: the `simulate` command.
///
/// A run has three parts that work on consecutive slices of simulated time. Two **arrival
/// stages** each generate half the arrivals (independent Poisson streams whose sum is the
/// profile's arrival process) and walk each request through its stateless prefix — on the
/// golden path, DNS and the CDN, where 95 % of requests end. Requests that reach a
/// stateful instruction are handed to the **core** (`PathCoreModel` on the event kernel),
/// which runs slice k while the stages generate slice k + 1. A request handed over in
/// slice k + 1 has a clock no earlier than the slice's start, so the core never sees an
/// event out of order, and the split changes nothing but speed: each part draws from its
/// own random streams (stage s draws arrivals from stream 6r + s of the seed and routes
/// them with stream 6r + 2 + s, the core uses stream 6r + 4, for replication r) and the
/// parts' statistics merge in a fixed order, so the result is the same on one core or
/// two, whatever the threads' timing.
///
/// ```swift
/// let scenario = SimulationScenario(duration: 60, traffic: TrafficProfile(rate: 20_000))
/// let result = try PathSimulation.run(model: model, scenario: scenario)
/// result.percentile(99)        // seconds
/// result.counts.throttled
/// ```
public enum PathSimulation {
  /// Called with the share of simulated time done (0…1) after each slice, on the calling
  /// thread; the library draws nothing.
  public typealias Progress = @Sendable (Double) -> Void

  /// Runs `scenario` on `model`.
  ///
  /// - Parameters:
  ///   - model: The path model, compiled to the simulator's instructions.
  ///   - scenario: Duration, traffic, faults, breakers and seed.
  ///   - replication: Which replication this is: it picks the random streams.
  ///   - parallel: Run the arrival stages beside the core on other cores.
  ///   - progress: Told the share done after each slice.
  ///   - interruption: Looked at after each slice; a request stops the run with
  ///     `Interruption.stopped`.
  /// - Returns: The run's statistics, time series, usage and speed.
  /// - Throws: A diagnostic for a scenario or model the simulator cannot run.
  /// - Complexity: O(requests × path length + stateful events · log(pending events));
  ///   memory O(requests in flight + run length × components).
  public static func run(
    model: PathModel, scenario: SimulationScenario, replication: Int = 0,
    parallel: Bool = true, progress: Progress? = nil, interruption: Interruption? = nil
  ) throws(Diagnostic) -> PathSimulationResult {
    if let problem = scenario.problem { throw Diagnostic(problem) }
    var compiler = PathCompiler(model: model, scenario: scenario, limits: scenario.limits)
    let (program, account) = try compiler.compile()
    let faults = FaultPlan(scenario: scenario, program: program, model: model)
    let walker = PathWalker(program: program, faults: faults)
    let base = UInt64(replication) &* 6
    let stages = (0..<2).map { index in
      StageBox(
        PathArrivalStage(
          walker: walker, scenario: scenario, index: index,
          arrivals: SeededGenerator(seed: scenario.seed, stream: base &+ UInt64(index)),
          routing: SeededGenerator(seed: scenario.seed, stream: base &+ 2 &+ UInt64(index))))
    }
    let core = CoreBox(
      Simulator(
        model: PathCoreModel(
          program: program, faults: faults, account: account, scenario: scenario,
          limits: scenario.limits,
          generator: SeededGenerator(seed: scenario.seed, stream: base &+ 4)),
        minimumCapacity: 1_024))
    core.start()
    let clock = ContinuousClock()
    var stoppedAt: Double?
    let elapsed = clock.measure {
      let slices = Slicing(scenario)
      for round in 0...slices.count {
        if round > 0, interruption?.isRequested == true {
          stoppedAt = slices.range(round - 1).upperBound / scenario.duration
          return
        }
        let work: @Sendable (Int) -> Void = { part in
          if part < 2 {
            if round < slices.count { stages[part].run(slices.range(round), parity: round % 2) }
          } else if round > 0 {
            core.advance(stages, parity: (round - 1) % 2, until: slices.range(round - 1).upperBound)
          }
        }
        if parallel {
          DispatchQueue.concurrentPerform(iterations: 3, execute: work)
        } else {
          for part in 0..<3 { work(part) }
        }
        if round < slices.count { progress?(slices.range(round).upperBound / scenario.duration) }
      }
      core.simulator.run(until: scenario.duration + SimulationScenario.drainLimit)
    }
    if let stoppedAt { throw Interruption.stopped("simulate", progress: stoppedAt) }
    return assemble(
      model: model, scenario: scenario, program: program, stages: stages.map(\.stage),
      core: core.simulator, wallClock: elapsed.seconds)
  }

  /// The parts' statistics merged in a fixed order, with usage and counts.
  private static func assemble(
    model: PathModel, scenario: SimulationScenario, program: PathProgram,
    stages: [PathArrivalStage], core: Simulator<PathCoreModel>, wallClock: Double
  ) -> PathSimulationResult {
    var coreStatistics = core.model.statistics
    coreStatistics.series.close(at: min(core.now, scenario.duration))
    var statistics = stages[0].statistics
    statistics.merge(stages[1].statistics)
    statistics.merge(coreStatistics)
    var counts = OutcomeCounts()
    counts.arrived = statistics.arrived
    let outcome = { (kind: RequestOutcome) in statistics.outcomes[Int(kind.rawValue)] }
    counts.ok = outcome(.ok)
    counts.throttled = outcome(.throttled)
    counts.errored = outcome(.errored)
    counts.timedOut = outcome(.timedOut)
    counts.blocked = outcome(.blocked)
    counts.deadLettered = outcome(.deadLettered)
    counts.unfinished = core.model.measuredInFlight
    let buckets = statistics.series.bucketCount
    let calls = program.components.indices.map { component in
      Array(statistics.calls[(component * buckets)..<((component + 1) * buckets)])
    }
    let arrivals = stages.reduce(UInt64(0)) { $0 &+ $1.statistics.arrivedInRun }
    return PathSimulationResult(
      model: model.name, scenario: scenario, counts: counts, latency: statistics.latency,
      series: statistics.series, timeouts: statistics.timeouts,
      deadLettered: statistics.deadLettered, blocked: statistics.blocked,
      clientAttempts: statistics.clientAttempts, components: program.components.map(\.name),
      calls: calls, peakConcurrency: core.model.peakBusy, peakQueueDepth: core.model.peakWaiting,
      usage: core.model.usage(model: model, totalCalls: statistics.totalCalls, until: core.now),
      events: core.scheduler.eventsHandled &+ arrivals, wallClockSeconds: wallClock,
      notes: program.notes)
  }
}

/// How a run is cut into slices: about 100,000 arrivals per stage per slice (so the
/// hand-over buffers stay small), at least 10 ms and at most 1 s of simulated time, or a
/// 50th of a long run (fewer rounds of thread hand-offs when traffic is light).
private struct Slicing {
  let width: Double
  let count: Int
  let duration: Double

  init(_ scenario: SimulationScenario) {
    let traffic = scenario.traffic
    var peak = max(traffic.rate, traffic.diurnal?.peak ?? 0)
    peak = max(peak, traffic.steps.map(\.rate).max() ?? 0, traffic.replay?.max() ?? 0)
    peak *= traffic.spikes.map(\.factor).max().map { max($0, 1) } ?? 1
    width = min(max(1, scenario.duration / 50), max(0.01, 200_000 / max(peak, 1)))
    duration = scenario.duration
    count = Int((scenario.duration / width).rounded(.up))
  }

  func range(_ slice: Int) -> ClosedRange<Double> {
    (Double(slice) * width)...min(Double(slice + 1) * width, duration)
  }
}

/// One arrival stage: its stream, its generator, its statistics.
struct PathArrivalStage: Sendable {
  let walker: PathWalker
  let warmUp: Double
  var stream: ArrivalStream
  var generator: SeededGenerator
  var statistics: PathStatistics
  private var times: [Double] = []

  init(
    walker: PathWalker, scenario: SimulationScenario, index: Int, arrivals: SeededGenerator,
    routing: SeededGenerator
  ) {
    self.walker = walker
    warmUp = scenario.warmUp
    stream = ArrivalStream(profile: scenario.traffic, index: index, count: 2, generator: arrivals)
    generator = routing
    statistics = PathStatistics(
      duration: scenario.duration, bucketWidth: scenario.bucketWidth,
      components: walker.program.components.count)
  }

  /// Generates the slice's arrivals and walks each as far as it goes without state;
  /// the rest go into `handOver` for the core.
  ///
  /// - Complexity: O(arrivals × stateless instructions) in the slice.
  mutating func run(_ slice: ClosedRange<Double>, into handOver: HandOverBuffer) {
    times.removeAll(keepingCapacity: true)
    stream.arrivals(from: slice.lowerBound, to: slice.upperBound) { times.append($0) }
    handOver.items.removeAll(keepingCapacity: true)
    for arrival in times {
      let measured = arrival >= warmUp
      statistics.arrive(at: arrival, measured: measured)
      var walk = WalkState(pc: 0, clock: arrival, route: generator.next())
      if walker.run(&walk, &generator, &statistics) {
        statistics.end(arrival: arrival, at: walk.clock, walk.outcome, measured: measured)
      } else {
        handOver.items.append((walk, arrival))
      }
    }
  }
}

/// Requests one stage hands the core for one slice: (walk so far, arrival).
final class HandOverBuffer: @unchecked Sendable {
  var items: [(walk: WalkState, arrival: Double)] = []
}

/// A stage in a class, so that concurrent slices of work can each own one.
///
/// `@unchecked Sendable`: in any round the stage and the buffer of the slice's parity are
/// touched by exactly one worker (the stage's own), the other buffer only by the core, and
/// rounds are separated by `concurrentPerform`'s join, which orders memory.
final class StageBox: @unchecked Sendable {
  var stage: PathArrivalStage
  /// Hand-overs by slice parity: the stage fills one while the core empties the other.
  let buffers = [HandOverBuffer(), HandOverBuffer()]
  init(_ stage: PathArrivalStage) { self.stage = stage }

  func run(_ slice: ClosedRange<Double>, parity: Int) {
    stage.run(slice, into: buffers[parity])
  }
}

/// The core in a class, for the same reason as `StageBox`.
final class CoreBox: @unchecked Sendable {
  var simulator: Simulator<PathCoreModel>
  init(_ simulator: Simulator<PathCoreModel>) { self.simulator = simulator }

  /// Injects the previous slice's hand-overs (stage 0's, then stage 1's) and runs to the
  /// slice's end.
  func advance(_ stages: [StageBox], parity: Int, until end: Double) {
    Self.advance(&simulator, stages.map { $0.buffers[parity] }, until: end)
  }

  /// Starts the core: its first tick and its faults' events.
  func start() {
    Self.start(&simulator)
  }

  // One access to `simulator` for the whole operation: its model and scheduler are then
  // disjoint parts of one inout value, not two accesses to the class's property.
  private static func advance(
    _ simulator: inout Simulator<PathCoreModel>, _ buffers: [HandOverBuffer], until end: Double
  ) {
    for buffer in buffers {
      for item in buffer.items {
        simulator.model.inject(item.walk, arrival: item.arrival, &simulator.scheduler)
      }
    }
    simulator.run(until: end)
  }

  private static func start(_ simulator: inout Simulator<PathCoreModel>) {
    simulator.model.start(&simulator.scheduler)
  }
}
