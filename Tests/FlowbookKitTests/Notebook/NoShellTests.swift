import Foundation
import Testing

@testable import FlowbookKit

/// A notebook from someone else must not be able to run a program.
///
/// flowbook has no
/// command that does, and these tests keep it that way: no command is named like a shell
/// escape, and the library never starts a process.
@Test func noCommandRunsAShell() {
  let escapes: Set<String> = ["sh", "shell", "exec", "system", "run", "bash", "spawn", "!"]
  #expect(Set(CommandRegistry.standard.names).isDisjoint(with: escapes))
  let cell = Session().execute("!ls")
  #expect(!cell.succeeded)
}

/// Scans the library's code (not its comments) for the calls that start programs.
@Test func theLibraryNeverStartsAProcess() throws {
  var url = URL(fileURLWithPath: #filePath)
  while url.lastPathComponent != "Tests" { url.deleteLastPathComponent() }
  let sources = url.deletingLastPathComponent().appendingPathComponent("Sources/FlowbookKit")
  let pattern = try NSRegularExpression(
    pattern: #"(?<![A-Za-z0-9_])(Process|posix_spawnp?|popen|system|exec[lv]p?e?|fork)\("#)
  let enumerator = FileManager.default.enumerator(atPath: sources.path)
  var checked = 0
  while let name = enumerator?.nextObject() as? String {
    guard name.hasSuffix(".swift") else { continue }
    let text = try String(contentsOf: sources.appendingPathComponent(name), encoding: .utf8)
    for (number, line) in text.split(separator: "\n").enumerated() {
      let code = String(line.components(separatedBy: "//")[0])
      let range = NSRange(code.startIndex..., in: code)
      #expect(pattern.firstMatch(in: code, range: range) == nil, "\(name):\(number + 1): \(line)")
    }
    checked += 1
  }
  #expect(checked > 20)
}
