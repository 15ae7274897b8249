import Foundation
import Testing

@testable import FlowbookKit

/// Text parameters that name one of a set are checked against it, never silently defaulted.
@Suite("parameter choices")
struct ParameterChoiceTests {
  @Test(arguments: [
    ("set api_gateway.api_type = \"soap\"", "must be one of rest, http, websocket"),
    ("set lambda.architecture = \"graviton\"", "must be one of x86, x86_64, arm, arm64"),
    ("set dynamodb.capacity_mode = \"ondemand\"", "must be one of on-demand, provisioned"),
    ("set dns.routing = \"geolocation + fastest\"", "\"fastest\" in"),
    ("set cdn.geography = \"us 40%, mars 60%\"", "'mars' is not one of"),
    ("set cdn.geography = \"us 40%, europe 50%\"", "must add up to 100%"),
  ])
  func unsupportedValuesAreErrorsListingTheAllowed(input: String, message: String) {
    let cell = ModelFixtures.session().execute(input)
    #expect(cell.diagnostic?.message.contains(message) == true, "\(cell.plainOutput)")
  }

  @Test func supportedValuesAreAccepted() {
    let session = ModelFixtures.session()
    for input in [
      "set api_gateway.api_type = \"HTTP\"", "set lambda.architecture = \"arm64\"",
      "set dns.routing = \"latency + failover\"", "set cdn.geography = \"us 0.5, japan 0.5\"",
    ] {
      #expect(session.execute(input).succeeded, "\(input)")
    }
  }

  /// A model file with an unsupported value is refused at load, with its line and column.
  @Test func aModelFileWithAnUnsupportedValueIsRefused() throws {
    let directory = FileManager.default.temporaryDirectory
      .appendingPathComponent("flowbook-choices-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: directory) }
    let file = directory.appendingPathComponent("ws.yaml")
    try """
    flowbook: 1
    name: ws
    components:
      api:
        kind: gateway
        latency: 3 ms
        api_type: soap
    workload: {rate: 1M req / month}
    path: [api]
    """.write(to: file, atomically: true, encoding: .utf8)
    #expect(throws: Diagnostic.self) { try ModelLoader.load(file: file.path) }
    do {
      _ = try ModelLoader.load(file: file.path)
    } catch {
      #expect(
        error.message.contains("api.api_type must be one of rest, http, websocket"), "\(error)")
    }
  }
}
