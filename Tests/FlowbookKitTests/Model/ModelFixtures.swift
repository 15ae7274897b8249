import Foundation

@testable import FlowbookKit

/// Shared helpers for model and command tests: the package root, sessions on the real
/// datasets, and a small valid model file to break in known ways.
enum ModelFixtures {
  /// The package root, found from this file's path (tests may run from anywhere).
  static let packageRoot: String = {
    var url = URL(fileURLWithPath: #filePath)
    for _ in 0..<4 { url.deleteLastPathComponent() }
    return url.path
  }()

  static var datasets: String { packageRoot + "/datasets" }

  /// A session on the default model, as the shell starts.
  static func session() -> Session {
    Session(environment: SessionEnvironment(workingDirectory: packageRoot))
  }

  static func golden() throws -> PathModel {
    try ModelLoader.load(file: datasets + "/golden-path.yaml", displayName: "golden-path.yaml")
  }

  /// A small valid model: line numbers matter to the error tests, keep them stable.
  static let small = """
    flowbook: 1
    name: small
    components:
      cdn:
        kind: cdn
        latency: {p50: 10 ms, p99: 30 ms}
        hit_rate: 90%
      api:
        kind: gateway
        latency: 3 ms
      db:
        kind: database
        latency: {p50: 5 ms, p99: 12 ms}
        parallel_queries: 4
    path:
      - cdn
      - branch:
          - {name: hit, p: cdn.hit_rate}
          - name: miss
            p: rest
            path: [api, {parallel: {count: db.parallel_queries, path: [db]}}]
    """
}
