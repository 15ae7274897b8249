import Quantities

/// `cache`: what each cache tier and the origin behind them carry; with a subcommand, hit
/// ratios from first principles (`ttl`, `lru`, `size for`, `flush`).
enum CacheCommand {
  static let usage =
    "cache [at peak|RATE] | cache ttl|lru|flush [TIER] [VALUE] [keys N] "
    + "[zipf S] | cache size for HIT [TIER]"

  static let command = Command(
    name: "cache",
    synopsis: usage,
    summary: "load at each cache tier and the origin; hit ratios from TTL, LRU size, flushes",
    discussion: """
      Without a subcommand: the tiers the path looks up (CloudFront, then Redis), each \
      tier's hit ratio as the path weights it, the requests it receives, serves and passes \
      on, what reaches the origin and the databases (fan-out counted), and the bandwidth \
      the edge saves. After set, a column compares each load with the baseline's. \
      cache ttl [TIER] [T]: the hit ratio of a TTL cache under Poisson requests per key, \
      ΛT/(1+ΛT) summed over Zipf(s) popularity of N keys (Jung, Berger & Balakrishnan \
      2003). cache lru [TIER] [C]: an LRU cache of C entries (or bytes, with item_size) by \
      Che's approximation (Che, Tung & Wang 2002). cache size for 90%: the TTL and the LRU \
      size that reach a hit ratio. cache flush [TIER] [within 1%]: the origin requests \
      until the emptied cache is warm again, and how long that takes. N and s are the \
      tier's keys and zipf_exponent, or keys N and zipf S.
      """,
    example: "cache\nset cdn.hit_rate = 60%\ncache\ncache ttl redis\ncache flush redis",
    completion: .words([
      "at", "peak", "ttl", "lru", "size", "for", "flush", "keys", "zipf",
      "within",
    ]),
    run: { arguments, session in
      let model = try session.workspace.requireModel()
      switch arguments.peekWord() {
      case "ttl", "lru", "size", "flush":
        return try firstPrinciples(&arguments, model)
      default:
        let rate = try rateArgument(&arguments, model, usage: usage)
        try arguments.expectEnd(usage: usage)
        let baseline = try session.workspace.requireBaseline()
        let report = try CacheAnalysis.report(model, rate: rate)
        let before = baseline == model ? nil : try CacheAnalysis.report(baseline, rate: rate)
        var result = render(report, baseline: before, model: model, explicitRate: rate != nil)
        let quotas = try? CostCatalogs.load(directory: session.workspace.datasetsDirectory).quotas
        result.appendNotes(AdmittedLoad.notes(model, quotas: quotas, rate: report.rate))
        return result
      }
    })

  /// `at peak` or `at RATE`, as requests per second into the path; nil when absent.
  static func rateArgument(_ arguments: inout Arguments, _ model: PathModel, usage: String)
    throws(Diagnostic) -> Double?
  {
    guard arguments.take("at") else { return nil }
    if arguments.take("peak") { return try TrafficAnalysis.requestRate(model, peak: true) }
    return try arguments.quantity(.rate, named: "the rate after at").value
  }

  // MARK: - Layered loads

  static func render(
    _ report: CacheAnalysis.Report, baseline: CacheAnalysis.Report?,
    model: PathModel, explicitRate: Bool
  ) -> CommandResult {
    let rateText =
      Quantity.perSecond(report.rate).formatted
      + (explicitRate ? "" : " (workload.rate)")
    var columns: [ResultTable.Column] = [
      .init("tier", alignment: .left), .init("hit ratio"), .init("in"), .init("hits"),
      .init("passed on"),
    ]
    if baseline != nil { columns.append(.init("vs baseline", key: "vs_baseline")) }
    var table = ResultTable(title: "cache: \(model.name) at \(rateText)", columns: columns)
    func compare(_ now: Double, _ then: Double?) -> [ResultTable.Cell] {
      guard baseline != nil else { return [] }
      guard let then, then > 0 else { return [.init("-")] }
      return [.init(IncidentFormat.multiplier(now / then), tag: .warning, number: now / then)]
    }
    for (flow, load) in zip(report.tiers, report.load.tiers) {
      let marker = flow.fromParameter ? "*" : ""
      table.append(
        [
          .init(flow.component + marker, tag: .keyword),
          .init(TimeFormat.share(load.hitRatio), number: load.hitRatio),
          rateCell(load.arrivalRate), rateCell(load.hitRate), rateCell(load.missRate),
        ]
          + compare(
            load.arrivalRate,
            baseline?.load.tiers.first { $0.name == load.name }?.arrivalRate))
    }
    let blank = ResultTable.Cell("")
    table.append(
      [
        .init("origin", tag: .keyword), blank, rateCell(report.load.originRate),
        blank, blank,
      ] + compare(report.load.originRate, baseline?.load.originRate))
    for backend in report.backends {
      let then = baseline?.backends.first { $0.name == backend.name }?.rate
      table.append(
        [
          .init(backend.name + " ops", tag: .keyword), blank, rateCell(backend.rate),
          blank, blank,
        ] + compare(backend.rate, then))
    }
    table.notes = notes(report, baseline: baseline)
    return .table(table, data: json(report, baseline: baseline))
  }

  private static func rateCell(_ rate: Double) -> ResultTable.Cell {
    .init(Quantity.perSecond(rate).formatted, tag: .value, number: rate)
  }

  private static func notes(_ report: CacheAnalysis.Report, baseline: CacheAnalysis.Report?)
    -> [String]
  {
    var notes = [
      "served by a cache: \(TimeFormat.share(report.load.overallHitRatio)); the origin gets "
        + "\(Quantity.perSecond(report.load.originRate).formatted) ("
        + "\(TimeFormat.share(1 - report.load.overallHitRatio)) of requests)"
    ]
    if let then = baseline?.load.originRate, then > 0 {
      notes.append(
        "origin load \(IncidentFormat.multiplier(report.load.originRate / then)) "
          + "the baseline's (\(Quantity.perSecond(then).formatted) → "
          + "\(Quantity.perSecond(report.load.originRate).formatted))")
    }
    if let size = report.responseSize, report.tiers.contains(where: { $0.kind == .cdn }) {
      let total = report.rate * size
      notes.append(
        "bandwidth saved: the edge serves "
          + IncidentFormat.rounded(Quantity(exactly: report.edgeBytesPerSecond, .dataRate))
          + " of " + IncidentFormat.rounded(Quantity(exactly: total, .dataRate))
          + " (\(TimeFormat.share(total > 0 ? report.edgeBytesPerSecond / total : 0)))"
          + " at \(Quantity(exactly: size, .data).formatted) per response; the origin sends "
          + IncidentFormat.rounded(Quantity(exactly: total - report.edgeBytesPerSecond, .dataRate)))
    }
    if report.tiers.contains(where: \.fromParameter) {
      notes.append("* hit_rate taken from the parameter: the path has no hit/miss branch there")
    }
    if let chain = report.chainNote { notes.append(chain) }
    return notes
  }

  private static func json(_ report: CacheAnalysis.Report, baseline: CacheAnalysis.Report?)
    -> JSONValue
  {
    let tiers: [JSONValue] = zip(report.tiers, report.load.tiers).map { flow, load in
      .object([
        ("tier", .string(flow.component)), ("hit_ratio", .number(load.hitRatio)),
        ("in_rps", .number(load.arrivalRate)), ("hits_rps", .number(load.hitRate)),
        ("passed_on_rps", .number(load.missRate)),
        ("served_bytes_per_s", .number(load.servedBytesPerSecond)),
      ])
    }
    let backends: [JSONValue] = report.backends.map {
      .object([("name", .string($0.name)), ("ops_per_s", .number($0.rate))])
    }
    var fields: [(String, JSONValue)] = [
      ("rate_rps", .number(report.rate)), ("tiers", .array(tiers)),
      ("origin_rps", .number(report.load.originRate)),
      ("hit_ratio", .number(report.load.overallHitRatio)), ("backends", .array(backends)),
      ("edge_bytes_per_s", .number(report.edgeBytesPerSecond)),
    ]
    if let then = baseline?.load.originRate {
      fields.append(("baseline_origin_rps", .number(then)))
      fields.append(
        (
          "origin_multiplier",
          then > 0 ? .number(report.load.originRate / then) : .null
        ))
    }
    return .object(fields)
  }
}
