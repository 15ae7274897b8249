import Quantities

/// The traffic a model is asked to carry: rates, payload sizes and the profile's name.
///
/// It is held as parameters under the address `workload.*`, with its schema in
/// `WorkloadSchema`, so `set workload.peak = 3M rps` and `sweep workload.rate …` work like
/// any other parameter; the accessors below give analyses typed values.
public struct Workload: Sendable, Hashable {
  public var parameters: [Parameter]

  public init(parameters: [Parameter] = []) {
    self.parameters = parameters
  }

  public subscript(name: String) -> ParameterValue? {
    parameters.first { $0.name == name }?.value
  }

  /// Sustained request rate (per second), if given.
  public var rate: Quantity? { self["rate"]?.quantity }
  /// Peak request rate (per second), if given.
  public var peak: Quantity? { self["peak"]?.quantity }
  /// Size of one request, if given.
  public var requestSize: Quantity? { self["request_size"]?.quantity }
  /// Size of one response, if given.
  public var responseSize: Quantity? { self["response_size"]?.quantity }
  /// Share of response bytes compression saves on the wire (0 when not given).
  public var compression: Double { self["compression"]?.quantity?.value ?? 0 }
  /// Bytes one response takes on the wire: `response_size` less what compression saves;
  /// what data transfer is billed on and what a bandwidth quota counts.
  public var wireResponseBytes: Double? {
    responseSize.map { $0.value * (1 - compression) }
  }

}
