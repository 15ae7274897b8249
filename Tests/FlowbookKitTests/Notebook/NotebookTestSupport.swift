import Foundation

@testable import FlowbookKit

/// A fresh, empty directory for one test, canonical (symlinks resolved), so paths the code
/// reports can be compared with paths the test builds.
func makeTemporaryDirectory(_ name: String) throws -> String {
  let base = FileManager.default.temporaryDirectory.path
  let path = PathResolver.canonical(
    base + "/flowbook-\(name)-\(getpid())-\(UInt32.random(in: 0...UInt32.max))", relativeTo: "/")
  try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
  return path
}

func writeFile(_ text: String, to path: String) throws {
  try Data(text.utf8).write(to: URL(fileURLWithPath: path))
}

func readFile(_ path: String) throws -> String {
  try String(contentsOfFile: path, encoding: .utf8)
}

/// Parses `text` as a notebook named `name`, or records the error as a test failure.
func parseNotebook(_ text: String, name: String = "nb.md") throws -> Notebook {
  try NotebookParser.parse(Array(text.utf8), path: name)
}
