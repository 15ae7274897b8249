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

  /// One JSON document for `--json`: the command, and its data or its error.
  public var json: JSONValue {
    switch outcome {
    case .success(let result):
      return .object([("command", .string(input)), ("ok", .bool(true)), ("result", result.data)])
    case .failure(let d):
      var error: [(String, JSONValue)] = [("message", .string(d.headline))]
      if let span = d.span, let source = d.source {
        let place = source.location(ofByte: span.start)
        error += [("line", .number(Double(place.line))), ("column", .number(Double(place.column)))]
      }
      return .object([("command", .string(input)), ("ok", .bool(false)), ("error", .object(error))])
    }
  }
}
