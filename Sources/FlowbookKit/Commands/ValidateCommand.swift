import Foundation
import Quantities

/// `validate`: the analyses and the simulator on the current model and scenario, figure
/// by figure, with a verdict (`Validation`).
enum ValidateCommand {
  static let usage =
    "validate [DURATION] [rate R] [step to R at T] [spike Kx at T for D] "
    + "[fault COMPONENT KIND at T [for D]] [seed S] [target P%] [replications N]"

  /// The most replications `replications N` may ask for.
  static let mostReplications = 200

  static let command = Command(
    name: "validate",
    synopsis: usage,
    summary: "both engines on the current model and scenario: each figure side by side, "
      + "with a verdict",
    discussion: """
      Runs the scenario (written as for simulate; default 60 s at the workload's rate) \
      through the simulator and through the analyses, and prints each figure from both: \
      latency percentiles and mean, the share of requests that succeed, the throughput \
      each limit of the registry admits, cold starts per function, when a scale-out \
      ends and an SQS queue's peak backlog. The warm-up is found by MSER-5 on a pilot \
      run (never past the first change of traffic); replications are added, 4 and then \
      2 at a time, until every 95% interval is within target (default 5%) of its figure \
      or replications N (default 20, at most 200) is reached, which is said. Percentile \
      intervals are sectioning about the pooled percentile, never narrower than the \
      pooled sample's order-statistic interval; a caution says when a replication sees \
      too few requests beyond a percentile for honest coverage. Verdicts: agrees (the \
      analytical figure lies inside the interval widened by the metric's tolerance), \
      differs (with the known reason, e.g. queueing or a request of several calls), or \
      DISAGREES. Same seed, same output.
      """,
    example: """
      validate 20 s rate 20k rps spike 5x at 10 s for 5 s
      validate 30 s rate 2k rps target 2% replications 40
      """,
    completion: .words(
      ["rate", "constant", "step", "spike", "fault", "breaker", "seed", "target", "replications"]),
    run: { original, session in
      do {
        return try run(original, session: session)
      } catch {
        throw Diagnostic.from(error, span: Span(0, original.source.text.utf8.count))
      }
    })

  private static func run(_ original: Arguments, session: Session) throws -> CommandResult {
    var arguments = original
    let model = try session.workspace.requireModel()
    var options = Validation.Options()
    var request = try SimulateCommand.parsePath(&arguments, session: session, model: model) {
      word, span, arguments throws(Diagnostic) in
      guard word == "target" else { return false }
      let (value, at) = try SimulateCommand.value(&arguments)
      guard value.dimension == .none, value.value > 0, value.value <= 0.5 else {
        throw Diagnostic(
          "the target must be a share from 0% to 50% such as 5%, not \(value.formatted)",
          span: at)
      }
      options.target = value.value
      return true
    }
    if let count = request.replications {
      guard count >= Validation.firstBatch, count <= mostReplications else {
        throw Diagnostic(
          "validate's replications must be from \(Validation.firstBatch) to "
            + "\(mostReplications) (the most it runs)")
      }
      options.maxReplications = count
    }
    for (word, used) in [
      ("warmup", request.warmUp > 0), ("replication", request.replication != 0),
      ("shard", request.shard != nil),
    ] where used {
      throw Diagnostic("validate finds its own warm-up and replications; leave out \(word)")
    }
    request.replications = nil
    let scenario = try request.scenario(model: model, session: session)
    let quotas = try? CostCatalogs.load(directory: session.workspace.datasetsDirectory).quotas
    let report = try Validation.run(
      model: model, scenario: scenario, quotas: quotas, options: options,
      interruption: session.environment.interruption)
    return render(report, options: options)
  }

  // MARK: - Rendering

  static func render(_ report: Validation.Report, options: Validation.Options) -> CommandResult {
    var table = ResultTable(
      title: "validate \(report.model): \(report.title)",
      columns: [
        .init("figure", alignment: .left, key: "metric"), .init("analytic"),
        .init("simulated"), .init("± 95%", key: "half_width"), .init("tolerance"),
        .init("verdict", alignment: .left),
      ])
    var reasons: [String] = []
    for row in report.rows {
      let metric = row.metric
      let verdict: (String, Markup.Tag)
      switch row.verdict {
      case .agrees: verdict = ("agrees", .plain)
      case .differs(let because):
        verdict = ("differs, explained", .warning)
        reasons.append("\(metric.label) differs: \(because)")
      case .disagrees:
        verdict = ("DISAGREES", .error)
        reasons.append(
          "\(metric.label) DISAGREES: no known cause; the engines differ by "
            + "\(format(abs(row.interval.mean - metric.analytic), metric.format))")
      }
      table.append([
        .init(metric.label, tag: .keyword),
        .init(format(metric.analytic, metric.format), number: metric.analytic),
        .init(format(row.interval.mean, metric.format), tag: .value, number: row.interval.mean),
        .init(format(row.interval.halfWidth, metric.format), number: row.interval.halfWidth),
        .init("±" + TimeFormat.share(metric.tolerance), number: metric.tolerance),
        .init(verdict.0, tag: verdict.1),
      ])
    }
    table.notes = notes(report, reasons: reasons)
    return .table(table, data: json(report, options: options))
  }

  private static func notes(_ report: Validation.Report, reasons: [String]) -> [String] {
    var notes = reasons
    notes.append(
      "warm-up: \(SimulationText.seconds(report.warmUp)) discarded (\(report.warmUpBasis))")
    notes.append("replications: \(report.replications); \(report.stop)")
    notes += report.rows.compactMap(\.caution)
    for limit in report.fluid.limits where !limit.limit.hasSuffix(".block_rate") {
      notes.append(
        "\(limit.component) admits \(Quantity.formatNumber(TimeFormat.rounded(limit.admitted))) "
          + "of \(Quantity.formatNumber(TimeFormat.rounded(limit.offered))) "
          + "\(limit.unit == "rps" ? "requests" : limit.unit.replacingOccurrences(of: "/s", with: "")) "
          + "over the run (\(limit.limit))")
    }
    notes.append(
      "analytic: the admitted-load pass per stretch of constant traffic, buckets spent once, "
        + "scale-out and cold starts from an empty start, the SQS fluid; latency composed in "
        + "steady state. ± 95%: Student t over replications; percentiles by sectioning about "
        + "the pooled figure, at least the pooled order-statistic interval. A figure agrees "
        + "when the analytic lies within the interval widened by its tolerance")
    return notes
  }

  static func format(_ value: Double, _ format: Validation.Format) -> String {
    switch format {
    case .latency: return TimeFormat.ms(value)
    case .share: return TimeFormat.share(value)
    case .seconds: return Quantity.formatNumber(TimeFormat.rounded(value)) + " s"
    case .count: return Quantity.formatNumber(TimeFormat.rounded(value))
    case .rate(let unit): return Quantity.formatNumber(TimeFormat.rounded(value)) + " " + unit
    }
  }

  private static func json(_ report: Validation.Report, options: Validation.Options)
    -> JSONValue
  {
    let metrics: [JSONValue] = report.rows.map { row in
      var pairs: [(String, JSONValue)] = [
        ("key", .string(row.metric.key)), ("analytic", .number(row.metric.analytic)),
        ("simulated", .number(row.interval.mean)),
        ("half_width", .number(row.interval.halfWidth)),
        ("tolerance", .number(row.metric.tolerance)),
      ]
      switch row.verdict {
      case .agrees: pairs.append(("verdict", .string("agrees")))
      case .differs(let because):
        pairs += [("verdict", .string("differs")), ("reason", .string(because))]
      case .disagrees: pairs.append(("verdict", .string("disagrees")))
      }
      if let caution = row.caution { pairs.append(("caution", .string(caution))) }
      return .object(pairs)
    }
    return .object([
      ("model", .string(report.model)), ("seed", .number(Double(report.scenario.seed))),
      ("duration_s", .number(report.scenario.duration)), ("warmup_s", .number(report.warmUp)),
      ("replications", .number(Double(report.replications))),
      ("target", .number(options.target)), ("target_reached", .bool(report.targetReached)),
      ("stop", .string(report.stop)), ("metrics", .array(metrics)),
    ])
  }
}
