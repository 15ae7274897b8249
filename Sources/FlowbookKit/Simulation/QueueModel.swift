/// The queue as a `SimulationModel`: arrivals and departures over c servers and a FIFO
/// waiting room.
///
/// Two event kinds suffice. Because service is FIFO and servers are identical, a
/// customer's wait and response are known the moment service starts, so a departure
/// needs no payload and nothing per customer outlives its stay in the waiting room: the
/// only state that grows is the waiting room itself, bounded by the backlog, not by the
/// number of customers. Arrivals stop after `warmUp + customers`; the run then drains,
/// which cannot change any measured wait (FIFO: a wait depends only on earlier arrivals).
struct QueueModel: SimulationModel {
  enum Event: Sendable {
    case arrival
    case departure
  }

  private var generator: SeededGenerator
  private let interarrival: TimeSampler
  private let service: TimeSampler
  private let servers: Int
  private let capacity: Int
  private let warmUp: UInt64
  private let totalArrivals: UInt64

  private var arrived: UInt64 = 0
  private var departed: UInt64 = 0
  private var lost: UInt64 = 0
  private var busy = 0
  /// Arrival times of the customers waiting, in arrival order.
  private var waiting = TimestampQueue()
  /// Admitted customers whose service has started, warm-up included.
  private var started: UInt64 = 0
  /// Customers admitted among the warm-up arrivals.
  private var admittedInWarmUp: UInt64 = 0
  private(set) var statistics = QueueStatistics()

  init(_ configuration: QueueConfiguration, generator: SeededGenerator) {
    self.generator = generator
    interarrival = configuration.interarrival
    service = configuration.service
    servers = configuration.servers
    capacity = configuration.capacity ?? Int.max
    warmUp = UInt64(configuration.warmUpCustomers)
    totalArrivals = warmUp + UInt64(configuration.customers)
  }

  /// Schedules the first arrival one interarrival time after zero.
  mutating func start(_ scheduler: inout EventScheduler<Event>) {
    scheduler.schedule(.arrival, after: interarrival.sample(using: &generator))
  }

  mutating func handle(_ event: Event, scheduler: inout EventScheduler<Event>) {
    switch event {
    case .arrival: arrive(&scheduler)
    case .departure: depart(&scheduler)
    }
  }

  @inline(__always)
  private mutating func arrive(_ scheduler: inout EventScheduler<Event>) {
    arrived &+= 1
    let isMeasured = arrived > warmUp
    if arrived < totalArrivals {
      scheduler.schedule(.arrival, after: interarrival.sample(using: &generator))
    }
    if isMeasured { statistics.customers &+= 1 }
    if busy < servers {
      busy &+= 1
      if !isMeasured { admittedInWarmUp &+= 1 }
      startService(waited: nil, &scheduler)
    } else if busy &+ waiting.count < capacity {
      if !isMeasured { admittedInWarmUp &+= 1 }
      waiting.append(scheduler.now)
    } else {
      lost &+= 1
      if isMeasured { statistics.blocked &+= 1 }
    }
  }

  @inline(__always)
  private mutating func depart(_ scheduler: inout EventScheduler<Event>) {
    departed &+= 1
    if waiting.isEmpty {
      busy &-= 1
    } else {
      startService(waited: scheduler.now - waiting.removeFirst(), &scheduler)
    }
  }

  /// Starts the next admitted customer's service; `waited` is `nil` for a customer who
  /// found a free server.
  ///
  /// Customers start service in the order they were admitted (FIFO, identical servers),
  /// and the warm-up customers are admitted first, so the k-th start (from 0) is a
  /// measured customer exactly when k ≥ the number admitted during the warm-up. This
  /// spares the waiting room a flag per customer.
  @inline(__always)
  private mutating func startService(
    waited: Double?, _ scheduler: inout EventScheduler<Event>
  ) {
    let serviceTime = service.sample(using: &generator)
    scheduler.schedule(.departure, after: serviceTime)
    let isMeasured = started >= admittedInWarmUp
    started &+= 1
    guard isMeasured else { return }
    let wait = waited ?? 0
    statistics.served &+= 1
    if waited != nil { statistics.queued &+= 1 }
    statistics.totalWait += wait
    statistics.response.record(wait + serviceTime)
  }

  /// Request conservation: every arrival is departed, lost, in service or waiting.
  ///
  /// Each check tests first and builds its message only on failure: a `precondition`
  /// message interpolating `self` would copy the whole model on every step of a debug run.
  func _checkInvariants() {
    if arrived != departed &+ lost &+ UInt64(busy) &+ UInt64(waiting.count) {
      preconditionFailure(
        "conservation broken: arrived \(arrived) ≠ departed \(departed) + lost \(lost) "
          + "+ busy \(busy) + waiting \(waiting.count)")
    }
    if busy > servers { preconditionFailure("busy \(busy) > servers \(servers)") }
    if !waiting.isEmpty && busy < servers {
      preconditionFailure("\(waiting.count) customers wait while a server idles")
    }
    if started != departed &+ UInt64(busy) {
      preconditionFailure("started \(started) ≠ departed \(departed) + busy \(busy)")
    }
    if statistics.response.count != statistics.served {
      preconditionFailure(
        "histogram holds \(statistics.response.count) ≠ served \(statistics.served)")
    }
  }
}
