import Quantities

/// `help`, `help NAME` and `help units`: documentation derived from the registry.
enum HelpCommand {
  static let command = Command(
    name: "help",
    synopsis: "help [COMMAND | units | syntax]",
    summary: "list commands, or show one command's usage and a worked example",
    discussion: """
      Without an argument, lists every command with one line each. `help units` lists \
      every unit; `help syntax` explains expressions.
      """,
    example: "help latency",
    completion: .words(["units", "syntax"]),
    run: { arguments, session in
      guard let (topic, span) = arguments.word() else {
        return overview(session.registry)
      }
      try arguments.expectEnd(usage: "help [COMMAND | units | syntax]")
      switch topic {
      case "units": return units()
      case "syntax": return .line(Markup(syntax), data: .object([("topic", .string("syntax"))]))
      default:
        guard let command = session.registry.command(named: topic) else {
          throw Diagnostic(
            "no command named '\(topic)'", span: span,
            suggestions: Suggestion.nearest(
              to: topic, among: session.registry.names + ["units", "syntax"]))
        }
        return detail(command)
      }
    })

  static func overview(_ registry: CommandRegistry) -> CommandResult {
    var table = ResultTable(
      columns: [.init("command", alignment: .left), .init("what it does", alignment: .left)])
    for command in registry.commands {
      table.append([.init(command.name, tag: .keyword), .init(command.summary)])
    }
    table.notes = [
      "Anything else is an expression: 2.5M rps * 45 ms, $3.50 / 1M req * 10B req/month -> $/month.",
      "help COMMAND shows usage and an example; help units lists units; quit or Ctrl-D leaves.",
    ]
    return .table(
      table,
      data: .array(
        registry.commands.map {
          .object([("name", .string($0.name)), ("summary", .string($0.summary))])
        }))
  }

  static func detail(_ command: Command) -> CommandResult {
    var text = Markup("usage: ", .heading)
    text.append(command.synopsis, .keyword)
    text.append("\n" + command.summary)
    if !command.discussion.isEmpty { text.append("\n\n" + command.discussion) }
    text.append("\n\nexample:\n", .heading)
    text.append(
      command.example.split(separator: "\n").map { "  fb> " + $0 }.joined(separator: "\n"))
    return .line(
      text,
      data: .object([
        ("name", .string(command.name)), ("synopsis", .string(command.synopsis)),
        ("summary", .string(command.summary)), ("example", .string(command.example)),
      ]))
  }

  static func units() -> CommandResult {
    var table = ResultTable(columns: [
      .init("unit", alignment: .left), .init("also", alignment: .left),
      .init("dimension", alignment: .left), .init("meaning", alignment: .left),
    ])
    for unit in UnitTable.all {
      table.append([
        .init(unit.symbol, tag: .unit),
        .init(unit.aliases.prefix(4).joined(separator: " ") + (unit.aliases.count > 4 ? " …" : "")),
        .init(unit.dimension.name), .init(unit.summary),
      ])
    }
    table.notes = [
      "Numbers take k, M, B (or G) and T directly after the digits: 2.5M rps, 10B req.",
      "KB MB GB TB are decimal (10^3 B …), KiB MiB GiB TiB binary (2^10 B …).",
      "GB-s, GB-h and GB-month count AWS's billing GB of 1,024 MB, as AWS divides "
        + "configured memory MB by 1,024: 1769 MB * 45 ms -> GB-s is Lambda's 0.077739 GB-s, "
        + "the figure cost bills; write memory in MB (1.5 GB is 1,500 MB, not 1,536).",
    ]
    return .table(table)
  }

  static let syntax = """
    Expressions: numbers with units, + - * / ^ and parentheses.
      2.5M rps * 45 ms            a count (Little's law: 112,500 in flight)
      $3.50 / 1M req * 10B req/month -> $/month
      1769 MB -> GB               convert with -> (or in)
      let peak = 2.5M rps         name a value; use it later as peak
    Numbers: 2.5M 10B 1,769 1e-3; a letter after a space is a unit (10 B is ten bytes).
    Writing a unit next to a number multiplies, and binds tighter than /.
    Functions: min max abs sqrt ceil floor round.
    """
}

/// `vars`: the session's variables.
enum VariablesCommand {
  static let command = Command(
    name: "vars",
    synopsis: "vars",
    summary: "list the variables defined with let",
    example: "let peak = 2.5M rps\nvars",
    run: { arguments, session in
      try arguments.expectEnd(usage: "vars")
      var table = ResultTable(columns: [.init("name", alignment: .left), .init("value")])
      for name in session.variables.keys.sorted() {
        guard let value = session.variables[name] else { continue }
        table.append([.init(name, tag: .keyword), .init(value.formatted, tag: .value)])
      }
      if table.rows.isEmpty {
        return .line("no variables yet: let NAME = VALUE", data: .object([]))
      }
      return .table(
        table,
        data: .object(
          session.variables.keys.sorted().compactMap { name in
            session.variables[name].map { (name, $0.json) }
          }))
    })
}
