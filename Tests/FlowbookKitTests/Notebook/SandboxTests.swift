import Foundation
import Testing

@testable import FlowbookKit

@Test(arguments: [
  ("a/b/../c", "/base/a/c"),
  ("../../..", "/"),
  ("./x/./y/", "/base/x/y"),
  ("/abs//p", "/abs/p"),
  ("..", "/"),
])
func lexicalPartsResolve(_ path: String, _ expected: String) {
  // /base does not exist, so nothing is a link and resolution is lexical.
  #expect(PathResolver.canonical(path, relativeTo: "/base") == expected)
}

@Test func linksAreFollowedBeforeDotDot() throws {
  let root = try makeTemporaryDirectory("resolve")
  try FileManager.default.createDirectory(
    atPath: root + "/real/deep",
    withIntermediateDirectories: true)
  try FileManager.default.createSymbolicLink(
    atPath: root + "/link",
    withDestinationPath: root + "/real/deep")
  // The kernel resolves link/.. to real, not to root: so must we.
  #expect(PathResolver.canonical("link/../file", relativeTo: root) == root + "/real/file")
  #expect(PathResolver.canonical("link/new/file", relativeTo: root) == root + "/real/deep/new/file")
}

@Test func relativePathsBetweenFolders() {
  #expect(PathResolver.relative("/r/datasets/m.yaml", from: "/r/notebooks") == "../datasets/m.yaml")
  #expect(PathResolver.relative("/r/notebooks", from: "/r/notebooks") == ".")
  #expect(PathResolver.relative("/r", from: "/r/notebooks") == "..")
  #expect(PathResolver.relative("/other/x", from: "/r/notebooks") == "../../other/x")
}

@Test func theShellWritesAnywhereAndReplayOnlyWhereAllowed() throws {
  let root = try makeTemporaryDirectory("policy")
  let shell = SessionEnvironment(workingDirectory: root)
  let parent = (root as NSString).deletingLastPathComponent
  #expect(try shell.writablePath("../x.md") == parent + "/x.md")
  let replay = SessionEnvironment(workingDirectory: root, writePolicy: .within([root]))
  // As the kernel: a file may be new, the folder it goes in may not.
  #expect(throws: Diagnostic.self) { try replay.writablePath("sub/x.md") }
  try FileManager.default.createDirectory(atPath: root + "/sub", withIntermediateDirectories: true)
  #expect(try replay.writablePath("sub/x.md") == root + "/sub/x.md")
  #expect(throws: Diagnostic.self) { try replay.writablePath("../x.md") }
  #expect(throws: Diagnostic.self) { try replay.writablePath(root + "-sibling/x.md") }
  let nowhere = SessionEnvironment(workingDirectory: root, writePolicy: .within([]))
  #expect(throws: Diagnostic.self) { try nowhere.writablePath("x.md") }
  #expect(WritePolicy.within([root]).narrowed(to: "/tmp") == .within([root]), "never widens")
}
