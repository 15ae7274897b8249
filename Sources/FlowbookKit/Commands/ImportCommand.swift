import Foundation

/// `import FILE [-o MODEL.yaml]`: import a CloudFormation or SAM template, or a Terraform
/// plan, as a path model and load it, as `load` would.
enum ImportCommand {
  static let usage = "import FILE [-o MODEL.yaml]"

  static let command = Command(
    name: "import",
    synopsis: usage,
    summary: "import a CloudFormation/SAM template or Terraform plan (JSON) as the model",
    discussion: """
      Reads FILE (YAML or JSON; SAM templates are expanded; `terraform show -json PLAN` \
      output is read as a plan), maps its resources to components and its event sources, \
      subscriptions, rule targets, integrations, environment variables and policies to \
      the path, and loads the result; it becomes the baseline for diff and reset. Figures \
      the template cannot state (latencies, hit rates, traffic) are marked assumed and \
      listed, with the resources flowbook does not model. -o also writes the model file. \
      A replayed notebook may read and write only inside its own folder.
      """,
    example: "import template.yaml\nimport plan.json -o model.yaml",
    completion: .files,
    run: { arguments, session in
      let (text, span) = arguments.text()
      let words = TextWords(text).words
      guard let file = words.first, words.count == 1 || (words.count == 3 && words[1] == "-o")
      else {
        throw Diagnostic(
          "expected a file and an optional -o MODEL.yaml; usage: \(usage)", span: span)
      }
      let output = words.count == 3 ? words[2] : nil
      let real = try session.readablePath(
        session.inputFile(file) ?? file, typed: file, span: span)
      let result = try TemplateImporter.importFile(
        real, displayName: file, modelName: TemplateImporter.stem(output ?? file))
      var written: String?
      if let output {
        let path = try session.environment.writablePath(output, span: span)
        written = try session.environment.writeFile(
          result.yaml, to: output, expected: path, span: span)
      }
      var model = try ModelLoader.load(
        text: result.yaml, name: output ?? TemplateImporter.stem(file) + ".yaml",
        readGate: session.readGate)
      model.file = output ?? file
      session.workspace.current = model
      session.workspace.baseline = model
      session.workspace.unavailableReason = nil
      session.notebook.recordInput(real, isModel: true)
      let routes = (try? model.routes().count) ?? 0
      return ImportReport.result(result, routes: routes, written: written.map { _ in output ?? "" })
    })
}

/// The text and JSON an import prints: what was made, and what to measure or set.
public enum ImportReport {
  /// The result of an import.
  /// - Parameters:
  ///   - result: the import.
  ///   - routes: routes in the loaded model.
  ///   - written: the model file written, if any.
  /// - Returns: Lines for people, and a JSON document with the same lists.
  public static func result(_ result: TemplateImport, routes: Int, written: String?)
    -> CommandResult
  {
    var blocks: [CommandResult.Block] = []
    var head = Markup("imported ") + Markup(result.file, .value)
    head.append(
      " (\(result.format)): \(result.resources) resources → \(result.componentCount) "
        + "components, \(routes) route\(routes == 1 ? "" : "s") from \(result.entry)")
    if let written { head.append("; wrote \(written)") }
    blocks.append(.text(head))
    func section(_ title: String, _ items: [String]) {
      guard !items.isEmpty else { return }
      var markup = Markup(title, .heading)
      for item in items { markup.append("\n  " + item) }
      blocks.append(.text(markup))
    }
    section("assumed (measure, or set):", result.assumed)
    section("not modelled (no component kind):", result.unmodelled)
    section("stated, with no parameter to hold it:", result.unmappedProperties)
    if !result.segments.isEmpty {
      section(
        "other entries (segments, not on the path):", result.segments.map { "use: \($0)" })
    }
    let data = JSONValue.object([
      ("file", .string(result.file)), ("format", .string(result.format)),
      ("model", .string(result.modelName)), ("written", written.map(JSONValue.string) ?? .null),
      ("resources", .number(Double(result.resources))),
      ("components", .number(Double(result.componentCount))),
      ("routes", .number(Double(routes))), ("entry", .string(result.entry)),
      ("assumed", .array(result.assumed.map(JSONValue.string))),
      ("unmodelled", .array(result.unmodelled.map(JSONValue.string))),
      ("unmapped", .array(result.unmappedProperties.map(JSONValue.string))),
    ])
    return CommandResult(blocks: blocks, data: data)
  }
}
