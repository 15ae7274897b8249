import Quantities

/// `capacity [--max]`: load per component at the average and peak rate, and the limits.
enum CapacityCommand {
  static let usage = "capacity [--max] [--region NAME | --without NAME]"

  static let command = Command(
    name: "capacity",
    synopsis: usage,
    summary: "load per component at the rate and the peak; quotas, headroom, what breaks",
    discussion: """
      Rates are the path rate times each component's visits per request (branch shares \
      applied: only CDN misses reach the origin). Concurrency is Little's law, L = λW, \
      with W the mean time a visit holds the component (a Lambda environment is held \
      through start-up, the handler and the calls it waits for). DynamoDB needs read and \
      write units by item size and consistency, and partitions at 3,000 RRU / 1,000 WRU \
      each. Limits are the model's figures where it gives them (the account as modelled) \
      and AWS's default quotas from datasets/quotas/aws.yaml otherwise, judged at the \
      peak: each row says how much of the limit the peak needs, whether AWS raises it on \
      request, and the quota's default beside the model's figure. Names are the AWS \
      service for account-wide quotas (lambda.concurrency, apigateway.throttle) and the \
      component for per-resource ones (dynamodb.read_units). --max finds the highest rate \
      no limit refuses (bisection over workload.rate) and the limit that refuses more. \
      On a model with regions: (active-active), each region checks its own limits (AWS \
      sets them per account per Region) at its share of the load, with the first limit \
      to break and the whole path's rate where it does; then N+1: each region lost in \
      turn, its share moved to the survivors in proportion to theirs, and each survivor's \
      load and first limit to break; then the global components' limits (Route 53, \
      CloudFront) at the whole load. --region NAME shows one region's every demand and \
      limit, --without NAME the survivors' at the moved load; either takes --max.
      """,
    example: "capacity\ncapacity --max\nset lambda.memory = 1024 MB\nexpect capacity.first_limit "
      + "== \"apigateway.throttle\"\nload golden-path-active-active\ncapacity --without us-east-1",
    completion: .words(["--max", "--region", "--without"]),
    run: { arguments, session in
      var wantsMax = false
      var view = RegionView.summary
      var chosen = false
      while !arguments.isAtEnd {
        if arguments.takeFlag("max") {
          wantsMax = true
        } else if !chosen, let without = regionFlag(&arguments) {
          guard let (name, span) = arguments.touchingName() else {
            throw Diagnostic(
              "--\(without ? "without" : "region") takes a region's name; usage: \(usage)",
              span: arguments.restSpan)
          }
          view = without ? .without(name, span) : .region(name, span)
          chosen = true
        } else {
          try arguments.expectEnd(usage: usage)
        }
      }
      let model = try session.workspace.requireModel()
      let catalogs = try CostCatalogs.load(directory: session.workspace.datasetsDirectory)
      if !model.regions.isEmpty {
        return try regions(view, wantsMax: wantsMax, model, quotas: catalogs.quotas)
      }
      if case .region(_, let span) = view { throw noRegions(model, span) }
      if case .without(_, let span) = view { throw noRegions(model, span) }
      let report = try CapacityAnalysis.report(model, quotas: catalogs.quotas)
      return wantsMax ? maximum(report) : render(report)
    })

  private static func noRegions(_ model: PathModel, _ span: Span) -> Diagnostic {
    Diagnostic(
      "\(model.name) declares no regions:, so --region and --without have none to name",
      span: span)
  }

  /// Takes `--region` (false) or `--without` (true) if one comes next.
  private static func regionFlag(_ arguments: inout Arguments) -> Bool? {
    if arguments.takeFlag("region") { return false }
    if arguments.takeFlag("without") { return true }
    return nil
  }

  // MARK: - capacity

  static func render(_ report: CapacityAnalysis.Report) -> CommandResult {
    let peakText = report.peak.map { " (peak " + rate($0) + ")" } ?? ""
    var demands = ResultTable(
      title: "capacity: \(report.model) at \(rate(report.rate))\(peakText)",
      columns: [
        .init("component", alignment: .left), .init("measure", alignment: .left),
        .init("at rate"), .init("at peak"),
      ])
    for demand in report.demands {
      demands.append([
        .init(demand.component, tag: .keyword), .init(demand.measure),
        .init(amount(demand.at(report.rate)), tag: .value, number: demand.at(report.rate)),
        report.peak.map { .init(amount(demand.at($0)), tag: .value, number: demand.at($0)) }
          ?? .init("-"),
      ])
    }
    var limits = limitsTable(report)
    limits.notes =
      verdictNotes(report) + scalingNotes(report) + report.notes
      + sourceNotes(report)
    return CommandResult(blocks: [.table(demands), .table(limits)], data: json(report))
  }

  static func limitsTable(_ report: CapacityAnalysis.Report) -> ResultTable {
    let at = report.peak == nil ? "rate" : "peak"
    var table = ResultTable(
      title: "limits at the \(at) (\(rate(report.judgedRate)))",
      columns: [
        .init("limit", alignment: .left), .init("need"), .init("limit", key: "value"),
        .init("source", alignment: .left), .init("AWS default", key: "aws_default"),
        .init("adjustable", alignment: .left), .init("use"),
        .init("verdict", alignment: .left),
      ])
    for limit in report.limits {
      let need = limit.need(at: report.judgedRate)
      let use = need / limit.limit
      table.append([
        .init(limit.name, tag: .keyword), .init(amount(need), tag: .value, number: need),
        .init(amount(limit.limit), number: limit.limit), .init(limit.limitSource),
        limit.defaultValue.map { .init(amount($0), number: $0) } ?? .init("-"),
        .init(adjustable(limit.quota)), .init(TimeFormat.share(use), number: use),
        .init(verdict(limit, need: need), tag: use > 1 ? .warning : .good),
      ])
    }
    return table
  }

  /// `BREAKS ×12.5`, `ok`, `ok; 2.6× AWS's default`.
  static func verdict(_ limit: CapacityAnalysis.Limit, need: Double) -> String {
    let times = { (x: Double) in "×" + Quantity.formatNumber(TimeFormat.rounded(x)) }
    if need > limit.limit * (1 + 1e-12) { return "BREAKS " + times(need / limit.limit) }
    if let aws = limit.defaultValue, need > aws, limit.limit > aws {
      return "ok; " + times(need / aws) + " AWS's default"
    }
    return "ok"
  }

  static func verdictNotes(_ report: CapacityAnalysis.Report) -> [String] {
    var notes: [String] = []
    let at = report.peak == nil ? "the rate" : "the peak"
    let broken = report.broken
    if broken.isEmpty {
      notes.append("no limit breaks at \(at) (\(rate(report.judgedRate)))")
    } else {
      let count = broken.count == 1 ? "1 limit breaks" : "\(broken.count) limits break"
      notes.append(
        "at \(at) \(count): "
          + broken.map { limit in
            let need = limit.need(at: report.judgedRate)
            return "\(limit.name) needs \(amount(need)) of \(amount(limit.limit)) "
              + "(×\(Quantity.formatNumber(TimeFormat.rounded(need / limit.limit))), "
              + adjustableText(limit.quota) + ")"
          }.joined(separator: "; "))
    }
    if let first = report.firstLimit {
      notes.append(
        "first to break as traffic grows: \(first.name) at "
          + rate(first.breakRate) + " (capacity --max)")
    }
    return notes
  }

  private static func scalingNotes(_ report: CapacityAnalysis.Report) -> [String] {
    report.scaling.map { scaling in
      "\(scaling.function): \(seconds(scaling.fromRate)) to scale from the rate's to the "
        + "peak's concurrency at 1,000 new environments per 10 s per function, the first "
        + "1,000 at once "
        + "(\(seconds(scaling.fromZero)) from none); requests beyond it meanwhile get 429s"
    }
  }

  /// One line per quota used: its default, scope, adjustability, source and date.
  static func sourceNotes(_ report: CapacityAnalysis.Report) -> [String] {
    var seen = Set<String>()
    var notes: [String] = []
    for limit in report.limits {
      guard let quota = limit.quota, seen.insert(quota.id).inserted else { continue }
      let value = quota.value.map { Quantity.formatNumber($0) } ?? "unconfirmed"
      notes.append(
        "quota \(quota.id): \(value) \(quota.unit)"
          + (quota.scope.map { " \($0)" } ?? "") + ", " + adjustableText(quota)
          + "; \(quota.provenance.source) (\(quota.provenance.asOf), "
          + "\(quota.provenance.confidence.rawValue))")
    }
    return notes
  }

  // MARK: - capacity --max

  static func maximum(_ report: CapacityAnalysis.Report) -> CommandResult {
    guard let (maxRate, limit) = CapacityAnalysis.maximumRate(report) else {
      return .line(
        Markup(
          "no limit applies to this path: nothing in the model or the quota "
            + "dataset bounds its rate"),
        data: .object([("max_rate_rps", .null), ("limit", .null)]))
    }
    var table = ResultTable(
      title: "capacity --max: \(report.model) sustains up to \(rate(maxRate)); "
        + "\(limit.name) breaks first",
      columns: [
        .init("limit", alignment: .left), .init("breaks at", key: "breaks_at_rps"),
        .init("× rate", key: "times_rate"), .init("limit", key: "value"),
        .init("source", alignment: .left), .init("adjustable", alignment: .left),
      ])
    for candidate in report.limits.sorted(by: { $0.breakRate < $1.breakRate }) {
      let breaks = candidate.breakRate
      table.append([
        .init(candidate.name, tag: .keyword),
        breaks.isFinite ? .init(rate(breaks), tag: .value, number: breaks) : .init("never"),
        breaks.isFinite
          ? .init(times(breaks / report.rate), number: breaks / report.rate)
          : .init("-"),
        .init(amount(candidate.limit), number: candidate.limit), .init(candidate.limitSource),
        .init(adjustable(candidate.quota)),
      ])
    }
    let share = limit.perRate
    table.notes =
      [
        "reason: \(limit.name) (\(limit.meaning)) reaches its \(amount(limit.limit)) "
          + "(\(limit.limitSource)) at \(rate(maxRate)), where it needs "
          + "\(amount(share)) per request/s entering the path; " + adjustableText(limit.quota),
        "the workload's rate is \(rate(report.rate)): "
          + (maxRate >= report.rate
            ? "\(times(maxRate / report.rate)) headroom"
            : "already over, by \(times(report.rate / maxRate))"),
      ] + sourceNotes(report).filter { $0.hasPrefix("quota \(limit.quota?.id ?? "-"):") }
    return .table(
      table,
      data: .object([
        ("max_rate_rps", .number(rounded(maxRate))), ("limit", .string(limit.name)),
        ("reason", .string(table.notes.first ?? "")),
        ("adjustable", limit.quota?.adjustable.map(JSONValue.bool) ?? .null),
        ("quota_source", limit.quota.map { .string($0.provenance.source) } ?? .null),
        ("limits", table.json),
      ]))
  }

  // MARK: - Formatting

  static func rate(_ x: Double) -> String { amount(x) + " rps" }

  /// Three significant digits, whole numbers above 1,000 rounded to units.
  static func amount(_ x: Double) -> String {
    Quantity.formatNumber(
      x >= 1e7 || x < 1_000 ? TimeFormat.rounded(x) : x.rounded(),
      compact: x >= 1e7)
  }

  static func times(_ x: Double) -> String {
    "×" + Quantity.formatNumber(TimeFormat.rounded(x))
  }

  static func seconds(_ x: Double) -> String {
    Quantity.formatNumber(TimeFormat.rounded(x)) + " s"
  }

  static func adjustable(_ quota: QuotaEntry?) -> String {
    switch quota?.adjustable {
    case true?: return "yes"
    case false?: return "no"
    case nil: return quota == nil ? "-" : "?"
    }
  }

  static func adjustableText(_ quota: QuotaEntry?) -> String {
    switch quota?.adjustable {
    case true?: return "adjustable: AWS raises it on request"
    case false?: return "not adjustable"
    case nil: return quota == nil ? "a model figure" : "adjustability not stated"
    }
  }

  static func rounded(_ x: Double) -> Double { (x * 1e6).rounded() / 1e6 }

  // MARK: - JSON

  static func json(_ report: CapacityAnalysis.Report) -> JSONValue {
    let demands: [JSONValue] = report.demands.map { demand in
      .object([
        ("component", .string(demand.component)), ("measure", .string(demand.measure)),
        ("at_rate", .number(rounded(demand.at(report.rate)))),
        ("at_peak", report.peak.map { .number(rounded(demand.at($0))) } ?? .null),
      ])
    }
    let limits: [JSONValue] = report.limits.map { limit in
      let need = limit.need(at: report.judgedRate)
      return .object([
        ("limit", .string(limit.name)), ("meaning", .string(limit.meaning)),
        ("need_at_rate", .number(rounded(limit.need(at: report.rate)))),
        ("need", .number(rounded(need))), ("value", .number(limit.limit)),
        ("source", .string(limit.limitSource)),
        ("aws_default", limit.defaultValue.map(JSONValue.number) ?? .null),
        ("adjustable", limit.quota?.adjustable.map(JSONValue.bool) ?? .null),
        ("quota", limit.quota.map { .string($0.id) } ?? .null),
        ("quota_source", limit.quota.map { .string($0.provenance.source) } ?? .null),
        ("quota_as_of", limit.quota.map { .string($0.provenance.asOf) } ?? .null),
        ("use", .number(rounded(need / limit.limit))),
        ("breaks", .bool(need > limit.limit * (1 + 1e-12))),
        ("breaks_at_rps", limit.breakRate.isFinite ? .number(rounded(limit.breakRate)) : .null),
      ])
    }
    let maximum = CapacityAnalysis.maximumRate(report)
    return .object([
      ("model", .string(report.model)), ("rate_rps", .number(report.rate)),
      ("peak_rps", report.peak.map(JSONValue.number) ?? .null),
      ("first_limit", report.firstLimit.map { .string($0.name) } ?? .null),
      ("max_rate_rps", maximum.map { .number(rounded($0.rate)) } ?? .null),
      ("broken", .array(report.broken.map { .string($0.name) })),
      ("demands", .array(demands)), ("limits", .array(limits)),
      (
        "scaling",
        .array(
          report.scaling.map {
            .object([
              ("function", .string($0.function)),
              ("from_rate_s", .number(rounded($0.fromRate))),
              ("from_zero_s", .number(rounded($0.fromZero))),
            ])
          })
      ),
      ("notes", .array(report.notes.map(JSONValue.string))),
    ])
  }
}
