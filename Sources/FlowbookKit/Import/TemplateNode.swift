/// One value of an infrastructure template (CloudFormation, SAM or a Terraform plan), with
/// where it was written.
///
/// Every importer reads its file into this one tree, so that the SAM transform, the resource
/// mapping and the wiring never see which format the figure came from. Intrinsic functions
/// are kept in their long form (a mapping with the single key `Ref` or `Fn::…`), whatever
/// the file wrote: `!GetAtt Queue.Arn` becomes `{"Fn::GetAtt": ["Queue", "Arn"]}`.
public struct TemplateNode: Sendable {
  /// What the node holds.
  public enum Value: Sendable {
    /// A scalar as written (numbers and booleans stay text until asked for).
    case scalar(String)
    /// A list.
    case list([TemplateNode])
    /// A mapping, its keys in the order written.
    case map([Entry])
  }

  /// One `key: value` pair of a mapping, with where the key was written.
  public struct Entry: Sendable {
    public var key: String
    public var keyPosition: FilePosition?
    public var value: TemplateNode
  }

  public var value: Value
  /// 1-based line and column where the node starts; nil for nodes the importer made.
  public var position: FilePosition?

  /// A node made by the importer (the SAM transform, a Terraform attribute), placed at
  /// `position` when it stands for something written there.
  /// - Parameters:
  ///   - value: what the node holds.
  ///   - position: where it was written, if anywhere.
  public init(_ value: Value, at position: FilePosition? = nil) {
    self.value = value
    self.position = position
  }

  /// A scalar node.
  /// - Parameters:
  ///   - text: the scalar's text.
  ///   - position: where it was written.
  /// - Returns: The node.
  static func text(_ text: String, at position: FilePosition? = nil) -> TemplateNode {
    TemplateNode(.scalar(text), at: position)
  }

  /// A mapping node from pairs.
  /// - Parameters:
  ///   - pairs: keys and values in order.
  ///   - position: where it was written.
  /// - Returns: The node.
  static func map(_ pairs: [(String, TemplateNode)], at position: FilePosition? = nil)
    -> TemplateNode
  {
    TemplateNode(
      .map(pairs.map { Entry(key: $0.0, keyPosition: nil, value: $0.1) }), at: position)
  }

  /// `{"Ref": name}`: a reference to a resource or parameter.
  /// - Parameter name: the logical ID.
  /// - Returns: The node.
  static func ref(_ name: String) -> TemplateNode { map([("Ref", text(name))]) }

  // MARK: - Reading

  /// The scalar's text, or nil for a list or mapping.
  public var scalar: String? {
    if case .scalar(let text) = value { return text }
    return nil
  }

  /// The list's items; a scalar or mapping is not a list (empty).
  public var list: [TemplateNode] {
    if case .list(let items) = value { return items }
    return []
  }

  /// The mapping's entries; a scalar or list has none.
  public var entries: [Entry] {
    if case .map(let entries) = value { return entries }
    return []
  }

  /// Whether the node is a mapping.
  public var isMap: Bool {
    if case .map = value { return true }
    return false
  }

  /// The value under `key`, if this is a mapping that has it.
  public subscript(key: String) -> TemplateNode? {
    entries.first { $0.key == key }?.value
  }

  /// The value at a path of keys (`node["A", "B"]`).
  public subscript(first: String, rest: String...) -> TemplateNode? {
    rest.reduce(self[first]) { node, key in node?[key] }
  }

  /// The intrinsic function this node calls (`Ref`, `Fn::GetAtt`, …) and its argument.
  public var intrinsic: (name: String, argument: TemplateNode)? {
    guard case .map(let entries) = value, entries.count == 1 else { return nil }
    let key = entries[0].key
    guard key == "Ref" || key.hasPrefix("Fn::") || key == "Condition" else { return nil }
    return (key, entries[0].value)
  }

  /// A copy with `value` set under `key` (replacing it, or appended).
  /// - Parameters:
  ///   - key: the key to set.
  ///   - newValue: its value.
  /// - Returns: The changed mapping; a node that is not a mapping becomes one.
  func setting(_ key: String, _ newValue: TemplateNode) -> TemplateNode {
    var entries = self.entries
    if let index = entries.firstIndex(where: { $0.key == key }) {
      entries[index].value = newValue
    } else {
      entries.append(Entry(key: key, keyPosition: nil, value: newValue))
    }
    return TemplateNode(.map(entries), at: position)
  }
}
