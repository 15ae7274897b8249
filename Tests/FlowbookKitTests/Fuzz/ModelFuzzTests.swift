import Foundation
import Testing

@testable import FlowbookKit

/// The model-file surface under hostile input.
///
/// Generated models, mutations of the shipped models and catalogs, and every input that
/// ever crashed. Each case is loaded and, if it loads, analysed (latency, budget, cost, capacity, cache, queue, failover) through a
/// session; it must answer or fail with an `error:` line — a load error with its
/// `--> file:line:col` and caret — never trap, never print NaN or infinity, and never take
/// 10 s.
///
/// Set `FLOWBOOK_FUZZ_TRACE=FILE` to have each case written to FILE before it runs: after
/// a trap, FILE holds the input that caused it (add it to `ModelCrashCorpus`).
@Suite struct ModelFuzzTests {
  @Test func generatedAndMutatedModelsAnswerOrErr() throws {
    var harness = try ModelFuzzHarness()
    var generator = ModelFuzzGenerator(seed: 13)
    for _ in 0..<ModelFuzzHarness.generatedCases {
      harness.check(model: generator.model(), origin: "generated")
    }
    var mutator = ModelFuzzMutator(seed: 1313)
    let shipped = try ModelFuzzHarness.shippedModels()
    for index in 0..<ModelFuzzHarness.mutatedCases {
      let (name, text) = shipped[index % shipped.count]
      let stride = ModelFuzzHarness.analysisStride[name] ?? 1
      harness.check(
        model: mutator.mutate(text), origin: "mutated " + name,
        analyse: (index / shipped.count) % stride == 0)
    }
    for (name, text) in try ModelFuzzHarness.catalogs() {
      for _ in 0..<ModelFuzzHarness.catalogCases {
        harness.check(catalog: mutator.mutate(text), name: name)
      }
    }
    harness.finish()
    print("fuzz models: \(harness.cases) cases, 0 traps")
  }

  @Test func everyInputThatEverCrashedAnswersOrErrs() throws {
    var harness = try ModelFuzzHarness()
    for (index, text) in ModelCrashCorpus.models.enumerated() {
      harness.check(model: text, origin: "crash corpus #\(index)")
    }
    for (index, text) in ModelCrashCorpus.prices.enumerated() {
      harness.check(catalog: text, name: "pricing/aws-us-east-1.yaml #\(index)")
    }
    for (index, text) in ModelCrashCorpus.quotas.enumerated() {
      harness.check(catalog: text, name: "quotas/aws.yaml #\(index)")
    }
    harness.finish()
  }
}

/// Runs cases and records what went wrong, with the input that did it.
struct ModelFuzzHarness {
  static let generatedCases = 4_000
  static let mutatedCases = 16_000
  static let catalogCases = 100
  /// Mutants of the shipped models are analysed one in this many (every mutant is loaded):
  /// one pass of every analysis takes about 0.6 s on the golden path and 3 s on
  /// serverless-burst, and most mutants differ from the file in a comment or one figure.
  static let analysisStride = [
    "golden-path.yaml": 100, "serverless-burst.yaml": 1_000,
    "examples/aws-apigateway-rest.yaml": 5, "examples/aws-lambda-mobile-backend.yaml": 5,
  ]
  /// The slowest a case may be.
  static let deadline = 10.0

  static let commands = ["latency", "budget", "cost", "capacity", "cache", "queue", "failover"]
  /// One of these also runs per case, in turn, to reach the analyses' other forms.
  static let extraCommands = [
    "capacity --max", "cost --month", "failover region", "failover zone", "queue sqs",
    "cache at peak", "failover cache", "diff", "show path", "set workload.rate = 1e12 rps",
  ]

  let datasets = ModelFixtures.datasets
  private(set) var cases = 0
  private var session: Session
  private var loaded = 0
  private var slowest = (seconds: 0.0, origin: "")
  private var failures = 0
  private let trace = ProcessInfo.processInfo.environment["FLOWBOOK_FUZZ_TRACE"]
  private let golden: PathModel

  init() throws {
    session = ModelFixtures.session()
    golden = try ModelFixtures.golden()
  }

  /// Every shipped model: the two seeds' paths and AWS's pricing examples.
  static func shippedModels() throws -> [(String, String)] {
    let datasets = ModelFixtures.datasets
    var names = ["golden-path.yaml", "serverless-burst.yaml"]
    let examples = try FileManager.default.contentsOfDirectory(atPath: datasets + "/examples")
    names += examples.filter { $0.hasSuffix(".yaml") }.sorted().map { "examples/" + $0 }
    return try names.map { name in
      (name, try String(contentsOfFile: datasets + "/" + name, encoding: .utf8))
    }
  }

  /// The price and quota catalogs.
  static func catalogs() throws -> [(String, String)] {
    try [PriceCatalog.defaultRelativePath, QuotaCatalog.defaultRelativePath].map { name in
      (name, try String(contentsOfFile: ModelFixtures.datasets + "/" + name, encoding: .utf8))
    }
  }

  // MARK: - Models

  /// Loads `text` as a model file and, if it loads, runs every analysis on it.
  mutating func check(model text: String, origin: String, analyse: Bool = true) {
    begin(text)
    let start = Date()
    defer { end(start, origin) }
    let model: PathModel
    do {
      model = try ModelLoader.load(text: text, name: "fuzz.yaml", directory: datasets)
    } catch {
      expectLocated(error, text: text, origin: origin)
      return
    }
    loaded += 1
    guard analyse else { return }
    if loaded % 400 == 0 { session = ModelFixtures.session() }
    session.workspace = ModelWorkspace(current: model, datasetsDirectory: datasets)
    let extra = Self.extraCommands[loaded % Self.extraCommands.count]
    for command in Self.commands + [extra] {
      let cell = session.execute(command)
      expectAnswerOrError(cell.succeeded, cell.plainOutput, command, text, origin)
    }
  }

  /// A load error must be an `error:` line placed in the file, with a caret.
  private mutating func expectLocated(_ error: Diagnostic, text: String, origin: String) {
    let rendered = CaretRenderer.render(error)
    guard rendered.hasPrefix("error: "), error.span != nil, rendered.contains("--> fuzz.yaml:"),
      rendered.contains("^")
    else {
      fail("a load error without its place", rendered, text, origin)
      return
    }
  }

  // MARK: - Catalogs

  /// Loads `text` as the catalog `name` and, if it loads, prices or checks the golden path
  /// with it and renders the tables `cost` and `capacity` print.
  mutating func check(catalog text: String, name: String) {
    begin(text)
    let start = Date()
    defer { end(start, "mutated " + name) }
    do {
      if name.hasPrefix("pricing") {
        let prices = try PriceCatalog(yaml: text, file: name)
        let report = try CostAnalysis.report(golden, prices: prices)
        inspect(CostCommand.render(report), "cost", text, name)
        inspect(CostBillView.render(report), "cost --month", text, name)
      } else {
        let quotas = try QuotaCatalog(yaml: text, file: name)
        let report = try CapacityAnalysis.report(golden, quotas: quotas)
        inspect(CapacityCommand.render(report), "capacity", text, name)
        inspect(CapacityCommand.maximum(report), "capacity --max", text, name)
      }
    } catch let error as CatalogError {
      if !error.description.contains(name + ":") {
        fail("a catalog error without its place", error.description, text, name)
      }
    } catch {
      let rendered = CaretRenderer.render(Diagnostic.from(error))
      expectAnswerOrError(false, rendered, "catalog", text, name)
    }
  }

  private mutating func inspect(
    _ result: CommandResult, _ command: String, _ text: String, _ origin: String
  ) {
    expectAnswerOrError(true, PlainTextRenderer.render(result), command, text, origin)
  }

  // MARK: - Checks

  private mutating func expectAnswerOrError(
    _ succeeded: Bool, _ output: String, _ command: String, _ text: String, _ origin: String
  ) {
    if !succeeded {
      if !output.hasPrefix("error: ") {
        fail("\(command) failed without an error line", output, text, origin)
      }
      return
    }
    let words = output.lowercased().split { !$0.isLetter }
    if words.contains(where: { ["nan", "inf", "infinity"].contains($0) }) {
      fail("\(command) printed a non-finite number", output, text, origin)
    }
  }

  private mutating func fail(_ what: String, _ output: String, _ text: String, _ origin: String) {
    failures += 1
    guard failures <= 10 else { return }
    Issue.record("\(origin): \(what):\n\(output)\n--- input ---\n\(text)")
  }

  private mutating func begin(_ text: String) {
    cases += 1
    if let trace { try? text.write(toFile: trace, atomically: false, encoding: .utf8) }
  }

  private mutating func end(_ start: Date, _ origin: String) {
    let seconds = Date().timeIntervalSince(start)
    if seconds > slowest.seconds { slowest = (seconds, origin) }
    if let trace, seconds > 0.5 || cases % 1000 == 0 {
      let line = "\(cases) \(origin) \(seconds)\n"
      if let handle = FileHandle(forWritingAtPath: trace + ".slow") {
        handle.seekToEndOfFile()
        handle.write(Data(line.utf8))
        try? handle.close()
      } else {
        try? line.write(toFile: trace + ".slow", atomically: false, encoding: .utf8)
      }
      if seconds > 0.5 {
        try? FileManager.default.copyItem(atPath: trace, toPath: trace + ".slow.\(cases)")
      }
    }
  }

  /// Checks the whole run: no case over the deadline.
  func finish() {
    #expect(
      slowest.seconds < Self.deadline,
      "the slowest case (\(slowest.origin)) took \(slowest.seconds) s")
    #expect(failures == 0, "\(failures) cases failed; the first 10 are recorded")
  }
}
