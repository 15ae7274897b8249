import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Path resolution that agrees with the kernel, so a path is checked where it will land.
///
/// `.` and `..` are handled component by component, and a symbolic link is followed the
/// moment it is met, before any `..` after it (as `path_resolution(7)` describes and
/// `realpath(3)` does). The resolved prefix is always a real path, so `..` from it is
/// its real parent. The resolver keeps no state between components but that prefix:
/// `x/../link/e.md` follows `link` even though `x` does not exist yet.
///
/// Two modes. `resolve(_:relativeTo:)` is strict, for writes and reads that a notebook
/// asks for: like the kernel it refuses a path that goes on through a component that
/// does not exist (`ENOENT`) or is not a folder (`ENOTDIR`), and it states its bounds.
/// `canonical(_:relativeTo:)` is lenient, for naming files in headers and messages: it
/// never fails, and keeps what does not exist lexically (a file about to be created).
public enum PathResolver {
  /// At most this many symbolic links are followed in one path (Linux's `MAXSYMLINKS`).
  public static let maximumLinks = 40
  /// The longest path accepted, before and after resolution, in bytes (Linux's `PATH_MAX`).
  public static let maximumPathBytes = 4096
  /// The longest single name in a path, in bytes (`NAME_MAX` on common file systems).
  public static let maximumNameBytes = 255

  /// The real absolute path `path` names, resolved as the kernel would to open it.
  ///
  /// Every existing prefix is resolved to its real path; only the last component may be
  /// missing (the file to create).
  /// - Parameters:
  ///   - path: the path as typed; relative paths resolve against `base`, `~` is `$HOME`.
  ///   - base: the directory relative paths start from.
  /// - Returns: An absolute path with no `.`, `..` or symbolic link in it.
  /// - Throws: `PathError` for a NUL byte, a path or name over its bound, more than
  ///   `maximumLinks` links, or a component that is missing or not a folder but is not last.
  /// - Complexity: O(components + link-target components); at most `maximumLinks` links.
  public static func resolve(_ path: String, relativeTo base: String) throws(PathError) -> String {
    try walk(path, relativeTo: base, strict: true)
  }

  /// The canonical absolute form of `path`, for naming files: never fails.
  ///
  /// Like `resolve(_:relativeTo:)`, but components that do not exist are kept lexically,
  /// `..` after one of them steps back to the real prefix (as if the folder were created),
  /// and past a bound the rest of the path is kept as it is written.
  /// - Parameters:
  ///   - path: the path as typed.
  ///   - base: the directory relative paths start from.
  /// - Returns: An absolute path with no `.` or `..`, links followed where they exist.
  public static func canonical(_ path: String, relativeTo base: String) -> String {
    (try? walk(path, relativeTo: base, strict: false)) ?? lexical(path, relativeTo: base)
  }

  /// One pass over the components; see `resolve` and `canonical` for the two modes.
  private static func walk(_ path: String, relativeTo base: String, strict: Bool)
    throws(PathError) -> String
  {
    guard !path.utf8.contains(0) else { throw .nulByte(path) }
    let start = absolute(path, relativeTo: base)
    guard start.utf8.count <= maximumPathBytes else { throw .tooLong(path) }
    // Components still to walk, the next one last.
    var pending = Array(components(of: start).reversed())
    var resolved: [String] = []
    // The index in `resolved` of the first component that does not exist, if any.
    var firstMissing: Int?
    var links = 0
    while let part = pending.popLast() {
      if strict, let missing = firstMissing {
        // Name the whole folder to create when the rest is plain names (`mkdir -p` it);
        // with `.` or `..` still to come, name the first that is missing.
        let rest = ([part] + pending.reversed()).dropLast()
        let plain = !rest.contains { $0 == "." || $0 == ".." }
        let folder = plain ? resolved + rest : Array(resolved[...missing])
        throw .missingFolder("/" + folder.joined(separator: "/"))
      }
      if part == "." { continue }
      if part == ".." {
        if !resolved.isEmpty { resolved.removeLast() }
        if let missing = firstMissing, resolved.count <= missing { firstMissing = nil }
        continue
      }
      guard part.utf8.count <= maximumNameBytes else { throw .nameTooLong(part) }
      resolved.append(part)
      guard firstMissing == nil else { continue }
      let current = prefix(resolved, through: resolved.count - 1)
      switch kind(of: current) {
      case .missing:
        firstMissing = resolved.count - 1
      case .directory:
        break
      case .other:
        if strict, !pending.isEmpty { throw .notAFolder(current) }
      case .link(let target):
        links += 1
        guard links <= maximumLinks else { throw .tooManyLinks(path) }
        resolved.removeLast()
        if target.hasPrefix("/") { resolved = [] }
        pending += components(of: target).reversed()
      }
    }
    let result = "/" + resolved.joined(separator: "/")
    guard result.utf8.count <= maximumPathBytes else { throw .tooLong(path) }
    return result
  }

  private enum Kind {
    case missing, directory, other
    case link(String)
  }

  /// What is at `path`, without following a final link (`lstat`).
  private static func kind(of path: String) -> Kind {
    var info = stat()
    guard lstat(path, &info) == 0 else { return .missing }
    switch info.st_mode & S_IFMT {
    case S_IFDIR: return .directory
    case S_IFLNK:
      var buffer = [CChar](repeating: 0, count: maximumPathBytes + 1)
      let count = readlink(path, &buffer, maximumPathBytes)
      guard count > 0 else { return .missing }
      let bytes = buffer[..<count].map { UInt8(bitPattern: $0) }
      return .link(String(decoding: bytes, as: UTF8.self))
    default: return .other
    }
  }

  private static func prefix(_ resolved: [String], through index: Int) -> String {
    "/" + resolved[...index].joined(separator: "/")
  }

  /// `path` made absolute and normalised without looking at the disk.
  static func lexical(_ path: String, relativeTo base: String) -> String {
    var parts: [String] = []
    for part in components(of: absolute(path, relativeTo: base)) where part != "." {
      if part == ".." {
        if !parts.isEmpty { parts.removeLast() }
      } else {
        parts.append(part)
      }
    }
    return "/" + parts.joined(separator: "/")
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

/// A path the kernel would refuse, or one over a stated bound.
public enum PathError: Error, Sendable, Equatable {
  /// A NUL byte, which would cut the path short where the system reads it.
  case nulByte(String)
  /// Longer than `PathResolver.maximumPathBytes`.
  case tooLong(String)
  /// A name longer than `PathResolver.maximumNameBytes`.
  case nameTooLong(String)
  /// More than `PathResolver.maximumLinks` symbolic links (`ELOOP`).
  case tooManyLinks(String)
  /// A component that does not exist, with more of the path after it (`ENOENT`).
  case missingFolder(String)
  /// A file that is not a folder, with more of the path after it (`ENOTDIR`).
  case notAFolder(String)

  /// Why the path is refused, as a clause: "there is no folder /a/x".
  public var reason: String {
    switch self {
    case .nulByte: return "it contains a NUL byte"
    case .tooLong:
      return "it is longer than \(PathResolver.maximumPathBytes) bytes"
    case .nameTooLong(let name):
      return "the name \(name.prefix(40))… is longer than \(PathResolver.maximumNameBytes) bytes"
    case .tooManyLinks:
      return "it passes through more than \(PathResolver.maximumLinks) symbolic links "
        + "(a loop?)"
    case .missingFolder(let folder): return "there is no folder \(folder)"
    case .notAFolder(let file): return "\(file) is not a folder"
    }
  }
}
