import Dispatch
import Foundation
import Quantities

/// `simulate`: a discrete-event run of the current path model (or of a classic queue).
enum SimulateCommand {
  static let usage =
    "simulate [DURATION] [rate R] [spike Kx at T for D] [fault COMPONENT KIND at T [for D]] "
    + "[warmup W] [replications N] [seed S] [--compare] | simulate mmc arrival R service R "
    + "servers C customers N"

  static let command = Command(
    name: "simulate",
    synopsis: usage,
    summary: "run the path (or a classic queue) through time: spikes, limits, faults, retries",
    discussion: """
      Simulates the current model request by request for DURATION (default 60 s) at the \
      workload's rate (or rate R; constant R for evenly spaced arrivals), with steps \
      (step to R at T), spikes (spike 10x at T for D), a diurnal swing (diurnal [peak R] \
      [period P]) or a CSV of rates per second (csv FILE). Components behave as AWS's do: \
      API Gateway's token bucket, WAF's per-IP limit (workload.clients), Lambda's \
      concurrency, warm pool, cold starts, scaling rate and function timeout, an ECS \
      service's workers and queue (ecs.tasks), DynamoDB's capacity (read_capacity) and \
      SDK retries (timeout, attempts), SQS consumers with batches, visibility timeouts \
      (a timed-out batch comes back whole) and a DLQ, keyed caches \
      (workload.keys), end-client retries with full jitter (workload.client_timeout, \
      client_attempts). Faults: fault C down | latency x5 | errors 20% | flush at T [for \
      D], fault az at T, fault region at T; breaker C puts the seed's circuit breaker on \
      C. Prints percentiles of successful requests, counts, peaks, the run's cost and a \
      timeline; --compare adds the analytical latency; replications N (with warmup W) \
      gives 95% intervals. Same seed, same output. show series prints the time series; \
      sweep … show simulate.recovered (or simulate.function_timeouts, reprocessed, \
      dead_lettered, …) re-runs the last scenario at each point. \
      simulate mmc|mmcc arrival R service R servers C customers N, and md1 arrival R \
      service T, run the classic queues (--json: mean_wait_s, p_wait, p99_response_s, …).
      """,
    example: """
      simulate 60 s rate 20k rps spike 10x at 20 s for 10 s fault redis flush at 30 s seed 7
      simulate 30 s rate 20k rps --compare
      simulate mmc arrival 9/s service 1/s servers 10 customers 1M seed 1
      """,
    completion: .words(
      [
        "mmc", "mmcc", "md1", "rate", "constant", "step", "spike", "diurnal", "csv", "fault",
        "breaker", "warmup", "replications", "bucket", "seed", "down", "latency", "errors",
        "flush", "az", "region",
      ]),
    run: { original, session in
      // Every error points into the command: one without a place of its own (a scenario
      // the simulator refuses as a whole) is placed under the whole command.
      do {
        return try run(original, session: session)
      } catch {
        throw Diagnostic.from(error, span: Span(0, original.source.text.utf8.count))
      }
    })

  /// Parses and runs one `simulate` command.
  private static func run(_ original: Arguments, session: Session) throws -> CommandResult {
    var (arguments, flags) = separatingFlags(original, session: session)
    for (flag, span) in flags.sorted(by: { $0.value.start < $1.value.start })
    where flag != "compare" {
      throw Diagnostic("unknown flag --\(flag); simulate has --compare", span: span)
    }
    let compare = flags["compare"] != nil
    if let word = arguments.peekWord(), QueueKind(rawValue: word) != nil {
      return try queue(&arguments, session: session, compare: compare)
    }
    let model = try session.workspace.requireModel()
    var request = try parsePath(&arguments, session: session, model: model)
    request.compare = request.compare || compare
    let scenario = try request.scenario(model: model, session: session)
    if let replications = request.replications {
      return try replicate(model, scenario, replications, request: request, session: session)
    }
    let result = try PathSimulation.run(
      model: model, scenario: scenario, replication: request.replication,
      progress: session.simulation.progress, interruption: session.environment.interruption)
    if let file = request.shard {
      var fingerprinted = model
      (fingerprinted.file, fingerprinted.simulation) = ("", nil)
      try write(
        result.shard(), run: title(result), inputs: [fingerprinted, scenario],
        replication: request.replication, to: file, session: session)
    }
    let run = SimulationRun(
      model: model.name, result: result, cost: price(result, model: model, session: session))
    remember(scenario, run, session: session)
    return render(run, model: model, compare: request.compare)
  }

  /// Remembers the scenario a `simulate` line describes, as a run would, without running
  /// it: how `open --trust` restores what `sweep … show simulate.*` and `expect` re-run.
  ///
  /// A queue simulation (`simulate mmc`) leaves no scenario, so nothing is remembered.
  /// - Parameters:
  ///   - original: the command's arguments.
  ///   - session: the session whose models keep the scenario.
  /// - Throws: the diagnostic the command would give for these arguments.
  static func rememberScenario(_ original: Arguments, session: Session) throws {
    var (arguments, _) = separatingFlags(original, session: session)
    if let word = arguments.peekWord(), QueueKind(rawValue: word) != nil { return }
    let model = try session.workspace.requireModel()
    let request = try parsePath(&arguments, session: session, model: model)
    let scenario = try request.scenario(model: model, session: session)
    session.workspace.current?.simulation = scenario
    session.workspace.baseline?.simulation = scenario
  }

  /// Keeps the run for `show series` and reports, and its scenario for `sweep`.
  static func remember(_ scenario: SimulationScenario, _ run: SimulationRun, session: Session) {
    session.simulation.last = run
    session.workspace.current?.simulation = scenario
    session.workspace.baseline?.simulation = scenario
  }

  /// The run's cost with the shipped price catalog, if it can be found.
  static func price(_ result: PathSimulationResult, model: PathModel, session: Session)
    -> SimulationCost?
  {
    guard let directory = session.workspace.datasetsDirectory,
      let prices = try? PriceCatalog.load(datasets: URL(fileURLWithPath: directory))
    else { return nil }
    return try? SimulationCost(result, model: model, prices: prices)
  }
}

extension SimulateRequest {
  /// The scenario, with the model's workload filling what the command left out.
  func scenario(model: PathModel, session: Session) throws(Diagnostic) -> SimulationScenario {
    guard let base = rate ?? model.workload.rate?.value else {
      throw Diagnostic("the model has no workload.rate; give one, e.g. rate 20k rps")
    }
    var traffic = TrafficProfile(rate: base, spacing: spacing, steps: steps, spikes: spikes)
    if let diurnal {
      guard let peak = diurnal.peak ?? model.workload.peak?.value else {
        throw Diagnostic("diurnal needs a peak: diurnal peak 2.5M rps, or workload.peak")
      }
      traffic.diurnal = TrafficProfile.Diurnal(peak: peak, period: diurnal.period)
    }
    if let replay {
      traffic.replay = replay.rates
      traffic.replayName = replay.name
    }
    var scenario = SimulationScenario(
      duration: duration, warmUp: warmUp, traffic: traffic, faults: faults, breakers: breakers,
      seed: seed, bucketWidth: bucket ?? max(1, (duration / 3_600).rounded(.up)),
      availabilityZones: zones,
      limits: SimulationLimits.load(datasets: session.workspace.datasetsDirectory))
    scenario.followsWorkloadRate = rate == nil && replay == nil
    if let problem = scenario.problem { throw Diagnostic(problem) }
    return scenario
  }
}

// MARK: - Replications

extension SimulateCommand {
  /// Runs independent replications on every core and reports 95 % intervals, with the
  /// analytical latency beside them.
  static func replicate(
    _ model: PathModel, _ scenario: SimulationScenario, _ count: Int,
    request: SimulateRequest, session: Session
  ) throws(Diagnostic) -> CommandResult {
    let results = try PathSimulation.replicate(
      model: model, scenario: scenario, replications: count,
      progress: session.simulation.progress, interruption: session.environment.interruption)
    if let first = results.first {
      remember(
        scenario,
        SimulationRun(
          model: model.name, result: first,
          cost: price(first, model: model, session: session)),
        session: session)
    }
    return renderReplications(results, model: model, scenario: scenario)
  }
}

extension PathSimulation {
  /// Runs `replications` independent replications of `scenario` (replication r uses the
  /// random streams of r), spread over the cores, and returns them in replication order.
  ///
  /// Each replication runs its parts on one thread; replications run side by side, and
  /// each writes only its own slot, so the results do not depend on the threads' timing.
  /// - Parameters:
  ///   - model: The path model.
  ///   - scenario: The scenario every replication runs.
  ///   - replications: How many.
  ///   - offset: The first replication's index (to add replications to a set).
  ///   - progress: Told the share done after each batch.
  ///   - interruption: Polled between batches and within runs.
  /// - Returns: The runs, replication `offset` first.
  /// - Throws: The first replication's diagnostic, or `Interruption.stopped`.
  /// - Complexity: replications × one run, divided among cores.
  public static func replicate(
    model: PathModel, scenario: SimulationScenario, replications: Int, offset: Int = 0,
    progress: Progress? = nil, interruption: Interruption? = nil
  ) throws(Diagnostic) -> [PathSimulationResult] {
    let slots = Slots<Result<PathSimulationResult, Diagnostic>>(count: replications)
    let cores = max(1, ProcessInfo.processInfo.activeProcessorCount)
    var done = 0
    while done < replications {
      try interruption?.check(
        "simulate's replications", progress: Double(done) / Double(replications))
      let batch = min(cores, replications - done)
      let start = done
      DispatchQueue.concurrentPerform(iterations: batch) { index in
        let replication = start + index
        do {
          slots[replication] = .success(
            try run(
              model: model, scenario: scenario, replication: offset + replication,
              parallel: false, interruption: interruption))
        } catch {
          slots[replication] = .failure(Diagnostic.from(error))
        }
      }
      done += batch
      progress?(Double(done) / Double(replications))
    }
    var results: [PathSimulationResult] = []
    for outcome in slots.values {
      switch outcome {
      case .success(let result): results.append(result)
      case .failure(let error): throw error
      }
    }
    return results
  }
}
