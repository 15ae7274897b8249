import Foundation
import Quantities
import Yams

/// Scalars and distributions in model files.
///
/// A scalar is read with the shell's own expression parser (`15 ms`, `95%`, `1,769 MB`,
/// `$3.50 / 1M req`, `lognormal(5 ms, 12 ms)`), so errors inside it get a caret at the
/// exact character. Distributions may also be written as mappings:
///
///     latency: {p50: 5 ms, p99: 12 ms}          # lognormal
///     latency: {mean: 2 ms}                      # exponential
///     latency: {lower: 1 ms, upper: 4 ms}        # uniform
///     latency: {mixture: [{weight: 89%, latency: …}, {weight: 11%, latency: …}]}
///     latency: {samples: [3 ms, 4 ms, 9 ms]}     # empirical, point masses
///     latency: {samples_file: x.csv, unit: ms}   # one sample per line (first column)
///     latency: {histogram: [{from: 0 ms, to: 5 ms, weight: 120}, …]}
extension ModelLoader {
  /// Reads one parameter's value node for a parameter of `type`.
  func parameterValue(_ node: Node, type: ParameterType, address: ParameterAddress)
    throws(Diagnostic) -> ParameterValue
  {
    if type == .text { return .text(try string(node, what: "\(address)")) }
    if node.mapping != nil {
      guard type == .distribution else {
        throw error("\(address) must be \(type.name), written as a single value", at: node)
      }
      return .distribution(try distribution(node, address: address))
    }
    return try scalarValue(node)
  }

  /// Evaluates a scalar node as an expression, with carets inside the scalar.
  func scalarValue(_ node: Node) throws(Diagnostic) -> ParameterValue {
    let raw = try string(node, what: "value")
    do {
      return try ValueExpression.parse(raw)
    } catch {
      var shifted = error
      if let span = error.span, let start = text.contentOffset(of: node) {
        shifted.span = span.shifted(by: start)
      } else {
        shifted.span = text.span(of: node)
      }
      throw shifted
    }
  }

  /// A scalar that must be a time, in seconds.
  func time(_ node: Node, what: String) throws(Diagnostic) -> Double {
    let value = try scalarValue(node)
    guard let q = value.quantity, q.dimension == .time else {
      throw error("\(what) must be a time, not \(value.formatted)", at: node)
    }
    guard q.value >= 0 else {
      throw error("a latency cannot be negative (\(q.formatted))", at: node)
    }
    return q.value
  }

  func distribution(_ node: Node, address: ParameterAddress) throws(Diagnostic) -> Distribution {
    guard let mapping = node.mapping else {
      guard let d = try scalarValue(node).distribution else {
        throw error("\(address) must be a time or a distribution", at: node)
      }
      if let problem = DistributionSyntax.problem(d) { throw error(problem, at: node) }
      return d
    }
    let keys = Set(mapping.keys.compactMap { $0.scalar?.string })
    let result: Distribution
    switch keys {
    case ["p50", "p99"]:
      result = .lognormal(
        p50: try time(need(mapping, "p50"), what: "p50"),
        p99: try time(need(mapping, "p99"), what: "p99"))
    case ["mean"]:
      result = .exponential(mean: try time(need(mapping, "mean"), what: "mean"))
    case ["lower", "upper"]:
      result = .uniform(
        lower: try time(need(mapping, "lower"), what: "lower"),
        upper: try time(need(mapping, "upper"), what: "upper"))
    case ["mixture"]:
      result = .mixture(try mixture(need(mapping, "mixture"), address: address))
    case ["samples"]:
      var samples: [Double] = []
      for item in try need(mapping, "samples").array() {
        samples.append(try time(item, what: "a sample"))
      }
      result = .empirical(EmpiricalDistribution(samples: samples))
    case ["samples_file"], ["samples_file", "unit"]:
      result = .empirical(try samplesFile(mapping))
    case ["histogram"]:
      result = .empirical(try histogram(need(mapping, "histogram")))
    default:
      throw error(
        "a distribution is written {p50, p99}, {mean}, {lower, upper}, {mixture}, "
          + "{samples}, {samples_file} or {histogram}, or as a time", at: node,
        suggestions: Suggestion.nearest(
          to: keys.sorted().joined(separator: ", "),
          among: ["p50, p99", "mean", "lower, upper", "mixture", "samples", "histogram"]))
    }
    if let problem = DistributionSyntax.problem(result) { throw error(problem, at: node) }
    return result
  }

  private func need(_ mapping: Node.Mapping, _ key: String) throws(Diagnostic) -> Node {
    guard let node = mapping[key] else { throw Diagnostic("missing \(key):") }
    return node
  }

  private func mixture(_ node: Node, address: ParameterAddress) throws(Diagnostic)
    -> [WeightedDistribution]
  {
    var arms: [WeightedDistribution] = []
    for item in node.array() {
      guard let arm = item.mapping, let weightNode = arm["weight"], let latency = arm["latency"]
      else {
        throw error("each mixture arm is {weight: 11%, latency: …}", at: item)
      }
      guard let weight = try scalarValue(weightNode).quantity, weight.dimension.isDimensionless,
        (0...1).contains(weight.value)
      else {
        throw error("a mixture weight must be between 0% and 100%", at: weightNode)
      }
      arms.append(
        WeightedDistribution(
          weight: weight.value,
          distribution: try distribution(latency, address: address)))
    }
    let total = arms.reduce(0) { $0 + $1.weight }
    guard abs(total - 1) <= 1e-9 else {
      throw error(
        "mixture weights sum to \(Quantity.fraction(total).formatted), not 100%",
        at: node)
    }
    return arms
  }

  private func histogram(_ node: Node) throws(Diagnostic) -> EmpiricalDistribution {
    var bins: [EmpiricalBin] = []
    for item in node.array() {
      guard let bin = item.mapping, let from = bin["from"], let to = bin["to"],
        let weightNode = bin["weight"]
      else {
        throw error("each histogram bin is {from: 0 ms, to: 5 ms, weight: 120}", at: item)
      }
      guard let weight = try scalarValue(weightNode).quantity, weight.dimension.isDimensionless,
        weight.value >= 0
      else {
        throw error("a bin weight must be a non-negative number", at: weightNode)
      }
      let lower = try time(from, what: "from")
      let upper = try time(to, what: "to")
      guard upper >= lower else { throw error("a bin's to: is below its from:", at: to) }
      bins.append(EmpiricalBin(lower: lower, upper: upper, weight: weight.value))
    }
    return EmpiricalDistribution(bins: bins)
  }

  /// One sample per line, from the first comma-separated column.
  ///
  /// Lines that are not numbers (a header) are skipped. `unit:` (default ms) says what the numbers are.
  private func samplesFile(_ mapping: Node.Mapping) throws(Diagnostic) -> EmpiricalDistribution {
    let fileNode = try need(mapping, "samples_file")
    let name = try string(fileNode, what: "samples_file")
    let unitName =
      try mapping["unit"].map { n throws(Diagnostic) in try string(n, what: "unit") }
      ?? "ms"
    guard let unit = UnitTable.lookup(unitName), unit.dimension == .time else {
      throw error("unit: must be a time unit such as ms", at: mapping["unit"] ?? fileNode)
    }
    let path: String
    do {
      path = try readGate.check(name, relativeTo: directory)
    } catch {
      var refusal = error.diagnostic(verb: "read", option: "--allow-read", span: nil)
      refusal.span = text.span(of: fileNode)
      throw refusal
    }
    let size = (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? 0
    guard size <= ParameterLimits.maximumSamplesFileBytes else {
      throw error(
        "samples file \(name) is \(size) bytes; a samples file is limited to "
          + "\(ParameterLimits.maximumSamplesFileBytes) bytes (64 MiB)", at: fileNode)
    }
    guard let contents = try? String(contentsOfFile: path, encoding: .utf8) else {
      throw error("cannot read samples file \(name) (looked in \(path))", at: fileNode)
    }
    var samples: [Double] = []
    for line in contents.split(whereSeparator: \.isNewline) {
      let first = line.split(separator: ",").first.map(String.init) ?? ""
      if let value = Double(first.trimmingCharacters(in: .whitespaces)) {
        guard value >= 0, value.isFinite else {
          throw error(
            "samples file \(name) has a negative or invalid sample: \(line)",
            at: fileNode)
        }
        samples.append(value * unit.factor)
        guard samples.count <= ParameterLimits.maximumBins else {
          throw error(
            "samples file \(name) has more than \(ParameterLimits.maximumBins) samples; "
              + "an empirical distribution is limited to that many", at: fileNode)
        }
      }
    }
    guard !samples.isEmpty else { throw error("samples file \(name) has no samples", at: fileNode) }
    return EmpiricalDistribution(samples: samples)
  }

  /// A number in the path: a parameter address (`cdn.hit_rate`), or a constant.
  func pathValue(_ node: Node) throws(Diagnostic) -> PathValue {
    let raw = try string(node, what: "value")
    if let address = ParameterAddress(raw),
      components.contains(where: { $0.name == address.component })
        || address.component == ParameterAddress.workloadName
    {
      return .parameter(address)
    }
    if let address = ParameterAddress(raw), raw.first?.isLetter == true {
      let known = components.flatMap { component in
        component.kind.parameterNames.map { "\(component.name).\($0)" }
      }
      throw error(
        "'\(address)' refers to no component of this model", at: node,
        suggestions: Suggestion.nearest(to: address.description, among: known))
    }
    guard let q = try scalarValue(node).quantity else {
      throw error("expected a number, a fraction, a time or a parameter address", at: node)
    }
    return .literal(q)
  }
}
