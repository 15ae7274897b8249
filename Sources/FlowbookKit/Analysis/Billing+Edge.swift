// Billing of the edge of the golden path: Route 53 (queries by routing type, hosted zones,
// health checks), CloudFront (requests per 10,000 and data out on volume tiers), WAF (web
// ACLs and rules per month, requests per 1M) and the Application Load Balancer.

extension Billing {
  /// The Route 53 routing policy answering a query; each has its own query rate.
  public enum DNSRouting: String, Sendable, Hashable, CaseIterable {
    /// Simple, weighted and failover records.
    case standard
    /// Latency-based routing.
    case latency
    /// Geolocation and geoproximity routing.
    case geo
    /// IP-based routing.
    case ip
  }

  /// Route 53: queries on their 1B tier, hosted zones (25 at the first rate) and health
  /// checks, the last two fixed monthly costs.
  public static func route53(
    queries: Double, routing: DNSRouting = .standard, hostedZones: Double = 0,
    awsHealthChecks: Double = 0, otherHealthChecks: Double = 0, prices: PriceCatalog,
    options: BillingOptions = .init()
  ) throws(BillingError) -> Bill {
    try Billing.usage(
      "route53.query.\(routing.rawValue)", quantity: queries, kind: .variable,
      description: "DNS queries (\(routing.rawValue))", prices: prices, options: options)
      + Billing.usage(
        "route53.hosted_zone", quantity: hostedZones, kind: .fixed, description: "Hosted zones",
        prices: prices, options: options)
      + Billing.usage(
        "route53.health_check.aws", quantity: awsHealthChecks, kind: .fixed,
        description: "Health checks (AWS endpoints)", prices: prices, options: options)
      + Billing.usage(
        "route53.health_check.non_aws", quantity: otherHealthChecks, kind: .fixed,
        description: "Health checks (other endpoints)", prices: prices, options: options)
  }

  /// CloudFront (US edges): HTTPS and HTTP requests per 10,000 and data out on its tiers.
  ///
  /// The 10M free requests are shared by HTTP and HTTPS; they are applied to HTTPS first (the
  /// dearer rate). How AWS splits them is not in the sources.
  public static func cloudFront(
    httpsRequests: Double, httpRequests: Double = 0, dataOutGB: Double, prices: PriceCatalog,
    options: BillingOptions = .init()
  ) throws(BillingError) -> Bill {
    try check(httpsRequests, "HTTPS requests")
    guard let https = prices["cloudfront.request.https.us"] else {
      throw .unknownPrice("cloudfront.request.https.us")
    }
    let allowance =
      https.freeTier.map { options.freeTier.includes($0.offer) ? $0.quantity : 0 }
      ?? 0
    let freeHTTPS = min(allowance, httpsRequests)
    return try Billing.usage(
      "cloudfront.request.https.us", quantity: httpsRequests, kind: .variable,
      description: "HTTPS requests", prices: prices, freeUnits: freeHTTPS)
      + Billing.usage(
        "cloudfront.request.http.us", quantity: httpRequests, kind: .variable,
        description: "HTTP requests", prices: prices, freeUnits: allowance - freeHTTPS)
      + Billing.usage(
        "cloudfront.data_out.us", quantity: dataOutGB, kind: .variable,
        description: "Data transfer out (US)", prices: prices, options: options)
  }

  /// AWS WAF: web ACLs and rules (fixed, per month) and requests inspected.
  public static func waf(
    requests: Double, webACLs: Double = 1, rules: Double = 0, prices: PriceCatalog
  ) throws(BillingError) -> Bill {
    try Billing.usage(
      "waf.web_acl", quantity: webACLs, kind: .fixed, description: "Web ACLs", prices: prices)
      + Billing.usage(
        "waf.rule", quantity: rules, kind: .fixed, description: "Rules", prices: prices)
      + Billing.usage(
        "waf.request", quantity: requests, kind: .variable, description: "Requests inspected",
        prices: prices)
  }

  /// Application Load Balancer: load-balancer hours and LCU-hours, both fixed (time-billed).
  public static func applicationLoadBalancer(
    hours: Double, lcuHours: Double, prices: PriceCatalog
  ) throws(BillingError) -> Bill {
    try Billing.usage(
      "alb.hour", quantity: hours, kind: .fixed, description: "Load balancer hours",
      prices: prices)
      + Billing.usage(
        "alb.lcu_hour", quantity: lcuHours, kind: .fixed, description: "LCU-hours",
        prices: prices)
  }

  /// X-Ray traces recorded and retrieved, and CloudWatch Logs ingested and stored.
  public static func observability(
    tracesRecorded: Double = 0, tracesRetrieved: Double = 0, logsIngestedGB: Double = 0,
    logsStoredGB: Double = 0, prices: PriceCatalog, options: BillingOptions = .init()
  ) throws(BillingError) -> Bill {
    try Billing.usage(
      "xray.trace_recorded", quantity: tracesRecorded, kind: .variable,
      description: "X-Ray traces recorded", prices: prices, options: options)
      + Billing.usage(
        "xray.trace_retrieved", quantity: tracesRetrieved, kind: .variable,
        description: "X-Ray traces retrieved", prices: prices, options: options)
      + Billing.usage(
        "cloudwatch.logs.ingest.standard", quantity: logsIngestedGB, kind: .variable,
        description: "Logs ingested", prices: prices, options: options)
      + Billing.usage(
        "cloudwatch.logs.storage", quantity: logsStoredGB, kind: .fixed,
        description: "Logs stored", prices: prices)
  }
}
