import Foundation

@testable import FlowbookKit

/// Sessions whose analysis commands return fixed tables shaped like the real ones, so
/// report tests do not depend on the analyses' numbers (or on their branches having
/// merged), and a constructed failover table from the real `Failover.regionLoss`.
enum ReportFixtures {
  typealias C = ResultTable.Cell

  static func ms(_ value: Double) -> C {
    C(NumberText.significant(value) + " ms", tag: .value, number: value / 1_000)
  }

  static func dollars(_ value: Double) -> C {
    C("$" + NumberText.fixed(value, decimals: 2), tag: .value, number: value)
  }

  static func share(_ value: Double) -> C {
    C(NumberText.significant(value * 100) + "%", number: value)
  }

  static let latency: ResultTable = {
    var table = ResultTable(
      title: "latency: golden-path",
      columns: [
        .init("route", alignment: .left), .init("share"), .init("p50"), .init("p90"),
        .init("p99"), .init("p99.9", key: "p999"), .init("mean"),
      ])
    let rows: [(String, Double, [Double])] = [
      ("cdn hit", 0.95, [21.4, 27.9, 38.2, 47.5, 22.6]),
      ("lambda · redis hit", 0.0255, [34.1, 52.3, 93.8, 141, 38.9]),
      ("lambda · redis miss", 0.0045, [51.2, 78.4, 131, 182, 57.3]),
      ("ecs · redis hit", 0.017, [29.8, 41.1, 66.5, 98.2, 31.4]),
      ("end to end", 1, [23, 56, 87, 145, 25.1]),
    ]
    for (name, part, values) in rows {
      table.append([C(name, tag: .keyword), share(part)] + values.map(ms))
    }
    table.notes = ["objective p99 < 100 ms: met (p99 87 ms)"]
    return table
  }()

  static let budget: ResultTable = {
    var table = ResultTable(
      title: "budget: p99 < 100 ms  (tail path: lambda · redis hit, 2.55% of requests)",
      columns: [
        .init("hop", alignment: .left), .init("share"), .init("budget"), .init("mean"),
        .init("of mean"), .init("p99 path", key: "tail_path"),
        .init("over budget", alignment: .left),
      ])
    let rows: [(String, Double, Double, Double)] = [
      ("dns", 1, 5, 4.1), ("cdn", 1, 15, 17.6), ("waf", 0.05, 2, 1.2), ("alb", 0.05, 2, 1.9),
      ("api", 0.05, 3, 2.8), ("lambda", 0.03, 12, 9.7), ("redis", 0.05, 1, 0.9),
      ("dynamodb", 0.0075, 12, 14.2),
    ]
    for (hop, part, limit, tail) in rows {
      let over =
        tail > limit
        ? C(
          "+" + NumberText.significant(tail - limit) + " ms",
          tag: .warning, number: (tail - limit) / 1_000) : C("")
      table.append([
        C(hop, tag: .keyword), share(part), ms(limit), ms(tail * 0.6),
        ms(tail * 0.6 * part), ms(tail), over,
      ])
    }
    table.append([
      C("end to end", tag: .keyword), share(1), C(""), C(""), ms(25.1), ms(87),
      C(""),
    ])
    table.notes = ["p99 < 100 ms: met with 13 ms to spare (p99 87 ms)"]
    return table
  }()

  static let cost: ResultTable = {
    var table = ResultTable(
      title: "cost: golden-path at 850k rps",
      columns: [
        .init("component", alignment: .left), .init("fixed"), .init("variable"),
        .init("monthly"), .init("per million"),
      ])
    let rows: [(String, Double, Double)] = [
      ("cloudfront", 0, 182_000), ("waf", 5, 38_100), ("api gateway", 0, 389_000),
      ("lambda", 1_200, 96_400), ("ecs", 24_500, 0), ("redis", 18_300, 0),
      ("dynamodb", 2_100, 61_700),
    ]
    for (name, fixed, variable) in rows {
      let monthly = fixed + variable
      table.append([
        C(name, tag: .keyword), dollars(fixed), dollars(variable), dollars(monthly),
        dollars(monthly / 2_203),
      ])
    }
    return table
  }()

  /// One minute of a Prime Day spike: rate, p99, concurrency, queue depth and throttles.
  static let series: ResultTable = {
    var table = ResultTable(
      title: "simulation: 60 s, 1 s buckets",
      columns: [
        .init("t"), .init("rate"), .init("p99"), .init("concurrency"),
        .init("queue depth", key: "queue_depth"), .init("throttles"),
      ])
    for second in stride(from: 0, to: 60, by: 5) {
      let t = Double(second)
      let rate: Double = t < 20 ? 850_000 : (t < 40 ? 2_500_000 : 1_200_000)
      let concurrency = rate * (t < 20 ? 0.045 : 0.061) / 100
      let queue = t < 20 ? 0 : (t < 40 ? (t - 15) * 1_500 : max(0, 37_500 - (t - 40) * 3_000))
      let throttles = t >= 20 && t < 40 ? 1_200 + (t - 20) * 90 : 0
      table.append([
        C(NumberText.fixed(t, decimals: 0) + " s", number: t),
        C(NumberText.significant(rate / 1e6) + "M rps", number: rate),
        ms(t < 20 ? 86 : (t < 40 ? 240 : 120)),
        C(NumberText.fixed(concurrency, decimals: 0), number: concurrency.rounded()),
        C(NumberText.fixed(queue, decimals: 0), number: queue),
        C(NumberText.fixed(throttles, decimals: 0), number: throttles),
      ])
    }
    return table
  }()

  /// The real region-loss timeline, as a `failover` command would tabulate it.
  static let failover: ResultTable = {
    let timeline = Failover.regionLoss(
      healthCheck: HealthCheckSettings(), dnsTTL: 60, regionShare: 0.5, rate: 850_000,
      replicationLag: 1, writeRate: 100)
    var table = ResultTable(
      title: timeline.scenario,
      columns: [
        .init("t+", key: "at"), .init("event", alignment: .left),
        .init("basis", alignment: .left),
      ])
    for event in timeline.events {
      table.append([
        C(NumberText.significant(event.offset) + " s", number: event.offset),
        C(event.event), C(event.basis, tag: .dimmed),
      ])
    }
    table.notes = timeline.notes
    return table
  }()

  static func fake(_ name: String, _ tables: [ResultTable]) -> Command {
    Command(name: name, synopsis: name, summary: "fixture \(name)", example: name) { _, _ in
      CommandResult(blocks: tables.map(CommandResult.Block.table), data: .null)
    }
  }

  /// The standard commands, with fixed-table ones in place of the analyses.
  static let registry: CommandRegistry = {
    let fakes = [
      fake("latency", [latency]), fake("budget", [budget]), fake("cost", [cost]),
      fake("simulate", [latency, series]), fake("failover", [failover]),
    ]
    let names = Set(fakes.map(\.name))
    return CommandRegistry(
      CommandRegistry.standard.commands.filter { !names.contains($0.name) }
        + fakes)
  }()

  /// A session that ran a few cells, with a title and prose, in `directory`.
  static func session(in directory: String = NSTemporaryDirectory()) -> Session {
    let session = Session(
      registry: registry,
      environment: SessionEnvironment(workingDirectory: directory, seed: 7))
    session.execute("note --title Prime Day at 2.5M rps")
    session.execute("note Can the <golden path> keep its `p99 < 100 ms` budget?")
    session.execute("let peak = 2.5M rps")
    session.execute("peak * 45 ms")
    session.execute("simulate")
    session.execute("failover")
    return session
  }

  /// A fresh empty directory for files a test writes.
  static func temporaryDirectory(_ name: String = #function) throws -> String {
    let base =
      NSTemporaryDirectory() + "flowbook-reports-"
      + name.filter { $0.isLetter || $0.isNumber } + "-\(getpid())"
    try? FileManager.default.removeItem(atPath: base)
    try FileManager.default.createDirectory(atPath: base, withIntermediateDirectories: true)
    return PathResolver.canonical(base, relativeTo: "/")
  }
}
