import Quantities

/// How a calibration reads on screen and in `--json`: what each fit came from, how well it
/// fits (the data's and the fit's p50 and p99, the error at every other percentile, the KS
/// distance for samples, N), the workload, and the observations beside the model's figure.
enum CalibrationReport {
  /// The result of `calibrate`.
  /// - Parameters:
  ///   - plan: the calibration.
  ///   - file: the file as typed.
  ///   - model: the calibrated model (for Little's-law comparisons).
  ///   - applied: false for `--dry-run`.
  /// - Returns: Tables and JSON.
  static func render(_ plan: Calibration, file: String, model: PathModel, applied: Bool)
    -> CommandResult
  {
    var blocks: [CommandResult.Block] = []
    let verb = applied ? "set" : "would set (--dry-run)"
    blocks.append(.text(Markup("\(file): \(plan.format.rawValue)")))
    if !plan.latencies.isEmpty { blocks.append(.table(latencyTable(plan, verb: verb))) }
    if let workload = plan.workload { blocks.append(.table(workloadTable(workload, verb: verb))) }
    if !plan.observations.isEmpty { blocks.append(.table(observationTable(plan, model: model))) }
    var notes = plan.notes
    for change in plan.latencies { notes += change.fit.notes.map { "\(change.component): \($0)" } }
    if !plan.unmapped.isEmpty {
      notes.append(
        "not mapped: " + plan.unmapped.joined(separator: ", ")
          + " (calibrate FILE as NAME=COMPONENT to use them)")
    }
    if !notes.isEmpty {
      blocks.append(.text(Markup(notes.map { "note: " + $0 }.joined(separator: "\n"), .dimmed)))
    }
    return CommandResult(blocks: blocks, data: json(plan, file: file, applied: applied))
  }

  private static func latencyTable(_ plan: Calibration, verb: String) -> ResultTable {
    var table = ResultTable(
      title: "latency fits",
      columns: [
        ResultTable.Column("component", alignment: .left),
        ResultTable.Column("from", alignment: .left),
        ResultTable.Column("N"), ResultTable.Column("p50 data"), ResultTable.Column("p50 fit"),
        ResultTable.Column("p99 data"), ResultTable.Column("p99 fit"),
        ResultTable.Column("other percentiles", alignment: .left), ResultTable.Column("KS"),
        ResultTable.Column(verb, alignment: .left, key: "fit"),
      ])
    for change in plan.latencies {
      let fit = change.fit
      let p50 = fit.point(0.5)
      let p99 = fit.point(0.99)
      let others = fit.points.filter {
        abs($0.probability - 0.5) > 1e-9 && abs($0.probability - 0.99) > 1e-9
      }
      .map { "p\(Calibration.percentName($0.probability)) \(percent($0.relativeError))" }
      table.append([
        ResultTable.Cell(change.component, tag: .keyword),
        ResultTable.Cell(change.source),
        ResultTable.Cell(Quantity.formatNumber(Double(fit.count)), number: Double(fit.count)),
        timeCell(p50?.data), timeCell(p50?.fitted), timeCell(p99?.data), timeCell(p99?.fitted),
        ResultTable.Cell(others.isEmpty ? "-" : others.joined(separator: ", ")),
        ResultTable.Cell(
          fit.ks.map { Quantity.formatNumber(($0 * 1000).rounded() / 1000) } ?? "-", number: fit.ks),
        ResultTable.Cell(DistributionSyntax.format(fit.distribution), tag: .value),
      ])
    }
    table.notes.append(
      "N: samples, or requests in the periods; other percentiles: the fit's error there; "
        + "KS: Kolmogorov–Smirnov distance to the samples")
    return table
  }

  private static func workloadTable(_ workload: Calibration.WorkloadChange, verb: String)
    -> ResultTable
  {
    var table = ResultTable(
      title: "workload",
      columns: [
        ResultTable.Column("from", alignment: .left), ResultTable.Column("per request"),
        ResultTable.Column("periods"), ResultTable.Column("mean"), ResultTable.Column("peak"),
        ResultTable.Column("peak lasts"), ResultTable.Column(verb, alignment: .left, key: "sets"),
      ])
    let series = workload.series
    table.append([
      ResultTable.Cell(workload.source),
      ResultTable.Cell(
        Quantity.formatNumber(Calibration.roundSignificant(workload.executionsPerRequest, 4)),
        number: workload.executionsPerRequest),
      ResultTable.Cell(
        "\(series.rates.count) × \(DistributionSyntax.time(series.period))",
        number: Double(series.rates.count)),
      ResultTable.Cell(Calibration.rate(series.mean).formatted, tag: .value, number: series.mean),
      ResultTable.Cell(Calibration.rate(series.peak).formatted, tag: .value, number: series.peak),
      ResultTable.Cell(
        DistributionSyntax.time(workload.peakDuration), number: workload.peakDuration),
      ResultTable.Cell("workload.rate, workload.peak, workload.peak_duration"),
    ])
    table.notes.append(
      "path rate = rate at \(workload.component) ÷ its executions per request; "
        + "calibrate … rates FILE.csv writes the series for simulate … csv FILE")
    return table
  }

  private static func observationTable(_ plan: Calibration, model: PathModel) -> ResultTable {
    var table = ResultTable(
      title: "observed (no parameter takes these; compare with the model)",
      columns: [
        ResultTable.Column("component", alignment: .left),
        ResultTable.Column("measured", alignment: .left),
        ResultTable.Column("value"), ResultTable.Column("model", alignment: .left),
      ])
    let concurrency = plan.observations.contains { $0.what.hasPrefix("peak concurrent") }
    let load = concurrency ? try? CapacityLoad.of(model) : nil
    for observation in plan.observations {
      var modelSays = "-"
      if observation.what.hasPrefix("peak concurrent"),
        let expected = plan.expectedConcurrency(at: observation.component, in: model, load: load)
      {
        modelSays = Quantity.formatNumber(expected.rounded()) + " at workload.peak (Little's law)"
      }
      table.append([
        ResultTable.Cell(observation.component, tag: .keyword), ResultTable.Cell(observation.what),
        ResultTable.Cell(observation.value, number: observation.number),
        ResultTable.Cell(modelSays),
      ])
    }
    return table
  }

  private static func timeCell(_ seconds: Double?) -> ResultTable.Cell {
    guard let seconds else { return ResultTable.Cell("-") }
    return ResultTable.Cell(
      DistributionSyntax.time(Calibration.roundSignificant(seconds, 3)), number: seconds)
  }

  /// A relative error as a signed percentage with one decimal: `+1.2 %`.
  static func percent(_ error: Double) -> String {
    let tenths = (error * 1000).rounded() / 10
    return (tenths >= 0 ? "+" : "") + Quantity.formatNumber(tenths) + " %"
  }

  private static func json(_ plan: Calibration, file: String, applied: Bool) -> JSONValue {
    var pairs: [(String, JSONValue)] = [
      ("file", .string(file)), ("format", .string(plan.format.rawValue)),
      ("applied", .bool(applied)),
    ]
    pairs.append(
      (
        "latencies",
        .array(
          plan.latencies.map { change in
            .object([
              ("component", .string(change.component)), ("from", .string(change.source)),
              ("method", .string(change.fit.method.rawValue)),
              ("n", .number(Double(change.fit.count))),
              ("fit", .string(DistributionSyntax.format(change.fit.distribution))),
              ("ks", change.fit.ks.map(JSONValue.number) ?? .null),
              (
                "percentiles",
                .array(
                  change.fit.points.map { point in
                    .object([
                      ("p", .number(point.probability)), ("data_s", .number(point.data)),
                      ("fit_s", .number(point.fitted)),
                      ("relative_error", .number(point.relativeError)),
                    ])
                  })
              ),
            ])
          })
      ))
    if let workload = plan.workload {
      pairs.append(
        (
          "workload",
          .object([
            ("from", .string(workload.source)), ("component", .string(workload.component)),
            ("executions_per_request", .number(workload.executionsPerRequest)),
            ("period_s", .number(workload.series.period)),
            ("periods", .number(Double(workload.series.rates.count))),
            ("mean_rps", .number(workload.series.mean)),
            ("peak_rps", .number(workload.series.peak)),
            ("peak_duration_s", .number(workload.peakDuration)),
          ])
        ))
    }
    pairs.append(
      (
        "observed",
        .array(
          plan.observations.map {
            .object([
              ("component", .string($0.component)), ("what", .string($0.what)),
              ("value", .number($0.number)),
            ])
          })
      ))
    pairs.append(("unmapped", .array(plan.unmapped.map(JSONValue.string))))
    return .object(pairs)
  }
}
