import Foundation

/// Maps resource types to component kinds, and the properties a template states to the
/// kinds' parameters.
///
/// Defaults written as `AWS default:` are AWS's documented values for a property the
/// template leaves out: Lambda's 128 MB memory
/// (https://docs.aws.amazon.com/lambda/latest/dg/configuration-memory.html), 3 s timeout and
/// x86_64 architecture (AWS::Lambda::Function in the CloudFormation reference); Firehose's
/// 300 s buffering interval
/// (https://docs.aws.amazon.com/firehose/latest/APIReference/API_BufferingHints.html, read
/// 2026-12-07); a Kinesis shard's 1,000 records/s (datasets/quotas/aws.yaml); DynamoDB's
/// PROVISIONED billing mode and Step Functions' STANDARD type when unset.
///
/// A type with no kind of its own goes to the nearest kind and says so in the component's
/// notes (a Network Load Balancer is modelled as `lb`, a WebSocket API as `gateway`). A
/// property with no parameter to hold it (Firehose's buffer size, a stream's
/// parallelization factor) is kept as a note on the component and listed in the report, so
/// nothing the template states is dropped without a word.
struct ComponentMapping {
  /// Resource types that become components, with their kind.
  static let kinds: [String: ComponentKind] = [
    "AWS::Lambda::Function": .function,
    "AWS::ApiGateway::RestApi": .gateway, "AWS::ApiGatewayV2::Api": .gateway,
    "AWS::SQS::Queue": .queue, "AWS::SNS::Topic": .topic,
    "AWS::DynamoDB::Table": .database, "AWS::DynamoDB::GlobalTable": .database,
    "AWS::Events::EventBus": .bus, "AWS::Events::Rule": .bus, "AWS::Scheduler::Schedule": .bus,
    "AWS::Kinesis::Stream": .stream, "AWS::KinesisFirehose::DeliveryStream": .stream,
    "AWS::StepFunctions::StateMachine": .workflow,
    "AWS::ElastiCache::CacheCluster": .cache, "AWS::ElastiCache::ReplicationGroup": .cache,
    "AWS::ElastiCache::ServerlessCache": .cache, "AWS::DAX::Cluster": .cache,
    "AWS::CloudFront::Distribution": .cdn,
    "AWS::ElasticLoadBalancingV2::LoadBalancer": .lb,
    "AWS::ElasticLoadBalancing::LoadBalancer": .lb,
    "AWS::ECS::Service": .service, "AWS::S3::Bucket": .storage,
    "AWS::Cognito::UserPool": .auth, "AWS::WAFv2::WebACL": .waf,
    "AWS::Route53::RecordSet": .dns,
  ]

  /// Types read for their wiring or settings, which are not components themselves.
  static let supporting: Set<String> = [
    "AWS::IAM::Role", "AWS::IAM::Policy", "AWS::IAM::ManagedPolicy", "AWS::Lambda::Permission",
    "AWS::Lambda::EventSourceMapping", "AWS::Lambda::Version", "AWS::Lambda::Alias",
    "AWS::Lambda::EventInvokeConfig", "AWS::Logs::LogGroup", "AWS::SNS::Subscription",
    "AWS::SNS::TopicPolicy", "AWS::SQS::QueuePolicy", "AWS::S3::BucketPolicy",
    "AWS::ApiGateway::Method", "AWS::ApiGateway::Resource", "AWS::ApiGateway::Deployment",
    "AWS::ApiGateway::Stage", "AWS::ApiGateway::Authorizer", "AWS::ApiGateway::Account",
    "AWS::ApiGatewayV2::Integration", "AWS::ApiGatewayV2::Route", "AWS::ApiGatewayV2::Stage",
    "AWS::ApiGatewayV2::Authorizer", "AWS::ApiGatewayV2::Deployment",
    "AWS::CloudFront::OriginAccessControl",
    "AWS::CloudFront::CloudFrontOriginAccessIdentity", "AWS::CloudFront::CachePolicy",
    "AWS::ElasticLoadBalancingV2::Listener", "AWS::ElasticLoadBalancingV2::TargetGroup",
    "AWS::ElasticLoadBalancingV2::ListenerRule", "AWS::ECS::TaskDefinition",
    "AWS::ECS::Cluster", "AWS::Serverless::Connector", "Flowbook::S3::Notification",
    "AWS::WAFv2::WebACLAssociation", "AWS::Cognito::UserPoolClient",
    "AWS::Route53::HostedZone", "AWS::ElastiCache::SubnetGroup",
  ]

  let intrinsics: Intrinsics

  /// The component `resource` becomes, with the figures its properties state.
  /// - Parameters:
  ///   - resource: the resource.
  ///   - name: the component's name.
  /// - Returns: The component, or nil when the type is not a component.
  func component(_ resource: TemplateResource, name: String) -> ImportedComponent? {
    guard let kind = Self.kinds[resource.type] else { return nil }
    var component = ImportedComponent(
      name: name, resource: resource.id, type: resource.type, kind: kind,
      label: label(resource))
    var reader = FigureReader(resource: resource, intrinsics: intrinsics)
    switch kind {
    case .function: reader.function()
    case .gateway: reader.gateway()
    case .queue: reader.queue()
    case .database: reader.database()
    case .stream: reader.stream()
    case .workflow: reader.workflow()
    case .cache: reader.cache()
    case .cdn: reader.cdn()
    case .lb: reader.loadBalancer()
    case .service: reader.service()
    case .waf: reader.waf()
    case .dns: reader.dns()
    case .bus: reader.rule()
    case .topic, .storage, .auth: break
    }
    component.figures = reader.figures
    component.notes = reader.notes
    for placeholder in AssumedDefaults.placeholders(for: kind)
    where component.figure(placeholder.name) == nil {
      component.set(placeholder.name, placeholder.value, .assumed(placeholder.why))
    }
    return component
  }

  private func label(_ resource: TemplateResource) -> String {
    let service: String
    switch resource.type {
    case "AWS::Lambda::Function": service = "Lambda"
    case "AWS::ApiGateway::RestApi": service = "API Gateway REST API"
    case "AWS::ApiGatewayV2::Api":
      service = "API Gateway \(intrinsics.text(resource["ProtocolType"]) ?? "HTTP") API"
    case "AWS::SQS::Queue": service = "SQS"
    case "AWS::SNS::Topic": service = "SNS"
    case "AWS::DynamoDB::Table", "AWS::DynamoDB::GlobalTable": service = "DynamoDB"
    case "AWS::Events::EventBus": service = "EventBridge bus"
    case "AWS::Events::Rule":
      service = resource["ScheduleExpression"] == nil ? "EventBridge rule" : "EventBridge schedule"
    case "AWS::Kinesis::Stream": service = "Kinesis Data Streams"
    case "AWS::KinesisFirehose::DeliveryStream": service = "Firehose"
    case "AWS::StepFunctions::StateMachine": service = "Step Functions"
    case "AWS::CloudFront::Distribution": service = "CloudFront"
    case "AWS::S3::Bucket": service = "S3"
    case "AWS::ElasticLoadBalancingV2::LoadBalancer", "AWS::ElasticLoadBalancing::LoadBalancer":
      service = "Load balancer"
    case "AWS::ECS::Service": service = "ECS service"
    case "AWS::ElastiCache::CacheCluster", "AWS::ElastiCache::ReplicationGroup",
      "AWS::ElastiCache::ServerlessCache":
      service = "ElastiCache"
    case "AWS::DAX::Cluster": service = "DAX"
    case "AWS::Cognito::UserPool": service = "Cognito user pool"
    case "AWS::WAFv2::WebACL": service = "WAF web ACL"
    case "AWS::Route53::RecordSet": service = "Route 53 record"
    case "AWS::Scheduler::Schedule": service = "EventBridge Scheduler"
    default: service = resource.type.split(separator: ":").last.map(String.init) ?? resource.type
    }
    return "\(service) \(resource.id)"
  }
}

/// Reads one resource's stated figures into parameters (one method per kind).
private struct FigureReader {
  let resource: TemplateResource
  let intrinsics: Intrinsics
  var figures: [ImportedComponent.Figure] = []
  var notes: [String] = []

  init(resource: TemplateResource, intrinsics: Intrinsics) {
    self.resource = resource
    self.intrinsics = intrinsics
  }

  /// The property at `keys`, raw.
  private func property(_ keys: [String]) -> TemplateNode? {
    guard let first = keys.first else { return nil }
    var node = resource[first]
    for key in keys.dropFirst() { node = intrinsics.lookup(node, key) }
    return node
  }

  private mutating func add(_ name: String, _ value: String, from keys: [String]) {
    let node = property(keys)
    figures.removeAll { $0.name == name }
    figures.append(
      .init(
        name: name, value: value,
        provenance: .template(keys.joined(separator: "."), line: node?.position?.line)))
  }

  /// Adds a number stated at `keys` as `name`, written `N unit`.
  private mutating func number(
    _ name: String, _ keys: String..., unit: String = "", scale: Double = 1,
    positive: Bool = true
  ) {
    guard let value = intrinsics.number(property(keys)), value >= 0, !positive || value > 0
    else {
      if let node = property(keys) {
        let line = node.position.map { " (line \($0.line))" } ?? ""
        notes.append(
          "\(keys.joined(separator: "."))\(line): not a usable number here (unknown until "
            + "deployment, or out of range); \(name) is left to its default")
      }
      return
    }
    add(name, Self.format(value * scale) + (unit.isEmpty ? "" : " " + unit), from: keys)
  }

  private mutating func awsDefault(_ name: String, _ value: String, _ why: String) {
    guard !figures.contains(where: { $0.name == name }) else { return }
    figures.append(.init(name: name, value: value, provenance: .awsDefault(why)))
  }

  /// A note for a stated property that has no parameter.
  private mutating func unmodelled(_ keys: String..., what: String) {
    guard let node = property(keys), let text = intrinsics.text(node) else { return }
    let line = node.position.map { " (line \($0.line))" } ?? ""
    notes.append("\(keys.joined(separator: ".")): \(text)\(line): \(what)")
  }

  static func format(_ value: Double) -> String {
    value == value.rounded() && abs(value) < 1e15
      ? String(Int64(value)) : String(format: "%g", value)
  }

  // MARK: - Kinds

  mutating func function() {
    number("memory", "MemorySize", unit: "MB")
    awsDefault("memory", "128 MB", "MemorySize (Lambda Developer Guide, configuration-memory)")
    number("timeout", "Timeout", unit: "s")
    awsDefault("timeout", "3 s", "Timeout (AWS::Lambda::Function)")
    number("reserved_concurrency", "ReservedConcurrentExecutions", positive: false)
    number(
      "provisioned_concurrency", "ProvisionedConcurrencyConfig",
      "ProvisionedConcurrentExecutions")
    number("ephemeral_storage", "EphemeralStorage", "Size", unit: "MB")
    if let architecture = intrinsics.resolve(resource["Architectures"])?.list.first?.scalar,
      ["x86_64", "arm64"].contains(architecture)
    {
      add("architecture", architecture, from: ["Architectures"])
    } else {
      awsDefault("architecture", "x86_64", "Architectures (AWS::Lambda::Function)")
    }
    if let runtime = intrinsics.text(resource["Runtime"]), Self.isPlainWord(runtime) {
      add("runtime", runtime, from: ["Runtime"])
    }
  }

  mutating func gateway() {
    // SAM's Api and HttpApi carry their stage's throttles on the API itself.
    if let settings = intrinsics.resolve(resource["MethodSettings"])?.list,
      let index = settings.firstIndex(where: { $0["ThrottlingRateLimit"] != nil })
    {
      let keys = ["MethodSettings", String(index)]
      throttle(settings[index], keys)
    }
    if resource["DefaultRouteSettings"] != nil {
      throttle(intrinsics.resolve(resource["DefaultRouteSettings"]), ["DefaultRouteSettings"])
    }
    if resource.type == "AWS::ApiGateway::RestApi" {
      figures.append(.init(name: "api_type", value: "rest", provenance: .derived("a REST API")))
    } else {
      switch intrinsics.text(resource["ProtocolType"]) {
      case "HTTP", nil:
        figures.append(.init(name: "api_type", value: "http", provenance: .derived("an HTTP API")))
      case let other?:
        notes.append(
          "ProtocolType \(other): modelled as the nearest kind, gateway (no WebSocket kind; "
            + "priced as an HTTP API is not right for messages)")
      }
    }
  }

  /// A stage's throttles: `ThrottlingRateLimit` and `ThrottlingBurstLimit`.
  private mutating func throttle(_ settings: TemplateNode?, _ keys: [String]) {
    if let rate = intrinsics.number(settings?["ThrottlingRateLimit"]), rate > 0 {
      figures.append(
        .init(
          name: "rate_limit", value: Self.format(rate) + " rps",
          provenance: .template(
            (keys + ["ThrottlingRateLimit"]).joined(separator: "."),
            line: settings?["ThrottlingRateLimit"]?.position?.line)))
    }
    if let burst = intrinsics.number(settings?["ThrottlingBurstLimit"]), burst > 0 {
      figures.append(
        .init(
          name: "burst_limit", value: Self.format(burst),
          provenance: .template(
            (keys + ["ThrottlingBurstLimit"]).joined(separator: "."),
            line: settings?["ThrottlingBurstLimit"]?.position?.line)))
    }
  }

  mutating func queue() {
    if intrinsics.bool(resource["FifoQueue"]) == true { add("type", "fifo", from: ["FifoQueue"]) }
    number("visibility_timeout", "VisibilityTimeout", unit: "s")
    number("retention", "MessageRetentionPeriod", unit: "s")
    number("message_size", "MaximumMessageSize", unit: "B")
    if let count = intrinsics.number(redrive("maxReceiveCount")), count >= 1 {
      add("max_receive_count", Self.format(count), from: ["RedrivePolicy", "maxReceiveCount"])
    }
  }

  /// A key of the queue's redrive policy (a mapping, or JSON text as some templates write).
  private func redrive(_ key: String) -> TemplateNode? {
    guard let policy = resource["RedrivePolicy"] else { return nil }
    if let node = intrinsics.lookup(policy, key) { return node }
    guard let text = intrinsics.text(policy), text.utf8.count < 4096,
      let object = try? JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any],
      let value = object[key]
    else { return nil }
    return .text("\(value)", at: policy.position)
  }

  mutating func database() {
    let mode = intrinsics.text(resource["BillingMode"])
    if mode == "PAY_PER_REQUEST" {
      add("capacity_mode", "on-demand", from: ["BillingMode"])
    } else if mode == "PROVISIONED" {
      add("capacity_mode", "provisioned", from: ["BillingMode"])
    } else if resource["ProvisionedThroughput"] != nil {
      figures.append(
        .init(
          name: "capacity_mode", value: "provisioned",
          provenance: .awsDefault("BillingMode (AWS::DynamoDB::Table)")))
    }
    number("read_capacity", "ProvisionedThroughput", "ReadCapacityUnits", unit: "rps")
    number("write_capacity", "ProvisionedThroughput", "WriteCapacityUnits", unit: "rps")
  }

  mutating func stream() {
    if resource.type == "AWS::KinesisFirehose::DeliveryStream" {
      let destination = [
        "ExtendedS3DestinationConfiguration", "S3DestinationConfiguration",
        "RedshiftDestinationConfiguration", "HttpEndpointDestinationConfiguration",
      ].first { resource[$0] != nil }
      if let destination {
        number("buffer_interval", destination, "BufferingHints", "IntervalInSeconds", unit: "s")
        unmodelled(
          destination, "BufferingHints", "SizeInMBs",
          what: "buffer size has no parameter (delivery is by the interval)")
      }
      awsDefault(
        "buffer_interval", "300 s", "IntervalInSeconds (Firehose API Reference, BufferingHints)")
      if let interval = figures.first(where: { $0.name == "buffer_interval" })?.value {
        figures.append(
          .init(
            name: "latency", value: "{lower: 0 s, upper: \(interval)}",
            provenance: .derived("a record waits for the buffer, at most the interval")))
      }
      return
    }
    if intrinsics.text(property(["StreamModeDetails", "StreamMode"])) == "ON_DEMAND" {
      notes.append("StreamMode ON_DEMAND: no shard count; Kinesis scales the shards")
    } else {
      number("shards", "ShardCount")
      figures.append(
        .init(
          name: "shard_write_rate", value: "1000 rps",
          provenance: .awsDefault(
            "1,000 records/s per shard (quotas/aws.yaml kinesis.shard.write_records)")))
    }
    number("retention", "RetentionPeriodHours", unit: "h")
  }

  mutating func workflow() {
    let type = intrinsics.text(resource["StateMachineType"])?.uppercased()
    if type == "EXPRESS" {
      add("type", "express", from: ["StateMachineType"])
    } else if type == "STANDARD" {
      add("type", "standard", from: ["StateMachineType"])
    } else {
      figures.append(
        .init(
          name: "type", value: "standard",
          provenance: .awsDefault("StateMachineType (AWS::StepFunctions::StateMachine)")))
    }
    if let states = stateCount(), states > 0 {
      figures.append(
        .init(
          name: "state_transitions", value: String(states),
          provenance: .derived("one transition per state of the definition")))
    }
  }

  /// The number of top-level states in the definition (a mapping, or JSON text).
  private func stateCount() -> Int? {
    if let definition = resource["Definition"], let states = intrinsics.lookup(definition, "States")
    {
      return states.entries.count
    }
    let text =
      intrinsics.text(resource["DefinitionString"])
      ?? (resource["DefinitionString"]?.intrinsic?.argument).flatMap { argument in
        argument.scalar ?? argument.list.first?.scalar
      }
    guard let text, text.utf8.count < 1 << 20,
      let object = try? JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any],
      let states = object["States"] as? [String: Any]
    else { return nil }
    return states.count
  }

  mutating func cache() {
    switch resource.type {
    case "AWS::DAX::Cluster":
      if let type = intrinsics.text(resource["NodeType"]), Self.isPlainWord(type) {
        add("node_type", type, from: ["NodeType"])
      }
      number("nodes", "ReplicationFactor")
    case "AWS::ElastiCache::ServerlessCache":
      notes.append("ElastiCache Serverless: no nodes to count")
    default:
      if let type = intrinsics.text(resource["CacheNodeType"]), Self.isPlainWord(type) {
        add("node_type", type, from: ["CacheNodeType"])
      }
      number("nodes", "NumCacheNodes")
      number("nodes", "NumCacheClusters")
    }
  }

  mutating func cdn() {
    number("ttl", "DistributionConfig", "DefaultCacheBehavior", "DefaultTTL", unit: "s")
  }

  mutating func loadBalancer() {
    let type = intrinsics.text(resource["Type"]) ?? "application"
    if type != "application" {
      notes.append("Type \(type): modelled as the nearest kind, lb (an ALB)")
    }
    let subnets = intrinsics.resolve(resource["Subnets"])?.list.count ?? 0
    if subnets > 0 { add("zones", String(subnets), from: ["Subnets"]) }
  }

  mutating func service() {
    number("tasks", "DesiredCount", positive: false)
  }

  mutating func waf() {
    let rules = intrinsics.resolve(resource["Rules"])?.list.count ?? 0
    if rules > 0 { add("rules", String(rules), from: ["Rules"]) }
  }

  mutating func dns() {
    number("ttl", "TTL", unit: "s")
    if resource["AliasTarget"] != nil { add("alias", "yes", from: ["AliasTarget"]) }
  }

  mutating func rule() {
    guard resource.type == "AWS::Events::Rule" else { return }
    let targets = intrinsics.resolve(resource["Targets"])?.list.count ?? 0
    if targets > 0 { add("targets", String(targets), from: ["Targets"]) }
    figures.append(.init(name: "rules", value: "1", provenance: .derived("one rule")))
  }

  /// Whether `text` can be written unquoted as a text parameter.
  static func isPlainWord(_ text: String) -> Bool {
    !text.isEmpty && text.count <= 64
      && text.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || "._-".contains($0)) }
  }
}
