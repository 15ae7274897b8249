import Quantities

/// The circuit breaker's settings as model parameters of the workload, read by both
/// `failover dependency` and `simulate`.
///
/// `workload.breaker_threshold` (share of the window that failed), `breaker_window`
/// (calls), `breaker_open_time`, `breaker_probe_interval` and `breaker_successes` (probes
/// in a row to close); each one the model leaves out is the golden-path seed's (lines
/// 139–143: 50 % over 10 calls, 30 s open, a probe every 30 s, 5 successes).
///
/// How the half-open state is read: when the open time is over the breaker lets one
/// probe call through and fails every other call fast; after a successful probe the next
/// one may go `breaker_probe_interval` later ("single request every 30 seconds"); a failed
/// probe opens the breaker again for `breaker_open_time`; `breaker_successes` successful
/// probes in a row close it. Read literally, a recovered dependency is therefore still
/// refused for (successes − 1) × probe interval after the first good probe.
extension CircuitBreakerSettings {
  /// The workload parameters, with what each sets.
  static let parameters: [(name: String, meaning: String)] = [
    ("breaker_threshold", "share of the window's calls that must fail to open"),
    ("breaker_window", "calls the breaker judges (1 to 64)"),
    ("breaker_open_time", "how long an open breaker fails calls fast"),
    ("breaker_probe_interval", "time between half-open probes after a good one"),
    ("breaker_successes", "successful probes in a row that close the breaker"),
  ]

  /// The settings `model`'s workload gives, the seed's where it gives none.
  ///
  /// - Parameter model: the path model whose `workload.breaker_*` parameters are read.
  /// - Throws: a diagnostic naming a parameter outside its range.
  public init(model: PathModel) throws(Diagnostic) {
    self.init()
    let workload = model.workload
    func value(_ name: String) -> Double? { workload[name]?.quantity?.value }
    func whole(_ name: String, _ range: ClosedRange<Int>) throws(Diagnostic) -> Int? {
      guard let given = value(name) else { return nil }
      guard given.isFinite, given == given.rounded(), given >= Double(range.lowerBound),
        given <= Double(range.upperBound)
      else {
        throw Diagnostic(
          "workload.\(name) must be a whole number from \(range.lowerBound) to "
            + "\(range.upperBound), not \(Quantity.formatNumber(given))")
      }
      return Int(given)
    }
    func time(_ name: String) throws(Diagnostic) -> Double? {
      guard let given = value(name) else { return nil }
      guard given.isFinite, given >= 0.001, given <= 86_400 else {
        throw Diagnostic("workload.\(name) must be from 1 ms to 1 day")
      }
      return given
    }
    if let threshold = value("breaker_threshold") {
      guard threshold.isFinite, threshold > 0, threshold <= 1 else {
        throw Diagnostic("workload.breaker_threshold must be above 0% and at most 100%")
      }
      errorThreshold = threshold
    }
    window = try whole("breaker_window", 1...64) ?? window
    openDuration = try time("breaker_open_time") ?? openDuration
    probeInterval = try time("breaker_probe_interval") ?? probeInterval
    successesToClose = try whole("breaker_successes", 1...1_000) ?? successesToClose
  }

  /// One line saying what the settings are and where they came from.
  ///
  /// - Parameter model: the model the settings were read from (for the provenance).
  /// - Returns: `circuit breaker: 50% errors over 10 calls, …`.
  func summary(_ model: PathModel) -> String {
    let given = Self.parameters.map(\.name).filter { model.workload[$0] != nil }
    let origin =
      given.isEmpty
      ? "the seed's (lines 139-143)"
      : "workload." + given.joined(separator: ", workload.") + "; the rest the seed's"
    return "circuit breaker: \(Quantity.formatNumber(errorThreshold * 100))% errors over "
      + "\(window) calls, \(Quantity.formatNumber(openDuration)) s open, a probe every "
      + "\(Quantity.formatNumber(probeInterval)) s, \(successesToClose) successes to close ("
      + origin + ")"
  }
}
