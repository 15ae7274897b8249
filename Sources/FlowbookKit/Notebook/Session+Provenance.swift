import Foundation

extension Session {
  /// Files the session's results depend on without a command having named them: the
  /// default model (unless a `load` replaced it) and the price, quota and availability
  /// catalogs, as
  /// absolute paths.
  ///
  /// A notebook lists their hashes so that replay can say *why* an output drifted ("the
  /// price file changed since the notebook was recorded"). The header names them by their
  /// place in the datasets folder (`@datasets/pricing/aws-us-east-1.yaml`), which means the
  /// same file in a checkout and in an installation, so they are listed wherever the
  /// datasets were found.
  var implicitInputs: [String] {
    guard let datasets = workspace.datasetsDirectory else { return [] }
    var names = [
      PriceCatalog.defaultRelativePath, QuotaCatalog.defaultRelativePath,
      AvailabilityCatalog.defaultRelativePath,
    ]
    if notebook.modelFile == nil { names.insert(ModelWorkspace.defaultModelFile, at: 0) }
    return names.map { PathResolver.canonical($0, relativeTo: datasets) }.filter {
      FileManager.default.fileExists(atPath: $0)
    }
  }

  /// The model file a notebook names: the one loaded, else the default (when listed).
  var provenanceModelFile: String? {
    if let loaded = notebook.modelFile { return loaded }
    let implicit = implicitInputs
    return implicit.first { $0.hasSuffix("/" + ModelWorkspace.defaultModelFile) }
  }

  /// Every file a saved notebook hashes: those read on request, then the implicit ones,
  /// each once (compared in canonical form: a link and its target are one file).
  var provenanceInputs: [String] {
    var seen = Set<String>()
    let folder = FileManager.default.currentDirectoryPath
    return (notebook.inputs + implicitInputs).filter {
      seen.insert(PathResolver.canonical($0, relativeTo: folder)).inserted
    }
  }
}
