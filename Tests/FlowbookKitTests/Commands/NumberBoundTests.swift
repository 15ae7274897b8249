import Testing

@testable import FlowbookKit

/// Numbers that trapped in commands (issue 13, item 3), and the bounds that now refuse
/// the ones no command can honour, each named in its error with a caret at the value.
@Suite struct NumberBoundTests {
  struct ErrorCase: CustomTestStringConvertible, Sendable {
    var id: String
    var marked: String
    var message: String
    var testDescription: String { id }
  }

  @Test(arguments: [
    ErrorCase(
      id: "servers sized an allocation",
      marked: "simulate mmc arrival 9/s service 1/s servers 1️⃣1e12 customers 100",
      message: "servers must be at most 100,000, not 1T"),
    ErrorCase(
      id: "customers bound the run",
      marked: "simulate mmc arrival 9/s service 1/s servers 10 customers 1️⃣1e12",
      message: "customers must be at most 1,000,000,000"),
    ErrorCase(
      id: "analytical servers",
      marked: "queue lambda servers 1️⃣1e100",
      message: "servers must be at most 10,000,000"),
    ErrorCase(
      id: "a count must be whole",
      marked: "simulate mmc arrival 9/s service 1/s servers 1️⃣4.9e-324",
      message: "servers must be a whole number of at least 1"),
    ErrorCase(
      id: "sweep steps",
      marked: "sweep cdn.hit_rate from 50% to 60% steps 1️⃣1e6",
      message: "steps must be at most 100,000"),
    ErrorCase(
      id: "SQS batch size is AWS's",
      marked: "queue sqs batch 1️⃣20000",
      message: "batch must be at most 10,000"),
    ErrorCase(
      id: "an LRU size past any key population",
      marked: "cache lru redis 1️⃣1.7976931348623157e308",
      message: "an LRU size must be at most"),
    ErrorCase(
      id: "a service time whose rate overflows",
      marked: "simulate mmc arrival 9/s service 1️⃣1e-320 s customers 10",
      message: "service is a rate per server (1/s) or a time (1 s) above 0"),
    ErrorCase(
      id: "a run longer than a week",
      marked: "simulate 1️⃣1e9 s", message: "at most a week"),
    ErrorCase(
      id: "a rate past 1B rps",
      marked: "simulate 10 s rate 1️⃣2B rps", message: "must be at most 1B rps"),
    ErrorCase(
      id: "a spike past ×1,000",
      marked: "simulate 10 s spike 1️⃣5000x at 1 s for 1 s", message: "at most 1,000"),
    ErrorCase(
      id: "a latency factor past ×1,000",
      marked: "simulate 10 s fault dynamodb latency 1️⃣x5000 at 1 s", message: "at most 1,000"),
    ErrorCase(
      id: "a bucket too small for the run",
      marked: "simulate 10 s bucket 1️⃣1 µs", message: "use a time-series bucket of at least"),
    ErrorCase(
      id: "an unknown flag is placed",
      marked: "simulate 10 s 1️⃣--nope", message: "unknown flag --nope"),
    ErrorCase(
      id: "a crossover range past the scan's bound",
      marked: "cost crossover lambda ecs from 1️⃣5e-324 rps to 1e300 rps",
      message: "the range must lie within 1e-6 rps and 1T rps"),
    ErrorCase(
      id: "an outage past a year",
      marked: "failover dependency dynamodb for 1️⃣68.05e19 h",
      message: "the outage must be at most a year"),
    ErrorCase(
      id: "an error the command did not place points at the command",
      marked: "1️⃣show series", message: "no simulation yet"),
    ErrorCase(
      id: "an unstable queue points at its arguments",
      marked: "simulate 1️⃣mmc arrival 9/s service 2/s servers 1 customers 10",
      message: "utilisation"),
  ])
  func refusedWithTheLimitAndACaret(_ test: ErrorCase) {
    expectDiagnostic(test.marked, contains: test.message, session: ModelFixtures.session())
  }

  /// Each of these trapped (exit 132) before; now each answers.
  @Test(arguments: [
    ("1 GB/month -> B/s", "380.518 B/s"),
    ("1 GB/month", "1 GB/month"),
    ("500 B/s", "500 B/s"),
    ("4.9e-324", "4.94066e-324"),
    ("let a = 5e-324", "a = 4.94066e-324"),
    ("1e308 s -> ns", "1e308 s"),
  ])
  func extremeValuesPrint(_ input: String, _ expected: String) {
    expectOutput(input, expected, session: ModelFixtures.session())
  }

  @Test(arguments: [
    "failover region share 1e-320",
    "failover region writes 1e100 /min",
    "simulate 2 s rate 100 rps fault dynamodb down at 1 s for 1e19 s",
    "failover dependency dynamodb errors 4.9e-324 for 1 year",
    "cost crossover baseline current from 1e-6 rps to 1T rps",
  ])
  func extremeArgumentsAnswer(_ input: String) {
    let cell = ModelFixtures.session().execute(input)
    #expect(cell.succeeded, "\(cell.plainOutput)")
    #expect(!cell.plainOutput.contains("∞") && !cell.plainOutput.contains("NaN"))
  }
}
