import Yams

/// How a figure was confirmed, using the codes of the team's AWS facts sheet.
///
/// Kept with every price and quota so a cost table can say how far to trust each line: a
/// figure read on an AWS page is not the same as one quoted by a blog.
public enum Confidence: String, Sendable, Hashable, CaseIterable {
  /// Read on an AWS page or AWS documentation (or a localized copy of it).
  case aws = "A"
  /// AWS page text read through a verbatim copy held elsewhere; the URL is the AWS original.
  case awsCopy = "A*"
  /// A third party quoting or deriving the AWS figure.
  case secondary = "S"
  /// Derived by arithmetic from confirmed figures; the note shows the derivation.
  case derived = "D"
  /// No source seen.
  case unconfirmed = "UNCONFIRMED"
}

/// Whether a figure may be used for today's bill.
public enum EntryStatus: String, Sendable, Hashable, CaseIterable {
  /// The figure in force as far as the sources show.
  case current
  /// No figure can be given (or the one believed is unsourced): billing reports the usage as
  /// unpriced instead of guessing.
  case unconfirmed
  /// Replaced by a later figure; kept to reproduce old examples and explain old bills.
  case superseded
}

/// What the `as_of` date of an entry means.
public enum AsOfBasis: String, Sendable, Hashable, CaseIterable {
  /// The date printed on the copy of the page that was read.
  case pageCopy = "page copy"
  /// The month the facts were read, when the copy carried no date.
  case readDate = "read date"
  /// The `publicationDate` of the AWS Price List offer file quoted by the source.
  case priceList = "price list"
  /// The publication date of the announcement or post.
  case publication
}

/// Where a figure comes from and how much to trust it.
///
/// Every price and quota carries one; the loader refuses an entry without a source URL and
/// an as-of date, because a capacity plan built on an unsourced number cannot be reviewed.
public struct Provenance: Sendable, Hashable {
  /// The URL of the AWS page (or the secondary source) the figure was read from.
  public var source: String
  /// `YYYY`, `YYYY-MM` or `YYYY-MM-DD`.
  public var asOf: String
  /// What `asOf` is the date of.
  public var asOfBasis: AsOfBasis
  /// How the figure was confirmed.
  public var confidence: Confidence
  /// Whether the figure is in force.
  public var status: EntryStatus
  /// Caveats, derivations and secondary sources.
  public var note: String?
  /// Where the entry starts in its file.
  public var location: CatalogLocation

  /// Creates a provenance record.
  public init(
    source: String, asOf: String, asOfBasis: AsOfBasis, confidence: Confidence,
    status: EntryStatus = .current, note: String? = nil, location: CatalogLocation
  ) {
    self.source = source
    self.asOf = asOf
    self.asOfBasis = asOfBasis
    self.confidence = confidence
    self.status = status
    self.note = note
    self.location = location
  }
}

extension CatalogReader {
  /// The provenance keys every entry may (or must) have.
  static let provenanceKeys = ["source", "as_of", "as_of_basis", "confidence", "status", "note"]

  /// Reads and checks the provenance fields of the entry at `owner`.
  ///
  /// Rules: a source URL (http or https), an as-of date, a basis for that date, a known
  /// confidence code; an entry whose confidence is UNCONFIRMED must have status unconfirmed.
  mutating func readProvenance(
    _ fields: [String: (key: Node, value: Node)], owner: Node, what: String
  ) -> Provenance? {
    let source = requiredString(fields, "source", owner: owner, what: what)
    if let source, let node = fields["source"]?.value,
      !(source.hasPrefix("https://") || source.hasPrefix("http://"))
    {
      fail(node, "'source' must be the URL the figure was read from (http:// or https://)")
    }
    let asOf = requiredString(fields, "as_of", owner: owner, what: what)
    if let asOf, let node = fields["as_of"]?.value, !Self.isDate(asOf) {
      fail(node, "'as_of' must be a date written YYYY, YYYY-MM or YYYY-MM-DD, not '\(asOf)'")
    }
    let basis: AsOfBasis? = choice(fields, "as_of_basis", owner: owner, what: what)
    let confidence: Confidence? = choice(fields, "confidence", owner: owner, what: what)
    var status = EntryStatus.current
    if fields["status"] != nil {
      status = choice(fields, "status", owner: owner, what: what) ?? .current
    }
    if confidence == .unconfirmed, status != .unconfirmed, let node = fields["confidence"]?.value {
      fail(node, "an UNCONFIRMED figure must also say 'status: unconfirmed'")
    }
    guard let source, let asOf, let basis, let confidence else { return nil }
    return Provenance(
      source: source, asOf: asOf, asOfBasis: basis, confidence: confidence, status: status,
      note: optionalString(fields, "note"), location: location(of: owner))
  }

  /// A required field whose text must be one of an enumeration's raw values.
  mutating func choice<T: RawRepresentable & CaseIterable>(
    _ fields: [String: (key: Node, value: Node)], _ key: String, owner: Node, what: String
  ) -> T? where T.RawValue == String {
    guard let text = requiredString(fields, key, owner: owner, what: what) else { return nil }
    if let value = T(rawValue: text) { return value }
    let allowed = T.allCases.map { "'\($0.rawValue)'" }.joined(separator: ", ")
    fail(fields[key]?.value, "'\(key)' must be one of \(allowed), not '\(text)'")
    return nil
  }

  /// True for `YYYY`, `YYYY-MM` and `YYYY-MM-DD` with plausible month and day numbers.
  static func isDate(_ text: String) -> Bool {
    let parts = text.split(separator: "-", omittingEmptySubsequences: false)
    guard (1...3).contains(parts.count), parts[0].count == 4, Int(parts[0]) != nil else {
      return false
    }
    if parts.count >= 2 {
      guard parts[1].count == 2, let month = Int(parts[1]), (1...12).contains(month) else {
        return false
      }
    }
    if parts.count == 3 {
      guard parts[2].count == 2, let day = Int(parts[2]), (1...31).contains(day) else {
        return false
      }
    }
    return true
  }
}
