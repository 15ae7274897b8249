/// Reads a CloudFormation template's `Resources` section into `TemplateResource`s, checking
/// the shape CloudFormation requires (a mapping of logical IDs, each with a `Type`).
enum CloudFormationTemplate {
  /// The most resources a template may declare (CloudFormation's own quota is 500).
  static let maximumResources = 2_000

  /// The resources of `root`, expanded by the SAM transform when the template asks for it.
  /// - Parameter root: the template's root node.
  /// - Returns: The expanded template.
  /// - Throws: `ImportError` at the first value of the wrong shape.
  static func expand(_ root: TemplateNode) throws(ImportError) -> ExpandedTemplate {
    guard root.isMap else {
      throw ImportError(
        "a CloudFormation template is a mapping with a Resources: section", at: root.position)
    }
    guard let section = root["Resources"] else {
      throw ImportError(
        "the template has no Resources: section (nor is it a Terraform plan)",
        at: root.position)
    }
    guard section.isMap, !section.entries.isEmpty else {
      throw ImportError("Resources: must map logical IDs to resources", at: section.position)
    }
    guard section.entries.count <= maximumResources else {
      throw ImportError(
        "the template declares \(section.entries.count) resources; an import is limited to "
          + "\(maximumResources)", at: section.position)
    }
    var resources: [TemplateResource] = []
    for entry in section.entries {
      resources.append(try resource(entry))
    }
    let intrinsics = Intrinsics(template: root)
    if SAMTransform.applies(to: root) {
      return try SAMTransform(root: root, intrinsics: intrinsics).expand(resources)
    }
    if let serverless = resources.first(where: { $0.type.hasPrefix("AWS::Serverless::") }) {
      throw ImportError(
        "\(serverless.id) is \(serverless.type), but the template has no "
          + "Transform: AWS::Serverless-2016-10-31", at: serverless.position)
    }
    return ExpandedTemplate(format: "CloudFormation", resources: resources, intrinsics: intrinsics)
  }

  private static func resource(_ entry: TemplateNode.Entry) throws(ImportError)
    -> TemplateResource
  {
    let id = entry.key
    guard !id.isEmpty, id.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber) }) else {
      throw ImportError(
        "logical ID '\(id.prefix(60))' must be letters and digits only", at: entry.keyPosition)
    }
    guard entry.value.isMap else {
      throw ImportError("resource \(id) must be a mapping with Type:", at: entry.value.position)
    }
    guard let typeNode = entry.value["Type"] else {
      throw ImportError("resource \(id) has no Type:", at: entry.keyPosition)
    }
    guard let type = typeNode.scalar, !type.isEmpty else {
      throw ImportError(
        "resource \(id)'s Type must be a name such as AWS::SQS::Queue", at: typeNode.position)
    }
    let properties = entry.value["Properties"] ?? .map([])
    guard properties.isMap else {
      throw ImportError("\(id)'s Properties must be a mapping", at: properties.position)
    }
    return TemplateResource(
      id: id, type: type, properties: properties, position: entry.keyPosition)
  }
}
