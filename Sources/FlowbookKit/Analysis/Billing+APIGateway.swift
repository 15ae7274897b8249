// Amazon API Gateway billing, per https://aws.amazon.com/api-gateway/pricing/ and the AWS
// whitepaper on API Gateway cost: REST calls on four volume tiers, HTTP calls on two tiers and
// metered in 512 KB increments, WebSocket messages in 32 KB increments plus connection
// minutes, and data transfer out.

extension Billing {
  /// REST API calls on their monthly tiers, plus data transferred out.
  ///
  /// - Parameters:
  ///   - requests: API calls received this month.
  ///   - dataOutGB: Response bytes sent, in GB (1 GB = 1,048,576 KB); priced at
  ///     `dataTransferPriceID`, by default the flat rate the pricing examples use.
  ///   - prices: The price catalog.
  ///   - options: Which free allowances to subtract.
  ///   - dataTransferPriceID: The catalog id data out is billed at.
  /// - Returns: The bill, one row per tier slice, and its total.
  /// - Throws: `BillingError` for a negative or non-finite figure or a missing price.
  /// - Complexity: O(number of tiers).
  public static func apiGatewayREST(
    requests: Double, dataOutGB: Double = 0, prices: PriceCatalog,
    options: BillingOptions = .init(),
    dataTransferPriceID: String = "apigateway.data_transfer_out"
  ) throws(BillingError) -> Bill {
    try Billing.usage(
      "apigateway.rest.request", quantity: requests, kind: .variable,
      description: "REST API calls", prices: prices, options: options)
      + dataOut(dataOutGB, dataTransferPriceID, prices: prices, options: options)
  }

  /// HTTP API calls, each metered as ceil(size / 512 KB) requests, on their monthly tiers.
  ///
  /// - Parameters:
  ///   - requests: API calls received this month.
  ///   - meteredKB: The metered size of each call; AWS's upload example meters the 4.5 MB
  ///     document sent (9 requests per call). Calls under 512 KB count once.
  ///   - dataOutGB: Response bytes sent, in GB.
  ///   - prices: The price catalog.
  ///   - options: Which free allowances to subtract.
  ///   - dataTransferPriceID: The catalog id data out is billed at.
  /// - Returns: The bill, one row per tier slice, and its total.
  /// - Throws: `BillingError` for a negative or non-finite figure or a missing price.
  public static func apiGatewayHTTP(
    requests: Double, meteredKB: Double = 0, dataOutGB: Double = 0, prices: PriceCatalog,
    options: BillingOptions = .init(),
    dataTransferPriceID: String = "apigateway.data_transfer_out"
  ) throws(BillingError) -> Bill {
    try check(meteredKB, "HTTP API call size")
    let perCall = BillingRules.chunks(meteredKB, of: BillingRules.httpAPIMeteringKB)
    let label =
      perCall > 1
      ? "HTTP API calls (\(compact(perCall)) per call, 512 KB each)"
      : "HTTP API calls"
    return try Billing.usage(
      "apigateway.http.request", quantity: requests * perCall, kind: .variable,
      description: label, prices: prices, options: options)
      + dataOut(dataOutGB, dataTransferPriceID, prices: prices, options: options)
  }

  /// WebSocket messages (each metered in 32 KB increments) and connection minutes.
  public static func apiGatewayWebSocket(
    messages: Double, messageKB: Double = 0, connectionMinutes: Double, prices: PriceCatalog,
    options: BillingOptions = .init()
  ) throws(BillingError) -> Bill {
    try check(messageKB, "WebSocket message size")
    let perMessage = BillingRules.chunks(messageKB, of: BillingRules.webSocketMeteringKB)
    return try Billing.usage(
      "apigateway.websocket.message", quantity: messages * perMessage, kind: .variable,
      description: "WebSocket messages", prices: prices, options: options)
      + Billing.usage(
        "apigateway.websocket.connection_minute", quantity: connectionMinutes, kind: .variable,
        description: "WebSocket connection minutes", prices: prices, options: options)
  }

  /// A provisioned REST API cache for `hours`, a fixed cost.
  ///
  /// `priceID` picks the size, for example `apigateway.cache.1_6gb`.
  public static func apiGatewayCache(
    priceID: String, hours: Double, prices: PriceCatalog
  ) throws(BillingError) -> Bill {
    try Billing.usage(
      priceID, quantity: hours, kind: .fixed, description: "API cache", prices: prices)
  }

  /// Data transferred out, priced on the tiers of `priceID` (default: EC2 internet egress).
  public static func dataTransferOut(
    gigabytes: Double, priceID: String = "datatransfer.out.internet", prices: PriceCatalog,
    options: BillingOptions = .init()
  ) throws(BillingError) -> Bill {
    try Billing.usage(
      priceID, quantity: gigabytes, kind: .variable, description: "Data transfer out",
      prices: prices, options: options)
  }

  private static func dataOut(
    _ gigabytes: Double, _ priceID: String, prices: PriceCatalog, options: BillingOptions
  ) throws(BillingError) -> Bill {
    try check(gigabytes, "data transferred out")
    guard gigabytes > 0 else { return Bill() }
    return try dataTransferOut(
      gigabytes: gigabytes, priceID: priceID, prices: prices, options: options)
  }
}
