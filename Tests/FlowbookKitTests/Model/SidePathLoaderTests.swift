import Foundation
import Testing

@testable import FlowbookKit

/// A small model with every kind of side path: line numbers matter to the error tests,
/// keep them stable.
enum SidePathFixtures {
  static let events = """
    flowbook: 1
    name: events
    components:
      api: {kind: gateway, latency: 3 ms}
      db: {kind: database, latency: 5 ms, item_size: 1 KB, write_share: 50%}
      changes: {kind: stream, service: dynamodb_streams, latency: 300 ms, batch_size: 100}
      worker: {kind: function, latency: 20 ms, memory: 1024 MB}
      bus: {kind: bus, latency: 250 ms, rules: 2, targets: 1}
      topic: {kind: topic, latency: 80 ms, subscribers: 4, delivery: http}
      kin: {kind: stream, service: kinesis, shards: 2, latency: 70 ms, record_size: 2 KB, consumers: 2}
      hose: {kind: stream, service: firehose, latency: 60 s, record_size: 2 KB}
      lake: {kind: storage, latency: 30 ms, write_share: 100%}
    workload: {rate: 1000 rps}
    path: [api, db]
    side_paths:
      capture: {from: db, feed: writes, path: [changes, worker]}
      notify: {from: worker, share: 20%, path: [bus, topic]}
      analytics: {from: worker, path: [kin]}
      direct: {from: worker, share: 50%, path: [hose]}
      lake_delivery: {from: hose, records: 0.001, path: [lake]}
    """

  static func model(_ text: String = events) throws -> PathModel {
    try ModelLoader.load(text: text, name: "events.yaml")
  }
}

/// The `side_paths:` grammar: what the loader accepts, and every refusal placed in the file.
@Suite struct SidePathLoaderTests {
  @Test func sidePathsLoadInFeedingOrder() throws {
    let model = try SidePathFixtures.model()
    #expect(
      model.sidePaths.map(\.name) == ["capture", "notify", "analytics", "direct", "lake_delivery"])
    let capture = try #require(model.sidePaths.first)
    #expect(capture.from == "db")
    #expect(capture.feed == .writes)
    let ordered = try model.orderedSidePaths()
    #expect(
      ordered.map(\.side.name) == ["capture", "notify", "analytics", "direct", "lake_delivery"])
    #expect(ordered.map(\.depth) == [1, 2, 2, 2, 3])
    #expect(ordered.map(\.perFeed) == [1, 0.2, 1, 0.5, 0.001])
  }

  @Test func theSideComponentsStayOffTheRequestPath() throws {
    let model = try SidePathFixtures.model()
    #expect(try model.routes().count == 1)
    #expect(PathModel.components(in: model.path) == ["api", "db"])
  }

  @Test func serverlessBurstWiresEverySideComponent() throws {
    let model = try ModelLoader.load(file: ModelFixtures.datasets + "/serverless-burst.yaml")
    let onSidePaths = model.sidePaths.reduce(into: Set<String>()) {
      $0.formUnion(PathModel.components(in: $1.path))
    }
    let side = [
      "ddb_stream", "stream_processor", "event_bus", "notifications", "analytics_stream",
      "firehose", "data_lake",
    ]
    for name in side { #expect(onSidePaths.contains(name), "\(name) is on no side path") }
  }

  struct ErrorCase: CustomStringConvertible, Sendable {
    var description: String
    var replace: String
    var with: String
    var message: String
    var line: Int
    var column: Int
  }

  static let errorCases: [ErrorCase] = [
    ErrorCase(
      description: "unknown from", replace: "{from: db,", with: "{from: dbb,",
      message: "starts from 'dbb', which is not a component; did you mean db?", line: 16,
      column: 19),
    ErrorCase(
      description: "writes of a function", replace: "{from: worker, share: 20%,",
      with: "{from: worker, feed: writes, share: 20%,",
      message: "only a database or storage writes", line: 17, column: 3),
    ErrorCase(
      description: "share over 100%", replace: "share: 20%", with: "share: 150%",
      message: "share must be between 0% and 100%", line: 17, column: 3),
    ErrorCase(
      description: "negative records", replace: "records: 0.001", with: "records: -1",
      message: "records must be a number from 0 to 10,000", line: 20, column: 3),
    ErrorCase(
      description: "records of a time", replace: "records: 0.001", with: "records: 3 s",
      message: "records must be a number", line: 20, column: 3),
    ErrorCase(
      description: "a side path feeding itself", replace: "{from: worker, path: [kin]}",
      with: "{from: kin, path: [kin]}", message: "passes through 'kin', which feeds it",
      line: 18, column: 3),
    ErrorCase(
      description: "a cycle of two", replace: "{from: worker, path: [kin]}",
      with: "{from: topic, path: [kin, worker]}",
      message: "side paths form a cycle", line: 17, column: 3),
    ErrorCase(
      description: "from on no path",
      replace: "analytics: {from: worker, path: [kin]}\n  direct: {from: worker, share: 50%, "
        + "path: [hose]}\n  lake_delivery: {from: hose, records: 0.001, path: [lake]}",
      with: "analytics: {from: lake, path: [kin]}",
      message: "starts from 'lake', which is on neither the path nor another side path",
      line: 18, column: 3),
    ErrorCase(
      description: "misspelt key", replace: "{from: worker, path: [kin]}",
      with: "{form: worker, path: [kin]}",
      message: "unknown side path key 'form'; did you mean from?",
      line: 18, column: 15),
    ErrorCase(
      description: "unknown feed", replace: "feed: writes", with: "feed: write",
      message: "feed: is writes or visits, not 'write'; did you mean writes?", line: 16,
      column: 29),
    ErrorCase(
      description: "no path", replace: "{from: worker, path: [kin]}", with: "{from: worker}",
      message: "side path 'analytics' needs path:", line: 18, column: 3),
    ErrorCase(
      description: "a hop that is no component", replace: "path: [kin]", with: "path: [kinn]",
      message: "the path refers to 'kinn'", line: 18, column: 36),
  ]

  @Test(arguments: errorCases)
  func badSidePathsAreRefusedWhereTheyAre(_ error: ErrorCase) {
    let text = SidePathFixtures.events.replacingOccurrences(of: error.replace, with: error.with)
    #expect(text != SidePathFixtures.events, "the case's text to replace is not in the model")
    expectLoadError(text, error.message, line: error.line, column: error.column)
  }

  @Test func aChainDeeperThanEightIsRefused() {
    var components = ""
    var sides = ""
    for level in 0..<9 {
      components += "  s\(level): {kind: queue, latency: 1 ms}\n"
      let from = level == 0 ? "db" : "s\(level - 1)"
      sides += "  c\(level): {from: \(from), path: [s\(level)]}\n"
    }
    let text = """
      flowbook: 1
      components:
        db: {kind: database, latency: 5 ms}

      """ + components + "path: [db]\nside_paths:\n" + sides
    expectLoadError(
      text, "side path 'c8' is fed through 8 other side paths; side paths chain at most 8 deep",
      line: 23, column: 3)
  }

  @Test func sidePathsMustBeAMapping() {
    let head = SidePathFixtures.events.components(separatedBy: "side_paths:")[0]
    expectLoadError(
      head + "side_paths: [a, b]\n", "side_paths: must map names to side paths", line: 15,
      column: 13)
  }

  @Test func aMisspeltTopLevelKeySuggestsSidePaths() {
    let text = SidePathFixtures.events.replacingOccurrences(of: "side_paths:", with: "side_path:")
    expectLoadError(text, "did you mean side_paths", line: 15, column: 1)
  }

  @Test func setRevalidatesARecordsParameter() throws {
    let text = SidePathFixtures.events.replacingOccurrences(
      of: "records: 0.001", with: "records: topic.subscribers")
    let model = try SidePathFixtures.model(text)
    #expect(try model.orderedSidePaths()[4].perFeed == 4)
    let address = try #require(ParameterAddress("topic.subscribers"))
    let error = #expect(throws: Diagnostic.self) {
      _ = try model.setting(address, to: .quantity(.count(20_000)))
    }
    #expect(error?.headline.contains("records must be a number from 0 to 10,000") == true)
  }

  private func expectLoadError(
    _ text: String, _ message: String, line: Int, column: Int,
    sourceLocation: SourceLocation = #_sourceLocation
  ) {
    do {
      _ = try ModelLoader.load(text: text, name: "events.yaml")
      Issue.record("expected an error containing \(message)", sourceLocation: sourceLocation)
    } catch {
      #expect(error.headline.contains(message), "\(error.headline)", sourceLocation: sourceLocation)
      guard let span = error.span, let source = error.source else {
        Issue.record("no place in \(error.headline)", sourceLocation: sourceLocation)
        return
      }
      let place = source.location(ofByte: span.start)
      #expect(
        "\(place.line):\(place.column)" == "\(line):\(column)", "\(error.headline)",
        sourceLocation: sourceLocation)
    }
  }
}
