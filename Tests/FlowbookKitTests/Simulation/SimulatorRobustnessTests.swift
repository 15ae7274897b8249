import Foundation
import Testing

@testable import FlowbookKit

/// Model shapes a fuzzer found crashing or hanging the simulator, kept as regressions:
/// each now runs and accounts for every request, or is refused with an error that names
/// the setting.
@Suite struct SimulatorRobustnessTests {
  private func run(_ yaml: String, _ scenario: SimulationScenario) throws -> PathSimulationResult {
    try PathSimulation.run(model: try SimulationFixtures.load(yaml), scenario: scenario)
  }

  /// Three functions each calling the next, the outer one provisioned: every call gets
  /// its own environment back and is billed for its own time (3, 2 and 1 ms a request).
  @Test func functionsNestedThreeDeep() throws {
    let result = try run(
      """
      flowbook: 1
      name: nested
      components:
        f1: {kind: function, latency: 1 ms, warm_start: 0 ms, memory: 1024 MB, provisioned_concurrency: 100}
        f2: {kind: function, latency: 1 ms, warm_start: 0 ms, cold_start: 0 ms, memory: 1024 MB}
        f3: {kind: function, latency: 1 ms, warm_start: 0 ms, cold_start: 0 ms, memory: 1024 MB}
      path: [f1, f2, f3]
      """, SimulationScenario(duration: 5, traffic: TrafficProfile(rate: 100), seed: 1))
    let requests = Double(result.counts.arrived)
    #expect(result.counts.ok == result.counts.arrived)
    for (name, milliseconds) in [("f1", 3.0), ("f2", 2.0), ("f3", 1.0)] {
      let billed = try #require(result.usage.gigabyteSeconds[name])
      #expect(abs(billed - milliseconds / 1_000 * requests) < 1e-9 * requests, "\(name)")
    }
  }

  /// Two queue stages in a row: the first consumer forwards each message and is done
  /// with it at the send; the second processes it.
  @Test func twoQueueStagesInARow() throws {
    let result = try run(
      """
      flowbook: 1
      name: two-stage
      components:
        q1: {kind: queue, latency: 1 ms}
        f1: {kind: function, latency: 1 ms}
        q2: {kind: queue, latency: 1 ms}
        f2: {kind: function, latency: 1 ms}
      path: [q1, f1, q2, f2]
      """, SimulationScenario(duration: 5, traffic: TrafficProfile(rate: 100), seed: 1))
    #expect(result.counts.ok == result.counts.arrived)
    #expect(result.usage.calls["f2"] == result.usage.calls["f1"])
  }

  /// A function called from itself that sends from a branch gives back both of its
  /// environments at the send, and both release instructions pass by after.
  @Test func aFunctionCallingItselfSendsFromABranch() throws {
    let result = try run(
      """
      flowbook: 1
      name: self-call
      components:
        fn: {kind: function, latency: 1 ms}
        svc: {kind: service, latency: 1 ms}
        q: {kind: queue, latency: 1 ms}
        worker: {kind: function, latency: 1 ms}
      path:
        - fn
        - fn
        - branch:
            - {name: sync, p: 45%, path: [svc]}
            - {name: async, p: rest, path: [q, worker]}
      """, SimulationScenario(duration: 5, traffic: TrafficProfile(rate: 50), seed: 1))
    #expect(result.counts.ok == result.counts.arrived)
  }

  /// A service that sends from two branches in a row gives its worker back once, at the
  /// first send.
  @Test func aCallSendingFromTwoBranchesInARow() throws {
    let result = try run(
      """
      flowbook: 1
      name: two-sends
      components:
        svc: {kind: service, latency: 10 ms, tasks: 2, concurrency_per_task: 4}
        q: {kind: queue, latency: 2 ms}
        one: {kind: function, latency: 1 ms}
        two: {kind: function, latency: 1 ms}
      path:
        - svc
        - branch:
            - {name: skip, p: 50%, path: []}
            - {name: send, p: rest, path: [q, one]}
        - branch:
            - {name: skip, p: 50%, path: []}
            - {name: send, p: rest, path: [q, two]}
      """, SimulationScenario(duration: 5, traffic: TrafficProfile(rate: 50), seed: 1))
    #expect(result.counts.ok == result.counts.arrived)
  }

  /// A consumer that calls its own function again inside its batch: only the consumer's
  /// own release ends the message.
  @Test func aConsumerCallingItsOwnFunction() throws {
    let result = try run(
      """
      flowbook: 1
      name: consumer-self
      components:
        q: {kind: queue, latency: 2 ms}
        worker: {kind: function, latency: 1 ms}
        helper: {kind: function, latency: 5 ms, provisioned_concurrency: 10}
        svc: {kind: service, latency: 1 ms}
      workload: {client_timeout: 1 s}
      path: [q, worker, helper, svc, worker]
      """, SimulationScenario(duration: 5, traffic: TrafficProfile(rate: 50), seed: 1))
    #expect(result.counts.ok == result.counts.arrived)
    #expect(result.usage.invocations["helper"] == result.counts.arrived)
  }

  /// A consumer whose table call retries (a task waiting inside the batch) and fails:
  /// each message is received `max_receive_count` times, then dead-lettered.
  @Test func aConsumerWaitingOnRetriesThatFail() throws {
    let result = try run(
      """
      flowbook: 1
      name: consumer-retries
      components:
        q: {kind: queue, latency: 1 ms, visibility_timeout: 2 s, max_receive_count: 3}
        worker: {kind: function, latency: 1 ms, timeout: 1 s}
        db: {kind: database, latency: 1 ms, timeout: 100 ms, attempts: 2, read_capacity: 1000 rps}
      path: [q, worker, db]
      """,
      SimulationScenario(
        duration: 5, traffic: TrafficProfile(rate: 20),
        faults: [FaultSpec(component: "db", kind: .errors(rate: 1), start: 0)], seed: 1))
    #expect(result.counts.deadLettered == result.counts.arrived)
    #expect(result.usage.calls["db"] == 3 * 2 * result.counts.arrived)
  }

  /// Settings too large to simulate are refused by name, not converted until they trap
  /// (or, for 10^9 SDK attempts, loop for ever).
  @Test(
    arguments: [
      (
        "fn: {kind: function, latency: 1 ms, reserved_concurrency: 1e20}", "[fn]",
        "fn.reserved_concurrency"
      ),
      (
        "fn: {kind: function, latency: 1 ms, provisioned_concurrency: 1e20}", "[fn]",
        "fn.provisioned_concurrency"
      ),
      ("db: {kind: database, latency: 1 ms, timeout: 1 s, attempts: 1e9}", "[db]", "db.attempts"),
      (
        "q: {kind: queue, latency: 1 ms, batch_size: 1e20}\n  fn: {kind: function, latency: 1 ms}",
        "[q, fn]", "q.batch_size"
      ),
      (
        "q: {kind: queue, latency: 1 ms, max_receive_count: 0.5}\n  fn: {kind: function, latency: 1 ms}",
        "[q, fn]", "q.max_receive_count"
      ),
    ] as [(String, String, String)])
  func settingsTooLargeAreRefused(_ component: String, _ path: String, _ named: String) throws {
    let yaml = "flowbook: 1\nname: big\ncomponents:\n  \(component)\npath: \(path)\n"
    let scenario = SimulationScenario(duration: 2, traffic: TrafficProfile(rate: 10), seed: 1)
    #expect {
      _ = try run(yaml, scenario)
    } throws: { error in
      // Refused by the simulator's own check, or earlier by the loader's parameter ranges.
      guard let message = (error as? Diagnostic)?.message else { return false }
      return message.contains("\(named) must be a whole number")
        || message.contains("\(named) is out of range")
    }
  }
}
