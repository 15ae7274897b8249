import Foundation

/// Where a session may write files.
///
/// The interactive shell writes wherever its user says. A replayed notebook may have come
/// from someone else, so replay narrows writes to the notebook's own folder (plus any
/// `--allow-write DIR`): a notebook is documentation, and reading one must not be able to
/// overwrite `~/.ssh/config`. Every command that writes a file — `save`, `export`, the
/// outputs of a sweep — asks `SessionEnvironment.writablePath(_:span:)` first.
public enum WritePolicy: Sendable, Hashable {
  /// The shell's default: the user typed the path.
  case anywhere
  /// Only inside these directories (absolute; symlinks are resolved when checking).
  case within([String])

  /// This policy narrowed for a notebook in `directory`: never wider than before.
  public func narrowed(to directory: String) -> WritePolicy {
    switch self {
    case .anywhere: return .within([directory])
    case .within: return self
    }
  }
}

extension SessionEnvironment {
  /// The absolute, symlink-free path that `path` names, if the session may write there.
  ///
  /// Relative paths resolve against the working directory. `..` and symbolic links are
  /// resolved before the check, so neither `../outside.html` nor a link inside the
  /// allowed folder that points out of it gets through.
  /// - Throws: a diagnostic naming the path, where it resolves to, and how to allow it.
  public func writablePath(_ path: String, span: Span? = nil) throws(Diagnostic) -> String {
    let resolved = PathResolver.canonical(path, relativeTo: workingDirectory)
    guard case .within(let directories) = writePolicy else { return resolved }
    let allowed = directories.map { PathResolver.canonical($0, relativeTo: workingDirectory) }
    if allowed.contains(where: { PathResolver.isInside(resolved, directory: $0) }) {
      return resolved
    }
    let folders = allowed.isEmpty ? "nowhere" : allowed.joined(separator: ", ")
    throw Diagnostic(
      "cannot write '\(path)': it resolves to \(resolved), outside the folders this notebook "
        + "may write to (\(folders))", span: span,
      notes: [
        "replay writes only inside the notebook's folder; "
          + "pass --allow-write DIR to flowbook replay to allow another folder"
      ])
  }
}

/// Path normalisation that agrees with the kernel: `.`/`..` handled component by
/// component, symbolic links followed as they are met (as `realpath(3)` does), and the
/// components that do not exist yet kept lexically (a file about to be created).
public enum PathResolver {
  /// The canonical absolute form of `path`.
  /// - Complexity: O(components + links followed); at most 40 links, as Linux allows.
  public static func canonical(_ path: String, relativeTo base: String) -> String {
    var pending = components(of: absolute(path, relativeTo: base))
    var resolved: [String] = []
    var linksFollowed = 0
    var missing = false
    while !pending.isEmpty {
      let part = pending.removeFirst()
      if part == "." || part.isEmpty { continue }
      if part == ".." {
        if !resolved.isEmpty { resolved.removeLast() }
        continue
      }
      resolved.append(part)
      guard !missing else { continue }
      let current = "/" + resolved.joined(separator: "/")
      if let target = try? FileManager.default.destinationOfSymbolicLink(atPath: current),
        linksFollowed < 40
      {
        linksFollowed += 1
        resolved.removeLast()
        let base = "/" + resolved.joined(separator: "/")
        pending = components(of: absolute(target, relativeTo: base)) + pending
        resolved = []
      } else if !FileManager.default.fileExists(atPath: current) {
        missing = true
      }
    }
    return "/" + resolved.joined(separator: "/")
  }

  /// Whether `path` is `directory` or below it (both canonical).
  public static func isInside(_ path: String, directory: String) -> Bool {
    directory == "/" || path == directory || path.hasPrefix(directory + "/")
  }

  /// `path` made absolute against `base`, with `~` meaning the home directory.
  static func absolute(_ path: String, relativeTo base: String) -> String {
    if path == "~" || path.hasPrefix("~/") {
      let home = ProcessInfo.processInfo.environment["HOME"] ?? "/"
      return home + String(path.dropFirst())
    }
    if path.hasPrefix("/") { return path }
    let start = base.hasPrefix("/") ? base : FileManager.default.currentDirectoryPath + "/" + base
    return start + "/" + path
  }

  private static func components(of path: String) -> [String] {
    path.split(separator: "/", omittingEmptySubsequences: true).map(String.init)
  }

  /// `target` relative to `directory` (both absolute and canonical): `../datasets/x`.
  ///
  /// Always relative, however far apart the two are, so that a notebook never records an
  /// absolute path.
  public static func relative(_ target: String, from directory: String) -> String {
    let to = components(of: target)
    let from = components(of: directory)
    var common = 0
    while common < to.count, common < from.count, to[common] == from[common] { common += 1 }
    let ups = Array(repeating: "..", count: from.count - common)
    let parts = ups + to[common...]
    return parts.isEmpty ? "." : parts.joined(separator: "/")
  }
}
