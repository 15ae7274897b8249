/// The figures a template cannot state, and the placeholders an import writes for them.
///
/// Infrastructure code says how a service is configured, not how it behaves under load:
/// latencies, hit rates and traffic are measurements. Each placeholder here is written into
/// the model marked `assumed:`, and listed after the import as a figure to measure
/// (`calibrate`, CloudWatch) or to `set`. The values are the ones flowbook's own seed models
/// already assume for the same services (datasets/serverless-burst.yaml,
/// datasets/golden-path.yaml), so an imported model starts from the same ground.
enum AssumedDefaults {
  /// A placeholder: parameter, value in model syntax, what to measure.
  struct Placeholder {
    var name: String
    var value: String
    var why: String
  }

  /// The placeholders for a component of `kind`.
  /// - Parameter kind: the component kind.
  /// - Returns: Its placeholders, latency first.
  static func placeholders(for kind: ComponentKind) -> [Placeholder] {
    switch kind {
    case .dns:
      return [latency("4.5 ms", "13.5 ms", "resolution time (Route 53 query logs)")]
    case .cdn:
      return [
        latency("18 ms", "60 ms", "client-to-edge time (CloudFront OriginLatency, RUM)"),
        Placeholder(
          name: "hit_rate", value: "50%", why: "edge cache hit rate (CloudFront CacheHitRate)"),
      ]
    case .waf: return [latency("2 ms", "4 ms", "inspection time")]
    case .lb: return [latency("1 ms", "2 ms", "ALB processing time (access logs)")]
    case .gateway:
      return [latency("3 ms", "8 ms", "gateway overhead (Latency − IntegrationLatency)")]
    case .function:
      return [
        latency("20 ms", "100 ms", "handler time (Lambda Duration p50/p99)"),
        Placeholder(
          name: "cold_start", value: "{p50: 250 ms, p99: 600 ms}",
          why: "init time of a new environment (Init Duration in the REPORT log line)"),
      ]
    case .service: return [latency("15 ms", "42 ms", "handler time per request")]
    case .cache:
      return [
        latency("0.7 ms", "2 ms", "GET time"),
        Placeholder(
          name: "hit_rate", value: "80%", why: "share of lookups that hit (CacheHitRate)"),
      ]
    case .database:
      return [
        latency("5 ms", "15 ms", "request time (SuccessfulRequestLatency)"),
        Placeholder(name: "item_size", value: "1 KB", why: "size of one item"),
      ]
    case .storage: return [latency("30 ms", "150 ms", "GET/PUT time (FirstByteLatency)")]
    case .queue: return [latency("8 ms", "30 ms", "SendMessage round trip")]
    case .topic: return [latency("80 ms", "300 ms", "publish-to-delivery time")]
    case .bus: return [latency("250 ms", "700 ms", "put-to-target delivery time")]
    case .stream: return [latency("70 ms", "200 ms", "put-to-get time (GetRecords.Latency)")]
    case .workflow: return [latency("60 ms", "300 ms", "execution time (ExecutionTime)")]
    case .auth: return [latency("2 ms", "10 ms", "token validation time")]
    }
  }

  /// The workload's placeholder rate, when no schedule states one.
  static let rate = Placeholder(
    name: "rate", value: "100 rps", why: "requests per second at the entry (Count, Invocations)")

  private static func latency(_ p50: String, _ p99: String, _ what: String) -> Placeholder {
    Placeholder(name: "latency", value: "{p50: \(p50), p99: \(p99)}", why: what)
  }
}
