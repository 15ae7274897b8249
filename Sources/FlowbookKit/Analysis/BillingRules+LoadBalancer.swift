/// The Application Load Balancer's capacity unit: one LCU-hour covers, in an hour, the
/// highest of four dimensions measured against these capacities.
///
/// Source: https://aws.amazon.com/elasticloadbalancing/pricing/ (S): the page's LCU
/// definition as transcribed verbatim (read 2026-09-20) in a public repository
/// (api-evangelist/amazon-elastic-load-balancing, plans/…-plans-pricing.yml), read
/// 2026-12-07; AWS's own page renders it client-side. The free first 10 rules per request
/// of the rule-evaluation dimension were seen only on third-party pages, so rule
/// evaluations are not derived.
extension BillingRules {
  /// New connections per second one LCU covers.
  public static let albLCUNewConnectionsPerSecond = 25.0
  /// Active connections (sampled per minute) one LCU covers.
  public static let albLCUActiveConnections = 3_000.0
  /// GB processed per hour one LCU covers, for EC2, container and IP targets.
  public static let albLCUProcessedGBPerHour = 1.0
  /// GB processed per hour one LCU covers, for Lambda targets.
  public static let albLCUProcessedGBPerHourLambda = 0.4
}
