import Foundation

/// Reads a Terraform plan (`terraform show -json PLAN`) into CloudFormation-shaped
/// resources, so that the mapping and the wiring are shared with templates.
///
/// The format is HashiCorp's "JSON Output Format"
/// (https://developer.hashicorp.com/terraform/internals/json-format, read 2026-12-07):
/// `planned_values.root_module.resources[]` holds each resource's `address`, `type`,
/// `name` and planned `values`, with `child_modules[]` nested below; and
/// `configuration.root_module.resources[].expressions` holds, per attribute, either a
/// `constant_value` or the `references` it was written with (`aws_sqs_queue.orders.arn`).
/// Planned values give the figures; references give the wiring, since an ARN is unknown
/// until apply. Each supported `aws_*` type is translated to the CloudFormation type and
/// property names the rest of the importer reads.
struct TerraformPlan {
  /// Deepest module nesting read.
  static let maximumModuleDepth = 16

  let root: TemplateNode
  private var planned: [(module: String, node: TemplateNode)] = []
  private var expressions: [String: TemplateNode] = [:]
  private var addresses: Set<String> = []
  private var notes: [String] = []

  /// Whether `root` looks like a plan rather than a template.
  /// - Parameter root: the file's root node.
  /// - Returns: True when it has `format_version` and planned values or changes.
  static func isPlan(_ root: TemplateNode) -> Bool {
    root["format_version"] != nil
      && (root["planned_values"] != nil || root["resource_changes"] != nil
        || root["terraform_version"] != nil)
  }

  init(root: TemplateNode) {
    self.root = root
  }

  /// The plan's resources in CloudFormation's terms.
  /// - Returns: The expanded template.
  /// - Throws: `ImportError` for a plan of an unsupported major version or wrong shape.
  mutating func expand() throws(ImportError) -> ExpandedTemplate {
    if let version = root["format_version"]?.scalar, !version.hasPrefix("1.") {
      throw ImportError(
        "format_version \(version): this flowbook reads Terraform's JSON format 1.x",
        at: root["format_version"]?.position)
    }
    guard let module = root["planned_values", "root_module"], module.isMap else {
      throw ImportError(
        "the plan has no planned_values.root_module (write it with terraform show -json PLAN)",
        at: root.position)
    }
    try collectPlanned(module, depth: 0)
    if let configuration = root["configuration", "root_module"] {
      collectExpressions(configuration, prefix: "", depth: 0)
    }
    guard planned.count <= CloudFormationTemplate.maximumResources else {
      throw ImportError(
        "the plan has \(planned.count) resources; an import is limited to "
          + "\(CloudFormationTemplate.maximumResources)", at: module.position)
    }
    var resources: [TemplateResource] = []
    for (_, node) in planned {
      guard let address = node["address"]?.scalar, let type = node["type"]?.scalar else {
        continue
      }
      if node["mode"]?.scalar == "data" {
        notes.append("\(address): a data source (read, not managed): not modelled")
        continue
      }
      let values = node["values"] ?? .map([])
      var translator = TerraformResource(
        address: address, values: values, expressions: expressions[address] ?? .map([]),
        addresses: addresses)
      let (cfnType, properties) = translator.translate(type)
      var resource = TemplateResource(
        id: address, type: cfnType ?? type, properties: properties, position: node.position)
      resource.preferredName = node["name"]?.scalar
      resources.append(resource)
    }
    return ExpandedTemplate(
      format: "Terraform plan", resources: resources, intrinsics: Intrinsics(resources: addresses),
      notes: notes)
  }

  private mutating func collectPlanned(_ module: TemplateNode, depth: Int) throws(ImportError) {
    guard depth < Self.maximumModuleDepth else {
      throw ImportError(
        "modules nest more than \(Self.maximumModuleDepth) deep here", at: module.position)
    }
    for resource in module["resources"]?.list ?? [] {
      planned.append((module["address"]?.scalar ?? "", resource))
      if let address = resource["address"]?.scalar { addresses.insert(address) }
    }
    for child in module["child_modules"]?.list ?? [] {
      try collectPlanned(child, depth: depth + 1)
    }
  }

  private mutating func collectExpressions(_ module: TemplateNode, prefix: String, depth: Int) {
    guard depth < Self.maximumModuleDepth else { return }
    for resource in module["resources"]?.list ?? [] {
      guard let address = resource["address"]?.scalar else { continue }
      let full = prefix + address
      let expressions = resource["expressions"] ?? .map([])
      for planned in addresses where planned == full || planned.hasPrefix(full + "[") {
        self.expressions[planned] = expressions
      }
    }
    for call in module["module_calls"]?.entries ?? [] {
      if let inner = call.value["module"] {
        collectExpressions(inner, prefix: prefix + "module.\(call.key).", depth: depth + 1)
      }
    }
  }
}

/// One Terraform resource translated to a CloudFormation type and properties.
private struct TerraformResource {
  let address: String
  let values: TemplateNode
  let expressions: TemplateNode
  let addresses: Set<String>

  /// The planned value of `key` (null counts as absent).
  private func value(_ keys: String...) -> TemplateNode? {
    var node: TemplateNode? = values
    for key in keys {
      // A nested block is a list of one object (`ephemeral_storage: [{size: 512}]`).
      if case .list(let items)? = node?.value, let first = items.first { node = first }
      node = node?[key]
    }
    switch node?.value {
    case .scalar("null")?: return nil
    case .list(let items)? where items.isEmpty: return nil
    default: return node
    }
  }

  /// The references written in attribute `key` (anywhere below it), as `Ref`/`GetAtt`.
  private func refs(_ key: String) -> TemplateNode {
    var found: [String] = []
    collect(expressions[key], into: &found, depth: 0)
    var seen = Set<String>()
    let nodes = found.compactMap(reference).filter { seen.insert($0.0 + ($0.1 ?? "")).inserted }
      .map { pair in pair.1.map { TemplateNode.getAtt(pair.0, $0) } ?? .ref(pair.0) }
    return TemplateNode(.list(nodes))
  }

  private func collect(_ node: TemplateNode?, into found: inout [String], depth: Int) {
    guard let node, depth < 32 else { return }
    if let references = node["references"] {
      found += references.list.compactMap(\.scalar)
    }
    for entry in node.entries where entry.key != "references" {
      collect(entry.value, into: &found, depth: depth + 1)
    }
    for item in node.list { collect(item, into: &found, depth: depth + 1) }
  }

  /// `aws_sqs_queue.orders.arn` → (`aws_sqs_queue.orders`, `Arn`), within this module.
  private func reference(_ text: String) -> (String, String?)? {
    let prefix = modulePrefix
    var parts = text.split(separator: ".").map(String.init)
    while parts.count >= 2 {
      let candidate = prefix + parts.joined(separator: ".")
      if addresses.contains(candidate) || addresses.contains(candidate + "[0]") {
        let target = addresses.contains(candidate) ? candidate : candidate + "[0]"
        let attribute = text.split(separator: ".").dropFirst(parts.count).first.map(String.init)
        return (target, attribute == "stream_arn" ? "StreamArn" : attribute)
      }
      parts.removeLast()
    }
    return nil
  }

  /// `module.a.module.b.` for a resource inside modules, else empty.
  private var modulePrefix: String {
    var parts = address.split(separator: ".").map(String.init)
    var prefix = ""
    while parts.count >= 2, parts[0] == "module" {
      prefix += "module.\(parts[1])."
      parts.removeFirst(2)
    }
    return prefix
  }

  private func map(_ pairs: [(String, TemplateNode?)]) -> TemplateNode {
    .map(pairs.compactMap { pair in pair.1.map { (pair.0, $0) } })
  }

  /// The CloudFormation type and properties of a resource of Terraform type `type`.
  mutating func translate(_ type: String) -> (String?, TemplateNode) {
    switch type {
    case "aws_lambda_function":
      let reserved = value("reserved_concurrent_executions").flatMap {
        $0.scalar == "-1" ? nil : $0
      }
      return (
        "AWS::Lambda::Function",
        map([
          ("MemorySize", value("memory_size")), ("Timeout", value("timeout")),
          ("ReservedConcurrentExecutions", reserved), ("Architectures", value("architectures")),
          ("Runtime", value("runtime")),
          ("EphemeralStorage", value("ephemeral_storage", "size").map { map([("Size", $0)]) }),
          ("Environment", refs("environment")), ("Role", refs("role")),
        ])
      )
    case "aws_lambda_provisioned_concurrency_config":
      return (
        "AWS::Lambda::Alias",
        map([
          ("FunctionName", refs("function_name")),
          (
            "ProvisionedConcurrencyConfig",
            map([("ProvisionedConcurrentExecutions", value("provisioned_concurrent_executions"))])
          ),
        ])
      )
    case "aws_lambda_event_source_mapping":
      return (
        "AWS::Lambda::EventSourceMapping",
        map([
          ("EventSourceArn", refs("event_source_arn")), ("FunctionName", refs("function_name")),
          ("BatchSize", value("batch_size")),
          ("ParallelizationFactor", value("parallelization_factor")),
          ("FunctionResponseTypes", value("function_response_types")),
        ])
      )
    case "aws_sqs_queue":
      return (
        "AWS::SQS::Queue",
        map([
          ("VisibilityTimeout", value("visibility_timeout_seconds")),
          ("MessageRetentionPeriod", value("message_retention_seconds")),
          ("FifoQueue", value("fifo_queue")), ("MaximumMessageSize", value("max_message_size")),
          (
            "RedrivePolicy",
            expressions["redrive_policy"] == nil && value("redrive_policy") == nil
              ? nil
              : map([
                ("deadLetterTargetArn", refs("redrive_policy")),
                ("maxReceiveCount", redriveCount()),
              ])
          ),
        ])
      )
    case "aws_dynamodb_table":
      let provisioned = value("billing_mode")?.scalar != "PAY_PER_REQUEST"
      return (
        "AWS::DynamoDB::Table",
        map([
          ("BillingMode", value("billing_mode")),
          (
            "ProvisionedThroughput",
            provisioned
              ? map([
                ("ReadCapacityUnits", value("read_capacity")),
                ("WriteCapacityUnits", value("write_capacity")),
              ]) : nil
          ),
          (
            "StreamSpecification",
            value("stream_enabled")?.scalar == "true"
              ? map([("StreamViewType", value("stream_view_type"))]) : nil
          ),
        ])
      )
    case "aws_kinesis_stream":
      return (
        "AWS::Kinesis::Stream",
        map([
          ("ShardCount", value("shard_count")),
          ("RetentionPeriodHours", value("retention_period")),
          (
            "StreamModeDetails",
            value("stream_mode_details", "stream_mode").map { map([("StreamMode", $0)]) }
          ),
        ])
      )
    case "aws_kinesis_firehose_delivery_stream":
      let interval =
        value("extended_s3_configuration", "buffering_interval")
        ?? value("extended_s3_configuration", "buffer_interval")
      let size =
        value("extended_s3_configuration", "buffering_size")
        ?? value("extended_s3_configuration", "buffer_size")
      return (
        "AWS::KinesisFirehose::DeliveryStream",
        map([
          (
            "ExtendedS3DestinationConfiguration",
            map([
              ("BufferingHints", map([("IntervalInSeconds", interval), ("SizeInMBs", size)])),
              ("BucketARN", refs("extended_s3_configuration")),
            ])
          ),
          (
            "KinesisStreamSourceConfiguration",
            map([("KinesisStreamARN", refs("kinesis_source_configuration"))])
          ),
        ])
      )
    case "aws_sns_topic": return ("AWS::SNS::Topic", .map([]))
    case "aws_sns_topic_subscription":
      return (
        "AWS::SNS::Subscription",
        map([("TopicArn", refs("topic_arn")), ("Endpoint", refs("endpoint"))])
      )
    case "aws_cloudwatch_event_bus": return ("AWS::Events::EventBus", .map([]))
    case "aws_cloudwatch_event_rule":
      return (
        "AWS::Events::Rule",
        map([
          ("EventBusName", refs("event_bus_name")),
          ("ScheduleExpression", value("schedule_expression")),
        ])
      )
    case "aws_cloudwatch_event_target":
      return (
        "Flowbook::Events::Target", map([("Rule", refs("rule")), ("Arn", refs("arn"))])
      )
    case "aws_api_gateway_rest_api": return ("AWS::ApiGateway::RestApi", .map([]))
    case "aws_api_gateway_integration":
      return (
        "AWS::ApiGateway::Method",
        map([
          ("RestApiId", refs("rest_api_id")), ("HttpMethod", value("http_method")),
          ("Integration", map([("Uri", refs("uri"))])),
        ])
      )
    case "aws_apigatewayv2_api":
      return ("AWS::ApiGatewayV2::Api", map([("ProtocolType", value("protocol_type"))]))
    case "aws_apigatewayv2_integration":
      return (
        "AWS::ApiGatewayV2::Integration",
        map([
          ("ApiId", refs("api_id")), ("IntegrationUri", refs("integration_uri")),
          ("RequestParameters", refs("request_parameters")),
        ])
      )
    case "aws_sfn_state_machine":
      return (
        "AWS::StepFunctions::StateMachine",
        map([
          ("StateMachineType", value("type")), ("DefinitionString", value("definition")),
          ("Definition", refs("definition")),
        ])
      )
    case "aws_s3_bucket": return ("AWS::S3::Bucket", .map([]))
    case "aws_s3_bucket_notification":
      return (
        "Flowbook::S3::Notification",
        map([
          ("Bucket", refs("bucket")),
          (
            "Target",
            TemplateNode(
              .list(refs("lambda_function").list + refs("queue").list + refs("topic").list))
          ),
        ])
      )
    case "aws_cloudfront_distribution":
      let origins = (expressions["origin"]?.list ?? []).map { origin in
        map([("DomainName", TemplateNode(.list(subrefs(origin["domain_name"])))), ("Id", nil)])
      }
      return (
        "AWS::CloudFront::Distribution",
        map([
          (
            "DistributionConfig",
            map([
              ("Origins", TemplateNode(.list(origins))),
              (
                "DefaultCacheBehavior",
                map([("DefaultTTL", value("default_cache_behavior", "default_ttl"))])
              ),
            ])
          )
        ])
      )
    case "aws_elasticache_cluster":
      return (
        "AWS::ElastiCache::CacheCluster",
        map([("CacheNodeType", value("node_type")), ("NumCacheNodes", value("num_cache_nodes"))])
      )
    case "aws_elasticache_replication_group":
      return (
        "AWS::ElastiCache::ReplicationGroup",
        map([
          ("CacheNodeType", value("node_type")), ("NumCacheClusters", value("num_cache_clusters")),
        ])
      )
    case "aws_lb", "aws_alb":
      return (
        "AWS::ElasticLoadBalancingV2::LoadBalancer",
        map([("Type", value("load_balancer_type")), ("Subnets", value("subnets"))])
      )
    case "aws_ecs_service":
      return ("AWS::ECS::Service", map([("DesiredCount", value("desired_count"))]))
    case "aws_cognito_user_pool": return ("AWS::Cognito::UserPool", .map([]))
    case "aws_wafv2_web_acl": return ("AWS::WAFv2::WebACL", .map([]))
    case "aws_iam_role":
      return ("AWS::IAM::Role", map([("Policies", refs("inline_policy"))]))
    case "aws_iam_role_policy":
      return (
        "AWS::IAM::Policy",
        map([("Roles", refs("role")), ("PolicyDocument", refs("policy"))])
      )
    case "aws_lambda_permission", "aws_cloudwatch_log_group", "aws_sqs_queue_policy",
      "aws_s3_bucket_policy", "aws_api_gateway_deployment", "aws_api_gateway_stage",
      "aws_api_gateway_resource", "aws_api_gateway_method", "aws_apigatewayv2_route",
      "aws_apigatewayv2_stage", "aws_iam_policy", "aws_iam_role_policy_attachment",
      "aws_sns_topic_policy", "aws_sqs_queue_redrive_policy":
      return ("Flowbook::Supporting::" + type, .map([]))
    default:
      return (nil, .map([]))
    }
  }

  /// References inside one configuration block's expression.
  private func subrefs(_ node: TemplateNode?) -> [TemplateNode] {
    var found: [String] = []
    collect(node, into: &found, depth: 0)
    return found.compactMap(reference).map { pair in
      pair.1.map { TemplateNode.getAtt(pair.0, $0) } ?? .ref(pair.0)
    }
  }

  /// `maxReceiveCount` from the planned redrive policy (JSON text), when known.
  private func redriveCount() -> TemplateNode? {
    guard let text = value("redrive_policy")?.scalar,
      let range = text.range(of: "\"maxReceiveCount\"")
    else { return nil }
    let digits = text[range.upperBound...].drop { !$0.isNumber }.prefix { $0.isNumber }
    return digits.isEmpty ? nil : .text(String(digits))
  }
}
