import Quantities

/// The REPL's state and the one entry point for running a command.
///
/// The shell, scripts, `-e`, notebooks and tests all go through `execute(_:)`, which never
/// throws and never crashes on user input: every failure becomes a cell holding a
/// `Diagnostic`, and the session carries on with its state intact.
public final class Session: NameResolver {
  public let registry: CommandRegistry
  public var variables: [String: Value] = [:]
  public var environment: SessionEnvironment
  /// The path model under study and its baseline (see `ModelWorkspace`).
  public var workspace: ModelWorkspace
  /// Every command run so far, in order: the material of a notebook.
  public private(set) var cells: [Cell] = []
  /// What a saved notebook adds to the cells: notes, stamps, files read (see `save`).
  public var notebook = NotebookRecording()
  /// The last `simulate` run (its result, time series and cost) and the progress hook;
  /// reports read `simulation.last` (see `SimulationState`).
  public var simulation = SimulationState()

  /// A session with the default model loaded, or `workspace` when one is given.
  /// - Parameters:
  ///   - registry: the commands available.
  ///   - environment: where files are read and written, and the seed.
  ///   - workspace: a starting model already loaded (fuzzing replays thousands of
  ///     notebooks); by default the one `ModelWorkspace.startingDefault` finds.
  public init(
    registry: CommandRegistry = .standard, environment: SessionEnvironment = .init(),
    workspace: ModelWorkspace? = nil
  ) {
    self.registry = registry
    self.environment = environment
    self.workspace =
      workspace ?? .startingDefault(workingDirectory: environment.workingDirectory)
  }

  // MARK: - Running

  /// Runs one command (no `;`), records it, and returns its cell.
  @discardableResult
  public func execute(
    _ text: String, sourceName: String = "<input>", line: Int = 1, typedLines: [String]? = nil
  ) -> Cell {
    let source = Source(text, name: sourceName, firstLine: line)
    let outcome: Cell.Outcome
    do {
      outcome = .success(try run(source))
    } catch {
      outcome = .failure(Diagnostic.from(error).located(in: source))
    }
    let cell = Cell(input: text, outcome: outcome)
    // A command stopped by the user has no result: it is shown, never recorded, so a
    // saved notebook does not replay (and wait for) what the user gave up on.
    if !cell.succeeded, environment.interruption?.isRequested == true { return cell }
    cells.append(cell)
    notebook.didRun(cellAt: cells.count - 1, typedLines: typedLines)
    return cell
  }

  /// Adds a cell that did not run here (a trusted notebook's recorded output).
  /// - Parameter cell: the cell, as the notebook recorded it.
  func appendCell(_ cell: Cell) {
    cells.append(cell)
    notebook.didRun(cellAt: cells.count - 1)
  }

  /// Runs every command in `text` until the first failure; returns the cells run.
  public func executeScript(_ text: String, sourceName: String = "<input>") -> [Cell] {
    var ran: [Cell] = []
    for statement in ScriptReader.statements(in: text) {
      let cell = execute(statement.text, sourceName: sourceName, line: statement.line)
      ran.append(cell)
      if !cell.succeeded { break }
    }
    return ran
  }

  private func run(_ source: Source) throws -> CommandResult {
    let tokens = try tokenize(source.text)
    if let first = tokens.first?.identifier, let command = registry.command(named: first) {
      var arguments = Arguments(source: source, tokens: tokens, startIndex: 1, resolver: self)
      do {
        return try command.run(&arguments, self)
      } catch {
        throw Self.placed(Diagnostic.from(error), in: source, command: tokens[0].span)
      }
    }
    if let first = tokens.first, let word = first.identifier, !isKnown(word) {
      if var problem = problem(named: word) {
        problem.span = first.span
        throw problem
      }
      throw Diagnostic(
        "unknown command or name '\(word)'", span: first.span,
        suggestions: Suggestion.nearest(
          to: word,
          among: registry.names + knownNames
            + UnitTable.spellings))
    }
    var parser = Parser(tokens: tokens)
    let statement = try parser.parseStatement()
    if !parser.isAtEnd {
      throw Diagnostic(
        "unexpected \(parser.describe(parser.current)) here", span: parser.current.span)
    }
    return try evaluate(statement, source)
  }

  /// A command's error with a place in the line.
  ///
  /// One the command did not place (a model lacking a parameter, a scenario out of range)
  /// points at the whole command line, so every error about a line has its caret. Errors
  /// placed in another file, and a stop requested by the user, are left as they are.
  /// - Parameters:
  ///   - diagnostic: what the command threw.
  ///   - source: the command line.
  ///   - command: where the command's name is.
  /// - Returns: The diagnostic, with a span when it had none.
  static func placed(_ diagnostic: Diagnostic, in source: Source, command: Span) -> Diagnostic {
    guard diagnostic.span == nil, diagnostic.source == nil, !diagnostic.isInterruption else {
      return diagnostic
    }
    var placed = diagnostic
    let bytes = Array(source.text.utf8)
    var end = bytes.count
    while end > command.end, bytes[end - 1] == UInt8(ascii: " ") { end -= 1 }
    placed.span = Span(command.start, max(command.end, end))
    return placed
  }

  private func evaluate(_ statement: Statement, _ source: Source) throws(Diagnostic)
    -> CommandResult
  {
    let evaluator = Evaluator(resolver: self, sourceText: source.text)
    switch statement {
    case .evaluate(let expression):
      let value = try evaluator.evaluate(expression)
      return .line(Markup(value.formatted, .value), data: value.json)
    case .bind(let name, let nameSpan, let expression):
      try checkBindable(name, nameSpan)
      let value = try evaluator.evaluate(expression)
      variables[name] = value
      var line = Markup(name, .keyword)
      line.append(" = ")
      line.append(value.formatted, .value)
      return .line(line, data: .object([("name", .string(name)), ("value", value.json)]))
    }
  }

  private func checkBindable(_ name: String, _ span: Span) throws(Diagnostic) {
    if UnitTable.lookup(name) != nil {
      throw Diagnostic("'\(name)' is a unit; choose another name", span: span)
    }
    if registry.command(named: name) != nil || Evaluator.functions[name] != nil {
      throw Diagnostic("'\(name)' is a command or function name; choose another name", span: span)
    }
    if name.contains(".") {
      throw Diagnostic(
        "variable names cannot contain '.'; dotted names are model parameters (use set)",
        span: span)
    }
  }

  /// Whether a first word can start an expression: a unit, name, function or `let`.
  private func isKnown(_ word: String) -> Bool {
    word == "let" || UnitTable.lookup(word) != nil || value(named: word) != nil
      || Evaluator.functions[word] != nil
  }

  // MARK: - Names

  /// Variables first, then model parameters by address (`cdn.hit_rate * 2`).
  public func value(named name: String) -> Value? {
    variables[name] ?? modelValue(named: name) ?? priceValue(named: name)
  }

  public var knownNames: [String] {
    Array(variables.keys) + (workspace.current?.addresses ?? []) + metricNames + priceNames
  }

  /// Why a name has no value, beyond "unknown name": a price not in the catalog or
  /// without a confirmed figure.
  /// - Parameter name: the name that has no value.
  /// - Returns: the diagnostic, or nil.
  public func problem(named name: String) -> Diagnostic? {
    priceProblem(named: name)
  }
}

/// Where a session reads and writes files, and its seed: what differs between the
/// interactive shell, a script, and a notebook replayed in CI.
public struct SessionEnvironment: Sendable {
  /// Relative paths in commands resolve against this directory.
  public var workingDirectory: String
  /// The seed for simulations when a command does not name one.
  public var seed: UInt64
  /// Where commands may write files; replay narrows it to the notebook's folder.
  public var writePolicy: WritePolicy
  /// Where commands may read files; replay narrows it to the notebook's folder (the
  /// datasets folder stays readable: `Session.readGate`).
  public var readPolicy: PathPolicy
  /// How the shell asks a long command to stop (Ctrl-C); nil where nothing can ask.
  public var interruption: Interruption?

  public init(
    workingDirectory: String = ".", seed: UInt64 = 1, writePolicy: WritePolicy = .anywhere,
    readPolicy: PathPolicy = .anywhere
  ) {
    self.workingDirectory = workingDirectory
    self.seed = seed
    self.writePolicy = writePolicy
    self.readPolicy = readPolicy
  }
}
