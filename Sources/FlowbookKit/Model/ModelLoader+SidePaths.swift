import Quantities
import Yams

/// The `side_paths:` section: asynchronous paths fed by a component's writes or visits.
///
///     side_paths:
///       change_capture:                 # a name, as segments have
///         from: table                   # a component on the path or on a side path
///         feed: writes                  # writes (database, storage) or visits
///         share: 100%                   # of those writes or visits (default 100%)
///         records: 1                    # records per write or visit (default 1)
///         path: [ddb_stream, stream_processor]   # the path: grammar
///
/// `share` and `records` may name a parameter (`records: notifications.subscribers`), so
/// `set` re-weights the side path. The wiring (cycles, depth, `from` on some path) is
/// checked with the rest of the path by `PathModel.validatePath`.
extension ModelLoader {
  static let sidePathKeys = ["from", "feed", "share", "records", "path"]

  mutating func readSidePaths(_ node: Node) throws(Diagnostic) -> [SidePath] {
    guard let mapping = node.mapping else {
      throw error(
        "side_paths: must map names to side paths ({from:, feed:, share:, records:, path:})",
        at: node)
    }
    var out: [SidePath] = []
    for (key, value) in mapping {
      guard out.count < SidePath.maximumCount else {
        throw error(
          "a model declares at most \(SidePath.maximumCount) side paths", at: key)
      }
      out.append(try readSidePath(key, value))
    }
    return out
  }

  private mutating func readSidePath(_ key: Node, _ value: Node) throws(Diagnostic) -> SidePath {
    let name = try string(key, what: "side path name")
    let valid =
      name.first.map { $0.isLetter || $0 == "_" } ?? false
      && name.allSatisfy { $0.isLetter || $0.isNumber || $0 == "_" || $0 == " " }
    guard valid else {
      throw error("side path names are letters, digits, spaces and _", at: key)
    }
    guard let body = value.mapping else {
      throw error(
        "side path '\(name)' must be a mapping {from:, feed:, share:, records:, path:}",
        at: value)
    }
    try checkKeys(body, allowed: Self.sidePathKeys, what: "side path key")
    guard let fromNode = body["from"] else {
      throw error("side path '\(name)' needs from: (the component whose events feed it)", at: key)
    }
    guard let pathNode = body["path"] else {
      throw error("side path '\(name)' needs path: (its list of steps)", at: key)
    }
    let from = try string(fromNode, what: "from")
    guard components.contains(where: { $0.name == from }) else {
      throw error(
        "side path '\(name)' starts from '\(from)', which is not a component", at: fromNode,
        suggestions: Suggestion.nearest(to: from, among: components.map(\.name)))
    }
    var feed = SidePath.Feed.visits
    if let feedNode = body["feed"] {
      let word = try string(feedNode, what: "feed")
      guard let parsed = SidePath.Feed(rawValue: word) else {
        throw error(
          "feed: is writes or visits, not '\(word)'", at: feedNode,
          suggestions: Suggestion.nearest(to: word, among: SidePath.Feed.allCases.map(\.rawValue)))
      }
      feed = parsed
    }
    let share = try body["share"].map { n throws(Diagnostic) in try pathValue(n) }
    let records = try body["records"].map { n throws(Diagnostic) in try pathValue(n) }
    nesting += 1
    defer { nesting -= 1 }
    let path = try readPath(pathNode)
    return SidePath(
      name: name, from: from, feed: feed, share: share ?? .literal(.fraction(1)),
      records: records ?? .literal(.count(1)), path: path, position: text.position(of: key))
  }
}
