import Quantities

/// `queue`: the path's server pools as queues (Erlang C, Erlang B, Pollaczek–Khinchine), and
/// `queue sqs`: an SQS backlog under a burst.
enum QueueCommand {
  static let usage =
    "queue [COMPONENT] [at peak|RATE] [servers N] [service TIME] | queue sqs "
    + "[QUEUE] [burst RATE for TIME] [base RATE] [batch N] [processing TIME] [concurrency N]"

  static let command = Command(
    name: "queue",
    synopsis: usage,
    summary: "waits and throttles at concurrency limits; an SQS backlog under a burst",
    discussion: """
      queue: every function or service with a server count (Lambda reserved concurrency \
      or its quota, ECS tasks × concurrency_per_task) at the workload rate: arrivals, \
      holding time (its own hop and the calls it waits for), offered load, and Erlang C's \
      P(wait), mean and p99 wait with a buffer in front (M/M/c), and Erlang B's throttled \
      share with none (M/M/c/c: Lambda answering 429). queue COMPONENT adds M/D/1 and \
      M/G/1 (Pollaczek–Khinchine) for one of its servers. queue sqs: the fluid model of \
      an SQS queue drained by Lambda's event source mapping (5 batches at first, +300 per \
      minute, at most 1,000): backlog over time, peak depth, oldest message, time to \
      drain. The burst is workload.peak for workload.peak_duration over workload.rate, \
      times the messages each request sends, unless given as arguments.
      """,
    example: "queue\nset lambda.reserved_concurrency = 500\nqueue lambda\nqueue sqs\n"
      + "queue sqs burst 60k rps for 10 min",
    completion: .components([
      "sqs", "at", "peak", "servers", "service", "burst", "for", "base",
      "batch", "processing", "concurrency",
    ]),
    run: { arguments, session in
      let model = try session.workspace.requireModel()
      if arguments.take("sqs") {
        let quotas = try? CostCatalogs.load(directory: session.workspace.datasetsDirectory).quotas
        return try sqs(&arguments, model, quotas: quotas)
      }
      var name: String?
      if let word = arguments.peekWord(), model.component(named: word) != nil {
        _ = arguments.word()
        name = word
      }
      var rate: Double?
      var overrides = QueueAnalysis.StationOverrides()
      let stops: Set<String> = ["at", "servers", "service"]
      while !arguments.isAtEnd {
        if arguments.peekWord() == "at" {
          rate = try CacheCommand.rateArgument(&arguments, model, usage: usage)
        } else if name != nil, arguments.take("servers") {
          overrides.servers = try arguments.count(
            named: "servers", in: 1...Queueing.maximumServers, stopAt: stops)
        } else if name != nil, arguments.take("service") {
          overrides.holdTime = try positive(&arguments, .time, "service", stops)
        } else {
          try arguments.expectEnd(usage: usage)
        }
      }
      let lambda = try TrafficAnalysis.given(rate) { () throws(Diagnostic) in
        try TrafficAnalysis.requestRate(model)
      }
      let rateText = Quantity.perSecond(lambda).formatted + (rate == nil ? " (workload.rate)" : "")
      if let name {
        let station = try QueueAnalysis.station(
          model, component: name, rate: lambda, overrides: overrides)
        return renderStation(station)
      }
      let (stations, missing) = try QueueAnalysis.stations(model, rate: lambda)
      return renderStations(
        stations, missing: missing,
        title: "queue: \(model.name) at \(rateText)")
    })

  static func positive(
    _ arguments: inout Arguments, _ dimension: PhysicalDimension, _ what: String,
    _ stops: Set<String>
  ) throws(Diagnostic) -> Double {
    let span = arguments.currentSpan
    let q = try arguments.quantity(dimension, named: what, stopAt: stops)
    guard q.value > 0 else { throw Diagnostic("\(what) must be above 0", span: span) }
    return q.value
  }

  // MARK: - Stations

  private static func waitText(_ outcome: QueueOutcome<MMcQueue>, _ value: (MMcQueue) -> Double)
    -> ResultTable.Cell
  {
    guard let queue = outcome.stable else { return .init("unstable", tag: .warning) }
    let seconds = value(queue)
    return .init(IncidentFormat.duration(seconds), tag: .value, number: seconds)
  }

  /// "lambda: unstable with a buffer: 2.81× what its servers complete; …", or nil.
  static func overloadNote(_ station: QueueAnalysis.Station) -> String? {
    guard case .unstable(let overload) = station.mmc else { return nil }
    let growth = Quantity.perSecond(TimeFormat.rounded(overload.backlogGrowthRate))
    return "\(station.component): unstable with a buffer, "
      + "\(IncidentFormat.multiplier(overload.utilisation)) what its servers complete; a queue "
      + "would grow by \(growth.formatted)"
  }

  private static func p99(_ queue: MMcQueue) -> Double { (try? queue.waitPercentile(0.99)) ?? 0 }

  private static func share(_ p: Double, warn: Bool = false) -> ResultTable.Cell {
    .init(TimeFormat.share(p), tag: warn && p > 0 ? .warning : .value, number: p)
  }

  static func renderStations(
    _ stations: [QueueAnalysis.Station], missing: [String], title: String
  ) -> CommandResult {
    var table = ResultTable(
      title: title,
      columns: [
        .init("station", alignment: .left), .init("arrivals"), .init("hold"),
        .init("servers"), .init("load"), .init("busy"), .init("P(wait)", key: "p_wait"),
        .init("mean wait"), .init("p99 wait"), .init("throttled"),
      ])
    for station in stations {
      let busy = station.offeredLoad / Double(station.servers)
      table.append([
        .init(station.component, tag: .keyword),
        .init(Quantity.perSecond(station.arrivalRate).formatted, number: station.arrivalRate),
        .init(IncidentFormat.duration(station.holdTime), number: station.holdTime),
        .init(IncidentFormat.count(Double(station.servers)), number: Double(station.servers)),
        .init(IncidentFormat.count(station.offeredLoad) + " erl", number: station.offeredLoad),
        share(min(busy, 1)),
        share(station.mmc.stable?.probabilityOfWait ?? 1, warn: true),
        waitText(station.mmc) { $0.meanWait }, waitText(station.mmc, p99),
        share(station.loss.blocking, warn: true),
      ])
    }
    var notes = [
      "P(wait), waits: M/M/c (Erlang C) with a buffer in front; throttled: M/M/c/c (Erlang B) "
        + "with none, as Lambda answers 429 (Kleinrock 1975 §3.5-3.6)",
      "hold: the station's hop and the calls it waits for; load = arrivals × hold (Little)",
    ]
    for station in stations {
      if let note = overloadNote(station) { notes.append(note) }
      if station.batchSize > 1 {
        notes.append(
          "\(station.component): arrivals are batches of "
            + "\(Quantity.formatNumber(station.batchSize)) messages from its SQS queue")
      }
      notes.append(
        "\(station.component): \(IncidentFormat.count(Double(station.servers))) "
          + "servers from \(station.serversSource)"
          + (station.servers > station.modelledServers
            ? " (computed as \(IncidentFormat.count(Double(station.modelledServers))): at this "
              + "load both give the same answer)" : ""))
    }
    for name in missing {
      notes.append(
        "\(name): no server count; set \(name).tasks and "
          + "\(name).concurrency_per_task")
    }
    table.notes = notes
    return .table(table, data: .array(stations.map(json)))
  }

  static func renderStation(_ station: QueueAnalysis.Station) -> CommandResult {
    var table = ResultTable(
      title: "queue \(station.component): \(Quantity.perSecond(station.arrivalRate).formatted) × "
        + "\(IncidentFormat.duration(station.holdTime)) hold = "
        + "\(IncidentFormat.count(station.offeredLoad)) erlangs on "
        + "\(IncidentFormat.count(Double(station.servers))) servers (\(station.serversSource))",
      columns: [
        .init("model", alignment: .left), .init("busy"),
        .init("probability", alignment: .left), .init("mean wait"),
        .init("p99 wait"), .init("p99 response"),
      ])
    let dash = ResultTable.Cell("-")
    let mmc = station.mmc.stable
    table.append([
      .init("M/M/c, Erlang C", tag: .keyword),
      share(min(station.offeredLoad / Double(station.servers), 1)),
      .init(
        "P(wait) " + TimeFormat.share(mmc?.probabilityOfWait ?? 1), tag: .value,
        number: mmc?.probabilityOfWait ?? 1),
      waitText(station.mmc) { $0.meanWait }, waitText(station.mmc, p99),
      waitText(station.mmc) { (try? $0.responsePercentile(0.99)) ?? 0 },
    ])
    table.append([
      .init("M/M/c/c, Erlang B", tag: .keyword), share(station.loss.utilisation),
      .init(
        "throttled " + TimeFormat.share(station.loss.blocking) + " ("
          + Quantity.perSecond(TimeFormat.rounded(station.loss.rejectedRate)).formatted + ")",
        tag: station.loss.blocking > 0 ? .warning : .value, number: station.loss.blocking),
      dash, dash, dash,
    ])
    for (name, outcome) in [
      ("M/D/1, one server", station.md1),
      ("M/G/1, one server", station.mg1),
    ] {
      let queue = outcome.stable
      table.append([
        .init(name, tag: .keyword), share(min(queue?.utilisation ?? 1, 1)),
        .init(
          "P(wait) " + TimeFormat.share(min(queue?.probabilityOfWait ?? 1, 1)), tag: .value,
          number: queue?.probabilityOfWait ?? 1),
        queue.map { .init(IncidentFormat.duration($0.meanWait), tag: .value, number: $0.meanWait) }
          ?? .init("unstable", tag: .warning),
        dash, dash,
      ])
    }
    table.notes =
      station.batchSize > 1
      ? [
        "arrivals are batches of \(Quantity.formatNumber(station.batchSize)) messages from "
          + "an SQS queue: one execution holds a batch"
      ] : []
    table.notes += overloadNote(station).map { [$0] } ?? []
    let scv = Quantity.formatNumber(TimeFormat.rounded(station.holdSCV))
    table.notes += [
      "Erlang C: requests wait in a buffer for one of c servers; Erlang B: no buffer, a "
        + "request finding all c busy is rejected (insensitive to the hold distribution)",
      "one server: λ/c each, Pollaczek–Khinchine Wq = ρ·E[S](1 + SCV)/(2(1 − ρ)); constant "
        + "service (M/D/1) and the hold's own SCV \(scv) (M/G/1)",
    ]
    return .table(table, data: json(station))
  }

  private static func json(_ station: QueueAnalysis.Station) -> JSONValue {
    let mmc = station.mmc.stable
    func optional(_ value: Double?) -> JSONValue { value.map(JSONValue.number) ?? .null }
    return .object([
      ("station", .string(station.component)), ("arrival_rps", .number(station.arrivalRate)),
      ("batch_size", .number(station.batchSize)),
      ("hold_s", .number(station.holdTime)), ("hold_scv", .number(station.holdSCV)),
      ("servers", .number(Double(station.servers))),
      ("offered_load", .number(station.offeredLoad)), ("stable", .bool(mmc != nil)),
      ("p_wait", .number(mmc?.probabilityOfWait ?? 1)), ("mean_wait_s", optional(mmc?.meanWait)),
      ("p99_wait_s", optional(mmc.map(p99))), ("throttled", .number(station.loss.blocking)),
      ("throttled_rps", .number(station.loss.rejectedRate)),
      ("md1_mean_wait_s", optional(station.md1.stable?.meanWait)),
      ("mg1_mean_wait_s", optional(station.mg1.stable?.meanWait)),
    ])
  }
}
