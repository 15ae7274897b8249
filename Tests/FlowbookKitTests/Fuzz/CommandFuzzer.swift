import Foundation
import Quantities

@testable import FlowbookKit

/// Makes command lines for the fuzz tests: generated from a grammar of every command and
/// of expressions, and mutated from the commands of the README tour and the notebooks.
///
/// Values lean on the extremes that broke flowbook before (0, -0, subnormals, 1e308,
/// spellings of NaN and infinity, counts of 10^12 and more, huge and tiny units), with
/// sane values in between so that commands also get far enough to compute something.
/// Runs of `simulate` are kept short unless a value is extreme, so that the suite stays
/// within its time budget; what it checks is only that every line ends in an answer or
/// an `error:` with a caret.
struct CommandFuzzer {
  var generator: SeededGenerator
  /// Folder for `save`, `export` and shard files.
  let scratch: String
  /// Parameter addresses of the shipped models, for `set`, `reset` and `sweep`.
  let addresses: [String]

  init(seed: UInt64, scratch: String, addresses: [String]) {
    generator = SeededGenerator(seed: seed)
    self.scratch = scratch
    self.addresses = addresses.isEmpty ? ["cdn.hit_rate"] : addresses
  }

  // MARK: - Randomness

  mutating func below(_ n: Int) -> Int { Int(generator.next() % UInt64(max(1, n))) }
  mutating func chance(_ p: Double) -> Bool { generator.uniform() < p }
  mutating func pick<T>(_ items: [T]) -> T { items[below(items.count)] }

  // MARK: - Numbers and values

  /// Number spellings that have trapped or could: the edges of `Double` and of `Int`.
  static let extremeNumbers = [
    "0", "-0", "0.0", "4.9e-324", "5e-324", "1e-320", "2.2250738585072014e-308", "1e-300",
    "1e-100", "1.7976931348623157e308", "1e308", "9.99e307", "1e309", "1e300", "1e100",
    "1e19", "9.3e18", "9223372036854775807", "9223372036854775808", "18446744073709551616",
    "1e12", "1T", "1e15", "4294967296", "2147483648", "65536", "1e6", "-1", "-1e308",
    "0.1", "0.5", "1", "2", "3", "7", "10", "100", "1,769", "2.5M", "10B", "1e-3", ".5",
    "nan", "NaN", "inf", "Inf", "infinity", "-inf", "$1e308", "$0", "$3.50", "1e-9",
    "0x10", "1e", "1e+", "1..2", "1,00", "99999999999999999999999",
  ]

  /// Units of every dimension, and spellings that are not units.
  static let units = [
    "", "", "", "s", "ms", "µs", "ns", "min", "h", "day", "week", "month", "year", "rps",
    "req/s", "/min", "/s", "per month", "req", "call", "msg", "$", "USD", "cent", "B", "KB",
    "MB", "GB", "TB", "PB", "KiB", "GiB", "GB-s", "GB-h", "GB-month", "%", "x", "bogus",
    "GB/month", "B/s", "KB/s", "$/month", "$/GB", "rps*s", "s^2", "/", "s^-128",
  ]

  mutating func number() -> String {
    switch below(4) {
    case 0: return String(below(1_000))
    case 1:
      let mantissa = Double(below(10_000)) / 100
      return "\(mantissa)e\(below(700) - 350)"
    default: return pick(Self.extremeNumbers)
    }
  }

  mutating func value(_ unit: String? = nil) -> String {
    let n = number()
    let u = unit ?? pick(Self.units)
    if chance(0.1) { return n + u }
    return u.isEmpty ? n : n + " " + u
  }

  /// A value of the expected unit most of the time (so the command runs), else anything.
  mutating func typed(_ units: [String], sane: [String]) -> String {
    switch below(10) {
    case 0..<4: return pick(sane)
    case 4..<8: return value(pick(units))
    case 8: return value()
    default: return expression(depth: 2)
    }
  }

  mutating func time() -> String {
    typed(["s", "ms", "min", "h", "day", "ns", "µs", "year"], sane: ["1 s", "30 s", "5 min"])
  }
  mutating func rate() -> String {
    typed(["rps", "req/s", "/min", "per month", "/s"], sane: ["1k rps", "20k rps", "850k rps"])
  }
  mutating func share() -> String { typed(["%", ""], sane: ["50%", "95%", "0.2", "100%"]) }
  mutating func count() -> String { typed(["", ""], sane: ["1", "3", "10", "100"]) }

  // MARK: - Expressions

  static let names = [
    "x", "peak", "origin", "cdn.hit_rate", "workload.rate", "workload.peak", "lambda.memory",
    "dynamodb.latency.p99", "nope", "let", "in", "per", "latency.p99", "cost.monthly",
  ]
  static let functions = ["min", "max", "abs", "sqrt", "ceil", "floor", "round", "pow", "log"]
  static let operators = [" + ", " - ", " * ", " / ", "^", " per ", " ", " -> ", " in ", "**"]

  /// A random expression tree, `depth` levels deep at most.
  mutating func expression(depth: Int) -> String {
    if depth <= 0 || chance(0.3) {
      switch below(6) {
      case 0: return pick(Self.names)
      case 1: return "\"\(pick(["text", "", "a b"]))\""
      default: return value()
      }
    }
    switch below(7) {
    case 0: return "(" + expression(depth: depth - 1) + ")"
    case 1: return "-" + expression(depth: depth - 1)
    case 2:
      let arguments = (0..<below(3) + 1).map { _ in expression(depth: depth - 1) }
      return pick(Self.functions) + "(" + arguments.joined(separator: ", ") + ")"
    case 3: return expression(depth: depth - 1) + " -> " + pick(Self.units.filter { !$0.isEmpty })
    default:
      return expression(depth: depth - 1) + pick(Self.operators) + expression(depth: depth - 1)
    }
  }

  /// A statement the shell evaluates directly: an expression or a `let`.
  mutating func statement() -> String {
    chance(0.3)
      ? "let \(pick(["x", "peak", "y2", "s", "latency", "a.b", "_"])) = \(expression(depth: 4))"
      : expression(depth: 5)
  }

  // MARK: - Commands

  /// One generated command line.
  mutating func command() -> String {
    switch below(40) {
    case 0: return "help " + pick(["", "units", "simulate", "set", "nope", "cost crossover"])
    case 1: return pick(["vars", "variables"])
    case 2:
      return "show "
        + pick(["", "workload", "path", "series", "cdn", "lambda", "nope", "dynamodb", "redis"])
    case 3..<7: return set()
    case 7: return "reset" + (chance(0.5) ? "" : " " + pick(addresses))
    case 8: return "load " + pick(["golden-path", "serverless-burst", "nope", "datasets", ""])
    case 9: return "latency" + (chance(0.2) ? " " + expression(depth: 1) : "")
    case 10: return budget()
    case 11, 12: return cost()
    case 13: return "capacity" + pick(["", " --max", " --min", " at " + rate()])
    case 14, 15: return cache()
    case 16, 17: return queue()
    case 18, 19: return failover()
    case 20: return chance(0.25) ? "diff" : "vars"
    case 21: return sweep()
    case 22, 23: return simulate()
    case 24, 25: return failover()
    case 26, 27: return simulateQueue()
    case 28: return "note " + pick(["", "--title ", "--section "]) + expression(depth: 2)
    case 29, 30: return expect()
    case 31: return "save " + pick(["", "\"\(scratch)/nb.md\"", "\(scratch)/nb.md --force", "/"])
    case 32:
      return "export "
        + pick(["", "\"\(scratch)/r.html\"", "\"\(scratch)/r.csv\"", "\(scratch)/r.htm1"])
    case 33: return "open " + pick(["", "\"\(scratch)/tiny.md\"", "\"\(scratch)/missing.md\""])
    default: return statement()
    }
  }

  mutating func set() -> String {
    let address = chance(0.9) ? pick(addresses) : pick(Self.names)
    let shapes = [
      value(), share(), time(), rate(), count(), "lognormal(\(time()), \(time()))",
      "exponential(\(time()))", "uniform(\(time()), \(time()))", "fixed(\(time()))",
      "\"arm\"", expression(depth: 3),
    ]
    return "set \(address) \(pick(["=", "=", "", "to"])) \(pick(shapes))"
  }

  mutating func budget() -> String {
    "budget"
      + pick(["", " p99 < \(time())", " p\(number()) < \(time())", " \(expression(depth: 2))"])
  }

  mutating func cost() -> String {
    let pairs = ["lambda ecs", "baseline current", "lambda nope", "ecs lambda", ""]
    return "cost "
      + pick([
        "", "--month", "--free-tier", "--month --free-tier",
        "crossover \(pick(pairs))", "crossover \(pick(pairs)) from \(rate()) to \(rate())",
        "at \(rate())",
      ])
  }

  mutating func cache() -> String {
    let verb = pick(["", "ttl", "lru", "flush", "size for \(share())", "at \(rate())"])
    var line = "cache " + verb
    for _ in 0..<below(4) {
      line +=
        " "
        + pick([
          pick(["cdn", "redis", "nope"]), "keys \(count())", "zipf \(value(""))",
          "within \(share())", "at \(rate())", value(),
        ])
    }
    return line
  }

  mutating func queue() -> String {
    if chance(0.4) {
      var line = "queue sqs"
      for _ in 0..<below(5) {
        line +=
          " "
          + pick([
            "burst \(rate()) for \(time())", "base \(rate())", "batch \(count())",
            "processing \(time())", "concurrency \(count())", "step \(time())", "for \(time())",
          ])
      }
      return line
    }
    var line = "queue " + pick(["", "lambda", "ecs", "dynamodb", "nope", "consumer"])
    for _ in 0..<below(4) {
      line += " " + pick(["at \(rate())", "servers \(count())", "service \(time())", value()])
    }
    return line
  }

  mutating func failover() -> String {
    switch below(5) {
    case 0: return "failover"
    case 1:
      var line = "failover region"
      if chance(0.6) { line += " share \(share())" }
      if chance(0.6) { line += " writes \(rate())" }
      return line
    case 2: return "failover zone" + (chance(0.2) ? " " + value() : "")
    case 3: return "failover cache " + pick(["", "redis", "cdn", "nope"])
    default:
      var line = "failover dependency " + pick(["", "dynamodb", "nope"])
      if chance(0.6) { line += " errors \(share())" }
      if chance(0.6) { line += " for \(time())" }
      return line
    }
  }

  mutating func sweep() -> String {
    let metrics = pick([
      "", " show p50, p99", " show cost.monthly", " show nope", " show capacity.first_limit",
    ])
    let steps = chance(0.8) ? " steps \(below(6) + 2)" : " steps \(count())"
    return "sweep \(pick(addresses)) from \(value()) to \(value())\(steps)\(metrics)"
  }

  /// A `simulate` of the path: short runs at modest rates, with extremes sprinkled in.
  mutating func simulate() -> String {
    var line = "simulate "
    line += chance(0.8) ? pick(["0.2 s", "0.5 s", "1 s"]) : time()
    line += " rate " + (chance(0.8) ? pick(["200 rps", "1k rps", "2k rps"]) : rate())
    for _ in 0..<below(4) {
      line +=
        " "
        + pick([
          "spike \(pick(["5x", "x2", value("x"), value("")])) at \(time()) for \(time())",
          "step to \(rate()) at \(time())",
          "fault \(pick(["dynamodb", "redis", "lambda", "nope", "az", "region"])) "
            + "\(pick(["down", "latency x5", "errors \(share())", "flush", "latency \(value())"])) "
            + "at \(pick(["0.1 s", time()]))\(chance(0.5) ? " for \(time())" : "")",
          "fault region at \(time())", "fault az at \(time())",
          "seed \(count())", "replication \(count())", "zones \(count())",
          "warmup \(time())", "bucket \(time())", "breaker \(pick(["dynamodb", "nope"]))",
          "replications \(pick(["2", "3", count()]))", "--compare", "--nope",
          "constant \(pick(["500 rps", rate()]))", "diurnal peak \(rate()) period \(time())",
          "shard \"\(scratch)/s.shard\"", "csv \(pick(["nope.csv", "\"\(scratch)/r.csv\""]))",
        ])
    }
    return line
  }

  mutating func simulateQueue() -> String {
    var line = "simulate " + pick(["mmc", "mmcc", "md1", "mm1"])
    line += " arrival " + (chance(0.7) ? pick(["9/s", "0.5/s", "90/s"]) : rate())
    line +=
      " service "
      + (chance(0.7) ? pick(["1/s", "10/s", "1 s", "0.1 s"]) : typed(["/s", "s"], sane: ["1 s"]))
    if chance(0.8) { line += " servers " + (chance(0.7) ? pick(["1", "10", "12"]) : count()) }
    line += " customers " + (chance(0.8) ? pick(["100", "1000", "3k"]) : count())
    for _ in 0..<below(3) {
      line +=
        " "
        + pick([
          "warmup \(count())", "replications \(pick(["2", "3", "1e12", "0", "2.5"]))",
          "seed \(count())",
          "replication \(count())", "--compare", "shard \"\(scratch)/q.shard\"",
        ])
    }
    return line
  }

  mutating func expect() -> String {
    let relation = pick(["≈", "~=", "<", "<=", ">", ">=", "==", "!=", "≤", "="])
    var line = "expect \(expression(depth: 3)) \(relation) \(expression(depth: 3))"
    if relation == "≈" || relation == "~=" { line += " ± \(share())" }
    return line
  }

  // MARK: - Mutations

  /// `line` with one to three token-level or character-level mutations.
  mutating func mutate(_ line: String) -> String {
    var words = line.split(separator: " ", omittingEmptySubsequences: false).map(String.init)
    for _ in 0..<(below(3) + 1) {
      let at = below(words.count)
      switch below(9) {
      case 0, 1:
        // Replace a number with an extreme one, keeping what follows it (its unit).
        let numbers = words.indices.filter {
          words[$0].first.map { $0.isNumber || $0 == "$" || $0 == "." } ?? false
        }
        let target = numbers.isEmpty ? at : pick(numbers)
        words[target] = number()
      case 2: words[at] = pick(Self.units.filter { !$0.isEmpty })
      case 3: if words.count > 1 { words.remove(at: at) }
      case 4: words.insert(words[at], at: at)
      case 5:
        words.insert(pick(Self.extremeNumbers + Self.names + ["at", "for", "to", "x"]), at: at)
      case 6:
        let other = below(words.count)
        words.swapAt(at, other)
      case 7: words[at] = expression(depth: 2)
      default:
        var characters = Array(words[at])
        let position = below(characters.count + 1)
        let alphabet = Array("0123456789.,+-*/^()$%e\"x µ≈±×-#")
        if !characters.isEmpty, chance(0.5) {
          characters.remove(at: min(position, characters.count - 1))
        } else {
          characters.insert(pick(alphabet), at: position)
        }
        words[at] = String(characters)
      }
    }
    return words.joined(separator: " ")
  }
}
