import Foundation
import Testing

@testable import FlowbookKit

/// Fuzzes `simulate` scenarios through a `Session`.
///
/// Generated commands run on the shipped models and a tiny one,
/// mixing durations, rates, steps, spikes, faults, warm-ups, seeds, replications and the
/// classic queues with ordinary and extreme numbers, run through a `Session` with tiny
/// durations and rates so that each case takes milliseconds. Every case must answer or
/// give an `error:` with a caret under the offending words; nothing may trap.
@Suite struct SimulateFuzzTests {
  /// A two-component model small enough to simulate thousands of times a second.
  static let tinyModel = """
    flowbook: 1
    name: tiny
    components:
      api: {kind: gateway, latency: 1 ms, rate_limit: 50 rps}
      fn: {kind: function, latency: 2 ms, cold_start: 5 ms, memory: 128 MB, reserved_concurrency: 3}
      cache: {kind: cache, latency: 0.5 ms, hit_rate: 80%}
    workload: {rate: 20 rps}
    path: [api, cache, fn]
    """

  @Test func generatedScenariosAnswerOrGiveAnErrorWithACaret() throws {
    let folder = FileManager.default.temporaryDirectory
      .appendingPathComponent("flowbook-simulate-fuzz-\(getpid())")
    try? FileManager.default.removeItem(at: folder)
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: folder) }
    let tiny = folder.appendingPathComponent("tiny.yaml").path
    try Self.tinyModel.write(toFile: tiny, atomically: true, encoding: .utf8)
    let models: [(load: String?, components: [String])] = [
      (nil, ["dns", "cdn", "waf", "alb", "api_gateway", "lambda", "ecs", "redis", "dynamodb"]),
      (
        "datasets/serverless-burst.yaml",
        ["api", "api_lambda", "intake_queue", "consumer", "table", "cloudfront"]
      ),
      (tiny, ["api", "fn", "cache"]),
    ]
    var fuzzer = SimulateFuzzer(folder: folder.path)
    for (line, _) in SimulateCrashCorpus.cases {
      fuzzer.check(line, session: ModelFixtures.session())
    }
    var generator = SeededGenerator(seed: 7_131)
    for (index, model) in models.enumerated() {
      let session = ModelFixtures.session()
      if let file = model.load {
        let cell = session.execute("load \(file)")
        #expect(cell.succeeded, "\(cell.plainOutput)")
      }
      for round in 0..<(index == 0 ? 160 : 120) {
        let line = fuzzer.command(components: model.components, using: &generator)
        fuzzer.check(line, session: session, round: round)
      }
    }
    for _ in 0..<500 {
      fuzzer.check(fuzzer.queueCommand(using: &generator), session: ModelFixtures.session())
    }
    print("fuzz simulate: \(fuzzer.cases) cases, 0 traps")
    #expect(fuzzer.answered > fuzzer.cases / 10, "too few cases ran to exercise the simulator")
  }
}

/// Generates `simulate` commands and checks each one's outcome.
private struct SimulateFuzzer {
  let folder: String
  private(set) var cases = 0
  private(set) var answered = 0

  init(folder: String) {
    self.folder = folder
  }

  /// Runs `line`; it must answer, or fail with a caret under a place in the line.
  ///
  /// A case slower than 10 s is a hang. `FUZZ_TRACE=1` prints each case and its seconds
  /// to stderr, to find a slow or trapping one.
  mutating func check(_ line: String, session: Session, round: Int = 0) {
    cases += 1
    let start = Date()
    let cell = session.execute(line)
    let seconds = Date().timeIntervalSince(start)
    if ProcessInfo.processInfo.environment["FUZZ_TRACE"] != nil {
      FileHandle.standardError.write(Data("TIME \(seconds) \(line)\n".utf8))
    }
    #expect(seconds < 10, "\(line) took \(seconds) s")
    if let diagnostic = cell.diagnostic {
      #expect(diagnostic.span != nil, "no caret: \(line)\n\(cell.plainOutput)")
      #expect(cell.plainOutput.hasPrefix("error: "))
      #expect(!diagnostic.message.contains("internal error"), "\(line)\n\(cell.plainOutput)")
    } else {
      answered += 1
      #expect(!cell.plainOutput.isEmpty)
      #expect(!cell.plainOutput.contains("nan") && !cell.plainOutput.contains("inf "), "\(line)")
    }
  }

  // MARK: - Generating

  static let durations = [
    "", "0 s", "1 ms", "20 ms", "50 ms", "100 ms", "200 ms", "1 s", "-1 s", "5e-324 s",
    "1e-320 s", "1e19 s", "1.7976931348623157e308 s", "10 rps", "1e3 ms", "2 min",
  ]
  static let rates = [
    "0 rps", "1 rps", "50 rps", "200 rps", "1k rps", "5e-324 rps", "1e-300 rps", "-5 rps",
    "1e300 rps", "1.7976931348623157e308 rps", "500 B/s", "1 GB/month", "20 ms", "3",
  ]
  static let times = [
    "0 s", "1 ms", "10 ms", "30 ms", "90 ms", "150 ms", "1e19 s", "-1 ms", "5e-324 s",
    "1e300 s", "1 rps",
  ]
  static let factors = [
    "2x", "10x", "x3", "0.5x", "0x", "1e300x", "5e-324x", "-2x", "x", "1e19 x", "nan x",
  ]
  static let counts = ["2", "3", "1", "0", "1001", "1e12", "-3", "2.5", "1e300"]
  static let seeds = ["0", "1", "42", "8999999999999999", "9e15", "1e19", "-1", "0.5", "1e300"]

  /// A `simulate` command on a path model with `components`.
  func command(components: [String], using generator: inout SeededGenerator) -> String {
    var words = ["simulate"]
    let cheap = Int.random(in: 0..<2, using: &generator) > 0
    words.append(
      cheap
        ? ["20 ms", "50 ms", "100 ms"].randomElement(using: &generator) ?? ""
        : Self.durations.randomElement(using: &generator) ?? "")
    let rate =
      cheap
      ? ["1 rps", "50 rps", "200 rps", "1k rps"].randomElement(using: &generator) ?? ""
      : Self.rates.randomElement(using: &generator) ?? ""
    words.append((Bool.random(using: &generator) ? "rate " : "constant ") + rate)
    for _ in 0..<Int.random(in: 0..<4, using: &generator) {
      words.append(option(components: components, cheap: cheap, using: &generator))
    }
    if Int.random(in: 0..<8, using: &generator) == 0 { words.append("--compare") }
    return words.joined(separator: " ")
  }

  private func pick(_ values: [String], using generator: inout SeededGenerator) -> String {
    values.randomElement(using: &generator) ?? ""
  }

  private func option(components: [String], cheap: Bool, using generator: inout SeededGenerator)
    -> String
  {
    let time =
      cheap
      ? pick(["0 s", "1 ms", "10 ms"], using: &generator) : pick(Self.times, using: &generator)
    let component = pick(components + ["nosuch"], using: &generator)
    switch Int.random(in: 0..<14, using: &generator) {
    case 0:
      return
        "step to \(pick(cheap ? ["10 rps", "300 rps"] : Self.rates, using: &generator)) at \(time)"
    case 1:
      return "spike \(pick(cheap ? ["2x", "5x"] : Self.factors, using: &generator)) at \(time) for "
        + pick(Self.times, using: &generator)
    case 2:
      let kind = pick(
        ["down", "latency x5", "latency 1e300x", "errors 20%", "errors 2", "flush", "melt"],
        using: &generator)
      let length =
        Bool.random(using: &generator) ? " for \(pick(Self.times, using: &generator))" : ""
      return "fault \(component) \(kind) at \(time)\(length)"
    case 3: return "fault \(pick(["az", "region"], using: &generator)) at \(time)"
    case 4: return "warmup \(time)"
    case 5: return "seed \(pick(Self.seeds, using: &generator))"
    case 6: return "replications \(pick(cheap ? ["2"] : Self.counts, using: &generator))"
    case 7: return "replication \(pick(Self.seeds + ["999999", "1000000"], using: &generator))"
    case 8: return "zones \(pick(Self.counts, using: &generator))"
    case 9: return "bucket \(pick(Self.times, using: &generator))"
    case 10: return "breaker \(component)"
    case 11:
      let peak = pick(cheap ? ["100 rps"] : Self.rates, using: &generator)
      return "diurnal peak \(peak) period \(pick(Self.times, using: &generator))"
    case 12:
      return "shard \"\(folder)/\(pick(["a.shard", "no/such/b.shard", ""], using: &generator))\""
    default:
      return pick(
        ["rate", "fault", "spike 3x at", "seed", "--nosuch", "%", "(", "1/0"], using: &generator)
    }
  }

  /// A classic-queue command with ordinary or extreme numbers.
  func queueCommand(using generator: inout SeededGenerator) -> String {
    let kind = pick(["mmc", "mmcc", "md1", "mm1"], using: &generator)
    let cheap = Int.random(in: 0..<3, using: &generator) > 0
    var words = ["simulate", kind]
    let arrival =
      cheap
      ? pick(["1/s", "9/s", "0.5/s"], using: &generator)
      : pick(
        ["0/s", "1e300/s", "5e-324/s", "-1/s", "1e-300/s", "3 ms", "9 rps"], using: &generator)
    let service =
      cheap
      ? pick(["1/s", "2/s", "100 ms"], using: &generator)
      : pick(
        ["0/s", "1e300/s", "5e-324/s", "1e-300 s", "1e300 s", "1e19 s", "-1 s", "5 GB"],
        using: &generator)
    let servers =
      cheap ? pick(["1", "2", "10"], using: &generator) : pick(Self.counts, using: &generator)
    let customers =
      cheap ? pick(["100", "1k", "2k"], using: &generator) : pick(Self.counts, using: &generator)
    let options = [
      "arrival \(arrival)", "service \(service)", "servers \(servers)", "customers \(customers)",
      "warmup \(cheap ? "10" : pick(Self.counts, using: &generator))",
      "seed \(pick(Self.seeds, using: &generator))",
      "replications \(cheap ? "2" : pick(Self.counts, using: &generator))",
      "replication \(pick(Self.seeds, using: &generator))",
    ]
    for option in options
    where Int.random(in: 0..<5, using: &generator) > 0 || option.hasPrefix("arrival")
      || option.hasPrefix("customers")
    {
      words.append(option)
    }
    return words.joined(separator: " ")
  }
}
