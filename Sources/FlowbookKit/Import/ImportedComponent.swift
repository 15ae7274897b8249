/// A component the importer made from a resource: its kind, its figures with where each
/// came from, and the template's words that have no parameter to go to.
struct ImportedComponent: Sendable {
  /// Where a figure came from, which decides its comment in the model file.
  enum Provenance: Sendable, Equatable {
    /// Written in the template (the property's name, and the line if known).
    case template(String, line: Int?)
    /// CloudFormation's documented default for a property the template leaves out.
    case awsDefault(String)
    /// Worked out from the template (a count of states, subscriptions …).
    case derived(String)
    /// A placeholder the template cannot give: measure it or set it.
    case assumed(String)
  }

  /// One parameter as it will be written: `name: value  # comment`.
  struct Figure: Sendable {
    var name: String
    /// The value in the model format's syntax (`512 MB`, `{p50: 5 ms, p99: 15 ms}`).
    var value: String
    var provenance: Provenance
  }

  /// The component's name in the model (`orders_queue`).
  var name: String
  /// The logical ID of the resource it stands for.
  var resource: String
  /// The resource's CloudFormation type.
  var type: String
  var kind: ComponentKind
  var label: String
  var figures: [Figure] = []
  /// Lines written as comments under the component: stated properties with no parameter.
  var notes: [String] = []

  /// Sets `name` (replacing an earlier figure of that name).
  /// - Parameters:
  ///   - name: the parameter.
  ///   - value: its value in model syntax.
  ///   - provenance: where it came from.
  mutating func set(_ name: String, _ value: String, _ provenance: Provenance) {
    let figure = Figure(name: name, value: value, provenance: provenance)
    if let index = figures.firstIndex(where: { $0.name == name }) {
      figures[index] = figure
    } else {
      figures.append(figure)
    }
  }

  /// The figure `name`, if set.
  /// - Parameter name: the parameter.
  /// - Returns: The figure.
  func figure(_ name: String) -> Figure? { figures.first { $0.name == name } }
}

/// A resource the importer did not turn into a component, and why.
public struct SkippedResource: Sendable, Equatable {
  /// The logical ID (or Terraform address).
  public var resource: String
  public var type: String
  /// True when the type only carries wiring or settings (a policy, a permission, an event
  /// source mapping); false when flowbook has no kind for it at all.
  public var readForWiring: Bool
}
