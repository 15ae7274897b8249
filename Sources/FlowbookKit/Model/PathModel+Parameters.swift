import Foundation
import Quantities

/// Reading and changing parameters by address, with the schema's checks.
extension PathModel {
  /// The value at `address`: a whole parameter, or one field of a distribution (as a time).
  /// - Throws: a diagnostic naming the unknown part, with the nearest addresses.
  public func value(at address: ParameterAddress) throws(Diagnostic) -> ParameterValue {
    let specs = try schema(for: address)
    let parameters =
      address.component == ParameterAddress.workloadName
      ? workload.parameters : component(named: address.component)?.parameters ?? []
    guard let parameter = parameters.first(where: { $0.name == address.parameter }) else {
      if specs.contains(where: { $0.name == address.parameter }) {
        throw Diagnostic("\(address.parameterAddress) is not set in this model; set it first")
      }
      throw unknown(address)
    }
    guard let field = address.field else { return parameter.value }
    guard case .distribution(let d) = parameter.value else {
      throw Diagnostic(
        "\(address.parameterAddress) is \(parameter.value.formatted), not a "
          + "distribution; it has no field '\(field)'")
    }
    guard let seconds = DistributionSyntax.field(field, of: d) else {
      throw Diagnostic(
        "\(address.parameterAddress) is \(DistributionSyntax.format(d)), which has "
          + "no field '\(field)'",
        suggestions: Suggestion.nearest(to: field, among: DistributionSyntax.fields(of: d)))
    }
    return .quantity(Quantity(exactly: seconds, .time))
  }

  /// A copy of the model with `address` set to `value`, checked against the schema and the
  /// path (branch probabilities must still sum to 1).
  /// - Throws: a diagnostic saying what the value must be, or which branch it breaks.
  public func setting(_ address: ParameterAddress, to value: ParameterValue)
    throws(Diagnostic) -> PathModel
  {
    let specs = try schema(for: address)
    guard let spec = specs.first(where: { $0.name == address.parameter }) else {
      throw unknown(address)
    }
    let newValue: ParameterValue
    if let field = address.field {
      newValue = try settingField(field, of: address, to: value)
    } else {
      newValue = try ParameterChecker.check(value, against: spec, at: address)
    }
    var copy = self
    if address.component == ParameterAddress.workloadName {
      copy.workload.set(address.parameter, to: newValue)
    } else if let index = components.firstIndex(where: { $0.name == address.component }) {
      copy.components[index].set(address.parameter, to: newValue, origin: "set")
    }
    do {
      try copy.validatePath()
    } catch {
      throw error.diagnostic(in: file)
    }
    return copy
  }

  /// The value at `address` as a quantity (a distribution field is a time).
  public func quantity(at address: ParameterAddress) throws(Diagnostic) -> Quantity {
    switch try value(at: address) {
    case .quantity(let q): return q
    case .distribution(let d):
      throw Diagnostic(
        "\(address) is a distribution (\(DistributionSyntax.format(d))); "
          + "name one of its fields: "
          + DistributionSyntax.fields(of: d).map { "\(address).\($0)" }.joined(separator: ", "))
    case .text(let t): throw Diagnostic("\(address) is text (\(t)), not a number")
    }
  }

  private func settingField(_ field: String, of address: ParameterAddress, to value: ParameterValue)
    throws(Diagnostic) -> ParameterValue
  {
    guard case .distribution(let current) = try self.value(at: address.parameterAddress) else {
      throw Diagnostic("\(address.parameterAddress) is not a distribution; drop '.\(field)'")
    }
    guard let q = value.quantity, q.dimension == .time else {
      throw Diagnostic("\(address) must be a time, not \(value.formatted)")
    }
    guard let changed = DistributionSyntax.setting(field, of: current, to: q.value) else {
      let shape = DistributionSyntax.format(current)
      throw Diagnostic(
        "\(address.parameterAddress) is \(shape), which "
          + "has no field '\(field)'",
        suggestions: Suggestion.nearest(to: field, among: DistributionSyntax.fields(of: current)))
    }
    if let problem = DistributionSyntax.problem(changed) { throw Diagnostic(problem) }
    return .distribution(changed)
  }

  /// The schema rows for the address's component (or the workload's).
  private func schema(for address: ParameterAddress) throws(Diagnostic) -> [ParameterSpec] {
    if address.component == ParameterAddress.workloadName { return WorkloadSchema.specs }
    guard let component = component(named: address.component) else {
      throw Diagnostic(
        "no component named '\(address.component)' in model \(name)",
        suggestions: Suggestion.nearest(
          to: address.description,
          among: settableAddresses)
          + Suggestion.nearest(to: address.component, among: addressRoots))
    }
    return component.kind.schema
  }

  private func unknown(_ address: ParameterAddress) -> Diagnostic {
    if let retired = component(named: address.component)?.kind
      .retiredParameters[address.parameter]
    {
      return Diagnostic("\(address.component).\(retired)")
    }
    let kindName = component(named: address.component)?.kind.rawValue ?? "?"
    let kind =
      address.component == ParameterAddress.workloadName
      ? "the workload" : "\(address.component) (\(kindName))"
    return Diagnostic(
      "\(kind) has no parameter '\(address.parameter)'",
      suggestions: Suggestion.nearest(
        to: address.description,
        among: settableAddresses))
  }
}

extension Workload {
  mutating func set(_ name: String, to value: ParameterValue) {
    if let index = parameters.firstIndex(where: { $0.name == name }) {
      parameters[index].value = value
      parameters[index].origin = "set"
      parameters[index].position = nil
    } else {
      parameters.append(Parameter(name: name, value: value, origin: "set"))
    }
  }
}

/// Checks a value against a schema row: the one place the rules for each type live.
public enum ParameterChecker {
  /// The value, converted where the type allows (a time becomes a fixed distribution).
  /// - Throws: a diagnostic saying what the parameter must be, e.g. "cdn.hit_rate must be a
  ///   fraction (0–100%), not a time (80 ms)".
  public static func check(
    _ value: ParameterValue, against spec: ParameterSpec,
    at address: ParameterAddress
  ) throws(Diagnostic) -> ParameterValue {
    func wrong() -> Diagnostic {
      let what: String
      switch value {
      case .quantity(let q): what = "\(q.dimension.name) (\(q.formatted))"
      case .distribution(let d): what = "a distribution (\(DistributionSyntax.format(d)))"
      case .text(let t): what = "text (\"\(t)\")"
      }
      return Diagnostic("\(address) must be \(spec.type.name), not \(what)")
    }
    switch (spec.type, value) {
    case (.quantity(let dimension), .quantity(let q)):
      guard q.dimension == dimension else { throw wrong() }
      guard q.value >= 0 || dimension == .money else {
        throw Diagnostic("\(address) cannot be negative (\(q.formatted))")
      }
      try bounded(q, dimension, spec, address)
      return value
    case (.fraction, .quantity(let q)):
      guard q.dimension.isDimensionless else { throw wrong() }
      guard (0...1).contains(q.value) else {
        // As a percentage only while ×100 stays finite (1.8e308 would not).
        let shown =
          abs(q.value) <= 1e6
          ? Quantity.fraction(q.value).formatted : Quantity.formatNumber(q.value)
        throw Diagnostic("\(address) must be between 0% and 100%, not \(shown)")
      }
      return .quantity(Quantity.fraction(q.value))
    case (.count, .quantity(let q)):
      guard q.dimension.isDimensionless else { throw wrong() }
      guard q.value >= 0 else { throw Diagnostic("\(address) cannot be negative (\(q.formatted))") }
      try bounded(q, .none, spec, address)
      return value
    case (.distribution, .quantity(let q)):
      guard q.dimension == .time else { throw wrong() }
      return try checked(.fixed(q.value), address)
    case (.distribution, .distribution(let d)):
      return try checked(d, address)
    case (.text, .text(let text)):
      try checkChoice(text, spec, address)
      return value
    default:
      throw wrong()
    }
  }

  /// Throws unless `text` is one of the spec's choices (or, when combinable, several of
  /// them joined by `+` or `,`); a spec without choices takes any text.
  private static func checkChoice(
    _ text: String, _ spec: ParameterSpec, _ address: ParameterAddress
  ) throws(Diagnostic) {
    if let names = spec.shares {
      do {
        _ = try ShareList.parse(text, among: names)
      } catch {
        throw Diagnostic("\(address): \(error.message)", suggestions: error.suggestions)
      }
    }
    guard let choices = spec.choices else { return }
    let parts =
      spec.combinable
      ? text.lowercased().split(whereSeparator: { $0 == "+" || $0 == "," }).map {
        $0.trimmingCharacters(in: .whitespaces)
      }
      : [text.lowercased().trimmingCharacters(in: .whitespaces)]
    for part in parts where !choices.contains(part) {
      let shown = parts.count > 1 ? "\"\(part)\" in \"\(text)\"" : "\"\(text)\""
      throw Diagnostic(
        "\(address) must be one of \(choices.joined(separator: ", "))"
          + (spec.combinable ? " (or several joined by +)" : "") + ", not \(shown)",
        suggestions: Suggestion.nearest(to: part, among: choices))
    }
    if parts.isEmpty {
      throw Diagnostic("\(address) must be one of \(choices.joined(separator: ", "))")
    }
  }

  /// Refuses a value outside `ParameterLimits`, naming the bound.
  private static func bounded(
    _ q: Quantity, _ dimension: PhysicalDimension, _ spec: ParameterSpec,
    _ address: ParameterAddress
  ) throws(Diagnostic) {
    if let problem = ParameterLimits.problem(q.value, dimension, name: spec.name) {
      throw Diagnostic("\(address) is out of range (\(q.formatted)): \(problem)")
    }
  }

  private static func checked(_ d: Distribution, _ address: ParameterAddress) throws(Diagnostic)
    -> ParameterValue
  {
    if let problem = DistributionSyntax.problem(d) { throw Diagnostic("\(address): \(problem)") }
    return .distribution(d)
  }
}
