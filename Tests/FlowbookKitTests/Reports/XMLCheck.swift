import Foundation
import Testing

#if canImport(FoundationXML)
import FoundationXML
#endif

/// Parses text as XML with Foundation's parser and counts its elements by name: the
/// check that an HTML report or an SVG is well-formed.
final class XMLCheck: NSObject, XMLParserDelegate {
  private(set) var counts: [String: Int] = [:]
  private(set) var texts: [String] = []
  private(set) var error: String?

  /// Parses `text`; records an issue naming the line and column when it is not XML.
  @discardableResult
  static func parse(_ text: String, sourceLocation: SourceLocation = #_sourceLocation)
    -> XMLCheck
  {
    let check = XMLCheck()
    let parser = XMLParser(data: Data(text.utf8))
    parser.delegate = check
    if !parser.parse() {
      let lines = text.components(separatedBy: "\n")
      let line = parser.lineNumber
      let excerpt = line >= 1 && line <= lines.count ? lines[line - 1] : ""
      check.error =
        "\(parser.parserError.map { "\($0)" } ?? "error") at \(line):"
        + "\(parser.columnNumber): \(excerpt.prefix(200))"
      Issue.record("not well-formed XML: \(check.error ?? "")", sourceLocation: sourceLocation)
    }
    return check
  }

  func parser(
    _ parser: XMLParser, didStartElement name: String, namespaceURI: String?,
    qualifiedName: String?, attributes: [String: String] = [:]
  ) {
    counts[name, default: 0] += 1
  }

  func parser(_ parser: XMLParser, foundCharacters string: String) {
    texts.append(string)
  }

  var allText: String { texts.joined() }
}
