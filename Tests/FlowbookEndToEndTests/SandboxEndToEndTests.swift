import Foundation
import Testing

/// The binary, through every entry point that replays a notebook, against the symlink
/// layouts that used to escape: nothing may appear outside the notebook's folder.
private struct Layout {
  let root: String
  var folder: String { root + "/nb" }
  var outside: String { root + "/outside" }
  var allowed: String { root + "/allowed" }

  init(_ name: String) throws {
    root =
      FileManager.default.temporaryDirectory.path
      + "/fb-e2e-sandbox-\(name)-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
    let files = FileManager.default
    for folder in ["outside", "allowed", "nb/y", "nb/a/b/c"] {
      try files.createDirectory(atPath: root + "/" + folder, withIntermediateDirectories: true)
    }
    for (name, target) in [
      ("link", "../outside"), ("dangling.md", "../outside/new.md"), ("self", "."),
      ("loop1", "loop2"), ("loop2", "loop1"), ("up", ".."),
    ] {
      try files.createSymbolicLink(atPath: folder + "/" + name, withDestinationPath: target)
    }
    try Data(Self.notebook.utf8).write(to: URL(fileURLWithPath: folder + "/evil.md"))
  }

  static let paths = [
    "x/../link/e.md", "a/b/c/../../../link/e.md", "./y/./../link/e.md", "y/../link/e.md",
    "link/e.md", "dangling.md", "self/link/e.md", "loop1/e.md", "up/outside/e.md",
    "../outside/e.md", "x/../up/e.md",
  ]

  /// Every writing command at every path, plus a read of a file outside.
  static var notebook: String {
    var text = "<!-- flowbook-notebook format=1 seed=1 dir=. -->\n# Escape\n\n```flowbook\n"
    for writer in ["save PATH", "export PATH", "simulate 50 ms rate 1k rps shard \"PATH\""] {
      for path in paths {
        text += "fb> " + writer.replacingOccurrences(of: "PATH", with: path) + "\n"
      }
    }
    text += "fb> load /etc/passwd\n"
    text += "fb> load link/secret.yaml\n"
    return text + "```\n"
  }

  /// What exists outside the notebook's folder, besides the layout itself.
  func escaped() -> [String] {
    let outsideFiles = (try? FileManager.default.subpathsOfDirectory(atPath: outside)) ?? []
    let allowedFiles = (try? FileManager.default.subpathsOfDirectory(atPath: allowed)) ?? []
    let top = (try? FileManager.default.contentsOfDirectory(atPath: root)) ?? []
    return outsideFiles.filter { $0 != "secret.yaml" }.map { "outside/" + $0 }
      + allowedFiles.map { "allowed/" + $0 }
      + top.filter { !["nb", "outside", "allowed"].contains($0) }
  }
}

@Test(arguments: [
  ["replay"], ["replay", "--check"], ["replay", "--allow-write", "ALLOWED"],
  ["replay", "--update"], ["report", "-o", "NB/report.html"],
])
func noEntryPointWritesOutsideTheFolder(_ arguments: [String]) throws {
  let layout = try Layout(arguments.joined(separator: "-").filter(\.isLetter))
  try Data("flowbook: 1\n".utf8).write(to: URL(fileURLWithPath: layout.outside + "/secret.yaml"))
  let argv =
    arguments.map {
      $0.replacingOccurrences(of: "ALLOWED", with: layout.allowed)
        .replacingOccurrences(of: "NB", with: layout.folder)
    } + [layout.folder + "/evil.md"]
  let outcome = try BinaryRunner.run(argv)
  #expect(outcome.status == 65, "\(argv): \(outcome.stderr)")
  #expect(layout.escaped() == [], "\(argv)")
  let refusals = outcome.stderr.components(separatedBy: "error: cannot write").count - 1
  #expect(refusals == 3 * Layout.paths.count, "\(outcome.stderr)")
  #expect(outcome.stderr.contains("error: cannot read '/etc/passwd'"), "\(outcome.stderr)")
  #expect(outcome.stderr.contains("--allow-read DIR"))
  #expect(!outcome.stdout.contains("root:"), "no line of /etc/passwd")
}

@Test func openFromTheShellWritesNothingOutside() throws {
  let layout = try Layout("open")
  let outcome = try BinaryRunner.run(
    ["-e", "open evil.md"], directory: layout.folder)
  #expect(outcome.stdout.contains("cannot write"), "\(outcome.stdout)\n\(outcome.stderr)")
  #expect(layout.escaped() == [])
}

@Test func allowReadLetsAReplayReadAnotherFolder() throws {
  let layout = try Layout("allow-read")
  let model = try String(
    contentsOfFile: BinaryRunner.repositoryRoot + "/datasets/golden-path.yaml", encoding: .utf8)
  try Data(model.utf8).write(to: URL(fileURLWithPath: layout.outside + "/m.yaml"))
  let text = "```flowbook\nfb> load ../outside/m.yaml\n```\n"
  try Data(text.utf8).write(to: URL(fileURLWithPath: layout.folder + "/r.md"))
  let refused = try BinaryRunner.run(["replay", layout.folder + "/r.md"])
  #expect(refused.status == 65)
  #expect(refused.stderr.contains("cannot read '../outside/m.yaml'"), "\(refused.stderr)")
  let allowed = try BinaryRunner.run(
    ["replay", "--allow-read", layout.outside, layout.folder + "/r.md"])
  #expect(allowed.stdout.contains("loaded golden-path"), "\(allowed.stdout)\(allowed.stderr)")
}

@Test func escapeSequencesInANotebookNeverReachTheScreen() throws {
  let layout = try Layout("escapes")
  let text =
    "<!-- flowbook-notebook format=1 seed=1 dir=\u{1B}]0;owned\u{07} "
    + "sha256:\u{1B}[2J=\(String(repeating: "0", count: 64)) -->\n"
    + "```flowbook\nfb> 1 + 1\n\u{1B}[31m\u{202E}red\u{9B}0m\n```\n"
  try Data(text.utf8).write(to: URL(fileURLWithPath: layout.folder + "/e.md"))
  // (Plain `replay` prints the notebook itself: byte for byte into a pipe or a file,
  // sanitised only on a terminal.)
  for arguments in [["replay", "--check"], ["report", "-o", "r.md"], ["-e", "open e.md"]] {
    let outcome = try BinaryRunner.run(
      arguments + (arguments[0] == "-e" ? [] : [layout.folder + "/e.md"]),
      directory: layout.folder)
    let shown = outcome.stdout + outcome.stderr
    #expect(!shown.unicodeScalars.contains { [0x1B, 0x07, 0x9B, 0x202E].contains($0.value) })
    if arguments == ["replay", "--check"] {
      #expect(outcome.stdout.contains("-^[[31m<U+202E>red<U+009B>0m"), "\(outcome.stdout)")
      #expect(outcome.stderr.contains("dir=^[]0;owned^G"), "\(outcome.stderr)")
    }
  }
  // The file is as it was: sanitising is for the screen.
  #expect(try String(contentsOfFile: layout.folder + "/e.md", encoding: .utf8) == text)
}
