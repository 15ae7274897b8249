/// One command and what came of it: the unit a notebook records and replays.
public struct Cell: Sendable, Hashable {
  public enum Outcome: Sendable, Hashable {
    case success(CommandResult)
    case failure(Diagnostic)
  }

  public var input: String
  public var outcome: Outcome

  public init(input: String, outcome: Outcome) {
    self.input = input
    self.outcome = outcome
  }

  public var succeeded: Bool {
    if case .success = outcome { return true }
    return false
  }

  public var diagnostic: Diagnostic? {
    if case .failure(let d) = outcome { return d }
    return nil
  }

  /// The output as notebooks store it: plain text, byte-identical everywhere.
  public var plainOutput: String {
    switch outcome {
    case .success(let result): return PlainTextRenderer.render(result)
    case .failure(let diagnostic): return CaretRenderer.render(diagnostic)
    }
  }

  /// One JSON document for `--json`: the command, `ok`, and its data or its error.
  ///
  /// A command's data object is spread into the document itself, so a script reads
  /// `.mean_wait_s`, not `.result.mean_wait_s`; data that is not an object (a list, a
  /// number) stays under `result`. Commands therefore never use `command`, `ok` or
  /// `error` as keys of their own (a test checks every shipped notebook's commands).
  public var json: JSONValue {
    let envelope: [(String, JSONValue)] = [("command", .string(input)), ("ok", .bool(succeeded))]
    switch outcome {
    case .success(let result):
      if case .object(let pairs) = result.data { return .object(envelope + pairs) }
      return .object(envelope + [("result", result.data)])
    case .failure(let d):
      var error: [(String, JSONValue)] = [("message", .string(d.headline))]
      if let span = d.span, let source = d.source {
        let place = source.location(ofByte: span.start)
        error += [("line", .number(Double(place.line))), ("column", .number(Double(place.column)))]
      }
      return .object(envelope + [("error", .object(error))])
    }
  }
}
