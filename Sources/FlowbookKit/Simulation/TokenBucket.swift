/// A token bucket: `rate` tokens a second up to `burst`, one token per request.
///
/// API Gateway throttles with exactly this algorithm: "the steady-state rate … and a burst
/// of requests … is the maximum bucket size" (Amazon API Gateway Developer Guide,
/// "Throttle requests to your REST APIs"); a request that finds the bucket empty gets
/// 429 Too Many Requests. The same bucket paces Lambda's scaling (1,000 new execution
/// environments every 10 seconds per function) and a provisioned DynamoDB table, whose
/// bucket holds up to 300 seconds of unused capacity ("burst capacity").
///
/// Refilling is lazy: the bucket notes when it was last topped up and adds
/// rate × elapsed when asked, so it costs O(1) per request and nothing between requests.
struct TokenBucket: Sendable {
  /// Tokens added per second.
  let rate: Double
  /// The most tokens the bucket holds.
  let burst: Double
  private(set) var tokens: Double
  private var refilledAt: Double

  /// A full bucket at time `start`.
  init(rate: Double, burst: Double, start: Double = 0) {
    precondition(rate >= 0 && burst >= 0, "token bucket rate \(rate), burst \(burst)")
    self.rate = rate
    self.burst = burst
    self.tokens = burst
    self.refilledAt = start
  }

  /// Takes `amount` tokens at `time` if the bucket has them.
  ///
  /// - Parameters:
  ///   - amount: Tokens wanted (1 per request, or a call's capacity units).
  ///   - time: Non-decreasing between calls.
  /// - Returns: Whether the tokens were taken.
  /// - Complexity: O(1).
  @inline(__always)
  mutating func take(_ amount: Double = 1, at time: Double) -> Bool {
    refill(at: time)
    guard tokens >= amount else { return false }
    tokens -= amount
    return true
  }

  /// Tops the bucket up to `time`.
  @inline(__always)
  mutating func refill(at time: Double) {
    if time > refilledAt {
      tokens = min(burst, tokens + (time - refilledAt) * rate)
      refilledAt = time
    }
  }
}
