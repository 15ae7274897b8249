import Quantities

/// `queue sqs`: an SQS queue's backlog through a burst, sampled over time, with its peak,
/// its oldest message and when it is empty again (`QueueBurstAnalysis.swift`).
extension QueueCommand {
  static let sqsUsage =
    "queue sqs [QUEUE] [burst RATE for TIME] [base RATE] [batch N] "
    + "[processing TIME] [concurrency N] [step TIME]"

  /// Runs `queue sqs`: rates in rps are requests entering the path (API Gateway's throttle
  /// and the model's messages per request turn them into messages); in msg/s they are
  /// messages reaching the queue.
  ///
  /// - Parameters:
  ///   - arguments: the words after `queue sqs`.
  ///   - model: the path model.
  ///   - quotas: AWS's quotas, or nil for the built-in figures.
  /// - Returns: the backlog table.
  /// - Throws: a diagnostic for a bad argument or a missing figure.
  static func sqs(_ arguments: inout Arguments, _ model: PathModel, quotas: QuotaCatalog?)
    throws(Diagnostic) -> CommandResult
  {
    var name: String?
    if let word = arguments.peekWord(), model.component(named: word) != nil {
      _ = arguments.word()
      name = word
    }
    var overrides = QueueAnalysis.BurstOverrides()
    var step: Double?
    let stops: Set<String> = [
      "burst", "for", "base", "batch", "processing", "concurrency",
      "step",
    ]
    while !arguments.isAtEnd {
      if arguments.take("burst") {
        let (rate, span) = try rateArgument(&arguments, "the burst", stops)
        overrides.burstRate = rate.value
        if countsMessages(arguments, span) { overrides.unit = .messages }
        if arguments.take("for") {
          overrides.duration = try positive(&arguments, .time, "the burst's length", stops)
        }
      } else if arguments.take("for") {
        overrides.duration = try positive(&arguments, .time, "the burst's length", stops)
      } else if arguments.take("base") {
        let (rate, span) = try rateArgument(&arguments, "the base rate", stops)
        overrides.baseRate = rate.value
        if countsMessages(arguments, span) { overrides.unit = .messages }
      } else if arguments.take("batch") {
        // AWS's bound: an SQS event source mapping takes at most 10,000 messages a
        // batch from a standard queue (shared/reference/aws-facts.md, "ESM batch size").
        overrides.batchSize = Double(
          try arguments.count(named: "batch", in: 1...10_000, stopAt: stops))
      } else if arguments.take("processing") {
        overrides.processingTime = try positive(&arguments, .time, "processing", stops)
      } else if arguments.take("concurrency") {
        // flowbook's own bound, a thousand times AWS's 1,000 concurrent batches.
        overrides.concurrency = Double(
          try arguments.count(named: "concurrency", in: 1...1_000_000, stopAt: stops))
      } else if arguments.take("step") {
        step = try positive(&arguments, .time, "step", stops)
      } else {
        try arguments.expectEnd(usage: sqsUsage)
      }
    }
    if let rate = overrides.burstRate, rate < 0 {
      throw Diagnostic("a burst rate cannot be negative")
    }
    let report = try QueueAnalysis.burst(
      model, queue: name, overrides: overrides, step: step, quotas: quotas)
    return render(report)
  }

  /// A rate argument and where it was written.
  private static func rateArgument(
    _ arguments: inout Arguments, _ what: String, _ stops: Set<String>
  ) throws(Diagnostic) -> (Quantity, Span) {
    let (rate, span) = try arguments.quantity(stopAt: stops)
    guard rate.dimension == .rate else {
      throw Diagnostic(
        "\(what) must be \(PhysicalDimension.rate.name), not \(rate.dimension.name) "
          + "(\(rate.formatted))", span: span)
    }
    return (rate, span)
  }

  /// Whether a rate was written in messages (`msg/s`, `messages/s`) rather than requests:
  /// the unit table spells both as counts per second, so the written word decides.
  private static func countsMessages(_ arguments: Arguments, _ span: Span) -> Bool {
    let bytes = Array(arguments.source.text.utf8)
    guard span.start <= span.end, span.end <= bytes.count else { return false }
    let text = String(decoding: bytes[span.start..<span.end], as: UTF8.self).lowercased()
    return text.contains("msg") || text.contains("message")
  }

  private static func messages(_ rate: Double) -> String {
    QueueAnalysis.messageRate(rate)
  }

  static func render(_ report: QueueAnalysis.BurstReport) -> CommandResult {
    let setup = report.setup
    let outcome = report.outcome
    var table = ResultTable(
      title: "queue sqs: \(setup.queue), burst \(messages(setup.burstRate)) for "
        + "\(IncidentFormat.duration(setup.duration)) over \(messages(setup.baseRate))",
      columns: [
        .init("after", alignment: .left), .init("inflow"), .init("batches"),
        .init("drain"), .init("backlog"), .init("oldest"),
      ])
    for sample in outcome.samples where sample.time >= report.lead - 1e-9 {
      let time = max(0, sample.time - report.lead)
      table.append([
        .init(IncidentFormat.offset(time), tag: .keyword, number: time),
        .init(messages(sample.inputRate), number: sample.inputRate),
        .init(IncidentFormat.count(sample.concurrency), number: sample.concurrency),
        .init(messages(sample.drainRate), number: sample.drainRate),
        .init(IncidentFormat.count(sample.backlog), tag: .value, number: sample.backlog),
        .init(IncidentFormat.duration(sample.oldestAge), number: sample.oldestAge),
      ])
    }
    var notes = [
      "peak: \(IncidentFormat.count(outcome.peakBacklog)) messages at "
        + "\(IncidentFormat.offset(report.peakTime)); oldest message "
        + IncidentFormat.duration(outcome.maximumOldestAge)
    ]
    if let empty = report.emptyAt, let fromPeak = report.drainFromPeak,
      let afterBurst = report.drainAfterBurst
    {
      notes.append(
        "empty at \(IncidentFormat.offset(empty)): drains in "
          + "\(IncidentFormat.duration(fromPeak)) from the peak, "
          + (afterBurst > 0
            ? "\(IncidentFormat.duration(afterBurst)) after the burst ends"
            : "before the burst ends at \(IncidentFormat.offset(setup.duration))"))
    } else if case .never(let growth) = outcome.drain {
      notes.append(
        "never drains: after the burst the backlog still grows by "
          + "\(messages(growth)) (consumers drain at most \(messages(outcome.maximumDrainRate)))")
    }
    notes.append(
      "ESM fluid model: 5 batches at first, +300 per minute while messages wait "
        + "(AWS Lambda guide, SQS scaling)")
    notes += setup.basis
    table.notes = notes
    return .table(table, data: json(report, rows: table.json))
  }

  private static func json(_ report: QueueAnalysis.BurstReport, rows: JSONValue) -> JSONValue {
    let setup = report.setup
    let outcome = report.outcome
    func optional(_ value: Double?) -> JSONValue { value.map(JSONValue.number) ?? .null }
    var growth: JSONValue = .null
    if case .never(let rate) = outcome.drain { growth = .number(rate) }
    return .object([
      ("queue", .string(setup.queue)), ("consumer", setup.consumer.map(JSONValue.string) ?? .null),
      ("base_rps", .number(setup.baseRate)), ("burst_rps", .number(setup.burstRate)),
      ("burst_duration_s", .number(setup.duration)), ("batch_size", .number(setup.batchSize)),
      ("processing_time_s", .number(setup.processingTime)),
      ("max_concurrency", .number(setup.maximumConcurrency)),
      ("max_drain_rps", .number(outcome.maximumDrainRate)),
      ("peak_depth", .number(outcome.peakBacklog)), ("peak_time_s", .number(report.peakTime)),
      ("oldest_age_s", .number(outcome.maximumOldestAge)),
      ("drain_time_s", optional(report.drainFromPeak)),
      ("drain_after_burst_s", optional(report.drainAfterBurst)),
      ("empty_at_s", optional(report.emptyAt)), ("never_drains", .bool(report.emptyAt == nil)),
      ("backlog_growth_rps", growth), ("samples", rows),
    ])
  }
}
