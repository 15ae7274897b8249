/// `show series [every W] [COMPONENT]`: the last simulation's time series.
///
/// Reads `Session.simulation.last`; nothing is re-run. Rows are W seconds wide (default:
/// one bucket, usually a second) and, with a component, add the calls it received per
/// second, so a retry storm shows as the calls to the slowed dependency that stay high.
enum ShowSeries {
  static let usage = "show series [every TIME] [COMPONENT]"

  static func result(_ arguments: inout Arguments, session: Session) throws(Diagnostic)
    -> CommandResult
  {
    guard let run = session.simulation.last else {
      throw Diagnostic("no simulation yet: run simulate first, then show series")
    }
    var width = run.result.series.bucketWidth
    if arguments.take("every") {
      let (q, span) = try arguments.quantity(stopAt: Set(run.result.components))
      guard q.dimension == .time, q.value >= run.result.series.bucketWidth else {
        throw Diagnostic(
          "every takes a time of at least one bucket (\(SimulationText.seconds(width)))",
          span: span)
      }
      width = q.value
    }
    var component: String?
    if let (name, span) = arguments.word() {
      guard run.result.components.contains(name) else {
        throw Diagnostic(
          "the last run has no component '\(name)'", span: span,
          suggestions: Suggestion.nearest(to: name, among: run.result.components))
      }
      component = name
    }
    try arguments.expectEnd(usage: usage)
    let table = run.seriesTable(every: width, component: component)
    return .table(table)
  }
}
