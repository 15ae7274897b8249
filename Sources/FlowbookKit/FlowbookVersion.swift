import Foundation

/// The flowbook version, recorded in notebooks for provenance.
public enum FlowbookVersion {
  /// The release, as `flowbook --version` and a notebook's header give it.
  public static let current = "0.1.0"

  /// What `flowbook --version` prints: the version, then where the datasets were found
  /// and how recent their prices and quotas are, so that a bug report says which data
  /// an answer came from.
  ///
  /// - Parameter environment: The environment `FLOWBOOK_DATASETS` is read from.
  /// - Returns: Two or three lines, without a trailing newline.
  public static func banner(
    environment: [String: String] = ProcessInfo.processInfo.environment
  ) -> String {
    let datasets: URL
    do {
      datasets = try DatasetDirectory.locate(environment: environment)
    } catch {
      return "flowbook \(current)\ndatasets: none found (\(error.description))"
    }
    var lines = ["flowbook \(current)", "datasets: \(datasets.path)"]
    var dates: [String] = []
    if let prices = try? PriceCatalog.load(datasets: datasets),
      let newest = prices.entries.map(\.provenance.asOf).max()
    {
      dates.append("prices as of \(newest) (\(prices.region), \(prices.entries.count) entries)")
    }
    if let quotas = try? QuotaCatalog.load(datasets: datasets),
      let newest = quotas.entries.map(\.provenance.asOf).max()
    {
      dates.append("quotas as of \(newest) (\(quotas.entries.count) entries)")
    }
    if !dates.isEmpty { lines.append(dates.joined(separator: "; ")) }
    return lines.joined(separator: "\n")
  }
}
