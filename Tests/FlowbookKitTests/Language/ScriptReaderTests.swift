import Testing

@testable import FlowbookKit

@Test func semicolonsSplitAndCommentsDrop() {
  let statements = ScriptReader.statements(in: "let a = 1; a * 2 # double it\n\n# note\nvars")
  #expect(statements.map(\.text) == ["let a = 1", "a * 2", "vars"])
  #expect(statements.map(\.line) == [1, 1, 4])
}

@Test func backslashContinuesALine() {
  var reader = ScriptReader()
  #expect(reader.feed("2.5M rps \\").isEmpty)
  #expect(reader.isContinuing)
  #expect(reader.feed("  * 45 ms").map(\.text) == ["2.5M rps * 45 ms"])
}

@Test func quotedSemicolonsStay() {
  #expect(ScriptReader.statements(in: #""a;b" ; 1"#).map(\.text) == [#""a;b""#, "1"])
}

@Test func completionOffersCommandsAndUnits() {
  let session = Session()
  #expect(session.completions(for: "he", cursor: 2).candidates == ["help"])
  let units = session.completions(for: "5 m", cursor: 3).candidates
  #expect(units.contains("ms") && units.contains("min") && units.contains("month"))
  #expect(session.completions(for: "help un", cursor: 7).candidates == ["units"])
}

@Test func helpListsEveryRegisteredCommand() {
  let cell = Session().execute("help")
  for name in CommandRegistry.standard.names {
    #expect(cell.plainOutput.contains(name))
  }
  let detail = Session().execute("help vars").plainOutput
  #expect(detail.contains("usage: vars") && detail.contains("example:"))
}
