import Foundation

/// Where a session may read or write files.
///
/// The interactive shell reads and writes wherever its user says. A replayed notebook may
/// have come from someone else, so replay narrows writes to the notebook's own folder
/// (plus any `--allow-write DIR`) and reads to that folder and the datasets folder (plus
/// any `--allow-read DIR`): a notebook is documentation, and reading one must neither
/// overwrite `~/.ssh/config` nor copy `/etc/passwd` into its outputs.
///
/// The guarantee: every path a command writes or reads is resolved as the kernel will
/// resolve it (`PathResolver.resolve`: every existing prefix made real, links followed
/// before `..`, at most 40 links and 4096 bytes), the real path is compared with the real
/// paths of the allowed folders, and the file is then opened at that real path, checked
/// again just before the write.
public enum PathPolicy: Sendable, Hashable {
  /// The shell's default: the user typed the path.
  case anywhere
  /// Only inside these directories (absolute; symlinks are resolved when checking).
  case within([String])

  /// This policy narrowed for a notebook in `directory`: never wider than before.
  /// - Parameter directory: the notebook's folder.
  /// - Returns: `.within([directory])` for the shell's `.anywhere`, otherwise `self`.
  public func narrowed(to directory: String) -> PathPolicy {
    switch self {
    case .anywhere: return .within([directory])
    case .within: return self
    }
  }

  /// The real path of `path`, if this policy lets it through.
  ///
  /// - Parameters:
  ///   - path: the path as typed.
  ///   - base: the directory a relative path starts from.
  ///   - extra: directories allowed besides the policy's own (the datasets folder for reads).
  /// - Returns: The resolved real path.
  /// - Throws: `SandboxRefusal` when the path cannot be resolved or lands outside.
  public func check(_ path: String, relativeTo base: String, alsoWithin extra: [String] = [])
    throws(SandboxRefusal) -> String
  {
    let resolved: String
    do {
      resolved = try PathResolver.resolve(path, relativeTo: base)
    } catch {
      throw .unresolvable(path: path, error)
    }
    guard case .within(let directories) = self else { return resolved }
    let allowed = (directories + extra).map { PathResolver.canonical($0, relativeTo: base) }
    if allowed.contains(where: { PathResolver.isInside(resolved, directory: $0) }) {
      return resolved
    }
    throw .outside(path: path, resolved: resolved, allowed: allowed)
  }
}

/// The policy for writes (kept under its first name).
public typealias WritePolicy = PathPolicy

/// Why a path was refused: it cannot be resolved, or it lands outside the allowed folders.
public enum SandboxRefusal: Error, Sendable {
  case unresolvable(path: String, PathError)
  case outside(path: String, resolved: String, allowed: [String])

  /// The same refusal, naming the path as `typed`.
  /// - Parameter typed: the name to show.
  /// - Returns: The refusal with its path replaced.
  func named(_ typed: String) -> SandboxRefusal {
    switch self {
    case .unresolvable(_, let error): return .unresolvable(path: typed, error)
    case .outside(_, let resolved, let allowed):
      return .outside(path: typed, resolved: resolved, allowed: allowed)
    }
  }

  /// The refusal as a diagnostic: the path, where it resolves, and the option that allows it.
  /// - Parameters:
  ///   - verb: `read` or `write`.
  ///   - option: the command-line option that widens the policy.
  ///   - span: where the path was typed.
  /// - Returns: A diagnostic naming the path and the option.
  public func diagnostic(verb: String, option: String, span: Span?) -> Diagnostic {
    switch self {
    case .unresolvable(let path, let error):
      return Diagnostic("cannot \(verb) '\(path)': \(error.reason)", span: span)
    case .outside(let path, let resolved, let allowed):
      let folders = allowed.isEmpty ? "nowhere" : allowed.joined(separator: ", ")
      return Diagnostic(
        "cannot \(verb) '\(path)': it resolves to \(resolved), outside the folders this "
          + "notebook may \(verb) \(verb == "read" ? "from" : "to") (\(folders))", span: span,
        notes: [
          "replay \(verb)s only inside the notebook's folder"
            + (verb == "read" ? " and the datasets folder" : "")
            + "; pass \(option) DIR to flowbook replay to allow another folder"
        ])
    }
  }
}

extension SessionEnvironment {
  /// The absolute, symlink-free path that `path` names, if the session may write there.
  ///
  /// Relative paths resolve against the working directory. `..` and symbolic links are
  /// resolved as the kernel will, so neither `../outside.html`, nor a link inside the
  /// allowed folder that points out of it, nor `x/../link/e.md` gets through.
  /// - Parameters:
  ///   - path: the path as typed.
  ///   - span: where it was typed, for the error.
  /// - Returns: The real path to write to.
  /// - Throws: a diagnostic naming the path, where it resolves to, and how to allow it.
  public func writablePath(_ path: String, span: Span? = nil) throws(Diagnostic) -> String {
    do {
      return try writePolicy.check(path, relativeTo: workingDirectory)
    } catch {
      throw error.diagnostic(verb: "write", option: "--allow-write", span: span)
    }
  }

  /// Writes `contents` atomically at the real path of `path`, checked again just before.
  ///
  /// The check is repeated here, not only when the command started: a folder may have been
  /// swapped for a link in between (a long simulation before its shard is written).
  /// - Parameters:
  ///   - contents: the file's new contents.
  ///   - path: the path as typed.
  ///   - expected: the real path an earlier `writablePath` returned, if any; a different
  ///     answer now is refused.
  ///   - span: where the path was typed, for errors.
  /// - Returns: The real path written.
  /// - Throws: a diagnostic for a refused path or a failed write.
  @discardableResult
  public func writeFile(
    _ contents: String, to path: String, expected: String? = nil, span: Span? = nil
  ) throws(Diagnostic) -> String {
    let resolved = try writablePath(path, span: span)
    if let expected, expected != resolved {
      throw Diagnostic(
        "cannot write '\(path)': it now resolves to \(resolved), not \(expected) as when "
          + "the command started; a folder on the way was moved or replaced", span: span)
    }
    do {
      try AtomicFile.write(contents, to: resolved, resolved: true)
    } catch {
      throw Diagnostic(error.diagnostic.message, span: span)
    }
    return resolved
  }
}

extension Session {
  /// The real path of `path`, if the session may read it.
  ///
  /// Under a narrowed read policy (replay, `open`) the datasets folder is readable too.
  /// - Parameters:
  ///   - path: the path to read.
  ///   - typed: how to name it in the error (as typed, when `path` was completed).
  ///   - span: where it was typed, for the error.
  /// - Returns: The real path to read.
  /// - Throws: a diagnostic naming the path, where it resolves to, and `--allow-read`.
  public func readablePath(_ path: String, typed: String? = nil, span: Span? = nil)
    throws(Diagnostic) -> String
  {
    do {
      return try readGate.check(path, relativeTo: environment.workingDirectory)
    } catch {
      throw error.named(typed ?? path).diagnostic(
        verb: "read", option: "--allow-read", span: span)
    }
  }

  /// The session's read policy with the datasets folder added, for code without a session.
  public var readGate: ReadGate {
    ReadGate(
      policy: environment.readPolicy,
      datasets: workspace.datasetsDirectory.map { [$0] } ?? [])
  }
}

/// A read policy plus the folders always readable beside it, handed to loaders (a model's
/// `samples_file`) that run without a session.
public struct ReadGate: Sendable {
  public var policy: PathPolicy
  public var datasets: [String]

  /// Reads allowed anywhere: the shell, and tests.
  public static let anywhere = ReadGate(policy: .anywhere, datasets: [])

  /// A gate over `policy` that also lets `datasets` through.
  /// - Parameters:
  ///   - policy: the session's read policy.
  ///   - datasets: folders readable whatever the policy.
  public init(policy: PathPolicy, datasets: [String]) {
    self.policy = policy
    self.datasets = datasets
  }

  /// The real path of `path` if it may be read.
  /// - Parameters:
  ///   - path: the path as written.
  ///   - base: the directory a relative path starts from.
  /// - Returns: The resolved real path.
  /// - Throws: `SandboxRefusal` when it may not be read.
  public func check(_ path: String, relativeTo base: String) throws(SandboxRefusal) -> String {
    try policy.check(path, relativeTo: base, alsoWithin: datasets)
  }
}
