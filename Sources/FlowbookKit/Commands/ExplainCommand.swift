/// `explain METRIC`: how a registered metric is derived, with the source of every input.
enum ExplainCommand {
  static let usage = "explain METRIC [--json]"

  static let command = Command(
    name: "explain",
    synopsis: usage,
    summary: "derive a metric: its formula, each input with its source, the steps",
    discussion: """
      METRIC is any metric diff lists (latency.p99, cost.monthly, capacity.max_rate, \
      cache.origin_rate, queue.peak_depth, failover.rto…) or a text metric \
      (capacity.first_limit, cost.unpriced); a name one analysis alone uses may be \
      written alone (p99). Each input is shown with its source: the comment beside it in \
      the model file (a seed line, an AWS page, "assumed: …"), "set in this session", or \
      a price or quota's AWS page with its as-of date. The steps are computed by the \
      analysis that computes the metric, so the last line is the value diff, sweep and \
      expect read. --json prints the derivation as one JSON document (numbers in base \
      units); flowbook --json gives the same document.
      """,
    example: "explain latency.p99\nexplain cost.monthly\nexplain capacity.first_limit",
    completion: .words(
      AnalysisRegistry.standard.metricNames + AnalysisRegistry.standard.textMetricNames),
    run: { arguments, session in
      guard let (name, span) = arguments.word() else {
        throw Diagnostic(
          "expected a metric to explain, such as latency.p99 (diff lists them all)",
          span: arguments.restSpan, notes: ["usage: \(usage)"])
      }
      let json = arguments.takeFlag("json")
      try arguments.expectEnd(usage: usage)
      let model = try session.workspace.requireModel()
      let explanation: MetricExplanation
      do {
        explanation = try MetricExplainer.explain(name, model: model)
      } catch {
        let found = Diagnostic.from(error)
        throw Diagnostic(
          found.message, span: span, notes: found.notes, suggestions: found.suggestions)
      }
      var result = explanation.result
      if json {
        result.blocks = [.text(Markup(explanation.json.serialized(indent: 2)))]
      }
      return result
    })
}
