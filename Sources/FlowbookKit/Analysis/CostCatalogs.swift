import Foundation

/// The price and quota catalogs the cost and capacity analyses read, loaded once per
/// `datasets/` directory.
///
/// Why a cache: an analysis in the registry is a function of the model alone, and `sweep`
/// or `diff` run it many times; parsing the 1,300-line price file each time would cost more
/// than the analysis. The directory is found as the session finds its models
/// (`DatasetDirectory.locate`: `$FLOWBOOK_DATASETS`, then up from the working directory,
/// then up from the executable), so the shell, notebooks and tests read the same files.
public enum CostCatalogs {
  /// Both catalogs of one `datasets/` directory.
  public struct Loaded: Sendable {
    public var prices: PriceCatalog
    public var quotas: QuotaCatalog
    /// The directory they came from.
    public var directory: String
  }

  private static let cache = CatalogCache()

  /// The catalogs under `directory`, or under the located `datasets/` when nil.
  /// - Throws: a diagnostic saying which file failed and why, or that no datasets folder
  ///   was found.
  public static func load(directory: String? = nil) throws(Diagnostic) -> Loaded {
    try cache.loaded(at: DatasetDirectory.path(directory, for: "the price and quota catalogs"))
  }
}

/// Catalogs by directory, behind a lock (sweeps evaluate points on all cores).
private final class CatalogCache: @unchecked Sendable {
  private let lock = NSLock()
  private var loaded: [String: CostCatalogs.Loaded] = [:]

  func loaded(at path: String) throws(Diagnostic) -> CostCatalogs.Loaded {
    lock.lock()
    defer { lock.unlock() }
    if let hit = loaded[path] { return hit }
    let url = URL(fileURLWithPath: path, isDirectory: true)
    do {
      let catalogs = CostCatalogs.Loaded(
        prices: try PriceCatalog.load(datasets: url), quotas: try QuotaCatalog.load(datasets: url),
        directory: path)
      loaded[path] = catalogs
      return catalogs
    } catch {
      throw Diagnostic(
        "the price or quota catalog under \(path) did not load",
        notes: [error.description])
    }
  }
}
