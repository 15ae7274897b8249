import Foundation

/// Finds the `datasets/` folder: `$FLOWBOOK_DATASETS` if set, else the nearest `datasets/`
/// in the working directory or one of its ancestors.
///
/// Walking up lets the shell, the tests (run from the package root) and a notebook in a
/// subfolder all find the same default model without configuration; the variable lets an
/// installed binary point at a copy elsewhere. The pricing and quota tables use the same
/// convention.
public enum DatasetLocator {
  public static let environmentVariable = "FLOWBOOK_DATASETS"
  public static let defaultModelFile = "golden-path.yaml"

  /// The datasets directory, or nil when there is none.
  /// - Complexity: O(depth of `directory`) file-system checks.
  public static func directory(
    startingAt directory: String,
    environment: [String: String] = ProcessInfo.processInfo.environment
  ) -> String? {
    if let configured = environment[environmentVariable], !configured.isEmpty {
      return isDirectory(configured) ? configured : nil
    }
    var current = URL(fileURLWithPath: directory).standardizedFileURL
    while true {
      let candidate = current.appendingPathComponent("datasets").path
      if isDirectory(candidate) { return candidate }
      let parent = current.deletingLastPathComponent()
      if parent.path == current.path { return nil }
      current = parent
    }
  }

  private static func isDirectory(_ path: String) -> Bool {
    var flag: ObjCBool = false
    return FileManager.default.fileExists(atPath: path, isDirectory: &flag) && flag.boolValue
  }
}
