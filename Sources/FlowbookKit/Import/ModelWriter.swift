/// Writes an imported model as flowbook model YAML (the format `load` reads, described in
/// datasets/README.md), with the provenance of every figure in its line's comment.
///
/// Comments say where each figure came from: `template: MemorySize (line 12)`,
/// `AWS default: …`, `derived: …`, or `assumed: …` for a placeholder to measure. Properties
/// the template states that have no parameter are written as `# note:` lines under their
/// component. Text from the template (labels, route names) is quoted and stripped of
/// control characters, so nothing in a template can break the YAML it is written into.
struct ModelWriter {
  /// Column where a figure's comment starts (as in datasets/*.yaml).
  static let commentColumn = 37

  var name: String
  var title: String
  var source: String
  var header: [String]
  var components: [ImportedComponent]
  var workload: [ImportedComponent.Figure]
  var path: [PathBuilder.Step]
  var segments: [(name: String, steps: [PathBuilder.Step])]

  /// The model file's text.
  /// - Returns: YAML ending in a newline.
  func text() -> String {
    var lines = header.map { "# " + Self.clean($0) }
    lines += [
      "flowbook: 1", "name: \(Self.quoted(name))", "title: \(Self.quoted(title))", "sources:",
      "  - \(Self.quoted(source))", "", "components:",
    ]
    for (position, component) in components.enumerated() {
      if position > 0 { lines.append("") }
      lines.append("  \(component.name):")
      lines.append("    kind: \(component.kind.rawValue)")
      lines.append("    label: \(Self.quoted(component.label))")
      for figure in component.figures { lines.append(Self.line(figure, indent: 4)) }
      for note in component.notes { lines.append("    # note: " + Self.clean(note)) }
    }
    lines += ["", "workload:"]
    lines += workload.map { Self.line($0, indent: 2) }
    if !segments.isEmpty {
      lines += ["", "segments:"]
      for segment in segments {
        lines.append("  \(segment.name):")
        lines += steps(segment.steps, indent: 4)
      }
    }
    lines += ["", "path:"]
    lines += steps(path, indent: 2)
    return lines.joined(separator: "\n") + "\n"
  }

  private func steps(_ steps: [PathBuilder.Step], indent: Int) -> [String] {
    let pad = String(repeating: " ", count: indent)
    var lines: [String] = []
    for step in steps {
      switch step {
      case .hop(let name):
        lines.append(pad + "- " + name)
      case .branch(let arms):
        lines.append(pad + "- branch:")
        for arm in arms {
          lines.append(pad + "    - name: " + Self.quoted(arm.name))
          var p = pad + "      p: " + arm.probability
          if arm.probability.hasSuffix("%") {
            p = Self.padded(p) + "# assumed: equal shares (the template says where, not how many)"
          }
          lines.append(p)
          if !arm.steps.isEmpty {
            lines.append(pad + "      path:")
            lines += self.steps(arm.steps, indent: indent + 8)
          }
        }
      }
    }
    return lines
  }

  private static func line(_ figure: ImportedComponent.Figure, indent: Int) -> String {
    let text = String(repeating: " ", count: indent) + "\(figure.name): \(figure.value)"
    return padded(text) + "# " + clean(comment(figure.provenance))
  }

  private static func padded(_ text: String) -> String {
    text.count < commentColumn - 1
      ? text + String(repeating: " ", count: commentColumn - 1 - text.count) : text + " "
  }

  /// The comment for a figure's provenance.
  static func comment(_ provenance: ImportedComponent.Provenance) -> String {
    switch provenance {
    case .template(let property, let line):
      return "template: \(property)" + (line.map { " (line \($0))" } ?? "")
    case .awsDefault(let why): return "AWS default: \(why)"
    case .derived(let why): return "derived: \(why)"
    case .assumed(let why): return "assumed: \(why)"
    }
  }

  /// `text` in YAML double quotes, control characters dropped, at most 100 characters.
  static func quoted(_ text: String) -> String {
    var out = "\""
    for scalar in text.unicodeScalars.prefix(100) {
      switch scalar {
      case "\\": out += "\\\\"
      case "\"": out += "\\\""
      default:
        if scalar.properties.generalCategory == .control || scalar.value == 0x2028
          || scalar.value == 0x2029 || scalar.value == 0xFEFF
        {
          continue
        }
        out.unicodeScalars.append(scalar)
      }
    }
    return out + "\""
  }

  /// `text` on one line, for a comment: control characters become spaces.
  static func clean(_ text: String) -> String {
    String(
      String.UnicodeScalarView(
        text.unicodeScalars.prefix(300).map {
          $0.properties.generalCategory == .control || $0.value == 0x2028 || $0.value == 0x2029
            ? " " : $0
        }))
  }
}
