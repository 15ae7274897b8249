import Foundation
import Testing

@testable import FlowbookKit

/// Each bomb of issue 13 is refused within a second, with the bound it crossed and its
/// place in the file.
@Suite struct ModelBoundsTests {
  struct Bomb: Sendable, CustomTestStringConvertible {
    var name: String
    var text: String
    /// Words the message must hold (the bound's figure).
    var names: String
    var testDescription: String { name }
  }

  static let header =
    "flowbook: 1\ncomponents:\n  a: {kind: service, latency: {p50: 5 ms, p99: 20 ms}}\n"

  static let bombs: [Bomb] = [
    Bomb(
      name: "segments used twice per level", text: ModelCrashCorpus.models[3],
      names: "limited to 10,000 steps"),
    Bomb(
      name: "billion laughs", text: ModelCrashCorpus.models[4],
      names: "limited to 100,000 nodes"),
    Bomb(
      name: "16 nested parallel",
      text: header + "path: "
        + String(repeating: "[{parallel: {count: 2, path: ", count: 16) + "[a]"
        + String(repeating: "}}]", count: 16) + "\n",
      names: "limited to 8 levels"),
    Bomb(
      name: "20 nested retry", text: ModelCrashCorpus.models[2], names: "limited to 8 levels"),
    Bomb(
      name: "YAML nested 900 deep",
      text: header + "path: " + String(repeating: "[", count: 900) + "a"
        + String(repeating: "]", count: 900) + "\n",
      names: "limited to 64 levels"),
    Bomb(
      name: "24 branches in a row",
      text: header + "path:\n"
        + (0..<24).map { "  - branch: [{name: x\($0), p: 50%, path: [a]}, {p: rest}]\n" }
        .joined(),
      names: "limited to 1,000 routes"),
    Bomb(
      name: "zero-weight histogram", text: ModelCrashCorpus.models[5], names: "sum to 0"),
    Bomb(name: "latency of 1e300 s", text: ModelCrashCorpus.models[6], names: "at most 365"),
    Bomb(
      name: "tasks: 1e12",
      text: header.replacingOccurrences(of: "}}\n", with: "}, tasks: 1e12}\n") + "path: [a]\n",
      names: "a count is at most 1,000,000,000"),
    Bomb(
      name: "fan-outs multiplying past a million passes",
      text: header + "path: "
        + String(repeating: "[{parallel: {count: 100, path: ", count: 4) + "[a]"
        + String(repeating: "}}]", count: 4) + "\n",
      names: "limited to 1,000,000 passes"),
    Bomb(
      name: "2,000 attempts",
      text: header + "path: [{retry: {timeout: 1 s, attempts: 2000, path: [a]}}]\n",
      names: "from 1 to 1,000"),
  ]

  @Test(arguments: bombs) func bombIsRefusedWithItsBoundAndPlace(_ bomb: Bomb) {
    let start = Date()
    do {
      _ = try ModelLoader.load(text: bomb.text, name: "bomb.yaml")
      Issue.record("\(bomb.name) loaded")
    } catch {
      let rendered = CaretRenderer.render(error)
      #expect(rendered.hasPrefix("error: "), "\(rendered)")
      #expect(rendered.contains(bomb.names), "\(rendered)")
      #expect(rendered.contains("--> bomb.yaml:") && rendered.contains("^"), "\(rendered)")
    }
    #expect(Date().timeIntervalSince(start) < 1, "\(bomb.name) took too long")
  }

  @Test func aSetPastABoundIsRefusedWithTheBound() {
    let session = ModelFixtures.session()
    let cases = [
      ("set dynamodb.parallel_queries = 20000", "from 1 to 10,000"),
      ("set workload.rate = 1e13 rps", "at most 1,000,000,000,000"),
      ("set dynamodb.latency.p99 = 1e300 s", "at most 365"),
    ]
    for (line, bound) in cases {
      let cell = session.execute(line)
      #expect(!cell.succeeded && cell.plainOutput.contains(bound), "\(cell.plainOutput)")
    }
  }
}
