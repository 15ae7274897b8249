import Quantities

/// How one registered metric is derived: its formula, the inputs with their sources, the
/// intermediate values and the value they reach.
///
/// Why a value of its own rather than prose: `explain` prints it as text and JSON, tests
/// compare its `value` with what `AnalysisRegistry` gives for the same metric, and every
/// explainer builds it from the same report the analysis's `evaluate` reads, so the
/// derivation cannot drift from the number (one model, one answer).
public struct MetricExplanation: Sendable, Hashable {
  /// A figure the metric depends on, with where it came from.
  public struct Input: Sendable, Hashable {
    /// A parameter address (`cdn.hit_rate`), a price or quota id, or a convention's name.
    public var name: String
    /// The value as printed.
    public var value: String
    /// A seed line, an AWS page with its as-of date, "assumed", or "set in this session".
    public var source: String
  }

  /// An intermediate value on the way to the metric.
  public struct Step: Sendable, Hashable {
    /// What the value is.
    public var name: String
    /// The value as printed.
    public var value: String
    /// The value in base units (seconds, dollars, per second, fractions), when numeric.
    public var number: Double?
    /// The arithmetic that gives it.
    public var basis: String
  }

  /// `analysis.metric`, such as `latency.p99`.
  public var metric: String
  /// The metric's meaning, from its registry entry.
  public var meaning: String
  /// The formula, one line each.
  public var formula: [String]
  public var inputs: [Input] = []
  public var steps: [Step] = []
  /// The value the derivation reaches (nil for a text metric).
  public var value: Quantity?
  /// The value of a text metric (`capacity.first_limit`).
  public var text: String?
  /// Caveats: admitted load, unpriced usage, approximations.
  public var notes: [String] = []

  /// The value as `diff` prints it, except money, which prints to the cent.
  public var shownValue: String {
    if let text { return "\"\(text)\"" }
    guard let value else { return "-" }
    if let unit = value.display, unit.text.hasPrefix("$"), unit.factor > 0,
      value.dimension == .money || value.dimension == .moneyRate
    {
      return CostFormat.dollars(value.value / unit.factor) + unit.text.dropFirst()
    }
    return DiffCommand.format(value)
  }

  /// Adds an input, once per name (a component read by several hops is listed once).
  ///
  /// - Parameters:
  ///   - name: the address, price id or convention.
  ///   - value: the value as printed.
  ///   - source: where the value comes from.
  mutating func input(_ name: String, _ value: String, _ source: String) {
    guard !inputs.contains(where: { $0.name == name }) else { return }
    inputs.append(Input(name: name, value: value, source: source))
  }

  /// Adds an intermediate value.
  ///
  /// - Parameters:
  ///   - name: what the value is.
  ///   - value: the value as printed.
  ///   - number: the value in base units, if numeric.
  ///   - basis: the arithmetic that gives it.
  mutating func step(_ name: String, _ value: String, _ number: Double?, _ basis: String) {
    steps.append(Step(name: name, value: value, number: number, basis: basis))
  }
}

// MARK: - Rendering

extension MetricExplanation {
  /// The explanation as `explain` prints it: the value, the formula, the inputs and
  /// the steps, each a block.
  public var result: CommandResult {
    var blocks: [CommandResult.Block] = []
    var head = Markup("explain \(metric): ", .keyword)
    head.append(meaning + " = ")
    head.append(shownValue, .value)
    blocks.append(.text(head))
    blocks.append(.text(Markup(formula.map { "formula: " + $0 }.joined(separator: "\n"))))
    var inputTable = ResultTable(
      title: "inputs",
      columns: [
        .init("input", alignment: .left), .init("value", alignment: .left),
        .init("source", alignment: .left),
      ])
    for input in inputs {
      inputTable.append([
        .init(input.name, tag: .keyword), .init(input.value, tag: .value),
        .init(input.source, tag: .dimmed),
      ])
    }
    if !inputs.isEmpty { blocks.append(.table(inputTable)) }
    var stepTable = ResultTable(
      title: "derivation",
      columns: [
        .init("step", alignment: .left), .init("value"), .init("basis", alignment: .left),
      ])
    for step in steps {
      stepTable.append([
        .init(step.name), .init(step.value, tag: .value, number: step.number),
        .init(step.basis, tag: .dimmed),
      ])
    }
    stepTable.notes = notes
    if !steps.isEmpty { blocks.append(.table(stepTable)) }
    var last = Markup("\(metric) = ")
    last.append(shownValue, .value)
    blocks.append(.text(last))
    return CommandResult(blocks: blocks, data: json)
  }

  /// The explanation for `--json`: numbers in base units.
  public var json: JSONValue {
    var pairs: [(String, JSONValue)] = [
      ("metric", .string(metric)), ("meaning", .string(meaning)),
    ]
    if let value {
      pairs.append(("value", .number(value.value)))
      pairs.append(("unit", .string(value.dimension.baseUnits)))
    }
    if let text { pairs.append(("text", .string(text))) }
    pairs.append(("shown", .string(shownValue)))
    pairs.append(("formula", .array(formula.map(JSONValue.string))))
    pairs.append(
      (
        "inputs",
        .array(
          inputs.map {
            .object([
              ("name", .string($0.name)), ("value", .string($0.value)),
              ("source", .string($0.source)),
            ])
          })
      ))
    pairs.append(
      (
        "steps",
        .array(
          steps.map {
            .object([
              ("name", .string($0.name)), ("value", .string($0.value)),
              ("number", $0.number.map(JSONValue.number) ?? .null), ("basis", .string($0.basis)),
            ])
          })
      ))
    pairs.append(("notes", .array(notes.map(JSONValue.string))))
    return .object(pairs)
  }
}
