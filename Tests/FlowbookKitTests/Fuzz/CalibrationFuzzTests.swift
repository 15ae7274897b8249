import Foundation
import Testing

@testable import FlowbookKit

/// Fuzzes `calibrate`'s readers, fits and report with mutated AWS output.
///
/// Seeds are small valid files of every format (built as the fixtures are, so every
/// reader is reached); mutations flip, insert and delete bytes, cut the file at every
/// length class, splice two formats, repeat lines, and swap numbers for extremes (0, -1,
/// 1e308, 1e-320, huge exponents) and strings for numbers. Every case must be read and
/// calibrate a small model with finite figures, or be refused with an
/// `error:` placed inside the file; nothing may trap.
@Suite struct CalibrationFuzzTests {
  static func seeds() -> [[UInt8]] {
    let minutes = CalibrationFixtures.drifting(minutes: 3, perMinute: 40, seed: 9)
    var texts = [
      CalibrationFixtures.metricData(minutes, function: "serverless-burst-consumer"),
      CalibrationFixtures.metricStatistics(minutes),
    ]
    for name in ["alb-access.log", "apigateway-access.log"] {
      let text =
        (try? String(contentsOfFile: CalibrationFixtures.telemetry + "/" + name, encoding: .utf8))
        ?? ""
      texts.append(text.split(separator: "\n").prefix(6).joined(separator: "\n") + "\n")
    }
    texts.append(
      """
      {"Traces": [{"Id": "1-5d82881a-0a9126e92a73e971eed891b9", "Duration": 0.232, "Segments": [
        {"Id": "54aff5735b12dd28", "Document": "{\\"id\\":\\"54aff5735b12dd28\\",\\"name\\":\\"consumer\\",\\"start_time\\":1.568835610432E9,\\"end_time\\":1.568835610664E9,\\"origin\\":\\"AWS::Lambda::Function\\",\\"subsegments\\":[{\\"id\\":\\"2d69\\",\\"name\\":\\"DynamoDB\\",\\"start_time\\":1.568835610658E9,\\"end_time\\":1.568835610664E9,\\"namespace\\":\\"aws\\"}]}"},
        {"Id": "0f278b6334c34e6b", "Document": "{\\"id\\":\\"0f278b6334c34e6b\\",\\"name\\":\\"DynamoDB\\",\\"start_time\\":1.568835610658E9,\\"end_time\\":1.568835610664E9,\\"inferred\\":true,\\"aws\\":{\\"table_name\\":\\"table\\"}}"},
        {"Id": "0f278b6334c34e6c", "Document": "{\\"id\\":\\"0f278b6334c34e6c\\",\\"name\\":\\"consumer\\",\\"start_time\\":1.568835611E9,\\"end_time\\":1.568835611171E9,\\"origin\\":\\"AWS::Lambda::Function\\"}"}
      ]}], "UnprocessedTraceIds": []}

      """)
    texts.append(
      """
      {"TraceSummaries": [
        {"Id": "1-1", "Duration": 0.05, "ResponseTime": 0.041, "EntryPoint": {"Name": "api", "Type": "AWS::ApiGateway::Stage"}},
        {"Id": "1-2", "Duration": 0.09, "ResponseTime": 0.083, "EntryPoint": {"Name": "api", "Type": "AWS::ApiGateway::Stage"}},
        {"Id": "1-3", "Duration": 0.03, "ResponseTime": 0.022, "EntryPoint": {"Name": "api", "Type": "AWS::ApiGateway::Stage"}}
      ], "ApproximateTime": 1568835446.0, "TracesProcessedCount": 3}

      """)
    return texts.map { Array($0.utf8) }
  }

  @Test func mutatedTelemetryIsReadOrRefused() throws {
    var fuzzer = CalibrationFuzzer(model: try ModelLoader.load(text: Self.model, name: "fuzz.yaml"))
    for (name, text) in CalibrationCrashCorpus.cases {
      fuzzer.check(Array(text.utf8), label: name)
    }
    let seeds = Self.seeds()
    for (index, seed) in seeds.enumerated() {
      fuzzer.check(seed, label: "seed \(index)")
      for length in Set([0, 1, 2, 7, seed.count / 3, seed.count / 2, seed.count - 1])
      where length <= seed.count {
        fuzzer.check(Array(seed.prefix(length)), label: "seed \(index) cut at \(length)")
      }
    }
    var generator = SeededGenerator(seed: 20_261_207)
    for round in 0..<6_000 {
      let seed = seeds[Int(generator.next() % UInt64(seeds.count))]
      let other = seeds[Int(generator.next() % UInt64(seeds.count))]
      fuzzer.check(Self.mutate(seed, other, using: &generator), label: "round \(round)")
    }
    #expect(fuzzer.calibrated > 50, "so few mutations calibrated that the fits went untested")
    #expect(fuzzer.problems.isEmpty, "\(fuzzer.problems.prefix(5))")
    print("fuzz calibrate: \(fuzzer.cases) cases, 0 traps")
  }

  /// A small model with the components the seeds name, so each case costs little.
  static let model = """
    flowbook: 1
    name: fuzz
    components:
      api: {kind: gateway, latency: {p50: 3 ms, p99: 8 ms}}
      consumer: {kind: function, latency: {p50: 40 ms, p99: 250 ms}}
      table: {kind: database, latency: {p50: 5 ms, p99: 15 ms}}
    path: [api, consumer, table]
    workload: {rate: 100 rps}
    """

  static let extremes = [
    "0", "-1", "1e308", "1e-320", "9e99999", "\"7\"", "null", "[]", "{}", "-0", "1.", "NaN",
  ]

  static func mutate(_ seed: [UInt8], _ other: [UInt8], using generator: inout SeededGenerator)
    -> [UInt8]
  {
    var bytes = seed
    let edits = 1 + Int(generator.next() % 4)
    for _ in 0..<edits {
      guard !bytes.isEmpty else { break }
      let at = Int(generator.next() % UInt64(bytes.count))
      switch generator.next() % 7 {
      case 0: bytes[at] ^= UInt8(truncatingIfNeeded: 1 << (generator.next() % 8))
      case 1: bytes.insert(UInt8(truncatingIfNeeded: generator.next()), at: at)
      case 2: bytes.remove(at: at)
      case 3:
        // Replace the number that starts at or after `at` with an extreme.
        guard let start = bytes[at...].firstIndex(where: { $0 >= 0x30 && $0 <= 0x39 }) else {
          continue
        }
        var end = start
        while end < bytes.count, (bytes[end] >= 0x30 && bytes[end] <= 0x39) || bytes[end] == 0x2E {
          end += 1
        }
        let extreme = extremes[Int(generator.next() % UInt64(extremes.count))]
        bytes.replaceSubrange(start..<end, with: Array(extreme.utf8))
      case 4:
        // Splice: this seed's head, another's tail.
        let cut = Int(generator.next() % UInt64(max(1, other.count)))
        bytes = Array(bytes.prefix(at)) + Array(other.suffix(from: min(cut, other.count)))
      case 5:
        // Repeat a line (or a slice) many times.
        let end = min(bytes.count, at + 1 + Int(generator.next() % 200))
        let slice = bytes[at..<end]
        bytes.insert(
          contentsOf: Array(repeating: Array(slice), count: 1 + Int(generator.next() % 50)).flatMap
          { $0 }, at: at)
      default:
        bytes = Array(bytes.prefix(at))
      }
    }
    return bytes
  }
}

/// Runs one file through read → plan → apply → report and checks the outcome.
private struct CalibrationFuzzer {
  let model: PathModel
  private(set) var cases = 0
  private(set) var calibrated = 0
  private(set) var problems: [String] = []

  init(model: PathModel) {
    self.model = model
  }

  mutating func check(_ bytes: [UInt8], label: String) {
    cases += 1
    let file = TelemetryFile(bytes: bytes, name: "fuzz.json")
    let telemetry: Telemetry
    do {
      telemetry = try Telemetry.read(file)
    } catch {
      expectPlaced(error, in: bytes, label: label)
      return
    }
    for options in [
      CalibrationOptions(), CalibrationOptions(fallback: "consumer", method: .lognormal),
    ] {
      do {
        let plan = try Calibration.plan(telemetry, model: model, options: options)
        let changed = try plan.applied(to: model)
        let result = CalibrationReport.render(
          plan, file: "fuzz.json", model: changed, applied: true)
        if !Self.finite(result.data) { problems.append("\(label): a figure is not finite") }
        if let series = plan.workload?.series {
          _ = series.busiest(60).perSecondCSV
        }
        calibrated += 1
      } catch {
        if error.message.isEmpty { problems.append("\(label): an empty error") }
      }
    }
  }

  mutating func expectPlaced(_ error: Diagnostic, in bytes: [UInt8], label: String) {
    guard let span = error.span, error.source != nil else {
      // Errors about the whole file (size, folder) have no place; the fuzzer makes none.
      problems.append("\(label): an unplaced error: \(error.message)")
      return
    }
    if span.start < 0 || span.start > bytes.count || span.end > bytes.count {
      problems.append("\(label): a span outside the file")
    }
    _ = CaretRenderer.render(error)
  }

  static func finite(_ value: JSONValue) -> Bool {
    switch value {
    case .number(let x): return x.isFinite
    case .array(let items): return items.allSatisfy(finite)
    case .object(let pairs): return pairs.allSatisfy { finite($0.1) }
    default: return true
    }
  }
}
