import Foundation
import Quantities
import Yams

/// Reads a path model from YAML (`datasets/*.yaml`), checking every figure against the
/// component kinds' schemas.
///
/// Every mistake is a `Diagnostic` placed in the file (`--> golden-path.yaml:12:14` and a
/// caret): malformed YAML, an unknown kind or parameter (with "did you mean"), a value of
/// the wrong dimension, a negative latency, branch probabilities that do not sum to 1, a
/// reference to a component or segment that does not exist, and segments that use each
/// other in a cycle. Positions come from the marks Yams keeps on every node. The comment
/// on a figure's line is kept as its provenance (`# seed line 25`), so `show` can say
/// where each number came from. The format is described in `datasets/README.md`.
public struct ModelLoader {
  /// The file's text and name, for carets.
  let source: Source
  let text: YAMLText
  /// Directory that relative paths in the file (`samples_file:`) resolve against.
  let directory: String
  var components: [Component] = []
  var segments: [String: Node] = [:]
  /// Segments being inlined, innermost last: a repeat is a cycle.
  var inlining: [String] = []
  /// Steps read so far, segments expanded (bounded by `PathLimits.maximumSteps`).
  var steps = 0
  /// Blocks and segment uses open around the step being read.
  var nesting = 0

  /// Which files a model may read besides itself (`samples_file`).
  let readGate: ReadGate

  init(text: String, name: String, directory: String, readGate: ReadGate = .anywhere) {
    self.source = Source(text, name: name)
    self.text = YAMLText(text)
    self.directory = directory
    self.readGate = readGate
  }

  /// Loads the model in `path`.
  /// - Parameters:
  ///   - path: the model file.
  ///   - displayName: how errors name the file (default: `path`).
  ///   - readGate: which other files the model may read (`samples_file`); a replayed
  ///     notebook's session passes its own.
  /// - Returns: The model.
  /// - Throws: a diagnostic placed in the file, or one saying the file cannot be read.
  public static func load(
    file path: String, displayName: String? = nil, readGate: ReadGate = .anywhere
  ) throws(Diagnostic) -> PathModel {
    let contents: String
    do {
      contents = try String(contentsOfFile: path, encoding: .utf8)
    } catch {
      throw Diagnostic("cannot read model file \(displayName ?? path): no such file or not UTF-8")
    }
    let directory = (path as NSString).deletingLastPathComponent
    var model = try load(
      text: contents, name: displayName ?? path, directory: directory, readGate: readGate)
    model.file = displayName ?? path
    return model
  }

  /// Loads a model from text (tests, and files already read).
  /// - Parameters:
  ///   - text: the YAML.
  ///   - name: how errors name the file.
  ///   - directory: where relative `samples_file` paths start.
  ///   - readGate: which files the model may read (`samples_file`).
  /// - Returns: The model.
  /// - Throws: a diagnostic placed in the text.
  public static func load(
    text: String, name: String, directory: String = ".", readGate: ReadGate = .anywhere
  ) throws(Diagnostic) -> PathModel {
    var loader = ModelLoader(
      text: text, name: name, directory: directory, readGate: readGate)
    do {
      return try loader.model()
    } catch {
      throw error.located(in: loader.source)
    }
  }

  static let topLevelKeys = [
    "flowbook", "name", "title", "sources", "objective", "components", "workload", "segments",
    "path", "regions", "side_paths",
  ]

  mutating func model() throws(Diagnostic) -> PathModel {
    let root = try composeRoot()
    guard let mapping = root.mapping else {
      throw error("a model file is a mapping with components: and path:", at: root)
    }
    try checkKeys(mapping, allowed: Self.topLevelKeys, what: "top-level key")
    if let version = mapping["flowbook"], version.int != 1 {
      throw error("this flowbook reads model format 1 (flowbook: 1)", at: version)
    }
    guard let componentsNode = mapping["components"] else {
      throw error("a model needs a components: mapping", at: root)
    }
    components = try readComponents(componentsNode)
    let workload =
      try mapping["workload"].map { node throws(Diagnostic) in
        Workload(
          parameters: try readParameters(
            node, specs: WorkloadSchema.specs,
            owner: ParameterAddress.workloadName, kind: nil))
      } ?? Workload()
    if let segmentsNode = mapping["segments"] { try readSegments(segmentsNode) }
    guard let pathNode = mapping["path"] else {
      throw error("a model needs a path: list of hops", at: root)
    }
    let path = try readPath(pathNode)
    var model = PathModel(
      name: try mapping["name"].map { n throws(Diagnostic) in try string(n, what: "name") }
        ?? source.name,
      title: try mapping["title"].map { n throws(Diagnostic) in try string(n, what: "title") }
        ?? "",
      sources: try mapping["sources"].map { n throws(Diagnostic) in try strings(n) } ?? [],
      file: source.name, components: components, workload: workload, path: path)
    if let sideNode = mapping["side_paths"] { model.sidePaths = try readSidePaths(sideNode) }
    if let objective = mapping["objective"] {
      do {
        model.objective = try LatencyObjective.parse(try string(objective, what: "objective"))
      } catch {
        throw self.error(error.message, at: objective)
      }
    }
    do {
      try model.validatePath()
    } catch {
      throw Diagnostic(
        error.message, span: error.position.map { text.span(at: $0) },
        suggestions: error.suggestions)
    }
    if let regionsNode = mapping["regions"] {
      model.regions = try readRegions(regionsNode)
      for region in model.regions {
        do {
          _ = try model.deployed(in: region)
        } catch {
          throw self.error("region '\(region.name)': \(error.message)", at: regionsNode)
        }
      }
    }
    return model
  }

  private func composeRoot() throws(Diagnostic) -> Node {
    let root: Node?
    do {
      root = try YAMLLimits.standard.compose(source.text)
    } catch let limit as YAMLLimitViolation {
      let start = text.offset(line: limit.position.line, column: limit.position.column)
      throw Diagnostic(limit.message, span: Span(start, start + 1))
    } catch let yaml as YamlError {
      throw yamlDiagnostic(yaml)
    } catch {
      throw Diagnostic("malformed YAML: \(error)")
    }
    guard let root else { throw Diagnostic("the model file is empty") }
    return root
  }

  private func yamlDiagnostic(_ yaml: YamlError) -> Diagnostic {
    switch yaml {
    case .scanner(_, let problem, let mark, _), .parser(_, let problem, let mark, _),
      .composer(_, let problem, let mark, _):
      return Diagnostic("malformed YAML: \(problem)", span: text.span(at: mark, length: 1))
    case .duplicatedKeysInMapping(let duplicates, let context):
      let keys = duplicates.joined(separator: "', '")
      return Diagnostic(
        "key '\(keys)' appears twice in one mapping",
        span: text.span(at: context.mark, length: 1))
    default:
      return Diagnostic("malformed YAML: \(yaml)")
    }
  }

  // MARK: - Components

  private mutating func readComponents(_ node: Node) throws(Diagnostic) -> [Component] {
    guard let mapping = node.mapping else {
      throw error("components: must map names to components (dns: {kind: dns, …})", at: node)
    }
    var out: [Component] = []
    for (key, value) in mapping {
      let name = try string(key, what: "component name")
      try checkName(name, at: key)
      guard let body = value.mapping else {
        throw error("component '\(name)' must be a mapping with kind: and parameters", at: value)
      }
      guard let kindNode = body["kind"] else {
        throw error(
          "component '\(name)' needs a kind: (one of "
            + ComponentKind.allCases.map(\.rawValue).joined(separator: ", ") + ")", at: key)
      }
      let kindName = try string(kindNode, what: "kind")
      guard let kind = ComponentKind(rawValue: kindName) else {
        throw error(
          "unknown component kind '\(kindName)'", at: kindNode,
          suggestions: Suggestion.nearest(
            to: kindName,
            among: ComponentKind.allCases.map(\.rawValue)))
      }
      let parameters = try readParameters(value, specs: kind.schema, owner: name, kind: kind)
      var component = Component(
        name: name, kind: kind, parameters: parameters,
        position: text.position(of: key))
      component.fillDefaults(from: kind.schema)
      out.append(component)
    }
    return out
  }

  private func checkName(_ name: String, at node: Node) throws(Diagnostic) {
    let valid =
      name.first.map { $0.isLetter || $0 == "_" } ?? false
      && name.allSatisfy { $0.isLetter || $0.isNumber || $0 == "_" }
    guard valid else {
      throw error(
        "component names are letters, digits and _ (they start addresses such as "
          + "\(name.filter { $0.isLetter || $0 == "_" }).latency)", at: node)
    }
    guard name != ParameterAddress.workloadName, UnitTable.lookup(name) == nil,
      components.allSatisfy({ $0.name != name })
    else {
      throw error(
        "'\(name)' is a unit, 'workload' or already a component; choose another name",
        at: node)
    }
  }

  /// Reads `key: value` pairs of a component (or the workload) against its schema.
  mutating func readParameters(
    _ node: Node, specs: [ParameterSpec], owner: String, kind: ComponentKind?
  ) throws(Diagnostic) -> [Parameter] {
    guard let mapping = node.mapping else {
      throw error("\(owner) must be a mapping of parameters", at: node)
    }
    var out: [Parameter] = []
    for (key, value) in mapping {
      let name = try string(key, what: "parameter name")
      if name == "kind" && kind != nil { continue }
      guard let spec = specs.first(where: { $0.name == name }) else {
        if let retired = kind?.retiredParameters[name] {
          throw error("\(owner).\(retired)", at: key)
        }
        let what = kind.map { "a \($0.rawValue) component (\(owner))" } ?? "the workload"
        throw error(
          "\(what) has no parameter '\(name)'", at: key,
          suggestions: Suggestion.nearest(to: name, among: specs.map(\.name)))
      }
      let address = ParameterAddress(component: owner, parameter: name)
      let checked = try checkedValue(value, spec: spec, address: address)
      let origin = text.comment(on: value) ?? text.comment(on: key)
      out.append(
        Parameter(
          name: name, value: checked, origin: origin,
          position: text.position(of: value)))
    }
    return out
  }

  /// `value` read as `spec`'s type and checked against its range, errors placed on it.
  ///
  /// - Parameters:
  ///   - value: the YAML value.
  ///   - spec: the parameter's schema entry.
  ///   - address: where the parameter lives, for messages.
  /// - Returns: the checked value.
  /// - Throws: a diagnostic at `value` for a wrong type or a value out of range.
  func checkedValue(_ value: Node, spec: ParameterSpec, address: ParameterAddress)
    throws(Diagnostic) -> ParameterValue
  {
    let raw = try parameterValue(value, type: spec.type, address: address)
    do {
      return try ParameterChecker.check(raw, against: spec, at: address)
    } catch {
      throw self.error(error.message, at: value, suggestions: error.suggestions)
    }
  }

  // MARK: - Helpers

  func checkKeys(_ mapping: Node.Mapping, allowed: [String], what: String) throws(Diagnostic) {
    for key in mapping.keys {
      let name = try string(key, what: what)
      guard allowed.contains(name) else {
        throw error(
          "unknown \(what) '\(name)'", at: key,
          suggestions: Suggestion.nearest(to: name, among: allowed))
      }
    }
  }

  func string(_ node: Node, what: String) throws(Diagnostic) -> String {
    guard let scalar = node.scalar else { throw error("\(what) must be a single value", at: node) }
    return scalar.string
  }

  private func strings(_ node: Node) throws(Diagnostic) -> [String] {
    if node.scalar != nil { return [try string(node, what: "source")] }
    var out: [String] = []
    for item in node.array() { out.append(try string(item, what: "source")) }
    return out
  }

  /// A diagnostic whose caret sits under `node`.
  func error(_ message: String, at node: Node, suggestions: [String] = []) -> Diagnostic {
    Diagnostic(message, span: text.span(of: node), suggestions: suggestions)
  }
}
