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
        let changes = Set(current.addresses).union(baseline.addresses).filter { address in
          guard let a = ParameterAddress(address) else { return false }
          return (try? current.value(at: a)) != (try? baseline.value(at: a))
        }.count
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
      let original: ParameterValue
      do {
        original = try baseline.value(at: address.parameterAddress)
      } catch {
        throw Diagnostic(
          "\(address) was not set in the loaded model, so there is nothing to "
            + "reset it to; use reset to restore everything", span: span)
      }
      do {
        session.workspace.current = try current.setting(address.parameterAddress, to: original)
      } catch {
        var located = Diagnostic.from(error)
        located.span = span
        throw located
      }
      return .line(
        Markup("\(address.parameterAddress) = \(original.formatted) (baseline)"),
        data: .object([
          ("address", .string(address.parameterAddress.description)),
          ("value", .string(original.formatted)),
        ]))
    })
}
