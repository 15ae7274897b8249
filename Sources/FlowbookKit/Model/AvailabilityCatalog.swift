import Foundation
import Yams

/// AWS availability commitments (SLAs), each with source and date, looked up by id.
///
/// An SLA is a commitment, not a measurement: the Monthly Uptime Percentage below which AWS
/// pays a service credit. The `availability` analysis composes these figures along the
/// path; a component's `availability` parameter overrides its entry with a measured figure.
/// The shipped file is `datasets/availability/aws.yaml`.
///
/// Schema (`flowbook-availability/1`): the same header and provenance keys as a quota file,
/// and per entry `id`, `service`, `value` (a percentage such as `99.95`, or null with
/// `status: unconfirmed`) and `measured` (`requests`, `minutes` or `not seen`).
///
/// ```swift
/// let slas = try AvailabilityCatalog.load(datasets: DatasetDirectory.locate())
/// slas["dynamodb.global_tables"]?.value   // 99.999
/// ```
public struct AvailabilityCatalog: Sendable, Hashable {
  /// The Region the commitments were read for (most SLAs are per Region).
  public var region: String
  /// The entries in file order.
  public private(set) var entries: [AvailabilityEntry]
  private var positions: [String: Int]

  /// Creates a catalog; when two entries share an id the later one wins.
  /// - Parameters:
  ///   - region: The Region the commitments were read for.
  ///   - entries: The commitments, in file order.
  public init(region: String, entries: [AvailabilityEntry]) {
    self.region = region
    self.entries = []
    self.positions = [:]
    for entry in entries {
      if let position = positions[entry.id] {
        self.entries[position] = entry
      } else {
        positions[entry.id] = self.entries.count
        self.entries.append(entry)
      }
    }
  }

  /// The entry with this id, if any.
  ///
  /// - Complexity: O(1).
  public subscript(id: String) -> AvailabilityEntry? {
    positions[id].map { entries[$0] }
  }
}

/// How AWS computes a service's Monthly Uptime Percentage.
public enum AvailabilityMeasure: String, Sendable, Hashable, CaseIterable {
  /// 100 % minus the average error rate of the month's 5-minute intervals (per request).
  case requests
  /// The share of the month's minutes the service was available (per period).
  case minutes
  /// The page read did not define it.
  case notSeen = "not seen"
}

/// One service's availability commitment.
public struct AvailabilityEntry: Sendable, Hashable, Identifiable {
  /// Dotted id, service first: `dynamodb.global_tables`.
  public var id: String
  /// The service as AWS names it, with the configuration the figure applies to.
  public var service: String
  /// The Monthly Uptime Percentage (99.95 for 99.95 %), or nil when unconfirmed.
  public var value: Double?
  /// Per request, per period, or not seen.
  public var measured: AvailabilityMeasure
  /// Source, date, confidence and status.
  public var provenance: Provenance

  /// Creates an entry.
  /// - Parameters:
  ///   - id: The dotted id.
  ///   - service: The service and configuration.
  ///   - value: The percentage, or nil when unconfirmed.
  ///   - measured: How AWS measures it.
  ///   - provenance: Where the figure was read.
  public init(
    id: String, service: String, value: Double?, measured: AvailabilityMeasure,
    provenance: Provenance
  ) {
    self.id = id
    self.service = service
    self.value = value
    self.measured = measured
    self.provenance = provenance
  }

  /// The commitment as a fraction in (0, 1], or nil when unconfirmed.
  public var fraction: Double? { value.map { $0 / 100 } }
}

extension AvailabilityCatalog {
  /// The schema tag an availability file must declare.
  public static let schema = "flowbook-availability/1"
  /// The shipped commitments, relative to the `datasets/` directory.
  public static let defaultRelativePath = "availability/aws.yaml"

  /// Loads the shipped commitments from a `datasets/` directory.
  ///
  /// - Parameter datasets: The `datasets/` directory.
  /// - Returns: The catalog.
  /// - Throws: `CatalogError` naming file, line and column of every mistake.
  public static func load(datasets: URL) throws(CatalogError) -> AvailabilityCatalog {
    try load(contentsOf: datasets.appendingPathComponent(defaultRelativePath))
  }

  /// Loads an availability file; problems are reported against `url.path`.
  ///
  /// - Parameter url: The file.
  /// - Returns: The catalog.
  /// - Throws: `CatalogError`, also when the file cannot be read.
  public static func load(contentsOf url: URL) throws(CatalogError) -> AvailabilityCatalog {
    try AvailabilityCatalog(yaml: readCatalogText(url), file: url.path)
  }

  /// Parses availability text; `file` names the source in error messages.
  ///
  /// - Parameters:
  ///   - yaml: The file's text.
  ///   - file: The name used in error messages.
  /// - Throws: `CatalogError` listing every problem with `file:line:column`.
  public init(yaml: String, file: String) throws(CatalogError) {
    let root = try CatalogReader.compose(yaml: yaml, file: file)
    var reader = CatalogReader(file: file)
    let header = reader.header(
      root, schema: Self.schema, listKey: "commitments", what: "availability file")
    let entries = reader.uniqueEntries(
      header?.list ?? [], read: { $0.availabilityEntry($1) }, id: \.id,
      location: \.provenance.location)
    try reader.throwIfProblems()
    self.init(region: header?.region ?? "", entries: entries)
  }
}

extension CatalogReader {
  private static let availabilityKeys = ["id", "service", "value", "measured"] + provenanceKeys

  /// Reads one availability entry, or nil with its problems recorded.
  mutating func availabilityEntry(_ node: Node) -> AvailabilityEntry? {
    guard
      let fields = keyedFields(
        of: node, what: "an availability entry", allowed: Self.availabilityKeys)
    else { return nil }
    let id = entryID(fields, owner: node, what: "an availability entry")
    let what = id.map { "availability '\($0)'" } ?? "an availability entry"
    let provenance = readProvenance(fields, owner: node, what: what)
    let service = requiredString(fields, "service", owner: node, what: what)
    let measured: AvailabilityMeasure? = choice(fields, "measured", owner: node, what: what)
    let value: Double?
    switch numberOrNull(fields, "value") {
    case .number(let number)?:
      value = number
      if !(number > 0 && number <= 100) {
        fail(fields["value"]?.value, "'value' is a percentage in (0, 100], not \(number)")
      }
      if provenance?.status == .unconfirmed {
        fail(
          fields["value"]?.value,
          "an unconfirmed commitment must have 'value: null'; put the believed figure in the note"
        )
      }
    case .null?:
      value = nil
      if let provenance, provenance.status != .unconfirmed {
        fail(fields["value"]?.value, "'value: null' needs 'status: unconfirmed' (and a note)")
      }
    case .absent?:
      fail(node, "\(what) has no 'value'; give a percentage, or null with 'status: unconfirmed'")
      return nil
    case nil:
      return nil
    }
    guard let id, let provenance, let service, let measured else { return nil }
    return AvailabilityEntry(
      id: id, service: service, value: value, measured: measured, provenance: provenance)
  }
}
