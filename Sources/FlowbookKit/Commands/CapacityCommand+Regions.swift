import Foundation
import Quantities

/// `capacity` on a model with `regions:`: each region at its share, N+1 (each region lost
/// in turn, its share moved to the survivors), the global limits at the whole load, and
/// `--region NAME` / `--without NAME` for one region's or the survivors' full reports.
extension CapacityCommand {
  /// What `capacity` shows on a multi-region model.
  enum RegionView {
    case summary
    case region(String, Span)
    case without(String, Span)
  }

  /// Runs `capacity [--region NAME | --without NAME] [--max]` on a model with regions.
  ///
  /// - Parameters:
  ///   - view: the summary, one region, or the survivors of one region's loss.
  ///   - wantsMax: whether `--max` was given.
  ///   - model: the model.
  ///   - quotas: AWS's default quotas.
  /// - Returns: the result.
  /// - Throws: a diagnostic for an unknown region, or `--max` without a region.
  static func regions(
    _ view: RegionView, wantsMax: Bool, _ model: PathModel, quotas: QuotaCatalog
  ) throws(Diagnostic) -> CommandResult {
    switch view {
    case .summary:
      guard !wantsMax else {
        throw Diagnostic(
          "\(model.name) has \(model.regions.count) regions, each with its own limits: "
            + "give capacity --max --region NAME or --without NAME")
      }
      return try summary(model, quotas: quotas)
    case .region(let name, let span):
      let load = try RegionCapacity.loads(of: model, quotas: quotas)
        .first { $0.region == name }
      guard let load else { throw unknownRegion(name, span, model) }
      return try one(
        load, title: "capacity --region \(name): \(TimeFormat.share(load.share)) of the load",
        wantsMax: wantsMax)
    case .without(let name, let span):
      guard model.region(named: name) != nil else { throw unknownRegion(name, span, model) }
      var blocks: [CommandResult.Block] = []
      var data: [JSONValue] = []
      for survivor in try RegionCapacity.survivors(of: model, losing: name, quotas: quotas) {
        let title =
          "capacity --without \(name): \(survivor.load.region) carries "
          + "\(TimeFormat.share(survivor.load.share)) (was "
          + "\(TimeFormat.share(survivor.previousShare)))"
        let result = try one(survivor.load, title: title, wantsMax: wantsMax)
        blocks += result.blocks
        data.append(result.data)
      }
      return CommandResult(blocks: blocks, data: .array(data))
    }
  }

  private static func unknownRegion(_ name: String, _ span: Span, _ model: PathModel)
    -> Diagnostic
  {
    Diagnostic(
      "no region '\(name)' in \(model.name) (regions: "
        + model.regions.map(\.name).joined(separator: ", ") + ")", span: span,
      suggestions: Suggestion.nearest(to: name, among: model.regions.map(\.name)))
  }

  /// One region's (or survivor's) report, rendered as `capacity` renders a whole model.
  private static func one(_ load: RegionCapacity.Load, title: String, wantsMax: Bool)
    throws(Diagnostic) -> CommandResult
  {
    guard let report = load.report else {
      return .line(
        Markup("\(title): \(load.region) carries no traffic, so nothing in it is loaded"),
        data: .object([("region", .string(load.region)), ("share", .number(0))]))
    }
    var result = wantsMax ? maximum(report) : render(report)
    let command = title.prefix { $0 != ":" }
    for (index, block) in result.blocks.enumerated() {
      guard case .table(var table) = block else { continue }
      if index == 0 {
        let own = table.title ?? ""
        table.title =
          "\(title), " + (own.hasPrefix("capacity: ") ? String(own.dropFirst(10)) : own)
      }
      table.notes = table.notes.map {
        $0.replacingOccurrences(
          of: "(capacity --max)",
          with: "("
            + command.replacingOccurrences(
              of: "capacity ", with: "capacity --max ") + ")")
      }
      result.blocks[index] = .table(table)
    }
    return result
  }

  // MARK: - Summary

  private static func summary(_ model: PathModel, quotas: QuotaCatalog) throws(Diagnostic)
    -> CommandResult
  {
    let loads = try RegionCapacity.loads(of: model, quotas: quotas)
    let global = try RegionCapacity.globalLimits(of: model, quotas: quotas)
    let at = global.peak == nil ? "rate" : "peak"
    let peakText = global.peak.map { " (peak " + rate($0) + ")" } ?? ""
    var regions = regionTable(
      title: "capacity: \(model.name) in \(model.regions.count) regions at "
        + "\(rate(global.rate))\(peakText); limits per region at its share of the \(at)",
      lead: [.init("region", alignment: .left), .init("share")],
      rows: loads.map { load in
        ([.init(load.region, tag: .keyword), share(load.share)], load)
      }, judged: global.judgedRate)
    regions.notes = [
      "each region checks its own limits (AWS sets API Gateway's throttle and Lambda's "
        + "concurrency per account per Region) at its share; load is the requests/s its "
        + "clients send into the path",
      "breaks at: the whole path's rate (all regions) at which that region's first limit "
        + "breaks",
    ]
    var survivors: [ResultTable] = []
    var survivorData: [JSONValue] = []
    for region in model.regions {
      let table = try survivorTable(model, losing: region.name, quotas: quotas)
      survivors.append(table)
      survivorData.append(table.json)
    }
    var n1 = survivors.first ?? ResultTable(title: "", columns: [])
    for more in survivors.dropFirst() { n1.rows += more.rows }
    n1.title = "N+1: each region lost in turn, its share moved to the survivors"
    n1.notes = [
      "the lost share moves to the survivors in proportion to their shares (evenly "
        + "when they all had 0%)",
      "capacity --without NAME shows the survivors' every demand and limit; "
        + "capacity --region NAME one region's; failover region NAME the timeline",
    ]
    var globals = limitsTable(global)
    globals.title = "global (\(globalNames(model))) at the whole \(at) (\(rate(global.judgedRate)))"
    globals.notes =
      verdictNotes(global).map { $0.replacingOccurrences(of: " (capacity --max)", with: "") }
      + sourceNotes(global)
    return CommandResult(
      blocks: [.table(regions), .table(n1), .table(globals)],
      data: .object([
        ("model", .string(model.name)), ("regions", regions.json),
        ("n_plus_1", .array(survivorData)), ("global", json(global)),
      ]))
  }

  private static func globalNames(_ model: PathModel) -> String {
    let names = model.components.filter { Region.globalKinds.contains($0.kind) }.map(\.name)
    return names.isEmpty ? "none" : names.joined(separator: ", ")
  }

  // MARK: - Survivors (shared with failover region)

  /// The survivors of losing region `lost`: load, first limit to break, and where.
  ///
  /// `capacity`'s N+1 and `failover region` both print this table, so the two commands
  /// cannot disagree.
  ///
  /// - Parameters:
  ///   - model: a model with regions.
  ///   - lost: the region lost.
  ///   - quotas: AWS's default quotas.
  /// - Returns: one row per survivor, judged at the peak (else the rate).
  /// - Throws: a diagnostic for an unknown region or a workload without a rate.
  static func survivorTable(_ model: PathModel, losing lost: String, quotas: QuotaCatalog)
    throws(Diagnostic) -> ResultTable
  {
    guard let rate = model.workload.rate?.value, rate > 0 else {
      throw Diagnostic(
        "the request rate is not set: set workload.rate (e.g. set workload.rate = 850k rps)")
    }
    let judged = model.workload.peak?.value ?? rate
    return survivorTable(
      try RegionCapacity.survivors(of: model, losing: lost, quotas: quotas), judged: judged)
  }

  /// The survivors of one region's loss: load, first limit to break, and where.
  ///
  /// - Parameters:
  ///   - survivors: the survivors, from `RegionCapacity.survivors`.
  ///   - judged: the whole path's rate the limits are judged at (the peak, else the rate).
  /// - Returns: one row per survivor.
  private static func survivorTable(_ survivors: [RegionCapacity.Survivor], judged: Double)
    -> ResultTable
  {
    regionTable(
      title: "survivors after losing \(survivors.first?.lost ?? "a region")",
      lead: [
        .init("lost", alignment: .left), .init("survivor", alignment: .left),
        .init("share"),
      ],
      rows: survivors.map { survivor in
        (
          [
            .init(survivor.lost), .init(survivor.load.region, tag: .keyword),
            .init(
              TimeFormat.share(survivor.previousShare) + " → "
                + TimeFormat.share(survivor.load.share), number: survivor.load.share),
          ], survivor.load
        )
      }, judged: judged)
  }

  /// A table of regions: the leading cells given, then load, first limit, need, limit,
  /// use, verdict and the path rate at which that limit breaks.
  private static func regionTable(
    title: String, lead: [ResultTable.Column],
    rows: [([ResultTable.Cell], RegionCapacity.Load)], judged: Double
  ) -> ResultTable {
    var table = ResultTable(
      title: title,
      columns: lead + [
        .init("load", key: "load_rps"), .init("first limit", alignment: .left),
        .init("need"), .init("limit", key: "value"), .init("use"),
        .init("verdict", alignment: .left),
        .init("breaks at", key: "breaks_at_rps"),
      ])
    for (cells, load) in rows {
      let regionRate = judged * load.share
      guard let limit = load.firstLimit else {
        table.append(
          cells + [
            .init(rate(regionRate), tag: .value, number: regionRate),
            .init(load.report == nil ? "(no traffic)" : "(none applies)"), .init("-"),
            .init("-"), .init("-"), .init("-"), .init("-"),
          ])
        continue
      }
      let need = limit.need(at: regionRate)
      let use = need / limit.limit
      let breaks = load.pathBreakRate
      table.append(
        cells + [
          .init(rate(regionRate), tag: .value, number: regionRate),
          .init(limit.name, tag: .keyword), .init(amount(need), number: need),
          .init(amount(limit.limit), number: limit.limit),
          .init(TimeFormat.share(use), number: use),
          .init(verdict(limit, need: need), tag: use > 1 ? .warning : .good),
          breaks.map { .init(rate($0), number: $0) } ?? .init("never"),
        ])
    }
    return table
  }

  private static func share(_ x: Double) -> ResultTable.Cell {
    .init(TimeFormat.share(x), number: x)
  }
}
