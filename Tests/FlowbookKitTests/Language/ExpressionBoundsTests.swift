import Testing

@testable import FlowbookKit

/// Depth and size bombs in the language (issue 13): each used to overflow the stack
/// (exit 139) and now ends in an error with a caret at the first token past the bound.
@Suite struct ExpressionBoundsTests {
  @Test func sevenThousandParenthesesStopAtTheHundredAndFirst() {
    let opening = String(repeating: "(", count: 100)
    expectDiagnostic(
      opening + "1️⃣" + String(repeating: "(", count: 6_900) + "1"
        + String(repeating: ")", count: 7_000),
      contains: "expressions may nest at most 100 levels deep")
  }

  @Test func oneHundredLevelsStillEvaluate() {
    let nested = String(repeating: "(", count: 100) + "2 ms" + String(repeating: ")", count: 100)
    expectOutput(nested, "2 ms")
    expectOutput(String(repeating: "-", count: 100) + "3", "3")
    expectOutput(
      String(repeating: "abs(", count: 100) + "4" + String(repeating: ")", count: 100), "4")
  }

  @Test(arguments: [
    (
      "unary minus",
      String(repeating: "-", count: 100) + "1️⃣-" + String(repeating: "-", count: 6_899) + "1"
    ),
    (
      "powers",
      "2" + String(repeating: "^2", count: 100) + "1️⃣^2" + String(repeating: "^2", count: 50)
    ),
    (
      "calls", String(repeating: "max(", count: 100) + "1️⃣max(1" + String(repeating: ")", count: 101)
    ),
  ])
  func otherNestingStopsAtTheBound(_ name: String, _ marked: String) {
    expectDiagnostic(marked, contains: "at most 100 levels deep")
  }

  @Test func aTwentyThousandTermSumStopsAtTheThousandAndFirstTerm() {
    let thousand = Array(repeating: "1", count: 1_000).joined(separator: "+")
    expectDiagnostic(
      thousand + "+1️⃣" + Array(repeating: "1", count: 19_000).joined(separator: "+"),
      contains: "a line may hold at most 1,000 terms")
  }

  /// At the bound a flat sum evaluates, in a loop rather than one stack frame per term.
  @Test func aThousandTermSumEvaluates() {
    // `1 ms` is two terms: a number and a unit.
    expectOutput(Array(repeating: "1 ms", count: 500).joined(separator: " + "), "500 ms")
    expectOutput(
      "let x = " + Array(repeating: "2", count: 1_000).joined(separator: " - "), "x = -1,996")
  }

  /// Units' powers past 127 are refused where they are written.
  @Test func unitPowersPast127AreAnError() {
    expectDiagnostic("1️⃣(1 s^16)^16", contains: "the units' powers would pass 127")
  }
}
