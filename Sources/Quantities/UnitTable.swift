/// Every unit flowbook knows, each spelled once; lookups, completion and the README's unit
/// list are all derived from this table.
///
/// Conventions worth knowing: a month is 730 hours and a year 8,760 hours, the figures
/// AWS's pricing calculator uses, so `$/month` matches AWS bills. Decimal data units
/// (KB, MB, GB) are powers of 1,000 and binary ones (KiB, MiB, GiB) powers of 1,024.
/// Requests, calls and messages are dimensionless counts (see `PhysicalDimension`).
///
/// Billing units (`GB-s`, `GB-h`, `GB-month`) count AWS's billing gigabyte, 1,024 MB: AWS's
/// pricing arithmetic divides the megabytes a service is configured with by 1,024 (Lambda:
/// "memory MB ÷ 1024 × seconds"; Step Functions Express: 64 MB chunks ÷ 1024; Fargate: task
/// memory in MB ÷ 1024). So `1769 MB * 45 ms -> GB-s` is Lambda's 0.077739 GB-s, the figure
/// `cost` bills, and `1 GB` (1,000 MB) is 0.976563 of a billing GB: write memory in MB.
public enum UnitTable {
  public static let hourSeconds = 3_600.0
  public static let monthSeconds = 730 * hourSeconds
  public static let yearSeconds = 8_760 * hourSeconds
  /// Bytes in AWS's billing gigabyte: 1,024 MB of 10^6 B (see the type's note).
  public static let billingGigabyte = 1_024e6

  public static let all: [NamedUnit] = time + counts + money + data + compound

  static let time: [NamedUnit] = [
    NamedUnit(
      "ns", aliases: ["nanosecond", "nanoseconds"], dimension: .time, factor: 1e-9,
      summary: "nanosecond"),
    NamedUnit(
      "µs", aliases: ["us", "μs", "microsecond", "microseconds"], dimension: .time,
      factor: 1e-6, summary: "microsecond"),
    NamedUnit(
      "ms", aliases: ["millisecond", "milliseconds"], dimension: .time, factor: 1e-3,
      summary: "millisecond"),
    NamedUnit(
      "s", aliases: ["sec", "secs", "second", "seconds"], dimension: .time, factor: 1,
      summary: "second"),
    NamedUnit(
      "min", aliases: ["mins", "minute", "minutes"], dimension: .time, factor: 60,
      summary: "minute"),
    NamedUnit(
      "h", aliases: ["hr", "hrs", "hour", "hours"], dimension: .time, factor: hourSeconds,
      summary: "hour"),
    NamedUnit(
      "day", aliases: ["days"], dimension: .time, factor: 24 * hourSeconds,
      summary: "day (24 h)"),
    NamedUnit(
      "week", aliases: ["weeks"], dimension: .time, factor: 7 * 24 * hourSeconds,
      summary: "week (7 days)"),
    NamedUnit(
      "month", aliases: ["months"], dimension: .time, factor: monthSeconds,
      summary: "month (730 h, as AWS bills)"),
    NamedUnit(
      "year", aliases: ["years"], dimension: .time, factor: yearSeconds,
      summary: "year (8,760 h)"),
  ]

  static let counts: [NamedUnit] = [
    NamedUnit(
      "rps", aliases: ["qps", "tps"], dimension: .rate, factor: 1,
      summary: "requests per second"),
    NamedUnit(
      "req",
      aliases: [
        "reqs", "request", "requests", "call", "calls", "invocation",
        "invocations", "msg", "msgs", "message", "messages", "event",
        "events", "item", "items", "query", "queries", "op", "ops",
      ],
      dimension: .none, factor: 1, summary: "one request (a count)"),
    NamedUnit("%", aliases: ["percent"], dimension: .none, factor: 0.01, summary: "percent"),
  ]

  static let money: [NamedUnit] = [
    NamedUnit(
      "$", aliases: ["USD", "usd", "dollar", "dollars"], dimension: .money, factor: 1,
      summary: "US dollar"),
    NamedUnit("cent", aliases: ["cents"], dimension: .money, factor: 0.01, summary: "US cent"),
  ]

  static let data: [NamedUnit] =
    [
      NamedUnit("B", aliases: ["byte", "bytes"], dimension: .data, factor: 1, summary: "byte"),
      NamedUnit(
        "KB", aliases: ["kB"], dimension: .data, factor: 1e3, summary: "kilobyte (1,000 B)"),
      NamedUnit("MB", dimension: .data, factor: 1e6, summary: "megabyte (10^6 B)"),
      NamedUnit("GB", dimension: .data, factor: 1e9, summary: "gigabyte (10^9 B)"),
      NamedUnit("TB", dimension: .data, factor: 1e12, summary: "terabyte (10^12 B)"),
      NamedUnit("PB", dimension: .data, factor: 1e15, summary: "petabyte (10^15 B)"),
      NamedUnit("KiB", dimension: .data, factor: 1_024, summary: "kibibyte (1,024 B)"),
      NamedUnit("MiB", dimension: .data, factor: 1_048_576, summary: "mebibyte (2^20 B)"),
      NamedUnit("GiB", dimension: .data, factor: 1_073_741_824, summary: "gibibyte (2^30 B)"),
      NamedUnit("TiB", dimension: .data, factor: 1_099_511_627_776, summary: "tebibyte (2^40 B)"),
    ] + bits

  /// Bits and bit rates, decimal as networks count them (1 Gbps = 10^9 bit/s = 125 MB/s):
  /// link speeds and AWS's bandwidth quotas (CloudFront's 150 Gbps) are written in them.
  static let bits: [NamedUnit] = [
    NamedUnit("bit", aliases: ["bits"], dimension: .data, factor: 0.125, summary: "bit (1/8 B)"),
    NamedUnit(
      "kbit", aliases: ["Kbit", "kbits", "Kbits"], dimension: .data, factor: 125,
      summary: "kilobit (1,000 bit)"),
    NamedUnit(
      "Mbit", aliases: ["Mbits"], dimension: .data, factor: 125e3,
      summary: "megabit (10^6 bit)"),
    NamedUnit(
      "Gbit", aliases: ["Gbits"], dimension: .data, factor: 125e6,
      summary: "gigabit (10^9 bit)"),
    NamedUnit(
      "Tbit", aliases: ["Tbits"], dimension: .data, factor: 125e9,
      summary: "terabit (10^12 bit)"),
    NamedUnit(
      "bps", dimension: .dataRate, factor: 0.125, summary: "bit per second"),
    NamedUnit(
      "kbps", aliases: ["Kbps"], dimension: .dataRate, factor: 125,
      summary: "kilobit per second (1,000 bit/s)"),
    NamedUnit(
      "Mbps", dimension: .dataRate, factor: 125e3, summary: "megabit per second (10^6 bit/s)"),
    NamedUnit(
      "Gbps", dimension: .dataRate, factor: 125e6, summary: "gigabit per second (10^9 bit/s)"),
    NamedUnit(
      "Tbps", dimension: .dataRate, factor: 125e9, summary: "terabit per second (10^12 bit/s)"),
  ]

  static let compound: [NamedUnit] = [
    NamedUnit(
      "GB-s", aliases: ["GB-second", "GB-seconds"], dimension: .dataTime,
      factor: billingGigabyte, summary: "billing GB (1,024 MB) × second (Lambda duration)"),
    NamedUnit(
      "GB-h", aliases: ["GB-hour", "GB-hours"], dimension: .dataTime,
      factor: billingGigabyte * hourSeconds, summary: "billing GB (1,024 MB) × hour"),
    NamedUnit(
      "GB-month", aliases: ["GB-months", "GB-mo"], dimension: .dataTime,
      factor: billingGigabyte * monthSeconds, summary: "billing GB (1,024 MB) × month (730 h)"),
  ]

  private static let bySpelling: [String: NamedUnit] = {
    var table: [String: NamedUnit] = [:]
    for unit in all {
      for spelling in [unit.symbol] + unit.aliases {
        precondition(table[spelling] == nil, "unit spelling \(spelling) listed twice")
        table[spelling] = unit
      }
    }
    return table
  }()

  /// The unit spelled exactly so (units are case-sensitive: `MB` is not `mb`).
  public static func lookup(_ spelling: String) -> NamedUnit? {
    bySpelling[spelling]
  }

  /// Every accepted spelling, for completion and suggestions.
  public static var spellings: [String] {
    bySpelling.keys.sorted()
  }

  /// Spellings with a hyphen (`GB-s`): the lexer joins `GB`, `-`, `s` only into these.
  public static let hyphenated: Set<String> = Set(bySpelling.keys.filter { $0.contains("-") })
}
