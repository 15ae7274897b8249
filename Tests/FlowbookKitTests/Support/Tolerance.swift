import Testing

/// One millisecond in seconds, for latency fixtures.
let ms = 0.001

/// |actual − expected| ≤ tolerance × |expected|, naming the case on failure; a missing
/// value is a failure of its own.
func expectRelative(
  _ actual: Double?, _ expected: Double, within tolerance: Double, _ label: String,
  sourceLocation: SourceLocation = #_sourceLocation
) {
  guard let actual else {
    Issue.record("\(label): no value", sourceLocation: sourceLocation)
    return
  }
  let error = abs(actual - expected) / max(abs(expected), 1e-300)
  #expect(
    error <= tolerance, "\(label): \(actual) vs \(expected) (rel \(error))",
    sourceLocation: sourceLocation)
}

/// The same check with the tolerance as a plain third argument.
func expectRelative(
  _ actual: Double, _ expected: Double, _ tolerance: Double, _ label: String,
  sourceLocation: SourceLocation = #_sourceLocation
) {
  expectRelative(actual, expected, within: tolerance, label, sourceLocation: sourceLocation)
}
