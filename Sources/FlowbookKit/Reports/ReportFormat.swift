import Foundation

/// A report medium, chosen from the file name's extension, and its renderer.
public enum ReportFormat: String, Sendable, CaseIterable {
  case markdown = "md"
  case csv
  case json
  case html

  /// The extensions `export` and `flowbook report` accept, for messages.
  public static var extensions: [String] { allCases.map { "." + $0.rawValue } }

  /// The format a path's extension names (`report.HTML` counts), or nil.
  public init?(path: String) {
    let ext = (path as NSString).pathExtension.lowercased()
    switch ext {
    case "md", "markdown": self = .markdown
    case "csv": self = .csv
    case "json": self = .json
    case "html", "htm": self = .html
    default: return nil
    }
  }

  /// The medium's name in messages.
  public var title: String {
    switch self {
    case .markdown: return "Markdown"
    case .csv: return "CSV"
    case .json: return "JSON"
    case .html: return "HTML"
    }
  }

  /// The report in this medium.
  public func render(_ report: Report) -> String {
    switch self {
    case .markdown: return MarkdownReport.render(report)
    case .csv: return CSVReport.render(report)
    case .json: return JSONReport.render(report)
    case .html: return HTMLReport.render(report)
    }
  }

  /// The format of `path`, or a diagnostic listing those there are.
  public static func of(_ path: String, span: Span? = nil) throws(Diagnostic) -> ReportFormat {
    guard let format = ReportFormat(path: path) else {
      let ext = (path as NSString).pathExtension
      let problem = ext.isEmpty ? "'\(path)' has no extension" : "'.\(ext)' is not a report format"
      throw Diagnostic(
        "\(problem); name the file with one of "
          + extensions.joined(separator: ", "), span: span,
        suggestions: Suggestion.nearest(to: ext, among: allCases.map(\.rawValue))
          .map { ((path as NSString).deletingPathExtension as String) + "." + $0 })
    }
    return format
  }
}
