import Foundation
import Quantities

/// The honest answer when a container service has no task price: at each rate, the price
/// per task-hour below which it is cheaper than the priced design.
///
/// Fargate's rates are unconfirmed in the dataset, so flowbook will not guess one; but the
/// service's task count at each rate follows from the model (Little's law), so the
/// break-even price does too, and the reader can hold it against the live price page.
extension CostCrossoverCommand {
  static func breakEven(
    _ a: CostCrossover.Side, _ b: CostCrossover.Side, _ priceA: CostCrossover.Priced,
    _ priceB: CostCrossover.Priced, range: (Double, Double)
  ) throws(Diagnostic) -> CommandResult? {
    func onlyTaskPriceMissing(_ p: CostCrossover.Priced) -> Bool {
      p.taskHours != nil && !p.gaps.isEmpty && p.gaps.allSatisfy { $0.description == "Task-hours" }
    }
    let (priced, service): (CostCrossover.Side, CostCrossover.Side)
    if priceA.gaps.isEmpty, onlyTaskPriceMissing(priceB) {
      (priced, service) = (a, b)
    } else if priceB.gaps.isEmpty, onlyTaskPriceMissing(priceA) {
      (priced, service) = (b, a)
    } else {
      return nil
    }
    var table = ResultTable(
      title: "cost crossover: \(priced.name) vs \(service.name) — \(service.name) has no task "
        + "price, so here is the price per task-hour at which they cost the same",
      columns: [
        .init("rate into each", key: "rate_rps"),
        .init("\(priced.name) $/month", key: "priced_monthly"), .init("tasks"),
        .init("break-even $/task-hour", key: "break_even_per_task_hour"),
      ])
    for rate in sampleRates(range, []) {
      let cost = try priced.price(rate).monthly
      guard let hours = try service.price(rate).taskHours, hours > 0 else { continue }
      let tasks = hours / (CostUsageBuilder.month / 3_600)
      let perHour = cost / hours
      table.append([
        .init(CapacityCommand.rate(rate), number: rate),
        .init(CostFormat.dollars(cost), tag: .value, number: cost),
        .init(Quantity.formatNumber(tasks), number: tasks),
        .init(CostFormat.dollars(perHour), tag: .value, number: perHour),
      ])
    }
    table.notes = [
      "\(service.name) is cheaper at a rate when one task costs less per hour than the "
        + "break-even price there; \(priced.name) is cheaper when it costs more",
      "no crossover rate without a task price, and flowbook does not guess one",
      "to find the rate: set \(service.name).cpu and \(service.name).memory (one task on "
        + "Fargate, at fargate.vcpu_second and fargate.gb_second) or \(service.name).price = "
        + "$X/h (your contract), then run cost crossover again",
    ]
    return .table(
      table,
      data: .object([
        ("priced", .string(priced.name)), ("unpriced", .string(service.name)),
        ("crossings", .null), ("points", table.json),
      ]))
  }
}
