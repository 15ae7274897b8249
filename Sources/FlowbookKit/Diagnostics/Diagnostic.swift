/// One thing wrong with what the user gave us: a message, where, and what to do about it.
///
/// Every error type in flowbook converts to this (`DiagnosticConvertible`), and exactly one
/// renderer (`CaretRenderer`) turns it into text, so all errors look alike: one line
/// `error: …`, a location, the source line and a caret under the offending columns.
public struct Diagnostic: Error, Sendable, Hashable {
  public var message: String
  /// Where in `source` the problem is; nil for errors about a whole file or the system.
  public var span: Span?
  public var source: Source?
  /// Further lines of explanation, printed after the caret as `note: …`.
  public var notes: [String]
  /// The nearest known names, printed as `did you mean …?` on the error line.
  public var suggestions: [String]

  public init(
    _ message: String, span: Span? = nil, source: Source? = nil, notes: [String] = [],
    suggestions: [String] = []
  ) {
    self.message = message
    self.span = span
    self.source = source
    self.notes = notes
    self.suggestions = suggestions
  }

  /// The same diagnostic placed in `source`, unless it already has a place.
  public func located(in source: Source) -> Diagnostic {
    var copy = self
    if copy.source == nil { copy.source = source }
    return copy
  }

  /// The error line's text, with any suggestion appended.
  public var headline: String {
    guard !suggestions.isEmpty else { return message }
    let names = suggestions.prefix(3).joined(separator: ", ")
    return "\(message); did you mean \(names)?"
  }
}

/// An error that knows how to describe itself to the user.
public protocol DiagnosticConvertible: Error {
  var diagnostic: Diagnostic { get }
}

extension Diagnostic: DiagnosticConvertible {
  public var diagnostic: Diagnostic { self }
}

extension Diagnostic {
  /// Any error as a diagnostic: ours keep their detail, others become an internal error.
  public static func from(_ error: any Error, span: Span? = nil) -> Diagnostic {
    if let convertible = error as? DiagnosticConvertible {
      var diagnostic = convertible.diagnostic
      if diagnostic.span == nil { diagnostic.span = span }
      return diagnostic
    }
    return Diagnostic("internal error: \(error)", span: span)
  }
}
