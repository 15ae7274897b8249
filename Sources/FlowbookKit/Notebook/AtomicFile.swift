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
  /// - Parameters:
  ///   - contents: The file's new contents.
  ///   - path: Where to write.
  ///   - resolved: `path` is a real, symlink-free absolute path that a sandbox has checked;
  ///     the write then happens only in that very folder (see `write(_:to:resolved:)`).
  /// - Throws: `AtomicFileError` naming the step that failed; the target is then untouched.
  public static func write(_ contents: String, to path: String, resolved: Bool = false)
    throws(AtomicFileError)
  {
    try write(Array(contents.utf8), to: path, resolved: resolved)
  }

  /// Replaces (or creates) the file at `path` with `bytes`.
  ///
  /// The folder is opened once and every later step (create, rename, flush) names it by
  /// that descriptor, so a folder swapped for a symbolic link after the path was checked
  /// cannot redirect the write. With `resolved`, the opened folder must still be the one
  /// the path names (on Linux, read back from `/proc/self/fd`), or nothing is written.
  /// - Parameters:
  ///   - bytes: The file's new contents.
  ///   - path: Where to write.
  ///   - resolved: `path` is a real path a sandbox checked; a different folder is refused.
  /// - Throws: `AtomicFileError` naming the step that failed; the target is then untouched.
  public static func write(_ bytes: [UInt8], to path: String, resolved: Bool = false)
    throws(AtomicFileError)
  {
    let directory = (path as NSString).deletingLastPathComponent
    let folder = directory.isEmpty ? "." : directory
    let name = (path as NSString).lastPathComponent
    let folderDescriptor = open(
      folder, O_RDONLY | O_DIRECTORY | O_CLOEXEC | (resolved ? O_NOFOLLOW : 0))
    guard folderDescriptor >= 0 else {
      throw AtomicFileError(path: path, step: "open its folder")
    }
    defer { _ = close(folderDescriptor) }
    if resolved, let opened = openedPath(folderDescriptor), opened != folder {
      throw AtomicFileError(
        path: path, step: "write into \(folder)",
        reason: "the folder now resolves to \(opened); it was moved or replaced")
    }
    let temporary = ".\(name).tmp-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
    let descriptor = openat(
      folderDescriptor, temporary, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0o644)
    guard descriptor >= 0 else {
      throw AtomicFileError(path: path, step: "create a temporary file")
    }
    var info = stat()
    if fstatat(folderDescriptor, name, &info, 0) == 0 {
      _ = fchmod(descriptor, info.st_mode & 0o7777)
    }
    var written = 0
    while written < bytes.count {
      let result = bytes.withUnsafeBytes { buffer in
        systemWrite(descriptor, buffer.baseAddress.map { $0 + written }, bytes.count - written)
      }
      if result < 0 && errno == EINTR { continue }
      guard result > 0 else {
        let failure = AtomicFileError(path: path, step: "write")
        _ = close(descriptor)
        _ = unlinkat(folderDescriptor, temporary, 0)
        throw failure
      }
      written += result
    }
    guard fsync(descriptor) == 0, close(descriptor) == 0 else {
      let failure = AtomicFileError(path: path, step: "flush to disk")
      _ = unlinkat(folderDescriptor, temporary, 0)
      throw failure
    }
    guard renameat(folderDescriptor, temporary, folderDescriptor, name) == 0 else {
      let failure = AtomicFileError(path: path, step: "rename into place")
      _ = unlinkat(folderDescriptor, temporary, 0)
      throw failure
    }
    _ = fsync(folderDescriptor)
  }

  /// The path an open folder has now, where the system can tell (Linux), else nil.
  static func openedPath(_ descriptor: Int32) -> String? {
    #if os(Linux)
    var buffer = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
    let count = readlink("/proc/self/fd/\(descriptor)", &buffer, buffer.count - 1)
    guard count > 0 else { return nil }
    return String(decoding: buffer[0..<count].map { UInt8(bitPattern: $0) }, as: UTF8.self)
    #else
    return nil
    #endif
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

  init(path: String, step: String, reason: String? = nil) {
    self.path = path
    self.step = step
    self.reason = reason ?? String(cString: strerror(errno))
  }

  public var diagnostic: Diagnostic {
    Diagnostic("cannot write \(path): could not \(step) (\(reason))")
  }
}
