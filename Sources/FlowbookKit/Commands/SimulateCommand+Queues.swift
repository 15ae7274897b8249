import Foundation
import Quantities

/// The classic queues as a `simulate` form, for benchmarks, scripts and checking the
/// kernel against theory: `simulate mmc arrival 9/s service 1/s servers 10 customers 1M`.
enum QueueKind: String {
  /// Poisson arrivals, exponential service, c servers, unlimited room (Erlang C).
  case mmc
  /// Erlang's loss system: no waiting room (Erlang B).
  case mmcc
  /// Poisson arrivals, fixed service, one server (Pollaczek–Khinchine).
  case md1
}

extension SimulateCommand {
  static let queueUsage =
    "simulate mmc|mmcc|md1 arrival RATE service RATE|TIME [servers C] "
    + "[customers N] [warmup N] [replications N] [seed S] [--compare]"

  static func queue(_ arguments: inout Arguments, session: Session, compare: Bool)
    throws(Diagnostic) -> CommandResult
  {
    let whole = arguments.currentSpan.union(arguments.restSpan)
    guard let (word, _) = arguments.word(), let kind = QueueKind(rawValue: word) else {
      throw Diagnostic(
        "expected mmc, mmcc or md1; usage: \(queueUsage)",
        span: arguments.currentSpan)
    }
    let stop: Set<String> = [
      "arrival", "service", "servers", "customers", "warmup",
      "replications", "seed", "replication", "shard",
    ]
    var arrival: Double?
    var service: Double?
    var servers = 1
    var customers = 1_000_000
    var warmUp: Int?
    var replications: Int?
    var seed = session.environment.seed
    var replication = 0
    var shard: (name: String, span: Span)?
    while !arguments.isAtEnd {
      guard let (option, span) = arguments.word() else {
        throw Diagnostic("expected an option; usage: \(queueUsage)", span: arguments.currentSpan)
      }
      switch option {
      case "arrival":
        let valueSpan = arguments.currentSpan
        let rate = try arguments.quantity(.rate, named: "the arrival rate", stopAt: stop).value
        try Self.checkQueueBound(rate, 1e-6...1e9, "the arrival rate", "1e-6/s to 1e9/s", valueSpan)
        arrival = rate
      case "service":
        let (q, valueSpan) = try arguments.quantity(stopAt: stop)
        let time = q.dimension == .rate ? 1 / q.value : q.value
        guard q.dimension == .rate || q.dimension == .time, time > 0, time.isFinite,
          (1 / time).isFinite
        else {
          throw Diagnostic(
            "service is a rate per server (1/s) or a time (1 s) above 0, not \(q.formatted)",
            span: valueSpan)
        }
        try Self.checkQueueBound(
          time, 1e-9...1e4, "the service time", "1 ns to 10,000 s (1e-4/s to 1e9/s)", valueSpan)
        service = time
      case "servers":
        servers = try arguments.count(
          named: "servers", in: 1...QueueConfiguration.maximumServers, stopAt: stop)
      case "customers":
        customers = try arguments.count(
          named: "customers", in: 1...QueueConfiguration.maximumCustomers, stopAt: stop)
      case "warmup":
        warmUp = try arguments.count(
          named: "warm-up customers", in: 0...QueueConfiguration.maximumCustomers, stopAt: stop)
      case "replications":
        replications = try arguments.count(named: "replications", in: 2...1_000, stopAt: stop)
      case "seed": seed = try Self.seed(&arguments)
      case "replication": replication = try replicationIndex(&arguments)
      case "shard": shard = try shardFile(&arguments, session: session)
      default:
        throw Diagnostic(
          "unknown option '\(option)'; usage: \(queueUsage)", span: span,
          suggestions: Suggestion.nearest(to: option, among: Array(stop).sorted()))
      }
    }
    guard let arrival, let service, service > 0, arrival > 0 else {
      throw Diagnostic(
        "give the arrival rate and the service rate or time; usage: \(queueUsage)",
        span: whole)
    }
    if kind != .mmcc, arrival * service / Double(kind == .md1 ? 1 : servers) > 0.9999 {
      throw Diagnostic(
        "utilisation ρ = \(SimulationText.number(TimeFormat.rounded(arrival * service / Double(kind == .md1 ? 1 : servers)))) "
          + "is above 0.9999, the most simulate runs: nearer 1 the waits outgrow any run "
          + "(and the 146-year latency histogram); add servers or lower the arrival rate",
        span: whole)
    }
    let configuration = QueueConfiguration(
      interarrival: .exponential(rate: arrival),
      service: kind == .md1 ? .deterministic(service) : .exponential(rate: 1 / service),
      servers: kind == .md1 ? 1 : servers, capacity: kind == .mmcc ? servers : nil,
      customers: customers, warmUpCustomers: warmUp ?? customers / 10)
    let theory = QueueTheory(kind, configuration, meanService: service)
    do {
      if let replications {
        let report = try QueueSimulation.replicate(
          configuration, seed: seed, replications: replications,
          interruption: session.environment.interruption)
        return renderQueueReplications(kind, configuration, report, theory, seed: seed)
      }
      let result = try QueueSimulation.run(
        configuration, seed: seed, replication: replication,
        interruption: session.environment.interruption)
      if let shard {
        try write(
          result.statistics.shard(), run: queueTitle(kind, configuration, seed: seed),
          inputs: [kind, configuration], replication: replication, to: shard, session: session)
      }
      return renderQueue(kind, configuration, result, compare ? theory : nil, seed: seed)
    } catch let error as QueueSimulationError {
      throw Diagnostic(error.description, span: whole)
    } catch {
      throw Diagnostic.from(error)
    }
  }

  /// Throws, placed at `span`, unless `value` lies in `range`.
  static func checkQueueBound(
    _ value: Double, _ range: ClosedRange<Double>, _ what: String, _ bounds: String, _ span: Span
  ) throws(Diagnostic) {
    guard range.contains(value) else {
      throw Diagnostic("\(what) must be from \(bounds)", span: span)
    }
  }

  static func queueTitle(_ kind: QueueKind, _ configuration: QueueConfiguration, seed: UInt64)
    -> String
  {
    let rho = configuration.utilisation.map {
      ", ρ = \(SimulationText.number(TimeFormat.rounded($0)))"
    }
    let arrival = queueNumber(1 / (configuration.interarrival.mean ?? 1))
    return "simulate \(kind.rawValue): arrival \(arrival)/s, "
      + "service \(QueueTheory.time(configuration.service.mean ?? 0)), "
      + "\(configuration.servers) server\(configuration.servers == 1 ? "" : "s")\(rho ?? ""); "
      + "\(SimulationText.number(Double(configuration.customers))) customers after "
      + "\(SimulationText.number(Double(configuration.warmUpCustomers))) warm-up, seed \(seed)"
  }

  static func queueNumber(_ value: Double) -> String {
    SimulationText.number((value * 1e4).rounded() / 1e4)
  }

  static func renderQueue(
    _ kind: QueueKind, _ configuration: QueueConfiguration, _ result: QueueSimulationResult,
    _ theory: QueueTheory?, seed: UInt64
  ) -> CommandResult {
    var columns: [ResultTable.Column] = [.init("figure", alignment: .left), .init("simulated")]
    if let theory { columns.append(.init(theory.name, key: "analytical")) }
    var table = ResultTable(title: queueTitle(kind, configuration, seed: seed), columns: columns)
    let statistics = result.statistics
    func add(_ name: String, _ value: Double, _ expected: Double?, _ format: (Double) -> String) {
      var cells: [ResultTable.Cell] = [
        .init(name, tag: .keyword), .init(format(value), tag: .value, number: value),
      ]
      if theory != nil {
        cells.append(expected.map { .init(format($0), number: $0) } ?? .init("-"))
      }
      table.append(cells)
    }
    if kind == .mmcc {
      add("blocking", statistics.blockingProbability, theory?.blocking, QueueTheory.share)
    } else {
      add("mean wait", statistics.meanWait, theory?.meanWait, QueueTheory.time)
      add("P(wait)", statistics.waitProbability, theory?.waitProbability, QueueTheory.share)
    }
    add("mean response", statistics.meanResponse, theory?.meanResponse, QueueTheory.time)
    add("p99 response", statistics.p99Response, theory?.p99Response, QueueTheory.time)
    add("customers", Double(statistics.customers), nil) { SimulationText.number($0) }
    add("events", Double(statistics.events), nil) { SimulationText.number($0) }
    var data: [(String, JSONValue)] = [
      ("mean_wait_s", .number(statistics.meanWait)),
      ("p_wait", .number(statistics.waitProbability)),
      ("p99_response_s", .number(statistics.p99Response)),
      ("customers", .number(Double(statistics.customers))),
      ("events", .number(Double(statistics.events))),
      ("events_per_second", .number(result.eventsPerSecond.rounded())),
      ("mean_response_s", .number(statistics.meanResponse)),
      ("blocking_probability", .number(statistics.blockingProbability)),
      ("utilisation", .number(configuration.utilisation ?? 0)),
      ("seed", .number(Double(seed))), ("wall_clock_s", .number(result.wallClockSeconds)),
    ]
    if let theory { data.append(("analytical", theory.json)) }
    return .table(table, data: .object(data))
  }

  static func renderQueueReplications(
    _ kind: QueueKind, _ configuration: QueueConfiguration, _ report: ReplicationReport,
    _ theory: QueueTheory, seed: UInt64
  ) -> CommandResult {
    var table = ResultTable(
      title: queueTitle(kind, configuration, seed: seed)
        + "; \(report.replications.count) replications",
      columns: [
        .init("figure", alignment: .left), .init("simulated (95% CI)", key: "mean"),
        .init("±", key: "half_width"), .init(theory.name, key: "analytical"),
        .init("inside", alignment: .left),
      ])
    // JSON keys are those of a single run (`mean_wait_s`…), each holding its interval.
    let p99 = report.p99Response.widened(toResolution: StreamingHistogram.relativeResolution)
    let rows: [(String, String, ConfidenceInterval, Double?, (Double) -> String)] =
      kind == .mmcc
      ? [
        (
          "blocking", "blocking_probability", report.blockingProbability, theory.blocking,
          QueueTheory.share
        )
      ]
      : [
        ("mean wait", "mean_wait_s", report.meanWait, theory.meanWait, QueueTheory.time),
        ("P(wait)", "p_wait", report.waitProbability, theory.waitProbability, QueueTheory.share),
        (
          "mean response", "mean_response_s", report.meanResponse, theory.meanResponse,
          QueueTheory.time
        ),
        ("p99 response", "p99_response_s", p99, theory.p99Response, QueueTheory.time),
      ]
    var data: [(String, JSONValue)] = []
    for (name, key, interval, expected, format) in rows {
      let inside = expected.map { interval.contains($0) ? "yes" : "no" } ?? "-"
      table.append([
        .init(name, tag: .keyword),
        .init(format(interval.mean), tag: .value, number: interval.mean),
        .init(format(interval.halfWidth), number: interval.halfWidth),
        expected.map { .init(format($0), number: $0) } ?? .init("-"), .init(inside),
      ])
      data.append(
        (
          key,
          .object([
            ("mean", .number(interval.mean)), ("half_width", .number(interval.halfWidth)),
            ("analytical", expected.map(JSONValue.number) ?? .null),
          ])
        ))
    }
    table.notes = [
      "95% intervals over independent replications (Student t); p99 by sectioning: the "
        + "pooled p99 ± t·s/√n, s the replications' spread about it"
    ]
    if kind != .mmcc, let caution = report.p99Caution { table.notes.append(caution) }
    return .table(table, data: .object(data))
  }
}

/// The closed forms a classic queue is checked against.
struct QueueTheory {
  var name: String
  var meanWait: Double?
  var waitProbability: Double?
  var meanResponse: Double?
  var p99Response: Double?
  var blocking: Double?

  init(_ kind: QueueKind, _ configuration: QueueConfiguration, meanService: Double) {
    let arrival = 1 / (configuration.interarrival.mean ?? 1)
    switch kind {
    case .mmc:
      name = "Erlang C"
      let queue = try? Queueing.mmc(
        arrivalRate: arrival, meanServiceTime: meanService, servers: configuration.servers
      ).stable
      meanWait = queue?.meanWait
      waitProbability = queue?.probabilityOfWait
      meanResponse = queue?.meanResponse
      p99Response = try? queue?.responsePercentile(0.99)
    case .mmcc:
      name = "Erlang B"
      let loss = try? Queueing.lossSystem(
        arrivalRate: arrival, meanServiceTime: meanService, servers: configuration.servers)
      blocking = loss?.blocking
      meanResponse = meanService
    case .md1:
      name = "P-K"
      let queue = try? Queueing.md1(arrivalRate: arrival, serviceTime: meanService).stable
      meanWait = queue?.meanWait
      waitProbability = queue?.probabilityOfWait
      meanResponse = queue?.meanResponse
    }
  }

  var json: JSONValue {
    let pairs: [(String, Double?)] = [
      ("mean_wait_s", meanWait), ("p_wait", waitProbability), ("mean_response_s", meanResponse),
      ("p99_response_s", p99Response), ("blocking_probability", blocking),
    ]
    return .object(pairs.compactMap { key, value in value.map { (key, .number($0)) } })
  }

  /// Four significant digits, in ms under a second.
  static func time(_ seconds: Double) -> String {
    guard seconds != 0, seconds.isFinite else { return "0 s" }
    let rounded = seconds.rounded(toSignificantDigits: 4)
    return rounded < 1
      ? Quantity.formatNumber(rounded * 1e3) + " ms" : Quantity.formatNumber(rounded) + " s"
  }

  /// A share to four significant digits: `66.87%`.
  static func share(_ p: Double) -> String {
    guard p != 0, p.isFinite else { return "0%" }
    return Quantity.formatNumber((p * 100).rounded(toSignificantDigits: 4)) + "%"
  }
}
