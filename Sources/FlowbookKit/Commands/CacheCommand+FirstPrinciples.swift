import Quantities

/// `cache ttl`, `cache lru`, `cache size for`, `cache flush`: one tier's hit ratio from its
/// request rate and key popularity (`CachePopularityAnalysis.swift`), with the model's own
/// hit ratio beside it for comparison.
extension CacheCommand {
  /// The options after a subcommand, in any order.
  struct TierOptions {
    var tier: String?
    var keys: Int?
    var exponent: Double?
    var value: (Quantity, Span)?
    var within: Double?
  }

  static let optionWords: Set<String> = ["keys", "zipf", "within", "at"]

  static func firstPrinciples(_ arguments: inout Arguments, _ model: PathModel)
    throws(Diagnostic) -> CommandResult
  {
    guard let (verb, _) = arguments.word() else { return .silent(.null) }
    var target: Double?
    if verb == "size" {
      try arguments.expect("for", usage: "cache size for HIT [TIER]")
      let (q, span) = try arguments.quantity(stopAt: optionWords)
      guard q.dimension.isDimensionless, q.value > 0, q.value < 1 else {
        throw Diagnostic(
          "the target hit ratio must be between 0% and 100%, not \(q.formatted)",
          span: span)
      }
      target = q.value
    }
    var rate: Double?
    let options = try tierOptions(&arguments, model, allowValue: verb != "size", rate: &rate)
    let tier = try CacheAnalysis.tierWorkload(
      model, tier: options.tier, keys: options.keys, exponent: options.exponent, rate: rate)
    switch verb {
    case "ttl": return try ttl(tier, options)
    case "lru": return try lru(tier, options)
    case "flush": return try flush(tier, options)
    default: return try size(tier, target: target ?? 0.9)
    }
  }

  private static func tierOptions(
    _ arguments: inout Arguments, _ model: PathModel, allowValue: Bool, rate: inout Double?
  ) throws(Diagnostic) -> TierOptions {
    var options = TierOptions()
    while !arguments.isAtEnd {
      if arguments.take("keys") {
        options.keys = try arguments.count(
          named: "keys", in: 1...ZipfPopularity.maximumKeys, stopAt: optionWords)
      } else if arguments.take("zipf") {
        let (q, span) = try arguments.quantity(stopAt: optionWords)
        guard q.dimension.isDimensionless else {
          throw Diagnostic("a Zipf exponent is a plain number such as 0.8", span: span)
        }
        options.exponent = q.value
      } else if arguments.take("within") {
        let (q, span) = try arguments.quantity(stopAt: optionWords)
        guard q.dimension.isDimensionless, q.value > 0, q.value < 1 else {
          throw Diagnostic("within takes a share such as 1%", span: span)
        }
        options.within = q.value
      } else if arguments.peekWord() == "at" {
        rate = try rateArgument(&arguments, model, usage: usage)
      } else if let word = arguments.peekWord(), model.component(named: word) != nil,
        options.tier == nil
      {
        _ = arguments.word()
        options.tier = word
      } else if allowValue, options.value == nil {
        options.value = try arguments.quantity(stopAt: optionWords)
      } else {
        try arguments.expectEnd(usage: usage)
      }
    }
    return options
  }

  private static func title(_ verb: String, _ tier: CacheAnalysis.TierWorkload) -> String {
    "cache \(verb): \(tier.component.name) at \(Quantity.perSecond(tier.requestRate).formatted)"
      + " over Zipf(\(Quantity.formatNumber(tier.exponent))) of "
      + "\(Quantity.formatNumber(Double(tier.keys), compact: true)) keys"
  }

  /// The five rungs ¼×, ½×, 1×, 2×, 4× of a setting, to show how steep the curve is.
  private static let ladder: [Double] = [0.25, 0.5, 1, 2, 4]

  // MARK: - TTL

  private static func ttl(_ tier: CacheAnalysis.TierWorkload, _ options: TierOptions)
    throws(Diagnostic) -> CommandResult
  {
    let seconds: Double
    if let (q, span) = options.value {
      guard q.dimension == .time, q.value > 0 else {
        throw Diagnostic("a TTL is a time such as 300 s, not \(q.formatted)", span: span)
      }
      seconds = q.value
    } else if let stated = tier.ttl {
      seconds = stated
    } else {
      throw Diagnostic(
        "\(tier.component.name) has no ttl; give one: cache ttl "
          + "\(tier.component.name) 300 s")
    }
    var table = ResultTable(
      title: title("ttl", tier),
      columns: [.init("ttl"), .init("hit ratio"), .init("origin"), .init("entries")])
    var rows: [JSONValue] = []
    for factor in ladder {
      let estimate = try CacheAnalysis.ttl(tier, seconds: seconds * factor)
      table.append([
        .init(
          IncidentFormat.duration(estimate.ttl) + (factor == 1 ? " <" : ""),
          tag: factor == 1 ? .keyword : .plain, number: estimate.ttl),
        .init(TimeFormat.share(estimate.hitRatio), tag: .value, number: estimate.hitRatio),
        .init(
          Quantity.perSecond(TimeFormat.rounded(estimate.originRate)).formatted,
          number: estimate.originRate),
        .init(IncidentFormat.count(estimate.expectedEntries), number: estimate.expectedEntries),
      ])
      rows.append(
        .object([
          ("ttl_s", .number(estimate.ttl)), ("hit_ratio", .number(estimate.hitRatio)),
          ("origin_rps", .number(estimate.originRate)),
          ("entries", .number(estimate.expectedEntries)),
        ]))
    }
    var notes = [
      "TTL cache, Poisson requests per key: hit ratio Σ q·ΛT/(1+ΛT) "
        + "(Jung, Berger & Balakrishnan 2003); entries = memory in items"
    ]
    notes += comparison(tier) { () throws(Diagnostic) in
      try CacheAnalysis.sizing(tier, target: tier.modelHitRatio).ttl
    } describe: {
      "a TTL of \(IncidentFormat.duration($0))"
    }
    table.notes = notes
    return policyResult(table, tier, rows: rows)
  }

  /// A TTL or LRU table with its JSON: the tier, its request rate, the model's hit ratio
  /// and one row per size tried.
  private static func policyResult(
    _ table: ResultTable, _ tier: CacheAnalysis.TierWorkload, rows: [JSONValue]
  ) -> CommandResult {
    .table(
      table,
      data: .object([
        ("tier", .string(tier.component.name)), ("rate_rps", .number(tier.requestRate)),
        ("model_hit_ratio", .number(tier.modelHitRatio)), ("rows", .array(rows)),
      ]))
  }

  /// "the path gives redis 87%; a TTL of 300 s reaches that", or nothing when unreachable.
  private static func comparison(
    _ tier: CacheAnalysis.TierWorkload, _ solve: () throws(Diagnostic) -> Double,
    describe: (Double) -> String
  ) -> [String] {
    let stated = "the path gives \(tier.component.name) \(TimeFormat.share(tier.modelHitRatio))"
    guard tier.modelHitRatio > 0, tier.modelHitRatio < 1, let needed = try? solve() else {
      return [stated]
    }
    return [stated + "; \(describe(needed)) reaches that"]
  }

  // MARK: - LRU

  private static func entries(_ tier: CacheAnalysis.TierWorkload, _ options: TierOptions)
    throws(Diagnostic) -> Double
  {
    guard let (q, span) = options.value else {
      guard let stated = tier.capacityEntries else {
        throw Diagnostic(
          "\(tier.component.name) states no capacity and item_size; give a size: "
            + "cache lru \(tier.component.name) 2M (entries) or 16 GB")
      }
      return stated
    }
    if q.dimension.isDimensionless, q.value > 0 { return try bounded(q.value, span) }
    guard q.dimension == .data, q.value > 0 else {
      throw Diagnostic(
        "an LRU size is a count of entries (2M) or memory (16 GB), not "
          + q.formatted, span: span)
    }
    guard let item = tier.itemSize, item > 0 else {
      throw Diagnostic(
        "memory needs \(tier.component.name).item_size to count entries; set it "
          + "or give entries (2M)", span: span)
    }
    return try bounded(q.value / item, span)
  }

  /// An LRU size of at most as many entries as a key population may have (2^50, the
  /// Zipf model's bound): the ladder of sizes up to 4× stays finite.
  private static func bounded(_ entries: Double, _ span: Span) throws(Diagnostic) -> Double {
    guard entries <= Double(ZipfPopularity.maximumKeys) else {
      throw Diagnostic(
        "an LRU size must be at most \(Quantity.formatNumber(Double(ZipfPopularity.maximumKeys))) "
          + "entries (flowbook's bound on a key population), not "
          + Quantity.formatNumber(entries),
        span: span)
    }
    return entries
  }

  private static func lru(_ tier: CacheAnalysis.TierWorkload, _ options: TierOptions)
    throws(Diagnostic) -> CommandResult
  {
    let size = try entries(tier, options)
    var columns: [ResultTable.Column] = [.init("entries")]
    if tier.itemSize != nil { columns.append(.init("memory")) }
    columns += [.init("hit ratio"), .init("origin"), .init("kept unused for", key: "t_c")]
    var table = ResultTable(title: title("lru", tier), columns: columns)
    var rows: [JSONValue] = []
    for factor in ladder {
      let estimate = try CacheAnalysis.lru(tier, entries: size * factor)
      var cells: [ResultTable.Cell] = [
        .init(
          IncidentFormat.count(estimate.capacity) + (factor == 1 ? " <" : ""),
          tag: factor == 1 ? .keyword : .plain, number: estimate.capacity)
      ]
      if let item = tier.itemSize {
        let bytes = Quantity(exactly: estimate.capacity * item, .data)
        cells.append(.init(IncidentFormat.rounded(bytes), number: bytes.value))
      }
      let time = estimate.characteristicTime
      cells += [
        .init(TimeFormat.share(estimate.hitRatio), tag: .value, number: estimate.hitRatio),
        .init(
          Quantity.perSecond(TimeFormat.rounded(estimate.originRate)).formatted,
          number: estimate.originRate),
        .init(time.map(IncidentFormat.duration) ?? "all fit", number: time),
      ]
      table.append(cells)
      rows.append(
        .object([
          ("entries", .number(estimate.capacity)), ("hit_ratio", .number(estimate.hitRatio)),
          ("origin_rps", .number(estimate.originRate)),
          ("characteristic_time_s", time.map(JSONValue.number) ?? .null),
        ]))
    }
    var notes = [
      "LRU by Che's approximation: an entry survives t_C without a request "
        + "(Che, Tung & Wang 2002)"
    ]
    notes += comparison(tier) { () throws(Diagnostic) in
      try CacheAnalysis.sizing(tier, target: tier.modelHitRatio).entries
    } describe: {
      "an LRU of \(IncidentFormat.count($0)) entries"
    }
    table.notes = notes
    return policyResult(table, tier, rows: rows)
  }

  // MARK: - Size

  private static func size(_ tier: CacheAnalysis.TierWorkload, target: Double)
    throws(Diagnostic) -> CommandResult
  {
    let (seconds, entries) = try CacheAnalysis.sizing(tier, target: target)
    var table = ResultTable(
      title: title("size for \(TimeFormat.share(target))", tier),
      columns: [.init("policy", alignment: .left), .init("needs", alignment: .left)])
    table.append([
      .init("TTL", tag: .keyword),
      .init(
        "entries live \(IncidentFormat.duration(seconds))", tag: .value,
        number: seconds),
    ])
    var memory = ""
    if let item = tier.itemSize {
      memory = " (" + IncidentFormat.rounded(Quantity(exactly: entries * item, .data)) + ")"
    }
    table.append([
      .init("LRU", tag: .keyword),
      .init(
        "\(IncidentFormat.count(entries)) entries" + memory, tag: .value,
        number: entries),
    ])
    table.notes = [
      "TTL: Σ q·ΛT/(1+ΛT) = target; LRU: Che's approximation solved for C",
      "the path gives \(tier.component.name) "
        + TimeFormat.share(tier.modelHitRatio),
    ]
    return .table(
      table,
      data: .object([
        ("tier", .string(tier.component.name)), ("target", .number(target)),
        ("ttl_s", .number(seconds)), ("lru_entries", .number(entries)),
      ]))
  }

  // MARK: - Flush

  private static func flush(_ tier: CacheAnalysis.TierWorkload, _ options: TierOptions)
    throws(Diagnostic) -> CommandResult
  {
    let size = options.value == nil ? nil : try entries(tier, options)
    let policy = try CacheAnalysis.policy(tier, entries: size)
    let tolerance = options.within ?? 0.01
    let (recovery, curve) = try CacheAnalysis.flush(tier, policy: policy, tolerance: tolerance) {
      let warm = $0.warmTime
      return [0, warm / 1_000, warm / 100, warm / 10, warm / 4, warm / 2, warm]
    }
    let steadyMisses = tier.requestRate * (1 - recovery.steadyHitRatio)
    let policyText: String
    switch policy {
    case .ttl(let seconds): policyText = "TTL \(IncidentFormat.duration(seconds))"
    case .lru(let capacity): policyText = "LRU of \(IncidentFormat.count(capacity)) entries"
    }
    var table = ResultTable(
      title: title("flush", tier) + ", " + policyText,
      columns: [
        .init("after", alignment: .left), .init("hit ratio"), .init("origin"),
        .init("vs steady", key: "vs_steady"),
      ])
    for point in curve {
      let origin = tier.requestRate * (1 - point.hitRatio)
      table.append([
        .init(IncidentFormat.offset(point.time), tag: .keyword, number: point.time),
        .init(TimeFormat.share(point.hitRatio), tag: .value, number: point.hitRatio),
        .init(Quantity.perSecond(TimeFormat.rounded(origin)).formatted, number: origin),
        .init(
          steadyMisses > 0 ? IncidentFormat.multiplier(origin / steadyMisses) : "-",
          tag: .warning, number: steadyMisses > 0 ? origin / steadyMisses : nil),
      ])
    }
    let normal = steadyMisses > 0 ? recovery.extraOriginRequests / steadyMisses : 0
    table.notes = [
      "warm again (within \(TimeFormat.share(tolerance)) of its steady "
        + "\(TimeFormat.share(recovery.steadyHitRatio))) at "
        + IncidentFormat.offset(recovery.warmTime),
      "the flush costs \(IncidentFormat.count(recovery.extraOriginRequests)) extra origin "
        + "requests, as many as \(IncidentFormat.duration(normal)) of normal misses",
      "h(t) = Σ q(1 − e^(−λqt)): a request hits once its key was asked since the flush",
    ]
    return .table(
      table,
      data: .object([
        ("tier", .string(tier.component.name)), ("rate_rps", .number(tier.requestRate)),
        ("steady_hit_ratio", .number(recovery.steadyHitRatio)),
        ("warm_time_s", .number(recovery.warmTime)),
        ("extra_origin_requests", .number(recovery.extraOriginRequests)),
        ("initial_origin_rps", .number(recovery.initialOriginRate)),
        ("curve", table.json),
      ]))
  }
}
