import Foundation

/// Evaluates CloudFormation's intrinsic functions far enough to read a template's figures
/// and to see which resources a value names.
///
/// Two questions are asked of a value. *What is it?* (`resolve`): `!Ref` of a parameter
/// gives its `Default`, `!FindInMap` looks in `Mappings`, `!If` evaluates its condition,
/// and `!Sub`, `!Join`, `!Select` and `!Split` work on what resolves; a resource attribute
/// or an `!ImportValue` is unknown until deployment, so the answer is nil. *What does it
/// name?* (`references`): every resource a `Ref`, `GetAtt` or `${…}` in a `Sub` points at,
/// which is how the wiring finds a producer's queue or an integration's function.
///
/// Evaluation is bounded: nesting beyond `maximumDepth` or more than `maximumSteps` steps
/// in one question gives nil (unknown), so conditions that refer to each other in a loop
/// or a chain that doubles at each level cannot hang the import.
struct Intrinsics: Sendable {
  static let maximumDepth = 64
  static let maximumSteps = 50_000
  /// The values CloudFormation's pseudo parameters take in the imported model.
  static let pseudoParameters: [String: String] = [
    "AWS::Region": "us-east-1", "AWS::Partition": "aws", "AWS::URLSuffix": "amazonaws.com",
    "AWS::AccountId": "123456789012", "AWS::StackName": "stack", "AWS::StackId": "stack-id",
  ]

  /// Each template parameter's `Default`, by name.
  var parameterDefaults: [String: TemplateNode] = [:]
  /// The template's `Mappings` section.
  var mappings: TemplateNode = .map([])
  /// The template's `Conditions`, by name.
  var conditions: [String: TemplateNode] = [:]
  /// Logical IDs of the template's resources.
  var resources: Set<String> = []

  /// The context of `template`: its parameters, mappings, conditions and resources.
  /// - Parameter template: the template's root mapping.
  init(template: TemplateNode) {
    for entry in template["Parameters"]?.entries ?? [] {
      if let value = entry.value["Default"] { parameterDefaults[entry.key] = value }
    }
    mappings = template["Mappings"] ?? .map([])
    for entry in template["Conditions"]?.entries ?? [] { conditions[entry.key] = entry.value }
    resources = Set(template["Resources"]?.entries.map(\.key) ?? [])
  }

  /// A context that knows only resource names (Terraform plans).
  /// - Parameter resources: the logical IDs.
  init(resources: Set<String>) {
    self.resources = resources
  }

  // MARK: - Values

  /// The value `node` stands for with every intrinsic evaluated, or nil if it depends on
  /// something only deployment knows (or `AWS::NoValue`).
  /// - Parameter node: a raw template value.
  /// - Returns: A node with no intrinsics in it, or nil.
  func resolve(_ node: TemplateNode?) -> TemplateNode? {
    guard let node else { return nil }
    var steps = 0
    return resolve(node, depth: 0, steps: &steps)
  }

  /// The value of `node` as text (numbers and booleans as written).
  /// - Parameter node: a raw template value.
  /// - Returns: The text, or nil if it does not resolve to a scalar.
  func text(_ node: TemplateNode?) -> String? { resolve(node)?.scalar }

  /// The value of `node` as a finite number.
  /// - Parameter node: a raw template value.
  /// - Returns: The number, or nil if it does not resolve to one.
  func number(_ node: TemplateNode?) -> Double? {
    guard let text = text(node)?.trimmingCharacters(in: .whitespaces),
      let value = Double(text), value.isFinite
    else { return nil }
    return value
  }

  /// The value of `node` as a boolean (`true`/`false`, any case).
  /// - Parameter node: a raw template value.
  /// - Returns: The boolean, or nil.
  func bool(_ node: TemplateNode?) -> Bool? {
    switch text(node)?.lowercased() {
    case "true": return true
    case "false": return false
    default: return nil
    }
  }

  /// The value at a path of keys, resolving each level (an `!If` may choose a mapping).
  /// - Parameters:
  ///   - node: where to start.
  ///   - keys: the keys to follow.
  /// - Returns: The raw node found, or nil.
  func lookup(_ node: TemplateNode?, _ keys: String...) -> TemplateNode? {
    var current = node
    for key in keys {
      guard let here = current else { return nil }
      let level = here.intrinsic == nil ? here : resolve(here)
      current = level?[key]
    }
    return current
  }

  private func resolve(_ node: TemplateNode, depth: Int, steps: inout Int) -> TemplateNode? {
    steps += 1
    guard depth < Self.maximumDepth, steps < Self.maximumSteps else { return nil }
    switch node.value {
    case .scalar:
      return node
    case .list(let items):
      let resolved = items.compactMap { resolve($0, depth: depth + 1, steps: &steps) }
      return TemplateNode(.list(resolved), at: node.position)
    case .map(let entries):
      if let call = node.intrinsic {
        return function(call.name, call.argument, at: node, depth: depth + 1, steps: &steps)
      }
      var out: [TemplateNode.Entry] = []
      for entry in entries {
        guard let value = resolve(entry.value, depth: depth + 1, steps: &steps) else { continue }
        out.append(TemplateNode.Entry(key: entry.key, keyPosition: entry.keyPosition, value: value))
      }
      return TemplateNode(.map(out), at: node.position)
    }
  }

  private func function(
    _ name: String, _ argument: TemplateNode, at node: TemplateNode, depth: Int,
    steps: inout Int
  ) -> TemplateNode? {
    func value(_ n: TemplateNode) -> TemplateNode? { resolve(n, depth: depth, steps: &steps) }
    func text(_ n: TemplateNode) -> String? { value(n)?.scalar }
    let arguments = argument.list
    switch name {
    case "Ref":
      guard let target = argument.scalar else { return nil }
      if let pseudo = Self.pseudoParameters[target] { return .text(pseudo, at: node.position) }
      return parameterDefaults[target].flatMap(value)
    case "Condition":
      return argument.scalar.flatMap { condition($0, depth: depth, steps: &steps) }
        .map { TemplateNode.text($0 ? "true" : "false") }
    case "Fn::If":
      guard arguments.count == 3, let name = arguments[0].scalar else { return nil }
      let holds = condition(name, depth: depth, steps: &steps) ?? true
      return value(arguments[holds ? 1 : 2])
    case "Fn::Equals", "Fn::Not", "Fn::And", "Fn::Or":
      return truth(name, arguments, depth: depth, steps: &steps).map {
        TemplateNode.text($0 ? "true" : "false")
      }
    case "Fn::Join":
      guard arguments.count == 2, let separator = text(arguments[0]),
        let items = value(arguments[1])?.list, items.allSatisfy({ $0.scalar != nil })
      else { return nil }
      return .text(items.compactMap(\.scalar).joined(separator: separator), at: node.position)
    case "Fn::Select":
      guard arguments.count == 2, let index = text(arguments[0]).flatMap({ Int($0) }),
        let items = value(arguments[1])?.list, items.indices.contains(index)
      else { return nil }
      return items[index]
    case "Fn::Split":
      guard arguments.count == 2, let separator = text(arguments[0]), !separator.isEmpty,
        let whole = text(arguments[1])
      else { return nil }
      let parts = whole.components(separatedBy: separator).map { TemplateNode.text($0) }
      return TemplateNode(.list(parts), at: node.position)
    case "Fn::FindInMap":
      guard arguments.count >= 3, let map = text(arguments[0]), let first = text(arguments[1]),
        let second = text(arguments[2])
      else { return nil }
      return mappings[map, first, second].flatMap(value)
    case "Fn::Sub":
      return substitute(argument, depth: depth, steps: &steps).map {
        TemplateNode.text($0, at: node.position)
      }
    case "Fn::Length":
      return value(argument).map { TemplateNode.text(String($0.list.count), at: node.position) }
    default:
      // GetAtt, ImportValue, GetAZs, Base64, Cidr …: known only once deployed.
      return nil
    }
  }

  private func condition(_ name: String, depth: Int, steps: inout Int) -> Bool? {
    guard let body = conditions[name] else { return nil }
    let resolved = resolve(body, depth: depth + 1, steps: &steps)?.scalar?.lowercased()
    return resolved == "true" ? true : resolved == "false" ? false : nil
  }

  private func truth(
    _ name: String, _ arguments: [TemplateNode], depth: Int, steps: inout Int
  ) -> Bool? {
    let values = arguments.map { resolve($0, depth: depth, steps: &steps)?.scalar }
    switch name {
    case "Fn::Equals":
      guard values.count == 2, let left = values[0], let right = values[1] else { return nil }
      return left == right
    case "Fn::Not":
      guard values.count == 1, let only = values[0] else { return nil }
      return only == "false"
    case "Fn::And":
      guard values.allSatisfy({ $0 != nil }) else { return nil }
      return values.allSatisfy { $0 == "true" }
    default:
      guard values.allSatisfy({ $0 != nil }) else { return nil }
      return values.contains { $0 == "true" }
    }
  }

  /// `Fn::Sub` with every `${Name}` replaced, or nil if one is unknown.
  private func substitute(_ argument: TemplateNode, depth: Int, steps: inout Int) -> String? {
    let template: String
    var variables: [String: String] = [:]
    if let whole = argument.scalar {
      template = whole
    } else {
      let parts = argument.list
      guard parts.count == 2, let whole = parts[0].scalar else { return nil }
      template = whole
      for entry in parts[1].entries {
        guard let text = resolve(entry.value, depth: depth, steps: &steps)?.scalar else {
          return nil
        }
        variables[entry.key] = text
      }
    }
    var out = ""
    for piece in SubPiece.split(template) {
      switch piece {
      case .literal(let text): out += text
      case .variable(let name):
        if let known = variables[name] {
          out += known
        } else if !name.contains("."),
          let known = function("Ref", .text(name), at: argument, depth: depth, steps: &steps)?
            .scalar
        {
          out += known
        } else {
          return nil
        }
      }
    }
    return out
  }

  // MARK: - References

  /// A resource a value names, and the attribute it reads (nil for `Ref`).
  struct Reference: Hashable {
    var resource: String
    var attribute: String?
  }

  /// Every resource `node` names through `Ref`, `GetAtt` or `${…}`, in the order written.
  /// - Parameter node: a raw template value.
  /// - Returns: The references, each once.
  func references(in node: TemplateNode?) -> [Reference] {
    guard let node else { return [] }
    var found: [Reference] = []
    var steps = 0
    collect(node, into: &found, depth: 0, steps: &steps)
    var seen = Set<Reference>()
    return found.filter { seen.insert($0).inserted }
  }

  private func collect(
    _ node: TemplateNode, into found: inout [Reference], depth: Int, steps: inout Int
  ) {
    steps += 1
    guard depth < Self.maximumDepth, steps < Self.maximumSteps else { return }
    if let call = node.intrinsic {
      switch call.name {
      case "Ref":
        if let name = call.argument.scalar, resources.contains(name) {
          found.append(Reference(resource: name, attribute: nil))
        }
        return
      case "Fn::GetAtt":
        let parts =
          call.argument.scalar.map { $0.split(separator: ".", maxSplits: 1).map(String.init) }
          ?? call.argument.list.compactMap(\.scalar)
        if let name = parts.first, resources.contains(name) {
          found.append(Reference(resource: name, attribute: parts.dropFirst().first))
        }
        return
      case "Fn::Sub":
        let whole = call.argument.scalar ?? call.argument.list.first?.scalar ?? ""
        let shadowed = Set(call.argument.list.dropFirst().first?.entries.map(\.key) ?? [])
        for case .variable(let name) in SubPiece.split(whole) {
          let parts = name.split(separator: ".", maxSplits: 1).map(String.init)
          if let first = parts.first, !shadowed.contains(name), resources.contains(first) {
            found.append(Reference(resource: first, attribute: parts.dropFirst().first))
          }
        }
        for item in call.argument.list.dropFirst() {
          collect(item, into: &found, depth: depth + 1, steps: &steps)
        }
        return
      default:
        break
      }
    }
    switch node.value {
    case .scalar: return
    case .list(let items):
      for item in items { collect(item, into: &found, depth: depth + 1, steps: &steps) }
    case .map(let entries):
      for entry in entries { collect(entry.value, into: &found, depth: depth + 1, steps: &steps) }
    }
  }
}

/// A piece of an `Fn::Sub` string: literal text, or a `${Name}` to replace (`${!X}` is the
/// literal `${X}`).
enum SubPiece: Equatable {
  case literal(String)
  case variable(String)

  /// The pieces of `template`, in order; an unclosed `${` is literal text.
  /// - Parameter template: the string `Fn::Sub` substitutes into.
  /// - Returns: Its pieces.
  static func split(_ template: String) -> [SubPiece] {
    var pieces: [SubPiece] = []
    var rest = Substring(template)
    while let open = rest.range(of: "${") {
      pieces.append(.literal(String(rest[..<open.lowerBound])))
      guard let close = rest[open.upperBound...].firstIndex(of: "}") else {
        pieces.append(.literal(String(rest[open.lowerBound...])))
        return pieces
      }
      let name = String(rest[open.upperBound..<close])
      if name.hasPrefix("!") {
        pieces.append(.literal("${" + name.dropFirst() + "}"))
      } else {
        pieces.append(.variable(name.trimmingCharacters(in: .whitespaces)))
      }
      rest = rest[rest.index(after: close)...]
    }
    pieces.append(.literal(String(rest)))
    return pieces
  }
}
