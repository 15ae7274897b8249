import Quantities

/// An asynchronous path that starts from a component's writes or visits rather than from
/// the client: table writes → stream → function, a function → bus → topic, a stream →
/// Firehose → the data lake.
///
/// Why a path of its own: no client waits for it, so it adds nothing to the request's
/// latency, but every record it carries is billed and counts against its services'
/// quotas. Its rate derives from the main path's: each request makes `visits(from)`
/// passes through `from` (over the main path and the side paths that feed it), of which
/// `writes` keeps the share `from.write_share`; `share` of those feed the side path, each
/// carrying `records` records (several subscribers, or a fraction when records are
/// batched into objects). Side paths may start from a component of another side path, so
/// they form a tree rooted in the main path; `PathModel.validatePath` refuses cycles and
/// trees deeper than `SidePath.maximumDepth`.
public struct SidePath: Sendable, Hashable {
  /// What of `from` feeds the side path.
  public enum Feed: String, Sendable, Hashable, CaseIterable {
    /// Every pass through `from` (a function's records, a topic's messages).
    case visits
    /// The passes that write (a database's or a bucket's `write_share`).
    case writes
  }

  /// The side path's name in reports (`change_capture`).
  public var name: String
  /// The component whose writes or visits feed it.
  public var from: String
  public var feed: Feed
  /// The share of the feeding writes or visits that enter it (a fraction).
  public var share: PathValue
  /// Records entering per feeding write or visit (1; a count for a fan-out; a fraction
  /// when records are batched).
  public var records: PathValue
  /// The side path's own steps, with the same grammar as `path:`.
  public var path: PathNode
  /// Where the side path's name was written.
  public var position: FilePosition?

  /// Creates a side path.
  /// - Parameters:
  ///   - name: its name in reports.
  ///   - from: the component that feeds it.
  ///   - feed: visits or writes of `from`.
  ///   - share: the share that enters it (default 100%).
  ///   - records: records per feeding write or visit (default 1).
  ///   - path: its steps.
  ///   - position: where it was written.
  public init(
    name: String, from: String, feed: Feed = .visits, share: PathValue = .literal(.fraction(1)),
    records: PathValue = .literal(.count(1)), path: PathNode, position: FilePosition? = nil
  ) {
    self.name = name
    self.from = from
    self.feed = feed
    self.share = share
    self.records = records
    self.path = path
    self.position = position
  }

  /// Deepest chain of side paths fed by side paths (the main path's are depth 1).
  public static let maximumDepth = 8
  /// Most side paths one model declares.
  public static let maximumCount = 64
  /// Largest `records` per feeding write or visit (a topic's subscribers: SNS allows
  /// millions, a model of them needs far fewer).
  public static let maximumRecords = 10_000.0
}

extension Component {
  /// The AWS service a stream component stands for: its `service`, else `kinesis` when it
  /// has `shards`; nil when the model does not say.
  public var streamService: String? {
    guard kind == .stream else { return nil }
    if case .text(let text)? = self["service"] { return text.lowercased() }
    return self["shards"] != nil ? "kinesis" : nil
  }

  /// Bytes in one record of a stream: its `record_size`, else the workload's request size.
  /// - Parameter workload: the model's workload.
  /// - Returns: nil when neither is given.
  public func recordBytes(_ workload: Workload) -> Double? {
    self["record_size"]?.quantity?.value ?? workload.requestSize?.value
  }
}
