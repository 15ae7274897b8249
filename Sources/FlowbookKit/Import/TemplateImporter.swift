import Foundation
import Quantities

/// Imports a CloudFormation template, a SAM template or a Terraform plan as a flowbook path
/// model: `flowbook import FILE` and the shell's `import FILE`.
///
/// The steps, one file each: read the file with positions (`TemplateReader`), expand SAM
/// (`SAMTransform`) or translate the plan (`TerraformPlan`), map resources to components
/// (`ComponentMapping`), find the edges (`Wiring`), walk them into a path (`PathBuilder`),
/// and write the YAML (`ModelWriter`). The YAML is then loaded with `ModelLoader`, the
/// same as `load` would, so what is written is a model flowbook accepts.
///
/// ```
/// let result = try TemplateImporter.importText(text, name: "template.yaml")
/// print(result.yaml)
/// ```
public enum TemplateImporter {
  /// Imports `text`, a template or plan read from a file named `name`.
  /// - Parameters:
  ///   - text: the file's contents.
  ///   - name: the file's name, for errors and the model's header.
  ///   - modelName: the model's `name:` (default: the file's stem).
  /// - Returns: The model's YAML, the loaded model and what the import could not say.
  /// - Throws: a diagnostic placed in the file (`--> file:line:col`).
  public static func importText(_ text: String, name: String, modelName: String? = nil)
    throws(Diagnostic) -> TemplateImport
  {
    let source = Source(text, name: name)
    let lines = YAMLText(text)
    let root = try TemplateReader(text).read(source)
    let result: TemplateImport
    do throws(ImportError) {
      result = try build(expand(root), name: name, modelName: modelName ?? stem(name))
    } catch {
      throw Diagnostic(
        error.message, span: error.position.map { lines.span(at: $0) }, source: source,
        suggestions: error.suggestions)
    }
    do {
      _ = try ModelLoader.load(text: result.yaml, name: name)
    } catch {
      throw refusal(error, in: result.yaml, source: source, lines: lines)
    }
    return result
  }

  /// A stated figure the model format refuses (`1e308` capacity units), placed at the
  /// template line the figure came from.
  private static func refusal(
    _ error: Diagnostic, in yaml: String, source: Source, lines: YAMLText
  ) -> Diagnostic {
    let model = Source(yaml, name: "model")
    let row = error.span.map { model.location(ofByte: $0.start).lineText } ?? ""
    var line: Int?
    if let open = row.range(of: "(line "), let close = row[open.upperBound...].firstIndex(of: ")") {
      line = Int(row[open.upperBound..<close])
    }
    let figure = row.split(separator: "#").first?.trimmingCharacters(in: .whitespaces) ?? ""
    let message =
      "the template states a figure flowbook cannot model"
      + (figure.isEmpty ? "" : " (\(figure))") + ": " + error.message
    guard let line else { return Diagnostic(message, source: source) }
    let text = source.text.split(separator: "\n", omittingEmptySubsequences: false)
    let indent = line <= text.count ? text[line - 1].prefix { $0 == " " }.count : 0
    return Diagnostic(
      message, span: lines.span(at: FilePosition(line: line, column: indent + 1)), source: source)
  }

  private static func expand(_ root: TemplateNode) throws(ImportError) -> ExpandedTemplate {
    guard TerraformPlan.isPlan(root) else { return try CloudFormationTemplate.expand(root) }
    var plan = TerraformPlan(root: root)
    return try plan.expand()
  }

  /// Imports the file at `path`.
  /// - Parameters:
  ///   - path: the file to read (already checked against the session's read policy).
  ///   - displayName: how errors and the header name it.
  ///   - modelName: the model's `name:`.
  /// - Returns: The import.
  /// - Throws: a diagnostic for an unreadable file or a mistake in it.
  public static func importFile(_ path: String, displayName: String, modelName: String? = nil)
    throws(Diagnostic) -> TemplateImport
  {
    var isDirectory: ObjCBool = false
    if FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory),
      isDirectory.boolValue
    {
      throw Diagnostic("\(displayName) is a folder; name a template or plan file")
    }
    if let size = (try? FileManager.default.attributesOfItem(atPath: path))?[.size] as? Int,
      size > YAMLLimits.standard.maximumBytes
    {
      throw Diagnostic(
        "\(displayName) is \(Quantity.formatNumber(Double(size))) bytes; an import reads at "
          + "most 1,048,576 bytes (1 MiB, CloudFormation's own template limit)")
    }
    let text: String
    do {
      text = try String(contentsOfFile: path, encoding: .utf8)
    } catch {
      throw Diagnostic("cannot read \(displayName): no such file or not UTF-8")
    }
    return try importText(text, name: displayName, modelName: modelName)
  }

  /// The file name without folders and extension, as a model name.
  /// - Parameter name: a file name or path.
  /// - Returns: `template` for `stacks/template.yaml` (`imported` if nothing is left).
  public static func stem(_ name: String) -> String {
    let file = (name as NSString).lastPathComponent
    let base = (file as NSString).deletingPathExtension
    return base.isEmpty ? "imported" : base
  }

  private static func build(_ template: ExpandedTemplate, name: String, modelName: String)
    throws(ImportError) -> TemplateImport
  {
    var names = ComponentNames()
    let mapping = ComponentMapping(intrinsics: template.intrinsics)
    var components: [ImportedComponent] = []
    var skipped: [SkippedResource] = []
    for resource in template.resources {
      let name = names.name(for: resource.id, preferred: resource.preferredName)
      guard var component = mapping.component(resource, name: name) else {
        skipped.append(
          SkippedResource(
            resource: resource.id, type: resource.type,
            readForWiring: ComponentMapping.supporting.contains(resource.type)
              || resource.type.hasPrefix("Flowbook::")))
        continue
      }
      if resource.origin != nil { component.notes.append(resource.origin ?? "") }
      components.append(component)
      if resource.type == "AWS::DynamoDB::Table", resource["StreamSpecification"] != nil {
        components.append(tableStream(of: resource, table: component.name, names: &names))
      }
    }
    guard !components.isEmpty else {
      throw ImportError(
        "no resource in the file is one flowbook models (functions, APIs, queues, tables, …); "
          + "found " + skipped.prefix(5).map(\.type).joined(separator: ", "),
        at: nil as FilePosition?)
    }
    var wiring = Wiring(template: template, components: components)
    wiring.connect()
    components = wiring.components
    var builder = PathBuilder(components: components, wiring: wiring)
    let entries = builder.entries
    guard let entry = entries.first else {
      throw ImportError("nothing to start a path from", at: nil as FilePosition?)
    }
    let path = try builder.path(from: entry)
    var segments: [(name: String, steps: [PathBuilder.Step])] = []
    for other in entries.dropFirst()
    where wiring.wires.contains(where: { $0.from == other.resource }) {
      segments.append((names.claim("from_" + other.name), try builder.path(from: other)))
    }
    let workload = workloadFigures(entry: entry, template: template)
    var notes = template.notes
    for name in builder.cutShort {
      notes.append(
        "path: the wiring runs on past \(name), deeper than \(PathLimits.maximumNesting) hops; "
          + "the path stops there (what follows is in the model, off the path)")
    }
    let result = TemplateImport(
      format: template.format, file: name, modelName: modelName,
      resources: template.resources.filter { $0.origin == nil }.count,
      components: components, entry: entry.name, segments: segments.map(\.name),
      skipped: skipped, notes: notes, workload: workload)
    let writer = ModelWriter(
      name: modelName,
      title: "Imported from \(TemplateImporter.stem(name)) (\(template.format))",
      source: name, header: result.header, components: components, workload: workload,
      path: path, segments: segments)
    var done = result
    done.yaml = writer.text()
    return done
  }

  private static func tableStream(
    of table: TemplateResource, table name: String, names: inout ComponentNames
  ) -> ImportedComponent {
    var stream = ImportedComponent(
      name: names.claim(name + "_stream"), resource: table.id + ".Stream",
      type: "AWS::DynamoDB::Table.StreamSpecification", kind: .stream,
      label: "DynamoDB Streams of \(table.id)")
    stream.set(
      "retention", "24 h",
      .awsDefault("DynamoDB Streams keep each record 24 hours (DynamoDB Developer Guide, Streams)"))
    for placeholder in AssumedDefaults.placeholders(for: .stream) {
      stream.set(placeholder.name, placeholder.value, .assumed(placeholder.why))
    }
    stream.notes.append(
      "StreamSpecification (line \(table["StreamSpecification"]?.position?.line ?? 0)): "
        + "the table's change stream, a component of its own")
    return stream
  }

  /// The workload: a schedule's rate when the entry is one, else the placeholder.
  private static func workloadFigures(entry: ImportedComponent, template: ExpandedTemplate)
    -> [ImportedComponent.Figure]
  {
    if let resource = template.resource(entry.resource),
      let expression = template.intrinsics.text(resource["ScheduleExpression"]),
      let rate = ScheduleRate(expression)
    {
      return [
        .init(
          name: "rate", value: rate.text,
          provenance: .template(
            "ScheduleExpression \(expression)",
            line: resource["ScheduleExpression"]?.position?.line))
      ]
    }
    let placeholder = AssumedDefaults.rate
    return [
      .init(name: placeholder.name, value: placeholder.value, provenance: .assumed(placeholder.why))
    ]
  }
}

/// `rate(5 minutes)` as a workload rate (`12 req / hour`).
struct ScheduleRate {
  let text: String

  init?(_ expression: String) {
    let trimmed = expression.trimmingCharacters(in: .whitespaces)
    guard trimmed.hasPrefix("rate("), trimmed.hasSuffix(")") else { return nil }
    let parts = trimmed.dropFirst(5).dropLast().split(separator: " ")
    guard parts.count == 2, let count = Double(parts[0]), count >= 1, count <= 1e6 else {
      return nil
    }
    let perHour: Double
    switch parts[1].lowercased() {
    case "minute", "minutes": perHour = 60 / count
    case "hour", "hours": perHour = 1 / count
    case "day", "days": perHour = 1 / (24 * count)
    default: return nil
    }
    text = "\(FigureText.number((perHour * 1e4).rounded() / 1e4)) req / hour"
  }
}
