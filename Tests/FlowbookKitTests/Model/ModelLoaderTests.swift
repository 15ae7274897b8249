import Testing

@testable import FlowbookKit

/// A mistake in a model file: what to replace in `ModelFixtures.small`, and where and how
/// the error must be reported.
struct BadModelCase: CustomTestStringConvertible, Sendable {
  var id: String
  var replace: String
  var with: String
  var message: String
  var line: Int
  var column: Int
  var testDescription: String { id }
}

@Suite struct ModelLoaderTests {
  static let badCases: [BadModelCase] = [
    BadModelCase(
      id: "malformed YAML", replace: "latency: 3 ms", with: "latency: [3 ms",
      message: "malformed YAML", line: 11, column: 5),
    BadModelCase(
      id: "unknown kind", replace: "kind: gateway", with: "kind: gatway",
      message: "unknown component kind 'gatway'; did you mean gateway?",
      line: 9, column: 11),
    BadModelCase(
      id: "unknown parameter", replace: "hit_rate: 90%", with: "hit_rat: 90%",
      message: "a cdn component (cdn) has no parameter 'hit_rat'; "
        + "did you mean hit_rate?",
      line: 7, column: 5),
    BadModelCase(
      id: "wrong dimension", replace: "hit_rate: 90%", with: "hit_rate: 90 ms",
      message: "cdn.hit_rate must be a fraction (0–100%), not a time (90 ms)",
      line: 7, column: 15),
    BadModelCase(
      id: "negative latency", replace: "latency: 3 ms", with: "latency: -3 ms",
      message: "a latency cannot be negative", line: 10, column: 14),
    BadModelCase(
      id: "p99 below p50", replace: "{p50: 5 ms, p99: 12 ms}",
      with: "{p50: 5 ms, p99: 2 ms}",
      message: "a lognormal's p99 (2 ms) must be above its p50 (5 ms)",
      line: 13, column: 14),
    BadModelCase(
      id: "probabilities do not sum to 1", replace: "p: rest", with: "p: 20%",
      message: "branch probabilities sum to 110%, not 100%", line: 18, column: 24),
    BadModelCase(
      id: "unknown component in path", replace: "path: [api,", with: "path: [apii,",
      message: "the path refers to 'apii', which is not a component or segment; "
        + "did you mean api?", line: 21, column: 16),
    BadModelCase(
      id: "unknown address", replace: "p: cdn.hit_rate", with: "p: cnd.hit_rate",
      message: "'cnd.hit_rate' refers to no component of this model; "
        + "did you mean cdn.hit_rate?",
      line: 18, column: 24),
    BadModelCase(
      id: "unset parameter in path", replace: "count: db.parallel_queries",
      with: "count: db.items_per_query",
      message: "db.items_per_query is not set in this model", line: 21, column: 40),
    BadModelCase(
      id: "fractional fan-out", replace: "parallel_queries: 4",
      with: "parallel_queries: 2.5",
      message: "a fan-out count must be a whole number", line: 21, column: 40),
    BadModelCase(
      id: "unknown step", replace: "{parallel:", with: "{paralel:",
      message: "unknown step 'paralel'; did you mean parallel?", line: 21, column: 22),
    BadModelCase(
      id: "unknown top-level key", replace: "components:", with: "componets:",
      message: "unknown top-level key 'componets'; did you mean components?",
      line: 3, column: 1),
    BadModelCase(
      id: "missing kind", replace: "    kind: gateway\n", with: "",
      message: "component 'api' needs a kind:", line: 8, column: 3),
    BadModelCase(
      id: "bad expression inside a value", replace: "latency: 3 ms",
      with: "latency: 3 ms +", message: "expected a number, unit or name",
      line: 10, column: 20),
  ]

  @Test(arguments: badCases)
  func badFileIsReportedWithItsPlace(_ bad: BadModelCase) throws {
    #expect(ModelFixtures.small.contains(bad.replace), "fixture lacks \(bad.replace)")
    let text = ModelFixtures.small.replacingOccurrences(of: bad.replace, with: bad.with)
    expectLoadError(text, bad.message, line: bad.line, column: bad.column)
  }

  @Test func segmentsThatUseEachOtherAreACycle() {
    let text = ModelFixtures.small.replacingOccurrences(
      of: "path:\n  - cdn",
      with: """
        segments:
          a: [{use: b}]
          b: [cdn, {use: a}]
        path:
          - use: a
          - cdn
        """)
    expectLoadError(text, "segments form a cycle: a → b → a", line: 17, column: 18)
  }

  @Test func unknownSegmentGetsASuggestion() {
    let text = ModelFixtures.small.replacingOccurrences(
      of: "path:\n  - cdn",
      with: """
        segments:
          origin: [api]
        path:
          - use: orign
        """)
    expectLoadError(text, "no segment named 'orign'; did you mean origin?", line: 18, column: 10)
  }

  @Test func caretRendererNamesTheFile() throws {
    let text = ModelFixtures.small.replacingOccurrences(of: "hit_rate: 90%", with: "hit_rate: 9 s")
    let error = #expect(throws: Diagnostic.self) {
      try ModelLoader.load(text: text, name: "small.yaml")
    }
    let rendered = error.map(CaretRenderer.render) ?? ""
    #expect(rendered.contains(" --> small.yaml:7:15"))
    #expect(rendered.contains("  |               ^^^"))
  }

  @Test func goldenPathLoadsWithProvenance() throws {
    let model = try ModelFixtures.golden()
    #expect(model.components.count == 11)  // ten services on the path and the DLQ
    #expect(model.objective == LatencyObjective(percentile: 0.99, limit: 0.1))
    let hitRate = model.component(named: "cdn")?.parameter("hit_rate")
    #expect(abs((hitRate?.value.quantity?.value ?? 0) - 0.95) < 1e-12)
    #expect(hitRate?.origin?.contains("seed line 12") == true)
    #expect(model.workload.peak?.value == 2.5e6)
    let routes = try model.routes()
    #expect(
      routes.map(\.name) == [
        "cdn hit", "lambda · redis hit", "lambda · redis miss",
        "ecs · redis hit", "ecs · redis miss",
      ])
    #expect(abs(routes.map(\.share).reduce(0, +) - 1) < 1e-12)
  }

  @Test func everyFigureInTheDatasetsSaysWhereItCameFrom() throws {
    for file in ["golden-path.yaml", "serverless-burst.yaml"] {
      let model = try ModelLoader.load(file: ModelFixtures.datasets + "/" + file)
      for component in model.components {
        for parameter in component.parameters
        where parameter.origin == nil && parameter.name != "label" {
          Issue.record("\(file): \(component.name).\(parameter.name) has no source comment")
        }
      }
    }
  }

  private func expectLoadError(
    _ text: String, _ message: String, line: Int, column: Int,
    sourceLocation: SourceLocation = #_sourceLocation
  ) {
    do {
      _ = try ModelLoader.load(text: text, name: "small.yaml")
      Issue.record("expected an error containing \(message)", sourceLocation: sourceLocation)
    } catch {
      #expect(error.headline.contains(message), "\(error.headline)", sourceLocation: sourceLocation)
      guard let span = error.span, let source = error.source else {
        Issue.record("no place in \(error.headline)", sourceLocation: sourceLocation)
        return
      }
      let place = source.location(ofByte: span.start)
      #expect(source.name == "small.yaml", sourceLocation: sourceLocation)
      #expect(
        "\(place.line):\(place.column)" == "\(line):\(column)", "\(error.headline)",
        sourceLocation: sourceLocation)
    }
  }
}
