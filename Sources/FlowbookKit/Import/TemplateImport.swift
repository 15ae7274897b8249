/// What an import produced: the model's YAML, and everything the template could not say.
///
/// The lists are the point of an import as much as the model: `assumed` names each figure
/// that is a placeholder (to measure, or to `set`), `unmodelled` names each resource type
/// flowbook has no kind for, and `notes` names stated properties with no parameter. None of
/// these is dropped silently.
public struct TemplateImport: Sendable {
  /// `CloudFormation`, `SAM` or `Terraform plan`.
  public var format: String
  /// The file imported, as named.
  public var file: String
  /// The model's `name:`.
  public var modelName: String
  /// Resources the file declares (before SAM's expansion).
  public var resources: Int
  var components: [ImportedComponent]
  /// The component the path starts from.
  public var entry: String
  /// Segments written for the other entries (`from_NAME`).
  public var segments: [String]
  /// Resources that did not become components.
  public var skipped: [SkippedResource]
  /// Things the transform could not wire.
  public var notes: [String]
  var workload: [ImportedComponent.Figure]
  /// The model file's text.
  public var yaml = ""

  init(
    format: String, file: String, modelName: String, resources: Int,
    components: [ImportedComponent], entry: String, segments: [String],
    skipped: [SkippedResource], notes: [String], workload: [ImportedComponent.Figure]
  ) {
    self.format = format
    self.file = file
    self.modelName = modelName
    self.resources = resources
    self.components = components
    self.entry = entry
    self.segments = segments
    self.skipped = skipped
    self.notes = notes
    self.workload = workload
  }

  /// Number of components in the model.
  public var componentCount: Int { components.count }

  /// `component.parameter = value: what to measure`, for every placeholder.
  public var assumed: [String] {
    var out: [String] = []
    for component in components {
      for figure in component.figures {
        if case .assumed(let why) = figure.provenance {
          out.append("\(component.name).\(figure.name) = \(figure.value): \(why)")
        }
      }
    }
    for figure in workload {
      if case .assumed(let why) = figure.provenance {
        out.append("workload.\(figure.name) = \(figure.value): \(why)")
      }
    }
    return out
  }

  /// `Logical (Type)` for each resource flowbook has no kind for.
  public var unmodelled: [String] {
    skipped.filter { !$0.readForWiring }.map { "\($0.resource) (\($0.type))" }
  }

  /// Stated properties with no parameter, and events not wired, by component.
  public var unmappedProperties: [String] {
    var out = notes
    for component in components {
      for note in component.notes
      where !note.hasPrefix("SAM:") && !note.hasPrefix("StreamSpecification") {
        out.append("\(component.name): \(note)")
      }
    }
    return out
  }

  /// The model file's header comment lines.
  var header: [String] {
    var lines = [
      "Imported by flowbook from \(file) (\(format)): \(resources) resources, "
        + "\(components.count) components.",
      "",
      "\"template:\" figures are stated in the file (property and line); \"AWS default:\" is",
      "AWS's documented default for a property the file leaves out; \"derived:\" is worked",
      "out from the file; \"assumed:\" marks a placeholder for what infrastructure code cannot",
      "say (latencies, hit rates, traffic): measure it, or set it.",
    ]
    let supporting = skipped.filter(\.readForWiring)
    if !supporting.isEmpty {
      lines.append("Read for wiring, not components: " + Self.list(supporting.map(\.resource)))
    }
    if !unmodelled.isEmpty {
      lines.append("Not modelled (no component kind): " + unmodelled.joined(separator: ", "))
    }
    if !segments.isEmpty {
      lines.append(
        "The path starts at \(entry); other entries are the segments "
          + segments.joined(separator: ", ") + " (use: NAME to follow one).")
    }
    return lines
  }

  private static func list(_ items: [String]) -> String {
    items.count <= 12
      ? items.joined(separator: ", ")
      : items.prefix(12).joined(separator: ", ") + " and \(items.count - 12) more"
  }
}
