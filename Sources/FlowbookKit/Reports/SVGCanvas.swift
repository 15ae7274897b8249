/// A minimal SVG writer: shapes and text appended in drawing order, numbers printed with
/// `NumberText.coordinate`, so the same chart always gives the same bytes.
///
/// Every attribute is written inline (no CSS classes) so an SVG saved on its own looks
/// the same as inside the HTML report.
struct SVGCanvas {
  var width: Double
  var height: Double
  private(set) var body: [String] = []

  static let fontFamily = "Helvetica, Arial, sans-serif"
  static let ink = "#222222"
  static let grid = "#e3e3e3"
  static let axis = "#555555"
  /// Okabe–Ito colours: distinguishable with the common colour-vision deficiencies.
  static let palette = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00"]
  static let alert = "#C0392B"

  init(width: Double, height: Double = 0) {
    self.width = width
    self.height = height
  }

  static func colour(_ index: Int) -> String { palette[index % palette.count] }

  private static func c(_ value: Double) -> String { NumberText.coordinate(value) }

  mutating func text(
    _ text: String, x: Double, y: Double, anchor: String = "start", size: Double = 12,
    bold: Bool = false, fill: String = ink, rotate: Bool = false, halo: Bool = false
  ) {
    var attributes = "x=\"\(Self.c(x))\" y=\"\(Self.c(y))\""
    if anchor != "start" { attributes += " text-anchor=\"\(anchor)\"" }
    if size != 12 { attributes += " font-size=\"\(Self.c(size))\"" }
    if bold { attributes += " font-weight=\"bold\"" }
    if fill != Self.ink { attributes += " fill=\"\(fill)\"" }
    if rotate { attributes += " transform=\"rotate(-90 \(Self.c(x)) \(Self.c(y)))\"" }
    // A white outline under the glyphs keeps a label readable where it crosses a line.
    if halo {
      attributes +=
        " stroke=\"#ffffff\" stroke-width=\"3\" stroke-linejoin=\"round\""
        + " paint-order=\"stroke\""
    }
    body.append("<text \(attributes)>\(XMLText.escape(text))</text>")
  }

  mutating func line(
    _ x1: Double, _ y1: Double, _ x2: Double, _ y2: Double, stroke: String = axis,
    width: Double = 1, dash: String? = nil
  ) {
    var attributes =
      "x1=\"\(Self.c(x1))\" y1=\"\(Self.c(y1))\" x2=\"\(Self.c(x2))\" "
      + "y2=\"\(Self.c(y2))\" stroke=\"\(stroke)\""
    if width != 1 { attributes += " stroke-width=\"\(Self.c(width))\"" }
    if let dash { attributes += " stroke-dasharray=\"\(dash)\"" }
    body.append("<line \(attributes)/>")
  }

  mutating func rect(
    _ x: Double, _ y: Double, _ w: Double, _ h: Double, fill: String,
    title: String? = nil
  ) {
    let shape =
      "<rect x=\"\(Self.c(x))\" y=\"\(Self.c(y))\" width=\"\(Self.c(max(0, w)))\" "
      + "height=\"\(Self.c(max(0, h)))\" fill=\"\(fill)\""
    body.append(Self.withTitle(shape, title))
  }

  mutating func polyline(_ points: [(Double, Double)], stroke: String, width: Double = 2) {
    guard points.count > 1 else { return }
    let list = points.map { "\(Self.c($0.0)),\(Self.c($0.1))" }.joined(separator: " ")
    body.append(
      "<polyline points=\"\(list)\" fill=\"none\" stroke=\"\(stroke)\" "
        + "stroke-width=\"\(Self.c(width))\" stroke-linejoin=\"round\"/>")
  }

  mutating func circle(_ x: Double, _ y: Double, r: Double, fill: String, title: String? = nil) {
    let shape =
      "<circle cx=\"\(Self.c(x))\" cy=\"\(Self.c(y))\" r=\"\(Self.c(r))\" "
      + "fill=\"\(fill)\" stroke=\"#ffffff\" stroke-width=\"1\""
    body.append(Self.withTitle(shape, title))
  }

  /// A shape with a hover tooltip (`<title>` child), or self-closed without one.
  private static func withTitle(_ open: String, _ title: String?) -> String {
    guard let title else { return open + "/>" }
    return open + "><title>\(XMLText.escape(title))</title>"
      + (open.hasPrefix("<rect")
        ? "</rect>" : "</circle>")
  }

  /// The finished document: a title and description first, for screen readers.
  func document(title: String, description: String) -> String {
    var lines = [
      "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"\(Self.c(width))\" "
        + "height=\"\(Self.c(height))\" viewBox=\"0 0 \(Self.c(width)) \(Self.c(height))\" "
        + "font-family=\"\(Self.fontFamily)\" font-size=\"12\" role=\"img\">",
      "<title>\(XMLText.escape(title))</title>",
      "<desc>\(XMLText.escape(description))</desc>",
      "<rect width=\"\(Self.c(width))\" height=\"\(Self.c(height))\" fill=\"#ffffff\"/>",
    ]
    lines += body
    lines.append("</svg>")
    return lines.joined(separator: "\n")
  }

  /// Roughly how wide `text` is at `size` px in a sans-serif face (Helvetica's metrics
  /// averaged by class of character): enough to keep labels from colliding.
  static func textWidth(_ text: String, size: Double = 12) -> Double {
    var em = 0.0
    for character in text {
      switch character {
      case "i", "l", "j", "t", "f", "I", ".", ",", ":", ";", "'", "|", "!", "(", ")", " ":
        em += 0.3
      case "m", "w", "M", "W", "%", "@":
        em += 0.85
      case "A"..."Z":
        em += 0.68
      default:
        em += 0.56
      }
    }
    return em * size
  }

  /// `text` cut with an ellipsis to fit `width` px.
  static func fitted(_ text: String, width: Double, size: Double = 12) -> String {
    guard textWidth(text, size: size) > width else { return text }
    var cut = text
    while !cut.isEmpty && textWidth(cut + "…", size: size) > width { cut.removeLast() }
    return cut + "…"
  }
}

/// Escaping for XML text and attribute values (HTML reports are XML too).
enum XMLText {
  static func escape(_ text: String) -> String {
    var out = ""
    out.reserveCapacity(text.utf8.count)
    for scalar in text.unicodeScalars {
      switch scalar {
      case "&": out += "&amp;"
      case "<": out += "&lt;"
      case ">": out += "&gt;"
      case "\"": out += "&quot;"
      case "'": out += "&#39;"
      default:
        // Control characters are not allowed in XML 1.0; show them as a replacement.
        if scalar.value < 0x20 && scalar != "\n" && scalar != "\t" {
          out += "\u{FFFD}"
        } else {
          out.unicodeScalars.append(scalar)
        }
      }
    }
    return out
  }
}
