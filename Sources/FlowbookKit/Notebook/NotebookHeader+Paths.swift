import Foundation

extension NotebookHeader {
  /// How a header names the files a notebook read, so that a notebook copied to any
  /// folder, on any machine, still finds them and still checks their hashes.
  ///
  /// A file in flowbook's datasets folder is named by its place in that folder,
  /// `@datasets/serverless-burst.yaml`, and found again in whichever datasets folder the
  /// replaying flowbook uses (a checkout's, or an installation's `share/flowbook`). Any
  /// other file is named relative to the notebook's folder, never by an absolute path, so
  /// a notebook and the files beside it can move together.
  enum FileName {
    /// The prefix that names a file by its place in the datasets folder.
    static let datasetsPrefix = "@datasets/"

    /// The header's name for `absolute`.
    ///
    /// - Parameters:
    ///   - absolute: A canonical absolute path.
    ///   - folder: The notebook's folder (canonical).
    ///   - datasets: The datasets folder in use, if any.
    /// - Returns: `@datasets/…` for a file inside `datasets`, else a relative path.
    static func name(of absolute: String, folder: String, datasets: String?) -> String {
      if let datasets {
        let root = PathResolver.canonical(datasets, relativeTo: folder)
        if PathResolver.isInside(absolute, directory: root), absolute != root {
          return datasetsPrefix + absolute.dropFirst(root.count + 1)
        }
      }
      return PathResolver.relative(absolute, from: folder)
    }

    /// The absolute path a header's `name` stands for.
    ///
    /// - Parameters:
    ///   - name: A path from the header.
    ///   - folder: The notebook's folder (canonical).
    ///   - datasets: The datasets folder in use, if any.
    /// - Returns: The canonical path, or nil for an `@datasets/` name when no datasets
    ///   folder is known (the file then counts as missing).
    static func path(of name: String, folder: String, datasets: String?) -> String? {
      guard name.hasPrefix(datasetsPrefix) else {
        return PathResolver.canonical(name, relativeTo: folder)
      }
      guard let datasets else { return nil }
      let inside = String(name.dropFirst(datasetsPrefix.count))
      let root = PathResolver.canonical(datasets, relativeTo: folder)
      let resolved = PathResolver.canonical(inside, relativeTo: root)
      // `@datasets/../x` must not name a file outside the datasets folder.
      return PathResolver.isInside(resolved, directory: root) ? resolved : nil
    }
  }
}
