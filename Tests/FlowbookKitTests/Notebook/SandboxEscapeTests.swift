import Foundation
import Testing

@testable import FlowbookKit

/// A notebook's folder beside an `outside` folder, with the links a hostile notebook
/// (or its git checkout) could bring along.
///
///     root/outside/            where nothing may appear
///     root/nb/                 the notebook's folder
///     root/nb/y/               an existing folder (y/.. is nb)
///     root/nb/a/b/c/           existing folders three deep
///     root/nb/link      -> ../outside
///     root/nb/dangling.md -> ../outside/new.md (does not exist yet)
///     root/nb/self      -> .                    (the folder itself)
///     root/nb/loop1     -> loop2 -> loop1
struct SandboxLayout {
  let root: String
  var folder: String { root + "/nb" }
  var outside: String { root + "/outside" }

  init(_ name: String = "escape") throws {
    root = try makeTemporaryDirectory(name)
    let files = FileManager.default
    try files.createDirectory(atPath: root + "/outside", withIntermediateDirectories: true)
    try files.createDirectory(atPath: root + "/nb/y", withIntermediateDirectories: true)
    try files.createDirectory(atPath: root + "/nb/a/b/c", withIntermediateDirectories: true)
    for (name, target) in [
      ("link", "../outside"), ("dangling.md", "../outside/new.md"), ("self", "."),
      ("loop1", "loop2"), ("loop2", "loop1"),
    ] {
      try files.createSymbolicLink(atPath: root + "/nb/" + name, withDestinationPath: target)
    }
  }

  /// Every path that lands outside the folder, or that the kernel would refuse.
  static let escapes = [
    "x/../link/e.md", "a/b/c/../../../link/e.md", "./y/./../link/e.md", "y/../link/e.md",
    "x/y/../../link/e.md", "link/e.md", "link/../e.md", "dangling.md", "self/link/e.md",
    "self/../outside/e.md", "../outside/e.md", "loop1/e.md", "link/./sub/../e.md",
  ]

  /// Everything under `outside`, recursively: must stay empty.
  func outsideContents() -> [String] {
    (try? FileManager.default.subpathsOfDirectory(atPath: outside)) ?? ["<unreadable>"]
  }

  /// Everything directly in `root` but the two folders: must stay empty.
  func strayContents() -> [String] {
    let names = (try? FileManager.default.contentsOfDirectory(atPath: root)) ?? []
    return names.filter { $0 != "nb" && $0 != "outside" }.sorted()
  }
}

/// The writing commands, each with `PATH` for the file it writes.
private let writers = [
  "save PATH", "export PATH", "simulate 50 ms rate 1k rps seed 3 shard \"PATH\"",
]

@Test func theKernelsWayOfResolvingIsTheResolversWay() throws {
  let layout = try SandboxLayout("kernel")
  let nb = layout.folder
  func resolve(_ path: String) throws(PathError) -> String {
    try PathResolver.resolve(path, relativeTo: nb)
  }
  // `x` does not exist, so the kernel cannot walk x/..: neither can we.
  #expect(throws: PathError.missingFolder(nb + "/x")) { try resolve("x/../link/e.md") }
  #expect(throws: PathError.missingFolder(nb + "/new/deep")) { try resolve("new/deep/e.md") }
  // Existing folders: links are followed before the `..` after them.
  #expect(try resolve("y/../link/e.md") == layout.outside + "/e.md")
  #expect(try resolve("a/b/c/../../../link/e.md") == layout.outside + "/e.md")
  #expect(try resolve("./y/./../link/e.md") == layout.outside + "/e.md")
  #expect(try resolve("link/../e.md") == layout.root + "/e.md")
  #expect(try resolve("dangling.md") == layout.outside + "/new.md")
  #expect(try resolve("self/self/e.md") == nb + "/e.md")
  #expect(throws: PathError.tooManyLinks("loop1/e.md")) { try resolve("loop1/e.md") }
  let long = String(repeating: "d/", count: 2100) + "e.md"
  #expect(throws: PathError.tooLong(long)) { try resolve(long) }
  let name = String(repeating: "n", count: 256)
  #expect(throws: PathError.nameTooLong(name)) { try resolve(name) }
  #expect(throws: PathError.nulByte("e\0.md")) { try resolve("e\0.md") }
  try writeFile("x", to: nb + "/plain")
  #expect(throws: PathError.notAFolder(nb + "/plain")) { try resolve("plain/../e.md") }
}

@Test func theLenientFormStillFollowsLinksAfterAMissingFolder() throws {
  let layout = try SandboxLayout("lenient")
  // The bug this replaces: after `x` (missing) the old resolver stopped following links,
  // so x/../link/e.md was checked as nb/link/e.md, inside.
  #expect(
    PathResolver.canonical("x/../link/e.md", relativeTo: layout.folder)
      == layout.outside + "/e.md")
}

@Test(arguments: writers)
func noWritingCommandEscapesTheFolder(_ writer: String) throws {
  let layout = try SandboxLayout("writer")
  let session = Session(
    environment: SessionEnvironment(
      workingDirectory: layout.folder, seed: 1, writePolicy: .within([layout.folder])))
  for path in SandboxLayout.escapes {
    let cell = session.execute(writer.replacingOccurrences(of: "PATH", with: path))
    #expect(!cell.succeeded, "\(writer) with \(path) succeeded")
    #expect(cell.plainOutput.contains("cannot write '\(path)'"), "\(cell.plainOutput)")
  }
  #expect(layout.outsideContents() == [])
  #expect(layout.strayContents() == [])
  // Through a link that stays inside, the write lands in the folder, at its real path.
  let inside = session.execute(writer.replacingOccurrences(of: "PATH", with: "self/in.md"))
  #expect(inside.succeeded, "\(inside.plainOutput)")
  #expect(FileManager.default.fileExists(atPath: layout.folder + "/in.md"))
  var isLink = false
  if let kind = try? FileManager.default.attributesOfItem(atPath: layout.folder + "/self")[.type] {
    isLink = (kind as? FileAttributeType) == .typeSymbolicLink
  }
  #expect(isLink, "the link itself is untouched")
}

@Test func theLoopAndTheMissingFolderAreNamed() throws {
  let layout = try SandboxLayout("named")
  let session = Session(
    environment: SessionEnvironment(
      workingDirectory: layout.folder, writePolicy: .within([layout.folder])))
  let loop = session.execute("save loop1/e.md").plainOutput
  #expect(loop.contains("more than 40 symbolic links"), "\(loop)")
  let missing = session.execute("save x/../link/e.md").plainOutput
  #expect(missing.contains("there is no folder \(layout.folder)/x"), "\(missing)")
  let outside = session.execute("save y/../link/e.md").plainOutput
  #expect(outside.contains("resolves to \(layout.outside)/e.md"), "\(outside)")
  #expect(outside.contains("--allow-write"), "\(outside)")
}

/// A notebook whose every cell tries to write outside its folder.
func escapingNotebook() -> String {
  var text = "<!-- flowbook-notebook format=1 seed=1 dir=. -->\n# Escape\n\n```flowbook\n"
  for writer in writers {
    for path in SandboxLayout.escapes {
      text += "fb> " + writer.replacingOccurrences(of: "PATH", with: path) + "\n"
    }
  }
  return text + "```\n"
}

@Test func replayAndOpenConfineEveryWrite() throws {
  let layout = try SandboxLayout("replay")
  let path = layout.folder + "/evil.md"
  try writeFile(escapingNotebook(), to: path)
  let notebook = try parseNotebook(escapingNotebook(), name: "evil.md")
  // flowbook replay (also --check and --allow-write: the same session, another folder).
  let other = try makeTemporaryDirectory("allowed")
  let replay = NotebookReplay(
    notebook, path: path, displayPath: "evil.md", allowWrite: [other])
  #expect(replay.failures.count == notebook.cells.count)
  // open, from the shell, which otherwise writes anywhere.
  let shell = Session(environment: SessionEnvironment(workingDirectory: layout.root))
  let opened = shell.execute("open nb/evil.md")
  #expect(opened.plainOutput.contains("cannot write"), "\(opened.plainOutput)")
  #expect(layout.outsideContents() == [])
  #expect(layout.strayContents() == [])
  #expect(try FileManager.default.contentsOfDirectory(atPath: other) == [])
  // The shell's own policy is back once the notebook is open.
  #expect(shell.environment.writePolicy == .anywhere)
  #expect(shell.environment.readPolicy == .anywhere)
}

@Test func aFolderReachedThroughALinkIsStillItself() throws {
  let layout = try SandboxLayout("via-link")
  try FileManager.default.createSymbolicLink(
    atPath: layout.root + "/alias", withDestinationPath: "nb")
  let text = "<!-- flowbook-notebook format=1 seed=1 dir=. -->\n```flowbook\nfb> export r.md\n```\n"
  try writeFile(text, to: layout.folder + "/n.md")
  let replay = NotebookReplay(
    try parseNotebook(text, name: "n.md"), path: layout.root + "/alias/n.md",
    displayPath: "n.md")
  #expect(replay.failures.isEmpty, "\(replay.failures.map(\.message))")
  #expect(FileManager.default.fileExists(atPath: layout.folder + "/r.md"))
}

/// The check-then-write race: a folder on the path is swapped after the sandbox said yes.
///
/// The write goes through the folder it opened, and that folder must
/// still be the checked one, so the swap is refused and nothing lands outside.
@Test func aFolderSwappedAfterTheCheckIsRefused() throws {
  let layout = try SandboxLayout("swap")
  let files = FileManager.default
  try files.createDirectory(atPath: layout.folder + "/w", withIntermediateDirectories: true)
  let environment = SessionEnvironment(
    workingDirectory: layout.folder, writePolicy: .within([layout.folder]))
  let checked = try environment.writablePath("w/e.md")
  // The attacker's swap: the checked folder `w` becomes a link to `outside`.
  try files.removeItem(atPath: layout.folder + "/w")
  try files.createSymbolicLink(atPath: layout.folder + "/w", withDestinationPath: "../outside")
  #expect(throws: AtomicFileError.self) { try AtomicFile.write("x", to: checked, resolved: true) }
  // A folder further up swapped for a look-alike elsewhere: the opened folder's real
  // path is not the checked one.
  try files.removeItem(atPath: layout.folder + "/w")
  try files.createDirectory(atPath: layout.outside + "/w", withIntermediateDirectories: true)
  try files.createDirectory(atPath: layout.folder + "/a/b/c", withIntermediateDirectories: true)
  let deep = try environment.writablePath("a/b/c/e.md")
  try files.moveItem(atPath: layout.folder + "/a", toPath: layout.root + "/moved")
  try files.createDirectory(atPath: layout.outside + "/a/b/c", withIntermediateDirectories: true)
  try files.createSymbolicLink(atPath: layout.folder + "/a", withDestinationPath: "../outside/a")
  #expect(throws: AtomicFileError.self) { try AtomicFile.write("x", to: deep, resolved: true) }
  #expect(!files.fileExists(atPath: layout.outside + "/e.md"))
  #expect(!files.fileExists(atPath: layout.outside + "/a/b/c/e.md"))
  // Unswapped, the same call writes.
  try files.createDirectory(atPath: layout.folder + "/ok", withIntermediateDirectories: true)
  let fine = try environment.writablePath("ok/e.md")
  try AtomicFile.write("x", to: fine, resolved: true)
  #expect(try String(contentsOfFile: fine, encoding: .utf8) == "x")
}
