import Foundation
import Quantities

/// The `availability` analysis: each component's availability (a measured `availability`
/// parameter, else its AWS SLA commitment from `datasets/availability/aws.yaml`) composed
/// along the path by `AvailabilityTree`'s rules, then read as expected downtime in a
/// 730-hour month (the month the cost analysis bills) and as an error budget.
///
/// A commitment no AWS page confirmed is not guessed: the component counts as 100 %
/// available and the report names it, so an end-to-end figure is never read as complete
/// when it is not.
public enum AvailabilityAnalysis {
  /// Where a component's figure came from.
  public enum Source: Sendable, Hashable {
    /// The component's own `availability` parameter (a measured figure).
    case parameter
    /// An SLA commitment from the catalog.
    case catalog(AvailabilityEntry)
    /// No confirmed figure: the catalog id tried, and its entry when it has one.
    case unconfirmed(id: String, entry: AvailabilityEntry?)
  }

  /// One component's availability as the path uses it.
  public struct Part: Sendable, Hashable {
    /// The component's name in the model.
    public var name: String
    /// The availability used, in [0, 1] (1 when unconfirmed).
    public var fraction: Double
    /// Where it came from.
    public var source: Source

    /// True when no confirmed figure exists and 100 % was assumed.
    public var isUnconfirmed: Bool {
      if case .unconfirmed = source { return true }
      return false
    }
  }

  /// The end-to-end answer with its parts.
  public struct Report: Sendable, Hashable {
    /// Components on the path, in path order.
    public var parts: [Part]
    /// The composed tree.
    public var tree: AvailabilityTree
    /// End-to-end availability in [0, 1].
    public var availability: Double
    /// Minutes in the month (730 h).
    public var monthMinutes: Double
    /// The objective in [0, 1] and where it came from.
    public var objective: Double
    /// "given" or a sentence naming the assumption.
    public var objectiveSource: String

    /// Expected minutes a month the path fails requests.
    public var downtimeMinutes: Double { (1 - availability) * monthMinutes }
    /// Minutes a month the objective allows.
    public var budgetMinutes: Double { (1 - objective) * monthMinutes }
    /// Budget left after the expected burn (negative: over budget).
    public var remainingMinutes: Double { budgetMinutes - downtimeMinutes }
    /// Components counted as 100 % because no confirmed figure exists.
    public var unconfirmed: [String] { parts.filter(\.isUnconfirmed).map(\.name) }
  }

  /// The report for `model`.
  /// - Parameters:
  ///   - model: The path model.
  ///   - catalog: The SLA commitments.
  ///   - objective: The availability objective in (0, 1), or nil for the model's
  ///     (`ErrorBudget.of`).
  /// - Returns: The report.
  /// - Throws: a diagnostic when the path cannot be walked (bad branch shares, counts).
  public static func report(
    _ model: PathModel, catalog: AvailabilityCatalog, objective: Double? = nil
  ) throws(Diagnostic) -> Report {
    var parts: [Part] = []
    var byName: [String: Part] = [:]
    for name in componentsOnPath(model.path) where byName[name] == nil {
      guard let component = model.component(named: name) else { continue }
      let part = self.part(component, catalog: catalog)
      byName[name] = part
      parts.append(part)
    }
    let tree: AvailabilityTree
    do {
      tree = try self.tree(model.path, model: model, parts: byName)
    } catch {
      throw Diagnostic("availability cannot walk the path: \(error.message)")
    }
    let availability = tree.availability
    guard availability.isFinite else {
      throw Diagnostic("availability came out non-finite; check the model's shares and counts")
    }
    let budget = ErrorBudget.of(model, objective: objective)
    return Report(
      parts: parts, tree: tree, availability: availability,
      monthMinutes: UnitTable.monthSeconds / 60, objective: budget.objective,
      objectiveSource: budget.source)
  }

  // MARK: - Components

  /// The catalog id whose commitment applies to `component`, by kind and configuration.
  ///
  /// - Parameter component: The component.
  /// - Returns: A dotted id such as `dynamodb.global_tables`.
  public static func catalogID(for component: Component) -> String {
    let label = component.label.lowercased()
    let text = { (name: String) in component[name]?.formatted.lowercased() }
    let count = { (name: String) in component[name]?.quantity?.value }
    switch component.kind {
    case .dns: return "route53.dns"
    case .cdn: return "cloudfront.distribution"
    case .waf: return "waf.web_acl"
    case .lb: return count("zones") == 1 ? "elb.single_az" : "elb.multi_az"
    case .gateway: return "apigateway.api"
    case .function: return "lambda.function"
    case .service: return "ecs.region"
    case .cache:
      if label.contains("dax") { return "dax.multi_az" }
      return count("nodes") == 1 ? "elasticache.single_az" : "elasticache.multi_az"
    case .database:
      return component["replication_lag"] == nil ? "dynamodb.standard" : "dynamodb.global_tables"
    case .storage:
      return text("storage_class") == "standard-ia" ? "s3.infrequent_access" : "s3.standard"
    case .queue: return "sqs.queue"
    case .topic: return "sns.topic"
    case .bus: return "eventbridge.bus"
    case .stream:
      if label.contains("firehose") { return "firehose.delivery" }
      if label.contains("dynamodb") { return "dynamodb.streams" }
      return "kinesis.data_streams"
    case .workflow: return "stepfunctions.workflow"
    case .auth: return "cognito.user_pool"
    }
  }

  /// A component's availability: its parameter, else its confirmed commitment, else 100 %
  /// marked unconfirmed.
  static func part(_ component: Component, catalog: AvailabilityCatalog) -> Part {
    if let measured = component["availability"]?.quantity?.value, measured.isFinite {
      return Part(name: component.name, fraction: min(1, max(0, measured)), source: .parameter)
    }
    let id = catalogID(for: component)
    guard let entry = catalog[id], let fraction = entry.fraction,
      entry.provenance.status != .unconfirmed
    else {
      return Part(
        name: component.name, fraction: 1, source: .unconfirmed(id: id, entry: catalog[id]))
    }
    return Part(name: component.name, fraction: fraction, source: .catalog(entry))
  }

  /// Component names in the order the path first visits them.
  static func componentsOnPath(_ node: PathNode) -> [String] {
    switch node {
    case .hop(let hop): return [hop.component]
    case .series(let steps): return steps.flatMap(componentsOnPath)
    case .branch(let arms): return arms.flatMap { componentsOnPath($0.node) }
    case .parallel(let fanOut): return componentsOnPath(fanOut.node)
    case .retry(let retry): return componentsOnPath(retry.node)
    }
  }

  /// The path as an availability tree: hops become parts, branches keep their shares,
  /// fan-outs their counts and retries their attempts.
  static func tree(_ node: PathNode, model: PathModel, parts: [String: Part]) throws(PathProblem)
    -> AvailabilityTree
  {
    switch node {
    case .hop(let hop):
      return .part(parts[hop.component]?.fraction ?? 1)
    case .series(let steps):
      var out: [AvailabilityTree] = []
      for step in steps { out.append(try tree(step, model: model, parts: parts)) }
      return .series(out)
    case .branch(let arms):
      let weights = try model.probabilities(of: arms)
      var out: [AvailabilityTree.Arm] = []
      for (arm, weight) in zip(arms, weights) {
        out.append(.init(weight: weight, try tree(arm.node, model: model, parts: parts)))
      }
      return .branch(out)
    case .parallel(let fanOut):
      let count = try model.wholeNumber(
        fanOut.count, what: "a fan-out count", at: fanOut.position)
      return .fanOut(count: count, try tree(fanOut.node, model: model, parts: parts))
    case .retry(let retry):
      let attempts = try model.wholeNumber(
        retry.attempts, what: "a number of attempts", at: retry.position)
      return .retry(attempts: attempts, try tree(retry.node, model: model, parts: parts))
    }
  }

  // MARK: - Formatting

  /// A percentage with enough decimals to show the unavailability to three significant
  /// digits: `99.9474%`, `99.99%`, never `100%` for a figure below 1.
  /// - Parameter fraction: A share in [0, 1].
  /// - Returns: The text.
  public static func percent(_ fraction: Double) -> String {
    guard fraction.isFinite else { return "?" }
    let missing = (1 - fraction) * 100
    var decimals = 2
    if missing > 0 {
      decimals = min(9, max(2, Int((-Foundation.log10(missing)).rounded(.up)) + 2))
    }
    var text = String(format: "%.\(decimals)f", fraction * 100)
    while text.contains("."), text.hasSuffix("0") { text.removeLast() }
    if text.hasSuffix(".") { text.removeLast() }
    return text + "%"
  }

  /// Minutes to three significant digits, with hours beside long ones.
  /// - Parameter minutes: A duration in minutes.
  /// - Returns: `21.9 min`, `4.38 min`, `-17.5 min`, `438 min (7.3 h)`.
  public static func minutes(_ minutes: Double) -> String {
    let text = Quantity.formatNumber(TimeFormat.rounded(minutes)) + " min"
    guard abs(minutes) >= 120 else { return text }
    return text + " (" + Quantity.formatNumber(TimeFormat.rounded(minutes / 60)) + " h)"
  }
}

// MARK: - Catalog and registry

extension AvailabilityAnalysis {
  private static let cache = AvailabilityCatalogCache()

  /// The shipped commitments under `directory`, or under the located `datasets/`.
  /// - Parameter directory: A `datasets/` directory, or nil to locate one.
  /// - Returns: The catalog, parsed once per directory.
  /// - Throws: a diagnostic naming the file that failed and why.
  public static func catalog(directory: String? = nil) throws(Diagnostic) -> AvailabilityCatalog {
    try cache.loaded(at: DatasetDirectory.path(directory, for: "the availability catalog"))
  }

  /// Minutes a month, as a display unit for `availability.downtime`.
  static let perMonthMinutes = DisplayUnit(text: "min/month", factor: 60, dimension: .time)

  /// `availability.path` (end-to-end share of requests that succeed), and
  /// `availability.downtime` (expected time a 730-hour month the path fails); the text
  /// metric `availability.unconfirmed` names components counted as 100 %.
  ///
  /// Written bare, `availability` means `availability.path`
  /// (`expect availability >= 99.95%`).
  public static let definition: AnalysisDefinition = {
    var definition = AnalysisDefinition(
      name: "availability",
      summary: "end-to-end availability from SLAs or measured figures, and monthly downtime",
      metrics: [
        MetricSpec(
          "path", .none, "share of requests the path serves (SLA commitments composed)",
          display: .percent),
        MetricSpec(
          "downtime", .time, "expected time a 730-hour month the path fails requests",
          display: perMonthMinutes),
      ],
      textMetrics: [
        TextMetricSpec("unconfirmed", "components with no confirmed SLA, counted as 100 %")
      ],
      evaluate: { model in
        let report = try AvailabilityAnalysis.report(model, catalog: try catalog())
        return [
          Quantity(exactly: report.availability, .none),
          Quantity(exactly: report.downtimeMinutes * 60, .time),
        ]
      },
      evaluateText: { model in
        let report = try AvailabilityAnalysis.report(model, catalog: try catalog())
        return [report.unconfirmed.isEmpty ? "none" : report.unconfirmed.joined(separator: ", ")]
      })
    definition.headline = "path"
    // Not run by every `diff` yet: the shipped notebooks that call `diff` would gain rows.
    // It runs when named (`expect availability.path …`, `sweep … show availability.path`).
    definition.evaluatedByDefault = false
    return definition
  }()
}

/// Catalogs by directory, behind a lock (sweeps evaluate points on all cores).
private final class AvailabilityCatalogCache: @unchecked Sendable {
  private let lock = NSLock()
  private var loaded: [String: AvailabilityCatalog] = [:]

  func loaded(at path: String) throws(Diagnostic) -> AvailabilityCatalog {
    lock.lock()
    defer { lock.unlock() }
    if let hit = loaded[path] { return hit }
    let url = URL(fileURLWithPath: path, isDirectory: true)
    do {
      let catalog = try AvailabilityCatalog.load(datasets: url)
      loaded[path] = catalog
      return catalog
    } catch {
      throw Diagnostic(
        "the availability catalog under \(path) did not load", notes: [error.description])
    }
  }
}
