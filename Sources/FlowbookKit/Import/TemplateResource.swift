/// One resource of a template, in CloudFormation's terms, whatever file it came from.
///
/// SAM resources are expanded into these by `SAMTransform`, and Terraform resources are
/// translated into them by `TerraformPlan`, so the component mapping and the wiring know one
/// vocabulary: CloudFormation's resource types and property names.
struct TemplateResource: Sendable {
  /// The logical ID (a Terraform address for plans).
  var id: String
  /// The CloudFormation type (`AWS::SQS::Queue`).
  var type: String
  /// The `Properties` mapping (empty when there are none).
  var properties: TemplateNode
  /// Where the resource was written.
  var position: FilePosition?
  /// How the resource came about when the file did not write it (`SAM: implicit API`).
  var origin: String?
  /// A short name to prefer for the component (Terraform's resource name).
  var preferredName: String?

  /// A resource.
  /// - Parameters:
  ///   - id: logical ID.
  ///   - type: CloudFormation type.
  ///   - properties: its properties.
  ///   - position: where it was written.
  ///   - origin: why it exists, when it was not written.
  init(
    id: String, type: String, properties: TemplateNode, position: FilePosition?,
    origin: String? = nil
  ) {
    self.id = id
    self.type = type
    self.properties = properties
    self.position = position
    self.origin = origin
  }

  /// The property `name`, raw.
  subscript(name: String) -> TemplateNode? { properties[name] }

  /// The value at a path of keys inside the properties, raw.
  subscript(first: String, rest: String...) -> TemplateNode? {
    rest.reduce(properties[first]) { node, key in node?[key] }
  }
}

/// A template read and expanded: its resources in order, and how to evaluate its values.
struct ExpandedTemplate: Sendable {
  /// `CloudFormation`, `SAM` or `Terraform plan`.
  var format: String
  var resources: [TemplateResource]
  var intrinsics: Intrinsics
  /// Things the reader saw and could not use, each a line for the import report.
  var notes: [String] = []

  /// The resource with logical ID `id`.
  /// - Parameter id: the logical ID.
  /// - Returns: The resource, if present.
  func resource(_ id: String) -> TemplateResource? {
    resources.first { $0.id == id }
  }
}
