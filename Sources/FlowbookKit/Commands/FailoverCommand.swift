import Quantities

/// `failover [region|zone|cache|dependency]`: a timeline with t+ offsets from the failure,
/// recovery time, data-loss window and the requests failed, from the model's settings.
enum FailoverCommand {
  static let usage =
    "failover [region [NAME] [share X] [writes RATE] | zone | cache [TIER] | "
    + "dependency [NAME] [errors X] [for TIME]]"

  static let command = Command(
    name: "failover",
    synopsis: usage,
    summary: "timeline, RTO and RPO of a region, zone, cache node or dependency failure",
    discussion: """
      Without a scenario: one line per failure. failover region: Route 53 health checks \
      (dns.health_check_interval, dns.failure_threshold, dns.health_checkers; a checker \
      fails after its threshold of failed checks and Route 53 acts when no more than 18% \
      still say healthy), then resolvers drop the old answer within dns.ttl; the CDN's \
      cache hits are still served while their copies last (cdn.ttl); RPO is the \
      Global Tables replication lag. share X is the lost region's part of the traffic \
      (default 100%, active-passive). On a model with regions: (active-active), NAME is \
      the region lost (default the first declared) and its share is the one routing \
      sends it; the timeline is followed by the survivors' load after the switch and \
      the first of each survivor's limits to break, the same table capacity's N+1 \
      shows (judged at the peak, from the same limit registry). failover zone: ALB health checks take the zone's \
      targets out; survivors carry its load. failover cache: the replica promotion time \
      is the model's failover_time (AWS publishes none). failover dependency: the \
      circuit breaker and retries against a dependency failing (default 100% for 60 s); \
      the breaker is the workload's breaker_threshold, breaker_window, breaker_open_time, \
      breaker_probe_interval and breaker_successes (the seed's 50% of 10 calls, 30 s, \
      30 s, 5 by default), the same one simulate's breaker runs. Half-open: one probe \
      passes, others fail fast; a failed probe reopens it for the open time; good probes \
      come a probe interval apart, and breaker_successes of them in a row close it.
      """,
    example: "failover region\nset dns.health_check_interval = 10 s\nfailover region\n"
      + "failover dependency dynamodb errors 100% for 2 min",
    completion: .components([
      "region", "zone", "cache", "dependency", "share", "writes", "errors",
      "for",
    ]),
    run: { arguments, session in
      let model = try session.workspace.requireModel()
      guard let word = arguments.peekWord() else { return try summary(model) }
      let span = arguments.currentSpan
      guard let scenario = FailoverAnalysis.Scenario(rawValue: word) else {
        throw Diagnostic(
          "no failure scenario '\(word)'", span: span,
          suggestions: Suggestion.nearest(
            to: word, among: FailoverAnalysis.Scenario.allCases.map(\.rawValue)))
      }
      _ = arguments.word()
      let result = render(
        try report(scenario, &arguments, model), budget: ErrorBudget.of(model))
      return try withSurvivors(result, scenario, model, session)
    })

  /// Adds the survivors' table to `failover region` on a model with regions.
  ///
  /// - Parameters:
  ///   - result: the rendered timeline.
  ///   - scenario: the scenario run.
  ///   - model: the model.
  ///   - session: the session, for the quota catalog.
  /// - Returns: the result, with the survivors after it when the model has regions.
  /// - Throws: a diagnostic when the quota catalog cannot be read.
  private static func withSurvivors(
    _ result: CommandResult, _ scenario: FailoverAnalysis.Scenario, _ model: PathModel,
    _ session: Session
  ) throws(Diagnostic) -> CommandResult {
    guard scenario == .region, !model.regions.isEmpty,
      case .object(var pairs) = result.data,
      let lost = pairs.first(where: { $0.0 == "lost_region" }).flatMap({ pair -> String? in
        if case .string(let name) = pair.1 { return name }
        return nil
      })
    else { return result }
    let catalogs = try CostCatalogs.load(directory: session.workspace.datasetsDirectory)
    var table = try CapacityCommand.survivorTable(model, losing: lost, quotas: catalogs.quotas)
    table.title = "after the switch: " + (table.title ?? "")
    table.notes = [
      "the same survivors capacity's N+1 shows (capacity --without \(lost)): limits per "
        + "region from the one registry, judged at the peak"
    ]
    pairs.append(("survivors", table.json))
    return CommandResult(blocks: result.blocks + [.table(table)], data: .object(pairs))
  }

  private static func report(
    _ scenario: FailoverAnalysis.Scenario, _ arguments: inout Arguments, _ model: PathModel
  ) throws(Diagnostic) -> FailoverAnalysis.Report {
    let stops: Set<String> = ["share", "writes", "errors", "for"]
    switch scenario {
    case .region:
      var options = FailoverAnalysis.RegionOptions()
      if let word = arguments.peekWord(), !stops.contains(word) {
        options.lost = arguments.touchingName()?.0
      }
      while !arguments.isAtEnd {
        if arguments.take("share") {
          let span = arguments.previousSpan
          if !model.regions.isEmpty {
            throw Diagnostic(
              "\(model.name) declares regions:, so a region's share is the one it states; "
                + "name the region instead (failover region NAME)", span: span)
          }
          options.share = try fraction(&arguments, "share", stops)
        } else if arguments.take("writes") {
          options.writeRate = try arguments.quantity(.rate, named: "writes", stopAt: stops).value
        } else {
          try arguments.expectEnd(usage: usage)
        }
      }
      return try FailoverAnalysis.region(model, options: options)
    case .zone:
      try arguments.expectEnd(usage: usage)
      return try FailoverAnalysis.zone(model)
    case .cache:
      let tier = arguments.word()?.0
      try arguments.expectEnd(usage: usage)
      return try FailoverAnalysis.cache(model, tier: tier)
    case .dependency:
      var options = FailoverAnalysis.DependencyOptions()
      if let word = arguments.peekWord(), !stops.contains(word) {
        options.name = arguments.word()?.0
      }
      while !arguments.isAtEnd {
        if arguments.take("errors") {
          options.errorRate = try fraction(&arguments, "errors", stops)
        } else if arguments.take("for") {
          let span = arguments.currentSpan
          options.outage = try QueueCommand.positive(&arguments, .time, "the outage", stops)
          // flowbook's bound: past a year the request counts lose their meaning.
          guard options.outage <= 365 * 86_400 else {
            throw Diagnostic(
              "the outage must be at most a year, not "
                + Quantity.seconds(options.outage).formatted,
              span: span.union(arguments.previousSpan))
          }
        } else {
          try arguments.expectEnd(usage: usage)
        }
      }
      return try FailoverAnalysis.dependency(model, options: options)
    }
  }

  private static func fraction(_ arguments: inout Arguments, _ what: String, _ stops: Set<String>)
    throws(Diagnostic) -> Double
  {
    let (q, span) = try arguments.quantity(stopAt: stops)
    guard q.dimension.isDimensionless, (0...1).contains(q.value) else {
      throw Diagnostic("\(what) takes a share from 0% to 100%, not \(q.formatted)", span: span)
    }
    return q.value
  }

  // MARK: - Rendering

  static func render(_ report: FailoverAnalysis.Report, budget: ErrorBudget) -> CommandResult {
    let timeline = report.timeline
    var table = ResultTable(
      title: "failover \(report.scenario.rawValue): \(timeline.scenario)"
        + (report.lostRegion.map { " of \($0)" } ?? "") + " at "
        + "\(Quantity.perSecond(report.rate).formatted)",
      columns: [
        .init("at", alignment: .left), .init("event", alignment: .left),
        .init("basis", alignment: .left),
      ])
    for event in timeline.events {
      table.append([
        .init(
          IncidentFormat.offset(event.offset), tag: .keyword,
          number: event.offset),
        .init(event.event), .init(event.basis, tag: .dimmed),
      ])
    }
    var notes = [
      "RTO \(IncidentFormat.duration(timeline.rtoMean)) mean, "
        + "\(IncidentFormat.duration(timeline.rtoWorst)) worst; RPO "
        + (timeline.rpo.map(IncidentFormat.duration)
          ?? timeline.rpoMeaning ?? "none (no acknowledged data lost)"),
      "requests failed: \(IncidentFormat.count(timeline.failedRequests)); slowed or degraded: "
        + IncidentFormat.count(timeline.degradedRequests),
    ]
    if let line = budget.line(
      failed: timeline.failedRequests, rate: budget.requestRate ?? report.rate)
    {
      notes.append(line)
    }
    if let detection = report.detection {
      notes.insert("detection \(IncidentFormat.duration(detection)) mean", at: 0)
    }
    notes += timeline.notes
    notes += report.inputs.map { "from " + $0 }
    table.notes = notes
    return .table(table, data: json(report, events: table.json, budget: budget))
  }

  private static func json(
    _ report: FailoverAnalysis.Report, events: JSONValue, budget: ErrorBudget
  ) -> JSONValue {
    let timeline = report.timeline
    func optional(_ value: Double?) -> JSONValue { value.map(JSONValue.number) ?? .null }
    return .object([
      ("availability_objective", .number(budget.objective)),
      (
        "error_budget_burn",
        optional(
          budget.burn(
            failed: timeline.failedRequests, rate: budget.requestRate ?? report.rate))
      ),
      ("scenario", .string(report.scenario.rawValue)), ("rate_rps", .number(report.rate)),
      ("lost_region", report.lostRegion.map(JSONValue.string) ?? .null),
      ("detection_s", optional(report.detection)), ("rto_mean_s", .number(timeline.rtoMean)),
      ("rto_worst_s", .number(timeline.rtoWorst)), ("rpo_s", optional(timeline.rpo)),
      ("failed_requests", .number(timeline.failedRequests)),
      ("degraded_requests", .number(timeline.degradedRequests)),
      (
        "events",
        .array(
          timeline.events.map { event in
            .object([
              ("offset_s", .number(event.offset)), ("event", .string(event.event)),
              ("basis", .string(event.basis)),
            ])
          })
      ),
      ("notes", .array((timeline.notes + report.inputs).map(JSONValue.string))),
    ])
  }

  /// One line per scenario; a scenario the model cannot answer says what it lacks.
  private static func summary(_ model: PathModel) throws(Diagnostic) -> CommandResult {
    var table = ResultTable(
      title: "failover: \(model.name)",
      columns: [
        .init("scenario", alignment: .left), .init("detection"), .init("RTO mean"),
        .init("RTO worst"), .init("RPO"), .init("failed"), .init("degraded"),
        .init("budget"),
      ])
    let budget = ErrorBudget.of(model)
    var notes: [String] = []
    var rows: [JSONValue] = []
    for scenario in FailoverAnalysis.Scenario.allCases {
      do {
        let report = try FailoverAnalysis.report(scenario, model)
        let t = report.timeline
        table.append([
          .init(scenario.rawValue, tag: .keyword),
          .init(report.detection.map(IncidentFormat.duration) ?? "-", number: report.detection),
          .init(IncidentFormat.duration(t.rtoMean), tag: .value, number: t.rtoMean),
          .init(IncidentFormat.duration(t.rtoWorst), number: t.rtoWorst),
          .init(t.rpo.map(IncidentFormat.duration) ?? "-", number: t.rpo),
          .init(IncidentFormat.count(t.failedRequests), number: t.failedRequests),
          .init(IncidentFormat.count(t.degradedRequests), number: t.degradedRequests),
          budget.burn(failed: t.failedRequests, rate: budget.requestRate ?? report.rate).map {
            .init(TimeFormat.share($0), number: $0)
          } ?? .init("-"),
        ])
        rows.append(json(report, events: .null, budget: budget))
      } catch {
        notes.append("\(scenario.rawValue): \(error.message)")
      }
    }
    notes.append(
      "budget: the share of a month's error budget at "
        + "\(AvailabilityAnalysis.percent(budget.objective)) each failure burns, counted on "
        + "workload.rate (\(budget.source))")
    notes.append("failover SCENARIO shows its timeline and where each figure came from")
    table.notes = notes
    return .table(table, data: .array(rows))
  }
}
