import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// An append-only log of the commands a shell runs, written and flushed to disk *before*
/// each command runs, so a shell killed at any moment (kill -9, a crash, a closed laptop)
/// loses nothing that was typed.
///
/// One file per shell process, `journal-<start>-<pid>.log` under
/// `$XDG_STATE_HOME/flowbook/journal/`. A clean exit removes it; a journal whose process
/// is gone is what the next shell recovers (`Journal.abandoned(in:)`). The format is
/// text, so a person can read it too; each command is one line, escaped so that line
/// breaks inside it cannot split or merge lines (`Journal+Encoding.swift`):
///
///     # flowbook journal 2
///     # pid 4242
///     # started 2024-05-01T12:03:04Z
///     # dir /home/sre/incident
///     # seed 1
///     2024-05-01T12:03:09Z let peak = 2.5M rps
///     2024-05-01T12:03:15Z peak * 45 ms
///     2024-05-01T12:03:20Z simulate 3600 s rate 2.5M rps
///     # interrupted
public final class Journal {
  public let path: String
  private var descriptor: Int32

  /// `$XDG_STATE_HOME/flowbook/journal`, or `~/.local/state/flowbook/journal`.
  public static func defaultDirectory(environment: [String: String]) -> String? {
    if let state = environment["XDG_STATE_HOME"], !state.isEmpty {
      return state + "/flowbook/journal"
    }
    guard let home = environment["HOME"], !home.isEmpty else { return nil }
    return home + "/.local/state/flowbook/journal"
  }

  /// Creates this process's journal and writes its header.
  /// - Throws: `AtomicFileError` when the directory or file cannot be created.
  public init(
    directory: String, processID: Int32 = getpid(), started: Date = Date(),
    workingDirectory: String, seed: UInt64
  ) throws(AtomicFileError) {
    try? FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
    let stamp = NotebookRecording.stamp(started)
    let compact = stamp.filter { $0 != ":" && $0 != "-" }
    let name = "journal-\(compact)-\(processID).log"
    path = directory + "/" + name
    descriptor = open(path, O_WRONLY | O_CREAT | O_APPEND | O_TRUNC, 0o600)
    guard descriptor >= 0 else { throw AtomicFileError(path: path, step: "create the journal") }
    let header =
      "# flowbook journal \(Self.format)\n# pid \(processID)\n# started \(stamp)\n"
      + "# dir \(workingDirectory)\n# seed \(seed)\n"
    try append(raw: header)
    AtomicFile.syncDirectory(directory)
  }

  deinit {
    if descriptor >= 0 { _ = close(descriptor) }
  }

  /// Appends a command and flushes it to disk; call before running the command.
  /// - Parameters:
  ///   - command: the command as typed; any text, line breaks included, reads back exactly.
  ///   - date: when it was entered.
  /// - Throws: `AtomicFileError` when it cannot be written and flushed.
  public func record(_ command: String, at date: Date = Date()) throws(AtomicFileError) {
    try append(raw: NotebookRecording.stamp(date) + " " + Self.encodeLine(command) + "\n")
  }

  /// Notes that the last command was interrupted (Ctrl-C): it had no result, so recovery
  /// leaves it out rather than running it again.
  public func recordInterruption() throws(AtomicFileError) {
    try append(raw: "# interrupted\n")
  }

  /// Closes the journal and, after a clean exit, removes it.
  public func finish(removing: Bool = true) {
    guard descriptor >= 0 else { return }
    _ = close(descriptor)
    descriptor = -1
    if removing { _ = unlink(path) }
  }

  private func append(raw text: String) throws(AtomicFileError) {
    let bytes = Array(text.utf8)
    var written = 0
    while written < bytes.count {
      let result = bytes.withUnsafeBytes { buffer in
        journalWrite(descriptor, buffer.baseAddress.map { $0 + written }, bytes.count - written)
      }
      guard result > 0 else { throw AtomicFileError(path: path, step: "append to the journal") }
      written += result
    }
    guard fsync(descriptor) == 0 else {
      throw AtomicFileError(path: path, step: "flush the journal to disk")
    }
  }
}

// MARK: - Recovery

extension Journal {
  /// What a journal left by a dead shell holds.
  public struct Recovered: Sendable {
    public var path: String
    public var processID: Int32
    public var started: String
    public var workingDirectory: String
    public var seed: UInt64
    /// Each command with the time it was entered.
    public var commands: [(stamp: String, command: String)]
  }

  /// Journals in `directory` whose shell is no longer running, oldest first; also those
  /// a recovering shell claimed (`.recovering-<pid>`) and then died before finishing.
  public static func abandoned(in directory: String) -> [String] {
    let names = (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []
    return names.filter { $0.hasPrefix("journal-") }.sorted().compactMap { name in
      let pieces = name.components(separatedBy: ".log")
      guard pieces.count == 2 else { return nil }
      let parts = pieces[0].split(separator: "-")
      guard parts.count == 3, let pid = Int32(parts[2]), !isRunning(pid) else { return nil }
      if pieces[1].isEmpty { return directory + "/" + name }
      guard pieces[1].hasPrefix(".recovering-"),
        let claimant = Int32(pieces[1].dropFirst(".recovering-".count)), !isRunning(claimant)
      else { return nil }
      return directory + "/" + name
    }
  }

  /// Whether a process exists (signal 0 checks without sending anything).
  static func isRunning(_ pid: Int32) -> Bool {
    if pid == getpid() { return true }
    return kill(pid, 0) == 0 || errno == EPERM
  }

  /// Reads a journal, dropping a torn last line (the kill came mid-write).
  ///
  /// Lines are split at LF bytes only: a CR before the LF must not join them into one
  /// "\r\n" character. Format 2 commands are decoded; format 1 ones are taken as written.
  /// - Parameter path: the journal file.
  /// - Returns: Its header and commands, or nil when it cannot be read.
  public static func read(_ path: String) -> Recovered? {
    guard let data = FileManager.default.contents(atPath: path) else { return nil }
    var recovered = Recovered(
      path: path, processID: 0, started: "", workingDirectory: "",
      seed: 1, commands: [])
    var lines = data.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: true)
    if data.last != UInt8(ascii: "\n") && !lines.isEmpty { lines.removeLast() }
    var encoded = false
    for bytes in lines {
      let line = String(decoding: bytes, as: UTF8.self)
      if line == "# interrupted" {
        if !recovered.commands.isEmpty { recovered.commands.removeLast() }
      } else if line.hasPrefix("# flowbook journal ") {
        encoded = (Int(line.dropFirst("# flowbook journal ".count)) ?? 1) >= 2
      } else if line.hasPrefix("# ") {
        recovered.readHeader(String(line.dropFirst(2)))
      } else if let space = bytes.firstIndex(of: UInt8(ascii: " ")) {
        // Split at the byte: a command opening with a combining mark would join the space
        // into one Character with it.
        let stamp = String(decoding: bytes[..<space], as: UTF8.self)
        let text = String(decoding: bytes[(space + 1)...], as: UTF8.self)
        let command = encoded ? decodeLine(text[...]) : text
        recovered.commands.append((stamp, command))
      }
    }
    return recovered
  }
}

extension Journal.Recovered {
  fileprivate mutating func readHeader(_ line: String) {
    guard let space = line.firstIndex(of: " ") else { return }
    let value = String(line[line.index(after: space)...])
    switch line[..<space] {
    case "pid": processID = Int32(value) ?? 0
    case "started": started = value
    case "dir": workingDirectory = value
    case "seed": seed = UInt64(value) ?? 1
    default: break
    }
  }
}

/// `write(2)`, named apart from members called `write`.
private func journalWrite(_ descriptor: Int32, _ bytes: UnsafeRawPointer?, _ count: Int) -> Int {
  #if canImport(Glibc)
  Glibc.write(descriptor, bytes, count)
  #else
  Darwin.write(descriptor, bytes, count)
  #endif
}
