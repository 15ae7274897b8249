/// Expands a SAM template (`Transform: AWS::Serverless-2016-10-31`) into CloudFormation
/// resources, as the transform AWS runs at deployment would, as far as the model needs.
///
/// - `Globals` (Function, Api, HttpApi, SimpleTable, StateMachine) are merged into each
///   resource of that type: mappings key by key, lists appended, the resource's own values
///   winning.
/// - `AWS::Serverless::Function` becomes `AWS::Lambda::Function`; each of its `Events`
///   becomes what SAM generates for it: `Api` a method on the named API or on the implicit
///   `ServerlessRestApi`, `HttpApi` an integration on the named API or `ServerlessHttpApi`,
///   `SQS`/`DynamoDB`/`Kinesis`/`MQ`/`MSK` an event source mapping, `SNS` a subscription,
///   `EventBridgeRule`/`CloudWatchEvent`/`Schedule`/`ScheduleV2` a rule with the function
///   as target, and `S3` a bucket notification.
/// - `Api`, `HttpApi`, `SimpleTable` and `StateMachine` become their CloudFormation types;
///   a state machine's `Events` are expanded like a function's.
/// - `Connector` is kept: it states that its source calls its destination.
struct SAMTransform {
  static let transformName = "AWS::Serverless-2016-10-31"

  let root: TemplateNode
  let intrinsics: Intrinsics
  private var output: [TemplateResource] = []
  private var notes: [String] = []
  private var implicitRest = false
  private var implicitHttp = false

  init(root: TemplateNode, intrinsics: Intrinsics) {
    self.root = root
    self.intrinsics = intrinsics
  }

  /// Whether `root` names the SAM transform.
  /// - Parameter root: the template's root node.
  /// - Returns: True for `Transform: AWS::Serverless-2016-10-31` (alone or in a list).
  static func applies(to root: TemplateNode) -> Bool {
    guard let transform = root["Transform"] else { return false }
    return transform.scalar == transformName
      || transform.list.contains { $0.scalar == transformName }
  }

  /// The CloudFormation resources `resources` stand for.
  /// - Parameter resources: the template's resources, in order.
  /// - Returns: The expanded template.
  /// - Throws: `ImportError` for an event or property of the wrong shape.
  func expand(_ resources: [TemplateResource]) throws(ImportError) -> ExpandedTemplate {
    var transform = self
    for resource in resources { try transform.take(resource) }
    var all = transform.output
    if transform.implicitRest {
      all.insert(
        TemplateResource(
          id: "ServerlessRestApi", type: "AWS::ApiGateway::RestApi",
          properties: transform.globals("Api"), position: nil,
          origin: "SAM: the implicit REST API of the Api events"), at: 0)
    }
    if transform.implicitHttp {
      all.insert(
        TemplateResource(
          id: "ServerlessHttpApi", type: "AWS::ApiGatewayV2::Api",
          properties: transform.globals("HttpApi").setting("ProtocolType", .text("HTTP")),
          position: nil, origin: "SAM: the implicit HTTP API of the HttpApi events"), at: 0)
    }
    var ids = intrinsics.resources
    for resource in all { ids.insert(resource.id) }
    var context = intrinsics
    context.resources = ids
    return ExpandedTemplate(
      format: "SAM", resources: all, intrinsics: context, notes: transform.notes)
  }

  private mutating func take(_ resource: TemplateResource) throws(ImportError) {
    var resource = resource
    switch resource.type {
    case "AWS::Serverless::Function":
      resource.properties = merged(globals("Function"), resource.properties)
      resource.type = "AWS::Lambda::Function"
      output.append(resource)
      try events(of: resource, target: .getAtt(resource.id, "Arn"))
    case "AWS::Serverless::Api":
      resource.properties = merged(globals("Api"), resource.properties)
      resource.type = "AWS::ApiGateway::RestApi"
      output.append(resource)
    case "AWS::Serverless::HttpApi":
      resource.properties = merged(globals("HttpApi"), resource.properties)
        .setting("ProtocolType", .text("HTTP"))
      resource.type = "AWS::ApiGatewayV2::Api"
      output.append(resource)
    case "AWS::Serverless::SimpleTable":
      let properties = merged(globals("SimpleTable"), resource.properties)
      resource.type = "AWS::DynamoDB::Table"
      resource.properties =
        properties["ProvisionedThroughput"] == nil
        ? properties.setting("BillingMode", .text("PAY_PER_REQUEST"))
        : properties.setting("BillingMode", .text("PROVISIONED"))
      output.append(resource)
    case "AWS::Serverless::StateMachine":
      resource.properties = merged(globals("StateMachine"), resource.properties)
      if let type = resource["Type"] {
        resource.properties = resource.properties.setting("StateMachineType", type)
      }
      resource.type = "AWS::StepFunctions::StateMachine"
      output.append(resource)
      try events(of: resource, target: .ref(resource.id))
    default:
      output.append(resource)
    }
  }

  /// The `Globals` section for `kind`, or an empty mapping.
  func globals(_ kind: String) -> TemplateNode {
    root["Globals", kind] ?? .map([])
  }

  /// `base` overlaid with `top`: mappings merge key by key, lists append, scalars replace.
  private func merged(_ base: TemplateNode, _ top: TemplateNode, depth: Int = 0) -> TemplateNode {
    guard depth < 16, base.isMap, top.isMap, top.intrinsic == nil, base.intrinsic == nil else {
      if case .list(let first) = base.value, case .list(let second) = top.value {
        return TemplateNode(.list(first + second), at: top.position)
      }
      return top
    }
    var result = base
    for entry in top.entries {
      let value = base[entry.key].map { merged($0, entry.value, depth: depth + 1) } ?? entry.value
      result = result.setting(entry.key, value)
    }
    result.position = top.position ?? base.position
    return result
  }

  // MARK: - Events

  private mutating func events(of owner: TemplateResource, target: TemplateNode)
    throws(ImportError)
  {
    guard let events = owner["Events"] else { return }
    guard events.isMap else {
      throw ImportError("\(owner.id)'s Events must map names to events", at: events.position)
    }
    for entry in events.entries {
      guard let typeNode = entry.value["Type"], let type = typeNode.scalar else {
        throw ImportError(
          "event \(entry.key) of \(owner.id) needs a Type (Api, SQS, …)", at: entry.keyPosition)
      }
      let properties = entry.value["Properties"] ?? .map([])
      guard properties.isMap else {
        throw ImportError(
          "event \(entry.key)'s Properties must be a mapping", at: properties.position)
      }
      let id = owner.id + entry.key
      let origin = "SAM: event \(entry.key) (\(type)) of \(owner.id)"
      func add(_ type: String, _ pairs: [(String, TemplateNode)]) {
        output.append(
          TemplateResource(
            id: id, type: type, properties: .map(pairs, at: entry.keyPosition),
            position: entry.keyPosition, origin: origin))
      }
      switch type {
      case "Api":
        let api = properties["RestApiId"] ?? implicit(rest: true)
        add(
          "AWS::ApiGateway::Method",
          [
            ("RestApiId", api), ("HttpMethod", properties["Method"] ?? .text("ANY")),
            ("ResourcePath", properties["Path"] ?? .text("/")),
            ("Integration", .map([("Uri", target)])),
          ])
      case "HttpApi":
        let api = properties["ApiId"] ?? implicit(rest: false)
        let route = [properties["Method"]?.scalar, properties["Path"]?.scalar]
          .compactMap { $0 }.joined(separator: " ")
        add(
          "AWS::ApiGatewayV2::Integration",
          [
            ("ApiId", api), ("IntegrationUri", target),
            ("RouteKey", .text(route.isEmpty ? "$default" : route)),
          ])
      case "SQS", "DynamoDB", "Kinesis", "MQ", "MSK", "DocumentDB":
        let sourceKey = type == "SQS" ? "Queue" : type == "MQ" ? "Broker" : "Stream"
        guard let source = properties[sourceKey] else {
          throw ImportError(
            "event \(entry.key) (\(type)) needs \(sourceKey):", at: entry.keyPosition)
        }
        var pairs: [(String, TemplateNode)] = [
          ("EventSourceArn", source), ("FunctionName", target),
        ]
        for key in [
          "BatchSize", "ParallelizationFactor", "FunctionResponseTypes",
          "MaximumBatchingWindowInSeconds", "StartingPosition", "ScalingConfig",
        ] {
          if let value = properties[key] { pairs.append((key, value)) }
        }
        add("AWS::Lambda::EventSourceMapping", pairs)
      case "SNS":
        guard let topic = properties["Topic"] else {
          throw ImportError("event \(entry.key) (SNS) needs Topic:", at: entry.keyPosition)
        }
        add(
          "AWS::SNS::Subscription",
          [("TopicArn", topic), ("Endpoint", target), ("Protocol", .text("lambda"))])
      case "EventBridgeRule", "CloudWatchEvent", "Schedule", "ScheduleV2":
        var pairs: [(String, TemplateNode)] = [
          ("Targets", TemplateNode(.list([.map([("Arn", target), ("Id", .text(entry.key))])])))
        ]
        if let bus = properties["EventBusName"] { pairs.append(("EventBusName", bus)) }
        if let pattern = properties["Pattern"] { pairs.append(("EventPattern", pattern)) }
        if let schedule = properties["Schedule"] ?? properties["ScheduleExpression"] {
          pairs.append(("ScheduleExpression", schedule))
        }
        add("AWS::Events::Rule", pairs)
      case "S3":
        guard let bucket = properties["Bucket"] else {
          throw ImportError("event \(entry.key) (S3) needs Bucket:", at: entry.keyPosition)
        }
        add("Flowbook::S3::Notification", [("Bucket", bucket), ("Target", target)])
      default:
        notes.append(
          "\(owner.id): event \(entry.key) of type \(type) is not modelled (no wiring made)")
      }
    }
  }

  private mutating func implicit(rest: Bool) -> TemplateNode {
    if rest {
      implicitRest = true
      return .ref("ServerlessRestApi")
    }
    implicitHttp = true
    return .ref("ServerlessHttpApi")
  }
}

extension TemplateNode {
  /// `{"Fn::GetAtt": [resource, attribute]}`.
  /// - Parameters:
  ///   - resource: the logical ID.
  ///   - attribute: the attribute name.
  /// - Returns: The node.
  static func getAtt(_ resource: String, _ attribute: String) -> TemplateNode {
    .map([("Fn::GetAtt", TemplateNode(.list([.text(resource), .text(attribute)])))])
  }
}
