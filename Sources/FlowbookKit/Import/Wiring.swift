/// Finds how a template's components call and trigger each other: the edges the path is
/// built from.
///
/// Three sorts of edge. A *call* is synchronous work a component does (a function writing
/// to a table, sending to a queue, starting a state machine), found in environment
/// variables, IAM and SAM policies, connectors and state-machine definitions that name the
/// other resource. A *route* is one of several places a front door sends a request (an
/// API's integrations, a distribution's origins, a load balancer's targets). A *trigger* is
/// asynchronous delivery: an event source mapping, a subscription, a rule's target, a
/// bucket notification, a table's stream. Wiring also sets the figures that live on the
/// edge: an event source mapping's batch size and consumer, a redrive policy's DLQ.
struct Wiring {
  /// What an edge means for the path.
  enum Role: Sendable { case call, route, trigger }

  /// One edge between components (by resource ID).
  struct Wire: Sendable, Hashable {
    var from: String
    var to: String
    var role: Role
    /// The route's name (`GET /orders`) or the event's, when the template gives one.
    var label: String?
  }

  let template: ExpandedTemplate
  private(set) var components: [ImportedComponent]
  private(set) var wires: [Wire] = []
  /// Queues named as another queue's dead-letter queue: never entries of the path.
  private(set) var deadLetterQueues: Set<String> = []
  private var index: [String: Int] = [:]

  /// The wiring of `template` over `components`.
  /// - Parameters:
  ///   - template: the expanded template.
  ///   - components: the components made from its resources.
  init(template: ExpandedTemplate, components: [ImportedComponent]) {
    self.template = template
    self.components = components
    for (position, component) in components.enumerated() { index[component.resource] = position }
  }

  private var intrinsics: Intrinsics { template.intrinsics }

  /// Finds every edge and edge figure.
  mutating func connect() {
    for resource in template.resources { read(resource) }
    countFanOut()
  }

  // MARK: - Resolving names

  /// The component a reference stands for (a table's `StreamArn` is its stream; an alias
  /// or version is its function).
  private func component(_ reference: Intrinsics.Reference) -> String? {
    if reference.attribute == "StreamArn", index[reference.resource + ".Stream"] != nil {
      return reference.resource + ".Stream"
    }
    if index[reference.resource] != nil { return reference.resource }
    guard let resource = template.resource(reference.resource),
      ["AWS::Lambda::Alias", "AWS::Lambda::Version"].contains(resource.type)
    else { return nil }
    return intrinsics.references(in: resource["FunctionName"]).lazy.compactMap {
      index[$0.resource] != nil ? $0.resource : nil
    }.first
  }

  /// The components `node` names, in order.
  private func components(in node: TemplateNode?) -> [String] {
    var seen = Set<String>()
    return intrinsics.references(in: node).compactMap(component).filter { seen.insert($0).inserted }
  }

  private mutating func wire(_ from: String?, _ to: [String], _ role: Role, label: String? = nil) {
    guard let from, index[from] != nil else { return }
    for target in to where target != from {
      let wire = Wire(from: from, to: target, role: role, label: label)
      if !wires.contains(where: { $0.from == from && $0.to == target }) { wires.append(wire) }
    }
  }

  private mutating func set(
    _ id: String, _ name: String, _ value: String, _ provenance: ImportedComponent.Provenance
  ) {
    guard let position = index[id], components[position].kind.spec(named: name) != nil else {
      return
    }
    components[position].set(name, value, provenance)
  }

  private func name(_ id: String) -> String? { index[id].map { components[$0].name } }

  // MARK: - Resources

  private mutating func read(_ resource: TemplateResource) {
    switch resource.type {
    case "AWS::Lambda::Function": functionCalls(resource)
    case "AWS::Lambda::EventSourceMapping": eventSourceMapping(resource)
    case "AWS::Lambda::Alias", "AWS::Lambda::Version": provisioned(resource)
    case "AWS::SQS::Queue": redrive(resource)
    case "AWS::SNS::Subscription":
      wire(
        components(in: resource["TopicArn"]).first, components(in: resource["Endpoint"]),
        .trigger)
    case "AWS::SNS::Topic":
      for subscription in resource["Subscription"]?.list ?? [] {
        wire(resource.id, components(in: subscription["Endpoint"]), .trigger)
      }
    case "AWS::Events::Rule":
      wire(components(in: resource["EventBusName"]).first, [resource.id], .trigger)
      for target in resource["Targets"]?.list ?? [] {
        wire(resource.id, components(in: target["Arn"]), .trigger)
      }
    case "Flowbook::Events::Target":
      wire(components(in: resource["Rule"]).first, components(in: resource["Arn"]), .trigger)
    case "AWS::Scheduler::Schedule":
      wire(resource.id, components(in: resource["Target", "Arn"]), .trigger)
    case "AWS::ApiGateway::Method":
      let route = [
        intrinsics.text(resource["HttpMethod"]), intrinsics.text(resource["ResourcePath"]),
      ]
      .compactMap { $0 }.joined(separator: " ")
      wire(
        components(in: resource["RestApiId"]).first, components(in: resource["Integration"]),
        .route, label: route.isEmpty ? nil : route)
    case "AWS::ApiGatewayV2::Integration":
      wire(
        components(in: resource["ApiId"]).first,
        components(in: resource["IntegrationUri"]) + components(in: resource["RequestParameters"]),
        .route, label: intrinsics.text(resource["RouteKey"]))
    case "AWS::ApiGateway::Authorizer":
      wire(
        components(in: resource["RestApiId"]).first, components(in: resource["ProviderARNs"]), .call
      )
    case "AWS::ApiGatewayV2::Authorizer":
      wire(
        components(in: resource["ApiId"]).first, components(in: resource["JwtConfiguration"]), .call
      )
    case "AWS::ApiGateway::RestApi":
      wire(resource.id, components(in: resource["Auth"]), .call)
    case "AWS::StepFunctions::StateMachine":
      let definition = [
        resource["Definition"], resource["DefinitionString"], resource["DefinitionSubstitutions"],
      ]
      wire(resource.id, definition.flatMap { components(in: $0) }, .call)
    case "AWS::CloudFront::Distribution":
      for origin in resource["DistributionConfig", "Origins"]?.list ?? [] {
        wire(
          resource.id, components(in: origin["DomainName"]), .route,
          label: intrinsics.text(origin["Id"]))
      }
    case "AWS::KinesisFirehose::DeliveryStream":
      wire(
        components(in: resource["KinesisStreamSourceConfiguration", "KinesisStreamARN"]).first,
        [resource.id], .trigger)
      for key in ["ExtendedS3DestinationConfiguration", "S3DestinationConfiguration"] {
        wire(resource.id, components(in: resource[key, "BucketARN"]), .call)
      }
    case "AWS::DynamoDB::Table":
      wire(resource.id, [resource.id + ".Stream"].filter { index[$0] != nil }, .trigger)
    case "AWS::S3::Bucket":
      wire(resource.id, components(in: resource["NotificationConfiguration"]), .trigger)
    case "Flowbook::S3::Notification":
      wire(components(in: resource["Bucket"]).first, components(in: resource["Target"]), .trigger)
    case "AWS::Serverless::Connector":
      let destinations = resource["Destination"].map { $0.isMap ? [$0] : $0.list } ?? []
      wire(
        resource["Source", "Id"]?.scalar.flatMap { index[$0] != nil ? $0 : nil },
        destinations.compactMap { $0["Id"]?.scalar }.filter { index[$0] != nil }, .call)
    case "AWS::Route53::RecordSet":
      wire(
        resource.id,
        components(in: resource["AliasTarget"]) + components(in: resource["ResourceRecords"]),
        .route)
    case "AWS::ElasticLoadBalancingV2::Listener":
      listener(resource)
    case "AWS::ECS::Service":
      taskDefinition(of: resource)
    case "AWS::ApiGateway::Stage":
      let settings = intrinsics.resolve(resource["MethodSettings"])?.list ?? []
      stageThrottle(
        components(in: resource["RestApiId"]).first, stage: resource.id,
        settings.first { $0["ThrottlingRateLimit"] != nil }, key: "MethodSettings")
    case "AWS::ApiGatewayV2::Stage":
      stageThrottle(
        components(in: resource["ApiId"]).first, stage: resource.id,
        intrinsics.resolve(resource["DefaultRouteSettings"]), key: "DefaultRouteSettings")
    case "AWS::WAFv2::WebACLAssociation":
      wire(
        components(in: resource["WebACLArn"]).first, components(in: resource["ResourceArn"]), .route
      )
    default:
      break
    }
  }

  /// A function's calls: what its environment, policies and role name, minus the sources
  /// it consumes (a poller's policy names its own queue).
  private mutating func functionCalls(_ resource: TemplateResource) {
    var named = components(in: resource["Environment"]) + components(in: resource["Policies"])
    let roles = intrinsics.references(in: resource["Role"]).map(\.resource)
    for role in roles {
      named += components(in: template.resource(role)?["Policies"])
      for policy in template.resources where policy.type == "AWS::IAM::Policy" {
        if intrinsics.references(in: policy["Roles"]).contains(where: { $0.resource == role }) {
          named += components(in: policy["PolicyDocument"])
        }
      }
    }
    let consumed = Set(sources(of: resource.id))
    let dlq = Set(components(in: resource["DeadLetterConfig"]))
    wire(resource.id, named.filter { !consumed.contains($0) && !dlq.contains($0) }, .call)
  }

  /// Components whose events the function `id` receives (its event source mappings).
  private func sources(of id: String) -> [String] {
    template.resources.filter { $0.type == "AWS::Lambda::EventSourceMapping" }.compactMap {
      components(in: $0["FunctionName"]).first == id
        ? components(in: $0["EventSourceArn"]).first : nil
    }
  }

  private mutating func eventSourceMapping(_ resource: TemplateResource) {
    guard let source = components(in: resource["EventSourceArn"]).first,
      let function = components(in: resource["FunctionName"]).first
    else { return }
    wire(source, [function], .trigger)
    let line = resource.position?.line
    if let batch = intrinsics.number(resource["BatchSize"]), batch >= 1 {
      set(
        source, "batch_size", FigureText.number(batch),
        .template(
          "BatchSize of \(resource.origin ?? resource.id)",
          line: resource["BatchSize"]?.position?.line ?? line))
    }
    if let consumer = name(function) {
      set(source, "consumer", consumer, .derived("the event source mapping's function"))
    }
    let types = intrinsics.resolve(resource["FunctionResponseTypes"])?.list.compactMap(\.scalar)
    if types?.contains("ReportBatchItemFailures") == true {
      set(
        source, "batch_failure", "item",
        .template(
          "FunctionResponseTypes", line: resource["FunctionResponseTypes"]?.position?.line ?? line))
    }
    if let factor = intrinsics.number(resource["ParallelizationFactor"]),
      let position = index[source]
    {
      components[position].notes.append(
        "ParallelizationFactor: \(FigureText.number(factor)) (line "
          + "\(resource["ParallelizationFactor"]?.position?.line ?? line ?? 0)): concurrent "
          + "batches per shard have no parameter; the consumer's concurrency is not limited by it")
    }
  }

  private mutating func provisioned(_ resource: TemplateResource) {
    let node = intrinsics.lookup(
      resource["ProvisionedConcurrencyConfig"], "ProvisionedConcurrentExecutions")
    guard let count = intrinsics.number(node), count >= 1,
      let function = components(in: resource["FunctionName"]).first
    else { return }
    set(
      function, "provisioned_concurrency", FigureText.number(count),
      .template("ProvisionedConcurrentExecutions of \(resource.id)", line: node?.position?.line))
  }

  private mutating func redrive(_ resource: TemplateResource) {
    guard let policy = resource["RedrivePolicy"] else { return }
    let dlq = components(in: policy).first
    guard let dlq, let dlqName = name(dlq) else { return }
    deadLetterQueues.insert(dlq)
    set(
      resource.id, "dead_letter_queue", dlqName,
      .template("RedrivePolicy.deadLetterTargetArn", line: policy.position?.line))
  }

  private mutating func listener(_ resource: TemplateResource) {
    let balancer = components(in: resource["LoadBalancerArn"]).first
    let groups = intrinsics.references(in: resource["DefaultActions"]).map(\.resource)
    for group in groups {
      guard let target = template.resource(group) else { continue }
      wire(balancer, components(in: target["Targets"]), .route)
      for service in template.resources where service.type == "AWS::ECS::Service" {
        if intrinsics.references(in: service["LoadBalancers"]).contains(where: {
          $0.resource == group
        }) {
          wire(balancer, [service.id], .route)
        }
      }
    }
  }

  /// An API stage's throttles, set on the API (a stage's rate limit caps every route).
  private mutating func stageThrottle(
    _ api: String?, stage: String, _ settings: TemplateNode?, key: String
  ) {
    guard let api, let settings else { return }
    if let rate = intrinsics.number(settings["ThrottlingRateLimit"]), rate > 0 {
      set(
        api, "rate_limit", FigureText.number(rate) + " rps",
        .template(
          "\(key).ThrottlingRateLimit of \(stage)",
          line: settings["ThrottlingRateLimit"]?.position?.line))
    }
    if let burst = intrinsics.number(settings["ThrottlingBurstLimit"]), burst > 0 {
      set(
        api, "burst_limit", FigureText.number(burst),
        .template(
          "\(key).ThrottlingBurstLimit of \(stage)",
          line: settings["ThrottlingBurstLimit"]?.position?.line))
    }
  }

  /// A service's calls (what its containers' environment names) and its task memory.
  private mutating func taskDefinition(of service: TemplateResource) {
    guard let id = intrinsics.references(in: service["TaskDefinition"]).first?.resource,
      let task = template.resource(id)
    else { return }
    wire(service.id, components(in: task["ContainerDefinitions"]), .call)
    if let memory = intrinsics.number(task["Memory"]), memory > 0 {
      set(
        service.id, "memory", FigureText.number(memory) + " MB",
        .template("Memory of \(id)", line: task["Memory"]?.position?.line))
    }
  }

  /// Counts each topic's subscriptions and each bus's rules.
  private mutating func countFanOut() {
    for component in components {
      let out = wires.filter { $0.from == component.resource && $0.role == .trigger }.count
      if component.kind == .topic, out > 0 {
        set(component.resource, "subscribers", String(out), .derived("subscriptions wired"))
      }
      if component.type == "AWS::Events::EventBus", out > 0 {
        set(component.resource, "rules", String(out), .derived("rules on this bus"))
      }
      let fromBus = wires.contains { wire in
        wire.to == component.resource
          && components.contains { $0.resource == wire.from && $0.type == "AWS::Events::EventBus" }
      }
      if component.type == "AWS::Events::Rule", fromBus {
        set(
          component.resource, "latency", "0 ms",
          .derived("the bus's hop carries EventBridge's delivery time"))
      }
    }
  }
}

/// How figures are written in the model file.
enum FigureText {
  /// `5`, `0.5`: a finite number as the model format writes it.
  /// - Parameter value: the number.
  /// - Returns: Its text.
  static func number(_ value: Double) -> String {
    value == value.rounded() && abs(value) < 1e15
      ? String(Int64(value)) : String(value)
  }
}
