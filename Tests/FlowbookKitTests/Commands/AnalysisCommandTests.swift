import Testing

@testable import FlowbookKit

@Suite struct AnalysisCommandTests {
  @Test func latencyJSONHasEndToEndMilliseconds() throws {
    let session = ModelFixtures.session()
    let cell = session.execute("latency")
    guard case .success(let result) = cell.outcome else {
      Issue.record("latency failed: \(cell.plainOutput)")
      return
    }
    for key in ["p50_ms", "p90_ms", "p99_ms", "p999_ms", "mean_ms"] {
      guard case .number(let value)? = result.data[key] else {
        Issue.record("no number under \(key)")
        continue
      }
      #expect(value > 1 && value < 1_000, "\(key) = \(value)")
    }
    guard case .array(let routes)? = result.data["routes"] else {
      Issue.record("no routes")
      return
    }
    #expect(routes.count == 5)
  }

  @Test func budgetAllocationsAddUpToThePercentile() throws {
    let model = try ModelFixtures.golden()
    let objective = LatencyObjective(percentile: 0.99, limit: 0.1)
    let report = try BudgetAnalysis.report(model, objective: objective)
    let tail = report.rows.compactMap(\.tailContribution).reduce(0, +)
    #expect(
      abs(tail - report.achieved) / report.achieved < 0.01,
      "allocations \(tail) vs p99 \(report.achieved)")
    let mean = report.rows.map(\.meanContribution).reduce(0, +)
    #expect(abs(mean - report.mean) / report.mean < 0.01, "means \(mean) vs \(report.mean)")
    #expect(report.meetsObjective)
    #expect(report.cutFirst?.name == "cdn")
  }

  @Test func budgetReadsAnObjective() throws {
    let session = ModelFixtures.session()
    let cell = session.execute("budget p99.9 < 100 ms")
    #expect(cell.plainOutput.contains("p99.9 < 100 ms: MISSED by"), "\(cell.plainOutput)")
    let bad = session.execute("budget p99 > 100 ms")
    #expect(bad.diagnostic?.message.contains("expected '<'") == true)
  }

  @Test func diffShowsEveryMetricAndTheChangedParameters() throws {
    let session = ModelFixtures.session()
    #expect(session.execute("set cdn.hit_rate = 80%").succeeded)
    let output = session.execute("diff").plainOutput
    // Analyses too slow for every diff (simulate) run only when named.
    let slow = AnalysisRegistry.standard.analyses.filter { !$0.evaluatedByDefault }.map(\.name)
    for metric in AnalysisRegistry.standard.metricNames
    where !slow.contains(where: { metric.hasPrefix($0 + ".") }) {
      #expect(output.contains(metric), "diff lacks \(metric)")
    }
    #expect(output.contains("changed: cdn.hit_rate 95% → 80%"), "\(output)")
  }

  @Test func sweepTabulatesMetricsOverAParameter() throws {
    let session = ModelFixtures.session()
    let cell = session.execute("sweep cdn.hit_rate from 80% to 100% steps 5 show p50, latency.p99")
    guard case .success(let result) = cell.outcome, case .table(let table) = result.blocks[0] else {
      Issue.record("sweep failed: \(cell.plainOutput)")
      return
    }
    #expect(table.rows.count == 5)
    #expect(table.rows.map(\.[0].text) == ["80%", "85%", "90%", "95%", "100%"])
    let p99s = table.rows.compactMap(\.[2].number)
    #expect(p99s == p99s.sorted(by: >), "p99 must fall as the hit rate rises: \(p99s)")
    #expect(session.workspace.current == session.workspace.baseline, "sweep changes nothing")
  }

  @Test func sweepRejectsUnknownMetricsAndMismatchedEnds() {
    let session = ModelFixtures.session()
    let unknown = session.execute("sweep cdn.hit_rate from 80% to 90% show p98")
    #expect(unknown.diagnostic?.headline.contains("no metric named 'p98'") == true)
    let ends = session.execute("sweep cdn.hit_rate from 80% to 90 ms")
    #expect(ends.diagnostic?.message.contains("the sweep's ends differ") == true)
  }

  @Test func registryResolvesShortAndFullMetricNames() throws {
    let registry = AnalysisRegistry.standard
    #expect(try registry.metric(named: "p99").0.name == "latency")
    #expect(try registry.metric(named: "latency.p999").1 == 3)
    #expect(throws: Diagnostic.self) { try registry.metric(named: "latency.p98") }
  }

  @Test func showListsParametersWithSources() {
    let session = ModelFixtures.session()
    let output = session.execute("show lambda").plainOutput
    #expect(output.contains("environment_lifetime"), "\(output)")
    #expect(!output.contains("cold_start_rate"), "\(output)")
    #expect(output.contains("calibrated"))
    let unknown = session.execute("show lamda")
    #expect(unknown.diagnostic?.headline.contains("did you mean lambda") == true)
  }
}

@Suite struct MetricNameTests {
  @Test func metricsAreNamesForExpectations() {
    let session = ModelFixtures.session()
    let p99 = session.execute("latency.p99 -> ms").plainOutput
    #expect(p99.hasPrefix("87.") && p99.hasSuffix(" ms"), "\(p99)")
    let held = session.execute("expect latency.p99 < 100 ms")
    #expect(held.plainOutput.hasPrefix("held"), "\(held.plainOutput)")
    #expect(session.execute("set cdn.hit_rate = 50%").succeeded)
    let broken = session.execute("expect latency.p99 < 100 ms")
    #expect(broken.plainOutput.hasPrefix("broken"), "\(broken.plainOutput)")
    let typo = session.execute("expect latency.p98 < 100 ms")
    #expect(
      typo.diagnostic?.headline.contains("latency.p99") == true,
      "\(typo.plainOutput)")
  }
}
