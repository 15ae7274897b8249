import FlowbookKit
import Foundation
import Synchronization

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Writes to stdout and stderr with `write(2)`, checking every result.
///
/// Text is passed through `TerminalSafeText` unless the caller says it is already safe
/// (rendered with colour codes of our own): messages quote notebook headers, file names
/// and recorded outputs, which may hold escape sequences.
///
/// `FileHandle.write(_:)` traps when a write fails, so a full disk (`> /dev/full`) or a
/// closed pipe crashed flowbook. Here a closed pipe (`| head -1`, EPIPE; SIGPIPE is
/// ignored so the error arrives as a result) ends the process quietly with 0, as ripgrep
/// does: the reader has what it wanted. Any other failure to write stdout ends it with 74
/// and says why on stderr. A failure to write stderr is ignored: there is nowhere left to
/// say it.
enum Output {
  /// Work to do before a closed pipe ends the process.
  ///
  /// The shell removes its journal there: the exit is a clean one. Another output failure
  /// keeps the journal, so the next start recovers the outputs nobody saw.
  static let beforeQuietExit = Mutex<(@Sendable () -> Void)?>(nil)

  /// Makes a closed pipe an EPIPE result rather than a signal that kills the process.
  static func ignoreBrokenPipes() {
    _ = signal(SIGPIPE, SIG_IGN)
  }

  /// Writes `text` and a newline to stdout, sanitised for a terminal.
  /// - Parameter text: one or more lines.
  static func standard(_ text: String) {
    standard(text, safe: false)
  }

  /// Writes `text` and a newline to stdout.
  /// - Parameters:
  ///   - text: one or more lines.
  ///   - safe: whether `text` is already safe for a terminal (else it is sanitised).
  static func standard(_ text: String, safe: Bool) {
    standardRaw(text + "\n", safe: safe)
  }

  /// Writes `text` to stdout; ends the process if stdout cannot be written.
  /// - Parameters:
  ///   - text: what to write.
  ///   - safe: whether `text` is already safe for a terminal (else it is sanitised).
  static func standardRaw(_ text: String, safe: Bool) {
    let shown = safe ? text : TerminalSafeText.sanitised(text)
    let failure = writeAll(Array(shown.utf8), to: STDOUT_FILENO)
    guard failure != 0 else { return }
    if failure == EPIPE {
      beforeQuietExit.withLock { $0?() }
      exit(FlowbookExit.ok.rawValue)
    }
    error("error: cannot write the output: \(String(cString: strerror(failure)))")
    exit(FlowbookExit.ioError.rawValue)
  }

  /// Writes `text` and a newline to stderr, sanitised for a terminal.
  /// - Parameter text: one or more lines.
  static func error(_ text: String) {
    error(text, safe: false)
  }

  /// Writes `text` and a newline to stderr.
  /// - Parameters:
  ///   - text: one or more lines.
  ///   - safe: whether `text` is already safe for a terminal (else it is sanitised).
  static func error(_ text: String, safe: Bool) {
    errorRaw(text + "\n", safe: safe)
  }

  /// Writes `text` to stderr (a progress line), ignoring failure.
  /// - Parameters:
  ///   - text: what to write.
  ///   - safe: whether `text` is already safe for a terminal (else it is sanitised).
  static func errorRaw(_ text: String, safe: Bool) {
    let shown = safe ? text : TerminalSafeText.sanitised(text)
    _ = writeAll(Array(shown.utf8), to: STDERR_FILENO)
  }

  /// Writes every byte, retrying short and interrupted writes.
  /// - Returns: 0, or the `errno` of the write that failed.
  private static func writeAll(_ bytes: [UInt8], to descriptor: Int32) -> Int32 {
    var written = 0
    while written < bytes.count {
      let result = bytes.withUnsafeBytes { buffer in
        outputWrite(descriptor, buffer.baseAddress.map { $0 + written }, bytes.count - written)
      }
      if result < 0 && errno == EINTR { continue }
      guard result > 0 else { return result < 0 ? errno : EIO }
      written += result
    }
    return 0
  }
}

/// `write(2)`, named apart from members called `write`.
private func outputWrite(_ descriptor: Int32, _ bytes: UnsafeRawPointer?, _ count: Int) -> Int {
  #if canImport(Glibc)
  Glibc.write(descriptor, bytes, count)
  #else
  Darwin.write(descriptor, bytes, count)
  #endif
}
