import Quantities

/// Model parameters as names in expressions, and the checks `set` shares with them.
extension Session {
  /// The value at a parameter address, if it is one: a quantity, text, or for a
  /// distribution its mean (so `lambda.cold_start * 2` reads as a time).
  func modelValue(named name: String) -> Value? {
    guard let model = workspace.current, let address = ParameterAddress(name),
      let value = try? model.value(at: address)
    else { return nil }
    switch value {
    case .quantity(let q): return .quantity(q)
    case .text(let t): return .text(t)
    case .distribution(let d):
      return .quantity(Quantity(exactly: d.mean, .time))
    }
  }
}
