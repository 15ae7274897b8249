/// A classic queueing system to simulate: arrivals, c identical servers, a FIFO waiting
/// room of some capacity, and how many customers to watch.
///
/// Kendall's notation (Kendall, 1953) maps onto it directly: M/M/c is exponential
/// interarrival and service times with unlimited room; M/M/c/c (Erlang's loss system)
/// has `capacity == servers`, so a customer who finds every server busy is turned away;
/// M/D/1 has a fixed service time; G/G/c takes any samplers.
public struct QueueConfiguration: Sendable {
  /// The most servers a simulated queue may have: the event queue reserves a slot per
  /// server up front, so this bounds that allocation (flowbook's bound, 2.4 MB).
  public static let maximumServers = 100_000
  /// The most customers (or warm-up customers) one run may watch: about two minutes of
  /// CPU at the kernel's ten million events a second (flowbook's bound).
  public static let maximumCustomers = 1_000_000_000

  /// Times between successive arrivals.
  public var interarrival: TimeSampler
  /// Service times.
  public var service: TimeSampler
  /// Number of identical servers (c ≥ 1).
  public var servers: Int
  /// Most customers in the system (in service plus waiting), or `nil` for unlimited.
  ///
  /// A customer arriving to a full system is blocked (lost).
  public var capacity: Int?
  /// Customers whose statistics are kept, after the warm-up.
  public var customers: Int
  /// Customers that arrive first and are discarded: the empty-and-idle start biases
  /// early waits low, and dropping them removes most of that bias (Law, *Simulation
  /// Modeling and Analysis*, 5th ed., §9.5.1).
  public var warmUpCustomers: Int

  /// Creates a configuration; `validate()` checks it (the simulations call it).
  public init(
    interarrival: TimeSampler, service: TimeSampler, servers: Int, capacity: Int? = nil,
    customers: Int, warmUpCustomers: Int = 0
  ) {
    self.interarrival = interarrival
    self.service = service
    self.servers = servers
    self.capacity = capacity
    self.customers = customers
    self.warmUpCustomers = warmUpCustomers
  }

  /// M/M/c: Poisson arrivals at `arrivalRate`, exponential service at `serviceRate` per
  /// server, unlimited FIFO room.
  public static func mmc(
    arrivalRate: Double, serviceRate: Double, servers: Int, customers: Int,
    warmUpCustomers: Int = 0
  ) -> QueueConfiguration {
    QueueConfiguration(
      interarrival: .exponential(rate: arrivalRate), service: .exponential(rate: serviceRate),
      servers: servers, customers: customers, warmUpCustomers: warmUpCustomers)
  }

  /// M/M/c/c: Erlang's loss system; no waiting room.
  public static func mmcc(
    arrivalRate: Double, serviceRate: Double, servers: Int, customers: Int,
    warmUpCustomers: Int = 0
  ) -> QueueConfiguration {
    QueueConfiguration(
      interarrival: .exponential(rate: arrivalRate), service: .exponential(rate: serviceRate),
      servers: servers, capacity: servers, customers: customers,
      warmUpCustomers: warmUpCustomers)
  }

  /// M/D/1: Poisson arrivals, one server, every service exactly `serviceTime` seconds.
  public static func md1(
    arrivalRate: Double, serviceTime: Double, customers: Int, warmUpCustomers: Int = 0
  ) -> QueueConfiguration {
    QueueConfiguration(
      interarrival: .exponential(rate: arrivalRate), service: .deterministic(serviceTime),
      servers: 1, customers: customers, warmUpCustomers: warmUpCustomers)
  }

  /// Offered utilisation per server, ρ = λ·E[S]/c, when both means are known.
  public var utilisation: Double? {
    guard let meanGap = interarrival.mean, let meanService = service.mean, meanGap > 0 else {
      return nil
    }
    return meanService / meanGap / Double(servers)
  }

  /// Checks that the system can be simulated and has a steady state to measure.
  ///
  /// - Throws: `QueueSimulationError` saying what to change.
  public func validate() throws(QueueSimulationError) {
    if let problem = interarrival.problem { throw .invalidSampler("interarrival", problem) }
    if let problem = service.problem { throw .invalidSampler("service", problem) }
    guard servers >= 1 else { throw .invalidCount("servers", servers, minimum: 1) }
    guard servers <= Self.maximumServers else {
      throw .tooLarge("servers", servers, maximum: Self.maximumServers)
    }
    guard customers >= 1 else { throw .invalidCount("customers", customers, minimum: 1) }
    guard customers <= Self.maximumCustomers else {
      throw .tooLarge("customers", customers, maximum: Self.maximumCustomers)
    }
    guard warmUpCustomers >= 0 else {
      throw .invalidCount("warm-up customers", warmUpCustomers, minimum: 0)
    }
    guard warmUpCustomers <= Self.maximumCustomers else {
      throw .tooLarge("warm-up customers", warmUpCustomers, maximum: Self.maximumCustomers)
    }
    if let capacity, capacity < servers {
      throw .invalidCount("capacity", capacity, minimum: servers)
    }
    if capacity == nil, let rho = utilisation, rho >= 1 {
      throw .unstable(utilisation: rho)
    }
  }
}

/// Why a queue simulation cannot run, worded as what to change.
public enum QueueSimulationError: Error, Equatable, CustomStringConvertible {
  case invalidSampler(String, String)
  case invalidCount(String, Int, minimum: Int)
  /// A count past flowbook's bound for it.
  case tooLarge(String, Int, maximum: Int)
  case unstable(utilisation: Double)
  /// The run was asked to stop (`Interruption`).
  case interrupted

  /// The message for the user, saying what to change.
  public var description: String {
    switch self {
    case .invalidSampler(let which, let problem):
      return "the \(which) time is invalid: \(problem)"
    case .invalidCount(let what, let value, let minimum):
      return "\(what) must be at least \(minimum), got \(value)"
    case .tooLarge(let what, let value, let maximum):
      return "\(what) must be at most \(SimulationText.number(Double(maximum))), "
        + "not \(SimulationText.number(Double(value)))"
    case .unstable(let rho):
      return "utilisation ρ = \(rho) ≥ 1: the queue grows without bound and has no steady "
        + "state; add servers, lower the arrival rate or raise the service rate, "
        + "or give the system a capacity"
    case .interrupted:
      return Interruption.stopped("simulate").message
    }
  }
}
