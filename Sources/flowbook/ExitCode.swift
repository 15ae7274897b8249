import ArgumentParser

/// flowbook's exit codes, after sysexits(3), listed in README.
enum FlowbookExit {
  static let ok = ExitCode(0)
  /// `replay --check` found drift, or an expectation broke (replay, -e, run, piped input).
  static let drift = ExitCode(1)
  /// Bad command-line usage (ArgumentParser's validation failures use this too).
  static let usage = ExitCode(64)
  /// Bad input: a command, script or notebook with an error.
  static let badInput = ExitCode(65)
  /// A bug in flowbook.
  static let internalError = ExitCode(70)
  /// A file, or the output, could not be read or written.
  static let ioError = ExitCode(74)
}
