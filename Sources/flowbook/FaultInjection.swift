import Foundation

/// A crash on demand, for testing that a crash during recovery does not become a crash loop.
///
/// Debug builds only (`FLOWBOOK_INTERNAL_CHECKS`): with `FLOWBOOK_FAULT_INJECT=trap:TEXT`
/// in the environment, running the command `TEXT` (typed, piped or re-run by recovery)
/// traps as a bug would. Release builds compile `check` to nothing.
enum FaultInjection {
  /// Traps if the environment asks for a fault on `command`.
  /// - Parameter command: the command about to run.
  static func check(_ command: String) {
    #if FLOWBOOK_INTERNAL_CHECKS
    let request = ProcessInfo.processInfo.environment["FLOWBOOK_FAULT_INJECT"] ?? ""
    if request.hasPrefix("trap:") && request.dropFirst("trap:".count) == command {
      fatalError("fault injected (FLOWBOOK_FAULT_INJECT) on: \(command)")
    }
    #endif
  }
}
