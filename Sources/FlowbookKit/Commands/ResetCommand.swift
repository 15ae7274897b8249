/// `reset [ADDRESS]`: undo what-ifs, all of them or one parameter's.
enum ResetCommand {
  static let usage = "reset [ADDRESS]"

  static let command = Command(
    name: "reset",
    synopsis: usage,
    summary: "put the model (or one parameter) back to the loaded baseline",
    example: "set cdn.hit_rate = 60%\nreset cdn.hit_rate\nreset",
    completion: .parameters,
    run: { arguments, session in
      let baseline = try session.workspace.requireBaseline()
      let current = try session.workspace.requireModel()
      guard let (name, span) = arguments.word() else {
        try arguments.expectEnd(usage: usage)
        // Counted as diff lists them: a parameter once, not once more per field of a
        // distribution.
        let changes = DiffCommand.changedParameters(baseline, current).count
        session.workspace.current = baseline
        return .line(
          Markup(
            "model reset to \(baseline.name) as loaded (\(changes) "
              + "parameter\(changes == 1 ? "" : "s") restored)"),
          data: .object([
            ("model", .string(baseline.name)),
            ("restored", .number(Double(changes))),
          ]))
      }
      try arguments.expectEnd(usage: usage)
      guard let address = ParameterAddress(name), current.knows(address) else {
        throw Diagnostic(
          "'\(name)' is not a parameter of this model", span: span,
          suggestions: Suggestion.nearest(
            to: name,
            among: current.settableAddresses))
      }
      let parameter = address.parameterAddress
      guard let original = try? baseline.value(at: parameter) else {
        // The loaded model left it at its default: the what-if is undone by unsetting it.
        do {
          session.workspace.current = try current.unsetting(parameter)
        } catch {
          var located = Diagnostic.from(error)
          located.span = span
          throw located
        }
        return .line(
          Markup("\(parameter) unset (the loaded model leaves it at its default)"),
          data: .object([
            ("address", .string(parameter.description)), ("value", .null),
          ]))
      }
      do {
        session.workspace.current = try current.setting(parameter, to: original)
      } catch {
        var located = Diagnostic.from(error)
        located.span = span
        throw located
      }
      return .line(
        Markup("\(parameter) = \(original.formatted) (baseline)"),
        data: .object([
          ("address", .string(parameter.description)),
          ("value", .string(original.formatted)),
        ]))
    })
}

extension PathModel {
  /// A copy without the parameter at `address`, so the component's (or workload's)
  /// default applies again; the path is checked as `setting` checks it.
  /// - Parameter address: a whole parameter (no field).
  /// - Returns: the copy.
  /// - Throws: a diagnostic when the path is no longer valid without it.
  func unsetting(_ address: ParameterAddress) throws(Diagnostic) -> PathModel {
    var copy = self
    if address.component == ParameterAddress.workloadName {
      copy.workload.parameters.removeAll { $0.name == address.parameter }
    } else if let index = components.firstIndex(where: { $0.name == address.component }) {
      copy.components[index].parameters.removeAll { $0.name == address.parameter }
    }
    do {
      try copy.validatePath()
    } catch {
      throw error.diagnostic(in: file)
    }
    return copy
  }
}
