import Foundation

/// The session's path model: the one being explored, the baseline it started from, and
/// why there is none if loading failed.
///
/// `set` changes `current` only; `reset` copies `baseline` back; `load` replaces both.
/// Keeping the baseline is what lets `diff` show every metric beside its starting value.
public struct ModelWorkspace: Sendable {
  public var current: PathModel?
  public var baseline: PathModel?
  /// Why no model is loaded (no datasets folder, or the default model has an error).
  public var unavailableReason: String?
  /// Where `load NAME` looks after the working directory.
  public var datasetsDirectory: String?

  public init(
    current: PathModel? = nil, datasetsDirectory: String? = nil,
    unavailableReason: String? = nil
  ) {
    self.current = current
    self.baseline = current
    self.datasetsDirectory = datasetsDirectory
    self.unavailableReason = unavailableReason
  }

  /// The file a new session loads from the datasets folder.
  public static let defaultModelFile = "golden-path.yaml"

  /// The workspace a new session starts with: the default model if it can be found
  /// (`DatasetDirectory`'s search: `$FLOWBOOK_DATASETS`, then up from the working
  /// directory, then up from the executable).
  ///
  /// Without it the session still evaluates
  /// expressions, and model commands say why there is no model.
  public static func startingDefault(
    workingDirectory: String,
    environment: [String: String] = ProcessInfo.processInfo.environment
  ) -> ModelWorkspace {
    let datasets: String
    do {
      datasets = try DatasetDirectory.locate(
        from: URL(fileURLWithPath: workingDirectory, isDirectory: true),
        environment: environment
      ).path
    } catch {
      return ModelWorkspace(unavailableReason: error.description)
    }
    let path = datasets + "/" + defaultModelFile
    do {
      let model = try ModelLoader.load(file: path, displayName: "datasets/" + defaultModelFile)
      return ModelWorkspace(current: model, datasetsDirectory: datasets)
    } catch {
      return ModelWorkspace(
        datasetsDirectory: datasets,
        unavailableReason: "the default model did not load: \(error.headline)")
    }
  }

  /// The current model, or a diagnostic saying that none is loaded and how to load one.
  public func requireModel() throws(Diagnostic) -> PathModel {
    guard let current else {
      throw Diagnostic(
        "no model is loaded; use load FILE (e.g. load datasets/golden-path.yaml)",
        notes: unavailableReason.map { [$0] } ?? [])
    }
    return current
  }

  /// The baseline, which exists whenever a model does.
  public func requireBaseline() throws(Diagnostic) -> PathModel {
    guard let baseline else { return try requireModel() }
    return baseline
  }
}
