import Quantities

/// Capacity of a model deployed in several regions: each region at its share of the load,
/// and N+1, each survivor at the load it carries once one region is lost.
///
/// Each region's report is `CapacityAnalysis`'s on the model as deployed there
/// (`PathModel.deployed(in:)`) with the workload's rate and peak scaled by the region's
/// share, so every limit comes from the one `LimitRegistry` and is the region's own (AWS
/// sets API Gateway's throttle and Lambda's concurrency per account per Region). Limits
/// of the global components (Route 53, CloudFront) are left out of the regions' reports and
/// judged once at the whole load (`globalLimits`). `capacity` and `failover region` both
/// read survivors from `survivors(of:losing:quotas:)`, so they print the same figures.
public enum RegionCapacity {
  /// One region's load and limits.
  public struct Load: Sendable {
    /// The region's name.
    public var region: String
    /// The share of all clients it carries (0 to 1).
    public var share: Double
    /// Its capacity report at that share; nil when it carries nothing.
    public var report: CapacityAnalysis.Report?

    /// The limit of this region that breaks first as traffic grows.
    public var firstLimit: CapacityAnalysis.Limit? { report?.firstLimit }

    /// The whole path's rate (requests/s entering the model) at which `firstLimit` breaks.
    public var pathBreakRate: Double? {
      guard let limit = firstLimit, share > 0, limit.breakRate.isFinite else { return nil }
      return limit.breakRate / share
    }
  }

  /// A survivor of a region's loss: its new share and its load.
  public struct Survivor: Sendable {
    /// The region lost.
    public var lost: String
    /// The survivor's load at its new share.
    public var load: Load
    /// Its share before the loss.
    public var previousShare: Double
  }

  /// Each region's load at its share, in declaration order.
  ///
  /// - Parameters:
  ///   - model: a model with `regions:`.
  ///   - quotas: AWS's default quotas.
  /// - Returns: one load per region.
  /// - Throws: a diagnostic when the workload has no rate or a region's overrides no
  ///   longer fit the model.
  /// - Complexity: one capacity report per region.
  public static func loads(of model: PathModel, quotas: QuotaCatalog) throws(Diagnostic)
    -> [Load]
  {
    var out: [Load] = []
    for region in model.regions {
      out.append(try load(model, region, share: region.share, quotas: quotas))
    }
    return out
  }

  /// The survivors of losing region `lost`: the lost share moved to them in proportion to
  /// their shares (`PathModel.survivorShares(losing:)`).
  ///
  /// - Parameters:
  ///   - model: a model with `regions:`.
  ///   - lost: the name of the region lost.
  ///   - quotas: AWS's default quotas.
  /// - Returns: each survivor at its new share, in declaration order.
  /// - Throws: a diagnostic naming the regions when `lost` is not one of them.
  /// - Complexity: one capacity report per survivor.
  public static func survivors(of model: PathModel, losing lost: String, quotas: QuotaCatalog)
    throws(Diagnostic) -> [Survivor]
  {
    guard model.region(named: lost) != nil else {
      throw Diagnostic(
        "no region '\(lost)' in \(model.name) (regions: "
          + model.regions.map(\.name).joined(separator: ", ") + ")",
        suggestions: Suggestion.nearest(to: lost, among: model.regions.map(\.name)))
    }
    var out: [Survivor] = []
    for (region, share) in model.survivorShares(losing: lost) {
      out.append(
        Survivor(
          lost: lost, load: try load(model, region, share: share, quotas: quotas),
          previousShare: region.share))
    }
    return out
  }

  /// The limits of the global components (CloudFront), judged at the whole load.
  ///
  /// - Parameters:
  ///   - model: a model with `regions:`.
  ///   - quotas: AWS's default quotas.
  /// - Returns: the capacity report of the whole model, its limits only the global ones.
  /// - Throws: a diagnostic when the workload has no rate.
  public static func globalLimits(of model: PathModel, quotas: QuotaCatalog) throws(Diagnostic)
    -> CapacityAnalysis.Report
  {
    var whole = model
    whole.regions = []
    var report = try CapacityAnalysis.report(whole, quotas: quotas)
    let global = globalComponents(model)
    report.limits = report.limits.filter { global.contains(owner(of: $0)) }
    report.demands = report.demands.filter { global.contains($0.component) }
    return report
  }

  // MARK: - One region

  private static func load(
    _ model: PathModel, _ region: Region, share: Double, quotas: QuotaCatalog
  ) throws(Diagnostic) -> Load {
    guard share > 0 else { return Load(region: region.name, share: share, report: nil) }
    var deployed = try model.deployed(in: region)
    let scaled = { (name: String) in
      deployed.workload[name]?.quantity.map { q in
        ParameterValue.quantity(Quantity(exactly: q.value * share, q.dimension))
      }
    }
    let rate = scaled("rate")
    let peak = scaled("peak")
    if let rate { deployed.workload.set("rate", to: rate) }
    if let peak { deployed.workload.set("peak", to: peak) }
    deployed.name = "\(model.name) in \(region.name)"
    var report = try CapacityAnalysis.report(deployed, quotas: quotas)
    let global = globalComponents(model)
    report.limits = report.limits.filter { !global.contains(owner(of: $0)) }
    report.demands = report.demands.filter { !global.contains($0.component) }
    replicateWrites(&report, deployed, share: share)
    return Load(region: region.name, share: share, report: report)
  }

  /// A global table (a database with `replication_lag`) takes every region's writes: its
  /// own clients' and the ones replicated from the others (DynamoDB global tables'
  /// replicated write units), so its write units carry the whole path's writes, not the
  /// region's share.
  private static func replicateWrites(
    _ report: inout CapacityAnalysis.Report, _ model: PathModel, share: Double
  ) {
    let tables = model.components.filter { $0.kind == .database && $0["replication_lag"] != nil }
    for table in tables.map(\.name) {
      var touched = false
      for index in report.limits.indices where report.limits[index].name == table + ".write_units" {
        report.limits[index].perRate /= share
        touched = true
      }
      for index in report.demands.indices
      where report.demands[index].component == table
        && report.demands[index].measure == "write units/s"
      {
        report.demands[index].perRate /= share
      }
      if touched {
        report.notes.append(
          "\(table): a global table takes every region's writes (replicated write units), "
            + "so its write units carry the whole path's writes, not this region's share")
      }
    }
    report.limits = report.limits.enumerated().sorted { lhs, rhs in
      lhs.element.breakRate != rhs.element.breakRate
        ? lhs.element.breakRate < rhs.element.breakRate : lhs.offset < rhs.offset
    }.map(\.element)
  }

  /// Names of the model's global components.
  static func globalComponents(_ model: PathModel) -> Set<String> {
    Set(model.components.filter { Region.globalKinds.contains($0.kind) }.map(\.name))
  }

  /// The component (or service) a limit's name starts with: `cdn` of `cdn.requests`.
  static func owner(of limit: CapacityAnalysis.Limit) -> String {
    String(limit.name.prefix { $0 != "." })
  }
}
