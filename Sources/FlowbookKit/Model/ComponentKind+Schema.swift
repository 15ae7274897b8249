import Quantities

/// The parameter schema of every component kind, in one table.
///
/// Names follow the seeds' vocabulary (`hit_rate`, `cold_start`, `batch_size`,
/// `visibility_timeout`), so that a figure in a design note maps to one address. Defaults
/// are given only where AWS documents one (an SQS visibility timeout of 30 s, a
/// Lambda timeout of 3 s, a Route 53 failure threshold of 3); elsewhere a missing value
/// stays missing and an analysis that needs it says so.
extension ComponentKind {
  /// Parameters every kind has: the hop's latency, its budget, its availability.
  public static let common: [ParameterSpec] = [
    ParameterSpec("label", .text, "the service's name as people say it (shown in reports)"),
    ParameterSpec("latency", .distribution, "time one request spends in this hop"),
    ParameterSpec("budget", .quantity(.time), "the hop's share of the p99 latency budget"),
    ParameterSpec("availability", .fraction, "share of time the service answers"),
  ]

  /// The kind's parameters: the common ones, then its own.
  public var schema: [ParameterSpec] { Self.common + own }

  private var own: [ParameterSpec] {
    switch self {
    case .dns: return Self.dnsSpecs
    case .cdn: return Self.cdnSpecs
    case .waf: return Self.wafSpecs
    case .lb: return Self.lbSpecs
    case .gateway: return Self.gatewaySpecs
    case .function: return Self.functionSpecs
    case .service: return Self.serviceSpecs
    case .cache: return Self.cacheSpecs
    case .database: return Self.databaseSpecs
    case .storage: return Self.storageSpecs
    case .queue: return Self.queueSpecs
    case .topic: return Self.topicSpecs
    case .bus: return Self.busSpecs
    case .stream: return Self.streamSpecs
    case .workflow: return Self.workflowSpecs
    case .auth: return Self.authSpecs
    }
  }

  // MARK: - Edge

  static let dnsSpecs: [ParameterSpec] = [
    ParameterSpec("ttl", .quantity(.time), "how long resolvers cache an answer"),
    ParameterSpec(
      "health_check_interval", .quantity(.time), "time between health checks",
      default: time(30)),
    ParameterSpec(
      "failure_threshold", .count, "failed checks before an endpoint is unhealthy",
      default: count(3)),
    ParameterSpec("health_checkers", .count, "checkers that must agree"),
    ParameterSpec("failover_time", .quantity(.time), "time to route away from a failed region"),
    ParameterSpec(
      "routing", .text, "routing policy (latency, geolocation, weighted, failover)",
      choices: [
        "simple", "weighted", "failover", "latency", "geolocation", "geoproximity", "ip",
        "multivalue",
      ], combinable: true),
    ParameterSpec(
      "resolver_hit_rate", .fraction,
      "share of lookups answered by resolver caches (never reach Route 53)"),
    ParameterSpec(
      "alias", .text,
      "yes when the records are aliases to AWS resources (CloudFront, ELB…): queries are free",
      choices: ["yes", "no"]),
    ParameterSpec("hosted_zones", .count, "hosted zones billed per month"),
    ParameterSpec("health_checks", .count, "health checks of AWS endpoints billed per month"),
  ]

  static let cdnSpecs: [ParameterSpec] = [
    ParameterSpec("hit_rate", .fraction, "share of requests answered from the edge cache"),
    ParameterSpec("ttl", .quantity(.time), "how long the edge keeps a response"),
    ParameterSpec("edge_locations", .count, "points of presence"),
    ParameterSpec("price", .quantity(.money), "price per request (e.g. $1 / 1M req)"),
    ParameterSpec("transfer_price", .quantity(.money / .data), "price per byte out"),
    ParameterSpec(
      "geography", .text,
      "where viewers are, for data-transfer prices: REGION SHARE, … (us 40%, europe 35%, "
        + "india 25%; regions: " + CDNGeography.regions.joined(separator: " ") + ")",
      shares: CDNGeography.regions),
    ParameterSpec(
      "rate_limit", .quantity(.rate),
      "requests/s the distribution accepts (AWS default 250,000, adjustable)"),
    ParameterSpec(
      "bandwidth_limit", .quantity(.dataRate),
      "bytes/s the distribution sends (AWS default 150 Gbps, adjustable)"),
  ]

  static let wafSpecs: [ParameterSpec] = [
    ParameterSpec("rate_limit", .quantity(.rate), "requests allowed per client IP"),
    ParameterSpec("block_rate", .fraction, "share of requests blocked"),
    ParameterSpec("rules", .count, "rules or rule groups in the web ACL (billed per month)"),
    ParameterSpec("price", .quantity(.money), "price per request inspected"),
  ]

  static let lbSpecs: [ParameterSpec] = [
    ParameterSpec("connection_draining", .quantity(.time), "grace period for in-flight requests"),
    ParameterSpec("health_check_timeout", .quantity(.time), "a target must answer within this"),
    ParameterSpec(
      "lcus", .count,
      "load balancer capacity units used on average (else derived from the load)"),
    ParameterSpec(
      "requests_per_connection", .count,
      "requests a client connection carries (keep-alive), for the new-connections LCU"),
    ParameterSpec(
      "connection_time", .quantity(.time),
      "how long a client connection stays open, for the active-connections LCU"),
    ParameterSpec(
      "health_check_interval", .quantity(.time), "time between target health checks",
      default: time(30)),
    ParameterSpec(
      "unhealthy_threshold", .count, "failed checks before a target is unhealthy",
      default: count(2)),
    ParameterSpec("zones", .count, "availability zones with targets"),
    ParameterSpec("target_utilization", .fraction, "how busy the targets are in normal running"),
    ParameterSpec("price", .quantity(.moneyRate), "hourly price (per LB)"),
  ]

  static let gatewaySpecs: [ParameterSpec] =
    [
      ParameterSpec("rate_limit", .quantity(.rate), "account/stage throttle (steady rate)"),
      ParameterSpec("burst_limit", .count, "token-bucket burst size"),
      ParameterSpec("throttle_rate", .fraction, "share of requests answered 429"),
      ParameterSpec("auth_cache_ttl", .quantity(.time), "how long an authorizer result is cached"),
      ParameterSpec(
        "api_type", .text,
        "rest, http or websocket (sets the per-call price and metering; websocket bills "
          + "each visit as a message)",
        choices: ["rest", "http", "websocket"]),
      ParameterSpec("timeout", .quantity(.time), "integration timeout", default: time(29)),
      ParameterSpec("price", .quantity(.money), "price per call (e.g. $3.50 / 1M req)"),
    ] + gatewayBillingSpecs

  /// What a gateway's bill needs beyond its calls: cache, private endpoint, WebSocket.
  static let gatewayBillingSpecs: [ParameterSpec] = [
    ParameterSpec(
      "endpoint_type", .text,
      "edge, regional or private (private: no data transfer out, PrivateLink instead)",
      choices: ["edge", "regional", "private"]),
    ParameterSpec(
      "vpc_endpoint_azs", .count,
      "AZs with an interface VPC endpoint for a private API, on average over the month "
        + "(one AZ for 720 h: 720 h / month)"),
    ParameterSpec(
      "cache_size", .quantity(.data),
      "REST API cache provisioned for the stage (0.5 GB, 1.6 GB, … billed per hour)"),
    ParameterSpec(
      "message_size", .quantity(.data), "WebSocket message size (metered per 32 KB)"),
    ParameterSpec(
      "connections", .count,
      "WebSocket connections open on average (or connection time a month: 21.6M min / month)"),
  ]

  // MARK: - Compute

  static let functionSpecs: [ParameterSpec] =
    [
      ParameterSpec(
        "cold_start", .distribution,
        "extra start-up time of a new execution environment"),
      ParameterSpec(
        "warm_start", .distribution, "start-up time of a reused environment",
        default: time(0)),
      ParameterSpec(
        "memory", .quantity(.data), "configured memory (sets CPU share and GB-s price)"),
      ParameterSpec(
        "ephemeral_storage", .quantity(.data),
        "configured /tmp storage, 512-10,240 MB (above 512 MB billed per GB-s)"),
      ParameterSpec("timeout", .quantity(.time), "function timeout", default: time(3)),
      ParameterSpec("runtime", .text, "language runtime"),
      ParameterSpec(
        "architecture", .text, "x86 or arm (sets the GB-s price)",
        default: .text("x86"), choices: ["x86", "x86_64", "arm", "arm64"]),
      ParameterSpec("concurrency_limit", .count, "account concurrency quota"),
      ParameterSpec("reserved_concurrency", .count, "concurrency reserved for this function"),
      ParameterSpec(
        "provisioned_concurrency", .count,
        "pre-initialised environments (no cold start)"),
      ParameterSpec(
        "idle_lifetime", .quantity(.time),
        "how long an idle environment is kept warm before it is reclaimed (assumed 5 min)"),
      ParameterSpec(
        "environment_lifetime", .quantity(.time),
        "how long an environment lives before Lambda replaces it (assumed 2 h)"),
      ParameterSpec("cache_hit_rate", .fraction, "hit rate this caller sees at its cache"),
      ParameterSpec("price", .quantity(.money), "price per invocation"),
      ParameterSpec("duration_price", .quantity(.money / .dataTime), "price per GB-s"),
    ] + functionBillingSpecs

  /// Lambda features that are priced apart: part-month Provisioned Concurrency, SnapStart,
  /// response streaming, Lambda@Edge and provisioned-mode event pollers.
  static let functionBillingSpecs: [ParameterSpec] = [
    ParameterSpec(
      "provisioned_time", .fraction,
      "share of the month Provisioned Concurrency is enabled (8 h / month; default all of it)"),
    ParameterSpec(
      "provisioned_traffic", .fraction,
      "share of invocations that arrive while Provisioned Concurrency is enabled "
        + "(default: provisioned_time)"),
    ParameterSpec(
      "snapstart", .text, "yes when SnapStart caches a snapshot of the published version",
      choices: ["yes", "no"]),
    ParameterSpec(
      "snapstart_restores", .fraction,
      "share of invocations that restore the snapshot (new environments)"),
    ParameterSpec(
      "snapshot_versions", .count,
      "SnapStart versions cached on average over the month (default 1; AWS's 31-day "
        + "month: 744 h / month)"),
    ParameterSpec(
      "streamed_size", .quantity(.data),
      "bytes each invocation writes to an HTTP response stream (beyond 6 MB billed per GB)"),
    ParameterSpec(
      "edge", .text, "yes for a Lambda@Edge function (its own request and duration prices)",
      choices: ["yes", "no"]),
    ParameterSpec(
      "event_pollers", .count,
      "provisioned-mode event poller units on average (EPU-hours a month: 800 h / month)"),
    ParameterSpec(
      "event_source", .text, "what the provisioned event pollers read: sqs or kafka",
      choices: ["sqs", "kafka"]),
  ]

  static let serviceSpecs: [ParameterSpec] = [
    ParameterSpec("tasks", .count, "running tasks (containers)"),
    ParameterSpec("concurrency_per_task", .count, "requests one task serves at once"),
    ParameterSpec("connection_pool", .count, "connections per task to the cache"),
    ParameterSpec("memory", .quantity(.data), "memory per task"),
    ParameterSpec("cpu", .count, "vCPUs per task (0.25-16; priced at Fargate's vCPU-second rate)"),
    ParameterSpec("cache_hit_rate", .fraction, "hit rate this caller sees at its cache"),
    ParameterSpec("price", .quantity(.moneyRate), "price per task-hour"),
  ]

  // MARK: - State

  static let cacheSpecs: [ParameterSpec] = [
    ParameterSpec("hit_rate", .fraction, "share of lookups that find the key"),
    ParameterSpec("ttl", .quantity(.time), "how long an entry lives"),
    ParameterSpec("capacity", .quantity(.data), "memory available for entries"),
    ParameterSpec("item_size", .quantity(.data), "size of one cached entry"),
    ParameterSpec("nodes", .count, "cluster nodes"),
    ParameterSpec("node_type", .text, "node type billed per node-hour (cache.r7g.large)"),
    ParameterSpec(
      "eviction", .text, "eviction policy (lru, lfu, ttl)", choices: ["lru", "lfu", "ttl"]),
    ParameterSpec("keys", .count, "distinct keys requested (the catalogue the cache fronts)"),
    ParameterSpec("zipf_exponent", .count, "Zipf exponent of key popularity (web: 0.6–0.85)"),
    ParameterSpec(
      "failover_time", .quantity(.time),
      "time to promote a replica after a node fails"),
  ]

  static let databaseSpecs: [ParameterSpec] = [
    ParameterSpec("item_size", .quantity(.data), "size of one item (sets RCU/WCU per read/write)"),
    ParameterSpec("items_per_query", .count, "items one query returns"),
    ParameterSpec("parallel_queries", .count, "queries a batch read issues at once"),
    ParameterSpec(
      "capacity_mode", .text, "on-demand or provisioned", choices: ["on-demand", "provisioned"]),
    ParameterSpec(
      "consistent_read", .text, "eventual, strong or transactional (true is strong)",
      choices: ["eventual", "strong", "transactional", "true", "false"]),
    ParameterSpec("write_share", .fraction, "share of visits that write an item (the rest read)"),
    ParameterSpec("replication_lag", .quantity(.time), "global-table replication delay"),
    ParameterSpec("timeout", .quantity(.time), "client timeout per attempt"),
    ParameterSpec("attempts", .count, "client attempts (1 + retries)"),
    ParameterSpec(
      "read_capacity", .quantity(.rate),
      "read units per second: provisioned RCU, or an on-demand table's previous peak"),
    ParameterSpec(
      "write_capacity", .quantity(.rate),
      "write units per second: provisioned WCU, or an on-demand table's previous peak"),
    ParameterSpec("write_share", .fraction, "share of calls that write rather than read"),
  ]

  static let storageSpecs: [ParameterSpec] = [
    ParameterSpec("object_size", .quantity(.data), "size of one object read or written"),
    ParameterSpec(
      "storage_class", .text, "S3 storage class (standard or standard-ia)",
      choices: ["standard", "standard-ia"]),
    ParameterSpec("write_share", .fraction, "share of visits that PUT an object (the rest GET)"),
    ParameterSpec(
      "prefixes", .count,
      "partitioned key prefixes the requests spread over (S3's request rates are per prefix)"),
  ]

  // MARK: - Messaging

  static let queueSpecs: [ParameterSpec] = [
    ParameterSpec(
      "type", .text, "standard or fifo", default: .text("standard"),
      choices: ["standard", "fifo"]),
    ParameterSpec(
      "batch_size", .count, "messages a consumer receives per poll",
      default: count(10)),
    ParameterSpec(
      "visibility_timeout", .quantity(.time), "time a received message is hidden",
      default: time(30)),
    ParameterSpec("max_receive_count", .count, "receives before a message goes to the DLQ"),
    ParameterSpec(
      "batch_failure", .text,
      "whole (AWS default: a failure returns the batch) or item (ReportBatchItemFailures)",
      default: .text("whole")),
    ParameterSpec(
      "retention", .quantity(.time), "how long a message is kept",
      default: time(345_600)),
    ParameterSpec("message_size", .quantity(.data), "size of one message"),
    ParameterSpec("dead_letter_queue", .text, "component that receives failed messages"),
    ParameterSpec("throughput_limit", .quantity(.rate), "send limit (FIFO: 300 rps per API)"),
    ParameterSpec("consumer", .text, "function that drains the queue (Lambda event source)"),
    ParameterSpec("processing_time", .quantity(.time), "time a consumer takes for one batch"),
    ParameterSpec("source", .text, "component whose requests feed a queue off the path (a DLQ)"),
    ParameterSpec(
      "inflow_share", .fraction,
      "share of the source's requests that become messages (else all)"),
  ]

  static let topicSpecs: [ParameterSpec] = [
    ParameterSpec("subscribers", .count, "subscriptions each message is delivered to"),
    ParameterSpec("message_size", .quantity(.data), "size of one message"),
    ParameterSpec(
      "delivery", .text, "protocol the subscriptions deliver by (priced per delivery)",
      choices: ["lambda", "sqs", "http", "email"]),
  ]

  static let busSpecs: [ParameterSpec] = [
    ParameterSpec("rules", .count, "rules matched per event"),
    ParameterSpec("targets", .count, "targets per matched rule"),
    ParameterSpec("throughput_limit", .quantity(.rate), "PutEvents quota"),
  ]

  static let streamSpecs: [ParameterSpec] = [
    ParameterSpec("shards", .count, "shards (Kinesis) or partitions"),
    ParameterSpec("shard_write_rate", .quantity(.rate), "records per second one shard accepts"),
    ParameterSpec("batch_size", .count, "records a consumer reads per batch"),
    ParameterSpec("buffer_interval", .quantity(.time), "Firehose buffering interval"),
    ParameterSpec("retention", .quantity(.time), "how long records are kept"),
    ParameterSpec(
      "service", .text,
      "kinesis, dynamodb_streams or firehose (without it, a stream with shards is Kinesis)",
      choices: ["kinesis", "dynamodb_streams", "firehose"]),
    ParameterSpec("record_size", .quantity(.data), "size of one record (else the request size)"),
    ParameterSpec(
      "consumers", .count, "consumers reading every record (Kinesis: share 2 MB/s per shard)"),
  ]

  static let workflowSpecs: [ParameterSpec] = [
    ParameterSpec("type", .text, "express or standard", choices: ["express", "standard"]),
    ParameterSpec("state_transitions", .count, "state transitions per execution"),
    ParameterSpec(
      "memory", .quantity(.data),
      "Express billed memory: definition and payloads, billed in 64 MB steps"),
    ParameterSpec("max_duration", .quantity(.time), "longest allowed execution"),
  ]

  static let authSpecs: [ParameterSpec] = [
    ParameterSpec("token_ttl", .quantity(.time), "lifetime of an issued token"),
    ParameterSpec("token_cache_ttl", .quantity(.time), "how long a validated token is cached"),
  ]

  private static func time(_ seconds: Double) -> ParameterValue {
    let unit = seconds >= 1 ? UnitTable.lookup("s") : UnitTable.lookup("ms")
    return .quantity(Quantity(exactly: seconds, .time, display: unit.map(DisplayUnit.init)))
  }

  private static func count(_ n: Double) -> ParameterValue {
    .quantity(Quantity(exactly: n))
  }
}

/// The workload is addressed like a component (`workload.rate`), with its own schema.
public enum WorkloadSchema {
  public static let specs: [ParameterSpec] = [
    ParameterSpec("rate", .quantity(.rate), "sustained request rate"),
    ParameterSpec("peak", .quantity(.rate), "peak request rate"),
    ParameterSpec("peak_duration", .quantity(.time), "how long the peak (a burst) lasts"),
    ParameterSpec("request_size", .quantity(.data), "size of one request"),
    ParameterSpec("response_size", .quantity(.data), "size of one response"),
    ParameterSpec(
      "compression", .fraction,
      "share of response bytes compression saves on the wire (data transfer and bandwidth)"),
    ParameterSpec("profile", .text, "traffic shape over time (constant, diurnal, spike…)"),
    ParameterSpec("trace_sampling", .fraction, "share of requests X-Ray records as traces"),
    ParameterSpec(
      "traces_scanned", .quantity(.rate), "X-Ray traces scanned by queries (620k / month)"),
    ParameterSpec(
      "traces_retrieved", .quantity(.rate), "X-Ray traces retrieved whole (155k / month)"),
    ParameterSpec(
      "trace_insights", .text, "yes when X-Ray Insights processes the recorded traces",
      choices: ["yes", "no"]),
    ParameterSpec(
      "availability_objective", .fraction,
      "the availability the month's error budget is measured against (default 99.9%)"),
    ParameterSpec("clients", .count, "distinct client IPs sending requests (WAF per-IP limit)"),
    ParameterSpec("client_skew", .count, "Zipf exponent of requests over clients (0: even)"),
    ParameterSpec("keys", .count, "distinct keys requested (keyed caches in simulate)"),
    ParameterSpec("key_skew", .count, "Zipf exponent of key popularity"),
    ParameterSpec("client_timeout", .quantity(.time), "the client gives up an attempt after this"),
    ParameterSpec("client_attempts", .count, "client attempts per request (1 + retries)"),
    ParameterSpec(
      "client_backoff", .quantity(.time),
      "base of the client's exponential backoff with full jitter"),
    ParameterSpec("client_backoff_cap", .quantity(.time), "longest client backoff"),
    ParameterSpec(
      "breaker_threshold", .fraction,
      "circuit breaker: share of the window's calls that must fail to open (seed: 50%)"),
    ParameterSpec("breaker_window", .count, "circuit breaker: calls it judges, 1-64 (seed: 10)"),
    ParameterSpec(
      "breaker_open_time", .quantity(.time),
      "circuit breaker: how long it fails calls fast once open (seed: 30 s)"),
    ParameterSpec(
      "breaker_probe_interval", .quantity(.time),
      "circuit breaker: time between half-open probes after a good one (seed: 30 s)"),
    ParameterSpec(
      "breaker_successes", .count,
      "circuit breaker: good probes in a row that close it (seed: 5)"),
  ]

  public static func spec(named name: String) -> ParameterSpec? {
    specs.first { $0.name == name }
  }
}

extension ComponentKind {
  /// Parameters a kind no longer has, with what replaced them: a model or a `set` that
  /// names one gets this explanation instead of "no parameter".
  public var retiredParameters: [String: String] {
    switch self {
    case .function:
      return [
        "cold_start_rate":
          "cold_start_rate is no longer a parameter: cold starts now come from new "
          + "environments (scale-out past those kept, idle_lifetime, environment_lifetime; "
          + "none for provisioned_concurrency), at the workload's rate; set those instead"
      ]
    default:
      return [:]
    }
  }
}
