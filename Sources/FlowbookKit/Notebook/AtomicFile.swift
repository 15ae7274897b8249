import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Writes a file so that a crash at any moment leaves either the old contents or the new,
/// never a torn mixture: write a temporary file in the same directory, flush it to disk,
/// rename it over the target, then flush the directory entry.
///
/// Why the same directory: `rename(2)` is atomic only within one file system. Why `fsync`
/// twice: without the first, the rename can reach the disk before the data; without the
/// second, the rename itself can be lost on power failure. The permissions of a file being
/// replaced are kept, so saving over a shared notebook does not change who may read it.
public enum AtomicFile {
  /// Replaces (or creates) the file at `path` with `contents`.
  /// - Throws: `AtomicFileError` naming the step that failed; the target is then untouched.
  public static func write(_ contents: String, to path: String) throws(AtomicFileError) {
    try write(Array(contents.utf8), to: path)
  }

  /// Replaces (or creates) the file at `path` with `bytes`.
  public static func write(_ bytes: [UInt8], to path: String) throws(AtomicFileError) {
    let directory = (path as NSString).deletingLastPathComponent
    let name = (path as NSString).lastPathComponent
    let temporary =
      (directory.isEmpty ? "." : directory)
      + "/.\(name).tmp-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
    let descriptor = open(temporary, O_WRONLY | O_CREAT | O_EXCL, 0o644)
    guard descriptor >= 0 else {
      throw AtomicFileError(path: path, step: "create a temporary file")
    }
    var info = stat()
    if stat(path, &info) == 0 { _ = fchmod(descriptor, info.st_mode & 0o7777) }
    var written = 0
    while written < bytes.count {
      let result = bytes.withUnsafeBytes { buffer in
        systemWrite(descriptor, buffer.baseAddress.map { $0 + written }, bytes.count - written)
      }
      guard result > 0 else {
        _ = close(descriptor)
        _ = unlink(temporary)
        throw AtomicFileError(path: path, step: "write")
      }
      written += result
    }
    guard fsync(descriptor) == 0, close(descriptor) == 0 else {
      _ = unlink(temporary)
      throw AtomicFileError(path: path, step: "flush to disk")
    }
    guard rename(temporary, path) == 0 else {
      _ = unlink(temporary)
      throw AtomicFileError(path: path, step: "rename into place")
    }
    syncDirectory(directory.isEmpty ? "." : directory)
  }

  /// Flushes a directory's entries, so a rename or unlink in it survives a power cut.
  static func syncDirectory(_ directory: String) {
    let descriptor = open(directory, O_RDONLY)
    guard descriptor >= 0 else { return }
    _ = fsync(descriptor)
    _ = close(descriptor)
  }
}

/// `write(2)`, named apart from `AtomicFile.write`, which would otherwise shadow it.
private func systemWrite(_ descriptor: Int32, _ bytes: UnsafeRawPointer?, _ count: Int) -> Int {
  #if canImport(Glibc)
  Glibc.write(descriptor, bytes, count)
  #else
  Darwin.write(descriptor, bytes, count)
  #endif
}

/// A file that could not be written, with the step that failed and the system's reason.
public struct AtomicFileError: Error, DiagnosticConvertible, Sendable {
  public var path: String
  public var step: String
  public var reason: String

  init(path: String, step: String) {
    self.path = path
    self.step = step
    self.reason = String(cString: strerror(errno))
  }

  public var diagnostic: Diagnostic {
    Diagnostic("cannot write \(path): could not \(step) (\(reason))")
  }
}
