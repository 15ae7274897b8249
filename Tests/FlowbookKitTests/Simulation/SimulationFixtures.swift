import Foundation

@testable import FlowbookKit

/// Small path models that isolate one AWS behaviour each, for the simulator's tests.
enum SimulationFixtures {
  static func golden() throws -> PathModel { try ModelFixtures.golden() }

  static func load(_ text: String) throws -> PathModel {
    try ModelLoader.load(text: text, name: "fixture.yaml")
  }

  /// An ECS service with 10 workers and exponential handling: M/M/10.
  static let service = """
    flowbook: 1
    name: service
    components:
      svc: {kind: service, latency: {mean: 1 s}, tasks: 10, concurrency_per_task: 1}
    path: [svc]
    """

  /// A function with reserved concurrency 10 and 100 ms handlers: a loss system.
  static let function = """
    flowbook: 1
    name: function
    components:
      fn: {kind: function, latency: 100 ms, reserved_concurrency: 10}
    path: [fn]
    """

  /// API Gateway throttling at 100 rps with a burst of 50.
  static let gateway = """
    flowbook: 1
    name: gateway
    components:
      api: {kind: gateway, latency: 1 ms, rate_limit: 100 rps, burst_limit: 50}
    path: [api]
    """

  /// SQS with a Lambda consumer writing to a table; 3 receives before the DLQ.
  static let queue = """
    flowbook: 1
    name: queue
    components:
      q:
        kind: queue
        latency: 5 ms
        batch_size: 10
        visibility_timeout: 2 s
        max_receive_count: 3
        dead_letter_queue: dlq
      worker: {kind: function, latency: 10 ms, reserved_concurrency: 50, timeout: 1 s}
      db: {kind: database, latency: 5 ms}
      dlq: {kind: queue, latency: 1 ms}
    path: [q, worker, db]
    """

  /// A keyed TTL cache in front of a table, Zipf keys.
  static let keyed = """
    flowbook: 1
    name: keyed
    components:
      cache: {kind: cache, latency: 1 ms, ttl: 10 s, hit_rate: 50%}
      db: {kind: database, latency: 5 ms}
    workload: {rate: 1000 rps, keys: 10000, key_skew: 0.8}
    path:
      - cache
      - branch:
          - {name: hit, p: cache.hit_rate}
          - {name: miss, p: rest, path: [db]}
    """

  /// A gateway in front of an ECS service (8 workers) that calls a table, with end
  /// clients that time out after 1 s and retry: the retry-storm setting.
  static let storm = """
    flowbook: 1
    name: storm
    components:
      api: {kind: gateway, latency: 2 ms}
      svc: {kind: service, latency: {p50: 10 ms, p99: 30 ms}, tasks: 1, concurrency_per_task: 8}
      db: {kind: database, latency: {p50: 20 ms, p99: 40 ms}}
    workload: {rate: 160 rps, client_timeout: 1 s, client_attempts: 3, client_backoff: 100 ms}
    path: [api, svc, db]
    """
}
