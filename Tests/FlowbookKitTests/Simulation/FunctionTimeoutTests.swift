import Foundation
import Testing

@testable import FlowbookKit

/// Lambda's function timeout in the simulator: a synchronous invocation stopped at its
/// deadline, one stopped while its SDK retries wait, an SQS batch that times out, and the
/// rules around them (AWS's refusal of a visibility timeout shorter than the function's,
/// and a queued request's caller answered at the send).
@Suite struct FunctionTimeoutTests {
  /// Handlers log-normal with median 500 ms and p99 3 s, stopped at 1 s: the share timed
  /// out is P(X > 1 s) = 1 − Φ(ln 2 / σ), σ = ln 6 / z₀.₉₉ (18.4 %); no successful request
  /// outlasts the timeout; every stopped environment is reset, so the next start is cold.
  @Test func aSlowHandlerIsStoppedAtTheTimeout() throws {
    let model = try SimulationFixtures.load(
      """
      flowbook: 1
      name: slow
      components:
        fn:
          kind: function
          latency: {p50: 500 ms, p99: 3 s}
          warm_start: 0 ms
          cold_start: 0 ms
          timeout: 1 s
          reserved_concurrency: 1000
      path: [fn]
      """)
    let scenario = SimulationScenario(
      duration: 200, traffic: TrafficProfile(rate: 100), seed: 4)
    let result = try PathSimulation.run(model: model, scenario: scenario)
    let sigma = log(6) / 2.326_347_874
    let expected = 0.5 * erfc(log(2) / sigma / 2.0.squareRoot())
    let share = result.counts.share(result.counts.timedOut)
    print("timed out \(share), expected \(expected)")
    #expect(abs(share - expected) < 0.01)
    #expect(result.counts.ok + result.counts.timedOut == result.counts.arrived)
    #expect(result.percentile(100) <= 1.001)
    let timeouts = try #require(result.usage.functionTimeouts["fn"])
    #expect(timeouts >= result.counts.timedOut)
    #expect(try #require(result.usage.coldStarts["fn"]) >= timeouts)
  }

  /// A function whose table call retries (1 s per attempt, 3 attempts) is stopped at its
  /// own 1.5 s timeout while the table is slow: requests fail at 1.5 s and free their
  /// environments then, so concurrency stays near 100 rps × 1.5 s, not × 3 s.
  ///
  /// The table is slow for 10 s, but a request that arrives in its last second retries
  /// after it and succeeds: about 9 s × 100 rps time out.
  @Test func aFunctionWaitingOnRetriesIsStoppedAtItsDeadline() throws {
    let model = try SimulationFixtures.load(
      """
      flowbook: 1
      name: retrying
      components:
        fn: {kind: function, latency: 1 ms, warm_start: 0 ms, cold_start: 0 ms, timeout: 1.5 s}
        db: {kind: database, latency: 5 ms, timeout: 1 s, attempts: 3}
      path: [fn, db]
      """)
    let scenario = SimulationScenario(
      duration: 30, traffic: TrafficProfile(rate: 100),
      faults: [FaultSpec(component: "db", kind: .latency(factor: 400), start: 10, duration: 10)],
      seed: 5)
    let result = try PathSimulation.run(model: model, scenario: scenario)
    let timedOut = result.counts.timedOut
    print("timed out \(timedOut), peak concurrency \(result.peakConcurrency)")
    #expect(abs(Double(timedOut) - 900) < 100)
    #expect(result.usage.functionTimeouts["fn"] == timedOut)
    #expect(result.peakConcurrency < 200)
    #expect(result.counts.ok + timedOut == result.counts.arrived)
  }

  /// A consumer slowed past its 1 s timeout for 3 s: its batches are stopped, the messages
  /// come back after the 2 s visibility timeout and, received at most twice during the
  /// fault, are all processed in the end (a third stop would send them to the DLQ); the
  /// callers had their answer when the messages were queued, so none of them timed out.
  @Test func aTimedOutBatchReturnsItsMessages() throws {
    let model = try SimulationFixtures.load(SimulationFixtures.queue)
    let scenario = SimulationScenario(
      duration: 30, traffic: TrafficProfile(rate: 100),
      faults: [
        FaultSpec(component: "worker", kind: .latency(factor: 200), start: 10, duration: 3)
      ],
      seed: 6)
    let result = try PathSimulation.run(model: model, scenario: scenario)
    let timeouts = try #require(result.usage.functionTimeouts["worker"])
    print("timeouts \(timeouts), p99 \(result.percentile(99)), counts \(result.counts)")
    // The mapping holds what it had in flight and adds 5 batches a second while messages
    // wait, so a few dozen batches are stopped in the 3 s.
    #expect(timeouts > 20)
    #expect(result.counts.ok == result.counts.arrived)
    #expect(result.counts.timedOut == 0)
    #expect(result.percentile(99.9) > 2)
  }

  /// Messages of one batch that finished before another in the batch was stopped come
  /// back too (the invocation returned no response), and are processed a second time.
  @Test func messagesFinishedBeforeTheTimeoutAreProcessedAgain() throws {
    let model = try SimulationFixtures.load(
      """
      flowbook: 1
      name: mixed
      components:
        q: {kind: queue, latency: 5 ms, batch_size: 10, visibility_timeout: 6 s}
        worker: {kind: function, latency: 10 ms, timeout: 1 s, reserved_concurrency: 50}
        db: {kind: database, latency: {p50: 20 ms, p99: 1.5 s}}
      path: [q, worker, db]
      """)
    let scenario = SimulationScenario(duration: 30, traffic: TrafficProfile(rate: 200), seed: 7)
    let result = try PathSimulation.run(model: model, scenario: scenario)
    let reprocessed = try #require(result.usage.reprocessed["q"])
    let dbCalls = try #require(result.usage.calls["db"])
    print("reprocessed \(reprocessed), db calls \(dbCalls), arrived \(result.counts.arrived)")
    #expect(reprocessed > 20)
    #expect(dbCalls > result.counts.arrived + reprocessed / 2)
    #expect(result.counts.timedOut == 0)
  }

  /// A message processed again takes the path it took the first time: writes to a table
  /// that always outlasts the timeout stop every batch they are in, and only the quick
  /// S3 writes of those batches, already done, come back to be done again.
  @Test func aMessageProcessedAgainFollowsItsOwnPath() throws {
    let model = try SimulationFixtures.load(
      """
      flowbook: 1
      name: split
      components:
        q: {kind: queue, latency: 5 ms, batch_size: 10, visibility_timeout: 6 s, max_receive_count: 2}
        worker: {kind: function, latency: 10 ms, timeout: 1 s, reserved_concurrency: 50}
        s3: {kind: storage, latency: 5 ms}
        db: {kind: database, latency: 2 s}
      path:
        - q
        - worker
        - branch:
            - {name: quick, p: 70%, path: [s3]}
            - {name: slow, p: rest, path: [db]}
      """)
    let scenario = SimulationScenario(duration: 20, traffic: TrafficProfile(rate: 100), seed: 3)
    let result = try PathSimulation.run(model: model, scenario: scenario)
    let counts = result.counts
    let reprocessed = try #require(result.usage.reprocessed["q"])
    print("reprocessed \(reprocessed), calls \(result.usage.calls), counts \(counts)")
    #expect(reprocessed > 100)
    #expect(counts.ok + counts.deadLettered == counts.arrived)
    #expect(result.usage.calls["s3"] == counts.ok + reprocessed)
    #expect(result.usage.calls["db"] == 2 * counts.deadLettered)
  }

  /// A function calling another keeps its own start, deadline and environment: each is
  /// billed for its own time (the caller for its 100 ms and the 50 ms it waits), and the
  /// callee's 300 ms timeout does not cut the caller's 1 s.
  @Test func aFunctionCallingAnotherKeepsItsOwnClock() throws {
    let model = try SimulationFixtures.load(
      """
      flowbook: 1
      name: nested
      components:
        outer: {kind: function, latency: 100 ms, warm_start: 0 ms, cold_start: 0 ms, memory: 1024 MB, timeout: 1 s}
        inner: {kind: function, latency: 50 ms, warm_start: 0 ms, cold_start: 0 ms, memory: 1024 MB, timeout: 300 ms}
      path: [outer, inner]
      """)
    let scenario = SimulationScenario(duration: 20, traffic: TrafficProfile(rate: 50), seed: 2)
    let result = try PathSimulation.run(model: model, scenario: scenario)
    let requests = Double(result.counts.arrived)
    let outer = try #require(result.usage.gigabyteSeconds["outer"])
    let inner = try #require(result.usage.gigabyteSeconds["inner"])
    #expect(result.counts.ok == result.counts.arrived)
    #expect(abs(outer - 0.150 * requests) < 1e-6 * requests)
    #expect(abs(inner - 0.050 * requests) < 1e-6 * requests)
  }

  /// A queue's consumer may call an ECS service and another function inside its batch:
  /// their slots are theirs, not the batch's (this crashed the simulator once).
  @Test func aConsumerMayCallAServiceAndAFunction() throws {
    let model = try SimulationFixtures.load(
      """
      flowbook: 1
      name: consumer-calls
      components:
        q: {kind: queue, latency: 5 ms, visibility_timeout: 30 s}
        worker: {kind: function, latency: 10 ms, timeout: 10 s, reserved_concurrency: 50}
        svc: {kind: service, latency: 20 ms, tasks: 2, concurrency_per_task: 4}
        helper: {kind: function, latency: 5 ms}
      path: [q, worker, svc, helper]
      """)
    let scenario = SimulationScenario(duration: 20, traffic: TrafficProfile(rate: 100), seed: 1)
    let result = try PathSimulation.run(model: model, scenario: scenario)
    #expect(result.counts.ok == result.counts.arrived)
    #expect(result.usage.invocations["helper"] == result.counts.arrived)
    #expect(result.percentile(50) > 0.040)
  }

  /// Lambda refuses an event source mapping whose function timeout exceeds the queue's
  /// visibility timeout; so does the simulator, naming both.
  @Test func aVisibilityTimeoutShorterThanTheFunctionsIsRefused() throws {
    let text = SimulationFixtures.queue.replacingOccurrences(
      of: "timeout: 1 s", with: "timeout: 3 s")
    let model = try SimulationFixtures.load(text)
    let scenario = SimulationScenario(duration: 1, traffic: TrafficProfile(rate: 1), seed: 1)
    #expect {
      _ = try PathSimulation.run(model: model, scenario: scenario)
    } throws: { error in
      let message = (error as? Diagnostic)?.message ?? "\(error)"
      return message.contains("worker.timeout 3 s")
        && message.contains("q.visibility_timeout 2 s") && message.contains("AWS refuses")
    }
  }

  /// API Gateway's integration timeout (here 200 ms) ends at the send, not when the
  /// consumer has finished: 800 ms of processing does not time the requests out.
  @Test func aQueuedRequestIsAnsweredAtTheSend() throws {
    let model = try SimulationFixtures.load(
      """
      flowbook: 1
      name: answered
      components:
        api: {kind: gateway, latency: 2 ms, timeout: 200 ms}
        q: {kind: queue, latency: 5 ms, visibility_timeout: 30 s}
        worker: {kind: function, latency: 800 ms, timeout: 10 s}
      workload: {rate: 50 rps, client_timeout: 300 ms, client_attempts: 3}
      path: [api, q, worker]
      """)
    let scenario = SimulationScenario(duration: 20, traffic: TrafficProfile(rate: 50), seed: 8)
    let result = try PathSimulation.run(model: model, scenario: scenario)
    #expect(result.counts.timedOut == 0)
    #expect(result.counts.ok == result.counts.arrived)
    #expect(result.percentile(50) > 0.8)
    #expect(result.usage.calls["q"] == result.counts.arrived)
  }
}
