import Testing

@testable import FlowbookKit

@Test func dimensionMismatchPointsAtTheSum() {
  expectDiagnostic("1️⃣1 ms + 1 GB", contains: "cannot add a time [s] and a data size [B]")
}

@Test func divisionByZeroPointsAtTheDivisor() {
  expectDiagnostic("5 ms / 1️⃣(2 - 2)", contains: "division by zero")
}

@Test func unknownNamesSuggestNearOnes() {
  let session = Session()
  _ = session.execute("let latency_budget = 100 ms")
  expectDiagnostic(
    "2 * 1️⃣latency_budgte", contains: "unknown name 'latency_budgte'",
    suggestion: "latency_budget", session: session)
}

@Test func unknownUnitsSuggestUnits() {
  expectDiagnostic("5 1️⃣msec", contains: "unknown name", suggestion: "sec")
}

@Test func unknownCommandsSuggestCommands() {
  expectDiagnostic("1️⃣hepl me", contains: "unknown command or name 'hepl'", suggestion: "help")
}

@Test func conversionBetweenDimensionsFails() {
  expectDiagnostic("1️⃣5 ms -> GB", contains: "cannot convert a time [s] to a data size [B]")
}

@Test func overflowIsReported() {
  expectDiagnostic("1️⃣10^400", contains: "too large")
}

@Test func unterminatedStringsAreReported() {
  expectDiagnostic("1️⃣\"abc", contains: "unterminated string")
}

@Test func strayCharactersAreReported() {
  expectDiagnostic("3 + 1️⃣@", contains: "unexpected character '@'")
}

@Test func letRefusesUnitNames() {
  expectDiagnostic("let 1️⃣ms = 3", contains: "'ms' is a unit")
}

@Test func missingParenthesis() {
  expectDiagnostic("1️⃣(1 + 2", contains: "expected ')'")
}

@Test func caretRendering() {
  let cell = Session().execute("1 ms + 1 GB")
  #expect(
    cell.plainOutput == """
      error: cannot add a time [s] and a data size [B]
        | 1 ms + 1 GB
        | ^^^^^^^^^^^
      """)
}

@Test func caretRenderingInAFileNamesTheLine() {
  let cell = Session().execute("2 * bogus", sourceName: "plan.fb", line: 7)
  #expect(
    cell.plainOutput == """
      error: unknown name 'bogus'
       --> plan.fb:7:5
        | 2 * bogus
        |     ^^^^^
      """)
}
