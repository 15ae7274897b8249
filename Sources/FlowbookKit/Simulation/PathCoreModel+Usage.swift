/// What the core's components consumed, gathered for the run's result and its cost.
extension PathCoreModel {
  /// Measured requests still in flight (in queues, waiting, orphaned callers excluded).
  ///
  /// - Complexity: O(task slots).
  var measuredInFlight: UInt64 {
    let measuredRoot = SimulationTask.root | SimulationTask.measured
    return UInt64(
      tasks.lazy.filter { $0.flags & measuredRoot == measuredRoot && !$0.has(SimulationTask.free) }
        .count)
  }

  /// The run's usage in billing units.
  ///
  /// Tables the model gives no capacity consume
  /// `items_per_query` × the per-item read units on every call (reads only).
  func usage(model: PathModel, totalCalls: [UInt64], until end: Double) -> SimulationUsage {
    var usage = SimulationUsage()
    usage.seconds = end
    for (index, component) in program.components.enumerated() {
      usage.calls[component.name] = totalCalls[index]
    }
    for pool in functions.indices {
      guard let function = functions[pool] else { continue }
      let name = program.components[Int(function.settings.component)].name
      usage.invocations[name] = function.invocations
      usage.coldStarts[name] = function.coldStarts
      usage.functionTimeouts[name] = function.timeouts
      usage.gigabyteSeconds[name] = gigabyteSeconds[pool]
    }
    for table in tables {
      let name = program.components[Int(table.spec.component)].name
      usage.readUnits[name] = table.readUnits
      usage.writeUnits[name] = table.writeUnits
      usage.count(table.readThrottles, against: "\(name).read_units")
      usage.count(table.writeThrottles, against: "\(name).write_units")
    }
    usage.count(gateThrottles.reduce(0, &+), against: "apigateway.throttle")
    for limiter in limiters {
      let name = program.components[Int(limiter.spec.component)].name
      usage.count(limiter.blocked, against: "\(name).rate_limit")
    }
    for pool in functions.indices {
      guard let function = functions[pool] else { continue }
      let name = program.components[Int(function.settings.component)].name
      let limit =
        function.settings.reserved == nil ? "lambda.concurrency" : "\(name).reserved_concurrency"
      usage.count(function.throttles, against: "\(limit) or lambda.scaling at \(name)")
    }
    for component in model.components where component.kind == .database {
      guard usage.readUnits[component.name] == nil else { continue }
      let itemKB = (component["item_size"]?.quantity?.value ?? 1_000) / 1_000
      let items = component["items_per_query"]?.quantity?.value ?? 1
      let strong = component["consistent_read"]?.formatted == "strong"
      let perCall =
        items
        * Billing.dynamoDBReadUnits(
          itemKB: itemKB, consistency: strong ? .strong : .eventual)
      usage.readUnits[component.name] = Double(usage.calls[component.name] ?? 0) * perCall
    }
    for (index, queue) in queues.enumerated() {
      let name = program.components[Int(program.queues[index].component)].name
      usage.queueRequests[name] = queue.sent &+ 2 &* queue.batches
      usage.reprocessed[name] = queue.reprocessed
      if queue.heldBack > 0 { usage.heldBack["\(name).inflight"] = queue.heldBack }
    }
    return usage
  }
}
