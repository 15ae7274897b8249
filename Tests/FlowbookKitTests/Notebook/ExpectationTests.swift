import Testing

@testable import FlowbookKit

private func session(_ setup: String) -> Session {
  let session = Session()
  _ = session.executeScript(setup)
  return session
}

struct ExpectCase: CustomTestStringConvertible, Sendable {
  var command: String
  var output: String
  var testDescription: String { command }
}

@Test(arguments: [
  ExpectCase(
    command: "expect p99 ≈ 87 ms ± 10%",
    output: "held: p99 ≈ 87 ms ± 10% (actual 87 ms; expected 78.3 ms to 95.7 ms)"),
  ExpectCase(
    command: "expect p99 ~= 100 ms +- 5 ms",
    output: "broken: p99 ~= 100 ms +- 5 ms (actual 87 ms; expected 95 ms to 105 ms)"),
  ExpectCase(
    command: "expect p99 < 100 ms",
    output: "held: p99 < 100 ms (actual 87 ms; expected < 100 ms)"),
  ExpectCase(
    command: "expect p99 >= 0.09 s",
    output: "broken: p99 >= 0.09 s (actual 87 ms; expected >= 0.09 s)"),
  ExpectCase(
    command: "expect p99 <= 87 ms",
    output: "held: p99 <= 87 ms (actual 87 ms; expected <= 87 ms)"),
  ExpectCase(
    command: "expect p99 == 0.087 s",
    output: "held: p99 == 0.087 s (actual 87 ms; expected 0.087 s)"),
  ExpectCase(
    command: "expect p99 != 87 ms",
    output: "broken: p99 != 87 ms (actual 87 ms; expected anything but 87 ms)"),
  ExpectCase(
    command: "expect peak * 45 ms > 100k",
    output: "held: peak * 45 ms > 100k (actual 112,500; expected > 100,000)"),
  ExpectCase(
    command: "expect $3.50 / 1M req * 10B req/month -> $/month < $40,000/month",
    output: "held: $3.50 / 1M req * 10B req/month -> $/month < $40,000/month "
      + "(actual $35,000/month; expected < $40,000/month)"),
  ExpectCase(
    command: "expect hit ≈ 95% ± 0.01",
    output: "held: hit ≈ 95% ± 0.01 (actual 95%; expected 94% to 96%)"),
  ExpectCase(
    command: "expect hit -> % ≈ 95% ± 1%",
    output: "held: hit -> % ≈ 95% ± 1% (actual 95%; expected 94.05% to 95.95%)"),
  ExpectCase(
    command: #"expect limit == "lambda.concurrency""#,
    output: #"held: limit == "lambda.concurrency" (actual "lambda.concurrency"; "#
      + #"expected "lambda.concurrency")"#),
  ExpectCase(
    command: #"expect limit != "lambda.concurrency""#,
    output: #"broken: limit != "lambda.concurrency" (actual "lambda.concurrency"; "#
      + #"expected anything but "lambda.concurrency")"#),
])
func expectationsReportHeldOrBrokenWithBothValues(_ c: ExpectCase) {
  let s = session(
    #"let p99 = 87 ms; let peak = 2.5M rps; let hit = 95%; let limit = "lambda.concurrency""#)
  let cell = s.execute(c.command)
  #expect(cell.plainOutput == c.output)
  let report = ExpectationReport(cell)
  #expect(report?.held == c.output.hasPrefix("held"))
}

@Test(arguments: [
  ("expect p99 ≈ 1️⃣", "expected a value"),
  ("expect p99 ≈ 87 ms1️⃣", "≈ needs a tolerance"),
  ("expect p99 1️⃣", "expected a comparison"),
  ("expect 1️⃣p99 < 1 GB", "cannot compare a time"),
  (#"expect limit < 1️⃣"x""#, "text can only be compared with == or !="),
  ("expect 1️⃣limit == 3 ms", "cannot compare text with a number"),
  ("expect p99 ≈ 87 ms ± 1️⃣1 GB", "the tolerance must be a time"),
  ("expect p99 ≈ 87 ms ± 1️⃣-1 ms", "cannot be negative"),
  ("expect 1️⃣p98 < 1 ms", "unknown name 'p98'"),
  ("expect p99 < 1 ms 1️⃣)", "unexpected ')'"),
])
func mistakesInExpectationsAreErrorsWithCarets(_ input: String, _ message: String) {
  let s = session(#"let p99 = 87 ms; let limit = "lambda.concurrency""#)
  expectDiagnostic(input, contains: message, session: s)
}
