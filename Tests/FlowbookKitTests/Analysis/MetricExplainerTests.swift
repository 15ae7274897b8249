import Foundation
import Quantities
import Testing

@testable import FlowbookKit

/// `explain`: every registered metric has a derivation whose value is the metric's value.
@Suite struct MetricExplainerTests {
  static func burst() throws -> PathModel {
    try ModelLoader.load(
      file: ModelFixtures.datasets + "/serverless-burst.yaml",
      displayName: "serverless-burst.yaml")
  }

  /// One model, one answer: for every metric the registry evaluates by default, on both
  /// seed models, `explain` reaches the same value, or fails when the analysis fails.
  @Test(arguments: ["golden", "burst"])
  func everyMetricsExplanationReachesItsValue(_ which: String) throws {
    let model = which == "golden" ? try ModelFixtures.golden() : try Self.burst()
    let registry = AnalysisRegistry.standard
    var explained = 0
    // Availability runs only when named (not in every `diff`), but is explained the same way.
    for analysis in registry.analyses
    where analysis.evaluatedByDefault || analysis.name == "availability" {
      let values = registry.evaluate(analysis, on: model)
      for metric in analysis.metrics {
        let name = "\(analysis.name).\(metric.name)"
        switch values {
        case .success(let (numbers, _)):
          let expected = try #require(numbers.first { $0.name == name }).value
          let explanation = try MetricExplainer.explain(name, model: model)
          let value = try #require(explanation.value, "\(name) on \(which) has no value")
          #expect(value.value == expected.value, "\(name) on \(which)")
          #expect(value.dimension == expected.dimension, "\(name) on \(which)")
          #expect(!explanation.formula.isEmpty, "\(name) has no formula")
          #expect(!explanation.steps.isEmpty, "\(name) has no steps")
          #expect(!explanation.inputs.isEmpty, "\(name) has no inputs")
          explained += 1
        case .failure:
          #expect(throws: Diagnostic.self, "\(name) on \(which) explained a failing metric") {
            try MetricExplainer.explain(name, model: model)
          }
        }
      }
      if case .success(let (_, texts)) = values {
        for text in texts {
          let explanation = try MetricExplainer.explain(text.name, model: model)
          #expect(explanation.text == text.value, "\(text.name) on \(which)")
        }
      }
    }
    #expect(explained >= 20, "only \(explained) metrics explained on \(which)")
  }

  @Test func everyAnalysisHasAnExplainer() {
    for analysis in AnalysisRegistry.standard.analyses {
      #expect(MetricExplainer.explained.contains(analysis.name), "\(analysis.name)")
    }
  }

  /// The steps are the arithmetic: the routes' mixture reaches 99 % at the p99, and the
  /// bill's lines add up to the month.
  @Test func stepsAddUpToTheValue() throws {
    let model = try ModelFixtures.golden()
    let p99 = try MetricExplainer.explain("latency.p99", model: model)
    let mixture = try #require(p99.steps.first { $0.name.hasPrefix("Σ share") }?.number)
    #expect(abs(mixture - 0.99) < 0.002, "mixture at p99: \(mixture)")
    let monthly = try MetricExplainer.explain("cost.monthly", model: model)
    let lines = monthly.steps.filter { $0.name.contains(" · ") }.compactMap(\.number)
    let total = try #require(monthly.value).value * UnitTable.monthSeconds
    #expect(abs(lines.reduce(0, +) - total) <= 1e-9 * total, "lines \(lines) vs \(total)")
    let maxRate = try MetricExplainer.explain("capacity.max_rate", model: model)
    let lowest = maxRate.steps.dropLast().compactMap(\.number).min() ?? 0
    let value = try #require(maxRate.value).value
    #expect(abs(lowest - value) <= 1e-6 * value, "lowest break \(lowest) vs \(value)")
  }

  /// The issue's acceptance: at least three lines naming sources.
  @Test(arguments: ["latency.p99", "cost.monthly"])
  func explainPrintsSourcedDerivation(_ metric: String) throws {
    let session = ModelFixtures.session()
    let cell = session.execute("explain \(metric)")
    #expect(cell.succeeded, "\(cell.plainOutput)")
    let lines = cell.plainOutput.split(separator: "\n")
    let sourced = lines.filter {
      $0.contains("seed line") || $0.contains("https://") || $0.contains("assumed")
        || $0.contains("calibrated")
    }
    #expect(sourced.count >= 3, "\(cell.plainOutput)")
    #expect(cell.plainOutput.contains("formula: "), "\(cell.plainOutput)")
    #expect(lines.last?.hasPrefix("\(metric) = ") == true, "\(cell.plainOutput)")
    if metric == "cost.monthly" {
      #expect(cell.plainOutput.contains("as of 20"), "\(cell.plainOutput)")
    }
  }

  @Test func explainFollowsSet() throws {
    let session = ModelFixtures.session()
    #expect(session.execute("set cdn.hit_rate = 80%").succeeded)
    let output = session.execute("explain cache.origin_rate").plainOutput
    #expect(output.contains("cdn.hit_rate"), "\(output)")
    #expect(output.contains("set in this session"), "\(output)")
    let value = try AnalysisRegistry.standard.evaluate(
      ["cache.origin_rate"], session.workspace.requireModel())[0].value
    #expect(output.contains("cache.origin_rate = \(DiffCommand.format(value))"), "\(output)")
  }

  @Test func explainJSONCarriesTheValueInBaseUnits() throws {
    let session = ModelFixtures.session()
    let cell = session.execute("explain latency.p99 --json")
    guard case .success(let result) = cell.outcome else {
      Issue.record("explain failed: \(cell.plainOutput)")
      return
    }
    guard case .number(let value)? = result.data["value"] else {
      Issue.record("no value in \(result.data)")
      return
    }
    let expected = try AnalysisRegistry.standard.evaluate(
      ["latency.p99"], session.workspace.requireModel())[0].value.value
    #expect(value == expected)
    #expect(cell.plainOutput.contains("\"inputs\""), "\(cell.plainOutput)")
    #expect(result.data["unit"] == .string("s"))
  }

  @Test func textMetricIsExplained() throws {
    let output = ModelFixtures.session().execute("explain capacity.first_limit").plainOutput
    #expect(output.contains("capacity.first_limit = \"cdn.bandwidth\""), "\(output)")
    #expect(output.contains("cloudfront-limits.html"), "\(output)")
  }

  @Test func badInputGetsAnErrorWithAPlace() throws {
    let session = ModelFixtures.session()
    let unknown = session.execute("explain latency.p98")
    #expect(unknown.diagnostic?.message.contains("no metric named 'latency.p98'") == true)
    #expect(unknown.diagnostic?.suggestions.contains("latency.p99") == true)
    #expect(unknown.diagnostic?.span != nil)
    let missing = session.execute("explain")
    #expect(missing.diagnostic?.message.contains("expected a metric") == true)
    let extra = session.execute("explain latency.p99 now")
    #expect(extra.diagnostic != nil)
    let noRun = session.execute("explain simulate.ok")
    #expect(noRun.diagnostic?.message.hasPrefix("simulate: ") == true, "\(noRun.plainOutput)")
  }

  /// `simulate.*` explains the last run, with the value the registry re-runs.
  @Test func simulationMetricIsExplained() throws {
    let session = ModelFixtures.session()
    #expect(session.execute("simulate 2 s rate 2k rps seed 3").succeeded)
    let model = try session.workspace.requireModel()
    let explanation = try MetricExplainer.explain("simulate.ok", model: model)
    let expected = try AnalysisRegistry.standard.evaluate(["simulate.ok"], model)[0].value
    #expect(explanation.value?.value == expected.value)
    #expect(explanation.steps.contains { $0.name == "arrived" })
  }
}
