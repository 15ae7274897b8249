import Quantities

/// `set ADDRESS = VALUE`: change one parameter of the current model, unit-checked.
enum SetCommand {
  static let usage = "set ADDRESS = VALUE"

  static let command = Command(
    name: "set",
    synopsis: usage,
    summary: "change a model parameter (what-if); reset undoes, diff compares",
    discussion: """
      ADDRESS is component.parameter (cdn.hit_rate, lambda.cold_start_rate), a field of a \
      distribution (dynamodb.latency.p99) or workload.NAME. VALUE is any expression with \
      units, checked against the parameter's dimension: a hit rate takes a fraction, a \
      latency takes a time or a distribution written lognormal(P50, P99), \
      exponential(MEAN), uniform(LOW, HIGH) or fixed(T). Branch probabilities that read \
      the parameter must still sum to 100%.
      """,
    example: """
      set cdn.hit_rate = 80%
      set dynamodb.latency.p99 = 30 ms
      set lambda.cold_start_rate = lambda.cold_start_rate / 2
      """,
    completion: .parameters,
    run: { arguments, session in
      let model = try session.workspace.requireModel()
      guard let (name, span) = arguments.word() else {
        throw Diagnostic(
          "expected a parameter address such as cdn.hit_rate; usage: \(usage)",
          span: arguments.currentSpan)
      }
      guard let address = ParameterAddress(name) else {
        throw Diagnostic(
          "'\(name)' is not a parameter address (component.parameter)", span: span,
          suggestions: Suggestion.nearest(to: name, among: model.settableAddresses))
      }
      guard arguments.takeSymbol("=") else {
        throw Diagnostic("expected '=' after \(name); usage: \(usage)", span: arguments.currentSpan)
      }
      let expression = try arguments.expression()
      try arguments.expectEnd(usage: usage)
      let previous = try? model.value(at: address)
      let value = try ValueExpression.evaluate(expression, with: arguments.evaluator)
      let changed: PathModel
      do {
        changed = try model.setting(address, to: value)
      } catch {
        var located = Diagnostic.from(error)
        located.span = model.knows(address) ? expression.span : span
        throw located
      }
      session.workspace.current = changed
      let now = (try? changed.value(at: address)) ?? value
      let shown = echo(now, typed: value)
      let was = previous.map { echo($0, typed: value) }
      var line = Markup(address.description, .keyword)
      line.append(" = ")
      line.append(shown, .value)
      if let was { line.append("  (was \(was))", .dimmed) }
      let keeping = changed.regions.filter { region in
        region.overrides.contains { $0.address == address.parameterAddress }
      }.map(\.name)
      if !keeping.isEmpty {
        line.append(
          "; " + keeping.joined(separator: ", ")
            + (keeping.count == 1 ? " keeps its own" : " keep their own")
            + " (regions: overrides)",
          .dimmed)
      }
      return .line(
        line,
        data: .object([
          ("address", .string(address.description)), ("value", .string(shown)),
          ("number", now.quantity.map { .number($0.value) } ?? .null),
          ("previous", was.map(JSONValue.string) ?? .null),
        ]))
    })
}

extension SetCommand {
  /// A parameter's value in the unit the person typed (`$0.04937/h` echoes per hour, not
  /// per month), or as the model shows it when nothing was typed with a unit.
  /// - Parameters:
  ///   - value: the value held by the model.
  ///   - typed: the value as evaluated from what was typed.
  /// - Returns: the text to echo.
  static func echo(_ value: ParameterValue, typed: ParameterValue) -> String {
    guard case .quantity(let held) = value, case .quantity(let entered) = typed,
      let unit = entered.display, let converted = try? held.converted(to: unit)
    else { return value.formatted }
    return converted.formatted
  }
}

extension PathModel {
  /// The schema row of the parameter an address names, if any.
  func spec(for address: ParameterAddress) -> ParameterSpec? {
    if address.component == ParameterAddress.workloadName {
      return WorkloadSchema.spec(named: address.parameter)
    }
    return component(named: address.component)?.kind.spec(named: address.parameter)
  }

  /// True when `address` names a parameter (or field) this model can hold, set or not.
  func knows(_ address: ParameterAddress) -> Bool {
    if address.component == ParameterAddress.workloadName {
      return WorkloadSchema.spec(named: address.parameter) != nil
    }
    guard let component = component(named: address.component),
      component.kind.spec(named: address.parameter) != nil
    else { return false }
    guard let field = address.field else { return true }
    guard case .distribution(let d)? = component[address.parameter] else { return false }
    return DistributionSyntax.fields(of: d).contains(field)
  }
}
