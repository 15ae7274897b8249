import Foundation
import Testing

/// Issue 6's acceptance, run on the real binary from a fresh start (the default model).
@Suite struct IncidentCommandTests {
  @Test func cdnAtSixtyPercentSendsEightTimesTheOriginLoad() throws {
    let outcome = try BinaryRunner.run(["-e", "set cdn.hit_rate = 60%; cache"])
    #expect(outcome.status == 0, "\(outcome.stderr)")
    #expect(
      outcome.stdout.contains("origin load ×8 the baseline's (5,525 rps → 44,200 rps)"),
      "\(outcome.stdout)")
    let origin = outcome.stdout.split(separator: "\n").first { $0.hasPrefix("origin ") }
    #expect(origin?.hasSuffix("×8") == true, "\(outcome.stdout)")
  }

  struct DetectionCase: Sendable, CustomTestStringConvertible {
    var setting: String
    var detection: String
    var testDescription: String { setting.isEmpty ? "model as loaded" : setting }
  }

  static let detections: [DetectionCase] = [
    DetectionCase(setting: "", detection: "t+86.5 s"),
    DetectionCase(setting: "set dns.health_check_interval = 10 s", detection: "t+31.5 s"),
    DetectionCase(setting: "set dns.failure_threshold = 1", detection: "t+26.5 s"),
  ]

  @Test(arguments: detections)
  func regionDetectionFollowsRoute53Settings(_ test: DetectionCase) throws {
    let script = (test.setting.isEmpty ? "" : test.setting + "; ") + "failover region"
    let outcome = try BinaryRunner.run(["-e", script])
    #expect(outcome.status == 0, "\(outcome.stderr)")
    let line =
      outcome.stdout.split(separator: "\n")
      .first { $0.contains("Route 53 marks the endpoint unhealthy (mean)") } ?? ""
    #expect(line.hasPrefix(test.detection), "\(outcome.stdout)")
  }

  @Test func queueSqsJSONHasPeakDepthAndDrainTime() throws {
    let outcome = try BinaryRunner.run(["--json", "-e", "queue sqs"])
    #expect(outcome.status == 0, "\(outcome.stderr)")
    let document = try JSONSerialization.jsonObject(with: Data(outcome.stdout.utf8))
    let result = document as? [String: Any]
    let peak = result?["peak_depth"] as? Double
    let drain = result?["drain_time_s"] as? Double
    #expect(peak.map { $0 > 0 } == true, "\(outcome.stdout)")
    #expect(drain.map { $0 > 0 } == true, "\(outcome.stdout)")
  }
}
