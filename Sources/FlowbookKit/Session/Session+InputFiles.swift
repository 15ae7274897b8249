import Foundation

extension Session {
  /// The first existing file among NAME (from the working directory) and NAME under the
  /// datasets folder (`datasets/telemetry/day.json` is also looked for there), for
  /// commands that read data files shipped with flowbook.
  ///
  /// Why: a notebook in `notebooks/` names `datasets/templates/…` as a reader in the
  /// checkout's root would; in an installation the datasets are elsewhere. The sandbox still
  /// decides whether the file found may be read.
  /// - Parameter name: the name as typed.
  /// - Returns: The path, or nil when none exists.
  public func inputFile(_ name: String) -> String? {
    guard !name.isEmpty, !name.utf8.contains(0) else { return nil }
    var candidates = [name.hasPrefix("/") ? name : environment.workingDirectory + "/" + name]
    if let datasets = workspace.datasetsDirectory, !name.hasPrefix("/") {
      candidates.append(datasets + "/" + name)
      if name.hasPrefix("datasets/") { candidates.append(datasets + "/" + name.dropFirst(9)) }
    }
    return candidates.first { FileManager.default.fileExists(atPath: $0) }
  }
}
