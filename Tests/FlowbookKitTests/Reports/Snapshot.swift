import Foundation
import Testing

/// Compares `text` with the file `Snapshots/<name>` beside this test folder.
///
/// With `RECORD_SNAPSHOTS=1` in the environment, or when the file does not exist yet, the
/// text is written as the new baseline and the test fails once, saying so: a baseline is
/// never accepted silently. On a mismatch the first differing line is named, and the
/// actual text is left beside the baseline as `<name>.actual` for a diff tool.
func expectSnapshot(
  _ text: String, named name: String, filePath: String = #filePath,
  sourceLocation: SourceLocation = #_sourceLocation
) {
  let folder = (filePath as NSString).deletingLastPathComponent + "/Snapshots"
  let path = folder + "/" + name
  let actualPath = path + ".actual"
  let record = ProcessInfo.processInfo.environment["RECORD_SNAPSHOTS"].map { !$0.isEmpty } ?? false
  guard !record, let expected = FileManager.default.contents(atPath: path) else {
    try? FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
    FileManager.default.createFile(atPath: path, contents: Data(text.utf8))
    Issue.record(
      "Recorded new baseline \(name); check it and run again",
      sourceLocation: sourceLocation)
    return
  }
  let wanted = String(decoding: expected, as: UTF8.self)
  guard wanted != text else {
    try? FileManager.default.removeItem(atPath: actualPath)
    return
  }
  FileManager.default.createFile(atPath: actualPath, contents: Data(text.utf8))
  let old = wanted.components(separatedBy: "\n")
  let new = text.components(separatedBy: "\n")
  let line =
    zip(old, new).enumerated().first { $0.element.0 != $0.element.1 }?.offset
    ?? min(old.count, new.count)
  let was = line < old.count ? old[line] : "<end of file>"
  let now = line < new.count ? new[line] : "<end of file>"
  Issue.record(
    """
    \(name) differs from its snapshot at line \(line + 1):
      expected: \(was)
      actual:   \(now)
    (actual text in \(actualPath); RECORD_SNAPSHOTS=1 to accept it)
    """, sourceLocation: sourceLocation)
}
