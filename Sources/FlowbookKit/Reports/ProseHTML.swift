import Foundation

/// Notebook prose as HTML: the simple Markdown a notebook is written in, and nothing more.
///
/// Notebooks come from other people, and a report must be safe to open: so this reads
/// only headings, paragraphs, lists, block quotes, fenced code, inline `code` and
/// **bold**, and escapes everything else. Raw HTML in prose is shown as text, never
/// passed through; HTML comments are dropped. No links are made, so a report opened
/// offline never reaches out.
enum ProseHTML {
  /// The HTML of `markdown`, its headings `shift` levels deeper (at most `h6`).
  static func render(_ markdown: String, headingShift shift: Int = 1) -> String {
    var renderer = Renderer(shift: shift)
    for line in markdown.components(separatedBy: "\n") { renderer.feed(line) }
    renderer.closeAll()
    return renderer.out.joined(separator: "\n")
  }

  private struct Renderer {
    let shift: Int
    var out: [String] = []
    var paragraph: [String] = []
    var list: (tag: String, items: [String])?
    var quote: [String] = []
    var code: (fence: String, lines: [String])?
    var inComment = false

    init(shift: Int) { self.shift = shift }

    mutating func feed(_ raw: String) {
      let line = raw.hasSuffix("\r") ? String(raw.dropLast()) : raw
      let trimmed = line.trimmingCharacters(in: .whitespaces)
      if var open = code {
        if trimmed.hasPrefix(open.fence) {
          out.append(
            "<pre><code>" + open.lines.map(XMLText.escape).joined(separator: "\n")
              + "</code></pre>")
          code = nil
        } else {
          open.lines.append(line)
          code = open
        }
        return
      }
      if inComment || trimmed.hasPrefix("<!--") {
        inComment = !trimmed.hasSuffix("-->")
        return
      }
      if trimmed.hasPrefix("```") || trimmed.hasPrefix("~~~") {
        closeAll()
        code = (String(trimmed.prefix(3)), [])
      } else if trimmed.isEmpty {
        closeAll()
      } else if let heading = Self.heading(trimmed) {
        closeAll()
        let level = min(6, heading.level + shift)
        out.append("<h\(level)>\(Self.inline(heading.text))</h\(level)>")
      } else if trimmed.hasPrefix(">") {
        closeParagraph()
        closeList()
        quote.append(String(trimmed.dropFirst().drop { $0 == " " }))
      } else if let item = Self.listItem(trimmed) {
        closeParagraph()
        closeQuote()
        if list?.tag != item.tag { closeList() }
        list = (item.tag, (list?.items ?? []) + [item.text])
      } else if var open = list, line.hasPrefix(" "), let last = open.items.popLast() {
        open.items.append(last + " " + trimmed)
        list = open
      } else {
        closeList()
        closeQuote()
        paragraph.append(trimmed)
      }
    }

    mutating func closeAll() {
      closeParagraph()
      closeList()
      closeQuote()
      if let open = code {
        out.append(
          "<pre><code>" + open.lines.map(XMLText.escape).joined(separator: "\n")
            + "</code></pre>")
        code = nil
      }
    }

    mutating func closeParagraph() {
      guard !paragraph.isEmpty else { return }
      out.append("<p>" + Self.inline(paragraph.joined(separator: " ")) + "</p>")
      paragraph = []
    }

    mutating func closeList() {
      guard let open = list else { return }
      out.append(
        "<\(open.tag)>"
          + open.items.map { "<li>" + Self.inline($0) + "</li>" }
          .joined() + "</\(open.tag)>")
      list = nil
    }

    mutating func closeQuote() {
      guard !quote.isEmpty else { return }
      out.append(
        "<blockquote><p>" + Self.inline(quote.joined(separator: " "))
          + "</p></blockquote>")
      quote = []
    }

    static func heading(_ line: String) -> (level: Int, text: String)? {
      let hashes = line.prefix { $0 == "#" }.count
      guard hashes >= 1, hashes <= 6, line.dropFirst(hashes).first == " " else { return nil }
      return (hashes, line.dropFirst(hashes + 1).trimmingCharacters(in: .whitespaces))
    }

    static func listItem(_ line: String) -> (tag: String, text: String)? {
      for bullet in ["- ", "* ", "+ "] where line.hasPrefix(bullet) {
        return ("ul", String(line.dropFirst(2)))
      }
      let digits = line.prefix { $0.isASCII && $0.isNumber }
      guard !digits.isEmpty, digits.count <= 9 else { return nil }
      let rest = line.dropFirst(digits.count)
      guard rest.hasPrefix(". ") || rest.hasPrefix(") ") else { return nil }
      return ("ol", String(rest.dropFirst(2)))
    }

    /// Inline `code` and **bold**; every other character escaped.
    static func inline(_ text: String) -> String {
      var out = ""
      var rest = Substring(text)
      while let first = rest.first {
        if first == "`", let end = rest.dropFirst().firstIndex(of: "`") {
          out +=
            "<code>" + XMLText.escape(String(rest[rest.index(after: rest.startIndex)..<end]))
            + "</code>"
          rest = rest[rest.index(after: end)...]
        } else if rest.hasPrefix("**"), let end = rest.dropFirst(2).range(of: "**") {
          let inner = rest[rest.index(rest.startIndex, offsetBy: 2)..<end.lowerBound]
          out += "<strong>" + XMLText.escape(String(inner)) + "</strong>"
          rest = rest[end.upperBound...]
        } else {
          out += XMLText.escape(String(first))
          rest = rest.dropFirst()
        }
      }
      return out
    }
  }
}
