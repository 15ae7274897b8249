import Quantities

/// A request path as data: components with parameters, the wiring between them, and the
/// workload — what `datasets/*.yaml` describes and every analysis reads.
///
/// A model is a value: `set` makes a changed copy (`setting(_:to:)`), so the session can
/// keep the loaded baseline beside the current model and `diff` compares the two.
public struct PathModel: Sendable, Hashable {
  /// The model's short name (`golden-path`).
  public var name: String
  /// One line saying what the model is.
  public var title: String
  /// Where the figures come from (the seed file, the calibration).
  public var sources: [String]
  /// The file the model was loaded from, as given to the loader.
  public var file: String
  public var components: [Component]
  public var workload: Workload
  /// The whole request path, from the client's first hop.
  public var path: PathNode
  /// Asynchronous paths fed by a component's writes or visits (`side_paths:`), in the
  /// order they were written; none by default.
  public var sidePaths: [SidePath] = []
  /// The end-to-end latency objective the model states (such as p99 < 100 ms), if any.
  public var objective: LatencyObjective?
  /// The regions the path is deployed in, active-active (`regions:`); empty for one.
  public var regions: [Region] = []
  /// A grid step (seconds) for latency composition, overriding the engine's choice.
  ///
  /// Nil everywhere except in sweeps, which compose every point on one lattice, twice as
  /// coarse as the one the engine chose for the starting model (1/200 of its median instead
  /// of 1/400): it halves the cells, skips a pilot composition per point, and neighbouring
  /// points then differ only by the parameter, never by a change of grid. On the golden
  /// path the printed (three-digit) percentiles equal `latency`'s.
  public var compositionStep: Double?
  /// The scenario the last `simulate` ran on this model, so that the `simulate` analysis
  /// (`sweep … show simulate.recovered`) re-runs it at every point; nil until then.
  public var simulation: SimulationScenario?
  /// Cold-start shares by function to use instead of the structural estimate.
  ///
  /// Nil (the default) derives them from the load (`coldStartEstimates`). Set to `[:]`
  /// (all warm) on the copy that estimate measures the load on, so it does not recurse.
  var fixedColdStarts: [String: Double]?

  public init(
    name: String, title: String = "", sources: [String] = [], file: String = "",
    components: [Component], workload: Workload = Workload(), path: PathNode,
    objective: LatencyObjective? = nil
  ) {
    self.name = name
    self.title = title
    self.sources = sources
    self.file = file
    self.components = components
    self.workload = workload
    self.path = path
    self.objective = objective
  }

  /// The component called `name`.
  public func component(named name: String) -> Component? {
    components.first { $0.name == name }
  }

  /// The names that may start an address: the components, then `workload`.
  public var addressRoots: [String] {
    components.map(\.name) + [ParameterAddress.workloadName]
  }

  /// Every address that currently holds a value (for completion and "did you mean").
  public var addresses: [String] {
    var out: [String] = []
    for component in components {
      for parameter in component.parameters {
        out.append("\(component.name).\(parameter.name)")
        if case .distribution(let d) = parameter.value {
          let prefix = "\(component.name).\(parameter.name)."
          out += DistributionSyntax.fields(of: d).map { prefix + $0 }
        }
      }
    }
    out += workload.parameters.map { "\(ParameterAddress.workloadName).\($0.name)" }
    return out
  }

  /// Every address that `set` accepts: each component's whole schema, and the workload's.
  public var settableAddresses: [String] {
    var out = addresses
    for component in components {
      out += component.kind.parameterNames.map { "\(component.name).\($0)" }
    }
    out += WorkloadSchema.specs.map { "\(ParameterAddress.workloadName).\($0.name)" }
    return Array(Set(out)).sorted()
  }
}

/// An end-to-end latency objective: a percentile and the time it must stay under.
public struct LatencyObjective: Sendable, Hashable, CustomStringConvertible {
  /// The percentile as a probability (0.99 for p99).
  public var percentile: Double
  /// The limit in seconds.
  public var limit: Double

  public init(percentile: Double, limit: Double) {
    self.percentile = percentile
    self.limit = limit
  }

  /// `p99`, `p99.9`, `p50`.
  public var percentileName: String { LatencyObjective.name(ofPercentile: percentile) }

  public var description: String {
    "\(percentileName) < \(Quantity(exactly: limit, .time).formatted)"
  }

  /// The conventional name of a percentile: 0.99 → `p99`, 0.999 → `p99.9`.
  public static func name(ofPercentile p: Double) -> String {
    "p" + Quantity.formatNumber(p * 100)
  }
}

extension LatencyObjective {
  /// Reads `p99 < 100 ms` (also `p99.9 <= 150 ms`).
  /// - Throws: a message showing the expected form.
  public static func parse(_ text: String) throws(Diagnostic) -> LatencyObjective {
    let usage = "an objective is written like p99 < 100 ms"
    var parser = Parser(tokens: try Lexer.tokenize(text))
    guard let word = parser.current.identifier, word.hasPrefix("p"),
      let number = Double(word.dropFirst()), number > 0, number < 100
    else {
      throw Diagnostic(usage, span: parser.current.span)
    }
    _ = parser.advance()
    guard parser.current.isSymbol("<") || parser.current.isSymbol("<=") else {
      throw Diagnostic("\(usage) (expected '<')", span: parser.current.span)
    }
    _ = parser.advance()
    let expression = try parser.parseExpression()
    try parser.expectEnd()
    let limit = try Evaluator(resolver: NoNames(), sourceText: text).quantity(expression)
    guard limit.dimension == .time, limit.value > 0 else {
      throw Diagnostic(
        "an objective's limit must be a positive time, not \(limit.formatted)",
        span: expression.span)
    }
    return LatencyObjective(percentile: number / 100, limit: limit.value)
  }
}
