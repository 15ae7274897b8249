import Quantities

/// The kinds of service a path model is built from: every service the two seeds name.
///
/// Each kind carries its schema (`ComponentKind+Schema.swift`), the one place that says which
/// parameters a component of that kind may have, their dimensions, meanings and defaults.
/// The loader checks model files against it, `set` checks values against it, and the
/// later analyses (cost, capacity, cache, failover) read the parameters it names.
public enum ComponentKind: String, Sendable, Hashable, CaseIterable {
  /// Route 53: DNS resolution, health checks and failover routing.
  case dns
  /// CloudFront: the edge cache in front of the origin.
  case cdn
  /// AWS WAF (+ Shield): request filtering and per-IP rate limits.
  case waf
  /// Application Load Balancer.
  case lb
  /// API Gateway: throttling, auth, request routing; billed per million calls.
  case gateway
  /// Lambda: a function with cold and warm starts, memory and concurrency limits.
  case function
  /// A container service (ECS / Fargate).
  case service
  /// ElastiCache Redis or DAX.
  case cache
  /// DynamoDB.
  case database
  /// S3.
  case storage
  /// SQS, standard or FIFO, with an optional dead-letter queue.
  case queue
  /// SNS.
  case topic
  /// EventBridge.
  case bus
  /// Kinesis Data Streams or Firehose, and DynamoDB Streams.
  case stream
  /// Step Functions (Express or Standard).
  case workflow
  /// Cognito user pools (or an authorizer).
  case auth

  /// One line saying what the kind models, with the AWS services it stands for.
  public var summary: String {
    switch self {
    case .dns: return "DNS resolution and health-checked failover (Route 53)"
    case .cdn: return "edge cache in front of the origin (CloudFront)"
    case .waf: return "request filtering and rate limiting (WAF, Shield)"
    case .lb: return "load balancer (ALB)"
    case .gateway: return "API front door: throttling, auth, per-call price (API Gateway)"
    case .function: return "serverless function with cold starts (Lambda)"
    case .service: return "container service (ECS, Fargate)"
    case .cache: return "in-memory cache (ElastiCache Redis, DAX)"
    case .database: return "key-value database (DynamoDB)"
    case .storage: return "object storage (S3)"
    case .queue: return "message queue, standard or FIFO (SQS)"
    case .topic: return "pub/sub fan-out (SNS)"
    case .bus: return "event bus with routing rules (EventBridge)"
    case .stream: return "ordered stream or delivery stream (Kinesis, Firehose, DDB Streams)"
    case .workflow: return "state machine (Step Functions)"
    case .auth: return "user authentication and tokens (Cognito)"
    }
  }

  /// The schema row for `name`, or nil if kinds of this sort have no such parameter.
  public func spec(named name: String) -> ParameterSpec? {
    schema.first { $0.name == name }
  }

  /// Every parameter name this kind accepts, for suggestions and completion.
  public var parameterNames: [String] { schema.map(\.name) }
}
