import Quantities

/// `show`, `show COMPONENT`, `show workload`, `show path`: the model as data.
enum ShowCommand {
  static let usage = "show [COMPONENT | workload | path | series]"

  static let command = Command(
    name: "show",
    synopsis: usage,
    summary: "show the model's components, one component's parameters, or the path",
    discussion: """
      Without an argument, lists every component with its kind, latency and budget. \
      `show NAME` lists a component's parameters with the source of each figure (the \
      comment beside it in the model file, or `set` if you changed it). `show path` \
      draws the wiring: hops, branches with their probabilities, fan-outs and retries.
      """,
    example: "show\nshow cdn\nshow path",
    completion: .components(["workload", "path", "series"]),
    run: { arguments, session in
      let model = try session.workspace.requireModel()
      guard let (name, span) = arguments.word() else {
        try arguments.expectEnd(usage: usage)
        return overview(model)
      }
      if name == "series" { return try ShowSeries.result(&arguments, session: session) }
      try arguments.expectEnd(usage: usage)
      if name == "path" { return path(model) }
      if name == ParameterAddress.workloadName {
        return parameters(title: "workload", model.workload.parameters, specs: WorkloadSchema.specs)
      }
      guard let component = model.component(named: name) else {
        throw Diagnostic(
          "no component named '\(name)'", span: span,
          suggestions: Suggestion.nearest(
            to: name, among: model.addressRoots + ["path"]))
      }
      let title = "\(component.name): \(component.label) (\(component.kind.rawValue))"
      var result = parameters(
        title: title,
        component.parameters, specs: component.kind.schema)
      result.blocks.insert(.text(Markup(component.kind.summary, .dimmed)), at: 0)
      return result
    })

  static func overview(_ model: PathModel) -> CommandResult {
    var table = ResultTable(
      title: "\(model.name): \(model.title)",
      columns: [
        .init("component", alignment: .left), .init("kind", alignment: .left),
        .init("latency", alignment: .left), .init("budget"),
      ])
    for component in model.components {
      table.append([
        .init(component.name, tag: .keyword), .init(component.kind.rawValue),
        .init(component["latency"]?.formatted ?? "-"),
        .init(
          component["budget"]?.formatted ?? "-", tag: .value,
          number: component["budget"]?.quantity?.value),
      ])
    }
    let workload = model.workload.parameters.map { "\($0.name) \($0.value.formatted)" }
    table.notes = [
      "workload: " + (workload.isEmpty ? "none" : workload.joined(separator: ", ")),
      "objective: " + (model.objective?.description ?? "none") + "; file: \(model.file)",
      "show NAME lists a component's parameters; show path draws the wiring.",
    ]
    return .table(table)
  }

  static func parameters(title: String, _ parameters: [Parameter], specs: [ParameterSpec])
    -> CommandResult
  {
    var table = ResultTable(
      title: title,
      columns: [
        .init("parameter", alignment: .left), .init("value", alignment: .left),
        .init("source", alignment: .left),
      ])
    for parameter in parameters {
      table.append([
        .init(parameter.name, tag: .keyword),
        .init(parameter.value.formatted, tag: .value, number: parameter.value.quantity?.value),
        .init(parameter.origin ?? "", tag: .dimmed),
      ])
    }
    let unset = specs.map(\.name).filter { name in !parameters.contains { $0.name == name } }
    if !unset.isEmpty { table.notes = ["also settable: " + unset.joined(separator: ", ")] }
    return .table(table)
  }

  static func path(_ model: PathModel) -> CommandResult {
    var lines: [String] = []
    draw(model.path, model, indent: "", into: &lines)
    return .line(
      Markup(lines.joined(separator: "\n")),
      data: .object([("path", .array(lines.map(JSONValue.string)))]))
  }

  private static func draw(
    _ node: PathNode, _ model: PathModel, indent: String,
    into lines: inout [String]
  ) {
    switch node {
    case .hop(let hop):
      let latency = model.component(named: hop.component)?["latency"]?.formatted ?? "?"
      lines.append(indent + hop.name + "  " + latency)
    case .series(let steps):
      if steps.isEmpty { lines.append(indent + "(done)") }
      for step in steps { draw(step, model, indent: indent, into: &lines) }
    case .branch(let arms):
      let weights = (try? model.probabilities(of: arms)) ?? arms.map { _ in Double.nan }
      for (index, (arm, weight)) in zip(arms, weights).enumerated() {
        let share = weight.isNaN ? "?" : Quantity.fraction(weight).formatted
        var source = ""
        if case .value(.parameter(let address)) = arm.probability { source = " (\(address))" }
        let last = index == arms.count - 1
        lines.append(
          indent + (last ? "└ " : "├ ") + (arm.name ?? "otherwise") + "  " + share
            + source)
        draw(arm.node, model, indent: indent + (last ? "    " : "│   "), into: &lines)
      }
    case .parallel(let fanOut):
      lines.append(indent + "parallel × \(fanOut.count), wait for all:")
      draw(fanOut.node, model, indent: indent + "    ", into: &lines)
    case .retry(let retry):
      lines.append(
        indent + "retry: timeout \(retry.timeout), \(retry.attempts) attempts, "
          + "backoff \(retry.backoff.formatted):")
      draw(retry.node, model, indent: indent + "    ", into: &lines)
    }
  }
}
