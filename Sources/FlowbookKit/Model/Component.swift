/// One service on the path: a name, a kind and its parameters (in file order).
public struct Component: Sendable, Hashable {
  /// The name the model gives it (`cdn`, `lambda`, `redis`): the first part of addresses.
  public var name: String
  public var kind: ComponentKind
  /// Parameters set in the file, in file order, followed by schema defaults not set there.
  public var parameters: [Parameter]
  /// Where the component is declared in its model file.
  public var position: FilePosition?

  public init(
    name: String, kind: ComponentKind, parameters: [Parameter] = [], position: FilePosition? = nil
  ) {
    self.name = name
    self.kind = kind
    self.parameters = parameters
    self.position = position
  }

  /// The parameter called `name`, if set or defaulted.
  public func parameter(_ name: String) -> Parameter? {
    parameters.first { $0.name == name }
  }

  /// The value of `name`, if set or defaulted.
  public subscript(name: String) -> ParameterValue? {
    parameter(name)?.value
  }

  /// The display name: its `label` parameter, else its model name.
  public var label: String {
    if case .text(let text)? = self["label"] { return text }
    return name
  }

  /// Replaces (or adds) a parameter's value, keeping its place and provenance.
  public mutating func set(_ name: String, to value: ParameterValue, origin: String? = nil) {
    if let index = parameters.firstIndex(where: { $0.name == name }) {
      parameters[index].value = value
      parameters[index].origin = origin ?? parameters[index].origin
      parameters[index].position = nil
    } else {
      parameters.append(Parameter(name: name, value: value, origin: origin))
    }
  }

  /// Adds the schema's defaults for parameters the file left out.
  public mutating func fillDefaults(from specs: [ParameterSpec]) {
    for spec in specs where parameter(spec.name) == nil {
      if let value = spec.defaultValue {
        parameters.append(Parameter(name: spec.name, value: value, origin: "default"))
      }
    }
  }
}
