import Quantities

/// One line of a month's usage that a component generates: so many basis units of one
/// catalog price (requests, GB-s, node-hours…).
///
/// Usage is kept apart from its price so that equal prices pool before tiers apply: AWS
/// prices volume by the account's monthly total (two functions share the GB-s tiers; all
/// REST APIs share the call tiers), so `CostAnalysis` sums usage by price id, bills the
/// sum, and gives each component its share.
public struct CostUsage: Sendable, Hashable {
  public var component: String
  /// The catalog id of the rate (`lambda.request`), or `model.NAME.PARAM` for a price set
  /// in the model.
  public var priceID: String
  /// Basis units per month.
  public var quantity: Double
  public var kind: CostKind
  /// What the line is (`Requests`, `Duration (x86)`).
  public var description: String
}

/// Cost the model cannot price: what is missing and what to set or check.
///
/// Either the model lacks a figure (no task price for a container service, no LCU count)
/// or the catalog has no confirmed rate (ElastiCache nodes). Either way it is shown as
/// unpriced, never as $0.
public struct CostGap: Sendable, Hashable {
  public var component: String
  public var description: String
  public var kind: CostKind
  /// Why, and what to do.
  public var reason: String
}

/// Turns a model's load at a request rate into monthly usage lines, one kind at a time.
///
/// Billing rules come from `BillingRules` (rounding, chunking) and rates from the catalog;
/// what this adds is the mapping from path-model parameters to usage: which parameter sets
/// the memory, the item size, the node count. Each kind's rules are in this file and its
/// `+Compute` and `+Messaging` extensions.
struct CostUsageBuilder {
  let model: PathModel
  let load: CapacityLoad
  /// Requests per second entering the path.
  let rate: Double
  /// The rate provisioned capacity is sized for (the peak if the workload gives one).
  let sizingRate: Double
  let prices: PriceCatalog
  var usages: [CostUsage] = []
  var gaps: [CostGap] = []
  var notes: [String] = []
  /// Prices set in the model that replace a catalog rate, as catalog entries.
  var modelPrices: [PriceEntry] = []

  /// Seconds in a billing month: 730 hours, as AWS's calculator counts.
  static let month = UnitTable.monthSeconds
  /// AWS bills data in binary units: 1 GB = 2^30 bytes, as its worked examples compute
  /// (API Gateway pricing page: 3 KB × 5M = 14.3 GB).
  static let gigabyte = 1_073_741_824.0
  /// 1 KB = 1,024 bytes for metering (DynamoDB's 4 KB read unit is 4,096 bytes).
  static let kilobyte = 1_024.0

  init(
    model: PathModel, load: CapacityLoad, rate: Double, sizingRate: Double,
    prices: PriceCatalog
  ) {
    self.model = model
    self.load = load
    self.rate = rate
    self.sizingRate = sizingRate
    self.prices = prices
  }

  /// Every component the path visits, then the response bytes at the internet edge.
  mutating func build() {
    for component in model.components where load.visits(to: component.name) > 0 {
      switch component.kind {
      case .dns: dns(component)
      case .cdn: cdn(component)
      case .waf: waf(component)
      case .lb: loadBalancer(component)
      case .gateway: gateway(component)
      case .function: function(component)
      case .service: service(component)
      case .cache: cache(component)
      case .database: database(component)
      case .storage: storage(component)
      case .queue: queue(component)
      case .topic: topic(component)
      case .bus: bus(component)
      case .stream: stream(component)
      case .workflow: workflow(component)
      case .auth: auth(component)
      }
    }
    edgeTransfer()
    tracing()
  }

  // MARK: - Helpers

  /// Monthly count of `perRequest` units for every request entering the path.
  func monthly(_ perRequest: Double) -> Double {
    rate * perRequest * Self.month
  }

  mutating func add(
    _ component: Component, _ priceID: String, _ quantity: Double,
    _ kind: CostKind, _ description: String
  ) {
    guard quantity > 0 else { return }
    usages.append(
      CostUsage(
        component: component.name, priceID: priceID, quantity: quantity,
        kind: kind, description: description))
  }

  mutating func gap(
    _ component: Component, _ description: String, _ kind: CostKind,
    _ reason: String
  ) {
    gaps.append(
      CostGap(
        component: component.name, description: description, kind: kind,
        reason: reason))
  }

  /// The price id to bill at: the catalog's, unless `parameter` was set in the session (a
  /// what-if or a negotiated rate), which then applies flat, without volume tiers.
  ///
  /// Prices belong to the catalog, where each has a source and a date. A price written in
  /// the model file is the design's quote: the golden path's `$3.50 / 1M req` (seed line
  /// 15) is API Gateway's first REST tier, and 100B calls a month are billed on all four
  /// tiers, with a note when a quote differs from the catalog's list price. A kind with no
  /// catalog price (a container service's task-hour) is billed at the model's figure.
  ///
  /// - Parameters:
  ///   - catalogID: the catalog's price for this kind of usage.
  ///   - component: the component whose parameter may quote a price.
  ///   - parameter: the parameter that quotes it (`price`, `price_per_request`).
  ///   - basis: the basis unit the quote is converted to.
  ///   - perUnit: converts the parameter to dollars per one basis unit of `basis`.
  /// - Returns: The id to bill at: the catalog's, or a flat one holding the model's quote.
  mutating func priceID(
    _ catalogID: String, _ component: Component, override parameter: String,
    basis: String, perUnit: (Quantity) -> Double
  ) -> String {
    guard let q = component[parameter]?.quantity else { return catalogID }
    let price = perUnit(q)
    let isWhatIf = component.parameter(parameter)?.origin == "set"
    if let entry = prices[catalogID], !isWhatIf {
      if let list = Self.listPrice(entry), abs(list - price) > 1e-9 * max(list, price) {
        notes.append(
          "\(component.name).\(parameter) = \(q.formatted) in the model is a quote; "
            + "billed at the catalog's \(catalogID) (set \(component.name).\(parameter) to "
            + "bill a flat rate instead)")
      }
      return catalogID
    }
    let id = "model.\(component.name).\(parameter)"
    let catalog = prices[catalogID]
    guard let unit = catalog?.unit ?? PriceUnit("USD per \(basis)") else { return catalogID }
    let position = component.parameter(parameter)?.position
    modelPrices.append(
      PriceEntry(
        id: id, description: "\(component.name).\(parameter) set in the model",
        value: Self.replacingFirstTier(of: catalog?.value, with: price * unit.scale), unit: unit,
        freeTier: catalog?.freeTier,
        provenance: Provenance(
          source: "model parameter \(component.name).\(parameter)", asOf: "model",
          asOfBasis: .readDate, confidence: .unconfirmed,
          note: component.parameter(parameter)?.origin,
          location: CatalogLocation(
            file: model.file, line: position?.line ?? 0,
            column: position?.column ?? 0))))
    if let catalog {
      var kept: [String] = []
      if catalog.freeTier != nil { kept.append("its free tier") }
      if case .tiered(let tiers) = catalog.value, tiers.count > 1 { kept.append("its later tiers") }
      notes.append(
        "\(component.name).\(parameter) = \(q.formatted) (set) replaces the "
          + "catalog's \(catalogID) list price"
          + (kept.isEmpty ? "" : "; " + kept.joined(separator: " and ") + " still apply"))
    }
    return id
  }

  /// A catalog rate with its first (list) tier replaced by `price`, in the entry's unit:
  /// what a what-if on one price changes, leaving the volume tiers after it as they are.
  static func replacingFirstTier(of value: PriceValue?, with price: Double) -> PriceValue {
    guard case .tiered(var tiers)? = value, !tiers.isEmpty else { return .flat(price) }
    tiers[0].price = price
    tiers[0].confidence = nil
    tiers[0].note = "set in the session"
    return .tiered(tiers)
  }

  /// The first-tier (list) rate of an entry, per one basis unit.
  static func listPrice(_ entry: PriceEntry) -> Double? {
    switch entry.value {
    case .flat(let price): return price / entry.unit.scale
    case .tiered(let tiers): return tiers.first?.price.map { $0 / entry.unit.scale }
    case .unconfirmed: return nil
    }
  }

  /// Bytes in a data-size parameter, if set.
  func bytes(_ component: Component, _ name: String) -> Double? {
    component[name]?.quantity.map(\.value)
  }

  /// A count parameter, if set.
  func count(_ component: Component, _ name: String) -> Double? {
    component[name]?.quantity.map(\.value)
  }

  /// A text parameter in lower case, if set.
  func text(_ component: Component, _ name: String) -> String? {
    if case .text(let value)? = component[name] { return value.lowercased() }
    return nil
  }

  // MARK: - Edge

  /// Route 53: only lookups that miss every resolver cache reach it, at the routing
  /// policy's query rate; hosted zones and health checks are fixed monthly costs.
  mutating func dns(_ c: Component) {
    let hit = c["resolver_hit_rate"]?.quantity?.value
    if hit == nil {
      notes.append(
        "\(c.name).resolver_hit_rate is not set: every request is counted as a "
          + "Route 53 query (an upper bound; resolvers cache answers for the record's TTL)")
    }
    let routing = Self.routing(text(c, "routing"))
    let queries = monthly(load.visits(to: c.name) * (1 - (hit ?? 0)))
    if text(c, "alias") == "yes" {
      add(c, "route53.query.alias", queries, .variable, "DNS queries (alias to AWS, free)")
    } else {
      add(
        c, "route53.query.\(routing.rawValue)", queries, .variable,
        "DNS queries (\(routing.rawValue))")
    }
    add(c, "route53.hosted_zone", count(c, "hosted_zones") ?? 0, .fixed, "Hosted zones")
    add(c, "route53.health_check.aws", count(c, "health_checks") ?? 0, .fixed, "Health checks")
  }

  /// The query price a routing policy pays; a combination (geolocation + latency) pays
  /// the dearest of its parts, the policy of the records that answer.
  static func routing(_ text: String?) -> Billing.DNSRouting {
    guard let text else { return .standard }
    if text.contains("geo") { return .geo }
    if text.split(whereSeparator: { !$0.isLetter }).contains("ip") { return .ip }
    if text.contains("latency") { return .latency }
    return .standard
  }

  /// CloudFront: every request is an HTTPS request at the edge, priced per 10,000.
  mutating func cdn(_ c: Component) {
    let id = priceID("cloudfront.request.https.us", c, override: "price", basis: "requests") {
      $0.value
    }
    add(c, id, monthly(load.visits(to: c.name)), .variable, "HTTPS requests")
    if case .text(let geography)? = c["geography"],
      let shares = try? ShareList.parse(geography, among: CDNGeography.regions),
      shares.contains(where: { $0.name != "us" })
    {
      notes.append(
        "\(c.name): HTTPS requests are billed at the US rate for every region: the catalog "
          + "has no other region's request price (data transfer is split by \(c.name).geography)")
    }
  }

  /// WAF: requests inspected, plus one web ACL and its rules per month.
  mutating func waf(_ c: Component) {
    let id = priceID("waf.request", c, override: "price", basis: "requests") { $0.value }
    add(c, id, monthly(load.visits(to: c.name)), .variable, "Requests inspected")
    add(c, "waf.web_acl", 1, .fixed, "Web ACL")
    add(c, "waf.rule", count(c, "rules") ?? 0, .fixed, "Rules")
  }

  /// ALB: load-balancer hours and LCU-hours, both paid for time.
  ///
  /// LCUs are `lcus` if set, else the highest of the dimensions the model gives: bytes
  /// processed (requests and responses through the ALB, per hour), new connections (its
  /// requests / `requests_per_connection`) and active connections (new connections ×
  /// `connection_time`). Rule evaluations are not derived (see `BillingRules`), so a derived
  /// count is a lower bound, and the bill says so.
  mutating func loadBalancer(_ c: Component) {
    let id = priceID("alb.hour", c, override: "price", basis: "ALB-hours") { $0.value * 3_600 }
    add(c, id, Self.month / 3_600, .fixed, "Load balancer hours")
    if let lcus = count(c, "lcus") {
      add(c, "alb.lcu_hour", lcus * Self.month / 3_600, .fixed, "LCU-hours")
      return
    }
    let (lcus, dimension) = derivedLCUs(c)
    add(c, "alb.lcu_hour", lcus * Self.month / 3_600, .fixed, "LCU-hours (\(dimension))")
    notes.append(
      "\(c.name): \(Self.plain(lcus)) LCUs from \(dimension), the highest of the "
        + "dimensions the model gives (rule evaluations are not derived; set \(c.name).lcus "
        + "to bill a measured figure)")
  }

  /// The LCUs an ALB's load needs, and the dimension that sets them.
  /// - Parameter c: the load balancer.
  /// - Returns: the LCU count (the highest dimension) and that dimension's name.
  private func derivedLCUs(_ c: Component) -> (Double, String) {
    let requests = rate * load.visits(to: c.name)
    let perRequest =
      (model.workload.requestSize?.value ?? 0) + (model.workload.wireResponseBytes ?? 0)
    var dimensions = [
      (
        requests * perRequest * 3_600 / Self.gigabyte / BillingRules.albLCUProcessedGBPerHour,
        "processed bytes"
      )
    ]
    if let reuse = count(c, "requests_per_connection"), reuse > 0 {
      let connections = requests / reuse
      dimensions.append(
        (connections / BillingRules.albLCUNewConnectionsPerSecond, "new connections"))
      if let open = c["connection_time"]?.quantity?.value {
        dimensions.append(
          (connections * open / BillingRules.albLCUActiveConnections, "active connections"))
      }
    }
    return dimensions.max { $0.0 < $1.0 } ?? (0, "processed bytes")
  }

  /// API Gateway: REST calls on their four tiers, HTTP calls metered per 512 KB, or
  /// WebSocket messages (per 32 KB) and connection minutes; then a REST cache's hours and a
  /// private API's PrivateLink endpoint (`gatewayExtras`).
  mutating func gateway(_ c: Component) {
    let calls = monthly(load.visits(to: c.name))
    switch text(c, "api_type") {
    case "http"?:
      let kb = (model.workload.requestSize?.value ?? 0) / Self.kilobyte
      let perCall = BillingRules.chunks(kb, of: BillingRules.httpAPIMeteringKB)
      let id = priceID("apigateway.http.request", c, override: "price", basis: "requests") {
        $0.value
      }
      add(c, id, calls * perCall, .variable, "HTTP API calls")
    case "websocket"?:
      webSocket(c, messages: calls)
    default:
      if text(c, "api_type") == nil {
        notes.append("\(c.name).api_type is not set: billed as a REST API (set it to http)")
      }
      let id = priceID("apigateway.rest.request", c, override: "price", basis: "requests") {
        $0.value
      }
      add(c, id, calls, .variable, "REST API calls")
    }
    gatewayExtras(c, calls: calls)
  }

  /// WebSocket: each visit is a message, metered per 32 KB of `message_size` (else the
  /// workload's request size); `connections` open on average bill connection minutes.
  /// - Parameters:
  ///   - c: the gateway.
  ///   - messages: messages this month (its visits).
  private mutating func webSocket(_ c: Component, messages: Double) {
    let bytes = bytes(c, "message_size") ?? model.workload.requestSize?.value ?? 0
    let perMessage = BillingRules.chunks(
      bytes / Self.kilobyte, of: BillingRules.webSocketMeteringKB)
    add(
      c, "apigateway.websocket.message", messages * perMessage, .variable,
      "WebSocket messages" + (perMessage > 1 ? " (\(Billing.compact(perMessage)) per message)" : "")
    )
    guard let connections = count(c, "connections") else {
      notes.append(
        "\(c.name).connections is not set: no WebSocket connection minutes are costed")
      return
    }
    add(
      c, "apigateway.websocket.connection_minute", connections * Self.month / 60, .variable,
      "WebSocket connection minutes")
  }

  /// A REST cache's hours at its size's rate, and a private API's interface endpoint hours
  /// and bytes processed (request and response), which replace data transfer out.
  /// - Parameters:
  ///   - c: the gateway.
  ///   - calls: calls this month.
  private mutating func gatewayExtras(_ c: Component, calls: Double) {
    if let size = bytes(c, "cache_size") {
      let gigabytes = (size / 1e8).rounded() / 10
      let id =
        "apigateway.cache." + Self.plain(gigabytes).replacingOccurrences(of: ".", with: "_")
        + "gb"
      if prices[id] != nil {
        add(c, id, Self.month / 3_600, .fixed, "API cache (\(Self.plain(gigabytes)) GB)")
      } else {
        let known = prices.ids.filter { $0.hasPrefix("apigateway.cache.") }
        gap(
          c, "API cache", .fixed,
          "the catalog has no price for a \(Self.plain(gigabytes)) GB cache (it lists "
            + known.map { $0.dropFirst("apigateway.cache.".count) }.joined(separator: ", ")
            + ")")
      }
    }
    guard text(c, "endpoint_type") == "private" else { return }
    let azs = count(c, "vpc_endpoint_azs") ?? 1
    if count(c, "vpc_endpoint_azs") == nil {
      notes.append("\(c.name).vpc_endpoint_azs is not set: one interface endpoint AZ is costed")
    }
    add(c, "privatelink.endpoint", azs * Self.month / 3_600, .fixed, "VPC endpoint AZ-hours")
    let perCall =
      (model.workload.requestSize?.value ?? 0) + (model.workload.wireResponseBytes ?? 0)
    add(
      c, "privatelink.data_processed", calls * perCall / Self.gigabyte, .variable,
      "VPC endpoint data processed (requests and responses)")
  }

  /// Response bytes to the internet, billed once at the first edge hop of the path (a CDN,
  /// else a gateway, else a load balancer); origin fetches from AWS origins are free.
  mutating func edgeTransfer() {
    guard let edge = firstEdge(model.path) else { return }
    guard let size = model.workload.wireResponseBytes else {
      notes.append("workload.response_size is not set: no data transfer out is costed")
      return
    }
    let compression = model.workload.compression
    let label =
      compression > 0
      ? "Data transfer out (\(Quantity.fraction(compression).formatted) saved by compression)"
      : "Data transfer out"
    let gigabytes = monthly(1) * size / Self.gigabyte
    switch edge.kind {
    case .cdn:
      guard case .text(let geography)? = edge["geography"],
        let shares = try? ShareList.parse(geography, among: CDNGeography.regions)
      else {
        add(edge, "cloudfront.data_out.us", gigabytes, .variable, label)
        return
      }
      for (region, share) in shares {
        add(
          edge, "cloudfront.data_out.\(region)", gigabytes * share, .variable,
          label + " \(region) \(Quantity.fraction(share).formatted)")
      }
    case .gateway:
      guard text(edge, "endpoint_type") != "private" else { return }
      add(edge, "apigateway.data_transfer_out", gigabytes, .variable, label)
    default: add(edge, "datatransfer.out.internet", gigabytes, .variable, label)
    }
  }

  /// X-Ray: traces recorded, scanned and retrieved, and processed by Insights.
  ///
  /// The sampled share of the path's requests is recorded (and processed by Insights when
  /// on); the traces queries scan and retrieve share one price and one free allowance. All
  /// are billed to the path's first component, where traces start.
  mutating func tracing() {
    let workload = model.workload
    let sampling = workload["trace_sampling"]?.quantity?.value ?? 0
    let scanned = workload["traces_scanned"]?.quantity?.value ?? 0
    let retrieved = workload["traces_retrieved"]?.quantity?.value ?? 0
    var insights = false
    if case .text(let value)? = workload["trace_insights"] {
      insights = value.lowercased() == "yes"
    }
    guard sampling > 0 || scanned > 0 || retrieved > 0,
      let entry = firstComponent(model.path)
    else { return }
    let recorded = monthly(sampling)
    add(entry, "xray.trace_recorded", recorded, .variable, "X-Ray traces recorded")
    let label = "X-Ray traces scanned or retrieved"
    add(entry, "xray.trace_retrieved", scanned * Self.month, .variable, label)
    add(entry, "xray.trace_retrieved", retrieved * Self.month, .variable, label)
    if insights {
      add(entry, "xray.insights_trace", recorded, .variable, "X-Ray Insights traces processed")
    }
  }

  private func firstComponent(_ node: PathNode) -> Component? {
    switch node {
    case .hop(let hop): return model.component(named: hop.component)
    case .series(let steps): return steps.lazy.compactMap { firstComponent($0) }.first
    case .branch(let arms): return arms.lazy.compactMap { firstComponent($0.node) }.first
    case .parallel(let fanOut): return firstComponent(fanOut.node)
    case .retry(let retry): return firstComponent(retry.node)
    }
  }

  private func firstEdge(_ node: PathNode) -> Component? {
    switch node {
    case .hop(let hop):
      guard let c = model.component(named: hop.component),
        [.cdn, .gateway, .lb].contains(c.kind)
      else { return nil }
      return c
    case .series(let steps): return steps.lazy.compactMap { firstEdge($0) }.first
    case .branch(let arms): return arms.lazy.compactMap { firstEdge($0.node) }.first
    case .parallel(let fanOut): return firstEdge(fanOut.node)
    case .retry(let retry): return firstEdge(retry.node)
    }
  }
}
