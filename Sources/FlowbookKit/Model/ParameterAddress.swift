/// The address of a value in a model: `cdn.hit_rate`, `dynamodb.latency.p99`,
/// `workload.rate`.
///
/// Every parameter has exactly one address, so the shell, the sweep, the notebook and
/// the model file's own references (`p: cdn.hit_rate`) name it the same way. The optional
/// third part addresses one number inside a distribution (`p50`, `p99`, `mean`…).
public struct ParameterAddress: Sendable, Hashable, CustomStringConvertible {
  /// The component's name in the model, or `workload`.
  public var component: String
  public var parameter: String
  /// A field of a distribution parameter (`p50`, `p99`, `mean`, `value`, `lower`, `upper`).
  public var field: String?

  public init(component: String, parameter: String, field: String? = nil) {
    self.component = component
    self.parameter = parameter
    self.field = field
  }

  /// Splits `a.b` or `a.b.c`; nil for anything else.
  public init?(_ text: String) {
    let parts = text.split(separator: ".", omittingEmptySubsequences: false).map(String.init)
    guard (2...3).contains(parts.count), parts.allSatisfy({ !$0.isEmpty }) else { return nil }
    self.init(component: parts[0], parameter: parts[1], field: parts.count == 3 ? parts[2] : nil)
  }

  /// The address without its distribution field.
  public var parameterAddress: ParameterAddress {
    ParameterAddress(component: component, parameter: parameter)
  }

  public var description: String {
    [component, parameter, field].compactMap { $0 }.joined(separator: ".")
  }

  /// The name the workload goes by in addresses.
  public static let workloadName = "workload"
}
