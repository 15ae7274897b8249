import Foundation
import Testing

/// Output that cannot be written ends flowbook with a message and 74, never a trap; a
/// reader that closed the pipe ends it quietly.

/// Runs the binary with stdout sent to `output`; returns its exit, stderr and how it ended.
private func run(
  _ arguments: [String], input: String = "", stdout output: Any, state: String
) throws -> (status: Int32, reason: Process.TerminationReason, stderr: String) {
  let process = Process()
  process.executableURL = URL(fileURLWithPath: BinaryRunner.binaryPath)
  process.arguments = arguments
  process.currentDirectoryURL = URL(fileURLWithPath: BinaryRunner.repositoryRoot)
  var environment = ProcessInfo.processInfo.environment
  environment["XDG_STATE_HOME"] = state
  process.environment = environment
  let stdin = Pipe()
  let stderr = Pipe()
  process.standardInput = stdin
  process.standardOutput = output
  process.standardError = stderr
  try process.run()
  stdin.fileHandleForWriting.write(Data(input.utf8))
  try stdin.fileHandleForWriting.close()
  let err = stderr.fileHandleForReading.readDataToEndOfFile()
  process.waitUntilExit()
  return (
    process.terminationStatus, process.terminationReason, String(decoding: err, as: UTF8.self)
  )
}

private func freshState(_ name: String) throws -> String {
  let state =
    FileManager.default.temporaryDirectory.path
    + "/fb-output-\(name)-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
  try? FileManager.default.removeItem(atPath: state)
  try FileManager.default.createDirectory(atPath: state, withIntermediateDirectories: true)
  return state
}

/// A script of one command that prints, for `flowbook run`.
private let script: String = {
  let path = FileManager.default.temporaryDirectory.path + "/fb-output-\(getpid()).fb"
  _ = FileManager.default.createFile(atPath: path, contents: Data("2.5M rps * 45 ms\n".utf8))
  return path
}()

/// A pipe whose reading end is already closed: every write to it fails with EPIPE.
private func closedPipe() throws -> Pipe {
  let pipe = Pipe()
  try pipe.fileHandleForReading.close()
  return pipe
}

@Test(arguments: [
  ["-e", "latency"], ["-e", "2.5M rps * 45 ms"], ["run", script], [], ["--help"], ["--version"],
  ["replay", "--help"],
])
func aFullDeviceExits74WithAMessage(arguments: [String]) throws {
  let full = try #require(FileHandle(forWritingAtPath: "/dev/full"))
  let outcome = try run(
    arguments, input: "2.5M rps * 45 ms\n", stdout: full, state: try freshState("full"))
  #expect(outcome.reason == .exit, "no trap: \(outcome)")
  #expect(outcome.status == 74, "\(outcome)")
  #expect(outcome.stderr == "error: cannot write the output: No space left on device\n")
}

@Test(arguments: [["-e", "latency"], ["-e", "2.5M rps * 45 ms"], ["run", script], []])
func aClosedPipeEndsQuietly(arguments: [String]) throws {
  let state = try freshState("pipe")
  let outcome = try run(
    arguments, input: "2.5M rps * 45 ms\n", stdout: try closedPipe(), state: state)
  #expect(outcome.reason == .exit, "no signal, no trap: \(outcome)")
  #expect(outcome.status == 0, "\(outcome)")
  #expect(outcome.stderr.isEmpty, "stderr: \(outcome.stderr)")
  let journals = (try? FileManager.default.contentsOfDirectory(atPath: state + "/flowbook/journal"))
  #expect(journals ?? [] == [], "a closed pipe is a clean end: no journal to recover")
}
