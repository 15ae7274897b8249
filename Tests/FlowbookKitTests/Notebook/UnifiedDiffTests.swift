import Testing

@testable import FlowbookKit

@Test func equalTextsHaveNoDiff() {
  #expect(UnifiedDiff.render(old: "a\nb", new: "a\nb", oldName: "x", newName: "y").isEmpty)
}

@Test func aChangeInATableShowsContextAndLineNumbers() {
  let old = (1...10).map { "row \($0)" }.joined(separator: "\n")
  let new = old.replacingOccurrences(of: "row 5", with: "row five")
    .replacingOccurrences(of: "row 10", with: "row 10\nrow 11")
  let diff = UnifiedDiff.render(
    old: old, new: new, oldName: "a", newName: "b", oldStart: 20,
    newStart: 20)
  #expect(
    diff == """
      --- a
      +++ b
      @@ -21,9 +21,10 @@
       row 2
       row 3
       row 4
      -row 5
      +row five
       row 6
       row 7
       row 8
       row 9
       row 10
      +row 11
      """)
}

@Test func separateChangesMakeSeparateHunks() {
  let old = (1...20).map(String.init).joined(separator: "\n")
  let new = old.replacingOccurrences(of: "\n2\n", with: "\ntwo\n")
    .replacingOccurrences(of: "\n18\n", with: "\n")
  let diff = UnifiedDiff.render(old: old, new: new, oldName: "a", newName: "b")
  #expect(diff.components(separatedBy: "\n@@ ").count == 3)
  #expect(diff.contains("@@ -15,6 +15,5 @@"))
}

@Test func addingToAnEmptyOutput() {
  #expect(
    UnifiedDiff.render(old: "", new: "x", oldName: "a", newName: "b", oldStart: 7)
      == "--- a\n+++ b\n@@ -6,0 +1 @@\n+x")
}
