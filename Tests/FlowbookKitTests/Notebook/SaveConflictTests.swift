import Foundation
import Testing

@testable import FlowbookKit

@Test func saveRefusesAFileSomeoneElseChangedSinceItWasOpened() throws {
  let folder = try makeTemporaryDirectory("conflict")
  let path = folder + "/shared.md"
  let first = Session(environment: SessionEnvironment(workingDirectory: folder))
  first.execute("1 + 1")
  #expect(first.execute("save shared.md").succeeded)
  // Two people open the same notebook; the colleague saves first.
  let mine = Session(environment: SessionEnvironment(workingDirectory: folder))
  #expect(mine.execute("open shared.md").succeeded)
  let colleague = Session(environment: SessionEnvironment(workingDirectory: folder))
  #expect(colleague.execute("open shared.md").succeeded)
  colleague.execute("2 + 2")
  #expect(colleague.execute("save shared.md").succeeded)
  let theirs = try readFile(path)
  mine.execute("3 + 3")
  let refused = mine.execute("save shared.md")
  #expect(!refused.succeeded)
  #expect(refused.plainOutput.contains("shared.md changed on disk"), "\(refused.plainOutput)")
  #expect(refused.plainOutput.contains("save shared.md --force"), "\(refused.plainOutput)")
  #expect(try readFile(path) == theirs, "the colleague's cells are still there")
  #expect(mine.execute("save shared.md --force").succeeded)
  #expect(try readFile(path).contains("fb> 3 + 3"))
  // Saving again after one's own save needs no --force; the colleague's copy is now stale.
  mine.execute("4 + 4")
  #expect(mine.execute("save shared.md").succeeded)
  colleague.execute("5 + 5")
  #expect(!colleague.execute("save shared.md").succeeded)
}

@Test func anEditorsTouchWithoutAChangeIsNoConflict() throws {
  let folder = try makeTemporaryDirectory("touch")
  let session = Session(environment: SessionEnvironment(workingDirectory: folder))
  session.execute("1 + 1")
  #expect(session.execute("save n.md").succeeded)
  // Same bytes rewritten (a touch, a checkout of the same content): the hash agrees.
  try writeFile(try readFile(folder + "/n.md"), to: folder + "/n.md")
  #expect(session.execute("save n.md").succeeded)
  // A file that vanished is simply written again.
  try FileManager.default.removeItem(atPath: folder + "/n.md")
  #expect(session.execute("save n.md").succeeded)
}
