import Foundation
import Yams

/// Reads a CloudFormation or SAM template (YAML or JSON) into a `TemplateNode` tree that
/// remembers the line and column of every value.
///
/// JSON is read by the same YAML parser (JSON is YAML's flow style), so a mistake in either
/// is reported at its line and column. The file is checked against `YAMLLimits` (1 MiB,
/// 64 levels, 100,000 nodes with aliases written out) before a node is built, so no template
/// can make the reader recurse deeply or expand an alias bomb. Short-form intrinsics
/// (`!Ref`, `!GetAtt`, `!Sub`, …) become their long form here; any other `!Tag` is an error.
struct TemplateReader {
  /// Short-form tags CloudFormation defines, each with the long-form key it stands for.
  static let shortForms: [String: String] = [
    "!Ref": "Ref", "!Condition": "Condition", "!GetAtt": "Fn::GetAtt", "!Sub": "Fn::Sub",
    "!If": "Fn::If", "!Join": "Fn::Join", "!Select": "Fn::Select",
    "!FindInMap": "Fn::FindInMap", "!ImportValue": "Fn::ImportValue", "!Base64": "Fn::Base64",
    "!Cidr": "Fn::Cidr", "!GetAZs": "Fn::GetAZs", "!Split": "Fn::Split",
    "!Equals": "Fn::Equals", "!Not": "Fn::Not", "!And": "Fn::And", "!Or": "Fn::Or",
    "!Length": "Fn::Length", "!ToJsonString": "Fn::ToJsonString", "!Transform": "Fn::Transform",
  ]

  let limits: YAMLLimits
  let text: YAMLText

  /// A reader for `text` under `limits`.
  /// - Parameters:
  ///   - text: the whole file.
  ///   - limits: the bounds on size, depth and node count.
  init(_ text: String, limits: YAMLLimits = .standard) {
    self.limits = limits
    self.text = YAMLText(text)
  }

  /// Reads `source` into a tree.
  /// - Parameter source: the template's text and name.
  /// - Returns: The root node.
  /// - Throws: a diagnostic placed in the file for malformed YAML or JSON, a bound crossed,
  ///   an unknown tag, or a mapping key that is not a plain value.
  func read(_ source: Source) throws(Diagnostic) -> TemplateNode {
    let root: Node?
    do {
      root = try limits.compose(source.text)
    } catch let limit as YAMLLimitViolation {
      throw Diagnostic(limit.message, span: text.span(at: limit.position), source: source)
    } catch let yaml as YamlError {
      throw diagnostic(yaml).located(in: source)
    } catch {
      throw Diagnostic("malformed template: \(error)", source: source)
    }
    guard let root else { throw Diagnostic("the template is empty", source: source) }
    do {
      return try convert(root)
    } catch {
      throw Diagnostic(
        error.message, span: error.position.map { text.span(at: $0) }, source: source)
    }
  }

  private func diagnostic(_ yaml: YamlError) -> Diagnostic {
    switch yaml {
    case .scanner(_, let problem, let mark, _), .parser(_, let problem, let mark, _),
      .composer(_, let problem, let mark, _):
      return Diagnostic("malformed template: \(problem)", span: text.span(at: mark, length: 1))
    case .duplicatedKeysInMapping(let duplicates, let context):
      return Diagnostic(
        "key '\(duplicates.joined(separator: "', '"))' appears twice in one mapping",
        span: text.span(at: context.mark, length: 1))
    default:
      return Diagnostic("malformed template: \(yaml)")
    }
  }

  /// Converts one Yams node; depth is already bounded by `YAMLLimits`.
  private func convert(_ node: Node) throws(ImportError) -> TemplateNode {
    let position = node.mark.map { FilePosition(line: $0.line, column: $0.column) }
    var plain: TemplateNode
    switch node {
    case .scalar(let scalar):
      plain = .text(scalar.string, at: position)
    case .sequence(let sequence):
      var items: [TemplateNode] = []
      for item in sequence { items.append(try convert(item)) }
      plain = TemplateNode(.list(items), at: position)
    case .mapping(let mapping):
      var entries: [TemplateNode.Entry] = []
      for (key, value) in mapping {
        guard let name = key.scalar?.string else {
          throw ImportError("a mapping key must be a plain name, not a list or mapping", at: key)
        }
        entries.append(
          TemplateNode.Entry(
            key: name, keyPosition: ImportError.position(of: key), value: try convert(value)))
      }
      plain = TemplateNode(.map(entries), at: position)
    case .alias:
      throw ImportError("an alias that names no anchor", at: node)
    }
    let tag = node.tag.rawValue
    guard tag.hasPrefix("!"), tag != "!", !tag.hasPrefix("!!") else { return plain }
    return try intrinsic(tag, plain, at: position)
  }

  /// The long form of a short-form intrinsic: `!GetAtt A.B` is `{"Fn::GetAtt": [A, B]}`.
  private func intrinsic(_ tag: String, _ node: TemplateNode, at position: FilePosition?)
    throws(ImportError) -> TemplateNode
  {
    guard let key = Self.shortForms[tag] else {
      throw ImportError(
        "unknown tag \(tag); CloudFormation's short forms are "
          + Self.shortForms.keys.sorted().joined(separator: " "), at: position,
        suggestions: Suggestion.nearest(to: tag, among: Array(Self.shortForms.keys)))
    }
    var argument = node
    if key == "Fn::GetAtt", let text = node.scalar {
      guard let dot = text.firstIndex(of: ".") else {
        throw ImportError("!GetAtt takes Resource.Attribute (e.g. !GetAtt Queue.Arn)", at: position)
      }
      argument = TemplateNode(
        .list([
          .text(String(text[..<dot]), at: position),
          .text(String(text[text.index(after: dot)...]), at: position),
        ]),
        at: position)
    }
    return .map([(key, argument)], at: position)
  }
}

/// A mistake in a template found after reading: a message and where it is (a line and
/// column, or nowhere for the file as a whole).
struct ImportError: Error, Sendable {
  var message: String
  var position: FilePosition?
  var suggestions: [String] = []

  init(_ message: String, at position: FilePosition?, suggestions: [String] = []) {
    self.message = message
    self.position = position
    self.suggestions = suggestions
  }

  init(_ message: String, at node: Node) {
    self.init(message, at: Self.position(of: node))
  }

  init(_ message: String, at node: TemplateNode?) {
    self.init(message, at: node?.position)
  }

  static func position(of node: Node) -> FilePosition? {
    node.mark.map { FilePosition(line: $0.line, column: $0.column) }
  }
}
