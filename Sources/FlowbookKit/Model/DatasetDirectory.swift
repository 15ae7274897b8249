import Foundation

/// Finds flowbook's `datasets/` directory, where path models, prices and quotas live.
///
/// The CLI must find the data whether it is run from the repository root, from a notebook
/// folder deep inside it, from `swift run`, as a built binary under `.build/`, or installed
/// by `scripts/install` far from any checkout. The search order is:
///
/// 1. the `FLOWBOOK_DATASETS` environment variable, when set: it must name an existing
///    directory, and a wrong value is an error rather than a silent fallback (a user who sets
///    it means it);
/// 2. a flowbook datasets directory (one named `datasets` holding `pricing/` and `quotas/`,
///    so that some other project's `datasets/` folder is passed over) in the start directory
///    (the current directory unless one is given) or in any of its ancestors, nearest first;
/// 3. the installation's `share/flowbook/datasets` beside the running executable's `bin/`
///    (symlinks resolved), where `scripts/install PREFIX` puts them;
/// 4. the walk of step 2 up from the executable's directory, which finds the repository a
///    binary under `.build/debug/` was built from.
///
/// ```swift
/// let datasets = try DatasetDirectory.locate()
/// let prices = try PriceCatalog.load(datasets: datasets)
/// ```
public enum DatasetDirectory {
  /// The environment variable that overrides the search.
  public static let environmentVariable = "FLOWBOOK_DATASETS"
  /// The directory name looked for while walking up.
  public static let directoryName = "datasets"

  /// Locates `datasets/` by the documented search order.
  ///
  /// - Parameters:
  ///   - start: Where the upward walk begins; the current directory when nil.
  ///   - environment: The environment to read `FLOWBOOK_DATASETS` from.
  ///   - executablePath: The running program's path (argv[0] when nil).
  /// - Returns: The absolute URL of the directory.
  /// - Throws: `DatasetDirectoryError` naming what was tried.
  /// - Complexity: O(depth of the start and executable paths) file-system checks.
  public static func locate(
    from start: URL? = nil,
    environment: [String: String] = ProcessInfo.processInfo.environment,
    executablePath: String? = nil
  ) throws(DatasetDirectoryError) -> URL {
    let fileManager = FileManager.default
    let here = URL(fileURLWithPath: fileManager.currentDirectoryPath, isDirectory: true)
    if let override = environment[environmentVariable], !override.isEmpty {
      let url = URL(fileURLWithPath: override, relativeTo: here).standardizedFileURL
      guard isDirectory(url) else {
        throw .environmentNotADirectory(variable: environmentVariable, path: url.path)
      }
      return url
    }
    var searched: [String] = []
    let startDirectory = (start ?? here).standardizedFileURL
    searched.append(startDirectory.path)
    if let found = search(upwardFrom: startDirectory) { return found }
    let program = executablePath ?? ProcessInfo.processInfo.arguments.first
    if let program, !program.isEmpty {
      let executable = URL(fileURLWithPath: program, relativeTo: here)
        .standardizedFileURL.resolvingSymlinksInPath()
      let directory = executable.deletingLastPathComponent()
      let installed = directory.deletingLastPathComponent()
        .appendingPathComponent(installedRelativePath, isDirectory: true).standardizedFileURL
      searched.append(installed.path)
      if isDatasets(installed) { return installed }
      searched.append(directory.path)
      if let found = search(upwardFrom: directory) { return found }
    }
    throw .notFound(searched: searched)
  }

  /// Where `scripts/install PREFIX` puts the datasets, relative to PREFIX (the parent of
  /// the executable's `bin/`).
  public static let installedRelativePath = "share/flowbook/datasets"

  /// The nearest flowbook `datasets/` directory in `directory` or one of its ancestors.
  ///
  /// - Parameter directory: Where the walk starts.
  /// - Returns: The directory found, if any.
  /// - Complexity: O(depth of `directory`) file-system checks.
  public static func search(upwardFrom directory: URL) -> URL? {
    var current = directory.standardizedFileURL
    while true {
      let candidate = current.appendingPathComponent(directoryName, isDirectory: true)
      if isDatasets(candidate) { return candidate }
      let parent = current.deletingLastPathComponent().standardizedFileURL
      if parent.path == current.path { return nil }
      current = parent
    }
  }

  /// Whether `url` is a flowbook datasets directory: it holds the price and quota folders.
  private static func isDatasets(_ url: URL) -> Bool {
    isDirectory(url) && isDirectory(url.appendingPathComponent("pricing"))
      && isDirectory(url.appendingPathComponent("quotas"))
  }

  private static func isDirectory(_ url: URL) -> Bool {
    var isDirectory: ObjCBool = false
    return FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory)
      && isDirectory.boolValue
  }
}

/// Why `DatasetDirectory.locate` found nothing.
public enum DatasetDirectoryError: Error, Sendable, Hashable, CustomStringConvertible {
  /// The override variable is set but does not name a directory.
  case environmentNotADirectory(variable: String, path: String)
  /// No `datasets/` directory above any of the searched directories.
  case notFound(searched: [String])

  /// What went wrong and how to fix it.
  public var description: String {
    switch self {
    case .environmentNotADirectory(let variable, let path):
      return "\(variable) is set to '\(path)', which is not a directory; "
        + "point it at the repository's datasets/ folder or unset it"
    case .notFound(let searched):
      let list = searched.joined(separator: ", ")
      return "no datasets/ directory found above \(list); "
        + "install flowbook with scripts/install, run it inside the repository, or set "
        + DatasetDirectory.environmentVariable
    }
  }
}

extension DatasetDirectory {
  /// `directory` when given, else the located datasets folder, for loaders of the catalogs.
  ///
  /// - Parameters:
  ///   - directory: a `datasets/` directory, or nil to locate one.
  ///   - what: what was being loaded, for the error ("the availability catalog").
  /// - Returns: The directory's path.
  /// - Throws: a diagnostic saying that `what` was not found, and why.
  static func path(_ directory: String?, for what: String) throws(Diagnostic) -> String {
    if let directory { return directory }
    do {
      return try locate().path
    } catch {
      throw Diagnostic("\(what) not found: \(error.description)")
    }
  }
}
