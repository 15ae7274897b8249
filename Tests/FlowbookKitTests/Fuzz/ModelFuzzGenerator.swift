import Quantities

@testable import FlowbookKit

/// Writes random well-formed model files: components of every kind with parameters drawn
/// from each kind's schema (ordinary values and extremes), a workload, segments that use
/// each other, and paths of nested branches, fan-outs and retries.
///
/// "Well-formed" means the YAML parses and the shapes are the ones the format knows; many
/// values are still wrong on purpose (negative, subnormal, 1e300, 1e12 tasks), so a good
/// share of the files must be refused with an error naming the bound they cross.
struct ModelFuzzGenerator {
  var random: SeededGenerator
  /// Component names of the model being written, with their kinds.
  private var components: [(name: String, kind: ComponentKind)] = []
  private var segments: [String] = []
  /// The chance that a value is extreme: high in "wild" models, 0 in tame ones (which
  /// should load, so the analyses see many valid models).
  private var wildness = 0.0

  init(seed: UInt64) {
    random = SeededGenerator(seed: seed)
  }

  /// One model file.
  mutating func model() -> String {
    components = []
    segments = []
    wildness = chance(0.6) ? 0.4 : 0
    var lines = ["flowbook: 1", "name: fuzz"]
    if chance(0.3) { lines.append("objective: " + pick(Self.objectives)) }
    lines.append("components:")
    for index in 0..<int(1...6) {
      let kind = pick(ComponentKind.allCases)
      let name = "c\(index)"
      components.append((name, kind))
      lines += component(name, kind)
    }
    if chance(0.8) { lines += workload() }
    if chance(0.3) { lines += segmentsSection() }
    lines.append("path:")
    for step in path(depth: 0, budget: int(1...5)) { lines.append("  - " + step) }
    return lines.joined(separator: "\n") + "\n"
  }

  // MARK: - Components and values

  private mutating func component(_ name: String, _ kind: ComponentKind) -> [String] {
    var lines = ["  \(name):", "    kind: \(kind.rawValue)"]
    if chance(0.95) { lines.append("    latency: " + distribution(depth: 0)) }
    for spec in kind.schema where spec.name != "latency" && chance(0.35) {
      lines.append("    \(spec.name): " + value(for: spec))
    }
    return lines
  }

  private mutating func workload() -> [String] {
    var lines = ["workload:"]
    lines.append("  rate: " + (chance(wildness) ? pick(Self.rates) : pick(Self.ordinaryRates)))
    for spec in WorkloadSchema.specs where spec.name != "rate" && chance(0.25) {
      lines.append("  \(spec.name): " + value(for: spec))
    }
    return lines
  }

  /// A value for a schema row: mostly of the right type, sometimes extreme or wrong.
  mutating func value(for spec: ParameterSpec) -> String {
    if chance(wildness / 10) { return pick(Self.anything) }
    switch spec.type {
    case .quantity(let dimension): return quantity(dimension)
    case .fraction: return chance(wildness) ? pick(Self.fractions) : pick(["0%", "50%", "95%"])
    case .count: return chance(wildness) ? pick(Self.counts) : pick(Self.ordinaryCounts)
    case .distribution: return distribution(depth: 0)
    case .text: return text(for: spec.name)
    }
  }

  private mutating func quantity(_ dimension: PhysicalDimension) -> String {
    if dimension == .time { return chance(wildness) ? pick(Self.times) : pick(Self.ordinaryTimes) }
    if dimension == .rate { return chance(wildness) ? pick(Self.rates) : pick(Self.ordinaryRates) }
    if dimension == .data { return pick(Self.sizes) }
    if dimension == .money { return pick(Self.prices) }
    if dimension == .moneyRate { return pick(Self.hourlyPrices) }
    if dimension == .money / .data { return pick(["$0.085 / GB", "$0 / GB", "$1e300 / GB"]) }
    if dimension == .money / .dataTime {
      return pick(["$0.0000166667 / GB-s", "$1e300 / GB-s", "$0 / GB-s"])
    }
    return pick(Self.counts)
  }

  private mutating func text(for name: String) -> String {
    let names = components.map(\.name) + ["nowhere"]
    switch name {
    case "consumer", "source", "dead_letter_queue": return pick(names)
    case "api_type": return pick(["rest", "http", "websocket", "soap"])
    case "architecture": return pick(["x86", "arm", "risc"])
    case "type": return pick(["standard", "fifo", "express", "bogus"])
    case "capacity_mode": return pick(["on-demand", "provisioned", "x"])
    case "consistent_read": return pick(["eventual", "strong", "transactional", "maybe"])
    case "profile": return pick(["constant", "diurnal", "spike", "ramp", "weird"])
    case "node_type": return pick(["cache.r7g.large", "cache.t4g.micro", "huge"])
    default: return pick(["x", "lru", "java17", "geolocation", "STANDARD", "\"\""])
    }
  }

  /// A latency: a time, or one of the distribution shapes the format knows.
  mutating func distribution(depth: Int) -> String {
    func time() -> String {
      chance(wildness) ? pick(Self.times) : pick(Self.ordinaryTimes)
    }
    switch int(0...7) {
    case 0, 1: return time()
    case 2 where wildness == 0:
      let p50 = int(1...50)
      return "{p50: \(p50) ms, p99: \(p50 * int(2...4)) ms}"
    case 2: return "{p50: \(time()), p99: \(time())}"
    case 3: return "{mean: \(time())}"
    case 4: return "{lower: \(time()), upper: \(time())}"
    case 5 where depth < 3:
      let weight = pick(["89%", "50%", "0%", "100%", "1e-320", "-10%", "0.5"])
      let other = chance(0.8) ? "rest" : pick(["11%", "50%", "0%"])
      let rest = other == "rest" ? complement(weight) : other
      return "{mixture: [{weight: \(weight), latency: \(distribution(depth: depth + 1))}, "
        + "{weight: \(rest), latency: \(distribution(depth: depth + 1))}]}"
    case 6:
      let samples = (0..<int(0...5)).map { _ in time() }
      return "{samples: [" + samples.joined(separator: ", ") + "]}"
    default:
      let bins = (0..<int(0...4)).map { _ in
        "{from: \(time()), to: \(time()), weight: \(pick(Self.weights))}"
      }
      return "{histogram: [" + bins.joined(separator: ", ") + "]}"
    }
  }

  private func complement(_ weight: String) -> String {
    switch weight {
    case "89%": return "11%"
    case "50%", "0.5": return "50%"
    case "0%": return "100%"
    case "100%": return "0%"
    default: return "100%"
    }
  }

  // MARK: - Segments and paths

  private mutating func segmentsSection() -> [String] {
    var lines = ["segments:"]
    for index in 0..<int(1...4) {
      let name = "s\(index)"
      let steps = path(depth: 1, budget: int(1...3))
      segments.append(name)
      lines.append("  \(name): [" + steps.joined(separator: ", ") + "]")
    }
    return lines
  }

  /// `budget` steps, each a hop or (less often the deeper it goes) a block.
  mutating func path(depth: Int, budget: Int) -> [String] {
    (0..<budget).map { _ in step(depth: depth) }
  }

  private mutating func step(depth: Int) -> String {
    let blockChance = depth > 10 ? 0.05 : 0.45
    guard chance(blockChance) else { return hop() }
    switch int(0...3) {
    case 0: return branch(depth: depth)
    case 1:
      return "{parallel: {count: \(count()), path: [\(inner(depth))]}}"
    case 2:
      let backoff = chance(0.5) ? ", backoff: " + distribution(depth: 2) : ""
      let timeout = chance(wildness) ? pick(Self.timeouts) : pick(["50 ms", "1 s"])
      return "{retry: {timeout: \(timeout), attempts: \(count())\(backoff), "
        + "path: [\(inner(depth))]}}"
    default:
      // Segments only use earlier ones, so there is no cycle; repeated uses multiply.
      guard let segment = segments.last.map({ _ in pick(segments) }) else { return hop() }
      return "{use: \(segment)}"
    }
  }

  private mutating func inner(_ depth: Int) -> String {
    path(depth: depth + 1, budget: int(1...3)).joined(separator: ", ")
  }

  private mutating func hop() -> String {
    let name = pick(components).name
    return chance(0.1) ? "{hop: \(name), as: \(name) again}" : name
  }

  private mutating func branch(depth: Int) -> String {
    let arms = int(2...3)
    var parts: [String] = []
    for index in 0..<arms {
      let p: String
      if index == arms - 1 {
        p = chance(0.9) ? "rest" : pick(["50%", "0%"])
      } else {
        p = chance(0.2) ? "\(pick(components).name).hit_rate" : pick(["10%", "45%", "0%", "1e-9"])
      }
      let body = chance(0.2) ? "" : ", path: [\(inner(depth))]"
      parts.append("{name: a\(depth)x\(index), p: \(p)\(body)}")
    }
    return "{branch: [" + parts.joined(separator: ", ") + "]}"
  }

  private mutating func count() -> String {
    if chance(0.1) { return "\(pick(components).name).parallel_queries" }
    return chance(wildness) ? pick(Self.counts) : pick(["1", "2", "3", "5"])
  }

  // MARK: - Randomness

  mutating func chance(_ p: Double) -> Bool { random.uniform() < p }

  mutating func int(_ range: ClosedRange<Int>) -> Int { Int.random(in: range, using: &random) }

  mutating func pick<T>(_ items: [T]) -> T { items[int(0...(items.count - 1))] }

  // MARK: - Values

  static let objectives = [
    "p99 < 100 ms", "p50 < 1 s", "p99.9 < 1e300 s", "p100 < 1 ms", "p0 < 5 ms", "mean < 3",
  ]
  static let ordinaryTimes = ["0 ms", "1 ms", "5 ms", "12 ms", "45 ms"]
  static let times = [
    "1 ns", "1e-12 s", "5e-324 s", "1e-320 s", "1e300 s", "1e19 s", "365 day", "2 year",
    "-1 ms", "1.7976931348623157e308 s", "15 min", "14 day", "0 s", "300 ms", "2 s", "30 s",
  ]
  static let timeouts = ["50 ms", "1 s", "0 ms", "-1 s", "1e300 s", "5e-324 s", "29 s"]
  static let ordinaryRates = ["1 rps", "850 rps", "10k rps", "850k rps", "2.5M rps"]
  static let rates = [
    "0 rps", "1e12 rps", "1e13 rps", "1e-12 rps", "5e-324 rps", "1000 req / min",
    "1e300 rps", "1 / month",
  ]
  static let sizes = ["0 B", "1 B", "4 KB", "1769 MB", "2.3 MB", "1e15 B", "1e300 B", "0.5 B"]
  static let prices = ["$0", "$3.50 / 1M req", "$1e300", "-$5", "$0.09", "$5e-324"]
  static let hourlyPrices = ["$0.05 / h", "$1e300 / h", "$0 / h", "-$1 / h"]
  static let fractions = ["0%", "100%", "95%", "1e-320", "0.5", "1.5", "-1%", "14%"]
  static let ordinaryCounts = ["0", "1", "3", "5", "10", "25", "1000", "15M", "40M"]
  static let counts = [
    "1e9", "1e12", "1e300", "2.5", "-1", "5e-324", "1.7976931348623157e308", "4.9e-324",
    "10001", "10000", "1e-9", "0.001",
  ]
  static let weights = ["0", "1", "120", "-1", "1e308", "5e-324", "1e-320"]
  static let anything = ["x", "5 ms", "100%", "[1, 2]", "{a: 1}", "\"\"", "1e400", "rest", "~"]
}
