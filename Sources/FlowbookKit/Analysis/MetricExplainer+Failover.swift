import Quantities

/// `explain failover.*`: the region-loss timeline, from `FailoverAnalysis.region`, the
/// report the registry's `evaluate` reads.
enum FailoverExplainer {
  static func explain(_ metric: String, _ model: PathModel, _ out: inout MetricExplanation)
    throws(Diagnostic)
  {
    let report = try FailoverAnalysis.region(model)
    let timeline = report.timeline
    if let dns = TrafficAnalysis.first(.dns, in: model) {
      for name in ["health_check_interval", "failure_threshold", "health_checkers", "ttl"] {
        ExplainSource.add(dns, name, model, to: &out)
      }
    }
    if let cdn = TrafficAnalysis.first(.cdn, in: model) {
      for name in ["hit_rate", "ttl"] { ExplainSource.add(cdn, name, model, to: &out) }
    }
    for component in model.components where component["replication_lag"] != nil {
      ExplainSource.add(component, "replication_lag", model, to: &out)
    }
    ExplainSource.addWorkload("rate", model, to: &out)
    out.formula = [
      "detection: the order statistic of uncoordinated checkers' phases — "
        + "(threshold − 1) × interval + timeout at the earliest, a quorum of checkers",
      formula(metric),
    ]
    for event in timeline.events {
      out.step(
        IncidentFormat.offset(event.offset) + " " + event.event,
        IncidentFormat.duration(event.offset), event.offset, event.basis)
    }
    switch metric {
    case "detection":
      out.value = Quantity.seconds(report.detection ?? 0)
    case "rto":
      out.value = Quantity.seconds(timeline.rtoMean)
    case "rto_worst":
      out.value = Quantity.seconds(timeline.rtoWorst)
    case "rpo":
      out.step(
        "replication lag", timeline.rpo.map(IncidentFormat.duration) ?? "none stated",
        timeline.rpo, "the writes of that window may never reach the other region")
      out.value = Quantity.seconds(timeline.rpo ?? 0)
    default:
      let edge = timeline.notes.first { $0.hasPrefix("The CDN keeps answering") }
      out.step(
        "failed requests", IncidentFormat.count(timeline.failedRequests),
        timeline.failedRequests,
        "\(Quantity.perSecond(report.rate).formatted) × (RTO "
          + IncidentFormat.duration(timeline.rtoMean) + " − seconds the edge still serves)")
      if let edge { out.notes.append(edge) }
      out.value = Quantity.count(timeline.failedRequests)
    }
  }

  private static func formula(_ metric: String) -> String {
    switch metric {
    case "detection": return "detection = the mean time until Route 53 marks the region unhealthy"
    case "rto": return "rto = detection + propagation + TTL ÷ 2 (the mean client)"
    case "rto_worst": return "rto_worst = the latest detection + propagation + TTL"
    case "rpo": return "rpo = the replication lag (0 when the model states none)"
    default:
      return "failed_requests = λ × region share × (rto − the time CloudFront's cached "
        + "copies still answer: a copy lasts uniformly up to its TTL)"
    }
  }
}
