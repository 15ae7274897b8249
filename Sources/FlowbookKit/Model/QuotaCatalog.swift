import Foundation
import Yams

/// AWS service quotas and behaviour limits, each with source and date, looked up by id.
///
/// The capacity analysis asks "which limit breaks first?"; the answer is only as good as the
/// limits, so each one carries where it was read, how it was confirmed and whether AWS lets
/// you raise it. The shipped file is `datasets/quotas/aws.yaml`.
///
/// Schema (`flowbook-quotas/1`): the same header and provenance keys as a price file, and
/// per entry `id`, `description`, `value` (a plain number, or null with `status: unconfirmed`),
/// `unit` (free text such as `concurrent executions`), optional `adjustable` (true when AWS
/// raises it on request) and optional `scope` (`per function`, `per Region per account`…).
///
/// ```swift
/// let quotas = try QuotaCatalog.load(datasets: DatasetDirectory.locate())
/// quotas["lambda.concurrency.account"]?.value   // 1000
/// ```
public struct QuotaCatalog: Sendable, Hashable {
  /// The Region the quotas apply to (`us-east-1`; most quotas are the same in every Region).
  public var region: String
  /// The entries in file order.
  public private(set) var entries: [QuotaEntry]
  private var positions: [String: Int]

  /// Creates a catalog; when two entries share an id the later one wins (a what-if override).
  public init(region: String, entries: [QuotaEntry]) {
    self.region = region
    self.entries = []
    self.positions = [:]
    for entry in entries { upsert(entry) }
  }

  /// The entry with this id, if any.
  ///
  /// - Complexity: O(1).
  public subscript(id: String) -> QuotaEntry? {
    positions[id].map { entries[$0] }
  }

  /// Every id, in file order.
  public var ids: [String] { entries.map(\.id) }

  /// Adds `entry`, or replaces the entry with the same id in place.
  public mutating func upsert(_ entry: QuotaEntry) {
    if let position = positions[entry.id] {
      entries[position] = entry
    } else {
      positions[entry.id] = entries.count
      entries.append(entry)
    }
  }
}

/// One quota or behaviour limit.
public struct QuotaEntry: Sendable, Hashable, Identifiable {
  /// Dotted id, service first: `lambda.concurrency.account`.
  public var id: String
  /// One line saying what is limited.
  public var description: String
  /// The limit, or nil when no source gives one (then `provenance.status` is unconfirmed).
  public var value: Double?
  /// What `value` counts, for example `concurrent executions`, `s`, `MB`, `requests per second`.
  public var unit: String
  /// True when AWS raises it on request, false when fixed, nil when the sources do not say.
  public var adjustable: Bool?
  /// What the limit applies to, such as `per function` or `per Region per account`.
  public var scope: String?
  /// Source, date, confidence and status.
  public var provenance: Provenance

  /// Creates an entry.
  public init(
    id: String, description: String, value: Double?, unit: String, adjustable: Bool? = nil,
    scope: String? = nil, provenance: Provenance
  ) {
    self.id = id
    self.description = description
    self.value = value
    self.unit = unit
    self.adjustable = adjustable
    self.scope = scope
    self.provenance = provenance
  }
}

extension QuotaCatalog {
  /// The schema tag a quota file must declare.
  public static let schema = "flowbook-quotas/1"
  /// The shipped quotas, relative to the `datasets/` directory.
  public static let defaultRelativePath = "quotas/aws.yaml"

  /// Loads the shipped quotas from a `datasets/` directory.
  ///
  /// - Throws: `CatalogError` naming file, line and column of every mistake.
  public static func load(datasets: URL) throws(CatalogError) -> QuotaCatalog {
    try load(contentsOf: datasets.appendingPathComponent(defaultRelativePath))
  }

  /// Loads a quota file; problems are reported against `url.path`.
  ///
  /// - Throws: `CatalogError`, also when the file cannot be read.
  public static func load(contentsOf url: URL) throws(CatalogError) -> QuotaCatalog {
    try QuotaCatalog(yaml: readCatalogText(url), file: url.path)
  }

  /// Parses quota text; `file` names the source in error messages.
  ///
  /// - Throws: `CatalogError` listing every problem with `file:line:column`.
  public init(yaml: String, file: String) throws(CatalogError) {
    let root = try CatalogReader.compose(yaml: yaml, file: file)
    var reader = CatalogReader(file: file)
    let header = reader.header(root, schema: Self.schema, listKey: "quotas", what: "quota file")
    let entries = reader.uniqueEntries(
      header?.list ?? [], read: { $0.quotaEntry($1) }, id: \.id,
      location: \.provenance.location)
    try reader.throwIfProblems()
    self.init(region: header?.region ?? "", entries: entries)
  }
}

extension CatalogReader {
  private static let quotaKeys =
    ["id", "description", "value", "unit", "adjustable", "scope"] + provenanceKeys

  /// Reads one quota entry, or nil with its problems recorded.
  mutating func quotaEntry(_ node: Node) -> QuotaEntry? {
    guard let fields = keyedFields(of: node, what: "a quota entry", allowed: Self.quotaKeys)
    else { return nil }
    let id = entryID(fields, owner: node, what: "a quota entry")
    let what = id.map { "quota '\($0)'" } ?? "a quota entry"
    let provenance = readProvenance(fields, owner: node, what: what)
    let unit = requiredString(fields, "unit", owner: node, what: what)
    let value: Double?
    switch numberOrNull(fields, "value") {
    case .number(let number)?:
      value = number
      if provenance?.status == .unconfirmed {
        fail(
          fields["value"]?.value,
          "an unconfirmed quota must have 'value: null'; "
            + "put the believed figure in the note")
      }
    case .null?:
      value = nil
      if let provenance, provenance.status != .unconfirmed {
        fail(fields["value"]?.value, "'value: null' needs 'status: unconfirmed' (and a note)")
      }
    case .absent?:
      fail(node, "\(what) has no 'value'; give a number, or null with 'status: unconfirmed'")
      return nil
    case nil:
      return nil
    }
    let adjustable = optionalBool(fields, "adjustable")
    guard let id, let provenance, let unit else { return nil }
    return QuotaEntry(
      id: id, description: optionalString(fields, "description") ?? "", value: value,
      unit: unit, adjustable: adjustable, scope: optionalString(fields, "scope"),
      provenance: provenance)
  }
}
