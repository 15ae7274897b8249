import Foundation
import Yams

/// Reads typed fields out of a composed YAML tree and collects every problem with its place.
///
/// Shared by the price and quota loaders so both report mistakes the same way. It works on
/// Yams `Node`s rather than `Decodable` because nodes keep their `mark` (line and column), and a
/// catalog mistake is only useful to a reader when it says where it is.
struct CatalogReader {
  /// The file name used in every reported location.
  let file: String
  /// Everything found wrong so far.
  private(set) var problems: [CatalogProblem] = []

  init(file: String) { self.file = file }

  // MARK: - Locations and problems

  /// The location of `node`, or line 1 column 1 when Yams has no mark for it.
  func location(of node: Node?) -> CatalogLocation {
    let mark = node?.mark
    return CatalogLocation(file: file, line: mark?.line ?? 1, column: mark?.column ?? 1)
  }

  /// Records a problem at `node`.
  ///
  /// Reads each node of a catalog list with `read`, refusing a second entry with an id
  /// already seen (naming the line of the first), so every catalog keeps ids unique alike.
  mutating func uniqueEntries<Entry>(
    _ nodes: [Node], read: (inout CatalogReader, Node) -> Entry?, id: (Entry) -> String,
    location: (Entry) -> CatalogLocation
  ) -> [Entry] {
    var entries: [Entry] = []
    var seen: [String: CatalogLocation] = [:]
    for node in nodes {
      guard let entry = read(&self, node) else { continue }
      if let first = seen[id(entry)] {
        fail(node, "duplicate id '\(id(entry))' (first at line \(first.line)); keep one")
        continue
      }
      seen[id(entry)] = location(entry)
      entries.append(entry)
    }
    return entries
  }

  mutating func fail(_ node: Node?, _ message: String) {
    problems.append(CatalogProblem(location: location(of: node), message: message))
  }

  /// Throws everything recorded, if anything was.
  func throwIfProblems() throws(CatalogError) {
    if !problems.isEmpty { throw CatalogError(problems: problems) }
  }

  // MARK: - Parsing text

  /// Parses `yaml` into its root node, turning a Yams syntax error into a located problem.
  static func compose(yaml: String, file: String) throws(CatalogError) -> Node {
    let root: Node?
    do {
      root = try YAMLLimits.standard.compose(yaml)
    } catch let limit as YAMLLimitViolation {
      let location = CatalogLocation(
        file: file, line: limit.position.line, column: limit.position.column)
      throw CatalogError(problems: [CatalogProblem(location: location, message: limit.message)])
    } catch {
      throw CatalogError(problems: [syntaxProblem(error, file: file, yaml: yaml)])
    }
    guard let root else {
      let location = CatalogLocation(file: file, line: 1, column: 1)
      throw CatalogError(problems: [
        CatalogProblem(location: location, message: "the file is empty; expected a mapping")
      ])
    }
    return root
  }

  /// Converts a Yams error into a problem at the mark libyaml reported.
  private static func syntaxProblem(_ error: Error, file: String, yaml: String) -> CatalogProblem {
    func at(_ line: Int, _ column: Int, _ message: String) -> CatalogProblem {
      CatalogProblem(
        location: CatalogLocation(file: file, line: line, column: column), message: message)
    }
    func at(_ mark: Mark, _ message: String) -> CatalogProblem {
      at(mark.line, mark.column, message)
    }
    switch error as? YamlError {
    case .scanner(let context, let problem, let mark, _),
      .parser(let context, let problem, let mark, _),
      .composer(let context, let problem, let mark, _):
      let during = context.map { " (\($0.text) at line \($0.mark.line))" } ?? ""
      return at(mark, "YAML syntax: \(problem)\(during)")
    case .duplicatedKeysInMapping(let duplicates, let context):
      let keys = duplicates.map { "'\($0)'" }.joined(separator: ", ")
      return at(context.mark, "duplicate key \(keys) in one mapping; keep one")
    case .reader(let problem, let offset, _, _):
      let prefix = yaml.utf8.prefix(offset ?? 0)
      let line = prefix.filter { $0 == UInt8(ascii: "\n") }.count + 1
      let column = prefix.reversed().prefix { $0 != UInt8(ascii: "\n") }.count + 1
      return at(line, column, "cannot read the file: \(problem)")
    default:
      return at(1, 1, "cannot parse YAML: \(error)")
    }
  }

  // MARK: - Mappings

  /// The pairs of a mapping node keyed by their string keys, or nil (with a problem recorded).
  ///
  /// Unknown keys are reported at the key, listing the allowed ones, so a typo such as
  /// `soruce:` is caught rather than silently ignored.
  mutating func keyedFields(
    of node: Node, what: String, allowed: [String]
  ) -> [String: (key: Node, value: Node)]? {
    guard let mapping = node.mapping else {
      fail(node, "\(what) must be a mapping of key: value pairs")
      return nil
    }
    var result: [String: (key: Node, value: Node)] = [:]
    for (key, value) in mapping {
      guard let name = key.scalar?.string else {
        fail(key, "keys in \(what) must be plain words")
        continue
      }
      if !allowed.contains(name) {
        if let guess = Suggestion.nearest(to: name, among: allowed, limit: 1).first {
          fail(key, "unknown key '\(name)' in \(what); did you mean '\(guess)'?")
        } else {
          let list = allowed.joined(separator: ", ")
          fail(key, "unknown key '\(name)' in \(what); allowed keys are: \(list)")
        }
        continue
      }
      result[name] = (key, value)
    }
    return result
  }

  /// A required non-empty string field; records a problem at `owner` when missing.
  mutating func requiredString(
    _ fields: [String: (key: Node, value: Node)], _ key: String, owner: Node, what: String
  ) -> String? {
    guard let field = fields[key] else {
      fail(owner, "\(what) has no '\(key)'; add one")
      return nil
    }
    guard let scalar = field.value.scalar, field.value.null == nil || isQuoted(scalar) else {
      fail(field.value, "'\(key)' must be text")
      return nil
    }
    let text = scalar.string.trimmingCharacters(in: .whitespaces)
    if text.isEmpty {
      fail(field.value, "'\(key)' is empty; give a value")
      return nil
    }
    return text
  }

  /// An optional string field (absent → nil).
  mutating func optionalString(
    _ fields: [String: (key: Node, value: Node)], _ key: String
  ) -> String? {
    guard let field = fields[key] else { return nil }
    guard let scalar = field.value.scalar else {
      fail(field.value, "'\(key)' must be text")
      return nil
    }
    return scalar.string
  }

  // MARK: - Numbers

  /// What a number field held: nothing, an explicit null, or a number.
  enum NumberField: Equatable {
    case absent
    case null
    case number(Double)
  }

  /// Reads a number that may be null: finite, non-negative, written as a plain YAML number.
  mutating func numberOrNull(
    _ fields: [String: (key: Node, value: Node)], _ key: String
  ) -> NumberField? {
    guard let field = fields[key] else { return .absent }
    if let scalar = field.value.scalar, !isQuoted(scalar), field.value.null != nil {
      return .null
    }
    guard let value = number(field.value, key: key) else { return nil }
    return .number(value)
  }

  /// A finite, non-negative plain number, or nil with a problem recorded at `node`.
  mutating func number(_ node: Node, key: String) -> Double? {
    guard let scalar = node.scalar else {
      fail(node, "'\(key)' must be a number")
      return nil
    }
    if isQuoted(scalar) {
      fail(node, "'\(key)' must be a plain number, not quoted text \"\(scalar.string)\"")
      return nil
    }
    guard let value = Double.construct(from: scalar), value.isFinite else {
      fail(node, "'\(key)' must be a number, not '\(scalar.string)'")
      return nil
    }
    if value < 0 {
      fail(node, "'\(key)' must not be negative")
      return nil
    }
    return value
  }

  /// A boolean field (absent → nil).
  mutating func optionalBool(
    _ fields: [String: (key: Node, value: Node)], _ key: String
  ) -> Bool? {
    guard let field = fields[key] else { return nil }
    guard let scalar = field.value.scalar, !isQuoted(scalar), let value = field.value.bool else {
      fail(field.value, "'\(key)' must be true or false")
      return nil
    }
    return value
  }

  private func isQuoted(_ scalar: Node.Scalar) -> Bool {
    scalar.style == .singleQuoted || scalar.style == .doubleQuoted
  }
}
